"""``byline lsp`` as an editor sees it: a real server process spoken to over stdio."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI
from tests.lsp_client import Client

POST = """---
title: Very fast retrieval
type: til
status: draft
---

The index is very fast on a laptop.
"""


@pytest.fixture
def client(blog: Path) -> Iterator[Client]:
    c = Client(blog)
    c.request(
        "initialize",
        {
            "processId": None,
            "rootUri": blog.as_uri(),
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        },
    )
    c.notify("initialized", {})
    try:
        yield c
    finally:
        c.close()


def by_rule(diagnostics: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [d for d in diagnostics if d["code"] == rule]


def test_diagnostics_as_you_type(client: Client, blog: Path) -> None:
    path = blog / "posts" / "fast.md"
    (weasel,) = [
        d
        for d in by_rule(client.open(path, POST), "prose.weasel-words")
        if d["range"]["start"]["line"] == 6
    ]
    assert weasel["range"] == {
        "start": {"line": 6, "character": 13},
        "end": {"line": 6, "character": 17},
    }
    assert weasel["severity"] == 3 and weasel["source"] == "byline"
    assert "very" in weasel["message"].lower()
    after = client.change(path, POST.replace("is very fast", "is fast"), 2)
    assert not [d for d in by_rule(after, "prose.weasel-words") if d["range"]["start"]["line"] == 6]
    assert not path.exists()  # nothing was saved: the unsaved text was checked


def test_quick_fix_removes_the_weasel_word(client: Client, blog: Path) -> None:
    path = blog / "posts" / "fast.md"
    (weasel,) = [
        d
        for d in by_rule(client.open(path, POST), "prose.weasel-words")
        if d["range"]["start"]["line"] == 6
    ]
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": path.as_uri()},
            "range": weasel["range"],
            "context": {"diagnostics": [weasel]},
        },
    )
    (action,) = actions
    assert action["kind"] == "quickfix"
    (edit,) = action["edit"]["changes"][path.as_uri()]
    lines = POST.splitlines(keepends=True)
    start, end = edit["range"]["start"], edit["range"]["end"]
    assert start["line"] == end["line"] == 6
    line = lines[6]
    fixed = line[: start["character"]] + edit["newText"] + line[end["character"] :]
    assert fixed == "The index is fast on a laptop.\n"


def test_columns_are_utf16_code_units(client: Client, blog: Path) -> None:
    path = blog / "posts" / "emoji.md"
    text = POST.replace("The index is very fast", "\U0001f680 The index is very fast")
    (weasel,) = [
        d
        for d in by_rule(client.open(path, text), "prose.weasel-words")
        if d["range"]["start"]["line"] == 6
    ]
    # the rocket is one character but two UTF-16 code units
    assert weasel["range"]["start"] == {"line": 6, "character": 16}


def test_bad_front_matter_shows_at_its_lines(client: Client, blog: Path) -> None:
    path = blog / "posts" / "bad.md"
    text = "---\ntitle: x\ntype: tutorail\nstatus: done\n---\n\nText.\n"
    found = client.open(path, text)
    assert [(d["range"]["start"]["line"], d["code"], d["severity"]) for d in found] == [
        (2, "input", 1),
        (3, "input", 1),
    ]
    assert "Did you mean 'tutorial'?" in found[0]["message"]


def test_files_outside_a_blog_get_no_diagnostics(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    assert client.open(path, "Very very weasel text.\n") == []


def test_shutdown_and_exit(client: Client) -> None:
    assert client.request("shutdown", {}) is None
    client.notify("exit", {})
    assert client.proc.wait(timeout=10) == 0


def test_missing_pygls_is_one_clear_message(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "byline.lsp", raising=False)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    code, _, err = cli("lsp")
    assert code == 2
    assert err.strip() == (
        "byline lsp needs the 'pygls' package. Install it with: pip install 'byline[lsp]'"
    )
