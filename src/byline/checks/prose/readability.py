"""Flesch reading ease on prose only, reported as a band.

Yoast and Vale count code as words and sentences, which drags the score down for
every technical post (one code block took a sample from 100 to 3). byline scores
the prose sentences only: headings, code, math and tables are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Settings, at, check
from byline.content.document import Document
from byline.diagnostics import Diagnostic
from byline.pickle_cache import by_fields

__all__ = ["BANDS", "Readability", "ReadabilitySettings", "band", "readability", "syllables"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_VOWELS = re.compile(r"[aeiouy]+")
_cache: dict[str, int] = {}

BANDS: tuple[tuple[float, str], ...] = (
    (90, "very easy"),
    (80, "easy"),
    (70, "fairly easy"),
    (60, "okay"),
    (50, "fairly difficult"),
    (30, "difficult"),
    (float("-inf"), "very difficult"),
)
"""Yoast Insights' bands of the Flesch reading ease score."""


def syllables(word: str) -> int:
    """Estimated syllables of an English word (vowel groups, a silent final e)."""
    count = _cache.get(word)
    if count is not None:
        return count
    w = word.lower()
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    count = max(1, count)
    if len(_cache) < 200_000:
        _cache[word] = count
    return count


@by_fields
@dataclass(frozen=True, slots=True)
class Readability:
    """Counts behind the Flesch reading ease of some prose."""

    words: int
    sentences: int
    syllables: int

    @property
    def score(self) -> float | None:
        """206.835 - 1.015 words/sentence - 84.6 syllables/word, clamped to 0-100."""
        if self.words <= 10 or not self.sentences:
            return None
        raw = 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words
        return max(0.0, min(100.0, raw))

    def __add__(self, other: Readability) -> Readability:
        return Readability(
            self.words + other.words,
            self.sentences + other.sentences,
            self.syllables + other.syllables,
        )


_last: list[tuple[Document, Readability]] = []


def readability(doc: Document) -> Readability:
    """The counts of ``doc``'s prose sentences (list items and quotes included).

    Remembered for the last document, which the rule and the summary both ask about.
    """
    if _last and _last[0][0] is doc:
        return _last[0][1]
    result = _count(doc)
    _last[:] = [(doc, result)]
    return result


def _count(doc: Document) -> Readability:
    words = sentences = 0
    seen: Counter[str] = Counter()  # syllables are counted once per distinct word
    for paragraph in doc.paragraphs:
        tokens = _WORD.findall(paragraph.text)
        if not tokens:
            continue
        sentences += len(paragraph.sentences)
        words += len(tokens)
        seen.update(tokens)
    return Readability(words, sentences, sum(syllables(w) * n for w, n in seen.items()))


def band(score: float | None) -> str:
    """The band name of a score ('' when there is too little prose to score)."""
    if score is None:
        return ""
    return next(name for floor, name in BANDS if score >= floor)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadabilitySettings(Settings):
    min_score: float = 30.0
    """Flag a post scoring below this (real ML posts: median 40, p10 26)."""


@check("prose.readability", severity="suggestion", scope="post")
def readability_check(doc: Document, settings: ReadabilitySettings) -> Iterator[Diagnostic]:
    """Dense prose costs the reader effort on every line; shorter words and sentences help.

    Flesch reading ease of the prose only, in Yoast's bands (under 30: very difficult).
    Technical posts score lower than general writing, so only the hardest are flagged.
    """
    counts = readability(doc)
    score = counts.score
    if score is None or score >= settings.min_score or not doc.paragraphs:
        return
    first = doc.paragraphs[0]
    yield at(
        doc,
        first.span.start,
        first.span.start,
        "prose.readability",
        settings.severity,
        f"Reading ease is {score:.0f} ({band(score)}). Use shorter sentences and plainer "
        f"words to reach at least {settings.min_score:.0f}.",
        data={"score": round(score, 1), "band": band(score)},
    )
