"""What an account can do to itself: check its password, change it, delete the account.

Deleting an account (one transaction):

- a set it owns is handed to the longest-standing member with the `owner` role when there is
  one (its share links keep working), else deleted with its annotations, members and share links;
- annotations it wrote in sets that stay lose their author (`"creator": null`, as for a share
  link's editor) and get the set's next version, so followers replace their copies;
- its memberships, API tokens and web sessions go with it; its username is free again.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from footnote.errors import NotFound
from footnote.store.common import fetch_all, hash_token, now
from footnote.store.sets import bump_version
from footnote.transaction import write_transaction


def verify_password(db: Database, user_id: str, password: str) -> bool:
    """Whether `password` is the account's current password."""
    row = db.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None or row[0] is None:
        return False
    return check_password_hash(row[0], password)


def change_password(
    db: Database,
    user_id: str,
    new_password: str,
    *,
    hash_method: str = "scrypt",
    keep_session: str | None = None,
    revoke_tokens: bool = False,
    keep_token: str | None = None,
) -> dict[str, int]:
    """Set a new password; end every web session but `keep_session`.

    API tokens keep working unless `revoke_tokens` (then all but `keep_token`, the caller's).
    Returns how many sessions ended and tokens were revoked.
    """
    new_hash = generate_password_hash(new_password, method=hash_method)
    with write_transaction(db):
        cursor = db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [new_hash, user_id])
        if cursor.rowcount != 1:
            raise NotFound("no such user", "user")
        ended = db.execute(
            "DELETE FROM web_sessions WHERE user_id = ? AND id_hash != ?",
            [user_id, hash_token(keep_session) if keep_session else ""],
        ).rowcount
        revoked = 0
        if revoke_tokens:
            revoked = db.execute(
                """UPDATE tokens SET revoked = ?
                   WHERE user_id = ? AND revoked IS NULL AND id != ?""",
                [now(), user_id, keep_token or ""],
            ).rowcount
    return {"sessionsEnded": ended, "tokensRevoked": revoked}


def deletion_plan(db: Database, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """What deleting the account does to its sets: `deleted` and `handed_over` (with `heir`)."""
    owned = fetch_all(
        db,
        """WITH owned AS (
             SELECT s.id, s.title, s.created,
                    (SELECT m.user_id FROM members m
                     WHERE m.set_id = s.id AND m.role = 'owner' AND m.user_id != s.owner_id
                     ORDER BY m.created, m.user_id LIMIT 1) AS heir_id
             FROM sets s WHERE s.owner_id = ?)
           SELECT o.id, o.title, o.heir_id, u.username AS heir
           FROM owned o LEFT JOIN users u ON u.id = o.heir_id
           ORDER BY o.created, o.id""",
        [user_id],
    )
    deleted = [{"id": s["id"], "title": s["title"]} for s in owned if s["heir_id"] is None]
    handed = [s for s in owned if s["heir_id"] is not None]
    return {"deleted": deleted, "handed_over": handed}


def delete_account(db: Database, user_id: str) -> dict[str, int]:
    """Delete the account as the module docstring says; return what happened, counted."""
    with write_transaction(db):
        if db.execute("SELECT 1 FROM users WHERE id = ?", [user_id]).fetchone() is None:
            raise NotFound("no such user", "user")
        plan = deletion_plan(db, user_id)
        for handed in plan["handed_over"]:
            db.execute(
                "UPDATE sets SET owner_id = ? WHERE id = ?", [handed["heir_id"], handed["id"]]
            )
            db.execute(
                "DELETE FROM members WHERE set_id = ? AND user_id = ?",
                [handed["id"], handed["heir_id"]],
            )
            bump_version(db, handed["id"])
        for doomed in plan["deleted"]:
            db.execute("DELETE FROM sets WHERE id = ?", [doomed["id"]])
        touched = [
            row[0]
            for row in db.execute(
                """SELECT DISTINCT set_id FROM annotations
                   WHERE creator_id = ? AND deleted IS NULL ORDER BY set_id""",
                [user_id],
            )
        ]
        unattributed = 0
        for set_id in touched:
            version = bump_version(db, set_id)
            unattributed += db.execute(
                """UPDATE annotations SET creator_id = NULL, set_version = ?
                   WHERE set_id = ? AND creator_id = ? AND deleted IS NULL""",
                [version, set_id, user_id],
            ).rowcount
        db.execute("UPDATE annotations SET creator_id = NULL WHERE creator_id = ?", [user_id])
        db.execute("DELETE FROM users WHERE id = ?", [user_id])
    return {
        "setsDeleted": len(plan["deleted"]),
        "setsHandedOver": len(plan["handed_over"]),
        "annotationsUnattributed": unattributed,
    }
