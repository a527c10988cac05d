"""For any text, findings lie inside the file and word findings slice to their word."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.checks.engine import check_document
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse

RULES = build_ruleset(CheckConfig())
WORDS = [
    "very",
    "I think",
    "maybe",
    "faster",
    "recieve",
    "`code`",
    "**bold**",
    "KD",
    "the",
    "model",
    "\n",
    "\n\n",
    "# H",
    "- item",
    "[here](https://x.io)",
    ".",
    ",",
    "GPU",
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_spans_inside_file_and_slice_to_the_word(parts: list[str]) -> None:
    text = " ".join(parts)
    doc = parse(text, "posts/p.md")
    lines = text.split("\n")
    for d in check_document(doc, RULES, RULES.ids).diagnostics:
        assert 1 <= d.line <= d.end_line <= len(lines)
        if (
            d.rule in ("prose.weasel-words", "prose.hedging", "spelling.typo")
            and d.line == d.end_line
        ):
            flagged = lines[d.line - 1][d.column - 1 : d.end_column - 1]
            assert flagged.lower() in d.message.lower(), (flagged, d.message)
        if d.fix is not None:
            assert 0 <= d.fix.start <= d.fix.end <= len(text)
