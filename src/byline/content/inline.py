"""Inline content of one block, mapped back to exact source offsets.

markdown-it tokens carry block line ranges only; this module walks an inline token's
children over the block's raw content with a cursor, so that every character of the
plain text, every link, image, code span and comment knows where it sits in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from byline.content.document import LineIndex
from byline.content.sentences import CODE

__all__ = ["InlineResult", "SourceMap", "closing_bracket", "walk_inline"]

_BARE_URL = re.compile(r"https?://[^\s<>()\[\]`]*[^\s<>()\[\]`.,;:!?'\"]")
_HTML_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")


class SourceMap:
    """Maps offsets in a block's inline content to offsets in the file."""

    def __init__(self, content: str, bases: list[int], line_starts: list[int]) -> None:
        self.content = content
        self._bases = bases
        self._line_starts = line_starts

    @classmethod
    def locate(cls, content: str, lines: LineIndex, first_line: int, min_col: int = 0) -> SourceMap:
        """Align each line of ``content`` with source line ``first_line + i`` (0-based)."""
        bases: list[int] = []
        line_starts: list[int] = []
        pos = 0
        for i, text in enumerate(content.split("\n")):
            line_starts.append(pos)
            pos += len(text) + 1
            n = first_line + i
            if n >= len(lines.starts):
                bases.append(-1)
                continue
            line = lines.text(n)
            bases.append(_align_line(text, line, lines.starts[n], min_col if i == 0 else 0))
        return cls(content, bases, line_starts)

    def offset(self, k: int) -> int:
        """File offset of content offset ``k``; -1 when that line could not be aligned."""
        lo, hi = 0, len(self._line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._line_starts[mid] <= k:
                lo = mid
            else:
                hi = mid - 1
        base = self._bases[lo]
        return -1 if base < 0 else base + k - self._line_starts[lo]


def _align_line(text: str, line: str, begin: int, min_col: int) -> int:
    if not text:
        return begin + len(line)
    if line.endswith(text) and len(line) - len(text) >= min_col:
        return begin + len(line) - len(text)
    stripped_text, stripped_line = text.rstrip(), line.rstrip()
    if stripped_text and stripped_line.endswith(stripped_text):
        col = len(stripped_line) - len(stripped_text)
        if col >= min_col:
            return begin + col
    col = line.find(text, min_col)
    return begin + col if col >= 0 else -1


@dataclass(slots=True)
class InlineResult:
    """What one inline token holds, with file offsets."""

    chars: list[str] = field(default_factory=list)
    """Chunks of the plain text."""
    offsets: list[int] = field(default_factory=list)
    links: list[tuple[int, int, str, str, str, str]] = field(default_factory=list)
    """(start, end, url, text, kind, title)"""
    images: list[tuple[int, int, str, str | None, bool, str, int, int]] = field(
        default_factory=list
    )
    """(start, end, src, alt, html, title, alt_start, alt_end)"""
    code: list[tuple[int, int, str]] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)


