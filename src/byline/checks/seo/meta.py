"""Search-result metadata: title length and keyphrase, slug, meta description, freshness."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Count, Limit, Settings, at, check
from byline.checks.seo.keyphrase import content_words, mentions
from byline.checks.structure.metadata import field_span
from byline.content.document import Document
from byline.diagnostics import Diagnostic

__all__ = [
    "MetaDescriptionSettings",
    "SlugSettings",
    "StaleSettings",
    "TitleKeywordSettings",
    "TitleLengthSettings",
    "seo_applies",
]


def seo_applies(doc: Document) -> bool:
    """SEO is judged once a post is being written (not for ideas and outlines)."""
    return doc.front_matter.status not in ("idea", "outline")


@dataclass(frozen=True, slots=True, kw_only=True)
class TitleLengthSettings(Settings):
    max_chars: Limit = 60
    """Search results cut titles at about 600 px, roughly 60 characters."""


@check("seo.title-length", severity="warning", scope="front-matter", front_matter=True)
def title_length(doc: Document, settings: TitleLengthSettings) -> Iterator[Diagnostic]:
    """Search engines cut long titles, and the cut part is often the promise.

    Keep the title within ~60 characters (Yoast's 600 px title width).
    """
    title = doc.front_matter.title
    if not seo_applies(doc) or len(title) <= settings.max_chars:
        return
    yield at(
        doc,
        *field_span(doc, "title"),
        "seo.title-length",
        settings.severity,
        f"The title has {len(title)} characters; search results show about "
        f"{settings.max_chars}. Shorten it.",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TitleKeywordSettings(Settings):
    pass


@check("seo.title-keyword", severity="warning", scope="front-matter", front_matter=True)
def title_keyword(doc: Document, settings: TitleKeywordSettings) -> Iterator[Diagnostic]:
    """The words people search for must be in the title, ideally near its start.

    Needs front matter ``keyword`` (the primary keyphrase); all its content words
    should appear in the title (Yoast ``keyphraseInSEOTitle``).
    """
    if not seo_applies(doc):
        return
    keyword, rule = doc.front_matter.keyword, "seo.title-keyword"
    if not keyword:
        yield at(
            doc,
            *field_span(doc, "keyword"),
            rule,
            "suggestion",
            "The post has no keyword. Add 'keyword:' with the phrase readers would search for.",
        )
        return
    if not mentions(keyword, doc.front_matter.title):
        yield at(
            doc,
            *field_span(doc, "title"),
            rule,
            settings.severity,
            f"The title does not contain the keyword '{keyword}'. Work it in, near the start.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SlugSettings(Settings):
    max_words: Limit = 6
    """Slugs longer than this many words are hard to read and share."""
    stop_words: tuple[str, ...] = ("a", "an", "the")
    """Words that only lengthen a slug ("in" and "for" often carry meaning: nan-in-json)."""


@check("seo.slug", severity="warning", scope="front-matter", front_matter=True)
def slug(doc: Document, settings: SlugSettings) -> Iterator[Diagnostic]:
    """The slug is the permanent, visible part of the URL: short, readable, with the keyword.

    Lower-case words joined by hyphens, no date prefix, no filler words, and the
    keyphrase's content words in it (Yoast ``slugKeyword``).
    """
    if not seo_applies(doc):
        return
    value, rule = doc.slug, "seo.slug"
    span = field_span(doc, "slug") if "slug" in doc.front_matter.lines else field_span(doc, "title")
    words = value.split("-")
    problems = []
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        problems.append("use lower-case words joined by single hyphens")
    if re.match(r"\d{4}-\d{2}", value):
        problems.append("drop the date prefix")
    if len(words) > settings.max_words:
        problems.append(f"keep it to {settings.max_words} words or fewer")
    fillers = [w for w in words if w in settings.stop_words]
    if fillers:
        problems.append(f"drop filler words ({', '.join(dict.fromkeys(fillers))})")
    keyword = doc.front_matter.keyword
    if keyword:
        wanted = content_words(keyword)
        present = sum(1 for w in wanted if w in words)
        needed = len(wanted) if len(wanted) <= 2 else len(wanted) // 2 + 1
        if present < needed:
            problems.append(f"include the keyword '{keyword}'")
    if problems:
        yield at(
            doc,
            *span,
            rule,
            settings.severity,
            f"The slug '{value}' could be better: {'; '.join(problems)}.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MetaDescriptionSettings(Settings):
    min_chars: Count = 150
    """The brief asks for 150-160 characters (Yoast's green band is 121-156)."""
    max_chars: Limit = 160


@check("seo.meta-description", severity="warning", scope="front-matter", front_matter=True)
def meta_description(doc: Document, settings: MetaDescriptionSettings) -> Iterator[Diagnostic]:
    """The description is the snippet under the title in search results: your pitch.

    Front matter ``description``, 150-160 characters, with the keyword in it.
    """
    if not seo_applies(doc):
        return
    text, rule = doc.front_matter.description.strip(), "seo.meta-description"
    span = field_span(doc, "description")
    if not text:
        yield at(
            doc,
            *span,
            rule,
            settings.severity,
            f"The post has no description. Add 'description:' of {settings.min_chars}-"
            f"{settings.max_chars} characters that sells the post.",
        )
        return
    if not settings.min_chars <= len(text) <= settings.max_chars:
        yield at(
            doc,
            *span,
            rule,
            settings.severity,
            f"The description has {len(text)} characters. Make it {settings.min_chars}-"
            f"{settings.max_chars}.",
        )
    keyword = doc.front_matter.keyword
    if keyword and not mentions(keyword, text):
        yield at(
            doc,
            *span,
            rule,
            settings.severity,
            f"The description does not mention the keyword '{keyword}'. Work it in.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StaleSettings(Settings):
    max_age_days: Count = 365
    """A published post older than this should say when it was last checked."""


@check("seo.stale", severity="suggestion", scope="front-matter", front_matter=True)
def stale(doc: Document, settings: StaleSettings) -> Iterator[Diagnostic]:
    """ML moves fast; an old post with no update date looks abandoned to readers and search.

    Re-check a published post after a year and set ``updated:``.
    """
    fm = doc.front_matter
    if fm.status != "published" or fm.date is None:
        return
    latest = max(d for d in (fm.date, fm.updated) if d is not None)
    age = (dt.date.today() - latest).days
    if age <= settings.max_age_days:
        return
    yield at(
        doc,
        *field_span(doc, "updated" if fm.updated else "date"),
        "seo.stale",
        settings.severity,
        f"Last dated {latest.isoformat()} ({age} days ago). Check the post still holds "
        "and set 'updated:'.",
    )
