"""The run cache: what re-runs and what does not, and frozen entries."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from byline.content.blog import Blog
from byline.content.document import CodeBlock
from byline.run import cache
from byline.run.cache import RunCache, environment_fingerprint, unit_key
from byline.run.plan import Unit, plan_post
from tests.run.conftest import run_posts, write_post

BODY = "Intro.\n\n```python\nprint('hi')\n```\n\n```output\nhi\n```\n"


def _sources(root: Path) -> list[str]:
    (post,) = run_posts(root)
    return [r.source for r in post.results.values()]


def test_unchanged_and_prose_edits_come_from_the_cache(rblog: Path) -> None:
    write_post(rblog, "p", BODY)
    assert _sources(rblog) == ["ran"]
    assert _sources(rblog) == ["cache"]
    edited = "Rewritten intro, longer.\n\nMore prose.\n\n" + BODY.replace("\nhi\n```", "\nho\n```")
    write_post(rblog, "p", edited)
    assert _sources(rblog) == ["cache"]
    write_post(rblog, "p", BODY.replace("print('hi')", "print('hi!')"))
    assert _sources(rblog) == ["ran"]


def test_force_and_no_cache_rerun(rblog: Path) -> None:
    write_post(rblog, "p", BODY)
    run_posts(rblog)
    (post,) = run_posts(rblog, force=True)
    assert [r.source for r in post.results.values()] == ["ran"]
    (post,) = run_posts(rblog, use_cache=False)
    assert [r.source for r in post.results.values()] == ["ran"]


def test_failed_sessions_are_not_cached(rblog: Path) -> None:
    write_post(rblog, "p", "```python\nraise ValueError\n```\n")
    assert _sources(rblog) == ["ran"]
    assert _sources(rblog) == ["ran"]


def test_declared_files_and_lock_files_are_in_the_key(rblog: Path) -> None:
    (rblog / "data.csv").write_text("1\n", encoding="utf-8")
    write_post(rblog, "p", BODY, front="files: [data.csv]\n")
    assert _sources(rblog) == ["ran"]
    assert _sources(rblog) == ["cache"]
    (rblog / "data.csv").write_text("2\n", encoding="utf-8")
    assert _sources(rblog) == ["ran"]
    (rblog / "requirements.txt").write_text("numpy==2.0\n", encoding="utf-8")
    assert _sources(rblog) == ["ran"]
    assert _sources(rblog) == ["cache"]


def test_key_ignores_timeouts_and_display_options_but_not_code() -> None:
    def step_unit(info: str, code: str) -> Unit:
        from byline.content.parse import parse

        doc = parse(f"```{info}\n{code}\n```\n")
        return plan_post(doc, timeout=30, commands={}).units[0]

    def key(unit: Unit) -> str:
        return unit_key(unit, fingerprint="f", env_names=(), files=())

    base = key(step_unit("python", "x = 1"))
    assert key(step_unit("python timeout=5 check=none", "x = 1")) == base
    assert key(step_unit("python", "x = 2")) != base
    assert key(step_unit("python raises=E", "x = 1")) != base
    assert isinstance(step_unit("python", "x").steps[0].block, CodeBlock)


def test_frozen_entries_are_accepted_while_the_key_matches(rblog: Path) -> None:
    body = "```python\nprint('trained on a GPU')\n```\n"
    write_post(rblog, "gpu", body, front="freeze: true\n")
    (post,) = run_posts(rblog, write_frozen=True)
    frozen_file = rblog / "frozen" / "gpu.json"
    entry = json.loads(frozen_file.read_text(encoding="utf-8"))["sessions"]["main"]
    assert entry["blocks"][0]["output"] == "trained on a GPU"
    assert entry["key"] == post.keys["main"]
    # A machine without the cache (CI) takes the committed entry instead of running.
    RunCache(rblog).folder.joinpath(f"{entry['key']}.json").unlink()
    (again,) = run_posts(rblog)
    (result,) = again.results.values()
    assert result.source == "frozen"
    assert result.host and result.when
    # Once the code changes, the frozen entry no longer answers.
    write_post(rblog, "gpu", body.replace("GPU", "TPU"), front="freeze: true\n")
    (changed,) = run_posts(rblog)
    assert [r.source for r in changed.results.values()] == ["ran"]


def test_passed_blocks_are_remembered_by_content(rblog: Path) -> None:
    write_post(rblog, "p", BODY)
    blog = Blog.find(rblog)
    doc = blog.load(rblog / "posts" / "p.md", cache=False)
    step = plan_post(doc, timeout=30, commands={}).steps[0]
    cache = RunCache(rblog)
    assert not cache.passed(step)
    run_posts(rblog)
    assert cache.passed(step)


def test_every_part_of_the_key_changes_it() -> None:
    from byline.content.parse import parse

    def unit(source: str) -> Unit:
        return plan_post(parse(source), timeout=30, commands={}).units[0]

    two = "```python\nx = 1\n```\n\n```python\ny = 2\n```\n"
    swapped = "```python\ny = 2\n```\n\n```python\nx = 1\n```\n"
    parts: dict[str, Any] = {"fingerprint": "f", "env_names": ("A",), "files": [("d.csv", "1")]}
    key = unit_key(unit(two), **parts)
    assert unit_key(unit(two), **parts) == key
    assert unit_key(unit(swapped), **parts) != key  # the order of the blocks
    assert unit_key(unit(two.replace("python\nx", "python file=x.py\nx")), **parts) != key
    for name, value in [
        ("fingerprint", "g"),
        ("env_names", ("A", "B")),
        ("files", [("d.csv", "2")]),
        ("files", [("e.csv", "1")]),
    ]:
        assert unit_key(unit(two), **{**parts, name: value}) != key, name


def test_the_fingerprint_covers_version_interpreter_and_installed_packages(
    rblog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = environment_fingerprint(rblog, (sys.executable,))
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert environment_fingerprint(rblog, (sys.executable,)) != own
    monkeypatch.undo()
    # Another interpreter command is asked for its packages; one more package changes it.
    python = (sys.executable, "-X", "utf8")
    without = environment_fingerprint(rblog, python)
    (tmp_path / "extra" / "newpkg-1.0.dist-info").mkdir(parents=True)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "extra"))
    cache._installed.cache_clear()
    try:
        assert environment_fingerprint(rblog, python) != without
    finally:
        cache._installed.cache_clear()
    monkeypatch.setattr(cache, "_interpreter", lambda _python: "cpython 3.99.0")
    assert environment_fingerprint(rblog, (sys.executable,)) != own


def test_deps_is_the_same_as_files(rblog: Path) -> None:
    (rblog / "weights.bin").write_bytes(b"1")
    write_post(rblog, "p", BODY, front="deps: [weights.bin]\n")
    assert _sources(rblog) == ["ran"]
    assert _sources(rblog) == ["cache"]
    (rblog / "weights.bin").write_bytes(b"2")
    assert _sources(rblog) == ["ran"]
