"""The ledger: a ledger another byline command holds is one clear error, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import byline.ledger
from byline.errors import InputError
from byline.ledger import open_ledger

LOCKED = (
    "ledger.db: another byline command is writing to the ledger and did not finish within "
    "0.1 seconds. Wait for it to end (or stop it), then run this command again."
)


@pytest.fixture(autouse=True)
def _short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(byline.ledger, "BUSY_TIMEOUT", 0.1)


def test_a_new_ledger_another_byline_is_creating_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")  # the other byline, creating the tables
    try:
        with pytest.raises(InputError) as info:
            open_ledger(path, shown="ledger.db")
        assert str(info.value) == LOCKED
    finally:
        other.rollback()
        other.close()
    open_ledger(path).close()  # free again: it opens and migrates


def test_a_write_while_another_byline_writes_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    conn = open_ledger(path, shown="ledger.db")
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(InputError) as info, conn:
            conn.execute("DELETE FROM link_cache")
        assert str(info.value) == LOCKED
    finally:
        other.rollback()
        other.close()
    with conn:
        conn.execute("DELETE FROM link_cache")
    conn.close()


def test_two_bylines_creating_the_ledger_at_once_both_open_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commands start at once in a fresh checkout (CI): both read 'not migrated', the
    other one migrates first; this one must not fail with 'table already exists'."""
    path = tmp_path / "ledger.db"
    real_version = byline.ledger._version
    others: list[int] = []

    def the_other_migrates_meanwhile(conn: sqlite3.Connection) -> int:
        seen = real_version(conn)
        if not others:
            others.append(1)
            open_ledger(path).close()
        return seen

    monkeypatch.setattr(byline.ledger, "_version", the_other_migrates_meanwhile)
    conn = open_ledger(path, shown="ledger.db")
    assert real_version(conn) == len(byline.ledger.MIGRATIONS)
    conn.close()
