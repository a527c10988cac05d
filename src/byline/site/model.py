"""What the site knows about a post without its body: enough for listings, feeds and links.

``PostMeta`` is small and kept in the build state, so an unchanged post is never read,
let alone parsed, on a rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from byline.config import SiteConfig
from byline.content.post import FrontMatter, parse_front_matter, split_front_matter
from byline.content.schemes import is_http_url, url_scheme
from byline.content.slug import is_valid_slug
from byline.content.urls import post_path
from byline.errors import InputError

if TYPE_CHECKING:  # a build with nothing to do never needs the Document classes
    from byline.content.document import Document

__all__ = [
    "WORDS_PER_MINUTE",
    "PostMeta",
    "is_visible",
    "meta_from_document",
    "peek_front_matter",
    "term_slug",
]

WORDS_PER_MINUTE = 230
_SUMMARY_CHARS = 220
_TERM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class PostMeta:
    """A post as listings, feeds, related posts and the search index see it."""

    source: str
    """Path of the file, relative to the blog (for messages)."""
    stem: str
    """File name without ``.md`` (what ``other.md`` links name)."""
    slug: str
    path: str
    """Site path, from ``[site] permalink``."""
    title: str
    description: str
    """Front matter description, else the start of the first paragraph."""
    date: dt.date | None
    updated: dt.date | None
    status: str
    type: str | None
    tags: tuple[str, ...]
    keywords: tuple[str, ...]
    series: str | None
    words: int
    canonical_url: str | None
    image: str | None
    headings: tuple[tuple[int, str, str], ...]
    """(level, text, anchor) of every heading of the post, in order."""
    digest: str
    """sha256 of the file's text."""

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Newest first when sorted in reverse; undated posts last."""
        return (self.date or dt.date.min, self.slug)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def term_slug(term: str) -> str:
    """URL segment for a tag or series name: ASCII words joined by hyphens."""
    slug = _TERM.sub("-", term.lower()).strip("-")
    return slug or "t-" + hashlib.sha256(term.encode()).hexdigest()[:8]


def _slug(front: FrontMatter, stem: str, source: str) -> str:
    slug = front.slug or stem.lower()
    if not is_valid_slug(slug):
        raise InputError(
            f"slug '{slug}' is not usable in a URL. Use lowercase letters, digits and "
            "hyphens, such as 'fine-tune-llama'.",
            path=source,
            line=front.lines.get("slug", 1),
        )
    return slug


def peek_front_matter(text: str, source: str) -> FrontMatter:
    """Only the front matter of a post (YAML, no Markdown): for slugs before rendering."""
    block = split_front_matter(text, source)
    return parse_front_matter(block, source) if block else FrontMatter()


def meta_from_document(doc: Document, site: SiteConfig, source: str, digest: str) -> PostMeta:
    """The listing view of a parsed post."""
    front = doc.front_matter
    slug = _slug(front, Path(source).stem, source)
    description = front.description or _summary(doc)
    headings = tuple((h.level, h.text, h.anchor) for h in doc.headings)
    return PostMeta(
        source=source,
        stem=Path(source).stem,
        slug=slug,
        path=post_path(site, slug),
        title=doc.title or slug.replace("-", " ").capitalize(),
        description=description,
        date=front.date,
        updated=front.updated,
        status=front.status,
        type=front.type,
        tags=front.tags,
        keywords=(*((front.keyword,) if front.keyword else ()), *front.keywords),
        series=front.series,
        words=doc.words,
        # The front matter refuses other URLs; a page never links to one that got past.
        canonical_url=front.canonical_url if is_http_url(front.canonical_url or "") else None,
        image=front.image if url_scheme(front.image or "") in (None, "http", "https") else None,
        headings=headings,
        digest=digest,
    )


def _summary(doc: Document) -> str:
    for paragraph in doc.paragraphs:
        text = " ".join(paragraph.text.replace("\ufffc", "").split())
        if len(text) > 40:
            if len(text) <= _SUMMARY_CHARS:
                return text
            cut = text[:_SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
            return cut + "…"
    return ""


def is_visible(meta: PostMeta, today: dt.date, *, drafts: bool) -> bool:
    """On the site: published and dated today or earlier, or anything with ``--drafts``."""
    if drafts:
        return True
    return meta.status == "published" and (meta.date is None or meta.date <= today)
