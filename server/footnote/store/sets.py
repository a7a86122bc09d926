"""Annotation sets, their members and their share links."""

from __future__ import annotations

import secrets
from typing import Any

from sqlite_utils import Database

from footnote.errors import Conflict, NotFound
from footnote.store.common import (
    Principal,
    fetch_all,
    fetch_one,
    hash_token,
    new_id,
    now,
)
from footnote.store.users import get_user_by_name
from footnote.transaction import write_transaction

SHARE_TOKEN_PREFIX = "fns_"  # noqa: S105 (a prefix, not a secret)
ROLE_RANK = {None: 0, "viewer": 1, "editor": 2, "owner": 3}

_SET_SELECT = """
    SELECT s.id, s.owner_id, u.username AS owner, s.title, s.description, s.visibility,
           s.version, s.created, s.modified, s.open_replies, s.bridging, s.annotation_count
    FROM sets s JOIN users u ON u.id = s.owner_id
"""


def create_set(
    db: Database,
    owner_id: str,
    title: str,
    description: str = "",
    visibility: str = "private",
    *,
    set_id: str | None = None,
    open_replies: int = 0,
    bridging: int = 0,
) -> dict[str, Any]:
    """Create a set owned by `owner_id`; return it."""
    stamp = now()
    record = {
        "id": set_id or new_id(),
        "owner_id": owner_id,
        "title": title,
        "description": description,
        "visibility": visibility,
        "open_replies": int(open_replies),
        "bridging": int(bridging),
        "version": 0,
        "created": stamp,
        "modified": stamp,
    }
    with write_transaction(db):
        db["sets"].insert(record)
    result = get_set(db, record["id"])
    assert result is not None
    return result


def get_set(db: Database, set_id: str) -> dict[str, Any] | None:
    """The set with this id (with owner name and live annotation count), or None."""
    return fetch_one(db, _SET_SELECT + " WHERE s.id = ?", [set_id])


def list_sets(
    db: Database, *, public: bool = False, user_id: str | None = None
) -> list[dict[str, Any]]:
    """Public sets (`public=True`) or the sets a user owns or belongs to, newest change first."""
    if public:
        return fetch_all(
            db, _SET_SELECT + " WHERE s.visibility = 'public' ORDER BY s.modified DESC, s.id"
        )
    if user_id is None:
        return []
    return fetch_all(
        db,
        _SET_SELECT  # noqa: S608 (fixed SQL text; values are parameters)
        + """ WHERE s.owner_id = ?
              OR s.id IN (SELECT set_id FROM members WHERE user_id = ?)
              ORDER BY s.modified DESC, s.id""",
        [user_id, user_id],
    )


def bump_version(db: Database, set_id: str) -> int:
    """Increase a set's version by one inside the caller's transaction; return the new one."""
    rows = db.execute(
        "UPDATE sets SET version = version + 1, modified = ? WHERE id = ? RETURNING version",
        [now(), set_id],
    ).fetchall()
    if not rows:
        raise NotFound("no such set", "set")
    return int(rows[0][0])


