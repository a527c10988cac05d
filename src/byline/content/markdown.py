"""The shared markdown-it-py parser: CommonMark, GFM tables, strikethrough, math, footnotes.

Every consumer (the ``Document`` builder, the site renderer) uses the one instance that
:func:`markdown` returns, so they agree on every token; :func:`parse_markdown` gives its
tokens, built from pulldown-cmark's parse where that maps exactly.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

__all__ = ["NEEDS_SHIMS", "line_marks", "markdown", "parse_markdown"]


# markdown-it-py 3.x walks plain text and line starts one character at a time in Python.
# 4.x does both with C-speed scans itself; on 3.x (which some benchmark peers pin) the two
# shims below do the same. Both give exactly the stock tokens (tests/content/
# test_markdown_shims.py).
_TEXT_MODULE = importlib.import_module("markdown_it.rules_inline.text")
_TERMINATORS: frozenset[str] = frozenset(getattr(_TEXT_MODULE, "_TerminatorChars", ()))
NEEDS_SHIMS = bool(_TERMINATORS)
"""True on markdown-it-py 3.x."""
_TEXT_RUN = re.compile(
    "[^" + re.escape("".join(sorted(_TERMINATORS))) + "]+" if NEEDS_SHIMS else "(?!)"
)


def _text(state: StateInline, silent: bool) -> bool:
    """Skip plain text up to the next character an inline rule may start at."""
    match = _TEXT_RUN.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        state.pending += match.group()
    state.pos = match.end()
    return True


def line_marks(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """Begin, end, indent and tab-expanded indent of each line, as ``StateBlock`` keeps them.

    markdown-it-py computes these one character at a time in Python (about 1.7 ms for a
    2,000-word post); this does the same per line. A final line of only spaces or tabs
    with no newline is left out, as markdown-it-py does.
    """
    begins: list[int] = []
    ends: list[int] = []
    shifts: list[int] = []
    counts: list[int] = []
    pos, length = 0, len(src)
    while pos < length:
        newline = src.find("\n", pos)
        end = length if newline < 0 else newline
        line = src[pos:end]
        indent = len(line) - len(line.lstrip(" \t"))
        if newline < 0 and indent == len(line):
            break
        count = indent
        if "\t" in line[:indent]:
            count = 0
            for char in line[:indent]:
                count += 4 - count % 4 if char == "\t" else 1
        begins.append(pos)
        ends.append(end)
        shifts.append(indent)
        counts.append(count)
        pos = end + 1
    return begins, ends, shifts, counts


def _block_parse(src: str, md: MarkdownIt, env: Any, out: list[Token]) -> list[Token] | None:
    """``ParserBlock.parse`` with the line marks computed by ``line_marks``."""
    if not src:
        return None
    state = StateBlock("", md, env, out)  # every field initialised, no lines yet
    begins, ends, shifts, counts = line_marks(src)
    length = len(src)
    state.src = src
    state.bMarks = [*begins, length]
    state.eMarks = [*ends, length]
    state.tShift = [*shifts, 0]
    state.sCount = [*counts, 0]
    state.bsCount = [0] * (len(begins) + 1)
    state.lineMax = len(begins)
    md.block.tokenize(state, state.line, state.lineMax)
    return state.tokens


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The shared parser: CommonMark, GFM tables, strikethrough, $math$, footnotes, task lists."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    if NEEDS_SHIMS:
        md.inline.ruler.at("text", _text)
        md.block.parse = _block_parse  # type: ignore[method-assign, assignment]
    md.use(dollarmath_plugin, allow_digits=False, allow_space=False, double_inline=True)
    md.use(footnote_plugin)
    md.use(tasklists_plugin)
    return md


def parse_markdown(src: str, env: dict[str, Any]) -> list[Token]:
    """The shared parser's tokens for ``src``, by pulldown-cmark where it maps exactly.

    :mod:`byline.content.pulldown` builds markdown-it's very token stream from
    pulldown-cmark's events at about twice markdown-it-py's speed; a post that uses a
    construct the two parsers read differently (``$5-$10``, for one) is parsed by
    markdown-it-py itself.
    """
    md = markdown()
    try:
        from byline.content.pulldown import Unsupported, parse_tokens
    except ImportError:  # pragma: no cover - a platform pyromark has no wheel for
        return md.parse(src, env)
    try:
        return parse_tokens(src, md, env)
    except Unsupported:
        env.clear()
        return md.parse(src, env)
