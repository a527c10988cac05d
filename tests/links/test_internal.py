"""Links between posts, anchors, static files and images, on a real blog folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from byline.checks.sources import SOURCES, CheckOptions, load_sources
from byline.content.blog import Blog
from byline.diagnostics import Diagnostic
from byline.links.check_source import check_links
from byline.links.targets import classify
from tests.conftest import corpus_files

TARGET = """\
---
title: Target post
slug: target
---
# Target post

## Über Ähnlichkeit

## Setup

## Setup

<div id="custom-id">raw</div>
"""


def write(root: Path, name: str, text: str) -> None:
    (root / "posts").mkdir(exist_ok=True)
    (root / "posts" / name).write_text(text, encoding="utf-8")


def image(root: Path, rel: str, size: tuple[int, int] = (8, 8), fmt: str = "PNG") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 30, 30)).save(path, fmt)
    return path


def found(root: Path, body: str, **options: bool) -> list[str]:
    write(root, "target.md", TARGET)
    write(root, "a.md", f"---\ntitle: A\n---\n{body}")
    blog = Blog.find(root)
    documents = [blog.load(root / "posts" / "a.md")]
    report = check_links(blog, documents, CheckOptions(links=True, **options))
    return [_line(d) for d in sorted(report.diagnostics, key=Diagnostic.sort_key)]


def _line(d: Diagnostic) -> str:
    return f"{d.line}:{d.column} {d.rule} {d.message}"


def test_links_that_resolve_are_quiet(blog: Path) -> None:
    body = (
        "[a](target.md) [b](posts/target.md) [c](./target.md#setup) [d](/posts/target/)\n"
        "[e](/posts/target/#setup-1) [f](https://ada.dev/posts/target/#custom-id) [g](#top)\n"
        "[h](target.md#%C3%BCber-%C3%A4hnlichkeit) [i](target.md#über-ähnlichkeit) [j](#local)\n"
        "[k](mailto:ada@ada.dev) [l](/) [m](/feed.xml) [n](/tags/ml/) [o](../target/)\n"
        "\n## Local\n"
    )
    assert found(blog, body) == []


def test_post_links_that_do_not_resolve(blog: Path) -> None:
    body = "[a](targte.md) [b](/posts/targt/) [c](/nowhere/) [d](notes/x.pdf) [e](zzzzqqq.md)\n"
    assert found(blog, body) == [
        "4:1 links.broken 'targte.md' links to posts/targte.md, which does not exist. "
        "Did you mean 'target.md'?",
        "4:16 links.broken '/posts/targt/' is neither a post's page nor a file in static/. "
        "Did you mean '/posts/target/'?",
        "4:35 links.broken '/nowhere/' is neither a post's page nor a file in static/. "
        "Fix the path, or add the file under static/.",
        "4:50 links.broken 'notes/x.pdf' does not exist (looked for posts/notes/x.pdf). "
        "Fix the path.",
        "4:67 links.broken 'zzzzqqq.md' links to posts/zzzzqqq.md, which does not exist. "
        "Fix the file name or create the post.",
    ]


def test_anchors_use_the_site_ids_including_non_ascii_and_duplicates(blog: Path) -> None:
    body = (
        "[a](target.md#setup-2) [b](target.md#Über-Ähnlichkeit) [c](#nope)\n"
        "[d](target.md#uber-ahnlichkeit) [e](/posts/target/#zzzzzz)\n"
    )
    assert found(blog, body) == [
        "4:1 links.anchor 'target.md#setup-2': target.md has no heading with id 'setup-2'. "
        "Did you mean '#setup-1'?",
        "4:24 links.anchor 'target.md#Über-Ähnlichkeit': target.md has no heading with id "
        "'Über-Ähnlichkeit'. Did you mean '#über-ähnlichkeit'?",
        "4:56 links.anchor '#nope': this post has no heading with id 'nope'. "
        "It has no headings; drop '#nope' from the link.",
        "5:1 links.anchor 'target.md#uber-ahnlichkeit': target.md has no heading with id "
        "'uber-ahnlichkeit'. Did you mean '#über-ähnlichkeit'?",
        "5:33 links.anchor '/posts/target/#zzzzzz': target.md has no heading with id 'zzzzzz'. "
        "Use one of its ids: #über-ähnlichkeit, #setup, #setup-1, #custom-id.",
    ]


def test_a_heading_repeating_the_title_has_no_id_on_the_site(blog: Path) -> None:
    # The page shows the title as its <h1>, without an id, and drops a leading '# Title'.
    body = "# A\n\n[a](target.md#target-post) [b](#a) [c](target.md#top)\n"
    message = (
        "{}: {} has no heading with id '{}': its first heading repeats the title, which the "
        "site shows as the page heading without an id. Drop '#{}' from the link."
    )
    assert found(blog, body) == [
        "6:1 links.anchor "
        + message.format("'target.md#target-post'", "target.md", "target-post", "target-post"),
        "6:28 links.anchor " + message.format("'#a'", "this post", "a", "a"),
    ]


def test_reference_style_and_raw_html_links(blog: Path) -> None:
    body = (
        'See [one][r1], [two][r2] and <a href="target.md#setp">three</a>.\n\n'
        "[r1]: target.md#setup\n[r2]: missing-post.md\n"
    )
    assert found(blog, body) == [
        "4:16 links.broken 'missing-post.md' links to posts/missing-post.md, which does not "
        "exist. Fix the file name or create the post.",
        "4:30 links.anchor 'target.md#setp': target.md has no heading with id 'setp'. "
        "Did you mean '#setup'?",
    ]


def test_images_exist_decode_and_are_not_heavy(blog: Path) -> None:
    image(blog, "static/images/chart.png")
    image(blog, "posts/beside.png")
    (blog / "static/images/broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (blog / "static/images/notes.jpg").write_text("these are notes, not a photo")
    (blog / "static/images/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    heavy = image(blog, "static/images/photo.bmp", size=(400, 400), fmt="BMP")
    (blog / "byline.toml").write_text(
        (blog / "byline.toml").read_text() + "\n[links]\nmax_image_kb = 100\n"
    )
    body = (
        "![a](/images/chart.png) ![b](beside.png) ![c](/images/logo.svg)\n"
        "![d](/images/chrt.png) ![e](/images/broken.png) ![f](/images/photo.bmp)\n"
        '<p><img src="images/chart.png" alt="x"> <img src="../static/images/chart.png"></p>\n'
        "\n![g](/images/notes.jpg)\n"
    )
    assert found(blog, body) == [
        "5:1 links.image-missing image '/images/chrt.png' not found "
        "(looked for static/images/chrt.png). Did you mean '/images/chart.png'?",
        "5:24 links.image-missing image '/images/broken.png' cannot be shown: it is damaged "
        "(Truncated File Read). Re-export it as PNG, JPEG, WebP or AVIF.",
        "5:49 links.image-heavy image '/images/photo.bmp' is "
        f"{round(heavy.stat().st_size / 1024)} KB, above the 100 KB limit ([links] max_image_kb). "
        "Convert it to WebP or AVIF, or scale it down: readers on phones download all of it.",
        "6:4 links.image-missing image 'images/chart.png' not found "
        "(looked for posts/images/chart.png). Did you mean '/images/chart.png'?",
        "8:1 links.image-missing image '/images/notes.jpg' cannot be shown: it is not an image "
        "format Pillow can read. Re-export it as PNG, JPEG, WebP or AVIF.",
    ]


def test_a_suggested_path_has_a_close_file_name(blog: Path) -> None:
    """'/images/none.png' is not a misspelt '/images/chart.png': the shared folder made any
    file there look close. A suggestion needs a close file name; a moved folder still
    finds the file."""
    write(blog, "target.md", TARGET)
    image(blog, "static/images/chart.png")
    body = "![a](/images/none.png) ![b](/img/chart.png) [c](/images/nothing.pdf)\n"
    assert found(blog, body) == [
        "4:1 links.image-missing image '/images/none.png' not found "
        "(looked for static/images/none.png). Add the file or fix the path.",
        "4:24 links.image-missing image '/img/chart.png' not found "
        "(looked for static/img/chart.png). Did you mean '/images/chart.png'?",
        "4:45 links.broken '/images/nothing.pdf' is neither a post's page nor a file in "
        "static/. Fix the path, or add the file under static/.",
    ]


def test_front_matter_cover_image_is_checked(blog: Path) -> None:
    write(blog, "target.md", TARGET)
    write(blog, "a.md", "---\ntitle: A\nimage: /images/cover.png\n---\nText.\n")
    b = Blog.find(blog)
    report = check_links(b, [b.load(blog / "posts/a.md")], CheckOptions(links=True))
    assert [_line(d) for d in report.diagnostics] == [
        "3:1 links.image-missing image '/images/cover.png' not found "
        "(looked for static/images/cover.png). Add the file or fix the path.",
    ]


def test_excluded_links_are_not_checked(blog: Path) -> None:
    (blog / "byline.toml").write_text(
        (blog / "byline.toml").read_text() + '\n[links]\nexclude = ["^/drafts/"]\n'
    )
    assert found(blog, "[a](/drafts/x/) [b](/other/)\n") == [
        "4:17 links.broken '/other/' is neither a post's page nor a file in static/. "
        "Fix the path, or add the file under static/.",
    ]


def test_bad_exclude_pattern_is_a_config_error(blog: Path) -> None:
    from byline.errors import ConfigError

    (blog / "byline.toml").write_text(
        (blog / "byline.toml").read_text() + '\n[links]\nexclude = ["(unclosed"]\n'
    )
    line = (blog / "byline.toml").read_text().splitlines().index('exclude = ["(unclosed"]') + 1
    with pytest.raises(ConfigError) as caught:
        found(blog, "text\n")
    assert str(caught.value) == (
        f"byline.toml:{line}: 'links.exclude' pattern '(unclosed' is not a valid regular "
        "expression (missing ), unterminated subpattern at position 0): escape '.', '?', '+' "
        "and '(' with a backslash. Fix the value."
    )


def test_the_check_source_is_registered_and_respects_the_flags(blog: Path) -> None:
    assert "byline.links.check_source" in SOURCES
    write(blog, "a.md", "---\ntitle: A\n---\n[x](nope.md)\n")
    b = Blog.find(blog)
    docs = b.load_all().documents
    source = load_sources()[SOURCES.index("byline.links.check_source")]
    assert source(b, docs, CheckOptions()) == []
    assert [d.rule for d in source(b, docs, CheckOptions(links=True))] == ["links.broken"]


@pytest.mark.parametrize(
    ("href", "kind", "path", "anchor"),
    [
        ("other.md#a", "post", "other", "a"),
        ("../posts/other.md", "post", "other", ""),
        ("/posts/other/#b%20c", "site", "/posts/other/", "b c"),
        ("https://ada.dev/posts/x/", "site", "/posts/x/", ""),
        ("https://example.org/x#frag", "external", "https://example.org/x", ""),
        ("//cdn.example.org/x.js", "external", "https://cdn.example.org/x.js", ""),
        ("#%C3%BCber", "fragment", "", "über"),
        ("mailto:a@b.c", "skip", "", ""),
        ("img/x.png", "relative", "img/x.png", ""),
        ("", "skip", "", ""),
        ("http://[::1/x#a", "external", "http://[::1/x", ""),  # '[' left open: not a crash
        ("//]x/y", "external", "https://]x/y", ""),
        ("ftp://[x/a.md", "skip", "", ""),
    ],
)
def test_classify(href: str, kind: str, path: str, anchor: str) -> None:
    from byline.config import SiteConfig

    target = classify(href, SiteConfig(base_url="https://ada.dev"))
    assert (target.kind, target.path, target.anchor) == (kind, path, anchor)


def test_html_ids_and_names_count_as_anchors_but_not_inside_code(blog: Path) -> None:
    body = (
        '## 1. Introduction <a name="intro"></a>\n\n<span id="fig-1">Figure</span>\n\n'
        '```html\n<a name="in-code"></a>\n```\n\n'
        "[a](#intro) [b](#fig-1) [c](#in-code)\n"
    )
    assert found(blog, body) == [
        "12:25 links.anchor '#in-code': this post has no heading with id 'in-code'. "
        "Use one of its ids: #1-introduction, #intro, #fig-1.",
    ]


def test_a_web_address_wrapped_in_parentheses_is_named(blog: Path) -> None:
    # From the DeepSpeed corpus: [DeepSpeed website]((https://www.deepspeed.ai/))
    assert found(blog, "[site]((https://www.deepspeed.ai/))\n") == [
        "4:1 links.broken '(https://www.deepspeed.ai/)' does not exist "
        "(looked for posts/(https:/www.deepspeed.ai/)). "
        "It holds a web address: link to 'https://www.deepspeed.ai/' alone.",
    ]


def test_real_posts_have_no_false_anchor_findings(blog: Path) -> None:
    files = corpus_files()
    if not files:
        pytest.skip("the shared corpus is not beside this checkout")
    for n, path in enumerate(files):
        (blog / "posts" / f"post-{n}.md").write_bytes(path.read_bytes())
    b = Blog.find(blog)
    loaded = b.load_all()
    report = check_links(b, loaded.documents, CheckOptions(links=True))
    rules = {d.rule for d in report.diagnostics}
    assert "links.anchor" not in rules  # READMEs anchor headings with <a name="...">
    assert report.links > 500


def test_a_relative_link_leaving_the_blog_folder_is_broken(blog: Path) -> None:
    (blog.parent / "outside.txt").write_text("not part of the site", encoding="utf-8")
    (blog / "notes.txt").write_text("beside the posts folder", encoding="utf-8")
    assert found(blog, "[a](../../outside.txt) [b](../notes.txt) ![c](../../outside.txt)\n") == [
        "4:1 links.broken '../../outside.txt' points outside the blog folder, so the site "
        "cannot serve it. Copy the file under static/ and link to its site path.",
        "4:42 links.image-missing image '../../outside.txt' points outside the blog folder, so "
        "the site cannot serve it. Copy the file under static/ and link to its site path.",
    ]


def test_image_messages_show_the_path_as_written(blog: Path) -> None:
    # The parser percent-encodes '<with spaces.png>'; the writer typed spaces.
    assert found(blog, "![x](<my chart.png>)\n") == [
        "4:1 links.image-missing image 'my chart.png' not found "
        "(looked for posts/my chart.png). Add the file or fix the path.",
    ]
