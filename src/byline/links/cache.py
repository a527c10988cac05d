"""Link verdicts kept in the ledger (``link_cache``), so a re-check within the TTL is free.

Sites do not change by the hour, and hammering them on every ``byline check`` is rude
and slow. Every verdict from a real answer is kept with the time it was seen; one
younger than ``[links] ttl_hours`` is used instead of a request.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from byline.links.fetch import CACHED_VERDICTS, UrlResult

__all__ = ["load_cached", "store_results"]

_CHUNK = 500  # SQLite's default limit on host parameters is 999


def load_cached(
    conn: sqlite3.Connection, urls: Iterable[str], *, now: float, ttl_seconds: float
) -> dict[str, UrlResult]:
    """The cached verdicts of ``urls`` checked within ``ttl_seconds`` before ``now``."""
    wanted = list(dict.fromkeys(urls))
    found: dict[str, UrlResult] = {}
    if ttl_seconds <= 0:
        return found
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT url, status, final_url, verdict, detail, checked_at FROM link_cache "  # noqa: S608 - only '?' marks are interpolated
            f"WHERE url IN ({marks}) AND checked_at >= ?",
            [*chunk, now - ttl_seconds],
        )
        for url, status, final_url, verdict, detail, checked_at in rows:
            if verdict in CACHED_VERDICTS and checked_at <= now:
                found[url] = UrlResult(
                    url, verdict, status, final_url or "", detail, checked_at, from_cache=True
                )
    return found


def store_results(conn: sqlite3.Connection, results: Iterable[UrlResult]) -> int:
    """Keep the fresh verdicts worth keeping; returns how many rows were written."""
    rows = [
        (r.url, r.status, r.final_url, r.verdict, r.detail, r.checked_at)
        for r in results
        if r.verdict in CACHED_VERDICTS and not r.from_cache
    ]
    with conn:
        conn.executemany(
            "INSERT INTO link_cache (url, status, final_url, verdict, detail, checked_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET status = excluded.status, "
            "final_url = excluded.final_url, verdict = excluded.verdict, "
            "detail = excluded.detail, checked_at = excluded.checked_at",
            rows,
        )
    return len(rows)
