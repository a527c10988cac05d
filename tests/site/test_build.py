"""``byline build`` on the feature blog: pages, drafts, links, anchors, escaping, incremental."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from byline.cli.init import init_blog
from byline.content.blog import Blog
from byline.errors import BylineError, InputError
from byline.site import BuildReport, builder
from tests.conftest import refuse
from tests.site.blogs import make_feature_blog
from tests.site.checks import page_ids
from tests.site.conftest import TODAY, build


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    return make_feature_blog(tmp_path / "blog")


def test_every_kind_of_page_is_built(feature_site: tuple[Path, BuildReport]) -> None:
    site, report = feature_site
    for rel in (
        "index.html",
        "posts/fine-tune-llama/index.html",
        "posts/evaluate-llm/index.html",
        "posts/old-note/index.html",
        "tags/index.html",
        "tags/llm/index.html",
        "series/small-gpus/index.html",
        "archive/index.html",
        "about/index.html",
        "search/index.html",
        "404.html",
        "feed.xml",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "favicon.svg",
        "favicon.ico",
        "search.json",
        "cards/fine-tune-llama.png",
    ):
        assert (site / rel).is_file(), rel
    assert report.posts == 3
    assert not (site / "posts" / "draft-post").exists()
    assert not (site / "posts" / "future-post").exists()


def test_warnings_name_the_line_and_what_to_do(feature_site: tuple[Path, BuildReport]) -> None:
    _, report = feature_site
    assert report.warnings == [
        "posts/fine-tune-llama.md:18: link to 'draft-post.md' points at a post or file that "
        "is not on the site; shown as text.",
        "posts/fine-tune-llama.md:71: link to 'nowhere.md' points at a post or file that "
        "is not on the site; shown as text.",
        "posts/fine-tune-llama.md:72: image '/images/missing.png' not found; left out of the "
        "page. Add the file or fix the path.",
    ]


def test_heading_ids_are_the_parser_anchors(feature_site: tuple[Path, BuildReport]) -> None:
    site, _ = feature_site
    blog = Blog.find(site.parent)
    doc = blog.load(blog.posts_dir / "fine-tune-llama.md")
    ids = page_ids(site / "posts" / "fine-tune-llama" / "index.html")
    assert {h.anchor for h in doc.headings} <= ids


def test_post_links_become_site_urls(feature_site: tuple[Path, BuildReport]) -> None:
    site, _ = feature_site
    html = (site / "posts" / "fine-tune-llama" / "index.html").read_text()
    assert '<a href="/posts/evaluate-llm/#results">the evaluation post</a>' in html
    assert '<span class="dead-link">the draft</span>' in html
    other = (site / "posts" / "evaluate-llm" / "index.html").read_text()
    assert '<a href="/posts/fine-tune-llama/#setup">' in other


def test_post_page_has_meta_json_ld_toc_and_features(
    feature_site: tuple[Path, BuildReport],
) -> None:
    site, _ = feature_site
    html = (site / "posts" / "fine-tune-llama" / "index.html").read_text()
    assert '<link rel="canonical" href="https://ada.dev/posts/fine-tune-llama/">' in html
    assert '<meta property="og:image" content="https://ada.dev/cards/fine-tune-llama.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Fine-tuning Llama on one GPU"
    assert data["datePublished"] == "2026-03-02"
    assert data["keywords"] == "LoRA fine-tuning, llm, fine-tuning, lora"
    assert '<nav class="toc" aria-labelledby="toc-title">' in html
    assert "<math " in html and 'class="chart"' in html
    assert '<div class="output"><div class="output-label">Output</div>' in html
    assert 'loading="lazy"' not in html.split('id="setup"')[0]  # the lead image loads at once
    assert "<script>" not in html.split('<div class="post-body">')[1].split("</article>")[0]
    assert 'width="400"' in html  # raw <img width="400px"> made valid
    assert "Part 1 of 2 in the series" in html
    assert 'href="/posts/evaluate-llm/" rel="next"' in html


def test_titles_are_escaped(feature_site: tuple[Path, BuildReport]) -> None:
    site, _ = feature_site
    html = (site / "posts" / "evaluate-llm" / "index.html").read_text()
    assert "<h1>Evaluating LLMs &lt;without&gt; the hype &amp; noise</h1>" in html
    assert "<without>" not in html


def test_drafts_flag_adds_drafts_and_future_posts(blog: Path) -> None:
    report = build(blog, drafts=True, jobs=1)
    assert report.posts == 5
    html = (blog / "_site" / "posts" / "draft-post" / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' in html


def test_a_future_post_appears_on_its_day_without_being_edited(blog: Path) -> None:
    """Drafts and future posts are remembered with their file's state (a rebuild does not
    read them again), and a remembered future post still comes out when its day comes."""
    first = build(blog, jobs=1)
    assert "posts/future-post.md" not in first.rendered
    assert build(blog, jobs=1).rendered == []
    later = build(blog, jobs=1, today=dt.date(2099, 1, 1))
    assert later.rendered == ["posts/future-post.md"]
    assert (blog / "_site" / "posts" / "future-post" / "index.html").is_file()


def test_each_front_matter_is_read_once_per_build(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build reads front matter to decide what is on the site; the parse that follows
    takes it from there instead of reading the YAML again."""
    from byline.content import parse as parse_module
    from byline.content import post as post_module
    from byline.site import model

    seen: list[str] = []
    real = post_module.parse_front_matter

    def counted(block: post_module.FrontMatterBlock, path: Path | str) -> post_module.FrontMatter:
        seen.append(str(path))
        return real(block, path)

    for module in (post_module, parse_module, model):
        monkeypatch.setattr(module, "parse_front_matter", counted)
    report = build(blog, jobs=1)
    assert report.rendered
    assert sorted(seen) == sorted(set(seen))


