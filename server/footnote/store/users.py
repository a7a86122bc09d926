"""Accounts and API tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from footnote.errors import Conflict, NotFound
from footnote.store.common import (
    fetch_one,
    hash_token,
    new_id,
    now,
)
from footnote.transaction import write_transaction

TOKEN_PREFIX = "fn_"  # noqa: S105 (a prefix, not a secret)
# A valid hash to compare against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = generate_password_hash("not a password", method="pbkdf2:sha256:1000")
LAST_USED_RESOLUTION = timedelta(minutes=10)


def create_user(
    db: Database,
    username: str,
    password: str | None,
    *,
    is_system: bool = False,
    hash_method: str = "scrypt",
) -> dict[str, Any]:
    """Create an account; `password=None` makes one that cannot sign in. Raises Conflict."""
    record = {
        "id": new_id(),
        "username": username,
        "password_hash": None
        if password is None
        else generate_password_hash(password, method=hash_method),
        "is_system": int(is_system),
        "created": now(),
    }
    with write_transaction(db):
        if get_user_by_name(db, username) is not None:
            raise Conflict(f"username {username!r} is taken", "username")
        db["users"].insert(record)
    return _public(record)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "username": row["username"],
        "created": row["created"],
        "is_system": bool(row["is_system"]),
    }


def get_user(db: Database, user_id: str) -> dict[str, Any] | None:
    """The account with this id, or None."""
    row = fetch_one(db, "SELECT * FROM users WHERE id = ?", [user_id])
    return None if row is None else _public(row)


def get_user_by_name(db: Database, username: str) -> dict[str, Any] | None:
    """The account with this username (case-insensitive), or None."""
    row = fetch_one(db, "SELECT * FROM users WHERE username = ?", [username])
    return None if row is None else _public(row)


def authenticate(db: Database, username: str, password: str) -> dict[str, Any] | None:
    """The account if the password is right, else None (system accounts never sign in)."""
    row = db.execute(
        "SELECT id, username, password_hash, is_system, created FROM users WHERE username = ?",
        [username],
    ).fetchone()
    if row is None or row[2] is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row[2], password):
        return None
    return {"id": row[0], "username": row[1], "created": row[4], "is_system": bool(row[3])}


def create_token(db: Database, user_id: str, name: str) -> tuple[dict[str, Any], str]:
    """Create an API token; return its record and the plaintext, shown this once only."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = {
        "id": new_id(),
        "user_id": user_id,
        "name": name,
        "token_hash": hash_token(plaintext),
        "created": now(),
        "last_used": None,
        "revoked": None,
    }
    with write_transaction(db):
        if get_user(db, user_id) is None:
            raise NotFound("no such user", "user")
        db["tokens"].insert(record)
    return _token(record), plaintext


def _token(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "user_id", "name", "created", "last_used", "revoked")}


def resolve_token(db: Database, plaintext: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The (user, token) an unrevoked API token belongs to, or None."""
    row = db.execute(
        """SELECT t.id, t.name, t.created, t.last_used, u.id, u.username, u.created, u.is_system
           FROM tokens t JOIN users u ON u.id = t.user_id
           WHERE t.token_hash = ? AND t.revoked IS NULL""",
        [hash_token(plaintext)],
    ).fetchone()
    if row is None:
        return None
    token = {"id": row[0], "name": row[1], "created": row[2], "last_used": row[3]}
    user = {"id": row[4], "username": row[5], "created": row[6], "is_system": bool(row[7])}
    _touch(db, row[0], row[3])
    return user, token


def _touch(db: Database, token_id: str, last_used: str | None) -> None:
    """Record use, at most every few minutes so reads do not all become writes."""
    stamp = now()
    if last_used is not None:
        previous = datetime.strptime(last_used, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        if datetime.now(UTC) - previous < LAST_USED_RESOLUTION:
            return
    with write_transaction(db):
        db.execute("UPDATE tokens SET last_used = ? WHERE id = ?", [stamp, token_id])


def list_tokens(db: Database, user_id: str) -> list[dict[str, Any]]:
    """The user's unrevoked tokens, newest first (never their plaintext)."""
    rows = db.execute(
        """SELECT id, user_id, name, created, last_used, revoked FROM tokens
           WHERE user_id = ? AND revoked IS NULL ORDER BY created DESC, id""",
        [user_id],
    ).fetchall()
    keys = ("id", "user_id", "name", "created", "last_used", "revoked")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def revoke_token(db: Database, user_id: str, token_id: str) -> None:
    """Revoke one of the user's tokens; NotFound if it is not theirs or already revoked."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE tokens SET revoked = ? WHERE id = ? AND user_id = ? AND revoked IS NULL",
            [now(), token_id, user_id],
        )
        if cursor.rowcount != 1:
            raise NotFound("no such token", "token")
