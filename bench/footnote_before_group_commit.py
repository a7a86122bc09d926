"""Footnote's create as it ran before group commit, for bench/http_load.py's "create" comparison
only: each create commits on its own, on the request's connection, with its rate event in a
second (unsynced) commit after it; http_load starts it with sync workers, as
deploy/gunicorn.conf.py had them:
`gunicorn --chdir bench --worker-class sync 'footnote_before_group_commit:create_app()'`.
"""

from collections.abc import Callable
from typing import TypeVar

from sqlite_utils import Database

from footnote import create_app
from footnote.api import annotations
from footnote.http import connection
from footnote.transaction import write_transaction

T = TypeVar("T")


def _commit_alone(work: Callable[[Database], T]) -> T:
    """The write on the request's own connection, in a transaction of its own."""
    db = connection.get_db()
    with write_transaction(db):
        return work(db)


connection.write = _commit_alone
annotations.write = _commit_alone

__all__ = ["create_app"]
