"""Markdown post -> ``Document``, in one pass over markdown-it-py's tokens."""

from __future__ import annotations

import re
import shlex
from array import array
from collections.abc import Iterator
from pathlib import Path

from markdown_it.token import Token

from byline.content.document import (
    CodeBlock,
    Comment,
    Document,
    Heading,
    HtmlBlock,
    Image,
    InlineCode,
    LineIndex,
    Link,
    ListBlock,
    MathBlock,
    Paragraph,
    Section,
    Table,
    ThematicBreak,
)
from byline.content.inline import InlineResult, SourceMap, add_html_image, html_attrs, walk_inline
from byline.content.markdown import markdown, parse_markdown
from byline.content.post import FrontMatter, parse_front_matter, split_front_matter
from byline.content.sentences import CODE, count_words
from byline.content.slug import AnchorIds
from byline.errors import InputError

__all__ = ["parse", "parse_info"]

_COMMENT = re.compile("<!--")
_IMG = re.compile(r"<img\b", re.I)
_A_HREF = re.compile(r"<a\b", re.I)


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Language and options of a fence's info string.

    ``python session=setup timeout=5 norun`` -> ``("python", {"session": "setup",
    "timeout": "5", "norun": ""})``. A ``{.python .cb-run}`` style string keeps its words.
    """
    info = info.strip()
    if not info:
        return "", {}
    try:
        words = shlex.split(info)
    except ValueError:
        words = info.split()
    lang = words[0].strip("{}.").lower()
    options: dict[str, str] = {}
    for word in words[1:]:
        key, _, value = word.partition("=")
        options[key.strip("{},")] = value
    return lang, options


def parse(
    source: str, path: Path | str = "post.md", *, front: FrontMatter | None = None
) -> Document:
    """Parse a whole post (front matter and Markdown body) into a ``Document``.

    ``front`` is the post's front matter when the caller has already read it from this
    very ``source`` (the site build does, to decide what is on the site). Raises
    ``InputError`` for invalid front matter, and for quotes or lists nested so deep that
    their text would be lost (``_Builder.refuse_lost_blocks``); any other Markdown is read.
    """
    path = Path(path)
    block = split_front_matter(source, path)
    if front is None or block is None:
        front = parse_front_matter(block, path) if block else FrontMatter()
    body_start = block.body_start if block else 0
    body_line = block.body_line if block else 1
    doc = Document(
        path=path,
        source=source,
        front_matter=front,
        body_start=body_start,
        body_line=body_line,
        lines=LineIndex(source),
    )
    env: dict[str, object] = {}
    tokens = parse_markdown(source[body_start:], env)
    _Builder(doc, body_line - 1).build(tokens)
    doc.tokens = tokens
    refs = env.get("references")
    if isinstance(refs, dict):
        doc.link_definitions = {str(k): str(v.get("href", "")) for k, v in refs.items()}
    return doc


class _Builder:
    def __init__(self, doc: Document, line_offset: int) -> None:
        self.doc = doc
        self.offset = line_offset
        self.anchors = AnchorIds()
        self.section = 0
        self.containers: list[str] = []
        self.lists: list[tuple[Token, list[str], list[tuple[int, int]]]] = []
        self.open_sections: list[int] = []
        """Indices of the sections a new heading may nest in, levels rising."""
        self.doc.sections.append(
            Section(None, 0, 0, 0, doc.span(doc.body_start, len(doc.source)), None)
        )

    # -- positions ---------------------------------------------------------------
    def lines_span(self, token: Token) -> tuple[int, int]:
        first, last = token.map or (0, 0)
        return first + self.offset, last + self.offset

    def block_span(self, token: Token) -> tuple[int, int]:
        first, last = self.lines_span(token)
        span = self.doc.lines.line_span(first, max(first + 1, last))
        return span.start, span.end

    def smap(self, inline: Token, min_col: int = 0) -> SourceMap:
        first, _ = self.lines_span(inline)
        return SourceMap.locate(inline.content, self.doc.lines, first, min_col)

    # -- the walk ----------------------------------------------------------------
    def build(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            handler = getattr(self, "on_" + tok.type, None)
            if handler is not None:
                i = handler(tokens, i)
            i += 1
        self.finish_sections()

    def on_heading_open(self, tokens: list[Token], i: int) -> int:
        tok, inline = tokens[i], tokens[i + 1]
        level = int(tok.tag[1])
        min_col = 0
        if tok.markup.startswith("#"):
            first, _ = self.lines_span(tok)
            line = self.doc.lines.text(first)
            min_col = len(line) - len(line.lstrip(" ")) + len(tok.markup)
        smap = self.smap(inline, min_col)
        result = walk_inline(inline, smap)
        self.collect_inline(result)
        plain = " ".join(_with_code(result))
        start, end = self.block_span(tok)
        text_start, text_end = smap.offset(0), smap.offset(len(inline.content) - 1) + 1
        if text_start < 0 or text_end <= text_start or not inline.content:
            text_start = text_end = end
        heading = Heading(
            level=level,
            text=plain,
            anchor=self.anchors.unique(plain),
            span=self.doc.span(start, end),
            text_span=self.doc.span(text_start, text_end),
        )
        self.doc.headings.append(heading)
        self.doc.blocks.append(heading)
        parent = self.parent_for(level)
        self.doc.sections.append(Section(heading, level, 0, 0, heading.span, parent))
        self.section = len(self.doc.sections) - 1
        return i + 2

    def parent_for(self, level: int) -> int | None:
        """The latest section of a lower level (0: none), from the stack of open ones."""
        sections, open_ = self.doc.sections, self.open_sections
        while open_ and sections[open_[-1]].level >= level:
            open_.pop()
        parent = open_[-1] if open_ else 0
        open_.append(len(sections))  # the section about to be added
        return parent

    def on_paragraph_open(self, tokens: list[Token], i: int) -> int:
        tok, inline = tokens[i], tokens[i + 1]
        result = walk_inline(inline, self.smap(inline))
        self.collect_inline(result)
        text = result.text
        start, end = self.block_span(tok)
        paragraph = Paragraph(
            span=self.doc.span(start, end),
            text=text,
            words=count_words(text),
            section=self.section,
            in_list="list_item" in self.containers,
            in_quote="blockquote" in self.containers,
            offsets=array("i", result.offsets),
            index=len(self.doc.paragraphs),
            lines=self.doc.lines,
        )
        self.doc.paragraphs.append(paragraph)
        self.doc.blocks.append(paragraph)
        if self.lists and self.containers and self.containers[-1] == "list_item":
            self.lists[-1][1][-1] += (" " if self.lists[-1][1][-1] else "") + text.replace(CODE, "")
        return i + 2

    def on_fence(self, tokens: list[Token], i: int) -> int:
        self.code_block(tokens[i], fenced=True)
        return i

    def on_code_block(self, tokens: list[Token], i: int) -> int:
        self.code_block(tokens[i], fenced=False)
        return i

    def code_block(self, tok: Token, *, fenced: bool) -> None:
        first, last = self.lines_span(tok)
        start, end = self.block_span(tok)
        lang, options = parse_info(tok.info) if fenced else ("", {})
        if fenced:
            closed = last - first >= 2 and tok.markup in self.doc.lines.text(last - 1)
            code_first, code_last = first + 1, last - 1 if closed else last
        else:
            code_first, code_last = first, last
        if code_last > code_first:
            code_span = self.doc.lines.line_span(code_first, code_last)
        else:
            pos = self.doc.lines.starts[min(code_first, len(self.doc.lines.starts) - 1)]
            code_span = self.doc.span(pos, pos)
        block = CodeBlock(
            lang=lang,
            info=tok.info.strip(),
            options=options,
            code=tok.content,
            span=self.doc.span(start, end),
            code_span=code_span,
            fenced=fenced,
            fence=tok.markup,
            section=self.section,
        )
        self.doc.code_blocks.append(block)
        self.doc.blocks.append(block)

    def on_html_block(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        start, end = self.block_span(tok)
        raw = self.doc.source[start:end]
        block = HtmlBlock(tok.content, self.doc.span(start, end))
        self.doc.html.append(block)
        self.doc.blocks.append(block)
        self.scan_html(raw, start)
        return i

    def scan_html(self, raw: str, base: int) -> None:
        result = InlineResult()
        pieces, pos = [], 0
        for start, end in _closed(raw, _COMMENT, "-->"):
            result.comments.append((base + start, base + end, raw[start + 4 : end - 3].strip()))
            pieces += [raw[pos:start], " " * (end - start)]
            pos = end
        without_comments = "".join(pieces) + raw[pos:]
        for start, end in _closed(without_comments, _IMG, ">"):
            add_html_image(result, without_comments[start:end], base + start)
        for start, end in _closed(without_comments, _A_HREF, ">"):
            href = html_attrs(without_comments[start:end]).get("href")
            if href is not None:
                result.links.append((base + start, base + end, href, "", "html", ""))
        self.collect_inline(result)

    def on_math_block(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        start, end = self.block_span(tok)
        block = MathBlock(tok.content, True, self.doc.span(start, end))
        self.doc.math.append(block)
        self.doc.blocks.append(block)
        return i

    on_math_block_label = on_math_block

    def on_hr(self, tokens: list[Token], i: int) -> int:
        start, end = self.block_span(tokens[i])
        self.doc.blocks.append(ThematicBreak(self.doc.span(start, end)))
        return i

    def on_table_open(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        rows: list[list[str]] = []
        words = 0
        j = i + 1
        while j < len(tokens) and tokens[j].type != "table_close":
            t = tokens[j]
            if t.type == "tr_open":
                rows.append([])
            elif t.type == "inline" and rows:
                result = walk_inline(t, self.smap(t))
                self.collect_inline(result)
                cell = " ".join(_with_code(result))
                rows[-1].append(cell)
                words += count_words(result.text)
            j += 1
        start, end = self.block_span(tok)
        table = Table(
            header=tuple(rows[0]) if rows else (),
            rows=tuple(tuple(r) for r in rows[1:]),
            span=self.doc.span(start, end),
            section=self.section,
            words=words,
        )
        self.doc.tables.append(table)
        self.doc.blocks.append(table)
        return j

    def refuse_lost_blocks(self, tok: Token) -> None:
        """Raise ``InputError`` for a quote or list nested so deep that markdown-it leaves
        out what is inside it (it reads ``maxNesting`` levels and silently drops the rest).
        Asked by the handlers of the containers, which are the only tokens that nest so."""
        deepest = markdown().options["maxNesting"] - 1
        if tok.level >= deepest:
            raise InputError(
                f"quotes and lists are nested too deep here: byline reads {deepest + 1} levels "
                "(a list and its item count as two) and would leave out what is deeper. "
                "Nest them less deeply.",
                path=self.doc.path,
                line=(tok.map[0] if tok.map else 0) + self.offset + 1,
            )

    def on_blockquote_open(self, tokens: list[Token], i: int) -> int:
        self.refuse_lost_blocks(tokens[i])
        self.containers.append("blockquote")
        return i

    def on_blockquote_close(self, tokens: list[Token], i: int) -> int:
        self.containers.pop()
        return i

    def on_bullet_list_open(self, tokens: list[Token], i: int) -> int:
        self.refuse_lost_blocks(tokens[i])
        self.lists.append((tokens[i], [], []))
        return i

    on_ordered_list_open = on_bullet_list_open

    def on_list_item_open(self, tokens: list[Token], i: int) -> int:
        self.refuse_lost_blocks(tokens[i])
        self.containers.append("list_item")
        if self.lists:
            self.lists[-1][1].append("")
            self.lists[-1][2].append(self.block_span(tokens[i]))
        return i

    def on_list_item_close(self, tokens: list[Token], i: int) -> int:
        self.containers.pop()
        return i

    def on_bullet_list_close(self, tokens: list[Token], i: int) -> int:
        tok, items, spans = self.lists.pop()
        start, end = self.block_span(tok)
        block = ListBlock(
            ordered=tok.type == "ordered_list_open",
            items=tuple(items),
            item_spans=tuple(self.doc.span(s, e) for s, e in spans),
            span=self.doc.span(start, end),
            section=self.section,
            depth=len(self.lists),
        )
        self.doc.lists.append(block)
        self.doc.blocks.append(block)
        return i

    on_ordered_list_close = on_bullet_list_close

    # -- gathering ---------------------------------------------------------------
    def collect_inline(self, r: InlineResult) -> None:
        doc = self.doc
        for start, end, url, text, kind, title in r.links:
            if 0 <= start < end:
                doc.links.append(Link(url, text, doc.span(start, end), kind, title))
        for start, end, src, alt, html, title, alt_start, alt_end in r.images:
            if not 0 <= start < end:
                continue
            alt_span = doc.span(alt_start, alt_end) if alt_start >= 0 and alt_end >= 0 else None
            doc.images.append(Image(src, alt, doc.span(start, end), html, title, alt_span))
        for start, end, code in r.code:
            if 0 <= start < end:
                doc.inline_code.append(InlineCode(code, doc.span(start, end)))
        for start, end, _ in r.comments:
            raw = doc.source[start:end] if 0 <= start < end else ""
            if raw.startswith("<!--") and raw.endswith("-->"):
                doc.comments.append(Comment(raw[4:-3].strip(), doc.span(start, end)))

    def finish_sections(self) -> None:
        doc = self.doc
        own = [0] * len(doc.sections)
        for p in doc.paragraphs:
            own[p.section] += p.words
        for t in doc.tables:
            own[t.section] += t.words
        total = own[:]
        for index in range(len(doc.sections) - 1, 0, -1):
            parent = doc.sections[index].parent
            if parent is not None and parent > 0:
                total[parent] += total[index]
        ends = _section_ends(doc.sections, len(doc.source))
        for index, section in enumerate(doc.sections):
            if index == 0:
                span = doc.span(doc.body_start, ends[0])
            else:
                span = doc.span(section.span.start, ends[index])
            doc.sections[index] = Section(
                section.heading, section.level, own[index], total[index], span, section.parent
            )


def _closed(text: str, opening: re.Pattern[str], closing: str) -> Iterator[tuple[int, int]]:
    """Spans from each ``opening`` to the first ``closing`` after it, not overlapping, in
    one pass: a regular expression like ``<!--.*?-->`` searched the rest of the text again
    for every opening left unclosed."""
    pos = 0
    while (match := opening.search(text, pos)) is not None:
        end = text.find(closing, match.end())
        if end < 0:
            return
        pos = end + len(closing)
        yield match.start(), pos


def _section_ends(sections: list[Section], end_of_file: int) -> list[int]:
    """Where each section ends: at the next heading of the same or a higher level (the
    first heading for the part before it), in one pass."""
    ends = [end_of_file] * len(sections)
    if len(sections) > 1:
        ends[0] = sections[1].span.start
    waiting: list[int] = []
    for index in range(1, len(sections)):
        section = sections[index]
        while waiting and sections[waiting[-1]].level >= section.level:
            ends[waiting.pop()] = section.span.start
        waiting.append(index)
    return ends


def _with_code(result: InlineResult) -> list[str]:
    """Plain words of an inline result with each code placeholder replaced by its code."""
    codes = iter(c for _, _, c in result.code)
    out = []
    for part in result.text.split(CODE):
        out.append(part)
        out.append(next(codes, ""))
    return [w for w in " ".join(out).split() if w]
