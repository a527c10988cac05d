"""No user input makes a clickable script URL: raw HTML, Markdown, math, front matter, config.

The built pages and feeds are read back the way a browser reads a URL (tab, newline and
carriage return removed, leading controls and spaces stripped) and every URL attribute
is checked, so a payload that slips past one layer fails here.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from byline.config import SiteConfig
from byline.content.parse import parse
from byline.site.math import tex_to_mathml
from byline.site.model import meta_from_document
from byline.site.sanitize import sanitize_html
from tests.site.checks import browser_scheme
from tests.site.conftest import build

PAYLOADS = """\
---
title: Payloads
date: 2026-01-05
status: published
---

Some text.

<a href="jav&#x0A;ascript:alert(1)">a1</a> <a href="java&#x09;script:alert(2)">a2</a>
<a href="java&#x0D;script:alert(3)">a3</a> <a href="&#x01;javascript:alert(4)">a4</a>
<a href="java&Tab;script:alert(5)">a5</a> <a href="vbscript:x">a6</a>

<img src="java&#x0A;script:alert(6)">

<video poster="java&#x0A;script:alert(7)" src="jav&#x09;ascript:alert(8)"></video>
<q cite="java&#x0A;script:alert(9)">q</q>
<picture><source srcset="javascript:alert(19) 1x, /a.png 2x"><img src="/a.png" srcset="javascript:alert(20) 2x"></picture>
<video><source srcset="  ,vbscript:x 1x,,"></video>

[m1](javascript:alert(10)) [m2](jav&#x09;ascript:alert(11)) [m3](java&#10;script:alert(12))
[m4](<java\tscript:alert(13)>) ![i](javascript:alert(14)) ![i2](jav&#x0A;ascript:alert(15))

$$\\href{javascript:alert(16)}{click}$$

Inline $\\href{java&#x0A;script:alert(17)}{x}$ math, $\\text{<img/src/onerror=alert(18)>}$.
"""


class _Scripts(HTMLParser):
    """Attributes that can run script: URLs with another scheme, and event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key == "srcset":
                for candidate in (value or "").split(","):
                    if browser_scheme(candidate) not in ("", "http", "https", "data"):
                        self.found.append((tag, key, value or ""))
                continue
            url = key in ("href", "src", "poster", "cite", "action", "formaction", "xlink:href")
            if key.startswith("on") or (
                url and browser_scheme(value or "") not in ("", "http", "https", "mailto")
            ):
                self.found.append((tag, key, value or ""))


def script_urls(text: str) -> list[tuple[str, str, str]]:
    parser = _Scripts()
    parser.feed(text)
    parser.close()
    return parser.found


def test_the_payloads_are_seen_by_the_check() -> None:
    """The test's own reader finds each kind of payload in unfiltered HTML."""
    raw = (
        '<a href="jav&#x0A;ascript:x">a</a><mrow href="javascript:x"></mrow><q cite="vbscript:x">'
        "<mtext><img/src/onerror=alert(1)></mtext>"
        '<source srcset="/a.png 1x, javascript:x 2x">'
    )
    assert [(t, k) for t, k, _ in script_urls(raw)] == [
        ("a", "href"),
        ("mrow", "href"),
        ("q", "cite"),
        ("img", "onerror"),
        ("source", "srcset"),
    ]


def test_no_page_or_feed_links_to_a_script(blog: Path) -> None:
    (blog / "posts" / "payloads.md").write_text(PAYLOADS)
    report = build(blog, jobs=1)
    assert report.errors == []
    out = blog / "_site"
    page = (out / "posts" / "payloads" / "index.html").read_text()
    assert "a1" in page  # the post was rendered
    assert script_urls(page) == []
    feed = ET.parse(out / "feed.xml").getroot()
    ns = "{http://www.w3.org/2005/Atom}"
    contents = [e.text or "" for e in feed.iter(f"{ns}content")]
    contents += [e.text or "" for e in ET.parse(out / "rss.xml").getroot().iter("description")]
    assert any("a1" in c for c in contents)
    assert [script_urls(c) for c in contents if script_urls(c)] == []


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="jav&#x0A;ascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="java&#x0D;script:alert(1)">x</a>',
        '<a href="java&NewLine;script:alert(1)">x</a>',
        '<a href="&#x01;&#x20;javascript:alert(1)">x</a>',
        '<a href="JAVASCRIPT:alert(1)">x</a>',
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
        '<a href="ms-settings:display">x</a>',
    ],
)
def test_raw_html_drops_a_link_a_browser_would_run(raw: str) -> None:
    assert sanitize_html(raw) == "<a>x</a>"


def test_raw_html_drops_an_image_a_browser_would_run() -> None:
    assert sanitize_html('<img src="java&#x0A;script:alert(6)">') == '<img alt="">'


@pytest.mark.parametrize(
    "url",
    [
        "https://x.dev/a?b=1",
        "http://x.dev",
        "mailto:a@x.dev",
        "/posts/x/",
        "#top",
        "?page=2",
        "a.md",
    ],
)
def test_raw_html_keeps_web_links_and_site_paths(url: str) -> None:
    assert sanitize_html(f'<a href="{url}">x</a>') == f'<a href="{html.escape(url)}">x</a>'


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        (
            '<source srcset="javascript:alert(1) 1x, /a.png 2x">',
            '<source srcset="/a.png 2x">',
        ),
        (
            '<source srcset="/a.png 1x,java&#x0A;script:alert(1) 2x , https://x.dev/b.png 3x">',
            '<source srcset="/a.png 1x, https://x.dev/b.png 3x">',
        ),
        (
            '<source srcset="vbscript:x, javascript:y 2x" type="image/png">',
            '<source type="image/png">',
        ),
        (
            '<source srcset="data:image/png;base64,AA,BB 1x,/b.png">',
            '<source srcset="data:image/png;base64,AA,BB 1x, /b.png">',
        ),
        ('<source srcset="data:text/html,x 1x">', "<source>"),
        ('<img src="/a.png" srcset="javascript:alert(1) 2x">', '<img src="/a.png" alt="">'),
    ],
)
def test_raw_html_keeps_only_srcset_candidates_of_allowed_schemes(raw: str, kept: str) -> None:
    assert sanitize_html(raw) == kept


