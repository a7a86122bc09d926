"""The request's database connection: one per worker thread, kept open between requests;
and `write`, which runs a request's writes in a commit shared with concurrent requests.

Opening a connection costs more than most requests' queries (the file open, WAL set-up and
four pragmas, then closing, which checkpoints): about 2.5 ms of a 13 ms read. Each thread keeps
one open connection per database file and hands it to every request it serves; teardown rolls
back anything a failed request left open, so no request sees another's transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, current_app, g
from sqlite_utils import Database

from footnote.db import connect
from footnote.transaction import GroupCommit, unsynced_write_transaction, write_transaction

T = TypeVar("T")

_local = threading.local()
_committers_lock = threading.Lock()


def get_db() -> Database:
    """This thread's connection to the app's database, opened on first use."""
    if "footnote_db" not in g:
        path = current_app.config["DATABASE"]
        cached: tuple[str, Database] | None = getattr(_local, "connection", None)
        if cached is None or cached[0] != path:
            if cached is not None:
                cached[1].close()
            cached = (path, connect(path))
            _local.connection = cached
        g.footnote_db = cached[1]
    return g.footnote_db


def close_db(_exc: BaseException | None = None) -> None:
    """End the request's use of the connection: roll back what it left open, keep it open."""
    db = g.pop("footnote_db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def lend_db() -> tuple[Database, Callable[[], None]]:
    """This thread's connection, handed to a streamed response body until it calls `done`.

    A streamed body runs after the request's teardown, inside the read transaction that makes
    it one consistent version. While it is lent, the thread's next request opens a connection
    of its own; `done` ends the transaction and puts the connection back (or closes it).
    """
    db = get_db()
    g.pop("footnote_db", None)
    cached = getattr(_local, "connection", None)
    _local.connection = None
    path = cached[0] if cached is not None else current_app.config["DATABASE"]

    def done() -> None:
        if db.conn.in_transaction:
            db.conn.rollback()
        if getattr(_local, "connection", None) is None:
            _local.connection = (path, db)
        else:
            db.close()

    return db, done


def forget_connections() -> None:
    """Close this thread's connection (tests that replace the database file use this)."""
    cached = getattr(_local, "connection", None)
    if cached is not None:
        cached[1].close()
        _local.connection = None


def request_scoring() -> None:
    """Ask the app's background worker to rescore ratings (nothing when scoring is off)."""
    worker = current_app.extensions.get("footnote_scoring")
    if worker is not None:
        worker.request()


def write(work: Callable[[Database], T]) -> T:
    """Run a request's block of writes durably: `work(db)`'s result once it is on disk.

    The block joins this process's next group commit (`GroupCommit`): concurrent requests'
    blocks share one `fsync`, each in its own savepoint, and the request's deferred bookkeeping
    (its rate event) goes into the same commit instead of one of its own. `work` runs on the
    writer's thread and connection: it must use only the `db` it is given (the store's
    functions do), not Flask's request state. If `work` raises, its writes are rolled back and
    the error is raised here; the bookkeeping is kept, as a refused write still counts.
    Inside a transaction already open on the request's connection, it runs there instead.
    """
    db = get_db()
    if db.conn.in_transaction or current_app.config["DATABASE"] == ":memory:":
        with write_transaction(db):  # (each connection to :memory: is a database of its own)
            return work(db)
    kept: list[Callable[[Database], None]] = g.pop("footnote_bookkeeping", [])

    def block(shared: Database) -> tuple[Any, Exception | None]:
        for keep in kept:
            keep(shared)
        try:
            with write_transaction(shared):  # a savepoint of the batch's transaction
                return work(shared), None
        except Exception as exc:  # handed back to the request, below
            return None, exc

    result, error = _group_commit().run(block)
    if error is not None:
        raise error
    return result


def defer_bookkeeping(work: Callable[[Database], None]) -> None:
    """Write `work` with the request's next `write`, or after the request if it has none.

    For writes that may be lost on power loss without harm (rate events): with a `write` they
    share its commit; alone they commit without waiting for the disk.
    """
    g.setdefault("footnote_bookkeeping", []).append(work)


def write_bookkeeping(response: Response) -> Response:
    """After a request: write the bookkeeping no `write` took along (an `after_request` hook).

    The request's own writes are committed by now: failing here would answer an error for a
    write that was made (and invite a retry that makes it twice), so a failure is logged and
    the bookkeeping, which may be lost without harm, is dropped.
    """
    kept = g.pop("footnote_bookkeeping", None)
    if kept:
        db = get_db()
        try:
            with unsynced_write_transaction(db):
                for keep in kept:
                    keep(db)
        except sqlite3.Error as exc:
            current_app.logger.warning("bookkeeping after the request not written: %s", exc)
    return response


def _group_commit() -> GroupCommit:
    """The app's group commit for its database, made on first use."""
    path = current_app.config["DATABASE"]
    committers: dict[str, GroupCommit] = current_app.extensions.setdefault(
        "footnote_group_commit", {}
    )
    committer = committers.get(path)
    if committer is None:
        with _committers_lock:
            committer = committers.setdefault(
                path, GroupCommit(lambda: connect(path), turn_path=f"{path}-turn")
            )
    return committer
