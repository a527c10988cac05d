"""``byline review POST``: checked items, asked items in the ledger, and ``status: ready``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import byline.cli.review
import byline.ledger
from byline.checks.review import ITEMS
from tests.checks.examples import TUTORIAL_BODY, post
from tests.conftest import CLI


def write(blog: Path) -> Path:
    path = blog / "posts" / "lora-one-gpu.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(post(TUTORIAL_BODY), encoding="utf-8")
    return path


def states(cli: CLI, *args: str) -> tuple[int, dict[str, str], list[str]]:
    code, out, _ = cli("review", "posts/lora-one-gpu.md", "--json", *args)
    items = json.loads(out)["items"]
    return code, {i["id"]: i["state"] for i in items}, [i["id"] for i in items if not i["checked"]]


def test_review_until_ready(blog: Path, cli: CLI) -> None:
    path = write(blog)
    before = path.read_text("utf-8")
    code, first, asked = states(cli)
    assert code == 1
    assert {i.id for i in ITEMS if not i.rules} <= set(asked)
    assert {first[i] for i in asked} == {"unanswered"}
    failing = [k for k, v in first.items() if v == "fail"]
    answers = [f"--answer={i}=pass" for i in asked] + [f"--answer={i}=waived" for i in failing]
    code, last, _ = states(cli, *answers, "--note", "checked by hand")
    assert code == 0, last
    assert set(last.values()) <= {"pass", "waived"}
    after = path.read_text("utf-8")
    assert after == before.replace("status: draft", "status: ready")
    rows = (
        sqlite3.connect(blog / ".byline" / "ledger.db")
        .execute("SELECT item, answer, note FROM review_answers ORDER BY item")
        .fetchall()
    )
    assert ("original", "pass", "checked by hand") in rows


def test_review_messages(blog: Path, cli: CLI) -> None:
    write(blog)
    code, _, err = cli("review", "posts/lora-one-gpu.md", "--answer", "orignal=pass")
    assert code == 2
    assert err.strip() == (
        "unknown checklist item 'orignal'. Did you mean 'original'? Items: "
        + ", ".join(i.id for i in ITEMS)
        + "."
    )
    code, _, err = cli("review", "posts/lora-one-gpu.md", "--answer", "voice=waived")
    assert (code, err.strip()) == (2, "waiving 'voice' needs a reason. Add --note \"why\".")
    code, _, err = cli("review", "posts/lora-one-gpu.md", "--answer", "spelling=pass")
    assert (code, err.strip()) == (
        2,
        "byline checks 'spelling' itself. Fix its findings, or waive it with --note.",
    )


def test_review_text_output(blog: Path, cli: CLI) -> None:
    write(blog)
    code, out, _ = cli("review", "posts/lora-one-gpu.md", "--no-input")
    assert code == 1
    assert out.startswith("Review of posts/lora-one-gpu.md\n\ncontent\n  [  pass] thesis:")
    assert "  [     ?] original: The post includes something" in out


ASKED = [i.id for i in ITEMS if not i.rules]


def test_answers_go_stale_when_the_body_changes(blog: Path, cli: CLI) -> None:
    path = write(blog)
    answers = [f"--answer={i}=pass" for i in ASKED]
    _, first, _ = states(cli, *answers)
    assert {first[i] for i in ASKED} == {"pass"}
    # a front matter edit (byline's own 'status: ready' included) or re-wrapped lines
    # leave the answers standing
    text = path.read_text("utf-8")
    path.write_text(text.replace("title:", "tags: [lora]\ntitle:").replace(". ", ".\n"), "utf-8")
    assert {states(cli)[1][i] for i in ASKED} == {"pass"}
    path.write_text(path.read_text("utf-8") + "\nA paragraph added after the review.\n", "utf-8")
    code, after, _ = states(cli)
    assert code == 1
    assert {after[i] for i in ASKED} == {"stale"}
    _, out, _ = cli("review", "posts/lora-one-gpu.md", "--no-input")
    assert (
        "  [ stale] original: The post includes something a reader cannot get from the official "
        "documentation: your measurements, experience or a worked example. [asked] "
        "(answered 'pass' before the body last changed; answer again)\n"
    ) in out
    code, again, _ = states(cli, "--answer=original=pass")
    assert again["original"] == "pass"
    assert again["voice"] == "stale"


def test_code_runs_is_checked_by_the_runner(blog: Path, cli: CLI) -> None:
    path = write(blog)
    path.write_text(
        path.read_text("utf-8") + "\n```python\nprint(1 + 1)\n```\n\n```output\n2\n```\n", "utf-8"
    )
    _, items, asked = states(cli)
    assert "code-runs" not in asked
    assert items["code-runs"] == "fail"
    assert cli("run", "posts/lora-one-gpu.md")[0] == 0
    assert states(cli)[1]["code-runs"] == "pass"


def test_review_takes_one_post_not_a_folder(blog: Path, cli: CLI) -> None:
    write(blog)
    code, _, err = cli("review", "posts", "--no-input")
    assert (code, err.strip()) == (
        2,
        "posts: is a folder; byline review takes one post. Pass a file such as posts/my-post.md.",
    )


def test_ideas_and_outlines_are_not_reviewed(blog: Path, cli: CLI) -> None:
    assert cli("idea", "add", "LoRA notes", "--type", "til")[0] == 0
    code, _, err = cli("review", "posts/lora-notes.md", "--no-input")
    assert (code, err.strip()) == (
        2,
        "posts/lora-notes.md: is an idea; the checklist is for a written draft. "
        "Promote it with 'byline new lora-notes' and write it first.",
    )
    path = write(blog)
    path.write_text(path.read_text("utf-8").replace("status: draft", "status: outline"))
    code, _, err = cli("review", "posts/lora-one-gpu.md", "--no-input")
    assert (code, err.strip()) == (
        2,
        "posts/lora-one-gpu.md: is an outline; the checklist is for a written draft. "
        "Write the draft and set 'status: draft' first.",
    )


JUNK_LEDGER = (
    ".byline/ledger.db: is not a ledger byline can read (file is not a database). "
    "Move it aside, for example to .byline/ledger.db.bak; byline will create a new one "
    "(without the review answers and link results the old one held)."
)
FOLDER_LEDGER = (
    ".byline/ledger.db: is a folder, not byline's ledger. "
    "Move it aside; byline will create a new ledger."
)
FILE_STATE = (
    ".byline: is a file, but byline keeps its ledger and caches in a folder of that name. "
    "Move the file aside; byline will create the folder."
)


def test_a_broken_ledger_is_one_clear_error_and_is_kept(blog: Path, cli: CLI) -> None:
    write(blog)
    ledger = blog / ".byline" / "ledger.db"
    ledger.parent.mkdir(exist_ok=True)
    ledger.write_bytes(b"junk\n" * 100)
    for command in (["review", "posts/lora-one-gpu.md"], ["links", "--external"]):
        assert cli(*command) == (2, "", JUNK_LEDGER + "\n")
    assert ledger.read_bytes() == b"junk\n" * 100
    ledger.unlink()
    ledger.mkdir()
    for command in (["review", "posts/lora-one-gpu.md"], ["links", "--external"]):
        assert cli(*command) == (2, "", FOLDER_LEDGER + "\n")


def test_a_file_where_the_state_folder_goes_is_one_clear_error(blog: Path, cli: CLI) -> None:
    write(blog)
    (blog / ".byline").write_text("not a folder\n")
    for command in (["review", "posts/lora-one-gpu.md"], ["links", "--external"]):
        assert cli(*command) == (2, "", FILE_STATE + "\n")
    assert (blog / ".byline").read_text() == "not a folder\n"


def test_a_ledger_that_cannot_be_opened_is_one_clear_error(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(blog)

    def refused(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refused)
    assert cli("review", "posts/lora-one-gpu.md") == (
        2,
        "",
        ".byline/ledger.db: cannot open the ledger (unable to open database file). "
        "Check that you can write to it and to its folder (ls -l), then try again.\n",
    )


def test_a_ledger_of_a_newer_byline_is_one_clear_error_and_is_kept(blog: Path, cli: CLI) -> None:
    """A newer byline may have changed the tables: reading them as this one's would fail
    on a missing column, and writing to them could spoil the newer byline's data."""
    write(blog)
    ledger = blog / ".byline" / "ledger.db"
    ledger.parent.mkdir(exist_ok=True)
    newer = len(byline.ledger.MIGRATIONS) + 1
    conn = sqlite3.connect(ledger)
    conn.executescript(
        f"CREATE TABLE review_answers (post TEXT, item TEXT, verdict TEXT);"
        f"PRAGMA user_version = {newer};"
    )
    conn.close()
    before = ledger.read_bytes()
    message = (
        f".byline/ledger.db: was written by a newer byline (ledger version {newer}; this one "
        f"reads up to version {newer - 1}). Upgrade byline (pip install --upgrade byline), "
        "or move the file aside to start a new ledger.\n"
    )
    for command in (["review", "posts/lora-one-gpu.md"], ["links", "--external"]):
        assert cli(*command) == (2, "", message)
    assert ledger.read_bytes() == before