class _Walker:
    def __init__(self, smap: SourceMap, result: InlineResult) -> None:
        self.c = smap.content
        self.m = smap
        self.k = 0
        self.r = result

    # -- helpers -----------------------------------------------------------------
    def file(self, k: int) -> int:
        return self.m.offset(k)

    def emit(self, text: str) -> None:
        """Append ``text`` to the plain text, aligning each character with the content."""
        if not text:
            return
        c, k = self.c, self.k
        found = c.find(text, k, k + len(text) + 16)
        if found >= 0:
            base = self.file(found)
            self.r.chars.append(text)
            self.r.offsets.extend(range(base, base + len(text)) if base >= 0 else [-1] * len(text))
            self.k = found + len(text)
            return
        for ch in text:  # escapes and entities: align char by char within a small window
            pos = c.find(ch, k, k + 12)
            self.r.chars.append(ch)
            if pos >= 0:
                self.r.offsets.append(self.file(pos))
                k = pos + 1
            else:
                self.r.offsets.append(-1)
        self.k = k

    def synthetic(self, text: str) -> None:
        self.r.chars.append(text)
        self.r.offsets.extend([-1] * len(text))

    def file_end(self, k: int) -> int:
        """File offset one past content offset ``k - 1``."""
        last = self.file(k - 1) if k > 0 else -1
        return last + 1 if last >= 0 else -1

    def skip(self, marker: str, window: int = 8) -> int:
        pos = self.c.find(marker, self.k, self.k + len(marker) + window)
        if pos >= 0:
            self.k = pos + len(marker)
        return pos

    def destination_end(self, k: int) -> tuple[int, str]:
        """End of ``(url "title")``, ``[ref]`` or nothing after a link's closing ``]``."""
        c = self.c
        if k < len(c) and c[k] == "(":
            depth, i = 0, k
            while i < len(c):
                ch = c[i]
                if ch == "\\":
                    i += 2
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        return i + 1, "inline"
                i += 1
            return len(c), "inline"
        if k < len(c) and c[k] == "[":
            close = c.find("]", k)
            return (close + 1 if close >= 0 else k), "reference"
        return k, "reference"

    def closing_bracket(self, k: int) -> int:
        return closing_bracket(self.c, k)

    # -- token handlers ----------------------------------------------------------
    def walk(self, children: list[Token]) -> None:
        i = 0
        while i < len(children):
            tok = children[i]
            kind = tok.type
            if kind == "text":
                self.text(tok.content)
            elif kind in ("softbreak", "hardbreak"):
                self.skip("\n", window=4)
                self.synthetic(" ")
            elif kind == "code_inline":
                self.code_inline(tok)
            elif kind == "link_open":
                i = self.link(children, i)
            elif kind == "image":
                self.image(tok)
            elif kind == "html_inline":
                self.html_inline(tok.content)
            elif kind in ("math_inline", "math_inline_double"):
                self.math(tok)
            elif kind == "footnote_ref":
                start = self.c.find("[^", self.k)
                if start >= 0:
                    self.k = self.c.find("]", start) + 1
            elif tok.markup and kind.endswith(("_open", "_close")):
                self.skip(tok.markup)
            i += 1

    def text(self, content: str) -> None:
        pos = 0
        for match in _BARE_URL.finditer(content):
            self.emit(content[pos : match.start()])
            start = self.c.find(match.group(), self.k)
            if start < 0:
                self.emit(match.group())
            else:
                self.k = start + len(match.group())
                self.synthetic(CODE)
                url = match.group()
                self.r.links.append((self.file(start), self.file_end(self.k), url, url, "bare", ""))
            pos = match.end()
        self.emit(content[pos:])

    def code_inline(self, tok: Token) -> None:
        marker = tok.markup or "`"
        start = self.c.find(marker, self.k)
        if start < 0:
            self.synthetic(CODE)
            return
        i = start + len(marker)
        end = -1
        while True:
            close = self.c.find(marker, i)
            if close < 0:
                break
            after = close + len(marker)
            if self.c[after : after + 1] != "`" and self.c[close - 1 : close] != "`":
                end = after
                break
            i = after if self.c[after : after + 1] != "`" else after + 1
        end = end if end >= 0 else start + len(marker) * 2 + len(tok.content)
        self.k = end
        self.synthetic(CODE)
        self.r.code.append((self.file(start), self.file_end(end), tok.content))

    def link(self, children: list[Token], i: int) -> int:
        tok = children[i]
        href = str(tok.attrs.get("href", ""))
        title = str(tok.attrs.get("title", "") or "")
        depth, j = 1, i + 1
        while j < len(children) and depth:
            depth += {"link_open": 1, "link_close": -1}.get(children[j].type, 0)
            j += 1
        inner = children[i + 1 : j - 1]
        if tok.markup == "autolink":
            start = self.c.find("<", self.k)
            end = self.c.find(">", start) + 1 if start >= 0 else -1
            if start < 0 or end <= 0:
                return j - 1
            self.k = end
            self.synthetic(CODE)
            self.r.links.append(
                (self.file(start), self.file_end(end), href, href, "autolink", title)
            )
            return j - 1
        start = self.c.find("[", self.k)
        if start < 0:
            self.walk(inner)
            return j - 1
        self.k = start + 1
        text_from = len(self.r.chars)
        self.walk(inner)
        text = "".join(self.r.chars[text_from:])
        close = self.closing_bracket(start + 1)
        end, kind = self.destination_end(close + 1)
        self.k = max(self.k, end)
        self.r.links.append((self.file(start), self.file_end(end), href, text, kind, title))
        return j - 1

    def image(self, tok: Token) -> None:
        src = str(tok.attrs.get("src", ""))
        title = str(tok.attrs.get("title", "") or "")
        start = self.c.find("![", self.k)
        if start < 0:
            return
        close = self.closing_bracket(start + 2)
        end, _ = self.destination_end(close + 1)
        self.k = end
        self.r.images.append(
            (
                self.file(start),
                self.file_end(end),
                src,
                tok.content,
                False,
                title,
                self.file(start + 2),
                self.file_end(close),
            )
        )

    def html_inline(self, content: str) -> None:
        start = self.c.find(content, self.k)
        if start < 0:
            return
        self.k = start + len(content)
        base = self.file(start)
        if content.startswith("<!--"):
            self.r.comments.append((base, self.file_end(self.k), content[4:-3].strip()))
        elif content[:4].lower() == "<img":
            add_html_image(self.r, content, base)
        elif content[:2].lower() == "<a":
            attrs = html_attrs(content)
            if "href" in attrs:
                self.r.links.append((base, base + len(content), attrs["href"], "", "html", ""))

    def math(self, tok: Token) -> None:
        marker = tok.markup or "$"
        start = self.c.find(marker, self.k)
        if start < 0:
            return
        end = self.c.find(marker, start + len(marker) + len(tok.content))
        self.k = end + len(marker) if end >= 0 else start + len(marker)
        self.synthetic(CODE)


def closing_bracket(text: str, k: int) -> int:
    """Offset of the ``]`` that closes a ``[`` opened just before ``k`` (``len(text)`` if
    none): nested brackets count, escaped ones and those inside code spans do not."""
    depth, i = 1, k
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
            i = close + run if close >= 0 else i + run
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def html_attrs(tag: str) -> dict[str, str]:
    """Attributes of one HTML start tag, lower-cased names, unquoted values."""
    out: dict[str, str] = {}
    for name, value in _HTML_ATTR.findall(tag):
        out.setdefault(name.lower(), value.strip("\"'"))
    if re.search(r"\salt(\s|/?>|$)", tag, re.I) and "alt" not in out:
        out["alt"] = ""
    return out


def add_html_image(result: InlineResult, tag: str, base: int) -> None:
    """Record an ``<img>`` tag found at file offset ``base``."""
    attrs = html_attrs(tag)
    result.images.append(
        (
            base,
            base + len(tag),
            attrs.get("src", ""),
            attrs.get("alt"),
            True,
            attrs.get("title", ""),
            -1,
            -1,
        )
    )


def walk_inline(token: Token, smap: SourceMap) -> InlineResult:
    """Plain text and inline elements of one inline token, with file offsets."""
    result = InlineResult()
    _Walker(smap, result).walk(token.children or [])
    return result
