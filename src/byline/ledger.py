"""The ledger: machine-recorded history in ``.byline/ledger.db`` (SQLite), with migrations.

Author-written data stays in the Markdown files; the ledger holds what byline
observed or was told: checklist answers, link-check results, publications, tasks.
Each migration runs once, in order; ``PRAGMA user_version`` records how far a
database has come.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["MIGRATIONS", "open_ledger"]

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


def open_ledger(path: Path) -> sqlite3.Connection:
    """Open (creating and migrating as needed) the ledger at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        with conn:
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return conn
