"""What every command shares: finding the blog, printing, JSON output, exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from byline.errors import BylineError
from byline.printable import printable, printable_json

if TYPE_CHECKING:
    from rich.console import Console

    from byline.content.blog import Blog

__all__ = ["ExitCode", "console", "err_console", "open_blog", "print_json", "report_errors"]


class ExitCode(IntEnum):
    """The process exit status of every command."""

    OK = 0
    FINDINGS = 1
    """Errors found (or warnings with ``--strict``)."""
    USAGE = 2
    """A usage or input error: bad arguments, an unreadable file, invalid config."""


class _LazyConsole:
    """A Rich console made on first use: importing Rich costs ~40 ms, and the commands
    that write plain reports (``check``, ``run``, ``links``) mostly never print through it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


# Neither console reads markup ('[bold]') or emoji codes (':smile:'): what byline prints
# holds titles, notes and paths the user wrote, which must show as written.
_PLAIN = {"highlight": False, "soft_wrap": True, "markup": False, "emoji": False}
console = cast("Console", _LazyConsole(**_PLAIN))
err_console = cast("Console", _LazyConsole(stderr=True, **_PLAIN))


def open_blog(path: Path | None = None) -> Blog:
    """The blog at or above ``path`` (default: the current folder)."""
    from byline.content.blog import Blog  # not at import: ``byline --help`` needs none of it

    return Blog.find(path)


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout (never through Rich markup)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(printable_json(text) + "\n")


def report_errors(errors: Sequence[BaseException]) -> None:
    """Print one line per problem on stderr (files that could not be read or parsed)."""
    for error in errors:
        # A BylineError's text is already escaped, one problem per line; escaping it again
        # would join several problems into one line with a literal '\n'.
        text = str(error) if isinstance(error, BylineError) else printable(str(error))
        err_console.print(text, markup=False)
