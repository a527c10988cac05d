"""Sentence and paragraph length: the cheapest readability lever a writer has."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from byline.checks.registry import Count, Limit, Settings, Share, at, check, counted
from byline.content.document import Document, Sentence
from byline.diagnostics import Diagnostic
from byline.schema import AtLeast

__all__ = ["ParagraphLengthSettings", "SentenceLengthSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceLengthSettings(Settings):
    max_words: Limit = 50
    """A sentence longer than this is flagged (Microsoft style: 30; real ML posts: 4 % > 45)."""
    long_words: Limit = 25
    """A sentence over this many words counts as long for the post's share."""
    max_long_share: Share = 0.35
    """Flag the post when more than this share of its sentences is long."""
    target_average: Annotated[float, AtLeast(0)] = 20.0
    """The post's average sentence length should stay at or below this (15-20 reads best)."""
    min_sentences: Count = 10
    """Posts with fewer prose sentences get no post-level verdict."""


def _prose_sentences(doc: Document) -> list[Sentence]:
    return [s for p in doc.paragraphs if not p.in_list for s in p.sentences]


@check("prose.sentence-length", severity="warning", scope="sentence")
def sentence_length(doc: Document, settings: SentenceLengthSettings) -> Iterator[Diagnostic]:
    """Long sentences make the reader hold too much at once; split them.

    Each sentence over ``max_words`` is flagged, and the post as a whole when too many
    of its sentences are long. The target average is 15-20 words (Yoast counts a
    sentence over 20 words as long; the Microsoft style guide caps sentences at 30).
    """
    rule, severity = "prose.sentence-length", settings.severity
    sentences = _prose_sentences(doc)
    for s in sentences:
        if s.words > settings.max_words:
            yield at(
                doc,
                s.span.start,
                s.span.end,
                rule,
                severity,
                f"This sentence has {s.words} words. Split it; "
                f"aim for at most {settings.max_words}.",
                data={"words": s.words, "max": settings.max_words},
            )
    if len(sentences) < settings.min_sentences:
        return
    long_ones = [s for s in sentences if s.words > settings.long_words]
    share = len(long_ones) / len(sentences)
    average = sum(s.words for s in sentences) / len(sentences)
    if share > settings.max_long_share and average > settings.target_average:
        first = long_ones[0]
        yield at(
            doc,
            first.span.start,
            first.span.end,
            rule,
            "suggestion",
            f"{share:.0%} of this post's sentences have more than {settings.long_words} words "
            f"(average {average:.1f}). Split the longest; aim for an average of 15-20.",
            data={"share": round(share, 3), "average": round(average, 1)},
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphLengthSettings(Settings):
    max_sentences: Limit = 8
    """More sentences than this in one paragraph is flagged (the brief's ideal is 5 or
    fewer; paragraphs of 6-8 short sentences read fine, and flagging them is noise)."""
    max_words: Limit = 150
    """More words than this is flagged (Yoast: orange over 150, red over 200)."""


@check("prose.paragraph-length", severity="suggestion", scope="paragraph")
def paragraph_length(doc: Document, settings: ParagraphLengthSettings) -> Iterator[Diagnostic]:
    """Long paragraphs look like a wall on screen and hide their point; break them up.

    Readers skim the web. A paragraph should carry one idea in a few sentences
    (Yoast flags paragraphs over 150 words). Lists and block quotes are not judged.
    """
    for p in doc.paragraphs:
        if p.in_list or p.in_quote:
            continue
        count = len(p.sentences)
        if count > settings.max_sentences or p.words > settings.max_words:
            yield at(
                doc,
                p.span.start,
                p.span.end,
                "prose.paragraph-length",
                settings.severity,
                f"This paragraph has {counted(count, 'sentence')} and {p.words} words. Split it "
                f"(at most {settings.max_sentences} sentences, {settings.max_words} words).",
                data={"sentences": count, "words": p.words},
            )
