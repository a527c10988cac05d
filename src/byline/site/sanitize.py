"""Raw HTML in posts, filtered to an allow-list so the page stays safe and valid.

Posts may contain HTML (imported posts often do: ``<div align="center">``, ``<img
width="800px">``). Scripts, styles, frames, forms and event handlers are dropped;
obsolete presentational attributes, which the Nu checker rejects, are removed; a URL
is kept only when it is relative or uses an allowed scheme (``content/schemes.py``),
read as a browser reads it, so ``java&#x0A;script:`` is dropped like ``javascript:``, and a
``srcset`` keeps only the candidates whose URL is allowed; links and
images go through the same hooks as Markdown links so ``other.md`` becomes a site URL
and images get their sizes. The filter works on fragments (a lone ``<sup>`` or
``</div>`` from an inline token).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

from byline.content.schemes import is_safe_link

__all__ = ["RawState", "RefusedHook", "sanitize_html"]

_DROP_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "form",
        "textarea",
        "select",
        "noscript",
        "template",
        "svg",
        "math",
        "head",
        "title",
        "canvas",
        "frameset",
        "frame",
        "applet",
    ]
)
_VOID = frozenset(["img", "br", "hr", "source", "wbr", "input", "track", "col"])
_ALLOWED = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "video",
        "audio",
        "track",
        "wbr",
    ]
)
_RENAME = {"center": "div", "font": "span", "tt": "code", "strike": "s", "big": "span"}
_GLOBAL_ATTRS = frozenset({"class", "title", "lang", "dir"})
_TAG_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "details": frozenset({"open"}),
    "input": frozenset({"type", "checked", "disabled"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes"}),
    "video": frozenset({"src", "controls", "poster", "width", "height", "muted", "loop"}),
    "audio": frozenset({"src", "controls", "muted", "loop"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
}
_URL_ATTRS = frozenset({"href", "src", "poster", "cite"})
_DIGITS = re.compile(r"^\s*(\d+)(?:px)?\s*$")
_SPACE = " \t\n\f\r"
"""ASCII white space, which separates a ``srcset`` candidate's URL from its descriptor."""
_DESCRIPTOR = re.compile(r"\d+[wh]|[0-9.eE+\-]+x")

UrlHook = Callable[[str, str, int], str | None]
"""(tag, url, line in the fragment) -> the URL to write, or None to drop the attribute."""
ImageHook = Callable[[dict[str, str]], str | None]
"""Attributes of an ``<img>`` -> replacement HTML, or None to keep the filtered tag."""
RefusedHook = Callable[[str, str, str, int], None]
"""(tag, attribute, URL, line in the fragment) of a URL dropped for its scheme."""


class RawState:
    """What the raw HTML of one post has opened and named so far (fragments span tokens)."""

    def __init__(self, ids: set[str] | None = None) -> None:
        self.stack: list[str] = []
        """Elements opened by raw HTML and not closed yet."""
        self.ids: set[str] = set(ids or ())
        """Ids on the page (heading anchors and raw ids); a repeated id is dropped."""

    def close_all(self) -> str:
        """End tags for everything still open, innermost first."""
        closing = "".join(f"</{name}>" for name in reversed(self.stack))
        self.stack.clear()
        return closing


