"""SQLite connections: WAL, busy timeout, foreign keys; migrated on request."""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from footnote import migrations

BUSY_TIMEOUT_MS = 5000


def connect(path: str | os.PathLike[str], *, migrate: bool = False) -> Database:
    """Open the database at `path` (creating its folder) with WAL, busy_timeout and foreign keys."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(str(path))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        # Switching to WAL takes a write lock; retry through busy_timeout like any other write.
        db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        migrations.migrate(db)
    return db
