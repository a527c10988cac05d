"""The Document: every element with its exact place in the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.content.parse import parse, parse_info
from byline.errors import InputError
from tests.conftest import corpus_files

POST = """\
---
title: "Test post"
date: 2024-05-01
tags: [a, b]
---

# Heading with `code` and *em*

Intro with a [link](https://example.com/x "T") and e.g. stuff. See Fig. 3 for more.
Second line with ![alt text](/images/x.png) and `inline code` here!

> Quote with https://bare.example.org/path. It works.

- item one
- item *two* with [ref link][r1]

| A | B |
|---|---|
| 1 `x` | two words |

```python session=a timeout=5 norun
print("hi")
```

<img src="a.png" alt="html img"><!-- byline-disable prose.x -->

## Heading with `code` and *em*

[r1]: https://ref.example.com
"""


def slice_of(source: str, span: object) -> str:
    return source[span.start : span.end]  # type: ignore[attr-defined]


def test_front_matter_lines_are_file_relative() -> None:
    doc = parse(POST, "posts/t.md")
    assert doc.front_matter.lines == {"title": 2, "date": 3, "tags": 4}
    assert doc.headings[0].span.line == 7
    assert doc.code_blocks[0].span.line == 21
    assert doc.code_blocks[0].span.end_line == 23


def test_headings_have_unique_github_anchors() -> None:
    doc = parse(POST)
    assert [h.anchor for h in doc.headings] == [
        "heading-with-code-and-em",
        "heading-with-code-and-em-1",
    ]
    assert [h.level for h in doc.headings] == [1, 2]
    assert slice_of(POST, doc.headings[0].text_span) == "Heading with `code` and *em*"


def test_sentences_keep_abbreviations_and_map_to_source() -> None:
    doc = parse(POST)
    texts = [s.text for s in doc.paragraphs[0].sentences]
    assert texts[:2] == ["Intro with a link and e.g. stuff.", "See Fig. 3 for more."]
    first = doc.paragraphs[0].sentences[0]
    assert slice_of(POST, first.span) == (
        'Intro with a [link](https://example.com/x "T") and e.g. stuff.'
    )
    assert first.span.line == 9 and first.span.column == 1


def test_links_images_code_and_tables() -> None:
    doc = parse(POST)
    assert [(link.kind, link.url) for link in doc.links] == [
        ("inline", "https://example.com/x"),
        ("bare", "https://bare.example.org/path"),
        ("reference", "https://ref.example.com"),
    ]
    assert slice_of(POST, doc.links[2].span) == "[ref link][r1]"
    assert [(i.src, i.alt, i.html) for i in doc.images] == [
        ("/images/x.png", "alt text", False),
        ("a.png", "html img", True),
    ]
    assert [slice_of(POST, c.span) for c in doc.inline_code] == [
        "`code`",
        "`inline code`",
        "`x`",
        "`code`",
    ]
    block = doc.code_blocks[0]
    assert (block.lang, block.options) == ("python", {"session": "a", "timeout": "5", "norun": ""})
    assert slice_of(POST, block.code_span) + "\n" == block.code
    assert doc.tables[0].header == ("A", "B")
    assert doc.tables[0].rows == (("1 x", "two words"),)
    assert doc.lists[0].items == ("item one", "item two with ref link")
    assert [c.text for c in doc.comments] == ["byline-disable prose.x"]


def test_word_counts_exclude_code() -> None:
    doc = parse("# T\n\nOne two `three four` five.\n\n```python\nnot counted at all\n```\n")
    assert doc.words == 3
    assert doc.paragraphs[0].sentences[0].words == 4  # a code span counts as one word


def test_sections_count_their_words() -> None:
    doc = parse(
        "Intro words here.\n\n## A\n\none two\n\n### A1\n\nthree four five\n\n## B\n\nsix\n"
    )
    summary = [
        (s.heading.text if s.heading else None, s.words, s.total_words) for s in doc.sections
    ]
    assert summary == [(None, 3, 3), ("A", 2, 5), ("A1", 3, 3), ("B", 1, 1)]


def test_sections_find_their_parents_and_ends_among_many_headings() -> None:
    # An imported post with thousands of sibling headings took time quadratic in their
    # number (20,000 headings: over a minute); the parents and ends stay the same.
    n = 2_000
    source = "# Top\n\n" + "".join(f"## H{i}\n\n### S{i}\n\n" for i in range(n)) + "# End\n"
    doc = parse(source)
    sections = doc.sections
    assert len(sections) == 2 * n + 3
    assert [sections[k].parent for k in (1, 2, 3, 4, 5, -1)] == [0, 1, 2, 1, 4, 0]
    assert sections[1].span.end == sections[-1].span.start
    assert sections[2].span.end == sections[4].span.start
    assert sections[3].span.end == sections[4].span.start
    assert sections[-1].span.end == len(source)


def test_unclosed_comments_and_tags_in_an_html_block_are_read_once() -> None:
    # Each unclosed '<!--', '<img' or '<a' was searched to the end of the block again
    # (20,000 of them: minutes); what is closed is still found.
    n = 3_000
    source = "<div>\n<!-- c --><img src=a.png><a href=b.md>" + "<!--<img <a " * n + "\n"
    doc = parse(source)
    assert [c.text for c in doc.comments] == ["c"]
    assert [i.src for i in doc.images] == ["a.png"]
    assert [link.url for link in doc.links] == ["b.md"]


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("python", ("python", {})),
        (
            "Python standalone raises=ValueError",
            ("python", {"standalone": "", "raises": "ValueError"}),
        ),
        ('bash timeout=2 title="a b"', ("bash", {"timeout": "2", "title": "a b"})),
        ("", ("", {})),
        ("{.python .cb-run}", ("python", {".cb-run": ""})),
    ],
)
def test_info_string_options(info: str, expected: tuple[str, dict[str, str]]) -> None:
    assert parse_info(info) == expected


PIECES = [
    "# ", "## ", "`", "``", "*", "_", "[", "]", "(", ")", "!", "<", ">", "<!--", "-->",
    "<img src=x alt='y'>", "\n", "\n\n", "- ", "1. ", "> ", "|", "---", "```", "$", "$$",
    "\\", "&amp;", "http://a.b/c", " ", "word", "e.g.", ". ", "\t", "    ", "[^1]", "[x]: /u\n",
    "é", "\r\n", "~~", "| a | b |\n|---|---|\n", "![a](b)", "[t](u)",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40))
def test_every_span_lies_in_the_file_and_slices_to_its_element(parts: list[str]) -> None:
    source = "".join(parts)
    try:
        doc = parse(source, "f.md")
    except InputError:
        return  # invalid front matter is reported, never a crash
    n = len(source)
    spans = [s.span for s in doc.sentences] + [p.span for p in doc.paragraphs]
    spans += [h.span for h in doc.headings] + [h.text_span for h in doc.headings]
    spans += [c.span for c in doc.code_blocks] + [c.code_span for c in doc.code_blocks]
    spans += [x.span for x in doc.links + doc.images + doc.inline_code + doc.comments]  # type: ignore[operator]
    spans += [t.span for t in doc.tables] + [s.span for s in doc.sections]
    for span in spans:
        assert 0 <= span.start <= span.end <= n
        assert (span.line, span.column) == doc.lines.position(span.start) or span.start == n
    for sentence in doc.sentences:
        for char, offset in zip(sentence.text, sentence.offsets, strict=True):
            assert offset == -1 or source[offset] == char
    for code in doc.inline_code:
        text = slice_of(source, code.span)
        assert text.startswith("`") and text.endswith("`")
    for image in doc.images:
        assert slice_of(source, image.span).startswith(("![", "<img"))
    for link in doc.links:
        assert slice_of(source, link.span)[:1] in ("[", "<", "h")
    for comment in doc.comments:
        text = slice_of(source, comment.span)
        assert text.startswith("<!--") and comment.text in text


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_corpus_posts_parse(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    doc = parse(source, path)
    assert doc.paragraphs
    for sentence in doc.sentences:
        for char, offset in zip(sentence.text, sentence.offsets, strict=True):
            assert offset == -1 or source[offset] == char


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t")), max_size=40))
def test_line_index_splits_lines_as_markdown_it_does(source: str) -> None:
    import re

    from byline.content.document import LineIndex

    starts, ends = [0], []
    for match in re.finditer(r"\r\n?|\n", source):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(source))
    index = LineIndex(source)
    assert (index.starts, index.ends) == (starts, ends)
