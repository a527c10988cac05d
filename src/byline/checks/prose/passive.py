"""Passive voice, judged as a share of the post rather than sentence by sentence.

Passive sentences are often right ("the model was trained on 1T tokens"); what hurts
is a post where nobody ever does anything. write-good flags every passive and
that is 57 % of its output on technical prose, so byline reports the share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from byline.checks.registry import Count, Limit, Settings, Share, at, check
from byline.checks.wordlists import wordlist
from byline.content.document import Document, Sentence
from byline.diagnostics import Diagnostic

__all__ = ["PassiveSettings", "is_passive"]


@cache
def _pattern() -> re.Pattern[str]:
    irregular = "|".join(wordlist("participles"))
    return re.compile(
        r"\b(?:am|is|are|was|were|be|been|being)\s+(?:not\s+)?(?:[a-z]+ly\s+)?"
        rf"(?:[a-z]+ed|{irregular})\b",
        re.I,
    )


def is_passive(sentence: Sentence) -> bool:
    """True when the sentence has a "be" form followed by a past participle."""
    return _pattern().search(sentence.text) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class PassiveSettings(Settings):
    max_share: Share = 0.25
    """Flag a post when more than this share of its sentences is passive (Yoast: 0.10)."""
    min_sentences: Count = 10
    """Posts with fewer prose sentences are not judged."""
    examples: Limit = 3
    """How many passive sentences the message points to."""


@check("prose.passive-voice", severity="suggestion", scope="post")
def passive_voice(doc: Document, settings: PassiveSettings) -> Iterator[Diagnostic]:
    """A post written mostly in the passive hides who did what; name the actor.

    "We sharded the optimizer state" tells the reader who acted and reads faster than
    "the optimizer state was sharded". Reported once per post, with the share and
    the first passive sentences, never as per-sentence noise.
    """
    sentences = [s for p in doc.paragraphs if not p.in_list for s in p.sentences]
    if len(sentences) < settings.min_sentences:
        return
    passive = [s for s in sentences if is_passive(s)]
    share = len(passive) / len(sentences)
    if share <= settings.max_share:
        return
    shown = list(dict.fromkeys(s.span.line for s in passive))[: settings.examples]
    lines = ", ".join(str(n) for n in shown)
    first = passive[0]
    yield at(
        doc,
        first.span.start,
        first.span.end,
        "prose.passive-voice",
        settings.severity,
        f"{share:.0%} of sentences are passive ({len(passive)} of {len(sentences)}; "
        f"e.g. line{'s' if len(shown) > 1 else ''} {lines}). Name who does what in most of them.",
        data={"share": round(share, 3), "passive": len(passive), "sentences": len(sentences)},
    )