def test_raw_html_keeps_an_inline_image() -> None:
    raw = '<img src="data:image/png;base64,AAAA" alt="dot">'
    assert sanitize_html(raw) == raw


def test_a_markdown_link_or_image_of_another_scheme_is_left_out_with_a_warning(blog: Path) -> None:
    post = "---\ntitle: X\nstatus: published\n---\n\nText.\n\nOpen [settings](ms-settings:display).\n\n![icon](ms-settings:x)\n"
    (blog / "posts" / "x.md").write_text(post)
    report = build(blog, jobs=1)
    assert report.warnings == [
        "posts/x.md:8: link to 'ms-settings:display' shown as text: pages link only to "
        "http(s), mailto: and tel: URLs and paths. Use a web address or a path.",
        "posts/x.md:10: image 'ms-settings:x' left out of the page: images come only from "
        "paths, http(s) URLs and data:image/. Use a web address or a path.",
    ]
    page = (blog / "_site" / "posts" / "x" / "index.html").read_text()
    assert '<span class="dead-link">settings</span>' in page


RAW_REFUSED = """\
---
title: X
status: published
---

Text.

<div>
<a href="java&#x0A;script:alert(1)">a</a>
<video poster="vbscript:x" src="/v.mp4"></video>
</div>

Para with <q cite="javascript:y">q</q> inline
and <img src="javascript:z" alt="i"> on a second line.

<picture><source srcset="javascript:w 1x, data:image/png;base64,AA 2x"><img src="data:image/png;base64,AA"></picture>
"""


def test_a_raw_html_url_of_another_scheme_is_dropped_with_a_warning(blog: Path) -> None:
    (blog / "posts" / "x.md").write_text(RAW_REFUSED)
    report = build(blog, jobs=1)
    assert report.warnings == [
        "posts/x.md:9: link to 'java\\nscript:alert(1)' shown as text: pages link only to "
        "http(s), mailto: and tel: URLs and paths. Use a web address or a path.",
        "posts/x.md:10: <video poster> 'vbscript:x' removed: pages use only paths and "
        "http(s), mailto: and tel: URLs. Use a web address or a path.",
        "posts/x.md:13: <q cite> 'javascript:y' removed: pages use only paths and "
        "http(s), mailto: and tel: URLs. Use a web address or a path.",
        "posts/x.md:14: image 'javascript:z' left out of the page: images come only from "
        "paths, http(s) URLs and data:image/. Use a web address or a path.",
        "posts/x.md:16: <source srcset> 'javascript:w' removed: images come only from "
        "paths, http(s) URLs and data:image/. Use a web address or a path.",
    ]
    page = (blog / "_site" / "posts" / "x" / "index.html").read_text()
    assert "script:" not in page
    assert '<source srcset="data:image/png;base64,AA 2x">' in page


