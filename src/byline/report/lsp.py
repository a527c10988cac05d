"""Diagnostics in the Language Server Protocol's terms: ranges, severities, fixes.

byline counts columns in characters (code points) from 1; LSP counts lines and
columns from 0, in the code units the client and server agreed on at start-up:
UTF-16 (the default), UTF-8 or UTF-32. Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as
in byline's own line index (and the LSP specification).
"""

from __future__ import annotations

from typing import Any

from byline.content.document import Document
from byline.diagnostics import Diagnostic

__all__ = ["SEVERITY", "client_column", "fix_data", "lsp_range"]

SEVERITY = {"error": 1, "warning": 2, "suggestion": 3}
"""byline severity -> LSP ``DiagnosticSeverity`` (Error, Warning, Information)."""


def client_column(line_text: str, column: int, encoding: str) -> int:
    """The 0-based ``column`` (code points into ``line_text``) in ``encoding``'s units."""
    prefix = line_text[:column]
    if encoding == "utf-8":
        return len(prefix.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(prefix)
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def lsp_range(
    doc: Document, d: Diagnostic, encoding: str, *, shift: int = 0
) -> tuple[int, int, int, int]:
    """(start line, start character, end line, end character) of ``d`` in ``doc``.

    ``shift`` characters precede the document's first line in the editor's text (a
    byte order mark that byline dropped).
    """

    def point(line: int, column: int) -> tuple[int, int]:
        n = max(line - 1, 0)
        text = doc.lines.text(n)
        col = max(column - 1, 0)
        if n == 0 and shift:
            text, col = "\ufeff" * shift + text, col + shift
        return n, client_column(text, col, encoding)

    start = point(d.line, d.column)
    end = point(d.end_line, d.end_column)
    return (*start, *end)


def fix_data(d: Diagnostic, doc: Document) -> dict[str, Any] | None:
    """What a quick fix needs later: the edit and the text it replaces (to detect edits)."""
    if d.fix is None:
        return None
    fix = d.fix
    return {
        "start": fix.start,
        "end": fix.end,
        "old": doc.source[fix.start : fix.end],
        "new": fix.replacement,
        "title": fix.description,
    }
