"""pulldown-cmark's events become exactly markdown-it-py's tokens, or the post falls back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from byline.content.markdown import markdown, parse_markdown
from byline.content.parse import parse
from byline.content.post import split_front_matter
from byline.content.pulldown import Unsupported, parse_tokens
from tests.conftest import CORPUS, corpus_files

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "markup", "info", "meta")
FIELDS += ("block", "hidden")


def _content(token: Token) -> str:
    # Continuation lines of a block keep markdown-it's indentation beyond the container's;
    # the builder aligns each content line with the end of its source line, so only the
    # leading blanks of those lines may differ.
    if token.type == "inline":
        return "\n".join(line.lstrip(" \t") for line in token.content.split("\n"))
    return token.content


def difference(got: list[Token], want: list[Token], where: str = "") -> str | None:
    """Where two token streams first differ, or None when they agree."""
    for i, (a, b) in enumerate(zip(got, want, strict=False)):
        for name in FIELDS:
            if getattr(a, name) != getattr(b, name):
                return f"{where}[{i}] {b.type}.{name}: {getattr(a, name)!r} != {getattr(b, name)!r}"
        if _content(a) != _content(b):
            return f"{where}[{i}] {b.type}.content: {a.content!r} != {b.content!r}"
        if (a.children is None) != (b.children is None):
            return f"{where}[{i}] {b.type}.children: {a.children!r} != {b.children!r}"
        if a.children and b.children is not None:
            inner = difference(a.children, b.children, f"{where}[{i}]")
            if inner:
                return inner
    if len(got) != len(want):
        return f"{where}: {len(got)} tokens != {len(want)}"
    return None


def agrees(body: str) -> bool:
    """True when pulldown gives markdown-it's tokens; False when it declines the post."""
    md = markdown()
    want_env: dict[str, object] = {}
    want = md.parse(body, want_env)
    env: dict[str, object] = {}
    try:
        got = parse_tokens(body, md, env)
    except Unsupported:
        return False
    assert difference(got, want) is None, difference(got, want)
    refs = {k: v["href"] for k, v in env.get("references", {}).items()}  # type: ignore[attr-defined]
    want_refs = {k: v["href"] for k, v in want_env.get("references", {}).items()}  # type: ignore[attr-defined]
    assert refs == want_refs
    return True


