"""The one write path: a block of writes in one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlite_utils import Database


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run a block in one `BEGIN IMMEDIATE` transaction (nested blocks become savepoints).

    IMMEDIATE takes the write lock up front, so a reader that later writes never fails with
    SQLITE_BUSY on lock upgrade: concurrent writers queue on `busy_timeout` instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


@contextlib.contextmanager
def unsynced_write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction whose commit does not wait for the disk.

    For bookkeeping that may be lost on power loss without harm (rate-limit events): in WAL
    mode the commit is written to the log but not fsynced; the next durable commit syncs it
    along. Inside another transaction it is just a savepoint of that one.
    """
    if db.conn.in_transaction:
        with write_transaction(db):
            yield db
        return
    (level,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        with write_transaction(db):
            yield db
    finally:
        db.execute(f"PRAGMA synchronous = {int(level)}")
