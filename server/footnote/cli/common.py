"""What every `footnote` command shares: the `--db PATH` option and opening the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from sqlite_utils import Database

from footnote.config import DEFAULT_DB
from footnote.db import connect

DB_OPTION_HELP = "SQLite database file (default: $FOOTNOTE_DB, else instance/footnote.db)."


def db_option(func: Callable[..., Any] | None = None, *, help: str = DB_OPTION_HELP) -> Any:
    """The `--db PATH` option every command takes (`@db_option` or `@db_option(help=...)`)."""
    option = click.option(
        "--db",
        "db_path",
        envvar="FOOTNOTE_DB",
        default=DEFAULT_DB,
        show_default=False,
        type=click.Path(dir_okay=False),
        help=help,
    )
    return option if func is None else option(func)


def open_db(db_path: str) -> Database:
    """Open (creating the folder) and migrate the database."""
    return connect(db_path, migrate=True)
