"""A file cache of pickled values, keyed by the caller, written atomically.

Used for byline's own cache files under ``.byline/`` (parsed documents, check
results): a missing, half-written, damaged or outdated file is a miss, and a
write that fails (read-only folder, full disk) only costs the next run its cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = ["MISS", "by_fields", "cached", "entry_name", "load_pickle", "prune", "source_stamp"]

T = TypeVar("T")
C = TypeVar("C", bound=type)

MISS = object()
"""What ``load_pickle`` returns when there is no usable value."""


def load_pickle(path: Path) -> object:
    """The value pickled in byline's own cache file at ``path``, or ``MISS``.

    Any failure to read it back is a miss: pickle raises almost anything on a damaged or
    foreign file (ValueError, KeyError, UnicodeDecodeError, ModuleNotFoundError, ...), and
    a cache must never stop a command.
    """
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - byline's own cache file
    except Exception:  # every failure is a miss (see above)
        return MISS


def entry_name(name: str) -> str:
    """The cache file name for the thing called ``name`` (a post's path)."""
    return hashlib.sha256(name.encode()).hexdigest() + ".pickle"


def cached(path: Path, key: str, compute: Callable[[], T], *, kind: type | None = None) -> T:
    """The value stored at ``path`` under ``key``, or ``compute()`` stored there for next time.

    The file holds ``(key, value)``; a value stored under another key is a miss and is
    replaced. Files are named after what they are for (a post, by ``entry_name``) and keyed
    by what the value depends on (its content, settings, byline's version), so a post has
    one file however often it changes; named by content, every edit left one behind. With
    ``kind``, a stored value of another type is a miss too.
    """
    found = load_pickle(path)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
        value = found[1]
        if kind is None or isinstance(value, kind):
            return cast(T, value)
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        pass
    return value


def prune(folder: Path, keep: Iterable[str]) -> None:
    """Delete the ``*.pickle`` files of ``folder`` not named in ``keep`` (the entries of
    posts that are gone, and of older layouts). Another process's temporary files are
    left alone; a file that cannot be deleted stays."""
    wanted = set(keep)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith(".pickle") and entry.name not in wanted:
            with contextlib.suppress(OSError):
                Path(entry.path).unlink()


@cache
def source_stamp(*packages: str) -> str:
    """Hash of the size and mtime of every module and data file (word lists, templates) in
    byline's ``packages``.

    Part of cache keys, so that an edited parser, rule or template (in a development
    install, where the version does not change) never serves a stale cached value.
    """
    root = Path(__file__).parent
    stamps = sorted(
        (str(p.relative_to(root)), p.stat().st_mtime_ns, p.stat().st_size)
        for folder in packages
        for p in (root / folder).rglob("*")
        if p.suffix in (".py", ".txt", ".toml")
    )
    return hashlib.sha256(repr(stamps).encode()).hexdigest()


def by_fields(cls: C) -> C:
    """Make the dataclass ``cls`` pickle as a call of its constructor with its fields.

    For a frozen dataclass with slots, ``dataclasses`` restores a pickled object with a
    ``__setstate__`` that calls ``fields()`` and ``object.__setattr__`` for each field in
    Python: reading a cached post (about 200 such objects) back took longer than parsing
    it again. The constructor does the same work in half the time. Every field must be a
    positional argument of ``__init__`` (no ``kw_only``, no ``init=False``).
    """
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"by_fields: {cls.__name__} has fields __init__ does not take in order")
    values = attrgetter(*(f.name for f in fields))

    def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    def reduce_one(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, (values(self),)

    setattr(cls, "__reduce__", reduce_one if len(fields) == 1 else reduce)  # noqa: B010
    return cls