def update_set(db: Database, set_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change title, description, visibility or settings; bumps the version (clients notice)."""
    columns = ("title", "description", "visibility", "open_replies", "bridging")
    allowed = {k: v for k, v in changes.items() if k in columns}
    with write_transaction(db):
        if get_set(db, set_id) is None:
            raise NotFound("no such set", "set")
        for key, value in allowed.items():
            # Column names come from the fixed tuple above, never from the caller.
            db.execute(f"UPDATE sets SET {key} = ? WHERE id = ?", [value, set_id])  # noqa: S608
        bump_version(db, set_id)
    result = get_set(db, set_id)
    assert result is not None
    return result


def delete_set(db: Database, set_id: str) -> None:
    """Delete a set with its members, share links and annotations."""
    with write_transaction(db):
        cursor = db.execute("DELETE FROM sets WHERE id = ?", [set_id])
        if cursor.rowcount != 1:
            raise NotFound("no such set", "set")


def role_for(db: Database, set_id: str, principal: Principal | None) -> str | None:
    """The principal's own role on the set (membership or share link), ignoring visibility."""
    if principal is None:
        return None
    if principal.is_share:
        return principal.share_role if principal.share_set_id == set_id else None
    if principal.user_id is None:
        return None
    row = db.execute(
        """SELECT CASE WHEN s.owner_id = ? THEN 'owner' ELSE m.role END
           FROM sets s LEFT JOIN members m ON m.set_id = s.id AND m.user_id = ?
           WHERE s.id = ?""",
        [principal.user_id, principal.user_id, set_id],
    ).fetchone()
    return None if row is None else row[0]


def can_reply(set_record: dict[str, Any], role: str | None, principal: Principal) -> bool:
    """True when `principal` may reply in the set.

    Members (any role) and editor-link holders always may; on a public set whose owner opened
    replies, so may any signed-in account. Viewer links and anonymous readers never do.
    """
    if principal.is_share:
        return role == "editor"
    if not principal.is_user:
        return False
    if role is not None:
        return True
    return set_record["visibility"] == "public" and bool(set_record.get("open_replies"))


def can_read(set_record: dict[str, Any], role: str | None) -> bool:
    """True when a caller with `role` may read the set (members, links, or its visibility)."""
    return role is not None or set_record["visibility"] in ("public", "unlisted")


def list_members(db: Database, set_id: str) -> list[dict[str, Any]]:
    """The owner, then members by name: username, role, created."""
    return fetch_all(
        db,
        """SELECT u.username, 'owner' AS role, s.created FROM sets s
             JOIN users u ON u.id = s.owner_id WHERE s.id = ?
           UNION ALL
           SELECT * FROM (SELECT u.username, m.role, m.created FROM members m
             JOIN users u ON u.id = m.user_id WHERE m.set_id = ?
             AND m.user_id != (SELECT owner_id FROM sets WHERE id = ?)
             ORDER BY u.username COLLATE NOCASE)""",
        [set_id, set_id, set_id],
    )


def put_member(db: Database, set_id: str, username: str, role: str) -> dict[str, Any]:
    """Add or change a member's role; the set's owner cannot be changed (Conflict)."""
    with write_transaction(db):
        target = get_set(db, set_id)
        if target is None:
            raise NotFound("no such set", "set")
        user = get_user_by_name(db, username)
        if user is None or user["is_system"]:
            raise NotFound(f"no user named {username!r}", "username")
        if user["id"] == target["owner_id"]:
            raise Conflict("the set's owner always keeps the owner role", "username")
        stamp = now()
        db.execute(
            """INSERT INTO members (set_id, user_id, role, created) VALUES (?, ?, ?, ?)
               ON CONFLICT (set_id, user_id) DO UPDATE SET role = excluded.role""",
            [set_id, user["id"], role, stamp],
        )
    return {"username": user["username"], "role": role}


def delete_member(db: Database, set_id: str, username: str) -> None:
    """Remove a member; NotFound when they are not one, Conflict for the owner."""
    with write_transaction(db):
        target = get_set(db, set_id)
        if target is None:
            raise NotFound("no such set", "set")
        user = get_user_by_name(db, username)
        if user is not None and user["id"] == target["owner_id"]:
            raise Conflict("the set's owner cannot be removed", "username")
        cursor = db.execute(
            "DELETE FROM members WHERE set_id = ? AND user_id = ?",
            [set_id, user["id"] if user else ""],
        )
        if cursor.rowcount != 1:
            raise NotFound(f"{username!r} is not a member of this set", "username")


def create_share_link(
    db: Database, set_id: str, role: str, created_by: str | None
) -> tuple[dict[str, Any], str]:
    """Create a share link; return its record and the plaintext token (shown this once only)."""
    plaintext = SHARE_TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = {
        "id": new_id(),
        "set_id": set_id,
        "role": role,
        "token_hash": hash_token(plaintext),
        "created_by": created_by,
        "created": now(),
        "revoked": None,
    }
    with write_transaction(db):
        if get_set(db, set_id) is None:
            raise NotFound("no such set", "set")
        db["share_links"].insert(record)
    return _link(record), plaintext


def _link(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "set_id", "role", "created", "revoked")}


def list_share_links(db: Database, set_id: str) -> list[dict[str, Any]]:
    """The set's unrevoked share links, newest first (never their tokens)."""
    return fetch_all(
        db,
        """SELECT id, set_id, role, created, revoked FROM share_links
           WHERE set_id = ? AND revoked IS NULL ORDER BY created DESC, id""",
        [set_id],
    )


def revoke_share_link(db: Database, set_id: str, link_id: str) -> None:
    """Revoke a share link at once; its token then gets 401 everywhere."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE share_links SET revoked = ? WHERE id = ? AND set_id = ? AND revoked IS NULL",
            [now(), link_id, set_id],
        )
        if cursor.rowcount != 1:
            raise NotFound("no such share link", "link")


def resolve_share_token(db: Database, plaintext: str) -> dict[str, Any] | None:
    """The unrevoked share link a token belongs to, or None."""
    return fetch_one(
        db,
        """SELECT id, set_id, role, created, revoked FROM share_links
           WHERE token_hash = ? AND revoked IS NULL""",
        [hash_token(plaintext)],
    )