def test_a_raw_html_url_with_an_unclosed_ipv6_bracket_is_kept_as_written(blog: Path) -> None:
    # urllib cannot split these ("Invalid IPv6 URL"); they are web addresses, not posts.
    post = (
        "---\ntitle: X\nstatus: published\n---\n\nText.\n\n"
        '<a href="http://[::1/x"></a> <a href="//]y/z.md">b</a> <img src="//[c/d.png" alt="c">\n'
    )
    (blog / "posts" / "x.md").write_text(post)
    report = build(blog, jobs=1)
    assert report.warnings == []
    page = (blog / "_site" / "posts" / "x" / "index.html").read_text()
    assert '<a href="http://[::1/x" aria-label="http://[::1/x"></a>' in page
    assert '<a href="//]y/z.md">b</a>' in page
    assert 'src="//[c/d.png"' in page


def test_math_keeps_no_script_link() -> None:
    assert " href=" not in tex_to_mathml(r"\href{javascript:alert(15)}{click}", display=True)
    assert " href=" not in tex_to_mathml("\\href{java\tscript:alert(15)}{click}", display=False)
    safe = tex_to_mathml(r"\href{https://ada.dev/?a=1&b=2}{site}", display=False)
    assert '<mrow href="https://ada.dev/?a=1&amp;b=2">' in safe


def test_math_text_is_text_not_markup() -> None:
    """latex2mathml copies ``\\text{...}`` as it is; an ``<img>`` there would be HTML."""
    html = tex_to_mathml(r"\text{<img/src/onerror=alert(1)>} + 1", display=False)
    assert "<img" not in html
    assert "<mtext>&lt;img/src/onerror=alert(1)&gt;</mtext>" in html


def test_a_script_canonical_url_never_reaches_a_page(tmp_path: Path) -> None:
    """Front matter refuses it; should one get past, the page does not link to it."""
    doc = parse("---\ntitle: X\n---\n\nText.\n", tmp_path / "posts" / "x.md")
    doc.front_matter = dataclasses.replace(
        doc.front_matter, canonical_url="javascript:alert(document.domain)", image="javascript://x"
    )
    meta = meta_from_document(doc, SiteConfig(base_url="https://ada.dev"), "posts/x.md", "d")
    assert (meta.canonical_url, meta.image) == (None, None)


NORMAL_MATH = [
    r"\color{red}{x} + \textcolor{blue}{y}",
    r"\colorbox{yellow}{x} \fbox{y} \boxed{z} \cancel{w}",
    r"\displaystyle \frac{a}{b} \scriptstyle c \textstyle d",
    r"\boldsymbol{\alpha} \bm{x} \mathbf{v} \mathbb{R} \mathcal{L}",
    r"\begin{pmatrix}1&2\\3&4\end{pmatrix} \begin{array}{c|c}1&2\\\hline 3&4\end{array}",
    r"\text{loss} = \sum_{i=1}^{n} \hspace{1em} \sqrt[3]{x_i}",
    r"\begin{cases}1 & x > 0\\0 & \text{otherwise}\end{cases}",
    r"\style{color:red}{x} \style{font-weight: bold; font-style:italic}{y}",
    r"a\quad b\qquad c\,d\;e\!f\:g\ h \enspace i \thinspace j \negthinspace k",
    r"\hspace{1em} \hspace{5em} \kern{-0.2em} \mkern-3mu \mskip{18mu} \kern3pt \hspace{2.5ex}",
    r"\mathrlap{x}y \mathllap{z} \clap{w} \smash{v} \hphantom{u} \vphantom{t} \not=",
    r"\raise{0.5em}{x} \lower{0.2em}{y} \moveleft{1em}{z} \moveright{2pt}{w}",
    r"\rule{1em}{0.4pt} a \above 1pt b \binom{n}{k} \sideset{}{'}\sum",
    r"\big( \Big( \bigg( \Bigg( \left( x \middle| y \right) \mathbin{x} \mathpunct{y}",
    r"\Huge x \tiny y \xrightarrow{abc} \xleftarrow[a]{b} \pmod{2}",
    r"\frac{a}{b} \dfrac{1}{2} \sqrt{x} \text{a b} \begin{bmatrix}1&0\\0&1\end{bmatrix}",
]


