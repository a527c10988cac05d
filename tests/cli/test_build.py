"""``byline build`` refuses bad output folders and broken templates with one message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CLI

POST = "---\ntitle: Hello\ndate: 2026-01-05\nstatus: published\n---\n\nSome text.\n"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root`` (its parent's too), with file contents."""
    return {
        str(p.relative_to(root.parent)): p.read_bytes() if p.is_file() else None
        for p in sorted(root.parent.rglob("*"))
    }


@pytest.fixture
def one_post(blog: Path) -> Path:
    (blog / "posts" / "hello.md").write_text(POST)
    (blog / "static" / "style-extra.css").write_text("p { color: red; }")
    return blog


def test_an_output_that_is_a_file_is_refused(one_post: Path, cli: CLI) -> None:
    before = tree(one_post)
    code, out, err = cli("build", "--out", "byline.toml")
    assert (code, out) == (2, "")
    assert err.strip() == (
        "the output folder byline.toml is a file. Give --out or [build] output a folder of "
        "its own, such as '_site'."
    )
    assert tree(one_post) == before


@pytest.mark.parametrize(
    ("given", "what"),
    [
        ("posts", "is the blog's posts/ folder"),
        ("static", "is the blog's static/ folder"),
        ("templates", "is the blog's templates/ folder"),
        (".byline", "is the blog's .byline/ folder"),
        ("static/site", "is inside the blog's static/ folder"),
        ("posts/serve", "is inside the blog's posts/ folder"),
        (".byline/cache", "is inside the blog's .byline/ folder"),
        (".", "is the blog folder"),
        ("..", "holds the blog folder"),
        ("../blog", "is the blog folder"),
    ],
)
def test_an_output_over_the_blogs_own_folders_is_refused(
    one_post: Path, cli: CLI, given: str, what: str
) -> None:
    (one_post / "templates").mkdir(exist_ok=True)
    before = tree(one_post)
    code, out, err = cli("build", "--out", given)
    assert (code, out) == (2, "")
    shown = str((one_post / given).resolve().relative_to(one_post)) if given != ".." else ""
    shown = {".": ".", "..": str(one_post.parent), "../blog": "."}.get(given, shown)
    assert err.strip() == (
        f"the output folder {shown} {what}; a build there would overwrite your files and "
        "delete them when it cleans up. Give --out or [build] output a folder of its own, "
        "such as '_site'."
    )
    assert tree(one_post) == before


def test_a_symlink_to_a_source_folder_is_refused(one_post: Path, cli: CLI) -> None:
    (one_post / "site").symlink_to(one_post / "static")
    before = tree(one_post)
    code, _, err = cli("build", "--out", "site")
    assert code == 2
    assert "is the blog's static/ folder" in err
    assert tree(one_post) == before


def test_an_output_setting_over_a_source_folder_is_refused_with_its_line(
    one_post: Path, cli: CLI
) -> None:
    config = one_post / "byline.toml"
    config.write_text(config.read_text() + '\n[build]\noutput = "static"\n')
    line = config.read_text().splitlines().index('output = "static"') + 1
    before = tree(one_post)
    code, out, err = cli("build")
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"byline.toml:{line}: 'build.output' must be a folder of its own, not the blog "
        "folder, a folder above it, or posts/, static/, templates/ or .byline/ (a build "
        "deletes the files it no longer makes), e.g. '_site'. Fix the value."
    )
    assert tree(one_post) == before


def test_an_output_outside_the_blog_is_fine(one_post: Path, cli: CLI, tmp_path: Path) -> None:
    code, out, _ = cli("build", "--out", str(tmp_path / "public"))
    assert code == 0, out
    assert (tmp_path / "public" / "posts" / "hello" / "index.html").is_file()


FIX = "Fix the template, or delete it to use the theme's post.html."


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (b"{{ foo( }}", f"templates/post.html:1: unexpected '}}', expected ')'. {FIX}"),
        (
            b'{% extends "nope.html" %}',
            "templates/post.html:1: template 'nope.html' not found. Add templates/nope.html, "
            "or name one of the theme's templates, such as 'base.html'.",
        ),
        (
            b'{% extends "base.html" %}\n{% block main %}\n{{ nothing.at_all }}{% endblock %}',
            f"templates/post.html:3: 'nothing' is undefined. {FIX}",
        ),
        (b"<p>\n{{ 1/0 }}</p>", f"templates/post.html:2: division by zero. {FIX}"),
        (b"\xff{{ title }}", "templates/post.html: is not valid UTF-8. Save the file as UTF-8."),
    ],
)
def test_a_broken_template_is_reported_with_its_line(
    one_post: Path, cli: CLI, template: bytes, message: str
) -> None:
    (one_post / "templates").mkdir(exist_ok=True)
    (one_post / "templates" / "post.html").write_bytes(template)
    code, out, err = cli("build")
    assert (code, out, err.strip()) == (2, "", message)


def test_a_broken_partial_is_reported_where_it_is(one_post: Path, cli: CLI) -> None:
    (one_post / "templates").mkdir(exist_ok=True)
    (one_post / "templates" / "post.html").write_text(
        '{% extends "base.html" %}\n{% block main %}{% include "card.html" %}{% endblock %}'
    )
    (one_post / "templates" / "card.html").write_text("<p>\n{{ title | nope }}</p>")
    code, _, err = cli("build")
    assert (code, err.strip()) == (
        2,
        "templates/card.html:2: No filter named 'nope'. Fix the template.",
    )


def test_a_script_canonical_url_stops_the_post_with_its_line(one_post: Path, cli: CLI) -> None:
    post = one_post / "posts" / "hello.md"
    post.write_text(POST.replace("status:", 'canonical_url: "javascript:alert(1)"\nstatus:'))
    code, _, err = cli("build")
    assert code == 2
    assert err.strip() == (
        "posts/hello.md:4: 'canonical_url' must be an http(s) URL such as "
        "'https://dev.to/jane/my-post', not 'javascript:alert(1)'."
    )
    assert not any("javascript:" in p.read_text() for p in (one_post / "_site").rglob("*.html"))


def test_warnings_show_control_characters_as_escapes(one_post: Path, cli: CLI) -> None:
    (one_post / "posts" / "hello.md").write_text(
        POST + '\n<img src="/img\x1b]0;pwned\x07.png" alt="a">\n'
    )
    code, out, err = cli("build", "--out", "out\x1b[2J")
    assert code == 0
    assert not any(c in out + err for c in ("\x1b", "\x07", "\r"))
    assert err.splitlines() == [
        "posts/hello.md:9: image '/img\\x1b]0;pwned\\x07.png' not found; left out of the "
        "page. Add the file or fix the path."
    ]
    assert out.startswith("Built 1 post into out\\x1b[2J/: ")


def test_the_summary_counts_one_post_and_one_file_in_the_singular(one_post: Path, cli: CLI) -> None:
    assert cli("build")[0] == 0
    (one_post / "static" / "extra.txt").write_text("one more file")
    code, out, _ = cli("build")
    assert code == 0
    assert out.startswith("Built 1 post into _site/: 0 rendered, 1 file written, 0 removed in ")
