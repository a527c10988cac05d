"""The parsed post: every element a consumer needs, with its place in the source file.

A ``Document`` is built once per post by :func:`byline.content.parse.parse` and never
re-parsed by a consumer. Offsets are indices into ``Document.source`` (the whole file,
front matter included); lines and columns are 1-based, columns count characters.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from byline.content.post import FrontMatter
from byline.content.sentences import CODE, count_words, split_sentences
from byline.pickle_cache import by_fields

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "DOCUMENT_FORMAT",
    "Block",
    "CodeBlock",
    "Comment",
    "Document",
    "Heading",
    "HtmlBlock",
    "Image",
    "InlineCode",
    "Link",
    "ListBlock",
    "MathBlock",
    "Paragraph",
    "Section",
    "Sentence",
    "Span",
    "Table",
    "ThematicBreak",
]


DOCUMENT_FORMAT = 4
"""Bumped whenever the shape of these classes changes, so cached documents are rebuilt."""


@by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A range of the source file."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    line: int
    """1-based line of ``start``."""
    column: int
    """1-based column of ``start``."""
    end_line: int
    """1-based line of the last character (of ``end`` when the span is empty)."""
    end_column: int
    """1-based column one past the last character, on ``end_line``."""


_NEWLINE = re.compile(r"\r\n?|\n")


class LineIndex:
    """Turns source offsets into lines and columns.

    Lines end at ``\n``, ``\r\n`` or a lone ``\r``, as in markdown-it.
    """

    def __init__(self, source: str) -> None:
        self.starts = [0]
        self.ends: list[int] = []
        """Offset of each line's terminator (or the end of the file)."""
        if "\r" in source:
            for match in _NEWLINE.finditer(source):
                self.ends.append(match.start())
                self.starts.append(match.end())
            self.ends.append(len(source))
        else:  # the usual case, four times faster from the lines' lengths
            self.starts = [0, *accumulate([len(line) + 1 for line in source.split("\n")])]
            self.starts.pop()
            self.ends = [start - 1 for start in self.starts[1:]]
            self.ends.append(len(source))
        self.length = len(source)
        self._source = source

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        """The span of ``source[start:end]``."""
        start = max(0, min(start, self.length))
        end = max(start, min(end, self.length))
        line, column = self.position(start)
        if end > start:
            end_line, end_column = self.position(end - 1)
            end_column += 1
        else:
            end_line, end_column = line, column
        return Span(start, end, line, column, end_line, end_column)

    def line_span(self, first: int, last: int) -> Span:
        """The span of 0-based source lines ``first`` .. ``last - 1`` without the final newline."""
        start = self.starts[first] if first < len(self.starts) else self.length
        end = self.ends[last - 1] if 0 < last <= len(self.ends) else self.length
        return self.span(start, max(start, end))

    def text(self, n: int) -> str:
        """0-based line ``n`` without its terminator ('' past the end)."""
        if n >= len(self.starts):
            return ""
        return self._source[self.starts[n] : self.ends[n]]


@by_fields
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of prose, with inline markup removed."""

    text: str
    """Plain text: emphasis and link syntax dropped, each inline code span replaced
    by ``\\ufffc`` (so prose rules never look inside code), line breaks as spaces."""
    offsets: array[int]
    """Source offset of each character of ``text``; -1 for characters byline made up
    (a line break turned into a space, the code placeholder)."""
    span: Span
    """From the first to the last character of the sentence in the source."""
    words: int
    """Words, counting each inline code span as one word."""
    paragraph: int
    """Index of the paragraph in ``Document.paragraphs``."""

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``text[start:end]`` (for a diagnostic inside the sentence)."""
        known = [o for o in self.offsets[start:end] if o >= 0]
        if not known:
            return self.span.start, self.span.end
        return known[0], known[-1] + 1


@by_fields
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of prose (also one inside a list item, block quote or table-free HTML)."""

    span: Span
    text: str
    """Plain text (see ``Sentence.text``)."""
    words: int
    """Prose words, inline code excluded."""
    section: int
    """Index in ``Document.sections`` of the section holding it."""
    in_list: bool = False
    """Inside a list item."""
    in_quote: bool = False
    """Inside a block quote."""
    offsets: array[int] = field(default_factory=lambda: array("i"))
    """Source offset of each character of ``text`` (-1 where byline made it up), as
    4-byte integers: a tuple of ints took nine times the memory and most of the time
    to read a cached post back."""
    index: int = 0
    """Index in ``Document.paragraphs``."""
    lines: LineIndex | None = field(default=None, repr=False, compare=False)
    _sentences: tuple[Sentence, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The paragraph's sentences, split on first use (the site build never needs them)."""
        if self._sentences is None:
            object.__setattr__(self, "_sentences", self._split())
        return self._sentences  # type: ignore[return-value]

    def _split(self) -> tuple[Sentence, ...]:
        text, offsets, lines = self.text, self.offsets, self.lines
        out = []
        for s, e in split_sentences(text):
            part = offsets[s:e]
            first = next((o for o in part if o >= 0), -1)
            last = next((o for o in reversed(part) if o >= 0), -1)
            start, end = (first, last + 1) if first >= 0 else (self.span.start, self.span.end)
            sentence_text = text[s:e]
            out.append(
                Sentence(
                    text=sentence_text,
                    offsets=part,
                    span=lines.span(start, end) if lines else self.span,
                    words=count_words(sentence_text) + sentence_text.count(CODE),
                    paragraph=self.index,
                )
            )
        return tuple(out)


