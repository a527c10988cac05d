"""markdown-it tokens from pulldown-cmark's events (the ``pyromark`` package).

markdown-it-py parses in pure Python: a quarter of a site build's CPU and a third of the
checker's went to it. pulldown-cmark (Rust, through ``pyromark``) parses the same
CommonMark + GFM tables + strikethrough + ``$math$`` + task lists + footnotes about 20x
faster and gives every event its byte range. This module turns those events into exactly
the token stream markdown-it-py would have produced for the shared parser of
:mod:`byline.content.markdown` (same types, tags, maps, markup, attributes, levels and
inline children; footnotes numbered and gathered at the end as mdit-py-plugins does), so
the ``Document`` builder, the checker and the site renderer keep working on one token
model.

Where the two parsers may read a post differently, :class:`Unsupported` is raised and
the caller parses the post with markdown-it-py instead (the list is in docs/site.md:
``$`` beside a digit, single tildes, tabs in a container's indentation, inline
``^[...]`` footnotes, footnotes of several blocks, ...). ``tests/content/test_pulldown.py``
compares the two token streams on every post of the shared corpus, the example blog, the
test fixtures, benchmark posts, edge cases and generated documents.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any, Literal

import pyromark
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from byline.content.inline import closing_bracket

__all__ = ["Unsupported", "parse_tokens"]

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_MATH
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_TASKLISTS
)
_NEWLINE = re.compile(rb"\n")
_NEWLINES = re.compile(r"\r\n?|\n")
_TAB_INDENT = re.compile(rb"^[ >]*\t", re.M)
_PLAIN_LABEL = re.compile(r"[^\s\[\]^]+")
_DASH_LINE = re.compile(r"^[ \t]*:?-+:?[ \t]*$", re.M)
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ALIGN = {"Left": "text-align:left", "Right": "text-align:right", "Center": "text-align:center"}
_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_QUOTE_PREFIX = re.compile(r"[ \t]*>[ \t]?")


def _columns(blanks: bytes) -> int:
    """Columns of leading spaces and tabs (a tab goes to the next multiple of 4)."""
    column = 0
    for byte in blanks:
        column = column + 4 - column % 4 if byte == 9 else column + 1
    return column


def _pipe_over_dashes(src: str) -> bool:
    """True when a line with a ``|`` stands over a line of dashes (``:--``, ``-:``),
    found from the dash lines: a pattern starting at each pipe read the rest of its line
    again for every pipe."""
    for match in _DASH_LINE.finditer(src):
        start = match.start()
        if start and "|" in src[src.rfind("\n", 0, start - 1) + 1 : start]:
            return True
    return False


class Unsupported(Exception):
    """The post uses a construct this adapter does not map exactly; parse it with markdown-it."""


def parse_tokens(src: str, md: MarkdownIt, env: dict[str, Any]) -> list[Token]:
    """The token stream ``md.parse(src, env)`` gives, built from pulldown-cmark's events.

    Raises :class:`Unsupported` where the result could differ from markdown-it-py's.
    """
    if "\r" in src or "\0" in src:  # as markdown-it-py's normalize rule does
        src = _NEWLINES.sub("\n", src).replace("\0", "\ufffd")
    if "^[" in src:
        raise Unsupported("an inline footnote (markdown-it-py's footnote plugin reads ^[...])")
    if "|" in src and _pipe_over_dashes(src):
        raise Unsupported("a line with a pipe over a line of dashes: a table for markdown-it")
    last = src.rfind("\n") + 1
    if last < len(src) and not src[last:].strip(" \t"):
        src = src[:last]  # markdown-it-py leaves out a last line of only blanks
    try:
        raw = src.encode()
    except UnicodeEncodeError as exc:  # a lone surrogate, from an editor's JSON
        raise Unsupported("text that is not valid Unicode") from exc
    events = pyromark.events_with_range(src, options=_OPTIONS)
    converter = _Converter(src, raw, md)
    converter.run(events)
    if "]:" in src:
        _references(src, raw, md, env, converter.starts)
    return converter.out


@lru_cache(maxsize=8192)
def _href(md: MarkdownIt, url: str) -> str | None:
    """markdown-it's normalised link, or None where it refuses the link (``javascript:``).

    Remembered: mdurl's parse and encode were a tenth of the conversion, and a blog links
    to the same pages from many posts.
    """
    href = md.normalizeLink(url)
    return href if md.validateLink(href) else None


def _references(
    src: str, raw: bytes, md: MarkdownIt, env: dict[str, Any], starts: list[int]
) -> None:
    refs: dict[str, dict[str, str]] = {}
    definitions = pyromark.reference_definitions(src, options=_OPTIONS)
    begins = sorted({d["span"]["start"] for d in definitions.values()})
    for label, definition in definitions.items():
        end = definition["span"]["end"]
        following = bisect_right(starts, max(end - 1, 0))
        if following < len(starts):
            begin = starts[following]
            line = raw[begin : starts[following + 1] if following + 1 < len(starts) else len(raw)]
            first = bisect_left(begins, begin)  # a definition starting on that line?
            if line.strip() and not (first < len(begins) and begins[first] < begin + len(line)):
                # markdown-it and pulldown-cmark differ on what may follow a definition
                raise Unsupported("a reference definition followed by other text")
        key = normalizeReference(label)
        if key not in refs:
            href = md.normalizeLink(definition["dest"])
            refs[key] = {"title": definition.get("title") or "", "href": href}
    if refs:
        env["references"] = refs


class _Tok(Token):
    """A markdown-it ``Token`` made without the dataclass machinery (a third of the cost)."""

    __slots__ = ()

    def __init__(
        self,
        type: str,
        tag: str,
        nesting: Literal[-1, 0, 1],
        *,
        level: int = 0,
        content: str = "",
        markup: str = "",
        info: str = "",
        map: list[int] | None = None,
        attrs: dict[str, str | int | float] | None = None,
        block: bool = False,
        hidden: bool = False,
        children: list[Token] | None = None,
    ) -> None:
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.attrs = {} if attrs is None else attrs
        self.map = map
        self.level = level
        self.children = children
        self.content = content
        self.markup = markup
        self.info = info
        self.meta = {}
        self.block = block
        self.hidden = hidden


class _Frame:
    """One open block: its output token and what its children need to know."""

    __slots__ = ("end", "flag", "indent", "items", "kind", "marker", "parts", "start", "token")

    def __init__(self, kind: str, token: Token | None, start: int = 0, end: int = 0) -> None:
        self.kind = kind
        self.token = token
        self.flag = False
        """An ordered list; for a heading, an ATX one; for a code block, a fenced one."""
        self.marker = ""
        self.indent = 0
        """For a list item, the column its content starts at."""
        self.items: list[Token] = []
        """For a list, its items' opening tokens."""
        self.parts: list[str] = []
        """For a code block, HTML block or display math, its text as the events give it."""
        self.start = start
        self.end = end


