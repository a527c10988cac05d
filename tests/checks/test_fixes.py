"""Safe fixes leave a grammatical sentence, or are not offered."""

from __future__ import annotations

import pytest

from byline.checks.fixes import fix_document
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse

RULES = build_ruleset(CheckConfig(), only=["prose.weasel-words"])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("It is very fast.", "It is fast."),
        ("Is it really fast?", "Is it fast?"),
        ("It is very much faster.", "It is very much faster."),
        ("Thanks very much.", "Thanks very much."),
        ("It is very much a research project.", "It is very much a research project."),
        ("It is a very, very good idea.", "It is a very, very good idea."),
        ("We were very, really careful.", "We were very, really careful."),
        ("Very few people know this.", "Very few people know this."),
        ("It is an extremely long run.", "It is an extremely long run."),
    ],
)
def test_weasel_removal_keeps_the_sentence_grammatical(before: str, after: str) -> None:
    assert fix_document(parse(before, "posts/a.md"), RULES)[0] == after
