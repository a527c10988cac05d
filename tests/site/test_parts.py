"""The site's pieces on their own: colours, the HTML filter, charts, feeds, related posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pygments.style import Style

from byline.site.chart import ChartError, render_chart
from byline.site.feeds import absolute_html
from byline.site.highlight import DARK_BG, LIGHT_BG, DarkStyle, LightStyle, highlight_code
from byline.site.math import MathError, tex_to_mathml
from byline.site.model import PostMeta, term_slug
from byline.site.names import name_links
from byline.site.pages import related_posts
from byline.site.sanitize import RawState, sanitize_html


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("style", "background"), [(LightStyle, LIGHT_BG), (DarkStyle, DARK_BG)])
def test_every_code_colour_passes_wcag_aa(style: type[Style], background: str) -> None:
    colours = {s["color"] for _, s in style if s["color"]}
    assert colours
    for colour in colours:
        assert _contrast("#" + colour, background) >= 4.5, colour


def test_highlighting_escapes_code() -> None:
    html = highlight_code('print("<b>")\n', "python")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert highlight_code("<x>", "no-such-language") == "&lt;x&gt;\n"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('<div align="center"><b>hi</b></div>', "<div><b>hi</b></div>"),
        ('<script>alert(1)</script><p onclick="x()">t</p>', "<p>t</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<img src="a.png" width="800px" height="50%">', '<img src="a.png" width="800" alt="">'),
        ("<center>c</center><font color=red>f</font>", "<div>c</div><span>f</span>"),
        ('<a name="intro"></a>', '<a id="intro"></a>'),
        ("</div>text<sup>", "text<sup></sup>"),
        ("<!-- byline-disable x --><iframe src=x></iframe>ok", "ok"),
    ],
)
def test_raw_html_is_filtered(raw: str, clean: str) -> None:
    assert sanitize_html(raw) == clean


def test_raw_html_fragments_share_one_state() -> None:
    state = RawState({"intro"})
    parts = [
        sanitize_html('<div class="x">', block=True, state=state),
        sanitize_html('<a name="intro"></a><a name="two"></a>', state=state),
        sanitize_html("</div></div>", block=True, state=state),
    ]
    assert parts == ['<div class="x">', '<a></a><a id="two"></a>', "</div>"]
    assert state.close_all() == ""


def test_chart_is_an_svg_with_its_data() -> None:
    html = render_chart("batch,fp16\n1,120\n8,800\n", {"type": "line", "title": "T"}, 1)
    assert html.startswith('<div class="chart-block"><figure><svg class="chart"')
    assert '<title id="chart-1-title">T</title>' in html
    assert '<polyline class="l0"' in html
    assert "<td>800</td>" in html


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("a\n", {}, "needs a header row and at least one data row with two columns"),
        ("a,b\n1,x\n", {}, "row 2 has a value that is not a number"),
        ("a,b\n1,2,3\n", {}, "row 2 has 3 columns, the header has 2"),
        ("a,b\n1,2\n", {"type": "pie"}, "unknown type 'pie'; use bar or line"),
    ],
)
def test_chart_errors_say_what_is_wrong(text: str, options: dict[str, str], message: str) -> None:
    with pytest.raises(ChartError, match=message):
        render_chart(text, options, 1)


def test_math_becomes_mathml_with_the_tex_kept() -> None:
    html = tex_to_mathml(r"\frac{a}{b}", display=True)
    assert html.startswith(
        '<math alttext="\\frac{a}{b}" xmlns="http://www.w3.org/1998/Math/MathML"'
    )
    with pytest.raises(MathError):
        tex_to_mathml(r"\frac{a}{", display=False)


def test_text_that_looks_like_a_tag_keeps_its_spaces() -> None:
    # latex2mathml writes "<pad token>" in \\text as is, its space as a character
    # reference; made text, the reference was escaped again and shown as "&#x000A0;".
    html = tex_to_mathml(r"\text{<pad token>} + x", display=False)
    assert "<mtext>&lt;pad\u00a0token&gt;</mtext>" in html
    assert "&amp;" not in html


def test_feed_html_gets_absolute_urls() -> None:
    html = '<a href="/posts/x/">x</a><img src="/i.png" srcset="/a.webp 720w, /b.webp 1440w">'
    assert absolute_html(html, "https://ada.dev") == (
        '<a href="https://ada.dev/posts/x/">x</a><img src="https://ada.dev/i.png" '
        'srcset="https://ada.dev/a.webp 720w, https://ada.dev/b.webp 1440w">'
    )


def _meta(slug: str, tags: tuple[str, ...]) -> PostMeta:
    return PostMeta(
        source=f"posts/{slug}.md", stem=slug, slug=slug, path=f"/posts/{slug}/", title=slug,
        description="", date=dt.date(2026, 1, 1), updated=None, status="published", type=None,
        tags=tags, keywords=(), series=None, words=100, canonical_url=None, image=None,
        headings=(), digest="",
    )  # fmt: skip


def test_related_posts_share_the_most_tags() -> None:
    posts = [_meta("a", ("x", "y")), _meta("b", ("x", "y")), _meta("c", ("x",)), _meta("d", ())]
    related = related_posts(posts)
    assert [m.slug for m in related["posts/a.md"]] == ["b", "c"]
    assert related["posts/d.md"] == []


def test_related_posts_tie_break_to_the_newer_post_and_keep_three() -> None:
    # Posts come newest first; equal scores keep that order; keywords count like tags.
    posts = [_meta(n, ("x",)) for n in "abcdef"]
    related = related_posts(posts)
    assert [m.slug for m in related["posts/a.md"]] == ["b", "c", "d"]
    assert [m.slug for m in related["posts/f.md"]] == ["a", "b", "c"]
    posts[4] = _meta("e", ("x", "X", "y"))
    posts[5] = _meta("f", ("y",))
    assert [m.slug for m in related_posts(posts)["posts/c.md"]] == ["a", "b", "d"]
    assert [m.slug for m in related_posts(posts)["posts/f.md"]] == ["e"]


def test_term_slugs_are_safe_url_segments() -> None:
    assert term_slug("Fine-Tuning & LoRA") == "fine-tuning-lora"
    assert term_slug("../..").startswith("t-")


@pytest.mark.parametrize(
    ("html", "named"),
    [
        # The corpus case: a raw <a> around an image without alt (or a missing one).
        (
            '<a href="https://www.deepspeed.ai/assets/images/oom_dp8_1.5B_log.png">\n\n</a>',
            '<a href="https://www.deepspeed.ai/assets/images/oom_dp8_1.5B_log.png" '
            'aria-label="oom_dp8_1.5B_log.png">\n\n</a>',
        ),
        (
            '<a href="/big.png"><img src="/small.png" alt=""></a>',
            '<a href="/big.png" aria-label="big.png"><img src="/small.png" alt=""></a>',
        ),
        (
            '<a href="https://example.org/"></a>',
            '<a href="https://example.org/" aria-label="https://example.org/"></a>',
        ),
        (
            '<a href="/posts/my%20note/"> </a>',
            '<a href="/posts/my%20note/" aria-label="my note"> </a>',
        ),
        # Links that have a name are left alone.
        ('<a href="/a.png"><img src="/a.png" alt="Loss curve"></a>', None),
        ('<a href="/x/" title="The x post"></a>', None),
        ('<a href="/x/"><code>x</code></a>', None),
        ('<a id="anchor"></a>', None),
        ('<abbr title="x">X</abbr>', None),
    ],
)
def test_every_link_gets_an_accessible_name(html: str, named: str | None) -> None:
    assert name_links(html) == (named or html)


def test_a_missing_image_in_a_link_leaves_its_name(tmp_path: Path) -> None:
    from byline.content.parse import parse
    from byline.site.render import RenderContext, render_body

    source = (
        "Text.\n\n[![](/images/gone.png)](https://example.org/full.png)\n\n"
        '<a href="https://example.org/b.png"><img src="/images/gone.png"></a>\n'
    )
    body = render_body(
        parse(source, tmp_path / "posts" / "x.md"),
        RenderContext(tmp_path, tmp_path / "static", {}),
    )
    assert body.html.count('<span class="missing-image">Image not found: gone.png</span>') == 2
    assert body.html.count("<a ") == 2
    assert "aria-label" not in body.html  # the text left behind names the link


def test_a_document_kept_without_tokens_is_not_rendered(tmp_path: Path) -> None:
    """``Blog.load`` keeps no tokens (the checker needs none); rendering one of its
    documents would make an empty page, so it is refused."""
    from byline.content.parse import parse
    from byline.site.render import RenderContext, render_body

    doc = parse("# Title\n\nSome text.\n", tmp_path / "posts" / "x.md")
    doc.tokens = None
    with pytest.raises(ValueError, match="without its tokens"):
        render_body(doc, RenderContext(tmp_path, tmp_path / "static", {}))


def test_rendering_a_body_leaves_no_reference_cycle(tmp_path: Path) -> None:
    """A post's tokens and Document are freed when rendering ends, not by the collector."""
    import gc

    from byline.content.parse import parse
    from byline.site.render import RenderContext, render_body

    source = "# Title\n\nSome *text* with [a link](https://example.org).\n\n```python\nx = 1\n```\n"
    ctx = RenderContext(tmp_path, tmp_path / "static", {})
    render_body(parse(source, tmp_path / "posts" / "x.md"), ctx)  # first-use caches
    gc.collect()
    gc.disable()
    try:
        render_body(parse(source, tmp_path / "posts" / "x.md"), ctx)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_toc_nests_subheadings_under_their_heading() -> None:
    from types import SimpleNamespace

    from byline.site.pages import table_of_contents

    meta = SimpleNamespace(
        title="Post",
        headings=(
            (1, "Post", "post"),
            (2, "Setup", "setup"),
            (3, "Install", "install"),
            (3, "Configure", "configure"),
            (4, "Deep", "deep"),
            (2, "Results", "results"),
        ),
    )
    assert table_of_contents(meta) == [  # type: ignore[arg-type]
        ("Setup", "setup", [("Install", "install"), ("Configure", "configure")]),
        ("Results", "results", []),
    ]


def test_body_renderer_finds_the_rules_markdown_it_would() -> None:
    from markdown_it.renderer import RendererHTML

    from byline.site import render

    class Probe(render._Renderer):
        def __init__(self) -> None:
            RendererHTML.__init__(self)  # markdown-it's own discovery, per instance

    assert set(render._rule_names(render._Renderer)) == set(Probe().rules)


def test_highlighted_blocks_are_kept_on_disk_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that renders a few posts (an edit) reuses blocks highlighted before, so
    it does not pay for compiling a lexer's patterns again."""
    from byline.site import highlight as hl

    code = "def f(x):\n    return x + 1\n"
    hl.use_block_cache(tmp_path / "code")
    hl.highlight_code.cache_clear()
    try:
        first = hl.highlight_code(code, "python")
        assert len(list((tmp_path / "code").iterdir())) == 1
        hl.highlight_code.cache_clear()
        monkeypatch.setattr(hl, "highlight", lambda *a: pytest.fail("highlighted again"))
        assert hl.highlight_code(code, "python") == first
    finally:
        hl.use_block_cache(None)
        hl.highlight_code.cache_clear()