def test_a_read_only_ledger_is_one_clear_error(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ledger the user may read but not write (chmod, another user's checkout) opens,
    and SQLite refuses the first write; root ignores chmod, so query_only stands in."""
    write(blog)
    migrate = byline.ledger._migrate

    def read_only(conn: sqlite3.Connection) -> None:
        migrate(conn)
        conn.execute("PRAGMA query_only = ON")

    monkeypatch.setattr(byline.ledger, "_migrate", read_only)
    assert cli("review", "posts/lora-one-gpu.md", "--answer", "voice=pass") == (
        2,
        "",
        ".byline/ledger.db: cannot write to the ledger (attempt to write a readonly "
        "database). Check that you can write to it and to its folder (ls -l), then try "
        "again.\n",
    )


def test_notes_are_printed_as_text(blog: Path, cli: CLI) -> None:
    write(blog)
    note = "x\x1b[2J\nsecond [bold]b[/bold] :smile:"
    cli("review", "posts/lora-one-gpu.md", "--answer", "voice=waived", "--note", note)
    _, out, _ = cli("review", "posts/lora-one-gpu.md", "--no-input")
    line = next(line for line in out.splitlines() if "] voice:" in line)
    assert line.endswith(" [asked] (x\\x1b[2J\\nsecond [bold]b[/bold] :smile:)")


HINT = "  '{}' is not an answer. Type p (pass), f (fail), w (waive) or s (skip)."


def test_only_real_answers_are_recorded_at_the_prompt(blog: Path, cli: CLI) -> None:
    write(blog)
    _, _, asked = states(cli)
    first, second, third, *rest = asked
    typed = (
        "perhaps\nfine\nyes\n\x1b[A\nmaybe\nPASS\n"  # asked again until a real answer
        "Fail\n\n"  # a failure's note may be empty
        "waive\n\n   \nnot for an internal post\n"  # a waiver's may not
        + "S\n" * (len(rest) - 1)
        + "\n"  # the default: skip
    )
    code, out, _ = cli("review", "posts/lora-one-gpu.md", typed=typed)
    assert code == 1
    # (what is typed is not echoed here, so each hint follows its prompt on the line)
    hints = [line.split("skip): ", 1)[1] for line in out.splitlines() if "not an answer" in line]
    assert hints == [HINT.format(w) for w in ("perhaps", "fine", "yes", "\\x1b[A", "maybe")]
    assert out.count("  A waiver needs a reason: say why it does not apply to this post.") == 2
    _, after, _ = states(cli)
    assert (after[first], after[second], after[third]) == ("pass", "fail", "waived")
    assert {after[i] for i in rest} == {"unanswered"}
    _, out, _ = cli("review", "posts/lora-one-gpu.md", "--no-input")
    assert f"] {third}: " in out and "(not for an internal post)" in out


def test_the_end_of_input_keeps_the_answers_given(blog: Path, cli: CLI) -> None:
    write(blog)
    _, _, asked = states(cli)
    code, _, err = cli("review", "posts/lora-one-gpu.md", typed="p\nw\n")
    assert code == 2
    assert err == (
        "the input ended before every question was answered. The answers you gave are saved: "
        "run 'byline review posts/lora-one-gpu.md' again to answer the rest, "
        "or give them with --answer ITEM=pass.\n"
    )
    _, after, _ = states(cli)
    assert (after[asked[0]], after[asked[1]]) == ("pass", "unanswered")


def test_ctrl_c_keeps_the_answers_given(blog: Path, cli: CLI) -> None:
    write(blog)
    _, _, asked = states(cli)
    code, _, err = cli("review", "posts/lora-one-gpu.md", typed="f\nsources are old\n\x03\n")
    assert code == 130
    assert err == (
        "Interrupted: the answers you gave are saved. "
        "Run 'byline review posts/lora-one-gpu.md' again to answer the rest.\n"
    )
    _, after, _ = states(cli)
    assert (after[asked[0]], after[asked[1]]) == ("fail", "unanswered")


def test_ready_is_not_written_over_what_the_editor_saved_meanwhile(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer saves while answering the checklist: 'status: ready' is not written
    over the new text with the old body."""
    path = write(blog)
    _, first, asked = states(cli)
    failing = [k for k, v in first.items() if v == "fail"]
    saved = path.read_text("utf-8") + "\nA paragraph written during the review.\n"
    real_save = byline.cli.review.save_answer

    def editor_saves(*args: Any, **kwargs: Any) -> None:
        real_save(*args, **kwargs)
        path.write_text(saved, encoding="utf-8")

    monkeypatch.setattr(byline.cli.review, "save_answer", editor_saves)
    answers = [f"--answer={i}=pass" for i in asked] + [f"--answer={i}=waived" for i in failing]
    code, out, err = cli("review", "posts/lora-one-gpu.md", *answers, "--note", "by hand")
    assert (code, out) == (2, "")
    assert err == (
        "posts/lora-one-gpu.md: changed while you answered the checklist; your version is "
        "kept and its status was not set to 'ready'. Run 'byline review "
        "posts/lora-one-gpu.md' again.\n"
    )
    assert path.read_text("utf-8") == saved


LOCKED = (
    ".byline/ledger.db: another byline command is writing to the ledger and did not "
    "finish within 0.1 seconds. Wait for it to end (or stop it), then run this command again.\n"
)


def test_a_ledger_locked_by_another_byline_is_one_clear_error(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two reviews at once: the second waits for the first, then says so, with no
    traceback; the answers already in the ledger are kept."""
    write(blog)
    _, _, asked = states(cli, f"--answer={ITEMS[-1].id}=pass")
    monkeypatch.setattr(byline.ledger, "BUSY_TIMEOUT", 0.1)
    other = sqlite3.connect(blog / ".byline" / "ledger.db")
    other.execute("BEGIN IMMEDIATE")  # the other byline, in the middle of its write
    try:
        code, out, err = cli("review", "posts/lora-one-gpu.md", f"--answer={asked[0]}=pass")
        assert (code, out, err) == (2, "", LOCKED)
    finally:
        other.rollback()
        other.close()
    assert states(cli)[1][ITEMS[-1].id] == "pass"
