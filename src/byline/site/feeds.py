"""Atom (full content) and RSS 2.0 feeds, with absolute URLs everywhere.

Feed readers do not know the site's base URL, so every ``href``/``src``/``srcset`` in the
post HTML is made absolute before it goes into the feed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from email.utils import format_datetime

from byline.config import Config
from byline.site.model import PostMeta
from byline.site.xmltext import escape, quoteattr

__all__ = ["FEED_ITEMS", "absolute_html", "atom_feed", "rss_feed"]

FEED_ITEMS = 20
_URL_ATTR = re.compile(r'\b(href|src|poster)="/(?!/)')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute_html(body: str, base_url: str) -> str:
    """``body`` with site-relative URLs (``/posts/x/``) turned into absolute ones."""
    base = html.escape(base_url)  # byline.toml's text, put inside the body's attributes
    body = _URL_ATTR.sub(lambda m: f'{m.group(1)}="{base}/', body)
    return _SRCSET.sub(
        lambda m: (
            'srcset="'
            + ", ".join(
                (base + part.strip()) if part.strip().startswith("/") else part.strip()
                for part in m.group(1).split(",")
            )
            + '"'
        ),
        body,
    )


def _when(day: dt.date | None, fallback: dt.date) -> dt.datetime:
    return dt.datetime.combine(day or fallback, dt.time(0, 0), tzinfo=dt.UTC)


def atom_feed(
    posts: list[PostMeta], body: Callable[[PostMeta], str], config: Config, today: dt.date
) -> str:
    """The Atom feed of the newest posts, with their full content."""
    base = config.site.base_url
    items = posts[:FEED_ITEMS]
    updated = max((_when(m.updated or m.date, today) for m in items), default=_when(today, today))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.site.language)}>',
        f"<title>{escape(config.site.title)}</title>",
    ]
    if config.site.description:
        out.append(f"<subtitle>{escape(config.site.description)}</subtitle>")
    out += [
        f'<link href={quoteattr(base + "/feed.xml")} rel="self" type="application/atom+xml"/>',
        f'<link href={quoteattr(base + "/")} rel="alternate" type="text/html"/>',
        f"<id>{escape(base)}/</id>",
        f"<updated>{updated.isoformat()}</updated>",
        f"<author><name>{escape(config.author.name)}</name></author>",
        '<generator uri="https://github.com/byline">byline</generator>',
    ]
    for meta in items:
        url = base + meta.path
        published = _when(meta.date, today)
        out += [
            "<entry>",
            f"<title>{escape(meta.title)}</title>",
            f'<link href={quoteattr(url)} rel="alternate" type="text/html"/>',
            f"<id>{escape(url)}</id>",
            f"<published>{published.isoformat()}</published>",
            f"<updated>{_when(meta.updated or meta.date, today).isoformat()}</updated>",
        ]
        out += [f"<category term={quoteattr(tag)}/>" for tag in meta.tags]
        if meta.description:
            out.append(f"<summary>{escape(meta.description)}</summary>")
        content = absolute_html(body(meta), base)
        out.append(f'<content type="html">{escape(content)}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def rss_feed(
    posts: list[PostMeta], body: Callable[[PostMeta], str], config: Config, today: dt.date
) -> str:
    """The RSS 2.0 feed of the newest posts (full content in ``description``)."""
    base = config.site.base_url
    items = posts[:FEED_ITEMS]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(config.site.title)}</title>",
        f"<link>{escape(base)}/</link>",
        f"<description>{escape(config.site.description or config.site.title)}</description>",
        f"<language>{escape(config.site.language)}</language>",
        f'<atom:link href={quoteattr(base + "/rss.xml")} rel="self" type="application/rss+xml"/>',
    ]
    if items:
        out.append(f"<lastBuildDate>{format_datetime(_when(items[0].date, today))}</lastBuildDate>")
    for meta in items:
        url = base + meta.path
        out += [
            "<item>",
            f"<title>{escape(meta.title)}</title>",
            f"<link>{escape(url)}</link>",
            f'<guid isPermaLink="true">{escape(url)}</guid>',
            f"<pubDate>{format_datetime(_when(meta.date, today))}</pubDate>",
        ]
        out += [f"<category>{escape(tag)}</category>" for tag in meta.tags]
        content = absolute_html(body(meta), base)
        out.append(f"<description>{escape(content)}</description>")
        out.append("</item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"
