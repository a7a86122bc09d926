"""The request's database connection: one per worker thread, kept open between requests.

Opening a connection costs more than most requests' queries (the file open, WAL set-up and
four pragmas, then closing, which checkpoints): about 2.5 ms of a 13 ms read. Each thread keeps
one open connection per database file and hands it to every request it serves; teardown rolls
back anything a failed request left open, so no request sees another's transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import current_app, g
from sqlite_utils import Database

from footnote.db import connect

_local = threading.local()


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
