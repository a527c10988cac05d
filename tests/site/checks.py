"""Static checks of a built site: local links and assets resolve, ids exist, feeds parse,
nothing but the theme's own scripts can run."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = [
    "active_content",
    "broken_references",
    "browser_scheme",
    "page_ids",
    "site_active_content",
]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for key in ("href", "src", "poster"):
            value = found.get(key)
            if value and not (tag == "link" and found.get("rel") == "canonical"):
                self.refs.append(value)
        for part in (found.get("srcset") or "").split(","):
            if part.strip():
                self.refs.append(part.split()[0])


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _resolve(site: Path, page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.startswith("/"):
        target = site / path.lstrip("/")
    elif path:
        target = page.parent / path
    else:
        return page
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def page_ids(path: Path) -> set[str]:
    return _parse(path).ids


def broken_references(site: Path) -> list[str]:
    """Every local link, image or asset reference (and #fragment) that points nowhere."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _parse(page)
        for url in parser.refs:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto") or parts.netloc:
                continue
            target = _resolve(site, page, url)
            if target is None:
                broken.append(f"{page.relative_to(site)}: {url}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = page_ids(target)
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {url} (no such id)")
    return broken


_URL_KEYS = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "data", "background"}
)
_SAFE_SCHEMES = ("", "http", "https", "mailto", "tel")
_FOREIGN_TAGS = frozenset({"base", "iframe", "object", "embed", "frame", "frameset", "applet"})
THEME_INLINE_SCRIPT = 'addEventListener("load", function () { document.documentElement.classList.add("math-font"); });'
THEME_INLINE_STYLE = 'math { font-family: "Latin Modern Math", math; }'
_THEME_SCRIPT = re.compile(r"/assets/(site|search|mermaid-init)\.[0-9a-f]{10}\.js")


def browser_scheme(url: str) -> str:
    """The scheme a browser reads in ``url`` (tab, newline, CR removed; controls stripped)."""
    clean = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", clean)
    return match.group(1).lower() if match else ""


class _Active(HTMLParser):
    """Everything in a page that can run script or take the reader elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.styles: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        for key, value in found.items():
            bad_url = key in _URL_KEYS and browser_scheme(value) not in _SAFE_SCHEMES
            if bad_url and tag == "img" and key == "src":
                bad_url = not re.match(r"data:image/(png|jpe?g|gif|webp);", value)
            bad_srcset = key == "srcset" and any(
                browser_scheme(c.strip()) not in ("", "http", "https", "data")
                for c in value.split(",")
            )
            bad_style = key == "style" and re.search(r"expression|url\(|script", value, re.I)
            if key.startswith("on") or bad_url or bad_srcset or bad_style:
                self.found.append(f"<{tag} {key}={value!r}>")
        if tag in _FOREIGN_TAGS or (tag == "meta" and "http-equiv" in found):
            self.found.append(f"<{tag} {found}>")
        if tag == "form" and found != {
            "class": "search",
            "role": "search",
            "action": "/search/",
            "method": "get",
        }:
            self.found.append(f"<form {found}>")
        if tag == "script":
            self.scripts.append((found, ""))
        elif tag == "style":
            self.styles.append("")
        if tag in ("script", "style"):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._text is not None:
            text, self._text = "".join(self._text), None
            if tag == "script":
                self.scripts[-1] = (self.scripts[-1][0], text)
            else:
                self.styles[-1] = text


def active_content(html: str) -> list[str]:
    """Event handlers, script URLs, foreign elements, and any ``<script>`` or ``<style>``
    but the theme's own (JSON-LD must parse and hold no ``<``, so it cannot end its element)."""
    parser = _Active()
    parser.feed(html)
    parser.close()
    found = list(parser.found)
    for attrs, text in parser.scripts:
        if attrs == {"type": "application/ld+json"}:
            try:
                json.loads(text)
            except ValueError as exc:
                found.append(f"JSON-LD does not parse ({exc}): {text[:200]!r}")
            if "<" in text:
                found.append(f"JSON-LD holds '<': {text[:200]!r}")
        elif not attrs and text == THEME_INLINE_SCRIPT:
            continue
        elif _THEME_SCRIPT.fullmatch(attrs.get("src", "")) and not text:
            if set(attrs) - {"src", "defer", "data-mermaid"}:
                found.append(f"theme script with {attrs}")
        else:
            found.append(f"<script {attrs}>{text[:200]!r}")
    found += [f"<style>{s[:200]!r}" for s in parser.styles if s != THEME_INLINE_STYLE]
    return found


def site_active_content(site: Path) -> list[str]:
    """``active_content`` of every page, SVG and feed entry of a built site; feeds, sitemap
    and JSON files must parse."""
    import feedparser

    found: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".svg") and not rel.startswith("images/"):
            found += [f"{rel}: {f}" for f in active_content(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".json":
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                found.append(f"{rel}: not JSON ({exc})")
        elif path.suffix == ".xml":
            try:
                ET.parse(path)
            except ET.ParseError as exc:
                found.append(f"{rel}: not well-formed XML ({exc})")
                continue
            if path.name in ("feed.xml", "rss.xml"):
                feed = feedparser.parse(path.read_bytes(), sanitize_html=False)
                if feed.bozo:
                    found.append(f"{rel}: {feed.bozo_exception}")
                for entry in feed.entries:
                    for part in [*entry.get("content", []), entry.get("summary_detail")]:
                        if part and part.get("type") == "text/html":
                            found += [f"{rel}: {f}" for f in active_content(part["value"])]
    return found
