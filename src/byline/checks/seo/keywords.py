"""Keyphrase placement: the introduction, the H2s, and how often (neither absent nor stuffed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from byline.checks.registry import Limit, Settings, at, check, counted
from byline.checks.seo.keyphrase import content_words, mentions
from byline.checks.seo.meta import seo_applies
from byline.checks.structure.metadata import field_span
from byline.content.document import Document
from byline.diagnostics import Diagnostic
from byline.schema import AtLeast, AtMost

__all__ = ["KeywordDensitySettings", "KeywordHeadingsSettings", "KeywordIntroSettings"]

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


@dataclass(frozen=True, slots=True, kw_only=True)
class KeywordIntroSettings(Settings):
    words: Limit = 100
    """The keyword should appear within this many words of the start."""


@check("seo.keyword-intro", severity="warning", scope="paragraph", front_matter=True)
def keyword_intro(doc: Document, settings: KeywordIntroSettings) -> Iterator[Diagnostic]:
    """Search engines and skimming readers both weigh the opening most.

    Use the keyphrase within the first 100 words (Yoast ``introductionKeyword``).
    """
    keyword = doc.front_matter.keyword
    if not keyword or not seo_applies(doc) or not doc.paragraphs:
        return
    words: list[str] = []
    for p in doc.paragraphs:
        words.extend(_WORD.findall(p.text))
        if len(words) >= settings.words:
            break
    if mentions(keyword, " ".join(words[: settings.words])):
        return
    first = doc.paragraphs[0]
    yield at(
        doc,
        first.span.start,
        first.span.end,
        "seo.keyword-intro",
        settings.severity,
        f"The keyword '{keyword}' is not in the first {settings.words} words. "
        "Use it in the opening paragraph.",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class KeywordHeadingsSettings(Settings):
    pass


@check("seo.keyword-headings", severity="suggestion", scope="heading", front_matter=True)
def keyword_headings(doc: Document, settings: KeywordHeadingsSettings) -> Iterator[Diagnostic]:
    """Subheadings tell search engines what each part covers; put your keywords there.

    At least one H2 or H3 should mention one of the front matter ``keywords`` or the
    primary keyword; asking for every keyword in a heading would push writers into
    stuffing.
    """
    keywords = doc.front_matter.keywords
    if not keywords or not seo_applies(doc):
        return
    headings = [h.text for h in doc.headings if h.level in (2, 3)]
    wanted = [*keywords, doc.front_matter.keyword] if doc.front_matter.keyword else [*keywords]
    if any(mentions(k, h) for k in wanted for h in headings):
        return
    yield at(
        doc,
        *field_span(doc, "keywords"),
        "seo.keyword-headings",
        settings.severity,
        f"No H2 or H3 mentions any of {', '.join(repr(k) for k in keywords)}. "
        "Use one of your keywords in a subheading.",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class KeywordDensitySettings(Settings):
    min_per_2000: Annotated[float, AtLeast(0)] = 3.0
    """Fewest uses per 2,000 words (the brief: about 3-5)."""
    max_density: Annotated[float, AtLeast(0), AtMost(100)] = 3.0
    """Most uses per 100 words, adjusted for the keyphrase's length as Yoast does."""


def keyword_uses(doc: Document, keyword: str) -> int:
    """Prose sentences that contain every content word of ``keyword``."""
    return sum(1 for p in doc.paragraphs for s in p.sentences if mentions(keyword, s.text))


@check("seo.keyword-density", severity="warning", scope="post", front_matter=True)
def keyword_density(doc: Document, settings: KeywordDensitySettings) -> Iterator[Diagnostic]:
    """Too few uses and search engines miss the topic; too many and the post reads as spam.

    About 3-5 uses per 2,000 words. Stuffing is measured as Yoast does: uses per 100
    words times (0.7 + words in the keyphrase / 3), flagged above 3 %.
    """
    keyword = doc.front_matter.keyword
    words = doc.words
    if not keyword or not seo_applies(doc) or words < 100:
        return
    uses = keyword_uses(doc, keyword)
    wanted = max(1, int(settings.min_per_2000 * words / 2000))
    density = uses / words * 100 * (0.7 + len(content_words(keyword)) / 3)
    span = field_span(doc, "keyword")
    if uses < wanted:
        yield at(
            doc,
            *span,
            "seo.keyword-density",
            settings.severity,
            f"The keyword '{keyword}' appears in {counted(uses, 'sentence')}; "
            f"a post of {words:,} words needs about {wanted}. Use it where it fits naturally.",
        )
    elif density > settings.max_density:
        yield at(
            doc,
            *span,
            "seo.keyword-density",
            settings.severity,
            f"The keyword '{keyword}' appears in {uses} sentences ({density:.1f} % adjusted "
            f"density). Above {settings.max_density:g} % reads as stuffing; vary the wording.",
        )
