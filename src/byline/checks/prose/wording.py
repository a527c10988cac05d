"""Word choice: weasel words, hedges, vague claims and openings that delay the point.

The phrase lists are data in ``checks/data/`` given to one shared matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from byline.checks.registry import Count, Phrase, Settings, at, check
from byline.checks.wordlists import effective, phrase_list, sentence_matches, wordlist
from byline.content.document import Document, Sentence
from byline.diagnostics import Diagnostic, Fix

__all__ = ["HedgingSettings", "ThroatClearingSettings", "VagueClaimSettings", "WeaselSettings"]

_NUMBER = re.compile(r"\d")
_EXHIBIT = re.compile(r"\b(?:Table|Figure|Fig\.|Chart|Plot)\s*\*{0,2}\d", re.I)
"""A reference to the post's own table or figure ("In Table 4", "Figure 2 plots")."""
_NEXT_WORD = re.compile(r"\s([a-z][\w-]*)")


@dataclass(frozen=True, slots=True, kw_only=True)
class WeaselSettings(Settings):
    words: tuple[Phrase, ...] = field(default_factory=lambda: wordlist("weasel"))
    """Intensifiers and qualifiers that add no information."""
    extra: tuple[Phrase, ...] = ()
    """Words to add to the list (e.g. ``just``, ``simply``, ``several``)."""
    allow: tuple[str, ...] = ()
    """Words to drop from the list."""
    skip_with_numbers: bool = True
    """Do not flag a word when a number sits in its sentence or the next/previous one
    ("extremely long sequences: 1M tokens")."""
    idioms: tuple[Phrase, ...] = (
        "very own",
        "very first",
        "very same",
        "very end",
        "very beginning",
        "quite a few",
        "quite a bit",
        "quite a lot",
    )
    """Fixed phrases that are not intensifiers."""


_KEEP_BEFORE = frozenset({"few", "little", "many", "much", "well", "of"})
"""Next words that make the intensifier part of the meaning ("very few", "very well"),
or that a phrase leaves dangling ("a little bit of time" -> "of time")."""
_NO_FIX = frozenset({"clearly", "totally", "truly", "literally"})
"""Also manner adverbs or parts of terms ("explain clearly", "totally ordered", "truly
random", "take it literally"): flagged, but only the writer can tell which it is."""
_NEGATIONS = frozenset({"not", "never", "no", "cannot", "hardly"})
"""After these the word softens the negation: "not quite ready" is not "not ready"."""


def _removal_fix(doc: Document, sentence: Sentence, match: re.Match[str]) -> Fix | None:
    """Delete the word and one space when the sentence stays grammatical and means the same.

    Only in mid-sentence, before a lower-case word other than "much", "few", "well"...
    ("thanks very much", "very few people"), not after a negation ("not very fast"),
    not after another intensifier and a comma ("very, very good" -> "very, good"), not
    for a phrase that ends in an article ("a bit of a mess" -> "mess"), not where
    removing it would break "a"/"an" agreement ("an extremely useful" -> "an useful"),
    and never for a word that may be a manner adverb or part of a term (``_NO_FIX``).
    """
    text = sentence.text
    if match.start() == 0 or text[match.start() - 1] != " ":
        return None
    if match.group().lower() in _NO_FIX:
        return None
    nxt = _NEXT_WORD.match(text, match.end())
    if nxt is None or nxt.group(1) in _KEEP_BEFORE or match.group().endswith((" a", " an")):
        return None
    before = _word_before(text, match.start()).lower()
    if before.endswith(",") and match.re.fullmatch(before[:-1]):
        return None
    if before in _NEGATIONS or before.endswith(("n't", "n\u2019t")):
        return None
    if not _article_agrees(before, nxt.group(1)):
        return None
    start, end = sentence.source_span(match.start(), match.end() + 1)
    if doc.source[start:end] != text[match.start() : match.end() + 1]:
        return None  # markup or a line break inside: leave it to the writer
    return Fix(start, end, "", f"remove '{match.group()}'")


def _word_before(text: str, at: int) -> str:
    """The word before offset ``at`` of ``text`` (after skipping spaces; '' at the start).

    Looks back through a window that doubles until it holds a space before the word:
    slicing all of ``text[:at]`` per match made a sentence of 20,000 weasel words (a
    pasted log) quadratic.
    """
    window = 64
    while True:
        low = max(0, at - window)
        head = text[low:at].rstrip()
        if low == 0 or " " in head:
            return head.rsplit(" ", 1)[-1]
        window *= 2


def _article_agrees(before: str, word: str) -> bool:
    """Whether "a"/"an" before the removed word still fits ``word``; the letter is only a
    hint of the sound ("an useful", "a honest"), so doubtful starts count as no."""
    if before == "an":
        return word[0] in "aeio" and not word.startswith("one")
    if before == "a":
        return word[0] not in "aeiouh"
    return True


@check("prose.weasel-words", severity="suggestion", scope="sentence")
def weasel_words(doc: Document, settings: WeaselSettings) -> Iterator[Diagnostic]:
    """Intensifiers such as "very" and "really" weaken the claim they decorate.

    "Very fast" says less than "2.3x faster". Delete the word or give the number
    (write-good's weasel list; proselint ``weasel_words.very``).
    """
    phrases = phrase_list(effective(settings.words, settings.extra, settings.allow))
    pattern = phrases.pattern
    idioms = phrase_list(tuple(settings.idioms)).pattern
    for paragraph in phrases.paragraphs(doc):
        for index, sentence in enumerate(paragraph.sentences):
            if settings.skip_with_numbers and _numbers_near(paragraph.sentences, index):
                continue
            covered = [m.span() for m in idioms.finditer(sentence.text)]
            for match in pattern.finditer(sentence.text):
                if not any(a <= match.start() < b for a, b in covered):
                    yield _weasel(doc, sentence, match, settings)


