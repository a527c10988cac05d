"""The phrase matcher: its paragraph filter never hides a match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from byline.checks.wordlists import effective, phrase_list, sentence_matches, wordlist
from byline.content.parse import parse

LISTS = ["hedging", "weasel", "vague_claims", "throat_clearing"]
PHRASES = [effective(wordlist(name), (), ()) for name in LISTS]
WORDS = sorted(
    {w for phrases in PHRASES for p in phrases if not p.startswith("re:") for w in p.split()}
)
WHOLE = [p for phrases in PHRASES for p in phrases if not p.startswith("re:")]
FRAGMENTS = [
    *WHOLE,
    *WORDS,
    "I",
    "It",
    "In",
    "I’m",
    "don't",
    "-",
    ",",
    ".",
    "!",
    "  ",
    " ",
    " ",
    " ",
    "x",
    "\n\n",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join)


def every_match(text: str, index: int) -> list[tuple[str, int, str]]:
    doc = parse(text)
    pattern = phrase_list(PHRASES[index]).pattern
    return [
        (s.text, m.start(), m.group())
        for p in doc.paragraphs
        for s in p.sentences
        for m in pattern.finditer(s.text)
    ]


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(0, len(LISTS) - 1))
def test_the_filter_keeps_every_paragraph_with_a_match(text: str, index: int) -> None:
    doc = parse(text)
    found = [
        (s.text, m.start(), m.group())
        for s, m in sentence_matches(doc, phrase_list(PHRASES[index]))
    ]
    assert found == every_match(text, index)


def test_a_paragraph_needs_every_word_of_a_phrase() -> None:
    hedges = phrase_list(PHRASES[0])
    doc = parse("It works.\n\nIt could be faster.\n\nIn my view, it is fine.\n")
    assert [p.text for p in hedges.paragraphs(doc)] == ["It could be faster."]
