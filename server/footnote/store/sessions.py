"""Web sessions kept on the server: the cookie carries only a random id, stored hashed."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from footnote.store.common import dumps, hash_token, loads
from footnote.transaction import write_transaction


@dataclass
class StoredSession:
    """One live session: its owner (None while anonymous), its data and its times."""

    user_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    seen_at: float = 0.0


def new_session_id() -> str:
    """A fresh, unguessable session id (what the cookie carries)."""
    return secrets.token_urlsafe(32)


def _expired(created_at: float, seen_at: float, at: float, idle: float, max_age: float) -> bool:
    return at - seen_at > idle or at - created_at > max_age


def load_session(
    db: Database, session_id: str, *, idle: float, max_age: float, at: float | None = None
) -> StoredSession | None:
    """The live session with this id, or None (unknown, ended, idle too long or too old)."""
    at = time.time() if at is None else at
    row = db.execute(
        "SELECT user_id, data, created_at, seen_at FROM web_sessions WHERE id_hash = ?",
        [hash_token(session_id)],
    ).fetchone()
    if row is None or _expired(row[2], row[3], at, idle, max_age):
        return None
    return StoredSession(row[0], loads(row[1], {}), row[2], row[3])


def save_session(
    db: Database,
    session_id: str,
    data: dict[str, Any],
    *,
    created_at: float | None = None,
    idle: float,
    max_age: float,
) -> float:
    """Write a session's data (its `user_id` key names the owner); return its creation time.

    A new session (`created_at` None) also clears out expired ones, so the table stays as
    large as the sessions in use.
    """
    at = time.time()
    user_id = data.get("user_id")
    with write_transaction(db):
        if created_at is None:
            created_at = at
            db.execute(
                "DELETE FROM web_sessions WHERE seen_at < ? OR created_at < ?",
                [at - idle, at - max_age],
            )
        db.execute(
            """INSERT INTO web_sessions (id_hash, user_id, data, created_at, seen_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (id_hash) DO UPDATE SET
                 user_id = excluded.user_id, data = excluded.data, seen_at = excluded.seen_at""",
            [hash_token(session_id), user_id, dumps(data), created_at, at],
        )
    return created_at


def touch_session(db: Database, session_id: str) -> None:
    """Record that the session was used now (its idle expiry starts again)."""
    with write_transaction(db):
        db.execute(
            "UPDATE web_sessions SET seen_at = ? WHERE id_hash = ?",
            [time.time(), hash_token(session_id)],
        )


def end_session(db: Database, session_id: str) -> None:
    """End one session: its id no longer opens anything."""
    with write_transaction(db):
        db.execute("DELETE FROM web_sessions WHERE id_hash = ?", [hash_token(session_id)])


def end_user_sessions(db: Database, user_id: str, *, keep: str | None = None) -> int:
    """End every session of a user except `keep` (the caller's own); return how many ended."""
    keep_hash = hash_token(keep) if keep else ""
    with write_transaction(db):
        cursor = db.execute(
            "DELETE FROM web_sessions WHERE user_id = ? AND id_hash != ?", [user_id, keep_hash]
        )
    return cursor.rowcount


def count_user_sessions(db: Database, user_id: str) -> int:
    """How many sessions a user has (live or not yet cleared out)."""
    row = db.execute("SELECT count(*) FROM web_sessions WHERE user_id = ?", [user_id]).fetchone()
    return int(row[0])
