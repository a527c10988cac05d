"""``--format text``: one line per finding, grouped by file, and a summary line.

Each line is ``path:line:col severity rule message`` so editors and terminals can
jump to it. Colour only when asked (the CLI asks when stdout is a terminal). Control
characters in a path or message (a title quoted in it) are shown as escapes: a post
cannot recolour or clear the terminal, or retitle its window.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from byline.diagnostics import Diagnostic, Summary
from byline.printable import counted, printable

__all__ = ["render", "summary_line"]

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"


def summary_line(summary: Summary) -> str:
    """``2 files, 1,234 words: 1 error, 3 warnings, 2 suggestions. Readability: 45 (difficult).``"""
    line = (
        f"{counted(summary.files, 'file')}, {counted(summary.words, 'word')}: "
        f"{counted(summary.errors, 'error')}, {counted(summary.warnings, 'warning')}, "
        f"{counted(summary.suggestions, 'suggestion')}."
    )
    score = summary.extra.get("readability")
    if score is not None:
        line += f" Readability: {score:.0f} ({summary.extra.get('readability_band', '')})."
    return line


def render(
    diagnostics: list[Diagnostic], summary: Summary, *, color: bool = False, **_: Any
) -> str:
    """The whole text report."""
    out: list[str] = []
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    for path, group in groupby(ordered, key=lambda d: d.path):
        if out:
            out.append("")
        shown = printable(path)
        for d in group:
            where, message = f"{shown}:{d.line}:{d.column}", printable(d.message)
            if color:
                sev = f"{_COLOURS[d.severity]}{d.severity}{_RESET}"
                out.append(f"{_BOLD}{where}{_RESET} {sev} {_DIM}{d.rule}{_RESET} {message}")
            else:
                out.append(f"{where} {d.severity} {d.rule} {message}")
    if out:
        out.append("")
    out.append(summary_line(summary))
    return "\n".join(out) + "\n"