def test_remembered_posts_take_the_current_permalink(blog: Path) -> None:
    (blog / "posts" / "linker.md").write_text(
        "---\ntitle: Linker\ndate: 2026-01-05\nstatus: published\n---\n\n"
        "Read [the next one](future-post.md) when it is out.\n"
    )
    build(blog, jobs=1)
    config = blog / "byline.toml"
    text = config.read_text()
    assert 'permalink = "/posts/{slug}/"' in text
    config.write_text(text.replace('permalink = "/posts/{slug}/"', 'permalink = "/blog/{slug}/"'))
    later = build(blog, jobs=1, today=dt.date(2099, 1, 1))
    assert "posts/future-post.md" in later.rendered
    assert (blog / "_site" / "blog" / "future-post" / "index.html").is_file()
    assert not (blog / "_site" / "posts" / "future-post").exists()
    linker = (blog / "_site" / "blog" / "linker" / "index.html").read_text()
    assert '<a href="/blog/future-post/">the next one</a>' in linker
    # Posts that did not change move too (their state was remembered with the old path).
    assert (blog / "_site" / "blog" / "old-note" / "index.html").is_file()
    assert not (blog / "_site" / "posts" / "old-note").exists()


def test_unchanged_rebuild_writes_nothing(blog: Path) -> None:
    build(blog, jobs=1)
    again = build(blog, jobs=1)
    assert (again.rendered, again.written, again.removed) == ([], [], [])


def test_editing_a_body_rebuilds_that_post_and_the_feeds_only(blog: Path) -> None:
    build(blog, jobs=1)
    post = blog / "posts" / "old-note.md"
    post.write_text(post.read_text() + "\nOne more line.\n")
    report = build(blog, jobs=1)
    assert report.rendered == ["posts/old-note.md"]
    assert sorted(report.written) == ["feed.xml", "posts/old-note/index.html", "rss.xml"]


def test_editing_a_title_updates_every_listing_that_shows_it(blog: Path) -> None:
    build(blog, jobs=1)
    post = blog / "posts" / "old-note.md"
    post.write_text(post.read_text().replace("A short note from last year", "A renamed note"))
    report = build(blog, jobs=1)
    assert sorted(report.written) == [
        "archive/index.html",
        "cards/old-note.png",
        "feed.xml",
        "index.html",
        "posts/old-note/index.html",
        "rss.xml",
        "search.json",
        "tags/til/index.html",
    ]
    assert "A renamed note" in (blog / "_site" / "index.html").read_text()


