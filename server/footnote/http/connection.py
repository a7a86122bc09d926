"""The request's database connection: opened on first use, closed on teardown."""

from __future__ import annotations

from flask import current_app, g
from sqlite_utils import Database

from footnote.db import connect


def get_db() -> Database:
    """The request's connection, opened on first use and closed on teardown."""
    if "footnote_db" not in g:
        g.footnote_db = connect(current_app.config["DATABASE"])
    return g.footnote_db


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection, if one was opened."""
    db = g.pop("footnote_db", None)
    if db is not None:
        db.close()


def request_scoring() -> None:
    """Ask the app's background worker to rescore ratings (nothing when scoring is off)."""
    worker = current_app.extensions.get("footnote_scoring")
    if worker is not None:
        worker.request()
