"""The ledger: machine-recorded history in ``.byline/ledger.db`` (SQLite), with migrations.

Author-written data stays in the Markdown files; the ledger holds what byline
observed or was told: checklist answers, link-check results, publications, tasks.
Each migration runs once, in order; ``PRAGMA user_version`` records how far a
database has come.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from byline.errors import InputError

if TYPE_CHECKING:
    from byline.content.blog import Blog

__all__ = ["BUSY_TIMEOUT", "MIGRATIONS", "Ledger", "open_blog_ledger", "open_ledger"]

BUSY_TIMEOUT = 10.0
"""Seconds to wait for another byline command's write to the ledger to end."""

MIGRATIONS: tuple[str, ...] = (
    # 1: review checklist answers and the external link cache
    """
    CREATE TABLE review_answers (
        post TEXT NOT NULL,
        item TEXT NOT NULL,
        answer TEXT NOT NULL CHECK (answer IN ('pass', 'fail', 'waived')),
        note TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL DEFAULT '',
        answered_at TEXT NOT NULL,
        PRIMARY KEY (post, item)
    );
    CREATE TABLE link_cache (
        url TEXT PRIMARY KEY,
        status INTEGER,
        final_url TEXT,
        verdict TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        checked_at REAL NOT NULL
    );
    """,
)


class Ledger(sqlite3.Connection):
    """A connection to the ledger: a write that waited ``BUSY_TIMEOUT`` for another byline
    command (a second terminal, a CI job in the same checkout) is an ``InputError``
    saying so, not SQLite's "database is locked" traceback."""

    shown: Path | str = "ledger.db"

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.shown) from None

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.shown) from None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
        /,
    ) -> Literal[False]:
        try:
            return super().__exit__(kind, value, traceback)
        except sqlite3.OperationalError as exc:  # the commit
            raise _refused(exc, self.shown) from None


def _refused(exc: sqlite3.OperationalError, shown: Path | str) -> Exception:
    """The ``InputError`` for a write SQLite refused (another process holds the ledger,
    or it is read-only), else ``exc`` itself."""
    if _code(exc) == sqlite3.SQLITE_READONLY:
        return InputError(
            f"cannot write to the ledger ({exc}). Check that you can write to it and to its "
            "folder (ls -l), then try again.",
            path=shown,
        )
    return _busy(exc, shown)


def _code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``exc`` (its extended code names a variant)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _busy(exc: sqlite3.OperationalError, shown: Path | str) -> Exception:
    """The ``InputError`` for a ledger another process holds, else ``exc`` itself."""
    if _code(exc) not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return exc
    return InputError(
        "another byline command is writing to the ledger and did not finish within "
        f"{BUSY_TIMEOUT:g} seconds. Wait for it to end (or stop it), then run this command "
        "again.",
        path=shown,
    )


def open_blog_ledger(blog: Blog) -> Ledger:
    """The ledger of ``blog``: ``.byline/ledger.db``, with messages that name it so."""
    path = blog.make_state_dir() / "ledger.db"
    return open_ledger(path, shown=blog.display(path))


def open_ledger(path: Path, *, shown: Path | str | None = None) -> Ledger:
    """Open (creating and migrating as needed) the ledger at ``path``.

    A ledger byline cannot open is an ``InputError`` naming it as ``shown`` (default:
    ``path``); it is never deleted or replaced, since it holds the writer's answers.
    """
    shown = path if shown is None else shown
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise InputError(
            "is a folder, not byline's ledger. Move it aside; byline will create a new ledger.",
            path=shown,
        )
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, factory=Ledger)
    except sqlite3.DatabaseError as exc:  # a folder it may not write to
        raise _unusable(exc, shown) from None
    conn.shown = shown
    try:
        _migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _unusable(exc, shown) from None
    except InputError:
        conn.close()
        raise
    return conn


def _migrate(conn: Ledger) -> None:
    conn.row_factory = sqlite3.Row
    version = _version(conn)
    if version > len(MIGRATIONS):  # read before anything is written to the file
        raise InputError(
            f"was written by a newer byline (ledger version {version}; this one reads up to "
            f"version {len(MIGRATIONS)}). Upgrade byline (pip install --upgrade byline), or "
            "move the file aside to start a new ledger.",
            path=conn.shown,
        )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            with conn:  # IMMEDIATE: a second byline waits here for the first one's migration
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
        except sqlite3.OperationalError:
            if _version(conn) < number:  # not another byline's migration, done meanwhile
                raise


def _version(conn: sqlite3.Connection) -> int:
    """How many migrations the ledger has had."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _unusable(exc: sqlite3.DatabaseError, shown: Path | str) -> InputError:
    if isinstance(exc, sqlite3.OperationalError) and isinstance(
        busy := _busy(exc, shown), InputError
    ):
        return busy
    said = str(exc)
    if _code(exc) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        aside = f"{shown}.bak"
        return InputError(
            f"is not a ledger byline can read ({said}). Move it aside, for example to "
            f"{aside}; byline will create a new one (without the review answers and link "
            "results the old one held).",
            path=shown,
        )
    return InputError(
        f"cannot open the ledger ({said}). Check that you can write to it and to its folder "
        "(ls -l), then try again.",
        path=shown,
    )
