"""Helpers for runner tests: a blog with short grace periods, posts from text."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from byline.content.blog import Blog
from byline.run import PostRun, Runner, RunOptions


@pytest.fixture
def rblog(blog: Path) -> Iterator[Path]:
    """The ``blog`` fixture with a short interrupt-to-kill grace, for fast timeout tests."""
    with (blog / "byline.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[run]\ngrace = 0.3\ntimeout = 20\n")
    yield blog


def write_post(root: Path, name: str, body: str, front: str = "") -> Path:
    """Write ``posts/NAME.md`` with a title and ``front`` extra front matter lines."""
    path = root / "posts" / f"{name}.md"
    path.write_text(f"---\ntitle: {name}\n{front}---\n\n{body}", encoding="utf-8")
    return path


def run_posts(
    root: Path, *names: str, environ: dict[str, str] | None = None, **options: Any
) -> list[PostRun]:
    """Run the named posts (all when none) through the library, as ``byline run`` does."""
    blog = Blog.find(root)
    paths = [root / "posts" / f"{n}.md" for n in names] if names else blog.post_paths()
    runner = Runner(blog, RunOptions(**options), environ=environ)
    return runner.run([blog.load(p, cache=False) for p in paths])


def results(post: PostRun) -> list[tuple[str, str]]:
    """(status, output) of each block of the post's sessions, in source order."""
    out = []
    for step in post.plan.steps:
        block = post.block(step)
        assert block is not None
        out.append((block.status, block.output))
    return out


def assert_gone(pid: int) -> None:
    """Fail (and kill it) unless process ``pid`` ends within a few seconds."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        try:  # a zombie child of the killed session is reparented and reaped by init
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                return
        except OSError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError(f"process {pid} outlived its session")
