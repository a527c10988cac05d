"""Safe fixes leave a grammatical sentence, or are not offered."""

from __future__ import annotations

import pytest

from byline.checks.fixes import fix_document, unified_diff
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
        # "an" before a consonant sound, "a" before a silent h: the vowel letter misleads
        ("It is an extremely useful tool.", "It is an extremely useful tool."),
        ("It is a very honest answer.", "It is a very honest answer."),
        # two removals side by side would break "a"/"an" agreement: the second waits
        ("It is a really very old car.", "It is a very old car."),
        ("It is really very fast.", "It is fast."),
        # quantities and manner: the word is part of the meaning
        ("There are very few people here.", "There are very few people here."),
        ("It works very well in practice.", "It works very well in practice."),
        ("It was very little work.", "It was very little work."),
        ("There were very many runs.", "There were very many runs."),
        # after a negation the word softens it: "not ready" says something else
        ("It is not quite ready.", "It is not quite ready."),
        ("It is not very fast.", "It is not very fast."),
        ("It doesn't really matter.", "It doesn't really matter."),
        ("It doesn\u2019t really matter.", "It doesn\u2019t really matter."),
        # phrases whose removal leaves an article or "of" behind
        ("It is a bit of a mess.", "It is a bit of a mess."),
        ("We need a little bit of time.", "We need a little bit of time."),
        ("It is a little bit slower.", "It is slower."),
        ("We use pretty much the same setup.", "We use the same setup."),
        # words that are also manner adverbs or terms: flagged, never removed for you
        ("Explain clearly why it fails.", "Explain clearly why it fails."),
        ("The keys are totally ordered.", "The keys are totally ordered."),
        ("The seed is truly random here.", "The seed is truly random here."),
        ("Do not take the name literally here.", "Do not take the name literally here."),
        ("It is basically a cache.", "It is a cache."),
    ],
)
def test_weasel_removal_keeps_the_sentence_grammatical(before: str, after: str) -> None:
    assert fix_document(parse(before, "posts/a.md"), RULES)[0] == after


HEADINGS = build_ruleset(CheckConfig(), only=["format.heading-levels"])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("## A\n\n#### B\n", "## A\n\n### B\n"),
        ("## A\n\n#### B\n\n##### C\n", "## A\n\n### B\n\n#### C\n"),
        # siblings stay siblings: the section moves up as one, it is not nested
        (
            "## A\n\n###### B\n\n###### C\n\n###### D\n\ntext\n",
            "## A\n\n### B\n\n### C\n\n### D\n\ntext\n",
        ),
        (
            "## A\n\n##### B\n\n###### C\n\n##### D\n\n## E\n\n#### F\n",
            "## A\n\n### B\n\n#### C\n\n### D\n\n## E\n\n### F\n",
        ),
        # deeper than byline's passes could reach one step at a time
        (
            "### A\n\n#### B\n\n##### C\n\n###### D\n\n###### E\n",
            "## A\n\n### B\n\n#### C\n\n##### D\n\n##### E\n",
        ),
    ],
)
def test_heading_repair_keeps_the_outline(before: str, after: str) -> None:
    front = "---\ntitle: T\n---\n\n"
    fixed = fix_document(parse(front + before, "posts/a.md"), HEADINGS)[0]
    assert fixed == front + after


@pytest.mark.parametrize("odd", ["\u2028", "\x0c", "\x85", "\x1c"])
def test_a_diff_splits_lines_at_newlines_only(odd: str) -> None:
    """Python's splitlines() also breaks at form feeds and Unicode separators, which
    would print a diff whose lines no patch tool can apply."""
    before = f"a{odd}b\nIt is very fast.\n"
    assert unified_diff("posts/a.md", before, before.replace("very ", "")) == (
        "--- a/posts/a.md\n+++ b/posts/a.md\n@@ -1,2 +1,2 @@\n"
        f" a{odd}b\n-It is very fast.\n+It is fast.\n"
    )


def test_a_diff_of_a_post_without_a_final_newline() -> None:
    before = "x\r\nIt is very fast."
    assert unified_diff("posts/a.md", before, before.replace("very ", "")) == (
        "--- a/posts/a.md\n+++ b/posts/a.md\n@@ -1,2 +1,2 @@\n x\r\n"
        "-It is very fast.\n\\ No newline at end of file\n"
        "+It is fast.\n\\ No newline at end of file\n"
    )


SAFE = build_ruleset(
    CheckConfig(), only=["prose.weasel-words", "format.heading-levels", "format.code-language"]
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a word cut inside a section that moves up: it waits a pass, then both apply
        (
            "## A\n\n#### B\n\nIt is very fast.\n\n#### C\n\nIt is really good.\n",
            "## A\n\n### B\n\nIt is fast.\n\n### C\n\nIt is good.\n",
        ),
        # two cuts in one sentence, side by side and apart
        ("It is really very fast and quite cheap.\n", "It is fast and cheap.\n"),
        # all three kinds, with CRLF line ends and no final newline, which stay
        (
            "## A\r\n\r\n#### B\r\n\r\nIt is very fast.\r\n\r\n```\r\nimport os\r\n```",
            "## A\r\n\r\n### B\r\n\r\nIt is fast.\r\n\r\n```python\r\nimport os\r\n```",
        ),
    ],
)
def test_overlapping_fixes_apply_cleanly(before: str, after: str) -> None:
    front = "---\ntitle: T\n---\n\n"
    fixed = fix_document(parse(front + before, "posts/a.md"), SAFE)[0]
    assert fixed == front + after
    assert fix_document(parse(fixed, "posts/a.md"), SAFE)[0] == fixed
