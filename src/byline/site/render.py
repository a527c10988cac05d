"""A parsed post's tokens to HTML: highlighted code, MathML, charts, diagrams, sized images.

Works from ``Document.tokens`` (the parse the checker and link checker use), so heading
ids are exactly ``Heading.anchor``. Body headings are shifted below the page's ``<h1>``
and never skip a level; every scrolling block (code, output, tables) can take keyboard
focus and has a unique name; links to other posts become site URLs.
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from byline.content.document import Document
from byline.content.markdown import markdown
from byline.content.schemes import is_safe_link
from byline.content.urls import split_post_link
from byline.files import is_file
from byline.printable import printable
from byline.site.chart import ChartError, render_chart
from byline.site.diagrams import DiagramError, Drawing, diagram_html
from byline.site.highlight import highlight_code
from byline.site.images import (
    ImageInfo,
    ImageJob,
    file_stat,
    image_file,
    image_html,
    is_private_file,
    resolve_image,
)
from byline.site.math import MathError, tex_to_mathml
from byline.site.names import name_links
from byline.site.sanitize import RawState, sanitize_html

__all__ = ["BodyResult", "LinkTarget", "RenderContext", "render_body"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link to another post points: its site path, or None when it is not on the site."""

    path: str | None


@dataclass(slots=True)
class RenderContext:
    """What rendering a body needs from the rest of the site."""

    root: Path
    static: Path
    links: dict[str, str]
    """Post file stem -> site path, for posts on the site."""
    mermaid: Callable[[str], Drawing] | None = None
    """Diagram source -> pre-rendered SVG, raising ``DiagramError`` when there is none
    (None: no pre-renderer; the page's script draws diagrams)."""
    images: dict[tuple[str, str], ImageInfo | str | None] = field(default_factory=dict)
    """(image reference, post folder) -> what ``resolve_image`` found, for this build (a
    context is made per build, so a changed file is looked at again by the next one)."""