@pytest.mark.parametrize("tex", NORMAL_MATH)
def test_math_keeps_what_latex2mathml_writes_for_normal_formulas(tex: str) -> None:
    from latex2mathml.converter import convert

    expected = convert(tex, display="inline").replace(
        "<math ", f'<math alttext="{html.escape(tex)}" ', 1
    )
    assert tex_to_mathml(tex, display=False) == expected


@pytest.mark.parametrize(
    ("tex", "style"),
    [
        (r"\style{position:fixed;top:0;left:0;width:100%;height:100%}{x}", None),
        (r"\style{color:red;position:fixed;inset:0}{x}", "color:red"),
        (r"\style{background-color:#fff; z-index:9}{x}", "background-color:#fff"),
        (r"\style{background-color:url(https://x.dev/a.png)}{x}", None),
        (r"\style{color:red !important}{x}", None),
        (r"\style{font-weight:700;color:rgb(0, 0, 0)}{x}", "font-weight:700;color:rgb(0, 0, 0)"),
    ],
)
def test_math_style_keeps_only_colours_and_font_weight_and_style(
    tex: str, style: str | None
) -> None:
    mathml = tex_to_mathml(tex, display=True)
    styles = re.findall(r' style="([^"]*)"', mathml)
    assert styles == ([style] if style else [])


@pytest.mark.parametrize(
    ("tex", "attrs"),
    [
        (r"\kern{-9999em}x", 'width="-5em"'),
        (r"\hspace{-9999em}", 'width="-5em"'),
        (r"\hspace{99cm} \hspace{-100pt} \hspace{7pc}", 'width="5em" width="-5em" width="5em"'),
        (r"\mspace{-9999mu} \mkern{-91mu} \mskip{90mu}", 'width="-5em" width="-5em" width="90mu"'),
        (r"\hspace{10000000000000000000000000000000000em}", 'width="5em"'),
        (r"\rule{9999em}{9999em}", 'width="5em" height="5em"'),
        (r"\rule[-9999em]{1em}{1em}", 'height="-5em"'),  # width="[": not a length
        (r"\raise{9999em}{x}", 'voffset="5em" height="+5em" depth="-5em"'),
        (r"\lower{-9999em}{x}", ""),  # voffset="--9999em": not a length
        (r"\moveleft{9999em}{x} \moveright{9999ex}{y}", 'lspace="-5em" lspace="5em"'),
        (r"\moveleft{9999width}{x} \hspace{1.5EM}", 'lspace="-1" width="1"'),
        (r"a \above 9999em b", 'linethickness="5em"'),
        (r"\hspace{\textwidth}", ""),
    ],
)
def test_math_lengths_are_kept_within_five_em(tex: str, attrs: str) -> None:
    """Any length (a kern, a space, a rule, a shift) is at most 5em either way, so a
    formula cannot lay itself over the text around it or blank out the page."""
    mathml = tex_to_mathml(tex, display=False)
    sizes = re.findall(r' (?:width|height|depth|lspace|voffset|linethickness)="[^"]*"', mathml)
    assert " ".join(a.strip() for a in sizes) == attrs


POST_A = "---\ntitle: A\ndate: 2026-01-05\nstatus: published\n---\n\nText.\n\n"


def test_feeds_escape_the_base_url_and_permalink(blog: Path) -> None:
    """byline.toml's URL parts go into feed attributes and the feed's HTML escaped, so a
    quote there neither breaks the XML nor adds an attribute a feed reader would run."""
    # (A base_url with a quote is refused when byline.toml is read: test_config.py.)
    config = (blog / "byline.toml").read_text()
    config = config.replace('"/posts/{slug}/"', "'/posts\"onmouseover=\"alert(2)/{slug}/'")
    (blog / "byline.toml").write_text(config)
    (blog / "posts" / "a.md").write_text(POST_A)
    (blog / "posts" / "b.md").write_text(
        POST_A.replace("title: A", "title: B") + "See [a](a.md).\n"
    )
    report = build(blog, jobs=1)
    assert report.errors == []
    out = blog / "_site"
    atom, rss = ET.parse(out / "feed.xml").getroot(), ET.parse(out / "rss.xml").getroot()
    ns = "{http://www.w3.org/2005/Atom}"
    links = [e.get("href") for e in atom.iter(f"{ns}link")]
    assert "https://ada.dev/feed.xml" in links
    contents = [e.text or "" for e in atom.iter(f"{ns}content")]
    contents += [e.text or "" for e in rss.iter("description")][1:]
    assert len(contents) == 4
    assert all("See" in c or "Text" in c for c in contents)
    assert [script_urls(c) for c in contents if script_urls(c)] == []
