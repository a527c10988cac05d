"""The run cache: a session's result keyed by everything that decides it, and frozen entries.

The key covers byline's version, the interpreter, an environment fingerprint (lock and
requirements files in the blog, else the installed packages), the variable names and data
files the post declares (by content), and each block's language, source and execution
options in order. Prose, ``output`` fences, timeouts and display options are not in it:
editing text never re-runs code, editing an expected output only re-compares it.

Entries live in ``.byline/cache/run/<key>.json``; only sessions whose every block ran as
intended are stored. A post with ``freeze: true`` in its front matter also keeps its
entries in ``frozen/<slug>.json``, a file meant to be committed, so a machine without
the GPU or the API key accepts them while the key still matches.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from byline import __version__
from byline.run.plan import Step, Unit
from byline.run.results import UnitResult

__all__ = [
    "ENGINE",
    "LOCK_FILES",
    "RunCache",
    "block_hash",
    "environment_fingerprint",
    "file_digest",
    "unit_key",
]

ENGINE = "byline-python-child/2"
"""Part of every key: raise it when stored results change form (2: control characters
in output kept as escapes)."""
LOCK_FILES = (
    "uv.lock",
    "poetry.lock",
    "Pipfile.lock",
    "pdm.lock",
    "requirements*.txt",
    "environment.yml",
    "pyproject.toml",
)


def _sha(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes ('' when unreadable)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


# The ``name-version.dist-info`` folders on the path name every installed package and its
# version; listing them takes about a millisecond, where reading each package's metadata
# with importlib.metadata took over 100 ms (paid by every ``byline check``).
_LISTING = (
    "import os, sys\n"
    "names = set()\n"
    "for folder in sys.path:\n"
    "    try:\n"
    "        entries = os.listdir(folder or '.')\n"
    "    except OSError:\n"
    "        continue\n"
    "    names.update(e for e in entries if e.endswith(('.dist-info', '.egg-info')))\n"
    "print('\\n'.join(sorted(names)))\n"
)


def _dist_folders(path: list[str]) -> str:
    names: set[str] = set()
    for folder in path:
        try:
            entries = os.listdir(folder or ".")  # noqa: PTH208 - names only, the fastest way
        except OSError:
            continue
        names.update(e for e in entries if e.endswith((".dist-info", ".egg-info")))
    return "\n".join(sorted(names))


@functools.cache
def _installed(python: tuple[str, ...]) -> str:
    """Names and versions of the packages the interpreter sees."""
    if python == (sys.executable,):
        return _dist_folders(sys.path)
    code = _LISTING
    try:
        done = subprocess.run(
            [*python, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    return done.stdout


@functools.cache
def _interpreter(python: tuple[str, ...]) -> str:
    if python == (sys.executable,):
        return f"{sys.implementation.name} {'.'.join(map(str, sys.version_info[:3]))}"
    code = "import sys; print(sys.implementation.name, '.'.join(map(str, sys.version_info[:3])))"
    try:
        done = subprocess.run(
            [*python, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    return done.stdout.strip()


def environment_fingerprint(root: Path, python: tuple[str, ...]) -> str:
    """The interpreter and its packages: lock files when the blog has them, else a listing."""
    locks = sorted({p for pattern in LOCK_FILES for p in root.glob(pattern) if p.is_file()})
    packages = [f"{p.name}:{file_digest(p)}" for p in locks] if locks else [_installed(python)]
    return _sha([ENGINE, __version__, _interpreter(python), packages])


def unit_key(
    unit: Unit, *, fingerprint: str, env_names: Iterable[str], files: Iterable[tuple[str, str]]
) -> str:
    """The cache key of a session; ``files`` are (blog-relative path, digest) pairs."""
    return _sha(
        {
            "fingerprint": fingerprint,
            "env": sorted(set(env_names)),
            "files": sorted(files),
            "standalone": unit.standalone,
            "blocks": [step.identity for step in unit.steps],
        }
    )


def block_hash(step: Step) -> str:
    """Identity of one block's content, for 'never passed at its current content'."""
    return _sha(step.identity)[:32]


class RunCache:
    """Reads and writes cache entries, frozen entries and passed-block markers of a blog."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / ".byline" / "cache" / "run"
        self.frozen_folder = root / "frozen"

    def get(self, key: str) -> UnitResult | None:
        return _load(self.folder / f"{key}.json", key, "cache")

    def put(self, result: UnitResult, steps: Iterable[Step]) -> None:
        """Store a passed session and mark its blocks as passed."""
        _write_json(self.folder / f"{result.key}.json", result.to_dict())
        marks = self.folder / "passed"
        with contextlib.suppress(OSError):
            marks.mkdir(parents=True, exist_ok=True)
            for step in steps:
                (marks / block_hash(step)).touch()

    def passed(self, step: Step) -> bool:
        return (self.folder / "passed" / block_hash(step)).exists()

    def frozen(self, slug: str, key: str) -> UnitResult | None:
        data = _read_json(self.frozen_folder / f"{slug}.json")
        entry = data.get("sessions", {}) if isinstance(data, dict) else {}
        for value in entry.values() if isinstance(entry, dict) else ():
            if isinstance(value, dict) and value.get("key") == key:
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    return UnitResult.from_dict(value, "frozen")
        return None

    def freeze(self, slug: str, results: Iterable[UnitResult]) -> None:
        """Replace the frozen entries of a post with these passed sessions."""
        sessions = {r.session: r.to_dict() for r in results}
        _write_json(self.frozen_folder / f"{slug}.json", {"sessions": sessions}, indent=2)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _load(path: Path, key: str, source: Any) -> UnitResult | None:
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    try:
        return UnitResult.from_dict(data, source)
    except (KeyError, TypeError, ValueError):
        return None


def _write_json(path: Path, data: Any, indent: int | None = None) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(data, indent=indent, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)
