"""``byline lsp`` as an editor sees it: a real server process spoken to over stdio."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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


def code_action(client: Client, path: Path, diagnostics: list[dict[str, Any]]) -> Any:
    point = {"line": 0, "character": 0}
    return client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": path.as_uri()},
            "range": {"start": point, "end": point},
            "context": {"diagnostics": diagnostics},
        },
    )


def quiet(client: Client) -> bool:
    """No popup and no traceback so far (after a reply: the server answers in order)."""
    assert client.call("byline/sync", {})["error"]["code"] == -32601
    return client.popups() == [] and not [e for e in client.stderr if b"Traceback" in e]


def test_changes_to_unopened_documents_are_ignored(client: Client, blog: Path) -> None:
    latin1 = blog / "posts" / "latin1.md"
    latin1.write_bytes(b"---\ntitle: Caf\xe9\n---\n\nVery good.\n")
    missing = blog / "posts" / "missing.md"
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": missing.as_uri(), "version": 2},
            "contentChanges": [{"text": "x"}],
        },
    )
    for path in (missing, latin1):
        client.notify("textDocument/didSave", {"textDocument": {"uri": path.as_uri()}})
        assert code_action(client, path, []) == []
    assert quiet(client)
    assert not [m for m in client.seen if m.get("method") == "textDocument/publishDiagnostics"]


def test_a_lone_surrogate_is_one_diagnostic(client: Client, blog: Path) -> None:
    path = blog / "posts" / "broken.md"
    (found,) = client.open(path, POST.replace("The index", "The \ud800index"))
    assert (found["range"]["start"]["line"], found["code"], found["message"]) == (
        6,
        "input",
        "has a character that is not valid Unicode (U+D800, half of a UTF-16 pair, at "
        "column 5). Delete it, or save the file as UTF-8.",
    )
    assert quiet(client)


BAD_FIXES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "start-not-a-number": lambda fix: {"fix": {**fix, "start": "abc"}},
    "new-null": lambda fix: {"fix": {**fix, "new": None}},
    "new-missing": lambda fix: {"fix": {k: v for k, v in fix.items() if k != "new"}},
    "shift-not-a-number": lambda fix: {"fix": fix, "shift": "x"},
    "before-the-text": lambda fix: {"fix": {**fix, "start": -3, "end": 0, "old": ""}},
    "past-the-text": lambda fix: {"fix": {**fix, "start": 10**6, "end": 10**6, "old": ""}},
    "not-an-object": lambda fix: {"fix": ["start"]},
}


@pytest.mark.parametrize("case", BAD_FIXES)
def test_malformed_fix_data_is_skipped(client: Client, blog: Path, case: str) -> None:
    path = blog / "posts" / "fast.md"
    (weasel,) = [
        d
        for d in by_rule(client.open(path, POST), "prose.weasel-words")
        if d["range"]["start"]["line"] == 6
    ]
    bad = {**weasel, "data": BAD_FIXES[case](weasel["data"]["fix"])}
    (action,) = code_action(client, path, [bad, weasel, bad])
    assert action["title"] == "byline: remove 'very'"
    assert quiet(client)


def test_a_bad_vocabulary_is_named(client: Client, blog: Path) -> None:
    (blog / "vocabulary.txt").write_bytes(b"\xffword\n")
    (found,) = client.open(blog / "posts" / "fast.md", POST)
    assert (found["range"]["start"]["line"], found["message"]) == (
        0,
        "vocabulary.txt:1: is not valid UTF-8 (byte 0xff at column 1). Save the file as UTF-8.",
    )


def test_files_outside_posts_get_no_diagnostics(client: Client, blog: Path) -> None:
    for path in (blog / "notes" / "n.md", blog / "posts" / "drafts" / "d.md", blog / "README.md"):
        assert client.open(path, POST) == []


def test_a_folder_name_too_long_for_the_system_is_not_a_blog(client: Client, blog: Path) -> None:
    # Looking for byline.toml above it raised ENAMETOOLONG: logged on stderr, no answer.
    path = blog / "posts" / ("d" * 300) / "p.md"
    assert client.open(path, POST) == []
    assert quiet(client)
    assert not [e for e in client.stderr if b"File name too long" in e]


def test_a_post_with_too_many_findings_shows_the_cap_and_a_note(client: Client, blog: Path) -> None:
    from byline.checks.live import LiveChecker
    from byline.lsp import MAX_DIAGNOSTICS

    path = blog / "posts" / "many.md"
    text = POST + "The index is very fast.\n\n" * MAX_DIAGNOSTICS
    found = client.open(path, text)
    hidden = len(LiveChecker(blog).check(path, text).diagnostics) - MAX_DIAGNOSTICS
    *shown, note = found
    assert len(shown) == MAX_DIAGNOSTICS
    keys = [(d["severity"], d["range"]["start"]["line"]) for d in shown]
    assert keys == sorted(keys)
    assert {d["severity"] for d in shown} == {2, 3}  # the warnings first, then suggestions
    assert hidden > 0
    assert (note["range"]["start"], note["severity"], note["code"]) == (
        {"line": 0, "character": 0},
        3,
        "too-many-findings",
    )
    assert note["message"] == (
        f"{hidden:,} more findings are not shown here: byline shows the first "
        f"{MAX_DIAGNOSTICS:,} in the editor. Run 'byline check posts/many.md' to list them all."
    )
    assert by_rule(shown, "prose.weasel-words")[0]["data"]["fix"]["title"] == "remove 'very'"