def body_of(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    block = split_front_matter(source, path)
    return source[block.body_start :] if block else source


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus not found")
def test_every_corpus_post_gets_markdown_its_tokens() -> None:
    assert corpus_files()
    declined = [p.name for p in corpus_files() if not agrees(body_of(p))]
    assert declined == []  # footnotes included (two posts have them)


def test_example_blog_and_fixture_posts_agree() -> None:
    posts = sorted((ROOT / "src" / "byline" / "example").rglob("*.md"))
    posts += sorted((ROOT / "tests").rglob("*.md"))
    assert posts
    for path in posts:
        assert agrees(body_of(path)), path


BENCH_CORPUS = [
    p / "tools" / "bench-corpus" / "gen_corpus.py"
    for p in (ROOT.parent / "shared", ROOT / "shared")
]


@pytest.mark.skipif(not any(p.is_file() for p in BENCH_CORPUS), reason="gen_corpus.py not found")
def test_benchmark_corpus_agrees(tmp_path: Path) -> None:
    tool = next(p for p in BENCH_CORPUS if p.is_file())
    cmd = [sys.executable, str(tool), "--n", "150", "--out", str(tmp_path), "--seed", "7"]
    subprocess.run(cmd, check=True, capture_output=True)
    posts = sorted((tmp_path / "posts").glob("*.md"))
    assert len(posts) == 150
    assert all(agrees(body_of(p)) for p in posts)


CASES = [
    '# Title *em* $x$\n\nPara `code` [link](a.md "t") ![alt *x*](i.png)\nnext\\\nhard  \nend',
    "<b>x</b> ~~s~~ **b** _e_ &amp; \\* \\[x\\] \\h and \\ space",
    "**Bold** first\n\nx **a** y\n\n***a***\n\n*a **b***\n\n**a**b\n\n*__a__*",
    "> quote\ncontinued\n\n> > nested\n> > more\n\n> - a\n> - b",
    "- a\n- b\n\n  para2\n\n3. x\n4. y\n\n1) z",
    "- a\n  - b\n    - c\n\n- [ ] task\n- [x] done *em*",
    "Setext\n---\n\nTwo line\nsetext\n===\n\n***\n\n- - -\n\n___",
    "    indented\n\n~~~py run\ncode\n~~~\n\n````\nfour\n````\n\n```\nunclosed",
    "| a | b | c |\n|:--|--:|:-:|\n| 1 | `|` |\n| x | y | z | w |\n\ntext after",
    "$$\nm\n$$\n\n<div>\nhtml\n</div>\n\n<!-- note -->\n\nA $$x$$ b $y$ c",
    "<https://x.y/a?b=1> <a@b.co> [ref][r] [Ref] [u](<a b> 'q') ![](e.png)\n\n[r]: /x\n[ref]: /y",
    "Héllo *wörld* — 日本語 [リンク](x.md) `コード`\n\n| ä | ö |\n|---|---|\n| ü | ß |\n\n# Überschrift",
    "![alt with [brackets]](i.png) [a `]` b](c.md) [x\\]y](z.md)",
    "trailing space \nline\n\n  indented para\n  continues\n\n\tTabbed",
    "An [empty link]() and ![empty image]() and [spaces](<>)",
    "Windows\r\nline ends\r\n\r\n```\r\ncode\r\n```\r\n- a\r\n- b\r\n",
    "A tab before the break\t\nand\t  \nhard, a NUL \0 and an old Mac\rline end",
    "snake_case_name, __init__, _private_ and [![badge](https://img.shields.io/x.svg)](h)",
    "<details>\n<summary>More</summary>\n\nText *em*\n\n</details>\n\n- item\n\n  ```py\n  x\n  ```",
    "[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) and a last line of blanks\n  ",
    "A note[^1], again[^1], another[^b] and [^none].\n\n[^1]: The *note*.\n  lazy\n[^b]: B\n\n[^c]: unused",
    "[^first]: defined before\n\nreferenced after[^first], in a list:\n\n- item[^first]",
    "Go code keeps its tabs:\n\n```go\nfunc main() {\n\tif x {\n\t\treturn\n\t}\n}\n```",
    '| a |\n|---|\n| 1 |\n\n[r]: /x "t"\n\n    indented code after a definition',
    "- a list item whose `code span\n  wraps` with the item's indentation\n\n1. and `one\n   more`",
    "spaced $$ x and $$\nacross lines, and $ y $ too",
]


@pytest.mark.parametrize("body", CASES)
def test_constructs_agree(body: str) -> None:
    assert agrees(body)


DECLINED = [
    "Upper[^A] and lower\n\n[^a]: markdown-it matches footnote labels with their case",
    "A note[^1].\n\n[^1]: A footnote\n\n    of two paragraphs.",
    "A note[^1].\n[^1]: right under the text",
    "A note[^1].\n\n> [^1]: inside a quote",
    "A note[^a b].\n\n[^a b]: a label with a space",
    "Between $5-$10 a month.",
    "$x$ costs $1",
    "$$ x $$ (1)\n",
    "$$\nx\n$$\nSetext\n---",
    "*\n\n\npara",
    '[r]: /x "t"\n3) x',
    "| a |\n|---|\n| 1 |\n    code",
    "[bad](javascript:alert(1))",
    "A tab hard break\t \nnext",
    "| a |\n|---|\n| 1 |\n\tindented by a tab",
    "a backslash before a blank \\ \nnext",
    "An inline footnote^[markdown-it-py reads it, pulldown-cmark does not].",
    "| One column |\n---\n| a |",
    "A lone surrogate \ud800 (an editor may send one): not UTF-8, so not for pulldown-cmark",
    "A `code span\n   wrapped` onto an indented line",
    "> an empty quote follows\n\n>\n\ntext",
    "inline math $x +\ny$ over a line break",
    "para\n\t- a list indented by a tab",
    "> quote\n>\t- a list after a tab",
    "- item\n\tcontinued after a tab",
    # nested past markdown-it's maxNesting (20 levels), which reads no deeper
    "> " * 20 + "a quote 20 deep",
    "".join("  " * depth + "- item\n" for depth in range(10)),
    "![" * 21 + "images in alt texts" + "](i.png)" * 21,
    "*a " * 21 + "emphasis" + " b*" * 21,
]


@pytest.mark.parametrize("body", DECLINED)
def test_constructs_the_parsers_read_differently_fall_back(body: str) -> None:
    with pytest.raises(Unsupported):
        parse_tokens(body, markdown(), {})
    env: dict[str, object] = {}
    got = parse_markdown(body, env)
    assert difference(got, markdown().parse(body, {})) is None


def test_images_nested_thousands_deep_get_markdown_its_tokens() -> None:
    # Finding each nested image's label took time quadratic in the depth (2,000: seconds,
    # 10,000: minutes), and past 20 levels the tokens were not markdown-it's.
    body = "![" * 2_000 + "x" + "](i.png)" * 2_000
    env: dict[str, object] = {}
    assert difference(parse_markdown(body, env), markdown().parse(body, {})) is None


def test_a_long_line_of_pipes_is_read_once() -> None:
    # Looking for a pipe over a line of dashes searched the rest of the line again from
    # every pipe: 100,000 pipes took 20 s.
    assert agrees("|" * 20_000 + "\n|-|\n")
    with pytest.raises(Unsupported):
        parse_tokens("text\n\na | b\n :--: \n", markdown(), {})


def test_thousands_of_reference_definitions_agree() -> None:
    # Each definition looked through every other one for the line after it: 10,000
    # definitions took byline check 18 s.
    n = 2_000
    body = "".join(f"See [l{i}].\n" for i in range(n)) + "\n"
    assert agrees(body + "".join(f"[l{i}]: https://e.com/{i}\n" for i in range(n)))


INLINE = [
    "word", "*em*", "**strong**", "_u_", "__uu__", "`code`", "``a`b``", "[link](u.md)",
    "[ref][r]", "![alt](i.png)", "![](e.png)", "<b>", "</b>", "&amp;", "&#35;", "\\*", "\\[",
    "$x$", "$$y$$", "~~s~~", "~t~", "<https://a.b/c>", "<a@b.co>", "é", "日本", "  ", "\\",
    "*", "_", "[", "]", "$5", "$10", "<!-- c -->", "***bi***", "x", "https://bare.com/x",
    "\t", "\r\n", "x\t \n", "snake_case_x", "__init__", "[![b](i.svg)](h)", "a<br>b", "\0",
    "^[n]", "[^1]", "[^a]", "[^A]", "&nbsp;", "\\|", "🙂", "<span a='1'>", "x^2",
]  # fmt: skip
BLOCKS = [
    "# H", "## H ##", "Setext\n===", "Setext\n---", "- a\n- b", "1. a\n2. b", "3) x",
    "- [ ] t\n- [x] d", "> q", "> q\ncont", "> - a\n> - b", "```py\nx=1\n```", "~~~\ny\n~~~",
    "    code", "---", "***", "| a | b |\n|:-|-:|\n| 1 | 2 |", "| a |\n|---|\n| 1 | 2 |",
    "$$\nm\n$$", "<div>\nh\n</div>", '[r]: /x "t"', "- a\n\n  b", "- a\n  - b\n    - c",
    "1. a\n\n   ```\n   c\n   ```", "text\n    indented cont", "* x\nlazy",
    "[^1]: one", "[^a]: A *em*\n  lazy", "[^A]: upper\n\n    second", "> [^q]: quoted",
    "\t- a\n\t- b", ">\t- q", "-\tx", "1.\tx", "\t```\n\tcode\n\t```", "> 1.\tx\n>\t2. y",
]  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    def inline() -> str:
        parts = draw(st.lists(st.sampled_from(INLINE), min_size=1, max_size=8))
        seps = draw(st.lists(st.sampled_from(["", " ", " ", "\n"]), min_size=len(parts)))
        return "".join(p + s for p, s in zip(parts, seps, strict=False))

    blocks = []
    for block in draw(st.lists(st.sampled_from([*BLOCKS, "P", "P", "P"]), min_size=1, max_size=6)):
        blocks.append(inline() if block == "P" else block)
    joiner = draw(st.sampled_from(["\n\n", "\n"]))
    return joiner.join(blocks) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_agree_or_fall_back(body: str) -> None:
    agrees(body)  # asserts equality whenever pulldown accepts the document


def test_parse_uses_pulldown(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("markdown-it-py parsed a post pulldown maps")

    monkeypatch.setattr(markdown(), "parse", refuse)
    doc = parse("---\ntitle: T\n---\n# Hello\n\nA [link](other.md) and `code`.\n")
    assert [h.text for h in doc.headings] == ["Hello"]
    assert [link.url for link in doc.links] == ["other.md"]


def test_footnotes_are_parsed_by_pulldown(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("markdown-it-py parsed a post pulldown maps")

    monkeypatch.setattr(markdown(), "parse", refuse)
    doc = parse("---\ntitle: T\n---\nA claim[^1].\n\n[^1]: A source.\n")
    assert any(t.type == "footnote_ref" for t in doc.tokens[1].children or [])
    assert [t.type for t in doc.tokens[-8:]] == [
        "footnote_block_open",
        "footnote_open",
        "paragraph_open",
        "inline",
        "footnote_anchor",
        "paragraph_close",
        "footnote_close",
        "footnote_block_close",
    ]


def test_a_declined_footnote_is_still_parsed() -> None:
    doc = parse("---\ntitle: T\n---\nA claim[^1].\n\n[^1]: One\n\n    and two.\n")
    assert any(t.type == "footnote_ref" for t in doc.tokens[1].children or [])


def test_thousands_of_footnotes_are_numbered_once() -> None:
    # Each reference looked its footnote's number up in the list of all footnotes so far:
    # time quadratic in their number (20,000 footnotes: 26 s to parse).
    n = 3_000
    body = "".join(f"a[^n{i}] b[^n{i // 2}]\n\n[^n{i}]: note {i}\n\n" for i in range(n))
    tokens = parse_tokens(body, markdown(), {})
    refs = [t.meta for tok in tokens for t in tok.children or [] if t.type == "footnote_ref"]
    assert [(m["id"], m["subId"]) for m in refs[:6]] == [
        (0, 0),
        (0, 1),
        (1, 0),
        (0, 2),
        (2, 0),
        (1, 1),
    ]
    assert agrees(body)
