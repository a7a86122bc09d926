"""Ratings (one per reader per annotation) and the bridging status derived from them.

A rating is not part of a set's content: writing one does not bump the set version. The status
(`annotations.rating_status`) is, for public sets that opt in: `score` recomputes it in the
background and writes the changed ones as one ordinary change of each set.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from footnote import bridging
from footnote.errors import NotFound
from footnote.store.common import fetch_all, fetch_one, now
from footnote.store.sets import bump_version
from footnote.transaction import write_transaction

_COLUMNS = "annotation_id, user_id, set_id, helpful, reason, created, modified"


def get_rating(db: Database, annotation_id: str, user_id: str) -> dict[str, Any] | None:
    """This reader's rating of this annotation, or None."""
    return fetch_one(
        db,
        f"SELECT {_COLUMNS} FROM ratings WHERE annotation_id = ? AND user_id = ?",  # noqa: S608
        [annotation_id, user_id],
    )


def put_rating(
    db: Database, annotation_id: str, user_id: str, helpful: bool, reason: str | None
) -> tuple[dict[str, Any], bool]:
    """Create or replace the reader's one rating; return it and whether it is new."""
    stamp = now()
    with write_transaction(db):
        row = db.execute(
            "SELECT set_id FROM annotations WHERE id = ? AND deleted IS NULL", [annotation_id]
        ).fetchone()
        if row is None:
            raise NotFound("no such annotation", "annotation")
        existed = get_rating(db, annotation_id, user_id) is not None
        db.execute(
            """INSERT INTO ratings (annotation_id, user_id, set_id, helpful, reason, created,
                   modified) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (annotation_id, user_id) DO UPDATE SET
                   helpful = excluded.helpful, reason = excluded.reason,
                   modified = excluded.modified""",
            [annotation_id, user_id, row[0], int(helpful), reason, stamp, stamp],
        )
    found = get_rating(db, annotation_id, user_id)
    assert found is not None
    return found, not existed


def delete_rating(db: Database, annotation_id: str, user_id: str) -> None:
    """Withdraw the reader's rating; NotFound when there is none."""
    with write_transaction(db):
        cursor = db.execute(
            "DELETE FROM ratings WHERE annotation_id = ? AND user_id = ?", [annotation_id, user_id]
        )
        if cursor.rowcount != 1:
            raise NotFound("you have not rated this annotation", "rating")


def rating_counts(db: Database, annotation_id: str) -> dict[str, int]:
    """How many readers found the annotation helpful and not helpful."""
    row = db.execute(
        "SELECT coalesce(sum(helpful), 0), count(*) FROM ratings WHERE annotation_id = ?",
        [annotation_id],
    ).fetchone()
    return {"helpful": int(row[0]), "notHelpful": int(row[1]) - int(row[0])}


def _scored_ratings(db: Database) -> list[tuple[str, str, bool]]:
    """Every rating of a live annotation in a public set that opted in to bridging."""
    rows = db.execute(
        """SELECT r.annotation_id, r.user_id, r.helpful FROM ratings r
           JOIN annotations a ON a.id = r.annotation_id AND a.deleted IS NULL
           JOIN sets s ON s.id = r.set_id AND s.bridging = 1 AND s.visibility = 'public'"""
    ).fetchall()
    return [(row[0], row[1], bool(row[2])) for row in rows]


def score(db: Database, *, seed: int = 0) -> dict[str, int]:
    """Refit the bridging model on all scored ratings; write changed statuses, one version a set.

    One fit over every opted-in set, so a rater's side is learnt from all they rated. Sets that
    opted out (or stopped being public) lose their statuses the same way. Returns counts.
    """
    ratings = _scored_ratings(db)
    fitted = bridging.score(ratings, seed=seed)
    changed = 0
    touched_sets = 0
    with write_transaction(db):
        rows = fetch_all(
            db,
            """SELECT a.id, a.set_id, a.rating_status,
                      (s.bridging = 1 AND s.visibility = 'public') AS scored
               FROM annotations a JOIN sets s ON s.id = a.set_id
               WHERE a.deleted IS NULL
                 AND (a.rating_status IS NOT NULL OR (s.bridging = 1 AND s.visibility = 'public'))
               ORDER BY a.set_id""",
        )
        by_set: dict[str, list[tuple[str, str | None]]] = {}
        for row in rows:
            wanted = fitted.get(row["id"], bridging.NEEDS_MORE) if row["scored"] else None
            if wanted != row["rating_status"]:
                by_set.setdefault(row["set_id"], []).append((row["id"], wanted))
        for set_id, updates in by_set.items():
            version = bump_version(db, set_id)
            for annotation_id, wanted in updates:
                db.execute(
                    "UPDATE annotations SET rating_status = ?, set_version = ? WHERE id = ?",
                    [wanted, version, annotation_id],
                )
            changed += len(updates)
            touched_sets += 1
    return {"ratings": len(ratings), "changed": changed, "sets": touched_sets}
