"""Questions about the blog's files that the site and the link checker both ask.

``Path.exists()`` and ``Path.is_file()`` answer False for a missing file but raise for
a name the system refuses (``ENAMETOOLONG`` past 255 bytes, among others): a link is
the writer's text, and one such link must read as a missing file, not stop the run for
every post. ``is_hidden`` says which files of ``static/`` the site leaves out.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["exists", "is_file", "is_hidden"]


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


def is_hidden(relative: str) -> bool:
    """True for a path under ``static/`` that the site leaves out: a hidden file or one in
    a hidden folder (``.env``, ``.git/config``), but ``.well-known/`` (security.txt, ...),
    which is meant for it."""
    return any(part.startswith(".") and part != ".well-known" for part in relative.split("/"))
