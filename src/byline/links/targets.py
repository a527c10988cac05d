"""What a link points at, and the index of a blog's posts and static files to resolve it.

A post links to another post by file path (``other.md``, ``posts/other.md#setup``) or by
its URL on the built site (``/posts/other/``, from ``[site] permalink``, or the full
``base_url`` form); to files by site path (``/images/x.png`` is ``static/images/x.png``)
or by a path relative to the post. Everything else with a scheme is the web.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

from byline.config import SiteConfig
from byline.content.document import Document, Heading
from byline.content.schemes import url_scheme
from byline.content.urls import post_path, split_url
from byline.files import is_file, is_hidden

__all__ = [
    "GENERATED_PATHS",
    "Kind",
    "SiteIndex",
    "Target",
    "classify",
    "nearest",
    "title_heading",
]

Kind = Literal["external", "post", "site", "relative", "fragment", "skip"]

GENERATED_PATHS = frozenset(
    ["/", "/index.html", "/feed.xml", "/atom.xml", "/rss.xml", "/sitemap.xml", "/robots.txt"]
)
"""Site paths the builder writes besides posts, so links to them are not broken."""
_GENERATED_PREFIXES = ("/tags/", "/series/", "/search/")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link's ``href`` points."""

    kind: Kind
    path: str
    """Post file name without ``.md`` (post), site path (site), decoded relative path
    (relative), the URL without its fragment (external), '' otherwise."""
    anchor: str = ""
    """The ``#fragment``, percent-decoded; '' when none."""


def classify(href: str, site: SiteConfig) -> Target:
    """Sort ``href`` into a post link, a site path, a relative file, a web URL or neither."""
    href = href.strip()
    if not href:
        return Target("skip", "")
    if href.startswith("#"):
        return Target("fragment", "", unquote(href[1:]))
    if href.startswith("//"):
        href = "https:" + href
    parts = split_url(href)
    if parts is None:  # a '[' left open: the check of web links reports it as malformed
        web = url_scheme(href) in ("http", "https")
        return Target("external", href.split("#", 1)[0]) if web else Target("skip", "")
    anchor = unquote(parts.fragment)
    if parts.scheme in ("http", "https"):
        own = urlsplit(site.base_url)
        if parts.netloc.lower() == own.netloc.lower() and parts.netloc:
            path = parts.path or "/"
            base = own.path.rstrip("/")
            if base and path.startswith(base + "/"):
                path = path[len(base) :]
            return Target("site", unquote(path), anchor)
        return Target("external", href.split("#", 1)[0])
    if parts.scheme or parts.netloc:
        return Target("skip", "")  # mailto:, tel:, data:, ftp: ... are not checked
    path = unquote(parts.path)
    if not path:
        return Target("fragment", "", anchor)
    if path.endswith(".md"):
        name = path.rsplit("/", 1)[-1][: -len(".md")]
        return Target("post", name, anchor) if name else Target("skip", "")
    if path.startswith("/"):
        return Target("site", path, anchor)
    return Target("relative", path, anchor)