class _Filter(HTMLParser):
    def __init__(
        self,
        url: UrlHook,
        image: ImageHook | None,
        block: bool,
        state: RawState,
        refused: RefusedHook | None,
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip = 0
        self.url = url
        self.image = image
        self.block = block
        self.state = state
        self.refused = refused

    def _refuse(self, tag: str, key: str, url: str) -> None:
        if self.refused is not None:
            self.refused(tag, key, url, self.getpos()[0])  # the line the tag starts on

    def _name(self, tag: str) -> str | None:
        tag = _RENAME.get(tag, tag)
        if self.block and tag == "p":
            return "div"  # a raw <p> around Markdown would be closed early by the parser
        return tag if tag in _ALLOWED else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            if tag not in _VOID:
                self.skip += 1
            return
        name = self._name(tag)
        if self.skip or name is None:
            return
        kept = self._attrs(name, attrs)
        if name == "input" and kept.get("type") != "checkbox":
            return
        if name == "img":
            kept.setdefault("alt", "")
            if self.image is not None:
                replacement = self.image(kept)
                if replacement is not None:
                    self.out.append(replacement)
                    return
        if name not in _VOID:
            self.state.stack.append(name)
        text = "".join(
            f' {k}="{escape(v)}"' if v != "" or k in ("alt",) else f" {k}" for k, v in kept.items()
        )
        self.out.append(f"<{name}{text}>")

    def _attrs(self, name: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        allowed = _GLOBAL_ATTRS | _TAG_ATTRS.get(name, frozenset())
        kept: dict[str, str] = {}
        for raw_key, raw_value in attrs:
            key, value = raw_key.lower(), raw_value or ""
            if key in ("id", "name") and (key == "id" or name == "a"):
                if value and value not in self.state.ids and "id" not in kept:
                    self.state.ids.add(value)  # <a name="x"> anchors become ids
                    kept["id"] = value
                continue
            if key not in allowed:
                continue
            if key == "srcset":
                srcset, refused = _safe_srcset(value)
                for url in refused:
                    self._refuse(name, key, url)
                if srcset:
                    kept[key] = srcset
                continue
            if key in _URL_ATTRS:
                if not is_safe_link(value, image=name == "img" and key == "src"):
                    self._refuse(name, key, value)
                    continue
                new = self.url(name, value, self.getpos()[0])
                if new is None:
                    continue
                kept[key] = new
                continue
            if key in ("width", "height"):
                match = _DIGITS.match(value)
                if match:
                    kept[key] = match.group(1)
                continue
            kept[key] = value
        return kept

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        name = self._name(tag)
        if name and name not in _VOID and not self.skip and tag not in _DROP_WITH_CONTENT:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        name = self._name(tag)
        stack = self.state.stack
        if self.skip or name is None or name in _VOID or name not in stack:
            return  # an end tag nothing opened would break the page around it
        while stack:
            top = stack.pop()
            self.out.append(f"</{top}>")
            if top == name:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data.replace("<", "&lt;").replace(">", "&gt;"))

    def handle_entityref(self, name: str) -> None:
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skip:
            self.out.append(f"&#{name};")


def _srcset_candidates(value: str) -> list[tuple[str, str]]:
    """(URL, descriptors) of each candidate of a ``srcset``, split as a browser splits it
    (HTML's "parse a srcset attribute"): the URL runs to white space, so a comma inside
    it (``data:image/png;base64,...``) stays; commas ending it end the candidate."""
    candidates: list[tuple[str, str]] = []
    i, end = 0, len(value)
    while i < end:
        while i < end and (value[i] in _SPACE or value[i] == ","):
            i += 1
        start = i
        while i < end and value[i] not in _SPACE:
            i += 1
        url = value[start:i]
        if not url:
            break
        if url.endswith(","):
            candidates.append((url.rstrip(","), ""))
            continue
        depth, start = 0, i
        while i < end and (value[i] != "," or depth):
            depth += {"(": 1, ")": -1}.get(value[i], 0)
            i += 1
        candidates.append((url, value[start:i].strip(_SPACE)))
    return candidates


def _safe_srcset(value: str) -> tuple[str, list[str]]:
    """``value`` with only the candidates whose URL is allowed and whose descriptors a
    browser reads (``2x``, ``800w``), empty when none is left; and the URLs dropped for
    their scheme."""
    kept: list[str] = []
    refused: list[str] = []
    for url, descriptors in _srcset_candidates(value):
        if not is_safe_link(url, image=True):
            refused.append(url)
        elif all(_DESCRIPTOR.fullmatch(d) for d in descriptors.split()):
            kept.append(f"{url} {descriptors}".strip())
    return ", ".join(kept), refused


def _keep(_tag: str, url: str, _line: int) -> str:
    return url


def sanitize_html(
    raw: str,
    *,
    url: UrlHook = _keep,
    image: ImageHook | None = None,
    block: bool = False,
    state: RawState | None = None,
    refused: RefusedHook | None = None,
) -> str:
    """``raw`` with only allowed tags and attributes; comments and scripts removed.

    ``block`` marks an HTML block (a ``<p>`` there becomes a ``<div>``). Pass one
    ``state`` for all fragments of a page: end tags that close nothing are dropped and
    ``state.close_all()`` closes what is left open. ``url`` is given each allowed URL
    with the line its tag starts on; ``refused`` is told of each URL dropped for its
    scheme, so the writer can be warned.
    """
    own = state is None
    state = state or RawState()
    parser = _Filter(url, image, block, state, refused)
    parser.feed(raw)
    parser.close()
    return "".join(parser.out) + (state.close_all() if own else "")
