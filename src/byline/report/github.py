"""``--format github``: GitHub Actions workflow commands that annotate the pull request.

``::warning file=posts/a.md,line=3,col=5,endLine=3,endColumn=9,title=prose.hedging::msg``.
Suggestions become ``notice`` annotations. Values are escaped as the runner expects.
"""

from __future__ import annotations

from typing import Any

from byline.diagnostics import Diagnostic, Summary
from byline.report.text import summary_line

__all__ = ["render"]

_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