@by_fields
@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX or setext heading."""

    level: int
    text: str
    """Plain text of the heading."""
    anchor: str
    """The id the site gives it, unique within the post (GitHub style)."""
    span: Span
    """The whole heading line(s)."""
    text_span: Span
    """The heading's inline source (without ``#`` markers)."""


@by_fields
@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    heading: Heading | None
    """None for the part before the first heading."""
    level: int
    """Heading level; 0 for the part before the first heading."""
    words: int
    """Prose words directly in this section, before any subheading."""
    total_words: int
    """Prose words including all subsections."""
    span: Span
    parent: int | None
    """Index of the enclosing section, if any."""


@by_fields
@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced or indented code block."""

    lang: str
    """First word of the info string, lowercased ('' when missing or indented)."""
    info: str
    """The whole info string."""
    options: dict[str, str]
    """Words after the language: ``key=value`` pairs, bare words map to ``''``."""
    code: str
    """The block's content."""
    span: Span
    """The whole block, fences included."""
    code_span: Span
    """The content lines."""
    fenced: bool
    fence: str
    """The fence marker, such as three backticks."""
    section: int
    """Index in ``Document.sections``."""


@by_fields
@dataclass(frozen=True, slots=True)
class InlineCode:
    code: str
    span: Span
    """Backticks included."""


@by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """A link: inline, reference-style, autolink or raw HTML ``<a href>``."""

    url: str
    text: str
    """Plain link text."""
    span: Span
    kind: str
    """``inline``, ``reference``, ``autolink`` or ``html``."""
    title: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Image:
    """An image, from Markdown or a raw HTML ``<img>``."""

    src: str
    alt: str | None
    """Alt text; None when an HTML image has no alt attribute at all."""
    span: Span
    html: bool = False
    title: str = ""
    alt_span: Span | None = None
    """Where the Markdown alt text sits (between ``![`` and ``]``)."""


@by_fields
@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    span: Span
    section: int
    words: int


@by_fields
@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[str, ...]
    """Plain text of each item."""
    item_spans: tuple[Span, ...]
    span: Span
    section: int
    depth: int
    """0 for a top-level list."""


@by_fields
@dataclass(frozen=True, slots=True)
class HtmlBlock:
    html: str
    span: Span


@by_fields
@dataclass(frozen=True, slots=True)
class MathBlock:
    tex: str
    display: bool
    span: Span


@by_fields
@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment (``<!-- ... -->``): byline directives and template prompts."""

    text: str
    """Inside the comment markers, stripped."""
    span: Span


@by_fields
@dataclass(frozen=True, slots=True)
class ThematicBreak:
    span: Span


Block = Paragraph | Heading | CodeBlock | Table | ListBlock | HtmlBlock | MathBlock | ThematicBreak


@dataclass(slots=True)
class Document:
    """A parsed post."""

    path: Path
    source: str
    front_matter: FrontMatter
    body_start: int
    """Offset where the Markdown body starts (after the front matter)."""
    body_line: int
    lines: LineIndex
    blocks: list[Block] = field(default_factory=list)
    """Top-level and nested blocks in source order."""
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    inline_code: list[InlineCode] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    html: list[HtmlBlock] = field(default_factory=list)
    math: list[MathBlock] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    link_definitions: dict[str, str] = field(default_factory=dict)
    """Reference-style link definitions: label (normalised) to URL."""
    tokens: list[Token] | None = field(default_factory=list)
    """markdown-it tokens of the body (line maps relative to ``body_line``), so the site
    renders HTML without parsing the Markdown again; None in documents from
    ``Blog.load``, which keeps none (see there)."""

    @property
    def title(self) -> str:
        """The front matter title, else the first H1's text."""
        if self.front_matter.title:
            return self.front_matter.title
        h1 = next((h for h in self.headings if h.level == 1), None)
        return h1.text if h1 else ""

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of every paragraph, in order."""
        return [s for p in self.paragraphs for s in p.sentences]

    @property
    def words(self) -> int:
        """Prose words of the post: paragraphs and table cells; code, math and HTML excluded."""
        return sum(p.words for p in self.paragraphs) + sum(t.words for t in self.tables)

    @property
    def slug(self) -> str:
        """The front matter slug, else the file name without ``.md``."""
        return self.front_matter.slug or self.path.stem

    def span(self, start: int, end: int) -> Span:
        """A span of the source, with lines and columns."""
        return self.lines.span(start, end)
