"""Every link in a rendered body gets an accessible name, so screen readers never say just "link".

A link's name is its text, or the ``alt`` of an image inside it. Imported posts often
wrap an image in a link to the full-size file (``<a href="big.png"><img src="small.png"></a>``)
with no ``alt``, or the image is missing and left out: such a link has no name at all
(axe ``link-name``, a Lighthouse accessibility failure). This pass runs once over the
finished body HTML, whatever made the link (Markdown or raw HTML), and labels a nameless
link with the target's file name, or its URL when the path has none.
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import unquote

from byline.content.urls import split_url

__all__ = ["link_label", "name_links"]

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_TAG = re.compile(r"<[^>]*>")
_ALT = re.compile(r'<img\b[^>]*?\salt="([^"]*)"')
_HREF = re.compile(r'\shref="([^"]*)"')
_NAMED = re.compile(r'\s(?:aria-label|aria-labelledby|title)="[^"]*\S[^"]*"')


def link_label(href: str) -> str:
    """A name for a link from its target: the file name (``loss.png``), else the URL."""
    parts = split_url(href)
    path = unquote(parts.path) if parts is not None else ""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name or href


def _has_name(inner: str) -> bool:
    if unescape(_TAG.sub("", inner)).strip():
        return True
    return any(alt.strip() for alt in _ALT.findall(inner))


def _name(match: re.Match[str]) -> str:
    attrs, inner = match.group(1), match.group(2)
    href = _HREF.search(attrs)
    if href is None or _NAMED.search(attrs) or _has_name(inner):
        return match.group(0)
    label = link_label(unescape(href.group(1)))
    return f'<a{attrs} aria-label="{escape(label)}">{inner}</a>'


def name_links(html: str) -> str:
    """``html`` with ``aria-label`` added to each link that has no text, alt or title."""
    if "<a" not in html:
        return html
    return _ANCHOR.sub(_name, html)
