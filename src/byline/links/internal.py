"""Links between posts, ``#anchors``, static files and images: checked without the network.

A link is right when the site byline builds would serve its target: the post exists
(by file name or site path), the ``#anchor`` is one of the target's heading ids
(``Heading.anchor``, exactly the ids the site writes), and files exist under ``static/``
or beside the post. Images must also decode and stay under ``[links] max_image_kb``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from byline.content.document import Document, Span
from byline.content.slug import anchor_id
from byline.diagnostics import Diagnostic, diagnostic_at
from byline.files import exists
from byline.links.images import ImageInfo, inspect_image
from byline.links.targets import SiteIndex, Target, classify, nearest, nearest_path, title_heading

__all__ = ["InternalChecker", "front_matter_image_span"]

_WEB = re.compile(r"https?://[^\s()<>'\"]+")
_OUTSIDE = (
    "points outside the blog folder, so the site cannot serve it. "
    "Copy the file under static/ and link to its site path."
)
_FREE_ANCHORS = frozenset(["", "top"])
"""Fragments every page has: none, and ``#top`` (the HTML standard scrolls to the top)."""


@dataclass(slots=True)
class InternalChecker:
    """Checks the internal links and images of posts against one ``SiteIndex``."""

    index: SiteIndex
    max_image_kb: int = 500
    exclude: tuple[re.Pattern[str], ...] = ()
    _images: dict[Path, ImageInfo] = field(default_factory=dict)

    def check(self, doc: Document) -> list[Diagnostic]:
        """Every internal-link and image diagnostic of ``doc``, in source order."""
        out: list[Diagnostic] = []
        for link in doc.links:
            out.extend(self._link(doc, link.url, link.span))
        for image in doc.images:
            out.extend(self._image(doc, image.src, image.span))
        cover = doc.front_matter.image
        if cover:
            out.extend(self._image(doc, cover, front_matter_image_span(doc)))
        return out

    def excluded(self, href: str) -> bool:
        return any(p.search(href) for p in self.exclude)

    # -- links ---------------------------------------------------------------------
    def _link(self, doc: Document, url: str, span: Span) -> Iterator[Diagnostic]:
        target = classify(url, self.index.site)
        if self.excluded(url) or target.kind in ("external", "skip"):
            return
        href = unquote(url)  # the parser percent-encodes; show what the writer wrote
        if target.kind == "fragment":
            problem = self._anchor_problem(doc, target.anchor, "this post")
            if problem:
                yield diagnostic_at(doc, span, "links.anchor", "error", f"'{href}': {problem}")
            return
        found = self._resolve(doc, target)
        if isinstance(found, Document):
            problem = self._anchor_problem(found, target.anchor, found.path.name)
            if problem:
                yield diagnostic_at(doc, span, "links.anchor", "error", f"'{href}': {problem}")
        elif found is None:
            yield diagnostic_at(
                doc, span, "links.broken", "error", self._missing(doc, href, target)
            )

    def _resolve(self, doc: Document, target: Target) -> Document | Path | bool | None:
        """The post or file ``target`` names; True for a page the builder writes."""
        index = self.index
        if target.kind == "post":
            return index.posts.get(target.path)
        if target.kind == "relative":
            beside = (index.root / doc.path).parent / target.path
            if exists(beside) and not self._outside(beside):
                return beside
            return self._site(index.relative_site_path(doc, target.path))
        return self._site(target.path)

    def _outside(self, path: Path) -> bool:
        """A file outside the blog folder: it works on this disk, never on the site."""
        return not path.resolve().is_relative_to(self.index.root.resolve())

    def _left_blog(self, doc: Document, target: Target) -> bool:
        beside = (self.index.root / doc.path).parent / target.path
        return target.kind == "relative" and exists(beside) and self._outside(beside)

    def _site(self, path: str) -> Document | Path | bool | None:
        index = self.index
        return index.post_at(path) or index.static_file(path) or index.is_generated(path) or None

    def _anchor_problem(self, doc: Document, anchor: str, name: str) -> str:
        """'' when ``anchor`` names an id of ``doc``, else what is wrong and what to do."""
        ids = self.index.anchors(doc)
        if anchor in _FREE_ANCHORS or anchor in ids:
            return ""
        what = f"{name} has no heading with id '{anchor}'."
        title = title_heading(doc)
        if title is not None and anchor == title.anchor:
            return (
                f"{what[:-1]}: its first heading repeats the title, which the site shows as "
                f"the page heading without an id. Drop '#{anchor}' from the link."
            )
        near = anchor_id(anchor) if anchor_id(anchor) in ids else nearest(anchor.lower(), ids)
        if near:
            return f"{what} Did you mean '#{near}'?"
        if not ids:
            return f"{what} It has no headings; drop '#{anchor}' from the link."
        shown = ", ".join(f"#{i}" for i in ids[:5]) + (", ..." if len(ids) > 5 else "")
        return f"{what} Use one of its ids: {shown}."

    def _missing(self, doc: Document, href: str, target: Target) -> str:
        index = self.index
        if self._left_blog(doc, target):
            return f"'{href}' {_OUTSIDE}"
        if target.kind == "post":
            near = nearest(target.path, list(index.posts))
            hint = f"Did you mean '{near}.md'?" if near else "Fix the file name or create the post."
            return f"'{href}' links to posts/{target.path}.md, which does not exist. {hint}"
        near = self._near_site_path(doc, target)
        if target.kind == "relative":
            looked = self._shown((index.root / doc.path).parent / target.path)
            hint = f"Did you mean '{near}'?" if near else "Fix the path."
            web = _WEB.search(href)
            if web:
                hint = f"It holds a web address: link to '{web.group(0)}' alone."
            return f"'{href}' does not exist (looked for {looked}). {hint}"
        hint = f"Did you mean '{near}'?" if near else "Fix the path, or add the file under static/."
        return f"'{href}' is neither a post's page nor a file in static/. {hint}"

    def _near_site_path(self, doc: Document, target: Target) -> str | None:
        path = target.path
        if target.kind == "relative":
            path = "/" + path.lstrip("./")
        return nearest_path(path, [*self.index.paths, *self.index.static_paths()])

    def _shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.index.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    # -- images --------------------------------------------------------------------
    def _image(self, doc: Document, src: str, span: Span) -> Iterator[Diagnostic]:
        target = classify(src, self.index.site)
        if self.excluded(src) or target.kind in ("external", "skip", "fragment"):
            return
        found = self._resolve(doc, target)
        src = unquote(src)  # the parser percent-encodes; show what the writer wrote
        if not isinstance(found, Path) or not found.is_file():
            yield diagnostic_at(doc, span, "links.image-missing", "error", self._lost(doc, src))
            return
        info = self._images.get(found) or self._images.setdefault(found, inspect_image(found))
        if info.problem:
            message = (
                f"image '{src}' cannot be shown: {info.problem}. "
                "Re-export it as PNG, JPEG, WebP or AVIF."
            )
            yield diagnostic_at(doc, span, "links.image-missing", "error", message)
            return
        kb = round(info.size / 1024)
        if info.size > self.max_image_kb * 1024:
            message = (
                f"image '{src}' is {kb:,} KB, above the {self.max_image_kb:,} KB limit "
                "([links] max_image_kb). Convert it to WebP or AVIF, or scale it down: "
                "readers on phones download all of it."
            )
            data = {"bytes": info.size, "limit_kb": self.max_image_kb, "format": info.format}
            yield diagnostic_at(doc, span, "links.image-heavy", "warning", message, data=data)

    def _lost(self, doc: Document, src: str) -> str:
        target = classify(src, self.index.site)
        if self._left_blog(doc, target):
            return f"image '{src}' {_OUTSIDE}"
        if target.kind == "relative":
            looked = self._shown((self.index.root / doc.path).parent / target.path)
        else:
            looked = "static" + target.path
        near = nearest_path(
            "/" + target.path.lstrip("./") if target.kind == "relative" else target.path,
            self.index.static_paths(),
        )
        hint = f"Did you mean '{near}'?" if near else "Add the file or fix the path."
        return f"image '{src}' not found (looked for {looked}). {hint}"


def front_matter_image_span(doc: Document) -> Span:
    """The line of ``image:`` in the front matter (the whole line)."""
    line = doc.front_matter.lines.get("image", 1)
    return doc.lines.line_span(line - 1, line)