def test_removing_a_post_removes_its_pages_and_links_to_it(blog: Path) -> None:
    build(blog, jobs=1)
    (blog / "posts" / "evaluate-llm.md").unlink()
    report = build(blog, jobs=1)
    assert "posts/evaluate-llm/index.html" in report.removed
    assert "tags/evaluation/index.html" in report.removed
    assert not (blog / "_site" / "posts" / "evaluate-llm").exists()
    html = (blog / "_site" / "posts" / "fine-tune-llama" / "index.html").read_text()
    assert '<span class="dead-link">the evaluation post</span>' in html
    assert report.rendered == ["posts/fine-tune-llama.md"]


def test_publishing_a_draft_renders_the_posts_that_link_to_it(blog: Path) -> None:
    build(blog, jobs=1)
    draft = blog / "posts" / "draft-post.md"
    draft.write_text(draft.read_text().replace("status: draft", "status: published"))
    report = build(blog, jobs=1)
    assert sorted(report.rendered) == ["posts/draft-post.md", "posts/fine-tune-llama.md"]
    html = (blog / "_site" / "posts" / "fine-tune-llama" / "index.html").read_text()
    assert '<a href="/posts/draft-post/">the draft</a>' in html


def test_parallel_and_serial_builds_agree(blog: Path, tmp_path: Path) -> None:
    for n in range(30):
        (blog / "posts" / f"extra-{n}.md").write_text(
            f"---\ntitle: Extra {n}\ndate: 2026-01-{n % 28 + 1:02d}\nstatus: published\n"
            f"tags: [t{n % 3}]\n---\n\nBody {n} links to [one](fine-tune-llama.md).\n"
        )
    build(blog, jobs=1, out=tmp_path / "serial")
    build(blog, jobs=2, out=tmp_path / "parallel")
    serial = {
        p.relative_to(tmp_path / "serial"): p.read_bytes()
        for p in (tmp_path / "serial").rglob("*")
        if p.is_file()
    }
    parallel = {
        p.relative_to(tmp_path / "parallel"): p.read_bytes()
        for p in (tmp_path / "parallel").rglob("*")
        if p.is_file()
    }
    assert serial == parallel