def _numbers_near(sentences: tuple[Sentence, ...], index: int) -> bool:
    return any(_NUMBER.search(s.text) for s in sentences[max(0, index - 1) : index + 2])


def _weasel(
    doc: Document, sentence: Sentence, match: re.Match[str], settings: WeaselSettings
) -> Diagnostic:
    start, end = sentence.source_span(match.start(), match.end())
    word = match.group()
    return at(
        doc,
        start,
        end,
        "prose.weasel-words",
        settings.severity,
        f"'{word}' adds no information. Delete it or give a number.",
        fix=_removal_fix(doc, sentence, match),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class HedgingSettings(Settings):
    phrases: tuple[Phrase, ...] = field(default_factory=lambda: wordlist("hedging"))
    """Phrases that make a claim sound unsure."""
    extra: tuple[Phrase, ...] = ()
    allow: tuple[str, ...] = ()


@check("prose.hedging", severity="warning", scope="sentence")
def hedging(doc: Document, settings: HedgingSettings) -> Iterator[Diagnostic]:
    """Hedges make a claim sound unsure; state it, or say exactly what you do not know.

    "I think the cache helps" leaves the reader guessing; "the cache cut latency by
    40 %" or "we did not measure X" does not (proselint ``hedging``).
    """
    phrases = phrase_list(effective(settings.phrases, settings.extra, settings.allow))
    for sentence, match in sentence_matches(doc, phrases):
        start, end = sentence.source_span(match.start(), match.end())
        yield at(
            doc,
            start,
            end,
            "prose.hedging",
            settings.severity,
            f"'{match.group()}' hedges. State the claim, or say what you did not test.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VagueClaimSettings(Settings):
    phrases: tuple[Phrase, ...] = field(default_factory=lambda: wordlist("vague_claims"))
    """Comparative claims that need a number or a source."""
    extra: tuple[Phrase, ...] = ()
    allow: tuple[str, ...] = ()
    window: Count = 1
    """Sentences before and after the claim that may hold its number or citation."""


def _backed(doc: Document, sentences: tuple[Sentence, ...], index: int, window: int) -> bool:
    """True when a number or a link sits within ``window`` sentences of ``index``, or the
    paragraph points at one of the post's tables or figures (it discusses its numbers)."""
    if any(_EXHIBIT.search(s.text) for s in sentences):
        return True
    lo, hi = max(0, index - window), min(len(sentences), index + window + 1)
    for s in sentences[lo:hi]:
        if _NUMBER.search(s.text) or "\ufffc" in s.text:
            return True
    span = sentences[lo].span.start, sentences[hi - 1].span.end
    return any(span[0] <= link.span.start < span[1] for link in doc.links)


@check("prose.vague-claim", severity="warning", scope="sentence")
def vague_claim(doc: Document, settings: VagueClaimSettings) -> Iterator[Diagnostic]:
    """A comparison with no number or source nearby asks the reader to take it on trust.

    "Faster", "better" and "outperforms" are the claims readers of technical posts
    check first: give the measurement (how much, on what) or cite where it comes from.
    """
    phrases = phrase_list(effective(settings.phrases, settings.extra, settings.allow))
    pattern = phrases.pattern
    for paragraph in phrases.paragraphs(doc):
        if paragraph.in_list:
            continue
        for index, sentence in enumerate(paragraph.sentences):
            match = pattern.search(sentence.text)
            if match is None or _backed(doc, paragraph.sentences, index, settings.window):
                continue
            start, end = sentence.source_span(match.start(), match.end())
            yield at(
                doc,
                start,
                end,
                "prose.vague-claim",
                settings.severity,
                f"'{match.group()}' is a claim with no number or source nearby. "
                "Add specific numbers (how much, measured how) or cite a source.",
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class ThroatClearingSettings(Settings):
    phrases: tuple[Phrase, ...] = field(default_factory=lambda: wordlist("throat_clearing"))
    """Openings that delay the point."""
    extra: tuple[Phrase, ...] = ()
    allow: tuple[str, ...] = ()


@check("prose.throat-clearing", severity="warning", scope="sentence")
def throat_clearing(doc: Document, settings: ThroatClearingSettings) -> Iterator[Diagnostic]:
    """An opening that announces instead of saying loses readers in the first line.

    "In this post, we will discuss..." and "Let's dive in" delay the point; start with
    the problem or the result. Checked in the first sentence of the post and of each
    section.
    """
    pattern = phrase_list(effective(settings.phrases, settings.extra, settings.allow)).pattern
    seen: set[int] = set()
    for paragraph in doc.paragraphs:
        if paragraph.section in seen or paragraph.in_list or not paragraph.sentences:
            continue
        seen.add(paragraph.section)
        for sentence in paragraph.sentences[:2]:
            match = pattern.search(sentence.text)
            if match is None:
                continue
            start, end = sentence.source_span(match.start(), match.end())
            yield at(
                doc,
                start,
                end,
                "prose.throat-clearing",
                settings.severity,
                f"'{match.group()}' delays the point. Start with the problem or the result.",
            )
