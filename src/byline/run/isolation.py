"""Best-effort isolation of a post's code: work folder, environment, network.

This is not a sandbox. It makes a post's run repeatable (fresh folder, fixed time zone,
no stray variables) and keeps CI off the network where the platform allows it:
``unshare --net`` gives the child a network namespace with no interfaces; where that is
not permitted, proxies point at a dead loopback port and the common ML hubs are told
they are offline, which well-behaved clients honour.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ALLOWED_ENV",
    "Isolation",
    "build_env",
    "copy_files",
    "expand_files",
    "network_prefix",
]

ALLOWED_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "VIRTUAL_ENV", "CONDA_PREFIX")
"""Variables passed through from byline's own environment (when set)."""

FIXED_ENV = {
    "TZ": "UTC",
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "NO_COLOR": "1",
    "TERM": "dumb",
}

DEAD_PROXY = "http://127.0.0.1:9"
"""The discard port: connections fail at once instead of hanging."""

OFFLINE_ENV = {
    "HTTP_PROXY": DEAD_PROXY,
    "HTTPS_PROXY": DEAD_PROXY,
    "ALL_PROXY": DEAD_PROXY,
    "http_proxy": DEAD_PROXY,
    "https_proxy": DEAD_PROXY,
    "all_proxy": DEAD_PROXY,
    "NO_PROXY": "",
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PIP_NO_INDEX": "1",
}


@dataclass(frozen=True, slots=True)
class Isolation:
    """How every child of one run is started."""

    offline: bool
    pass_env: tuple[str, ...] = ()
    """Extra variable names from ``[run] env``."""


def build_env(
    work: Path, isolation: Isolation, post_env: Iterable[str], source: Mapping[str, str]
) -> dict[str, str]:
    """The whole environment of a post's children; names the post declares pass through."""
    env = {name: source[name] for name in ALLOWED_ENV if name in source}
    env.setdefault("PATH", os.defpath)
    env.setdefault("LANG", "C.UTF-8")
    env.update(FIXED_ENV)
    env["HOME"] = str(work)
    if isolation.offline:
        env.update(OFFLINE_ENV)
    for name in (*isolation.pass_env, *post_env):
        if name in source:
            env[name] = source[name]
    return env


@functools.cache
def network_prefix() -> tuple[str, ...] | None:
    """The command prefix that cuts the network, or None where it is not permitted here."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    for prefix in ((unshare, "--net"), (unshare, "--map-root-user", "--net")):
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return None


def expand_files(root: Path, patterns: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files matched by front matter ``files:`` patterns (relative to the blog root).

    Returns the files and the patterns that matched nothing. A pattern that is absolute
    or climbs out of the blog (``..``) matches nothing: a post's code sees the blog's
    files only (a link the writer put in the blog is theirs to follow).
    """
    found: list[Path] = []
    missing: list[str] = []
    for pattern in patterns:
        inside = pattern and not Path(pattern).is_absolute() and ".." not in Path(pattern).parts
        hits = sorted(root.glob(pattern)) if inside else []
        files = [p for p in hits if p.is_file()]
        for folder in (p for p in hits if p.is_dir()):
            files += sorted(f for f in folder.rglob("*") if f.is_file())
        if not files:
            missing.append(pattern)
        found += files
    return sorted(set(found)), missing


def copy_files(root: Path, files: Iterable[Path], work: Path) -> None:
    """Copy declared data files into the work folder at their blog-relative paths."""
    for file in files:
        try:
            relative = file.resolve().relative_to(root.resolve())
        except ValueError:
            relative = Path(file.name)
        target = work / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)
