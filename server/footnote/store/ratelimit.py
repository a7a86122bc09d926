"""Rate limits kept in SQLite, so every worker process shares one count.

Two kinds. Budgets (`budget_wait`, `spend`: writes, replies, ratings, reports) are a token
bucket per caller, kept as one row: `limit` events at once, refilled at `limit` per `window`
(the generic cell rate algorithm: the row holds the time at which the caller's bucket is full
again). Checking and spending cost one indexed row whatever the limit; counting the caller's
events in the window cost one index entry per event, about 2 ms a write at 30,000 a minute.
Event logs (`count`, `record`, `latest`, `retry_after`) keep each event: the sign-in limits
need the failures themselves (per name, per address, the last one's time).
"""

from __future__ import annotations

import random
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


PRUNE_ODDS = 1 / 128  # how often a spend also drops the rows of callers whose bucket is full


def budget_wait(
    db: Database, bucket: str, key: str, *, limit: int, window: float, at: float | None = None
) -> float:
    """Seconds before `key` may spend one more event in `bucket` (0.0: it may now).

    The bucket holds `limit` events and refills at `limit` per `window` seconds: a caller may
    spend `limit` at once, then one every `window / limit` seconds.
    """
    at = time.time() if at is None else at
    row = db.execute(
        "SELECT full_at FROM rate_budgets WHERE bucket = ? AND key = ?", [bucket, key]
    ).fetchone()
    full_at = at if row is None else max(row[0], at)
    wait = full_at + window / limit - at - window
    return wait if wait > 1e-6 else 0.0  # (the `limit`-th of a burst, within rounding)


def spend(
    db: Database, bucket: str, key: str, *, limit: int, window: float, at: float | None = None
) -> None:
    """Take one event from `key`'s bucket (checked first with `budget_wait`).

    Committed without the fsync, as `record` is; now and then the rows of callers whose
    bucket has filled up again are dropped (they mean the same as no row).
    """
    at = time.time() if at is None else at
    interval = window / limit
    with unsynced_write_transaction(db):
        db.execute(
            """INSERT INTO rate_budgets (bucket, key, full_at) VALUES (?, ?, ?)
               ON CONFLICT (bucket, key) DO UPDATE SET full_at = max(full_at, ?) + ?""",
            [bucket, key, at + interval, at, interval],
        )
        if random.random() < PRUNE_ODDS:  # noqa: S311 (not security: when to tidy)
            db.execute("DELETE FROM rate_budgets WHERE full_at < ?", [at])
