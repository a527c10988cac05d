"""``--format github``: GitHub Actions workflow commands that annotate the pull request.

``::warning file=posts/a.md,line=3,col=5,endLine=3,endColumn=9,title=prose.hedging::msg``.
Suggestions become ``notice`` annotations, and posts byline could not read ``error``
annotations (:func:`error_annotations`). Values are escaped as the runner expects, and
other control characters are shown as escapes: a post cannot end the command's line and
start one of its own (``::add-mask::``), nor send escape sequences to the log.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from byline.diagnostics import Diagnostic, Summary
from byline.errors import BylineError
from byline.printable import printable
from byline.report.text import summary_line

__all__ = ["error_annotations", "render"]

_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _data(value: str) -> str:
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic], summary: Summary, **_: Any) -> str:
    """One workflow command per finding, then the summary as a plain line."""
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        props = (
            f"file={_prop(d.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={_prop(d.rule)}"
        )
        out.append(f"::{_LEVEL[d.severity]} {props}::{_data(d.message)}")
    out.append(summary_line(summary))
    return "\n".join(out) + "\n"


def _annotations(error: BaseException) -> Iterator[str]:
    if not isinstance(error, BylineError):
        yield f"::error::{_data(str(error))}"
    elif error.causes:
        for cause in error.causes:
            yield from _annotations(cause)
    elif len(error.problems) > 1 or error.path is None:
        yield from (f"::error::{_data(problem)}" for problem in error.problems or [str(error)])
    else:
        path = Path(error.path).as_posix() if isinstance(error.path, Path) else error.path
        line = f",line={error.line}" if error.line else ""
        # the message as the plain line shows it: a newline from the post as '\n'
        yield f"::error file={_prop(path)}{line}::{_data(printable(error.message))}"


def error_annotations(errors: Sequence[BaseException]) -> str:
    """One ``::error`` workflow command per problem of ``errors`` (the posts byline could
    not read), each on one line; they take the place of the plain lines on stderr."""
    return "".join(f"{line}\n" for error in errors for line in _annotations(error))
