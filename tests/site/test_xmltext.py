"""Our XML escaping gives what xml.sax.saxutils gives (feeds and sitemaps stay valid)."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

import pytest

from byline.site.xmltext import escape, quoteattr

SAMPLES = ["plain", "a & b < c > d", 'say "hi"', "it's", "tab\tnew\nline\rret", "&amp;", ""]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_matches_saxutils(text: str) -> None:
    assert escape(text) == sax_escape(text)


@pytest.mark.parametrize("text", [s for s in SAMPLES if '"' not in s])
def test_quoteattr_matches_saxutils(text: str) -> None:
    assert quoteattr(text) == sax_quoteattr(text)


def test_quoteattr_always_uses_double_quotes() -> None:
    """saxutils switches to single quotes for a value with a double quote; both are valid."""
    assert quoteattr('say "hi"') == '"say &quot;hi&quot;"'
