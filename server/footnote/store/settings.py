"""Service-wide settings kept in the database (the canonical base URL)."""

from __future__ import annotations

from sqlite_utils import Database

from footnote.transaction import write_transaction


def recorded_base_url(db: Database) -> str | None:
    """The base URL the service recorded when it was first reached, or None (never written)."""
    if not db["service_settings"].exists():
        return None
    row = db.execute("SELECT value FROM service_settings WHERE key = 'base_url'").fetchone()
    return row[0] if row is not None else None


def first_seen_base_url(db: Database, seen: str) -> str:
    """The service's canonical base URL: the first one recorded, `seen` if there is none yet."""
    row = db.execute("SELECT value FROM service_settings WHERE key = 'base_url'").fetchone()
    if row is not None:
        return row[0]
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO service_settings (key, value) VALUES ('base_url', ?)", [seen]
        )
    return db.execute("SELECT value FROM service_settings WHERE key = 'base_url'").fetchone()[0]