def test_workers_get_indexes_not_the_posts_texts(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent shares the jobs before forking; pickling every post's text to the
    workers cost the parent about 1% of a cold build."""
    for n in range(30):
        (blog / "posts" / f"extra-{n}.md").write_text(
            f"---\ntitle: Extra {n}\ndate: 2026-01-01\nstatus: published\n---\n\nBody {n}.\n"
        )
    sent: list[object] = []
    original = builder._pool_map

    def recording(function: object, items: list[object], size: int) -> list[object]:
        sent.extend(items)
        return original(function, items, size)  # type: ignore[arg-type]

    monkeypatch.setattr(builder, "_pool_map", recording)
    report = build(blog, jobs=2, out=tmp_path / "site")
    assert len(report.rendered) >= 30
    assert sent and all(isinstance(item, int) for item in sent)
    assert builder._SHARED["jobs"] == []  # not kept after the build


def test_a_blog_template_overrides_the_theme_and_static_css_is_linked(blog: Path) -> None:
    (blog / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lost</h1>{% endblock %}'
    )
    (blog / "static" / "extra.css").write_text("body { color: black; }")
    build(blog, jobs=1)
    assert "<h1>Lost</h1>" in (blog / "_site" / "404.html").read_text()
    assert (
        '<link rel="stylesheet" href="/extra.css">' in (blog / "_site" / "index.html").read_text()
    )
    assert (blog / "_site" / "extra.css").is_file()


def test_hidden_files_and_folders_of_static_stay_out_but_well_known(blog: Path) -> None:
    # A folder such as static/.git/ or static/.secrets/ would be published whole.
    static = blog / "static"
    for rel in (".git/config", ".secrets/token.txt", "a/.env", ".hidden.txt", "a/b.txt"):
        (static / rel).parent.mkdir(parents=True, exist_ok=True)
        (static / rel).write_text("x")
    (static / ".well-known").mkdir()
    (static / ".well-known" / "security.txt").write_text("Contact: mailto:a@b.dev\n")
    build(blog, jobs=1)
    out = blog / "_site"
    assert (out / "a" / "b.txt").is_file()
    assert (out / ".well-known" / "security.txt").is_file()
    for rel in (".git", ".secrets", "a/.env", ".hidden.txt"):
        assert not (out / rel).exists(), rel
    (static / ".git" / "config").write_text("changed")  # not a change of the site
    assert build(blog, jobs=1).written == []


def test_a_build_stopped_by_an_error_leaves_no_file_open(blog: Path) -> None:
    # byline serve builds again after every save: a template error each time must not
    # leave the build's journal of written files open (one descriptor per failed build).
    (blog / "posts" / "a.md").write_text(
        "---\ntitle: A\ndate: 2026-01-05\nstatus: published\n---\n\nText.\n"
    )
    template = blog / "templates" / "post.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text('{% extends "base.html" %}{% block main %}{{ x | nope }}{% endblock %}')
    site_builder = builder.SiteBuilder(Blog.find(blog), builder.BuildOptions(jobs=1, today=TODAY))
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("needs /proc")
    with pytest.raises(BylineError):
        site_builder.build()
    before = len(list(fds.iterdir()))
    for _ in range(3):
        with pytest.raises(BylineError):
            site_builder.build()
    assert len(list(fds.iterdir())) == before
    template.unlink()
    site_builder.build()
    assert (blog / "_site" / "posts" / "a" / "index.html").is_file()


def test_a_template_edited_between_rebuilds_is_used(blog: Path) -> None:
    # A dev server keeps one SiteBuilder and calls build() after each save.
    site_builder = builder.SiteBuilder(Blog.find(blog), builder.BuildOptions(jobs=1, today=TODAY))
    template = blog / "templates" / "404.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text('{% extends "base.html" %}{% block main %}<h1>Lost</h1>{% endblock %}')
    site_builder.build()
    template.write_text('{% extends "base.html" %}{% block main %}<h1>Gone</h1>{% endblock %}')
    site_builder.build()
    assert "<h1>Gone</h1>" in (blog / "_site" / "404.html").read_text()


def test_a_template_error_in_a_worker_names_the_template_and_line(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    init_blog(root, example=False, title="T", author="Ada", base_url="https://ada.dev")
    for n in range(30):  # enough pages for the workers to render them
        (root / "posts" / f"p{n}.md").write_text(
            f"---\ntitle: P{n}\ndate: 2026-01-05\nstatus: published\n---\n\nText.\n"
        )
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "post.html").write_text("<p>\n{{ 1/0 }}</p>")
    with pytest.raises(InputError) as info:
        build(root, jobs=2)
    assert str(info.value) == (
        "templates/post.html:2: division by zero. "
        "Fix the template, or delete it to use the theme's post.html."
    )


def test_templates_compile_once_and_are_kept_in_the_blog_cache(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit's build loads compiled templates from ``.byline/`` instead of compiling them."""
    import jinja2

    build(blog, jobs=1)
    assert list((Blog.find(blog).cache_dir / "site" / "templates").iterdir())

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    post = blog / "posts" / "old-note.md"
    post.write_text(post.read_text() + "\nOne more line.\n")
    report = build(blog, jobs=1)
    assert "posts/old-note/index.html" in report.written


def test_related_posts_are_worked_out_again_only_when_tags_or_keywords_change(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from byline.site import pages

    build(blog, jobs=1)
    calls: list[int] = []
    real = pages.related_posts

    def counted(posts: list[pages.PostMeta]) -> dict[str, list[pages.PostMeta]]:
        calls.append(len(posts))
        return real(posts)

    monkeypatch.setattr(pages, "related_posts", counted)
    post = blog / "posts" / "old-note.md"
    post.write_text(post.read_text() + "\nOne more line.\n")
    build(blog, jobs=1)
    assert calls == []
    post.write_text(post.read_text().replace("tags: [til]", "tags: [til, llm]"))
    build(blog, jobs=1)
    assert calls == [3]
    page = (blog / "_site" / "posts" / "old-note" / "index.html").read_text()
    assert "Fine-tuning Llama on one GPU" in page  # now shares the llm tag


def test_changing_an_image_renders_again_every_post_that_shows_it(blog: Path) -> None:
    from PIL import Image

    (blog / "posts" / "same-plot.md").write_text(
        "---\ntitle: The same plot again\ndate: 2026-01-05\nstatus: published\n---\n\n"
        "![Loss curves again](/images/loss.png)\n"
    )
    first = build(blog, jobs=1)
    showing = sorted(s for s in first.rendered if "/images/loss.png" in (blog / s).read_text())
    assert showing == ["posts/fine-tune-llama.md", "posts/same-plot.md"]
    Image.new("RGB", (800, 450), "#000000").save(blog / "static" / "images" / "loss.png")
    report = build(blog, jobs=1)
    assert sorted(report.rendered) == showing
    html = (blog / "_site" / "posts" / "fine-tune-llama" / "index.html").read_text()
    assert 'src="/images/loss.png" alt="Loss curves of three runs" width="800" height="450"' in html


def test_images_get_sizes_and_webp_variants(feature_site: tuple[Path, BuildReport]) -> None:
    site, _ = feature_site
    html = (site / "posts" / "fine-tune-llama" / "index.html").read_text()
    match = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)
    assert match is not None
    variants = [part.split()[0] for part in match.group(1).split(", ")]
    assert [v.rsplit("-", 1)[1] for v in variants] == ["720.webp", "1440.webp"]
    assert all((site / v.lstrip("/")).is_file() for v in variants)
    assert (
        'src="/images/loss.png" alt="Loss curves of three runs" width="1600" height="900"' in html
    )


def test_a_bad_post_is_reported_and_the_rest_is_built(blog: Path) -> None:
    (blog / "posts" / "broken.md").write_text("---\ntitle: [unclosed\n---\nText\n")
    (blog / "posts" / "bad-slug.md").write_text(
        "---\ntitle: X\nslug: Not A Slug\nstatus: published\n---\nText\n"
    )
    report = build(blog, jobs=1)
    assert [str(e) for e in report.errors] == [
        "posts/bad-slug.md:3: slug 'Not A Slug' is not usable in a URL. Use lowercase letters, "
        "digits and hyphens, such as 'fine-tune-llama'.",
        "posts/broken.md:2: front matter is not valid YAML (a '[' list starts on this line "
        "and is never closed). Close it with ']'.",
    ]
    assert report.posts == 3


def test_new_renderer_code_redoes_every_cached_body(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fix in the renderer reaches every page, with no version number to remember to bump."""
    first = build(blog, jobs=1)
    monkeypatch.setattr(builder, "code_key", lambda: "new renderer code")
    report = build(blog, jobs=1)
    assert sorted(report.rendered) == sorted(first.rendered)
    assert "posts/old-note/index.html" in report.written
    assert build(blog, jobs=1).rendered == []


@pytest.mark.parametrize(("jobs", "workers"), [(1000, 2), (1145, 2), (30, 2), (5000, 8)])
def test_work_is_handed_out_in_small_chunks(jobs: int, workers: int) -> None:
    # A worker left with a big last chunk keeps the build waiting while the other idles.
    size = builder._chunksize(jobs, workers)
    assert 1 <= size <= 8
    assert jobs / size >= workers * 4 or size == 1


@pytest.mark.parametrize("junk", [b"garbage\n", b"", b"cnope\nthing\n.", b"V\\u12\n."])
def test_junk_in_the_cache_is_a_miss(blog: Path, junk: bytes) -> None:
    first = build(blog, jobs=1)
    files = list((blog / ".byline" / "cache").rglob("*.pickle"))
    assert files
    for file in files:
        file.write_bytes(junk)
    again = build(blog, jobs=1)
    assert (again.errors, again.posts) == ([], first.posts)
    assert sorted(again.rendered) == sorted(first.rendered)


def test_an_entry_of_posts_that_is_not_a_file_is_reported(blog: Path) -> None:
    (blog / "posts" / "folder.md").mkdir()
    report = build(blog, jobs=1)
    assert [str(e) for e in report.errors] == [
        "posts/folder.md: is a folder, not a Markdown file. Rename it or move it out of posts/."
    ]
    assert report.posts == 3


def test_a_file_where_the_state_folder_goes_is_one_clear_error(blog: Path) -> None:
    (blog / ".byline").write_text("not a folder\n")
    with pytest.raises(InputError) as info:
        build(blog, jobs=1)
    assert str(info.value) == (
        ".byline: is a file, but byline keeps its ledger and caches in a folder of that name. "
        "Move the file aside; byline will create the folder."
    )
    assert (blog / ".byline").read_text() == "not a folder\n"


def test_an_output_folder_that_cannot_be_made_is_one_clear_error(blog: Path) -> None:
    (blog / "_site").write_text("not a folder\n")
    with pytest.raises(BylineError) as error:
        build(blog, jobs=1)  # refused before the build starts
    assert str(error.value).startswith("the output folder _site is a file.")
    with pytest.raises(InputError) as info:
        build(blog, jobs=1, out=blog / "_site" / "inside")  # found when making it
    assert str(info.value).startswith("_site/")
    assert str(info.value).endswith(
        ": cannot build the site (not a directory). "
        "A part of the path is a file where a folder should be: move that file aside."
    )
    assert (blog / "_site").read_text() == "not a folder\n"


def test_a_read_only_state_folder_is_one_clear_error(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse(monkeypatch, "mkdir", blog / ".byline" / "cache")
    with pytest.raises(InputError) as info:
        build(blog, jobs=1)
    assert str(info.value).startswith(".byline/cache/")
    assert str(info.value).endswith(
        ": cannot build the site (permission denied). "
        "Check the permissions of the file and its folder (ls -l), then try again."
    )


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_damaged_image_is_a_warning_and_its_pages_still_work(blog: Path, kind: str) -> None:
    """A truncated image (PNG: caught when its size is read; JPEG: only when decoded for
    the WebP variants) no longer stops the build: the pages keep working, a warning says
    which file to re-export."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((1600, 900), 60).convert("RGB").save(buffer, kind)
    data = buffer.getvalue()
    (blog / "static" / "images" / "loss.png").write_bytes(data[: len(data) // 2])
    report = build(blog, jobs=1)
    assert report.errors == []
    [warning] = [w for w in report.warnings if w.startswith("static/images/loss.png: ")]
    assert warning.startswith("static/images/loss.png: cannot be read as an image (")
    assert warning.endswith("); pages show the file as it is. Export it again.")
    site = blog / "_site"
    html = (site / "posts" / "fine-tune-llama" / "index.html").read_text()
    assert 'src="/images/loss.png"' in html
    for url in re.findall(r'srcset="([^"]+)"', html):
        for part in url.split(", "):
            assert (site / part.split()[0].lstrip("/")).is_file()


def test_a_damaged_image_is_warned_about_by_every_build(blog: Path) -> None:
    """The WebP variants of a damaged image are cached; the warning is not: a writer who
    missed it on the first build still sees it on the next one, until the file is fixed."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((1600, 900), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    image = blog / "static" / "images" / "loss.png"
    image.write_bytes(data[: len(data) // 2])
    first = build(blog, jobs=1)
    second = build(blog, jobs=1)
    damaged = [w for w in first.warnings if w.startswith("static/images/loss.png: ")]
    assert len(damaged) == 1
    assert [w for w in second.warnings if w.startswith("static/images/loss.png: ")] == damaged
    image.write_bytes(data)
    third = build(blog, jobs=1)
    assert not [w for w in third.warnings if w.startswith("static/images/loss.png: ")]


def test_each_missing_image_is_reported_at_its_own_line(blog: Path) -> None:
    post = (
        "---\ntitle: Imgs\nstatus: published\n---\nText.\n\n"  # lines 1-6
        '<img src="x">\n\nMore.\n\n<img src="x">\n\n![c](x)\n\n'  # lines 7, 11, 13
        'Then [a](gone.md) and [b](gone.md).\n\n<div>\n<img src="x">\n<img alt="no src">\n</div>\n'
    )
    (blog / "posts" / "imgs.md").write_text(post)
    report = build(blog, jobs=1)
    missing = "image 'x' not found; left out of the page. Add the file or fix the path."
    dead = "points at a post or file that is not on the site; shown as text."
    assert [w for w in report.warnings if w.startswith("posts/imgs.md")] == [
        f"posts/imgs.md:7: {missing}",
        f"posts/imgs.md:11: {missing}",
        f"posts/imgs.md:13: {missing}",
        f"posts/imgs.md:15: link to 'gone.md' {dead}",
        f"posts/imgs.md:15: link to 'gone.md' {dead}",
        f"posts/imgs.md:18: {missing}",
        "posts/imgs.md:19: image has no src; left out of the page. Give it the path or "
        "http(s) URL of the image, such as '/images/plot.png'.",
    ]


def test_an_image_reference_publishes_only_image_files(blog: Path) -> None:
    """An image beside a post is copied to /media/; any other file stays private, so an
    imported post cannot publish the blog's secrets or settings."""
    (blog / ".env").write_text("TOKEN=secret\n")
    (blog / "posts" / "notes.txt").write_text("private\n")
    post = (
        "---\ntitle: Imgs\nstatus: published\n---\nText.\n\n"  # lines 1-6
        '![a](../.env)\n\n<img src="../byline.toml">\n\n![c](/../.env)\n\n![d](notes.txt)\n'
    )
    (blog / "posts" / "imgs.md").write_text(post)
    report = build(blog, jobs=1)
    left_out = "is not an image file; left out of the page. Point it at a .png, .jpg, .gif, .webp, .avif or .svg file."
    assert [w for w in report.warnings if w.startswith("posts/imgs.md")] == [
        f"posts/imgs.md:7: image '../.env' {left_out}",
        f"posts/imgs.md:9: image '../byline.toml' {left_out}",
        f"posts/imgs.md:11: image '/../.env' {left_out}",
        f"posts/imgs.md:13: image 'notes.txt' {left_out}",
    ]
    out = blog / "_site"
    assert not (out / "media").exists()
    assert not [p for p in out.rglob("*") if p.name in (".env", "byline.toml", "notes.txt")]


RAW_LINKS = """\
---
title: Raw links
status: published
---

Text.

<div>
<a href="evaluate-llm.md">kept</a>
<a href="gone.md#setup">a block link</a> and
<a href="/files/none.pdf">a file</a>
</div>

Para with <a href="also-gone.md">an inline link</a>
and <a
href="draft-post.md">a draft</a> on later lines, then <a href="gone\x1b.md">x</a>.
"""


def test_a_raw_html_link_to_a_missing_post_is_a_warning_at_its_line(blog: Path) -> None:
    (blog / "posts" / "raw-links.md").write_text(RAW_LINKS)
    report = build(blog, jobs=1)
    dead = "points at a post or file that is not on the site; shown as text."
    assert [w for w in report.warnings if w.startswith("posts/raw-links.md")] == [
        f"posts/raw-links.md:10: link to 'gone.md#setup' {dead}",
        f"posts/raw-links.md:11: link to '/files/none.pdf' {dead}",
        f"posts/raw-links.md:14: link to 'also-gone.md' {dead}",
        f"posts/raw-links.md:15: link to 'draft-post.md' {dead}",
        f"posts/raw-links.md:16: link to 'gone\\x1b.md' {dead}",
    ]
    page = (blog / "_site" / "posts" / "raw-links" / "index.html").read_text()
    assert '<a href="/posts/evaluate-llm/">kept</a>' in page
    assert "<a>a block link</a>" in page
    assert "<a>an inline link</a>" in page


def test_a_build_removes_what_a_killed_build_left(blog: Path) -> None:
    """A build killed mid-write (kill -9, a closed CI job) leaves ``.page.html.PID.tmp``
    files; the next build must not ship them."""
    build(blog)
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    left = blog / "_site" / "posts" / "fine-tune-llama" / f".index.html.{child.pid}.tmp"
    left.write_bytes(b"<html><body>half a pa")
    mark = blog / ".byline" / "writing" / str(child.pid)  # what the killed build kept
    mark.parent.mkdir(exist_ok=True)
    mark.write_text(str(blog / "_site"), encoding="utf-8")
    post = blog / "posts" / "fine-tune-llama.md"
    post.write_text(post.read_text("utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(blog)
    assert not left.exists()
    assert not list((blog / "_site").rglob("*.tmp"))
    assert not mark.exists()


def test_only_a_build_after_a_killed_one_searches_the_output_folder(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walking every folder of the site costs 20 ms at 1,000 posts, a tenth of a one-post
    rebuild in `byline serve`: a build that finished leaves no mark, so the next one skips it."""
    import byline.site.output

    build(blog)
    searched: list[Path] = []
    monkeypatch.setattr(byline.site.output, "remove_leftovers", searched.append)
    post = blog / "posts" / "fine-tune-llama.md"
    post.write_text(post.read_text("utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(blog)
    assert searched == []
    assert not list((blog / ".byline" / "writing").iterdir())
