"""Questions about files named by a post's links and images.

``Path.exists()`` and ``Path.is_file()`` answer False for a missing file but raise for
a name the system refuses (``ENAMETOOLONG`` past 255 bytes, among others): a link is
the writer's text, and one such link must read as a missing file, not stop the run for
every post.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["exists", "is_file"]


def exists(path: Path) -> bool:
    """``path.exists()``, False when the system cannot look the name up."""
    try:
        return path.exists()
    except OSError:
        return False


def is_file(path: Path) -> bool:
    """``path.is_file()``, False when the system cannot look the name up."""
    try:
        return path.is_file()
    except OSError:
        return False
