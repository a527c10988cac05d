"""What the last build knew, kept in ``.byline/cache/site/`` so the next build does only new work.

For each post: the file's size and mtime, its ``PostMeta``, and what its rendered body
depended on (links to other posts, image files). For each output file: the fingerprint
of what was drawn on it. A rebuild compares, and renders and writes only differences.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from byline.pickle_cache import load_pickle
from byline.site.images import ImageJob
from byline.site.model import PostMeta
from byline.site.pages import RelatedMemo

__all__ = [
    "RENDER_VERSION",
    "BuildState",
    "PostState",
    "code_key",
    "load_state",
    "save_state",
]

RENDER_VERSION = "site-1"
"""Bumped when the body renderer's output changes, so cached bodies are redone."""

_PACKAGES = ("byline.site", "byline.content")
"""Packages whose code shapes a rendered body or page."""
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "pyromark",
    "pygments",
    "latex2mathml",
    "jinja2",
)


@cache
def code_key() -> str:
    """Hash of the code that renders pages: byline's parser and site modules, library versions.

    Part of every body's cache key and of the build settings, so a change to the renderer
    (a fix, an upgrade) redraws what it changed even when ``RENDER_VERSION`` was not
    bumped: an earlier fix never reached pages whose bodies came from the cache.
    """
    import importlib

    digest = hashlib.sha256(RENDER_VERSION.encode())
    for name in _PACKAGES:
        module = importlib.import_module(name)
        for folder in module.__path__:
            for path in sorted(Path(folder).glob("*.py")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none\0".encode())
    return digest.hexdigest()


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
    renderer: str = ""
    """What rendered the cached bodies (``code_key`` and the diagram renderer)."""
    related: RelatedMemo = field(default_factory=RelatedMemo)
    """Related posts as last worked out."""
    feed_day: dt.date | None = None
    """The day the feeds showed for an undated post or an empty feed; None if they showed none."""


def state_file(cache: Path, out: Path) -> Path:
    """One state per output folder: a build with or without ``--drafts`` into the same
    folder knows (and removes) what the other wrote there."""
    key = hashlib.sha256(f"{out.resolve()}".encode()).hexdigest()[:12]
    return cache / f"state-{key}.pickle"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (the collector's setting is restored after).

    Unpickling a 1,000-post state makes some 100,000 objects, none of them garbage (the
    state holds no reference cycles, so refcounting frees it when it is replaced); with
    Python's default thresholds the collector ran over the growing heap again and again
    while they were made.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_state(path: Path) -> BuildState:
    """The last build's state, or an empty one when the file is missing or unusable."""
    with _collector_paused():
        state = load_pickle(path)  # any failure to read it back is a miss
    if not isinstance(state, BuildState):
        return BuildState()
    if not hasattr(state, "renderer"):  # written before the field existed
        state.renderer = ""
    if not hasattr(state, "related"):
        state.related = RelatedMemo()
    if not hasattr(state, "feed_day"):
        state.feed_day = None
    return state


def save_state(path: Path, state: BuildState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)
