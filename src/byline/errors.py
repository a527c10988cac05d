"""The exceptions byline raises for problems a user can fix.

    BylineError                 anything byline reports as one clear message (exit 2)
    ├── InputError              a file the user wrote is unreadable or invalid (post, image, ...)
    ├── ConfigError             byline.toml is missing or invalid
    └── PublishError            a remote platform refused or failed
        ├── AuthError           401/403: the token is missing or wrong
        ├── RateLimited         429: slow down, retry after a while
        └── RemoteError         5xx, timeouts, unexpected answers

Every message says what is wrong, where (``path:line``) and what to do. The CLI turns
these into one line on stderr and exit code 2, and shows a traceback only with
``--debug``. ``str(error)`` shows control characters from the user's text or file
names as escapes (``\\n``, ``\\x1b``; see ``byline.printable``), so one problem is one
line. ``os_error`` makes the ``InputError`` for a file the system would not let byline
read or write (permissions, a read-only or full disk).
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from byline.printable import printable

__all__ = [
    "AuthError",
    "BylineError",
    "ConfigError",
    "InputError",
    "PublishError",
    "RateLimited",
    "RemoteError",
    "location",
    "not_utf8",
    "os_error",
]


def location(path: Path | str, line: int | None = None) -> str:
    """Format ``path:line`` (or just ``path``) the way every message starts.

    A path that is blank or starts or ends with a space is shown quoted, or it would
    not be seen (``byline check ' '``)."""
    shown = str(path)
    if not shown.strip() or shown != shown.strip():
        shown = repr(shown)
    return f"{shown}:{line}" if line else shown


_CHECK_PERMISSIONS = "Check the permissions of the file and its folder (ls -l), then try again."
_WHAT_TO_DO = {
    errno.EACCES: _CHECK_PERMISSIONS,
    errno.EPERM: _CHECK_PERMISSIONS,
    errno.EROFS: "The disk is read-only: work in a folder you can write to.",
    errno.ENOSPC: "The disk is full: free some space and try again.",
    errno.EDQUOT: "Your disk quota is used up: free some space and try again.",
    errno.ENOTDIR: "A part of the path is a file where a folder should be: move that file aside.",
    errno.EEXIST: "A file is where a folder should be: move it aside.",
    errno.ENOENT: "Check the path, and that its folder exists and can hold files.",
    errno.ELOOP: "A symbolic link on the path leads back to itself: fix or remove it.",
}


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for ``data`` that failed to decode as UTF-8 with ``exc``."""
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return line, (
        f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}). "
        "Save the file as UTF-8."
    )


def os_error(exc: OSError, doing: str, *, path: Path | str | None = None) -> InputError:
    """The ``InputError`` for ``exc``: what byline was ``doing`` (``"read the post"``), what
    the system said (``permission denied``) and what to do; ``path`` defaults to the
    error's own file name."""
    said = (exc.strerror or str(exc)).lower()
    what_to_do = _WHAT_TO_DO.get(exc.errno or 0, "Check the path and its permissions.")
    shown = exc.filename if path is None else path
    return InputError(f"cannot {doing} ({said}). {what_to_do}", path=shown)


class BylineError(Exception):
    """A problem the user can fix; ``str(error)`` is the complete message."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        problems: list[str] | None = None,
        causes: Sequence[BylineError] = (),
    ):
        self.message = message
        self.path = path
        self.line = line
        self.causes = tuple(causes)
        """The separate errors, when several were found at once (each with its line)."""
        self.problems = problems or [str(c) for c in self.causes]
        """Every problem found (each a whole ``path:line: message`` line) when several
        were found at once; ``message`` and ``line`` are then the first."""
        super().__init__(self.format())

    def format(self) -> str:
        """Every problem, one per line; or the message, prefixed with ``path:line:``.

        Control characters inside a problem are shown as escapes, so that text from a post
        or a file name can neither start a line of its own nor drive the terminal.
        """
        if self.problems:
            return "\n".join(printable(problem) for problem in self.problems)
        if self.path is None:
            return printable(self.message)
        return printable(f"{location(self.path, self.line)}: {self.message}")


class InputError(BylineError):
    """A file the user wrote cannot be read or is invalid."""


class ConfigError(BylineError):
    """``byline.toml`` is missing or invalid; may carry several problems at once."""


class PublishError(BylineError):
    """A remote platform refused or failed a request."""


class AuthError(PublishError):
    """The platform rejected the token (401/403)."""


class RateLimited(PublishError):
    """The platform asked us to slow down (429)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class RemoteError(PublishError):
    """A server error, a timeout or an answer byline does not understand."""