@dataclass(slots=True)
class BodyResult:
    """The rendered body and what the page around it needs."""

    html: str
    features: set[str] = field(default_factory=set)
    """``code``, ``math``, ``mermaid`` (a diagram the browser draws): assets the page must
    load; ``diagram``: the body has a diagram (drawn or not)."""
    warnings: list[tuple[int, str]] = field(default_factory=list)
    """(source line, message) for things the reader will see broken or missing."""
    images: list[ImageJob] = field(default_factory=list)
    copies: dict[str, Path] = field(default_factory=dict)
    """Site path -> file, for images outside ``static/``."""
    link_deps: dict[str, str | None] = field(default_factory=dict)
    """Post stem -> the site path used for it (None: not on the site); part of the cache key."""
    image_deps: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    """Image file -> (size, mtime_ns) when rendered, None when missing; part of the cache key."""


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with byline's rules for one post."""

    def __init__(
        self,
        doc: Document,
        ctx: RenderContext,
        result: BodyResult,
        tokens: list[Token],
        *,
        skip_first_anchor: bool,
    ) -> None:
        # markdown-it's __init__ finds the rule methods with inspect.getmembers, for each
        # post; the names are the same every time, so they are found once per class.
        self.rules = {name: getattr(self, name) for name in _rule_names(type(self))}
        shared: Any = markdown().renderer  # plugin rules (footnotes) are registered there
        for name, rule in shared.rules.items():
            self.rules.setdefault(name, rule)
        for name in ("math_inline", "math_inline_double", "math_block", "math_block_label"):
            self.rules[name] = getattr(self, "_" + name)
        self.doc, self.ctx, self.result = doc, ctx, result
        self.counters: dict[str, int] = {}
        self.levels = _heading_levels(tokens)
        self.anchors = iter([h.anchor for h in doc.headings][1 if skip_first_anchor else 0 :])
        self.open_levels: list[int] = []
        self.paragraphs = 0
        self.dropped: set[int] = set()
        self.raw = RawState({h.anchor for h in doc.headings})
        self.sources: dict[tuple[str, str], deque[int]] = defaultdict(deque)
        """Lines of the images and Markdown links, by (kind, URL), in source order."""
        for image in doc.images:
            self.sources["image", image.src].append(image.span.line)
        for link in doc.links:
            if link.kind != "html":
                self.sources["link", link.url].append(link.span.line)
        self.inline_lines = _inline_lines(tokens)

    def _line(self, token: Token) -> int:
        line = token.map[0] if token.map else self.inline_lines.get(id(token), 0)
        return line + self.doc.body_line

    def _count(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def _warn(self, token: Token, message: str, *, line: int | None = None) -> None:
        self.result.warnings.append((line or self._line(token), message))

    def _source_line(self, kind: str, url: str) -> int | None:
        """Line of the next image (``kind`` "image") or link to ``url`` in the source.

        Inline tokens carry no line, but the Document has every image and link in order:
        each call takes one, so the second ``<img src="x">`` gets its own line.
        """
        lines = self.sources.get((kind, url))
        return lines.popleft() if lines else None

    # -- blocks ------------------------------------------------------------------------
    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        level = self.levels.get(idx, 0)  # 0: an empty heading (a bare '###'), left out
        self.open_levels.append(level)
        anchor = next(self.anchors, "")
        return f'<h{level} id="{escape(anchor)}">' if level else ""

    def heading_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        level = self.open_levels.pop() if self.open_levels else 2
        return f"</h{level}>\n" if level else ""

    def paragraph_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        self.paragraphs += 1
        return self.renderToken(tokens, idx, options, env)

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        n = self._count("table")
        return (
            f'<div class="table-wrap" tabindex="0" role="region" aria-label="Table {n}">\n<table>\n'
        )

    def table_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return "</table>\n</div>\n"

    def th_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        if not tokens[idx + 1].content.strip():  # an empty header cell names nothing
            return "<td>"
        style = tokens[idx].attrs.get("style")
        return f'<th scope="col" style="{style}">' if style else '<th scope="col">'

    def th_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return "</td>\n" if not tokens[idx - 1].content.strip() else "</th>\n"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        lang, opts = _info(token.info)
        if lang == "output":
            return self._output(token.content)
        if lang == "mermaid":
            return self._mermaid(token)
        if lang == "chart":
            try:
                return render_chart(token.content, opts, self._count("chart"))
            except ChartError as exc:
                self._warn(token, f"chart not drawn: {exc}. Fix the CSV or the options.")
                return self._code(token.content, "text")
        if lang in ("math", "latex", "tex") and "norender" not in opts:
            return self._math(token, token.content, display=True)
        return self._code(token.content, lang)

    def code_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._code(tokens[idx].content, "")

    def _code(self, code: str, lang: str) -> str:
        self.result.features.add("code")
        n = self._count("code")
        label = f"Code {n}" + (f" ({lang})" if lang else "")
        css = f' class="language-{escape(lang)}"' if lang else ""
        return (
            '<div class="code"><pre class="hl" tabindex="0" role="region" '
            f'aria-label="{escape(label)}">'
            f"<code{css}>{highlight_code(code, lang)}</code></pre>"
            '<button type="button" class="copy" hidden>Copy</button></div>\n'
        )

    def _output(self, text: str) -> str:
        n = self._count("output")
        clean = escape(_ANSI.sub("", text))
        return (
            f'<div class="output"><div class="output-label">Output</div>'
            f'<pre tabindex="0" role="region" aria-label="Output {n}">'
            f"<samp>{clean}</samp></pre></div>\n"
        )

    def _mermaid(self, token: Token) -> str:
        n = self._count("diagram")
        self.result.features.add("diagram")
        if self.ctx.mermaid is not None:
            try:
                drawing = self.ctx.mermaid(token.content)
                self.result.copies[drawing.url] = drawing.file
                self.result.image_deps[str(drawing.file)] = file_stat(drawing.file)
                return diagram_html(n, token.content, drawing, lazy=self.paragraphs > 2)
            except DiagramError as exc:
                self._warn(
                    token,
                    f"diagram not pre-rendered: {exc}. Fix the Mermaid source; "
                    "the page draws it in the browser until then.",
                )
        self.result.features.add("mermaid")
        return diagram_html(n, token.content, None)

    # -- math --------------------------------------------------------------------------
    def _math(self, token: Token, tex: str, *, display: bool) -> str:
        try:
            html = tex_to_mathml(tex, display=display)
        except MathError as exc:
            self._warn(token, f"math not rendered ({exc}). Check the TeX.")
            return f'<code class="math-error">{escape(tex)}</code>'
        self.result.features.add("math")
        return f'<div class="math-display" tabindex="0">{html}</div>\n' if display else html

    def _math_inline(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return self._math(tokens[idx], tokens[idx].content, display=False)

    def _math_inline_double(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return self._math(tokens[idx], tokens[idx].content, display=True)

    def _math_block(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return self._math(tokens[idx], tokens[idx].content, display=True)

    _math_block_label = _math_block

    # -- inline ------------------------------------------------------------------------
    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        href = str(token.attrs.get("href", ""))
        line = self._source_line("link", href)
        new = self._href(href)
        attrs = {k: v for k, v in token.attrs.items() if k in ("title",)}
        if not is_safe_link(href):
            return self._as_text(
                token,
                f"link to '{href}' shown as text: pages link only to http(s), mailto: and "
                "tel: URLs and paths. Use a web address or a path.",
                line,
            )
        if new is None:
            return self._as_text(token, _dead_link(href), line)
        title = f' title="{escape(str(attrs["title"]))}"' if "title" in attrs else ""
        return f'<a href="{escape(new)}"{title}>'

    def _as_text(self, token: Token, warning: str, line: int | None) -> str:
        """Open a dead link: its text is shown, unlinked, and ``warning`` reported."""
        self._warn(token, warning, line=line)
        self.dropped.add(id(token))
        return '<span class="dead-link">'

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # Find the matching open token to know whether it was dropped.
        depth = 0
        for j in range(idx - 1, -1, -1):
            if tokens[j].type == "link_close":
                depth += 1
            elif tokens[j].type == "link_open":
                if depth == 0:
                    return "</span>" if id(tokens[j]) in self.dropped else "</a>"
                depth -= 1
        return "</a>"

    def _href(self, href: str) -> str | None:
        link = split_post_link(href)
        if link is None:
            return href if self._file_exists(href) else None
        path = self.ctx.links.get(link.target)
        self.result.link_deps[link.target] = path
        if path is None:
            return None
        return path + (f"#{link.anchor}" if link.anchor else "")

    def _file_exists(self, href: str) -> bool:
        """False for a link to a local file (``/x.pdf``, ``../data.csv``) that is not there."""
        file = image_file(href, static=self.ctx.static, post_dir=self.ctx.root / "posts")
        if file is None or href.startswith(("#", "//")) or "." not in file.name:
            return True
        if file.suffix in (".html", ".htm", ".md"):
            return True
        self.result.image_deps[str(file)] = file_stat(file)
        return is_file(file)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        title = str(token.attrs.get("title", "") or "")
        return self._image(token, str(token.attrs.get("src", "")), alt, title)

    def _image(self, token: Token, src: str, alt: str, title: str, width: str | None = None) -> str:
        line = self._source_line("image", src)
        if not src or not is_safe_link(src, image=True):
            return self._left_out(
                token,
                "image has no src; left out of the page. Give it the path or http(s) URL of "
                "the image, such as '/images/plot.png'."
                if not src
                else f"image '{printable(src)}' left out of the page: images come only from paths, "
                "http(s) URLs and data:image/. Use a web address or a path.",
                line=line,
                label=alt or "Image left out",
            )
        post_dir = self.ctx.root / "posts"
        file = image_file(src, static=self.ctx.static, post_dir=post_dir)
        if file is not None and is_private_file(file, self.ctx.static):
            return self._left_out(
                token,
                f"image '{printable(src)}' is not an image file; left out of the page. Point it "
                "at a .png, .jpg, .gif, .webp, .avif or .svg file.",
                line=line,
                label=alt or "Image left out",
            )
        if file is not None:
            self.result.image_deps[str(file)] = file_stat(file)
        key = (src, str(post_dir))  # a relative reference depends on the post's folder
        if key not in self.ctx.images:  # one lookup per image and build, however many posts
            self.ctx.images[key] = resolve_image(
                src, root=self.ctx.root, static=self.ctx.static, post_dir=post_dir
            )
        info = self.ctx.images[key]
        if info is None:
            return self._left_out(
                token,
                f"image '{src}' not found; left out of the page. Add the file or fix the path.",
                line=line,
                # The alt text (or the file name) stands in, so a link around it keeps a name.
                label=alt or "Image not found: " + src.rsplit("/", 1)[-1],
            )
        if isinstance(info, ImageInfo):
            self.result.images.extend(info.variants)
            if info.copy:
                self.result.copies[info.url] = info.file
        lazy = self._count("image") > 1 or self.paragraphs > 2
        shown = int(width) if width and width.isdigit() else None
        return image_html(info, alt, title, lazy=lazy, width=shown)

    def _left_out(self, token: Token, message: str, *, line: int | None, label: str) -> str:
        """Warn with ``message``; the page shows ``label`` where the image would be."""
        self._warn(token, message, line=line)
        return f'<span class="missing-image">{escape(label)}</span>'

    def html_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._raw(tokens[idx], block=True)

    def html_inline(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._raw(tokens[idx], block=False)

    def _raw(self, token: Token, *, block: bool) -> str:
        refused_src: list[str] = []

        def url(tag: str, value: str, raw_line: int) -> str | None:
            if tag != "a":
                return value
            new = self._href(value)
            if new is None:  # the <a> stays, without href: its text is shown unlinked
                self._warn(token, _dead_link(value), line=self._line(token) + raw_line - 1)
            return new

        def refused(tag: str, attr: str, value: str, raw_line: int) -> None:
            if tag == "img" and attr == "src":
                refused_src.append(value)  # the image hook warns, as for a Markdown image
                return
            line = self._line(token) + raw_line - 1
            self._warn(token, _refused_url(tag, attr, value), line=line)

        def image(attrs: dict[str, str]) -> str | None:
            src = attrs.get("src") or (refused_src.pop() if refused_src else "")
            alt, title = attrs.get("alt", ""), attrs.get("title", "")
            return self._image(token, src, alt, title, attrs.get("width"))

        return sanitize_html(
            token.content, url=url, image=image, block=block, state=self.raw, refused=refused
        )


def _dead_link(href: str) -> str:
    """The warning for a link to a post or local file that is not on the site."""
    return (
        f"link to '{printable(href)}' points at a post or file that is not on the site; "
        "shown as text."
    )


def _refused_url(tag: str, attr: str, url: str) -> str:
    """The warning for a raw HTML URL dropped for its scheme."""
    shown = printable(url)  # an entity such as &#x0A; puts a control character in the URL
    if tag == "a":
        return (
            f"link to '{shown}' shown as text: pages link only to http(s), mailto: and tel: "
            "URLs and paths. Use a web address or a path."
        )
    if attr == "srcset":
        return (
            f"<{tag} {attr}> '{shown}' removed: images come only from paths, http(s) URLs "
            "and data:image/. Use a web address or a path."
        )
    return (
        f"<{tag} {attr}> '{shown}' removed: pages use only paths and http(s), mailto: and "
        "tel: URLs. Use a web address or a path."
    )


def _inline_lines(tokens: Sequence[Token]) -> dict[int, int]:
    """Body line of each inline child token (by ``id``): markdown-it gives lines to block
    tokens only, so the lines are counted from the paragraph's first line, one per break."""
    lines: dict[int, int] = {}
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        line = token.map[0]
        for child in token.children or ():
            lines[id(child)] = line
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                line += child.content.count("\n")
    return lines


@cache
def _rule_names(cls: type[RendererHTML]) -> tuple[str, ...]:
    """What ``RendererHTML.__init__`` takes as rules: public methods not named render*."""
    return tuple(
        name
        for name, member in inspect.getmembers(cls, predicate=inspect.isfunction)
        if not name.startswith(("render", "_"))
    )


def _info(info: str) -> tuple[str, dict[str, str]]:
    from byline.content.parse import parse_info

    return parse_info(info)


def _heading_levels(tokens: Sequence[Token]) -> dict[int, int]:
    """Output level of each ``heading_open``: below the page's h1, never skipping a level.

    Empty headings get none: a heading with no text is announced as nothing (axe
    ``empty-heading``), so the page leaves it out.
    """
    source = [
        (i, int(t.tag[1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and tokens[i + 1].content.strip()
    ]
    if not source:
        return {}
    shift = 2 - min(level for _, level in source)
    out: dict[int, int] = {}
    previous = 1
    for i, level in source:
        wanted = min(6, level + shift)
        level_out = min(wanted, previous + 1)
        out[i] = level_out
        previous = level_out
    return out


def render_body(doc: Document, ctx: RenderContext) -> BodyResult:
    """The post body as HTML (the page template adds title, metadata and navigation)."""
    if doc.tokens is None:
        raise ValueError(f"{doc.path} was loaded without its tokens; render a parse() result")
    result = BodyResult(html="")
    tokens = list(doc.tokens)
    skip = _title_heading(tokens, doc.title)
    renderer = _Renderer(doc, ctx, result, tokens, skip_first_anchor=skip is not None)
    if skip is not None:
        del tokens[skip : skip + 3]
        renderer.levels = _heading_levels(tokens)
    settings: Any = {**markdown().options, "xhtmlOut": False}
    options = OptionsDict(settings)
    try:
        html = renderer.render(tokens, options, {}) + renderer.raw.close_all()
    finally:
        # The rules are bound methods of the renderer, a reference cycle that kept each
        # post's tokens and Document alive until the cyclic collector ran (700 KB a post).
        renderer.rules.clear()
    result.html = name_links(html)
    return result


def _title_heading(tokens: list[Token], title: str) -> int | None:
    """Index of a leading ``# Title`` that repeats the page title (the page shows it as h1)."""
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            if token.tag == "h1" and inline.content.strip() == title.strip():
                return i
            return None
    return None
