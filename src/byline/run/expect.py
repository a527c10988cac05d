"""Expected output: normalising what a block printed and comparing it with an ``output`` fence.

Terminal output carries noise a reader never sees as text: colour codes, progress bars
redrawn with ``\\r``, trailing spaces, the random path of the work folder. Both sides are
normalised before comparing, and ``...`` in the expected text matches anything (doctest's
ELLIPSIS), so a post can show ``loss=0.4...`` or elide a long listing.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

__all__ = [
    "WORK_PLACEHOLDER",
    "CheckMode",
    "diff",
    "ellipsis_match",
    "first_difference",
    "matches",
    "normalise",
]

CheckMode = Literal["ellipsis", "exact", "none"]

WORK_PLACEHOLDER = "<tmp>"
"""What the work folder's path becomes in captured output."""

ELLIPSIS = "..."

# CSI sequences (colours, cursor moves), OSC sequences (titles, links), lone escapes.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
"""Control characters but tab and newline: a NUL in an ``output`` fence would make the
post a binary file that byline refuses to read."""


def normalise(text: str, work_dirs: tuple[str, ...] = ()) -> str:
    """Text as a reader would see it on screen, with the work folder shown as ``<tmp>``.

    Drops ANSI codes, keeps only what follows the last ``\\r`` of each line (a redrawn
    progress bar ends in its final state), writes the other control characters as
    escapes (``\\x00``, ``\\x07``), strips trailing spaces of every line and trailing
    blank lines.
    """
    text = text.replace("\r\n", "\n")
    for folder in sorted((d for d in work_dirs if d), key=len, reverse=True):
        text = text.replace(folder, WORK_PLACEHOLDER)
    text = _ANSI.sub("", text)
    lines = []
    for raw in text.split("\n"):
        line = _last_redraw(raw) if "\r" in raw else raw
        lines.append(_CONTROL.sub(_escape, line).rstrip())
    return "\n".join(lines).strip("\n")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def _last_redraw(line: str) -> str:
    parts = line.split("\r")
    for part in reversed(parts):
        if part.strip():
            return part
    return ""


def ellipsis_match(expected: str, actual: str) -> bool:
    """True when ``actual`` matches ``expected`` with each ``...`` standing for any text.

    The same linear algorithm as doctest's ``_ellipsis_match``: no regular expressions,
    so a long output cannot make the comparison slow.
    """
    if ELLIPSIS not in expected:
        return expected == actual
    pieces = expected.split(ELLIPSIS)
    start, end = 0, len(actual)
    first, last = pieces[0], pieces[-1]
    if first:
        if not actual.startswith(first):
            return False
        start = len(first)
    if last:
        if not actual.endswith(last):
            return False
        end -= len(last)
    if start > end:
        return False
    for piece in pieces[1:-1]:
        found = actual.find(piece, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def matches(expected: str, actual: str, mode: CheckMode = "ellipsis") -> bool:
    """Whether normalised ``actual`` output satisfies normalised ``expected`` under ``mode``."""
    if mode == "none":
        return True
    if mode == "exact":
        return expected == actual
    return ellipsis_match(expected, actual)


def diff(expected: str, actual: str) -> str:
    """A unified diff from the ``output`` fence to the actual output."""
    lines = difflib.unified_diff(
        expected.split("\n"),
        actual.split("\n"),
        fromfile="expected",
        tofile="actual",
        lineterm="",
    )
    return "\n".join(lines)


def first_difference(expected: str, actual: str) -> tuple[int, str, str]:
    """1-based line of the first differing line, and that line on each side ('' if missing)."""
    want, got = expected.split("\n"), actual.split("\n")
    for n in range(max(len(want), len(got))):
        a = want[n] if n < len(want) else ""
        b = got[n] if n < len(got) else ""
        if a != b and not (ELLIPSIS in a and ellipsis_match(a, b)):
            return n + 1, a, b
    return 1, want[0] if want else "", got[0] if got else ""
