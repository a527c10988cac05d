"""LSP columns: code points to the code units the editor and server agreed on."""

from __future__ import annotations

import pytest

from byline.content.parse import parse
from byline.diagnostics import Diagnostic
from byline.report.lsp import client_column, lsp_range

LINE = "a\U0001f680é b"  # rocket: 1 code point, 2 UTF-16 units, 4 UTF-8 bytes; é: 2 bytes


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", [0, 1, 3, 4, 5]), ("utf-8", [0, 1, 5, 7, 8]), ("utf-32", [0, 1, 2, 3, 4])],
)
def test_client_column(encoding: str, expected: list[int]) -> None:
    assert [client_column(LINE, c, encoding) for c in range(5)] == expected


def test_range_of_a_diagnostic_after_a_bom_and_crlf() -> None:
    doc = parse("Title line\r\n\r\nSome \U0001f680 very text\r\n", "p.md")
    d = Diagnostic("p.md", 3, 8, 3, 12, "prose.weasel-words", "suggestion", "m")
    assert doc.source.splitlines()[2][7:11] == "very"
    assert lsp_range(doc, d, "utf-16") == (2, 8, 2, 12)
    assert lsp_range(doc, d, "utf-32") == (2, 7, 2, 11)
    first = Diagnostic("p.md", 1, 1, 1, 6, "x.y", "warning", "m")
    assert lsp_range(doc, first, "utf-16", shift=1) == (0, 1, 0, 6)