class _Converter:
    def __init__(self, src: str, raw: bytes, md: MarkdownIt) -> None:
        self.src = src
        self.raw = raw
        self.ascii = len(self.raw) == len(src)
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(self.raw))]
        self.md = md
        self.max_nesting: int = md.options["maxNesting"]
        """markdown-it reads no tag nested deeper (it drops or keeps as text what is)."""
        self.out: list[Token] = []
        self.level = 0
        self.frames: list[_Frame] = []
        # inline state: the token whose children are being gathered
        self.inline: Token | None = None
        self.inline_first = -1  # byte where the inline run starts
        self.inline_last = -1  # byte where the last inline event ends
        self.children: list[Token] = []
        self.child_level = 0
        self.pending: list[str] = []
        self.pending_kind = ("", "")  # markup and info of an escape or entity that starts it
        self.force_text = False  # markdown-it leaves an empty text token after </strong>
        self.marks: list[tuple[str, str]] = []  # open inline tags: (type prefix, markup)
        self.images: list[tuple[Token, list[Token], int]] = []
        self.hidden_paragraph: _Frame | None = None
        self.table_row = 0
        self.aligns: tuple[str, ...] = ()
        self.cell = 0
        self.row_line = 0
        self.code_lines: list[tuple[int, int]] = []  # lines of code (fences without theirs)
        self.main_out = self.out
        self.definitions: dict[str, list[Token]] = {}  # footnote label -> its tokens
        self.notes: dict[str, int] = {}  # referenced footnote labels, in order -> references
        self.note_ids: dict[str, int] = {}  # the same labels -> their footnote's number
        self.footnote_end = -1  # line after the last footnote definition

    # -- positions ---------------------------------------------------------------
    def line(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def lines(self, start: int, end: int) -> list[int]:
        first = self.line(start)
        return [first, max(first + 1, self.line(end - 1) + 1)]

    def text(self, start: int, end: int) -> str:
        if self.ascii:
            return self.src[start:end]
        return self.raw[start:end].decode("utf-8", "replace")

    def starts_line(self, pos: int) -> bool:
        """Only spaces, tabs and container markers precede ``pos`` on its line."""
        before = self.raw[self.starts[self.line(pos)] : pos]
        return not before.strip(b" \t>-*+0123456789.)")

    def byte(self, pos: int) -> str:
        return chr(self.raw[pos]) if 0 <= pos < len(self.raw) else ""

    # -- output ------------------------------------------------------------------
    def push(self, type_: str, tag: str, nesting: Literal[-1, 0, 1], **fields: Any) -> Token:
        if nesting < 0:
            self.level -= 1
        if self.level >= self.max_nesting:
            raise Unsupported("blocks nested past markdown-it's limit (it drops what is deeper)")
        token = _Tok(type_, tag, nesting, level=self.level, block=True, **fields)
        if nesting > 0:
            self.level += 1
        self.out.append(token)
        return token

    def child(self, type_: str, tag: str, nesting: Literal[-1, 0, 1], **fields: Any) -> Token:
        self.flush_text()
        if nesting < 0:
            self.child_level -= 1
        if self.child_level >= self.max_nesting:
            raise Unsupported("inline tags nested past markdown-it's limit")
        token = _Tok(type_, tag, nesting, level=self.child_level, **fields)
        if nesting > 0:
            self.child_level += 1
        self.children.append(token)
        return token

    def flush_text(self) -> None:
        if self.pending or self.force_text:
            content = "".join(self.pending)
            self.pending.clear()
            if content or self.force_text:
                markup, info = self.pending_kind
                self.children.append(
                    _Tok(
                        "text",
                        "",
                        0,
                        level=self.child_level,
                        content=content,
                        markup=markup,
                        info=info,
                    )
                )
            self.pending_kind = ("", "")
            self.force_text = False

    # -- the walk ----------------------------------------------------------------
    def run(self, events: Any) -> None:
        for event, span in events:
            start, end = span["start"], span["end"]
            if type(event) is str:
                self.simple(event, start, end)
                continue
            ((kind, value),) = event.items()
            if kind == "Text":
                self.on_text(value, start, end)
            elif kind == "Start":
                self.start(value, start, end)
            elif kind == "End":
                self.end(value, start, end)
            elif kind == "Code":
                self.check_code_span(start, end)
                self.begin_inline(start)
                source = self.text(start, end)
                run = len(source) - len(source.lstrip("`"))
                self.child("code_inline", "code", 0, content=value, markup="`" * run)
                self.inline_last = end
            elif kind == "InlineHtml":
                self.begin_inline(start)
                self.child("html_inline", "", 0, content=value)
                self.inline_last = end
            elif kind == "Html":
                self.frames[-1].parts.append(value)
            elif kind == "InlineMath":
                self.math(value, start, end, double=False)
            elif kind == "DisplayMath":
                self.math(value, start, end, double=True)
            elif kind == "TaskListMarker":
                self.task(bool(value), end)
            elif kind == "FootnoteReference":
                self.footnote_ref(value, start, end)
            else:  # anything this adapter does not map
                raise Unsupported(kind)
        if self.frames:
            raise Unsupported("unbalanced events")
        if self.notes:
            self.footnote_tail()
        if b"\t" in self.raw:
            self.check_tabs()

    def simple(self, event: str, start: int, end: int) -> None:
        if event == "SoftBreak":
            self.begin_inline(start)
            self.line_end_blanks(start, hard=False)
            self.child("softbreak", "br", 0)
        elif event == "HardBreak":
            self.begin_inline(start)
            if self.raw[start : start + 1] != b"\\":
                self.line_end_blanks(start, hard=True)
            self.child("hardbreak", "br", 0)
        elif event == "Rule":
            self.close_hidden()
            line = self.text(start, end).strip()
            marker = line[0]
            self.push(
                "hr", "hr", 0, map=self.lines(start, end), markup=marker * (line.count(marker) + 1)
            )
        else:
            raise Unsupported(event)

    def line_end_blanks(self, start: int, *, hard: bool) -> None:
        """Keep the blanks before a line break that markdown-it keeps.

        pulldown-cmark drops every space and tab at the end of a line; markdown-it drops
        the spaces only (one before a soft break, all before a hard one).
        """
        newline = self.raw.find(b"\n", start)
        end = newline if newline >= 0 else len(self.raw)
        gap = self.text(self.inline_last, end) if self.inline_last < end else ""
        if hard and not gap.endswith("  "):
            raise Unsupported("a hard break made with a tab (markdown-it wants two spaces)")
        if gap and not gap.strip(" \t"):
            gap = gap.rstrip(" ") if hard else gap.removesuffix(" ")
            if gap:
                self.pending.append(gap)

    def on_text(self, value: str, start: int, end: int) -> None:
        frame = self.frames[-1] if self.frames else None
        if frame is not None and frame.kind in ("code", "html"):
            frame.parts.append(value)
            return
        if "$$" in value or ("$" in value and "$" in (self.byte(start - 1), self.byte(end))):
            raise Unsupported("$$ that pulldown-cmark left unpaired; markdown-it may pair it")
        if "~" in value and ("~~" in value or "~" in (self.byte(start - 1), self.byte(end))):
            raise Unsupported("tildes pulldown-cmark left unpaired; markdown-it may pair them")
        if value.endswith("\\") and self.byte(end) in (" ", "\t"):
            raise Unsupported("a backslash before a space (markdown-it keeps the space)")
        self.begin_inline(start)
        if not self.pending and not self.force_text:
            raw = self.raw
            if value[:1] == "|" and frame is not None and frame.kind == "cell":
                # markdown-it drops the backslash of "\\|" when it splits the row: only a
                # second backslash before it is left to escape the pipe
                if raw[max(0, start - 2) : start] == b"\\\\":
                    self.pending_kind = ("\\|", "escape")
            elif start > 0 and raw[start - 1] == 92 and value[:1] in _PUNCTUATION:
                self.pending_kind = ("\\" + value[0], "escape")
            elif raw[start : start + 1] == b"&" and value != self.text(start, end):
                self.pending_kind = (self.text(start, end), "entity")
            elif raw[start] == 92 and raw[start + 1 : start + 2] not in (b"", b"\n"):
                # a backslash before a letter or a space: literal, as its own token
                after = raw[start + 1 : start + 5].decode("utf-8", "ignore")[:1]
                self.pending_kind = ("\\" + after, "escape")
        self.pending.append(value)
        self.inline_last = end

    def math(self, value: str, start: int, end: int, *, double: bool) -> None:
        if self.byte(end).isdigit() or self.byte(start - 1).isdigit():
            raise Unsupported("math next to a digit")
        if not double and self.text(start, start + 2) == "$$":
            raise Unsupported("$$ that pulldown-cmark pairs with a single $")
        frame = self.frames[-1] if self.frames else None
        if (
            double
            and frame is not None
            and frame.kind == "paragraph"
            and self.inline is None
            and self.text(frame.start, frame.start + 2) == "$$"
        ):
            frame.kind = "math"
            frame.parts.append(value)
            self.inline_last = end
            return
        if "\n" in value:
            raise Unsupported("inline math over a line break (the parsers pair $ apart)")
        if double and self.starts_line(start):
            raise Unsupported("$$ at the start of a line that markdown-it reads as a math block")
        self.begin_inline(start)
        if double:
            self.child("math_inline_double", "math", 0, content=value, markup="$$")
        else:
            self.child("math_inline", "math", 0, content=value, markup="$")
        self.inline_last = end

    def task(self, checked: bool, end: int) -> None:
        item = next((f for f in reversed(self.frames) if f.kind == "item"), None)
        lst = next((f for f in reversed(self.frames) if f.kind == "list"), None)
        if item is None or lst is None or item.token is None or lst.token is None:
            raise Unsupported("task marker outside a list item")
        item.token.attrs["class"] = "task-list-item"
        lst.token.attrs["class"] = "contains-task-list"
        self.begin_inline(end)
        self.inline_first = end
        self.child(
            "html_inline", "", 0, content=_CHECKBOX.format('checked="checked" ' if checked else "")
        )
        self.pending.append(" ")  # markdown-it keeps the space after the marker
        self.inline_last = end

    # -- inline runs -------------------------------------------------------------
    def begin_inline(self, start: int) -> None:
        if self.inline is not None:
            return
        frame = self.frames[-1] if self.frames else None
        if frame is None:
            raise Unsupported("inline content outside a block")
        if frame.kind == "item":  # a tight list item: markdown-it wraps it in a hidden <p>
            frame = _Frame("paragraph", None, start)
            frame.token = self.push(
                "paragraph_open", "p", 1, map=[self.line(start), 0], hidden=True
            )
            self.frames.append(frame)
            self.hidden_paragraph = frame
        elif frame.kind == "math":
            raise Unsupported("display math followed by more text")
        self.inline = _Tok("inline", "", 0, level=self.level, block=True, children=[])
        self.children = self.inline.children  # type: ignore[assignment]
        self.child_level = 0
        self.inline_first = start
        if start > 0 and self.byte(start - 1) == "\\":
            self.inline_first = start - 1
        self.inline_last = start

    def end_inline(self, content: str, line_map: list[int]) -> Token:
        self.flush_text()
        last = content[-1:]
        if (
            (last.isdigit() or last == "\\")
            and self.children
            and self.children[0].type.startswith("math")
        ):
            # dollarmath looks at the character before a leading $: Python's src[-1]
            raise Unsupported("math at the start of a block that ends with a digit")
        token = self.inline or _Tok("inline", "", 0, level=self.level, block=True, children=[])
        token.content = content
        token.map = line_map
        token.level = self.level
        self.out.append(token)
        self.inline = None
        self.children = []
        return token

    def content(self, start: int, end: int) -> str:
        text = self.text(start, end).strip()
        if "\n" not in text:
            return text
        first, *rest = text.split("\n")
        lines = [first]
        depth = sum(1 for f in self.frames if f.kind == "quote")
        for line in rest:
            inner = line
            for _ in range(depth):
                match = _QUOTE_PREFIX.match(inner)
                if match is None:
                    break
                inner = inner[match.end() :]
            lines.append(inner.lstrip(" \t"))
        return "\n".join(lines)

    def close_hidden(self) -> None:
        frame = self.hidden_paragraph
        if frame is None or not self.frames or self.frames[-1] is not frame:
            return
        self.frames.pop()
        self.hidden_paragraph = None
        start, end = self.inline_first, self.inline_last
        first = self.line(start)
        line_map = [first, max(first + 1, self.line(max(end - 1, start)) + 1)]
        assert frame.token is not None
        frame.token.map = line_map
        self.end_inline(self.content(start, end), list(line_map))
        self.push("paragraph_close", "p", -1, hidden=True)

    # -- starts and ends ---------------------------------------------------------
    def start(self, value: Any, start: int, end: int) -> None:
        if type(value) is str:
            name, data = value, None
        else:
            ((name, data),) = value.items()
        if name in _INLINE:
            self.inline_start(name, data, start, end)
            return
        if self.raw[start : start + 1] == b"\n":  # a list indented by a tab starts there
            start += 1
        self.close_hidden()
        if name == "Paragraph":
            frame = _Frame("paragraph", None, start, end)
            frame.token = self.push("paragraph_open", "p", 1, map=self.lines(start, end))
            self.frames.append(frame)
        elif name == "Heading":
            self.heading_open(data, start, end)
        elif name == "List":
            self.list_open(data, start, end)
        elif name == "Item":
            self.item_open(start, end)
        elif name == "BlockQuote":
            if data is not None:
                raise Unsupported("GFM alert")
            token = self.push(
                "blockquote_open", "blockquote", 1, map=self.lines(start, end), markup=">"
            )
            self.frames.append(_Frame("quote", token, start, end))
        elif name == "CodeBlock":
            frame = _Frame("code", None, start, end)
            frame.flag = data != "Indented"  # fenced
            self.frames.append(frame)
        elif name == "HtmlBlock":
            self.frames.append(_Frame("html", None, start, end))
        elif name == "Table":
            self.aligns = tuple(data or ())
            self.table_row = 0
            token = self.push("table_open", "table", 1, map=self.lines(start, end))
            self.frames.append(_Frame("table", token, start, end))
        elif name in ("TableHead", "TableRow"):
            self.row_open(name, start, end)
        elif name == "TableCell":
            tag = "th" if self.table_row == 1 else "td"
            align = self.aligns[self.cell] if self.cell < len(self.aligns) else "None"
            attrs = {"style": _ALIGN[align]} if align in _ALIGN else {}
            self.push(tag + "_open", tag, 1, attrs=attrs)
            self.frames.append(_Frame("cell", None, start, end))
        elif name == "FootnoteDefinition":
            self.footnote_open(str(data), start, end)
        else:
            raise Unsupported(name)

    def heading_open(self, data: Any, start: int, end: int) -> None:
        level = int(data["level"][1])
        if data.get("id") or data.get("classes") or data.get("attrs"):
            raise Unsupported("heading attributes")
        raw = self.text(start, end).rstrip("\n")
        tag = f"h{level}"
        frame = _Frame("heading", None, start, end)
        frame.flag = "\n" not in raw  # ATX; a setext heading has its underline
        if frame.flag:
            frame.marker = "#" * level
        else:
            frame.marker = raw.rsplit("\n", 1)[-1].lstrip(" \t>").strip()[:1]
        frame.token = self.push(
            "heading_open", tag, 1, map=self.lines(start, end), markup=frame.marker
        )
        self.frames.append(frame)

    def list_open(self, data: Any, start: int, end: int) -> None:
        raw = self.text(start, min(end, start + 24)).lstrip(" \t>")
        if data is None:
            marker = raw[:1]
            token = self.push(
                "bullet_list_open", "ul", 1, map=self.lines(start, end), markup=marker
            )
        else:
            digits = len(raw) - len(raw.lstrip("0123456789"))
            marker = raw[digits : digits + 1]
            attrs = {"start": int(data)} if int(data) != 1 else {}
            token = self.push(
                "ordered_list_open", "ol", 1, map=self.lines(start, end), markup=marker, attrs=attrs
            )
        frame = _Frame("list", token, start, end)
        frame.marker = marker
        frame.flag = data is not None
        self.frames.append(frame)

    def item_open(self, start: int, end: int) -> None:
        lst = self.frames[-1]
        raw = self.text(start, min(end, start + 24)).lstrip(" \t>")
        info = ""
        if lst.flag:
            digits = len(raw) - len(raw.lstrip("0123456789"))
            info = raw[:digits]
            marker = raw[digits : digits + 1]
        else:
            marker = raw[:1]
        token = self.push(
            "list_item_open", "li", 1, map=self.lines(start, end), markup=marker, info=info
        )
        frame = _Frame("item", token, start, end)
        frame.marker = marker
        # the column its content starts at: continuation lines are stripped that far
        line_start = self.starts[self.line(start)]
        line_end = self.raw.find(b"\n", line_start)
        first = self.raw[line_start : line_end if line_end >= 0 else len(self.raw)]
        head = len(first) - len(first.lstrip(b" \t>")) + len(info) + len(marker)
        spaces = len(first[head:]) - len(first[head:].lstrip(b" "))
        frame.indent = head + (spaces if 1 <= spaces <= 4 else 1)
        if first[head + spaces : head + spaces + 1] == b"\t":
            frame.indent = -1  # a tab after the marker: columns this check does not follow
        self.frames.append(frame)

    def row_open(self, name: str, start: int, end: int) -> None:
        line_map = self.lines(start, end)
        row = self.raw[self.starts[line_map[0]] : start + 1].lstrip(b">")
        if _columns(row[: len(row) - len(row.lstrip(b" \t"))]) >= 4:
            raise Unsupported("an indented table row (markdown-it ends the table there)")
        if name == "TableHead":
            self.push("thead_open", "thead", 1, map=list(line_map))
            self.frames.append(_Frame("thead", None, start, end))
        else:
            if self.table_row == 1:
                table = self.frames[-1].token
                assert table is not None and table.map is not None
                self.push("tbody_open", "tbody", 1, map=[line_map[0], table.map[1]])
            self.frames.append(_Frame("row", None, start, end))
        self.push("tr_open", "tr", 1, map=list(line_map))
        self.row_line = line_map[0]
        self.cell = 0
        self.table_row += 1

    def end(self, value: Any, start: int, end: int) -> None:
        name = value if type(value) is str else next(iter(value))
        if name in _INLINE:
            self.inline_end(name, start, end)
            return
        self.close_hidden()
        frame = self.frames.pop()
        if name == "Paragraph":
            self.paragraph_close(frame)
        elif name == "Heading":
            self.heading_close(frame)
        elif name in ("List", "Item", "BlockQuote"):
            self.container_close(name, frame)
        elif name == "CodeBlock":
            self.code_block(frame)
        elif name == "HtmlBlock":
            content = "".join(frame.parts)
            self.push("html_block", "", 0, map=self.lines(frame.start, frame.end), content=content)
        elif name == "Table":
            if self.table_row > 1:
                self.push("tbody_close", "tbody", -1)
            self.push("table_close", "table", -1)
        elif name == "TableHead":
            self.push("tr_close", "tr", -1)
            self.push("thead_close", "thead", -1)
        elif name == "TableRow":
            self.push("tr_close", "tr", -1)
        elif name == "TableCell":
            row = self.row_line
            # markdown-it splits rows on unescaped pipes and drops the backslash of "\\|"
            content = self.text(frame.start, frame.end).replace("\\|", "|").strip()
            self.end_inline(content, [row, row + 1])
            tag = "th" if self.table_row == 1 else "td"
            self.push(tag + "_close", tag, -1)
            self.cell += 1
        elif name == "FootnoteDefinition":
            self.level -= 1
            self.out = self.main_out
        else:
            raise Unsupported(name)

    def container_close(self, name: str, frame: _Frame) -> None:
        assert frame.token is not None and frame.token.map is not None
        if name != "List" and self.out[-1] is frame.token:
            raise Unsupported("an empty item or quote (the parsers end it on different lines)")
        if name == "List":
            if frame.items:  # markdown-it's list ends where its last item does
                frame.token.map[1] = frame.items[-1].map[1]  # type: ignore[index]
            kind = frame.token.type.replace("_open", "_close")
            self.push(kind, frame.token.tag, -1, markup=frame.marker)
        elif name == "Item":
            self.push("list_item_close", "li", -1, markup=frame.marker)
            if self.frames and self.frames[-1].kind == "list":
                self.frames[-1].items.append(frame.token)
        else:
            self.push("blockquote_close", "blockquote", -1, markup=">")

    def paragraph_close(self, frame: _Frame) -> None:
        assert frame.token is not None
        if frame.kind == "math":
            if self.inline is not None:
                raise Unsupported("display math followed by more text")
            self.out.pop()  # the paragraph_open
            self.level -= 1
            content = frame.parts[0]
            self.push("math_block", "math", 0, map=frame.token.map, content=content, markup="$$")
            return
        if self.text(frame.start, frame.start + 2) == "$$":
            raise Unsupported("a paragraph that starts with $$")
        self.end_inline(self.content(frame.start, frame.end), list(frame.token.map or []))
        self.push("paragraph_close", "p", -1)

    def heading_close(self, frame: _Frame) -> None:
        assert frame.token is not None
        raw = self.text(frame.start, frame.end)
        first = frame.token.map[0] if frame.token.map else 0
        if frame.flag:  # ATX
            self.flush_text()
            if raw.rstrip("\n")[-1:] in (" ", "\t") and self.children:
                last = self.children[-1]  # markdown-it trims the heading before parsing it
                if last.type == "text":
                    last.content = last.content.rstrip(" \t")
            text = raw.strip(" \t\n")
            text = text[len(text) - len(text.lstrip("#")) :]
            text = _CLOSING_HASHES.sub("", text.strip(" \t"))
            content = text.strip(" \t")
            line_map = [first, first + 1]
        else:
            lines = raw.rstrip("\n").split("\n")[:-1]
            content = self.content(frame.start, frame.start + len("\n".join(lines).encode()))
            line_map = [first, first + len(lines)]
        self.end_inline(content, line_map)
        self.push("heading_close", frame.token.tag, -1, markup=frame.marker)

    # -- footnotes, as mdit-py-plugins' footnote plugin lays them out -------------
    def footnote_open(self, label: str, start: int, end: int) -> None:
        """Gather a definition's tokens aside; the tail puts the referenced ones last."""
        if self.frames or self.out is not self.main_out:
            raise Unsupported("a footnote definition inside a container")
        if not _PLAIN_LABEL.fullmatch(label) or label in self.definitions:
            raise Unsupported("a footnote label markdown-it reads differently")
        if "\n\n" in self.text(start, end).rstrip("\n"):
            raise Unsupported("a footnote of several blocks (the parsers indent them apart)")
        line = self.line(start)
        before = self.raw[self.starts[line - 1] : self.starts[line]] if line > 0 else b""
        if before.strip() and line != self.footnote_end:
            raise Unsupported("a footnote right under other text (it may continue that text)")
        self.footnote_end = self.lines(start, end)[1]
        self.definitions[label] = []
        self.out = self.definitions[label]
        self.level += 1
        self.frames.append(_Frame("footnote", None, start, end))

    def footnote_ref(self, label: str, start: int, end: int) -> None:
        written = self.text(start + 2, end - 1)  # [^label]
        if written != label or not _PLAIN_LABEL.fullmatch(label):
            raise Unsupported("a footnote reference markdown-it matches differently")
        self.begin_inline(start)
        if label not in self.notes:
            self.notes[label] = 0
            self.note_ids[label] = len(self.note_ids)
        ident = self.note_ids[label]
        token = self.child("footnote_ref", "", 0)
        token.meta = {"id": ident, "subId": self.notes[label], "label": label}
        self.notes[label] += 1
        self.inline_last = end

    def footnote_tail(self) -> None:
        if any(label not in self.definitions for label in self.notes):
            raise Unsupported("a footnote matched without regard to case (markdown-it minds it)")
        out = self.out
        out.append(_Tok("footnote_block_open", "", 1))
        for ident, (label, count) in enumerate(self.notes.items()):
            opening = _Tok("footnote_open", "", 1)
            opening.meta = {"id": ident, "label": label}
            out.append(opening)
            out.extend(self.definitions.get(label, []))
            last = out.pop() if out[-1].type == "paragraph_close" else None
            for sub in range(max(count, 1)):
                anchor = _Tok("footnote_anchor", "", 0)
                anchor.meta = {"id": ident, "subId": sub, "label": label}
                out.append(anchor)
            if last is not None:
                out.append(last)
            out.append(_Tok("footnote_close", "", -1))
        out.append(_Tok("footnote_block_close", "", -1))

    def check_code_span(self, start: int, end: int) -> None:
        """Decline a code span whose continuation lines are indented past their container.

        markdown-it-py strips a paragraph's continuation lines before it reads the code
        span; pulldown-cmark keeps what lies past the container's indentation.
        """
        span = self.raw[start:end]
        if b"\n" not in span:
            return
        if any(f.kind == "quote" for f in self.frames):
            raise Unsupported("a code span over a line break in a quote")
        indent = next((f.indent for f in reversed(self.frames) if f.kind == "item"), 0)
        if indent < 0:
            raise Unsupported("a code span over a line break in an item indented by a tab")
        for line in span.split(b"\n")[1:]:
            blanks = len(line) - len(line.lstrip(b" \t"))
            if blanks > indent or b"\t" in line[:blanks]:
                raise Unsupported("a code span over an indented line break")

    def check_tabs(self) -> None:
        """Decline a tab in the indentation of a line that no code block holds.

        Where a container's indentation ends inside a tab, markdown-it-py turns the rest
        of the tab into spaces and pulldown-cmark keeps it; a tab-indented line of code
        (Go, a Makefile) reads the same in both.
        """
        for match in _TAB_INDENT.finditer(self.raw):
            line = self.line(match.start())
            if not any(first <= line < last for first, last in self.code_lines):
                raise Unsupported("a tab in the indentation outside code")

    def code_block(self, frame: _Frame) -> None:
        code = "".join(frame.parts)
        line_map = self.lines(frame.start, frame.end)
        first_line, last_line = line_map
        if frame.flag:  # fenced: the fence lines are not code
            first_line, last_line = first_line + 1, last_line - 1
        self.code_lines.append((first_line, last_line))
        if frame.flag:
            first = self.text(frame.start, frame.end).split("\n", 1)[0].lstrip(" \t")
            fence = first[: len(first) - len(first.lstrip(first[:1]))]
            info = first[len(fence) :]
            self.push("fence", "code", 0, map=line_map, content=code, markup=fence, info=info)
        else:
            if code and not code.endswith("\n"):  # the post's last line, with no newline
                code += "\n"
            self.push("code_block", "code", 0, map=line_map, content=code)

    # -- inline starts and ends --------------------------------------------------
    def inline_start(self, name: str, data: Any, start: int, end: int) -> None:
        self.begin_inline(start)
        self.inline_last = end
        if name == "Emphasis":
            markup = self.byte(start)
            self.marks.append(("em", markup))
            self.child("em_open", "em", 1, markup=markup)
        elif name == "Strong":
            markup = self.byte(start) * 2
            self.flush_text()
            if not self.children or self.children[-1].type != "text":
                self.children.append(_Tok("text", "", 0, level=self.child_level))
            self.marks.append(("strong", markup))
            self.child("strong_open", "strong", 1, markup=markup)
        elif name == "Strikethrough":
            if self.text(start, start + 2) != "~~" or "~" in (self.byte(start - 1), self.byte(end)):
                raise Unsupported("single tildes (markdown-it strikes through with two only)")
            self.marks.append(("s", "~~"))
            self.child("s_open", "s", 1, markup="~~")
        elif name == "Link":
            self.link_open(data)
        elif name == "Image":
            href = _href(self.md, data["dest_url"])
            if href is None:
                raise Unsupported("link markdown-it refuses")
            attrs: dict[str, str | int | float] = {"src": href, "alt": ""}
            if data["title"]:
                attrs["title"] = data["title"]
            if len(self.images) >= self.max_nesting:
                # markdown-it reads deeper images as text; finding each label's end
                # would also take time quadratic in the depth
                raise Unsupported("images nested past markdown-it's limit")
            self.flush_text()
            image = _Tok("image", "img", 0, attrs=attrs, level=self.child_level, children=[])
            self.images.append((image, self.children, self.child_level))
            self.children = image.children  # type: ignore[assignment]
            self.child_level = 0
            self.marks.append(("image", self.alt_source(start, end)))
        else:
            raise Unsupported(name)

    def link_open(self, data: Any) -> None:
        link_type = data["link_type"]
        url = data["dest_url"]
        href = _href(self.md, "mailto:" + url if link_type == "Email" else url)
        if href is None:
            raise Unsupported("link markdown-it refuses")
        attrs: dict[str, str | int | float] = {"href": href}
        if data["title"]:
            attrs["title"] = data["title"]
        if link_type in ("Autolink", "Email"):
            self.marks.append(("autolink", self.md.normalizeLinkText(url)))
            self.child("link_open", "a", 1, attrs=attrs, markup="autolink", info="auto")
        elif link_type in ("Inline", "Reference", "Collapsed", "Shortcut"):
            self.marks.append(("link", ""))
            self.child("link_open", "a", 1, attrs=attrs)
        else:
            raise Unsupported(link_type)

    def alt_source(self, start: int, end: int) -> str:
        """The raw text between ``![`` and its closing ``]``."""
        raw = self.text(start, end)
        close = closing_bracket(raw, 2)
        if close >= len(raw):
            raise Unsupported("image label")
        return raw[2:close]

    def inline_end(self, name: str, start: int, end: int) -> None:
        kind, markup = self.marks.pop()
        self.inline_last = max(self.inline_last, end)
        if kind == "image":
            self.flush_text()
            image, outer, level = self.images.pop()
            image.content = markup
            if not image.children:
                image.children = None  # markdown-it leaves an empty alt without children
            self.children = outer
            self.child_level = level
            self.children.append(image)
        elif kind == "autolink":
            self.pending.clear()
            self.pending.append(markup)
            self.child("link_close", "a", -1, markup="autolink", info="auto")
        elif kind == "link":
            self.child("link_close", "a", -1)
        else:
            self.child(kind + "_close", kind, -1, markup=markup)
            if kind == "strong":
                self.force_text = True


_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image"})
"""Events that start and end inline tags (the rest start and end blocks)."""
