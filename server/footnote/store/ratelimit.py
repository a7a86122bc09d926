"""Rate limits counted in SQLite, so every worker process shares one count."""

from __future__ import annotations

import time

from sqlite_utils import Database

from footnote.transaction import unsynced_write_transaction


def count(db: Database, bucket: str, key: str, window: float, *, at: float | None = None) -> int:
    """How many events `key` recorded in `bucket` during the last `window` seconds."""
    at = time.time() if at is None else at
    row = db.execute(
        "SELECT count(*) FROM rate_events WHERE bucket = ? AND key = ? AND at > ?",
        [bucket, key, at - window],
    ).fetchone()
    return int(row[0])


def retry_after(
    db: Database, bucket: str, key: str, window: float, limit: int, *, at: float | None = None
) -> int:
    """Seconds until `key` drops below `limit` events in `bucket`."""
    at = time.time() if at is None else at
    rows = db.execute(
        """SELECT at FROM rate_events WHERE bucket = ? AND key = ? AND at > ?
           ORDER BY at DESC LIMIT 1 OFFSET ?""",
        [bucket, key, at - window, max(limit - 1, 0)],
    ).fetchone()
    if rows is None:
        return 0
    return max(1, int(rows[0] + window - at) + 1)


def latest(db: Database, bucket: str, key: str) -> float | None:
    """When `key` last recorded an event in `bucket` (Unix seconds), or None."""
    row = db.execute(
        "SELECT max(at) FROM rate_events WHERE bucket = ? AND key = ?", [bucket, key]
    ).fetchone()
    return None if row[0] is None else float(row[0])


def record(db: Database, bucket: str, key: str, window: float, *, at: float | None = None) -> None:
    """Record one event, and forget this bucket's events older than `window`.

    The commit skips the fsync (a rate event lost on power loss harms nobody), so a write
    request pays for one durable commit, its own, not two.
    """
    at = time.time() if at is None else at
    with unsynced_write_transaction(db):
        db.execute("INSERT INTO rate_events (bucket, key, at) VALUES (?, ?, ?)", [bucket, key, at])
        db.execute("DELETE FROM rate_events WHERE bucket = ? AND at <= ?", [bucket, at - window])


def exceeded(
    db: Database, bucket: str, key: str, *, limit: int, window: float, at: float | None = None
) -> bool:
    """True when `key` already has `limit` or more events in the window."""
    return count(db, bucket, key, window, at=at) >= limit
