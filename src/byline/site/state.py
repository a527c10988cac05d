"""What the last build knew, kept in ``.byline/cache/site/`` so the next build does only new work.

For each post: the file's size and mtime, its ``PostMeta``, and what its rendered body
depended on (links to other posts, image files). For each output file: the fingerprint
of what was drawn on it. A rebuild compares, and renders and writes only differences.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from byline.site.images import ImageJob
from byline.site.model import PostMeta

__all__ = ["RENDER_VERSION", "BuildState", "PostState", "load_state", "save_state"]

RENDER_VERSION = "site-1"
"""Bumped when the body renderer's output changes, so cached bodies are redone."""


@dataclass(slots=True)
class PostState:
    """One post as of the last build."""

    stat: tuple[int, int]
    """(size, mtime_ns) of the file."""
    meta: PostMeta
    body_key: str = ""
    """Cache file stem of the rendered body; '' when not rendered."""
    link_deps: dict[str, str | None] = field(default_factory=dict)
    image_deps: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    """Image file -> (size, mtime_ns), or None when it was missing."""
    features: frozenset[str] = frozenset()
    warnings: tuple[tuple[int, str], ...] = ()
    images: tuple[ImageJob, ...] = ()
    copies: dict[str, Path] = field(default_factory=dict)


@dataclass(slots=True)
class BuildState:
    """Everything a rebuild compares against."""

    settings: str = ""
    """Hash of config, theme, drafts flag and byline version; a change redraws every page."""
    posts: dict[str, PostState] = field(default_factory=dict)
    """By source path (``posts/x.md``)."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Output file (relative) -> fingerprint of its content."""
    visible: tuple[str, ...] = ()
    """Sources of the posts that were on the site."""


def state_file(cache: Path, out: Path, drafts: bool) -> Path:
    """One state per output folder and drafts flag."""
    key = hashlib.sha256(f"{out.resolve()}\0{drafts}".encode()).hexdigest()[:12]
    return cache / f"state-{key}.pickle"


def load_state(path: Path) -> BuildState:
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)  # noqa: S301 - our own cache file
        if isinstance(state, BuildState):
            return state
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
        pass
    return BuildState()


def save_state(path: Path, state: BuildState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)
