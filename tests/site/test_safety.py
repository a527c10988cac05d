"""A build writes and deletes only inside its output folder, whatever the config or state say."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from byline.content.blog import Blog
from byline.errors import BylineError
from byline.site import BuildOptions
from byline.site.builder import SiteBuilder
from byline.site.output import output_path
from tests.site.conftest import TODAY

POST = "---\ntitle: Hello\ndate: 2026-01-05\nstatus: published\n---\n\nSome text.\n"


@pytest.fixture
def site(blog: Path) -> SiteBuilder:
    """A one-post blog (its folder beside a folder of the user's) and a builder for it."""
    (blog / "posts" / "hello.md").write_text(POST)
    (blog.parent / "mine").mkdir()
    (blog.parent / "mine" / "index.html").write_text("precious")
    return SiteBuilder(Blog.find(blog), BuildOptions(jobs=1, today=TODAY))


@pytest.mark.parametrize(
    "rel", ["../x.html", "a/../../x.html", "/etc/passwd", "a\\..\\x", "C:/x", "", "a/\0"]
)
def test_a_path_outside_the_output_folder_is_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(BylineError) as info:
        output_path(tmp_path, rel)
    shown = rel.replace("\0", "\\x00")  # a control character is shown as an escape
    assert str(info.value) == (
        f"refused to write '{shown}': it is outside the output folder {tmp_path}, and a build "
        "writes only inside it. Check [site] permalink in byline.toml."
    )


def test_a_path_inside_the_output_folder_is_joined(tmp_path: Path) -> None:
    assert output_path(tmp_path, "posts/x/index.html") == tmp_path / "posts/x/index.html"


def test_a_permalink_past_the_config_check_still_writes_nothing_outside(
    site: SiteBuilder,
) -> None:
    site_config = dataclasses.replace(site.config.site, permalink="/../../mine/{slug}/../")
    site.config = dataclasses.replace(site.config, site=site_config)
    with pytest.raises(BylineError, match="outside the output folder"):
        site.build()
    root = site.blog.root
    assert (root.parent / "mine" / "index.html").read_text() == "precious"
    assert sorted(p.name for p in root.parent.iterdir()) == ["blog", "mine"]


def test_cleanup_never_deletes_outside_the_output_folder(site: SiteBuilder) -> None:
    site.build()
    assert site.state is not None
    out = site.out
    (out / "link").symlink_to(site.blog.root.parent / "mine")
    # As a build that went astray (an older byline, an edited state file) would record.
    for rel in ("../../mine/index.html", "/etc/hostname", "link/index.html"):
        site.state.outputs[rel] = "x"
    post = site.blog.root / "posts" / "hello.md"
    post.write_text(POST + "\nMore.\n")
    report = site.build()
    assert report.removed == []
    assert (site.blog.root.parent / "mine" / "index.html").read_text() == "precious"
    assert (out / "posts" / "hello" / "index.html").is_file()


def test_a_slug_from_front_matter_cannot_leave_the_site(site: SiteBuilder) -> None:
    post = site.blog.root / "posts" / "hello.md"
    for slug in ("../../mine", "..", "a/../../mine", "/abs"):
        post.write_text(POST.replace("title: Hello", f"title: Hello\nslug: '{slug}'"))
        report = site.build()
        assert [str(e) for e in report.errors] == [
            f"posts/hello.md:3: slug '{slug}' is not usable in a URL. Use lowercase letters, "
            "digits and hyphens, such as 'fine-tune-llama'."
        ]
    assert (site.blog.root.parent / "mine" / "index.html").read_text() == "precious"
    assert sorted(p.name for p in site.blog.root.parent.iterdir()) == ["blog", "mine"]


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("posts/hello/index.html", "mine/index.html"),  # a page
        ("posts/hello", "mine"),  # a folder on the way to a page
        ("posts", "mine"),
        ("feed.xml", "mine/index.html"),
        ("style-extra.css", "mine/index.html"),  # a copy of a static file
        ("cards/hello.png", "mine/index.html"),
        ("cards", "mine"),
        ("img", "mine"),  # the image variants
    ],
)
def test_a_symbolic_link_in_the_output_folder_is_replaced_not_written_through(
    site: SiteBuilder, link: str, target: str
) -> None:
    from PIL import Image

    root = site.blog.root
    (root / "static" / "style-extra.css").write_text("p { color: red; }")
    (root / "static" / "plot.png").parent.mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), "white").save(root / "static" / "plot.png")
    (root / "posts" / "hello.md").write_text(POST + "\n![plot](/plot.png)\n")
    placed = site.out / link
    placed.parent.mkdir(parents=True, exist_ok=True)
    placed.symlink_to(root.parent / target)
    report = site.build()
    assert report.errors == []
    mine = root.parent / "mine"
    assert [(p.name, p.read_text()) for p in mine.iterdir()] == [("index.html", "precious")]
    assert not placed.is_symlink()
    assert placed.exists()
    assert (site.out / "posts" / "hello" / "index.html").read_text().startswith("<!doctype html>")


def test_a_symbolic_link_put_in_place_of_an_unchanged_file_is_replaced(site: SiteBuilder) -> None:
    site.build()
    robots = site.out / "robots.txt"
    built = robots.read_text()
    robots.unlink()
    robots.symlink_to(site.blog.root.parent / "mine" / "index.html")
    (site.blog.root / "posts" / "hello.md").write_text(POST + "\nMore.\n")
    site.build()
    assert not robots.is_symlink()
    assert robots.read_text() == built
    assert (site.blog.root.parent / "mine" / "index.html").read_text() == "precious"
