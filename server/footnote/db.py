"""SQLite connections: WAL, busy timeout, foreign keys; migrated on request."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from footnote import migrations

BUSY_TIMEOUT_MS = 5000
# FULL: in WAL mode every commit syncs the log before it returns, so a write the API acknowledged
# survives power loss (NORMAL syncs only at checkpoints and can lose the last commits). Measured
# cost in bench/write_durability.py; docs/operations.md.
SYNCHRONOUS = "FULL"


def connect(path: str | os.PathLike[str], *, migrate: bool = False) -> Database:
    """Open the database at `path` (creating its folder): WAL, durable commits, busy_timeout."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(str(path))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        # Switching to WAL takes a write lock; retry through busy_timeout like any other write.
        db.enable_wal()
    db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    if migrate:
        migrations.migrate(db)
    return db


def backup(db: Database, destination: str | os.PathLike[str]) -> int:
    """Copy the open database to `destination` (which must not exist) while writers go on.

    SQLite's online backup API copies every page in one step, inside one read transaction: the
    copy is the database as of one commit, and in WAL mode writers are not blocked meanwhile.
    The copy is checked, synced and only then renamed into place, so `destination` is either a
    whole, consistent database or absent. Returns the copy's size in bytes.
    """
    target_path = Path(destination)
    if target_path.exists():
        raise FileExistsError(f"{target_path} exists")
    target_path.parent.mkdir(parents=True, exist_ok=True)
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        db.conn.backup(target)
        # The copy keeps the WAL flag; fold it back into one file so the copy is self-contained.
        target.execute("PRAGMA journal_mode = DELETE")
        verdict = target.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"backup copy failed its check: {verdict}")
    finally:
        target.close()
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target_path)
    folder = os.open(target_path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return target_path.stat().st_size
