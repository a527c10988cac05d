"""The live checker: the same findings as ``byline check``, kept warm between edits."""

from __future__ import annotations

import json
import os
from pathlib import Path

from byline.checks.live import LiveChecker
from byline.errors import ConfigError, InputError
from tests.conftest import CLI

POST = """---
title: Very fast retrieval
type: til
status: draft
---

The index is very fast on a laptop.
"""


def test_same_findings_as_check(blog: Path, cli: CLI) -> None:
    path = blog / "posts" / "fast.md"
    path.write_text(POST)
    live = LiveChecker(blog).check(path, POST)
    assert live.error is None and live.document is not None
    _, out, _ = cli("check", "--format", "json", "--no-cache", str(path))
    expected = [d for d in json.loads(out)["diagnostics"] if not d["rule"].startswith("code.")]
    assert [d.to_dict() for d in live.diagnostics] == expected
    assert any(d.rule == "prose.weasel-words" for d in live.diagnostics)


def test_unsaved_text_is_checked(blog: Path) -> None:
    path = blog / "posts" / "fast.md"
    path.write_text(POST)
    checker = LiveChecker(blog)
    edited = POST.replace("very fast", "fast")
    rules = {d.rule for d in checker.check(path, edited).diagnostics}
    assert "prose.weasel-words" not in rules


def test_settings_are_reloaded_when_byline_toml_changes(blog: Path) -> None:
    path = blog / "posts" / "fast.md"
    checker = LiveChecker(blog)
    assert any(d.rule == "prose.weasel-words" for d in checker.check(path, POST).diagnostics)
    config = blog / "byline.toml"
    text = config.read_text() + '\n[check.rules."prose.weasel-words"]\nseverity = "off"\n'
    config.write_text(text)
    stat = config.stat()
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert not any(d.rule == "prose.weasel-words" for d in checker.check(path, POST).diagnostics)


def test_vocabulary_changes_are_seen(blog: Path) -> None:
    path = blog / "posts" / "p.md"
    text = POST.replace("The index is very fast", "The QKVR index works")
    checker = LiveChecker(blog)
    assert any(d.rule == "prose.jargon-undefined" for d in checker.check(path, text).diagnostics)
    (blog / "vocabulary.txt").write_text("QKVR\n")
    assert not any(
        d.rule == "prose.jargon-undefined" for d in checker.check(path, text).diagnostics
    )


def test_bad_front_matter_is_an_error_not_a_crash(blog: Path) -> None:
    path = blog / "posts" / "p.md"
    result = LiveChecker(blog).check(path, "---\ntitle: x\ntype: tutorail\n---\n\nText.\n")
    assert isinstance(result.error, InputError)
    assert result.error.line == 3
    assert result.diagnostics == []


def test_bad_config_is_an_error(blog: Path) -> None:
    (blog / "byline.toml").write_text("[site\n")
    result = LiveChecker(blog).check(blog / "posts" / "p.md", POST)
    assert isinstance(result.error, ConfigError)


def test_a_lone_surrogate_is_an_input_error(blog: Path) -> None:
    path = blog / "posts" / "fast.md"
    result = LiveChecker(blog).check(path, POST.replace("fast retrieval", "fast \ud800"))
    assert isinstance(result.error, InputError)
    assert str(result.error) == (
        "posts/fast.md:2: has a character that is not valid Unicode (U+D800, half of a "
        "UTF-16 pair, at column 18). Delete it, or save the file as UTF-8."
    )
