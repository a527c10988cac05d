"""Precision on real posts and recall on planted defects.

The prose rules together must stay under 3 flags per 1,000 words on the shared corpus
of published ML posts (write-good gives ~30, proselint ~13 on such text), while every
planted defect in ``fixtures/planted.md`` is caught.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from byline.checks.engine import check_document
from byline.checks.registry import load_rules
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse
from tests.conftest import corpus_files

FIXTURES = Path(__file__).parent / "fixtures"
PROSE_LIMIT_PER_1000 = 3.0
# Rules that judge post metadata do not apply to the corpus (not byline posts).
CORPUS_SKIP = [r.id for r in load_rules().values() if r.front_matter]


@pytest.mark.skipif(not corpus_files(), reason="shared corpus not available")
def test_prose_rules_stay_quiet_on_published_posts() -> None:
    rules = build_ruleset(CheckConfig(), skip=CORPUS_SKIP)
    counts: Counter[str] = Counter()
    words = 0
    for path in corpus_files():
        doc = parse(path.read_text("utf-8"), path.name)
        words += doc.words
        counts.update(d.rule for d in check_document(doc, rules, rules.ids).diagnostics)
    prose = sum(n for rule, n in counts.items() if rule.startswith("prose."))
    assert prose / words * 1000 < PROSE_LIMIT_PER_1000, counts
    assert counts["spelling.typo"] / words * 1000 < 0.5, counts


def test_every_planted_defect_is_caught() -> None:
    text = (FIXTURES / "planted.md").read_text("utf-8")
    doc = parse(text, "posts/planted.md")
    rules = build_ruleset(CheckConfig())
    found = {(d.rule, d.line) for d in check_document(doc, rules, rules.ids).diagnostics}
    expected = {
        (m.group(1), text.count("\n", 0, m.start()) + 1)
        for m in re.finditer(r"<!-- expect (\S+) -->", text)
    }
    # a marker on its own line refers to the block just above it
    expected = {
        (rule, line - 4) if rule == "format.code-language" else (rule, line)
        for rule, line in expected
    }
    assert expected - found == set()
    post_level = {rule for rule, _ in found}
    for rule in (
        "structure.title-promise",
        "structure.hook",
        "structure.limitations",
        "structure.conclusion",
        "structure.thesis",
        "seo.slug",
        "seo.meta-description",
        "seo.stale",
        "seo.title-keyword",
    ):
        assert rule in post_level, rule
