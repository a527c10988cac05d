"""Text from posts and file names made safe to print: control characters shown, not obeyed.

A post's title, a front matter value or a file name can hold a newline, a carriage return
or an escape sequence. Printed raw, a newline starts a line that a CI runner reads as a
command (GitHub Actions reads ``::add-mask::`` and ``::error::`` on stdout and stderr),
and an escape sequence recolours the terminal, clears it or retitles its window. byline
prints such characters as escapes (``\\n``, ``\\x1b``, ``\\u2028``) instead.

``counted`` writes a count and its noun in agreement, for every message and summary line.
"""

from __future__ import annotations

import re

__all__ = ["counted", "printable", "printable_json"]

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 controls, DEL, C1 controls and the Unicode line and paragraph separators."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LEFT_RAW_BY_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")
"""What ``json.dumps(..., ensure_ascii=False)`` leaves unescaped of ``_CONTROL``."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape: ``a\\nb`` for a newline."""
    return _CONTROL.sub(_escape, text)


def printable_json(text: str) -> str:
    """The JSON ``text`` with the control characters ``json.dumps`` leaves raw (DEL, C1,
    U+2028, U+2029) as ``\\uXXXX`` escapes; the values it decodes to are unchanged."""
    # Outside strings JSON has only ASCII punctuation and white space, so every match is
    # inside a string, where \\uXXXX means the same character.
    return _LEFT_RAW_BY_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun`` agreeing in number: '1 word', '2 words', '1,803 words'."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
