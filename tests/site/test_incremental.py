"""An incremental ``byline build`` gives the same site, byte for byte, as a clean one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from byline.cli.init import init_blog
from tests.site.conftest import build

POST = """\
---
title: {title}
date: {date}
status: {status}
tags: [{tags}]
---

Some text about {title}.
"""


def write_post(blog: Path, name: str, **fields: str) -> Path:
    values = {"title": name.title(), "date": "2026-01-05", "status": "published", "tags": "ml"}
    path = blog / "posts" / f"{name}.md"
    path.write_text(POST.format(**(values | fields)), encoding="utf-8")
    return path


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """Three short posts and no images: a cold build is fast."""
    root = tmp_path / "blog"
    init_blog(root, example=False, title="Notes", author="Ada", base_url="https://ada.dev")
    for name, date in (("first", "2026-01-05"), ("second", "2026-02-05"), ("third", "2026-03-05")):
        write_post(root, name, date=date)
    return root


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def assert_same_as_clean(blog: Path, **options: Any) -> None:
    """The blog's ``_site`` (built incrementally) equals a build of a copy with no state."""
    clean = blog.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(blog, clean, ignore=shutil.ignore_patterns(".byline", "_site"))
    build(clean, jobs=1, **options)
    incremental, fresh = site_files(blog / "_site"), site_files(clean / "_site")
    assert sorted(incremental) == sorted(fresh)
    assert [rel for rel in fresh if incremental[rel] != fresh[rel]] == []


def test_a_build_in_a_new_year_shows_it_on_every_page(blog: Path) -> None:
    """The footer's year is the build's: a rebuild on New Year's Day redraws it everywhere."""
    build(blog, jobs=1, today=dt.date(2026, 12, 31))
    build(blog, jobs=1, today=dt.date(2027, 1, 1))
    assert "© 2027" in (blog / "_site" / "about" / "index.html").read_text("utf-8")
    assert_same_as_clean(blog, today=dt.date(2027, 1, 1))


def test_an_undated_post_in_the_feed_takes_the_day_of_each_build(blog: Path) -> None:
    """With --drafts an idea without a date is in the feeds, dated the day of the build."""
    idea = blog / "posts" / "idea.md"
    idea.write_text("---\ntitle: An idea\nstatus: idea\n---\n\nLater.\n", encoding="utf-8")
    build(blog, jobs=1, drafts=True, today=dt.date(2026, 6, 1))
    build(blog, jobs=1, drafts=True, today=dt.date(2026, 6, 2))
    assert_same_as_clean(blog, drafts=True, today=dt.date(2026, 6, 2))


def test_an_empty_feed_takes_the_day_of_each_build(blog: Path) -> None:
    for post in (blog / "posts").glob("*.md"):
        post.unlink()
    build(blog, jobs=1, today=dt.date(2026, 6, 1))
    build(blog, jobs=1, today=dt.date(2026, 6, 2))
    assert_same_as_clean(blog, today=dt.date(2026, 6, 2))


def test_a_static_file_deleted_is_deleted_from_the_site(blog: Path) -> None:
    notes = blog / "static" / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    build(blog, jobs=1)
    notes.unlink()
    report = build(blog, jobs=1)
    assert report.removed == ["notes.txt"]
    assert_same_as_clean(blog)


def test_a_build_without_drafts_removes_the_drafts_a_drafts_build_wrote(blog: Path) -> None:
    """``byline build --drafts`` then ``byline build`` into the same folder: the drafts'
    pages must not stay there to be deployed."""
    write_post(blog, "draft", status="draft")
    build(blog, jobs=1)
    build(blog, jobs=1, drafts=True)
    assert (blog / "_site" / "posts" / "draft" / "index.html").is_file()
    build(blog, jobs=1)
    assert not (blog / "_site" / "posts" / "draft").exists()
    assert_same_as_clean(blog)


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from byline.site import builder
from tests.site.conftest import build

real = builder.write_file

def write_then_die(path, data):
    real(path, data)
    if path.as_posix().endswith(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)

builder.write_file = write_then_die
build(Path(sys.argv[1]), jobs=1)
"""


def build_killed_after(blog: Path, rel: str) -> None:
    """A build of ``blog`` killed with SIGKILL right after it wrote ``rel``."""
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(blog), f"_site/{rel}"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    assert done.returncode == -signal.SIGKILL


def test_a_build_after_a_killed_one_redraws_what_it_wrote(blog: Path) -> None:
    """Killed after it drew the home page with a new title, which was then put back: the
    next build must not keep the killed build's home page."""
    build(blog, jobs=1)
    post = blog / "posts" / "first.md"
    before = post.read_text("utf-8")
    post.write_text(before.replace("title: First", "title: Renamed"), encoding="utf-8")
    build_killed_after(blog, "index.html")
    assert "Renamed" in (blog / "_site" / "index.html").read_text("utf-8")
    post.write_text(before, encoding="utf-8")
    build(blog, jobs=1)
    assert_same_as_clean(blog)


def test_a_build_after_a_killed_one_removes_what_it_wrote_for_a_deleted_post(
    blog: Path,
) -> None:
    build(blog, jobs=1)
    post = write_post(blog, "fourth", date="2026-04-05", tags="fresh")
    build_killed_after(blog, "posts/fourth/index.html")
    post.unlink()
    build(blog, jobs=1)
    assert not (blog / "_site" / "posts" / "fourth").exists()
    assert_same_as_clean(blog)