def nearest(word: str, choices: list[str], *, cutoff: float = 0.6) -> str | None:
    """The closest of ``choices`` to ``word`` ("did you mean"), or None."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else None


def nearest_path(path: str, choices: list[str], *, cutoff: float = 0.6) -> str | None:
    """The closest of ``choices`` to the site path ``path`` whose file name is close too.

    Paths in one folder share most of their characters, so comparing whole paths makes
    any file in ``/images/`` look like a misspelling of ``/images/none.png``. The file
    name (the last part) must be close; among those, the closest whole path wins, so a
    file linked from the wrong folder is still found.
    """
    name = _last_part(path)
    names = sorted({_last_part(choice) for choice in choices})
    close = set(difflib.get_close_matches(name, names, n=3, cutoff=cutoff)) if name else set()
    if not close:
        return None
    return nearest(path, [c for c in choices if _last_part(c) in close], cutoff=0.0)


def _last_part(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def title_heading(doc: Document) -> Heading | None:
    """A leading ``# Title`` that repeats the post's title, which the site leaves out.

    The page shows the title as its own ``<h1>``, without an id, so ``#title-anchor``
    goes nowhere there (the rule of ``byline.site.render``'s ``_title_heading``).
    """
    if not doc.headings:
        return None
    first = doc.headings[0]
    text = doc.source[first.text_span.start : first.text_span.end]
    return first if first.level == 1 and text.strip() == doc.title.strip() else None


# ``id="x"`` on any tag, and the older ``<a name="x">`` that many READMEs put in headings.
_HTML_ID = re.compile(
    r"""<(?:[a-zA-Z][\w-]*[^>]*?\s+id|a\s+(?:[^>]*?\s+)?name)\s*=\s*["']([^"']+)["']"""
)


@dataclass(slots=True)
class SiteIndex:
    """Every post of a blog by file name and site path, and its static folder."""

    root: Path
    site: SiteConfig
    posts: dict[str, Document] = field(default_factory=dict)
    """By file name without ``.md``."""
    paths: dict[str, Document] = field(default_factory=dict)
    """By site path (``/posts/slug/``)."""
    _static: list[str] | None = None

    @classmethod
    def build(cls, root: Path, site: SiteConfig, documents: list[Document]) -> SiteIndex:
        """The index of ``documents`` (all posts of the blog, not only those checked)."""
        index = cls(root, site)
        for doc in documents:
            index.posts[doc.path.stem] = doc
            with contextlib.suppress(ValueError):  # an invalid slug has no URL
                index.paths[post_path(site, doc.slug)] = doc
        return index

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    def site_path_of(self, doc: Document) -> str:
        """The site path of ``doc``, or '' when its slug is invalid."""
        return next((p for p, d in self.paths.items() if d is doc), "")

    def post_at(self, path: str) -> Document | None:
        """The post at site path ``path`` (with or without trailing slash or index.html)."""
        stripped = path.removesuffix("index.html")
        for candidate in (path, stripped, stripped.rstrip("/") + "/", stripped.rstrip("/")):
            if candidate in self.paths:
                return self.paths[candidate]
        return None

    def static_file(self, path: str) -> Path | None:
        """The file under ``static/`` serving site path ``path``, if any."""
        relative = path.lstrip("/")
        if relative.endswith("/") or not relative:
            relative += "index.html"
        if is_hidden(relative):
            return None
        candidate = (self.static_dir / relative).resolve()
        static = self.static_dir.resolve()
        if is_file(candidate) and candidate.is_relative_to(static):
            return candidate
        return None

    def is_generated(self, path: str) -> bool:
        """True for pages the site builder writes (home, feeds, tag pages)."""
        return path in GENERATED_PATHS or path.startswith(_GENERATED_PREFIXES)

    def relative_site_path(self, doc: Document, href_path: str) -> str:
        """``href_path`` read as a URL relative to ``doc``'s page on the site."""
        return urljoin(self.site_path_of(doc) or "/", href_path)

    def anchors(self, doc: Document) -> list[str]:
        """Ids a ``#fragment`` may name in ``doc``: its heading anchors, and ids given in
        raw HTML (``id="x"``, ``<a name="x">``) outside code blocks."""
        title = title_heading(doc)
        ids = [h.anchor for h in doc.headings if h is not title]
        source = doc.source[doc.body_start :]
        if "<" not in source:
            return ids
        for block in doc.code_blocks:  # blank out code so examples do not count
            start, end = block.span.start - doc.body_start, block.span.end - doc.body_start
            source = source[:start] + " " * (end - start) + source[end:]
        ids.extend(_HTML_ID.findall(source))
        return ids

    def static_paths(self) -> list[str]:
        """Site paths of every file under ``static/`` (for "did you mean")."""
        if self._static is None:
            found = self.static_dir.rglob("*") if self.static_dir.is_dir() else iter(())
            rels = (p.relative_to(self.static_dir).as_posix() for p in found if p.is_file())
            self._static = sorted("/" + rel for rel in rels if not is_hidden(rel))
        return self._static
