"""The two speed shims on markdown-it-py give exactly the tokens of the stock parser."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline.text import text as stock_text

from byline.content.markdown import NEEDS_SHIMS, line_marks, markdown
from tests.conftest import corpus_files


def stock() -> MarkdownIt:
    md = markdown.__wrapped__()  # a fresh instance with the same plugins
    if NEEDS_SHIMS:  # markdown-it-py 3.x: undo the shims
        del md.block.parse  # the class's own method again
        md.inline.ruler.at("text", stock_text)
    return md


def tokens(md: MarkdownIt, text: str) -> list[tuple[object, ...]]:
    out = []
    for token in md.parse(text):
        for t in [token, *(token.children or [])]:
            out.append((t.type, t.tag, t.content, t.map, t.markup, t.info))
    return out


PIECES = [
    " ",
    "\t",
    "\n",
    "a",
    "  ",
    "# ",
    "- ",
    "> ",
    "`",
    "*",
    "$",
    "[x](y)",
    "|a|\n|-|\n",
    "\n\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30))
def test_line_marks_match_state_block(parts: list[str]) -> None:
    src = "".join(parts).replace("\r", "\n").replace("\0", "")
    state = StateBlock(src, MarkdownIt(), {}, [])
    assert line_marks(src) == (
        state.bMarks[:-1],
        state.eMarks[:-1],
        state.tShift[:-1],
        state.sCount[:-1],
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30))
def test_tokens_match_the_stock_parser(parts: list[str]) -> None:
    text = "".join(parts)
    assert tokens(markdown(), text) == tokens(stock(), text)


def test_tokens_match_on_real_posts() -> None:
    reference = stock()
    for path in corpus_files():
        text = path.read_text("utf-8")
        assert tokens(markdown(), text) == tokens(reference, text), path
