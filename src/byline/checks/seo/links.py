"""Links: to your other posts, to sources, and with text that says where they go."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from byline.checks.registry import Count, Phrase, Settings, Share, at, check, counted
from byline.checks.seo.meta import seo_applies
from byline.checks.wordlists import wordlist
from byline.content.document import Document, Link
from byline.diagnostics import Diagnostic
from byline.templates import load_template

__all__ = ["LengthSettings", "LinkTextSettings", "LinksSettings", "is_internal", "is_outbound"]

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def is_outbound(link: Link) -> bool:
    return link.url.lower().startswith(("http://", "https://", "//"))


def is_internal(link: Link) -> bool:
    """A relative link to another page of the blog (not an anchor, not mailto:)."""
    url = link.url
    return (
        bool(url)
        and not url.startswith("#")
        and not _SCHEME.match(url)
        and not url.startswith("//")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LinksSettings(Settings):
    min_links: Count = 1


def _body_start(doc: Document) -> tuple[int, int]:
    line = doc.body_line
    start = doc.lines.starts[min(line - 1, len(doc.lines.starts) - 1)]
    return start, start


@check("seo.internal-links", severity="suggestion", scope="link", front_matter=True)
def internal_links(doc: Document, settings: LinksSettings) -> Iterator[Diagnostic]:
    """Links between your posts keep readers on your site and show search engines your depth.

    Link at least one related post by its relative path (``other-post.md``).
    """
    count = sum(1 for link in doc.links if is_internal(link) and not link.url.startswith("/images"))
    if seo_applies(doc) and count < settings.min_links:
        yield at(
            doc,
            *_body_start(doc),
            "seo.internal-links",
            settings.severity,
            "The post links to none of your other posts. Link a related one by its "
            "path, e.g. [my LoRA post](lora-on-one-gpu.md).",
        )


@check("seo.outbound-links", severity="warning", scope="link", front_matter=True)
def outbound_links(doc: Document, settings: LinksSettings) -> Iterator[Diagnostic]:
    """Citing sources lets readers check your claims; posts without them look unsupported.

    Link at least one source: the paper, the docs, the repository you used.
    """
    count = sum(1 for link in doc.links if is_outbound(link))
    if seo_applies(doc) and count < settings.min_links:
        yield at(
            doc,
            *_body_start(doc),
            "seo.outbound-links",
            settings.severity,
            "The post links to no outside source. Link the paper, docs or code you build on.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkTextSettings(Settings):
    generic: tuple[Phrase, ...] = field(default_factory=lambda: wordlist("link_text"))
    """Anchor texts that say nothing about the target (Lighthouse ``link-text``)."""


@check("seo.link-text", severity="warning", scope="link")
def link_text(doc: Document, settings: LinkTextSettings) -> Iterator[Diagnostic]:
    """ "Click here" tells neither readers scanning links nor search engines where a link goes.

    Make the link text name its target: "the LoRA paper", not "here".
    """
    generic = {g.lower() for g in settings.generic}
    for link in doc.links:
        text = link.text.strip().strip(".:!").lower()
        if link.kind in ("autolink", "bare") or text not in generic:
            continue
        yield at(
            doc,
            link.span.start,
            link.span.end,
            "seo.link-text",
            settings.severity,
            f"The link text '{link.text.strip()}' does not say where it goes. Name the target.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthSettings(Settings):
    min_words: Count = 300
    """Minimum for posts without a type (Yoast: 300)."""
    share_of_template: Share = 0.6
    """Typed posts need this share of their template's minimum words."""


@check("seo.length", severity="suggestion", scope="post", front_matter=True)
def length(doc: Document, settings: LengthSettings) -> Iterator[Diagnostic]:
    """Thin posts rarely answer the question that brought the reader; cover it fully.

    A typed post should reach most of its template's minimum length; others 300 words.
    """
    fm = doc.front_matter
    if not seo_applies(doc):
        return
    wanted = settings.min_words
    if fm.type is not None:
        wanted = max(wanted, int(load_template(fm.type).min_words * settings.share_of_template))
    if doc.words >= wanted:
        return
    what = f"a {fm.type}" if fm.type else "a post"
    yield at(
        doc,
        *_body_start(doc),
        "seo.length",
        settings.severity,
        f"The post has {counted(doc.words, 'word')}; "
        f"{what} needs about {wanted} to cover its topic.",
    )
