"""A file cache of pickled values, keyed by the caller, written atomically.

Used for byline's own cache files under ``.byline/`` (parsed documents, check
results): a missing, half-written or outdated file is treated as a miss, and a
write that fails (read-only folder, full disk) only costs the next run its cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

__all__ = ["cached", "source_stamp"]

T = TypeVar("T")

_MISS = (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError)


def cached(path: Path, compute: Callable[[], T]) -> T:
    """The value pickled at ``path``, or ``compute()`` stored there for next time."""
    try:
        with path.open("rb") as handle:
            return cast(T, pickle.load(handle))  # noqa: S301 - byline's own cache file
    except _MISS:
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        pass
    return value


@cache
def source_stamp(*packages: str) -> str:
    """Hash of the size and mtime of every module and word list in byline's ``packages``.

    Part of cache keys, so that an edited parser or rule (in a development install, where
    the version does not change) never serves a stale cached value.
    """
    root = Path(__file__).parent
    stamps = sorted(
        (str(p.relative_to(root)), p.stat().st_mtime_ns, p.stat().st_size)
        for folder in packages
        for p in (root / folder).rglob("*")
        if p.suffix in (".py", ".txt")
    )
    return hashlib.sha256(repr(stamps).encode()).hexdigest()
