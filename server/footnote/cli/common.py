"""What every `footnote` command shares: the `--db PATH` option, opening the database, and the
development server's request handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import click
from sqlite_utils import Database
from werkzeug.serving import WSGIRequestHandler

from footnote.config import DEFAULT_DB
from footnote.db import connect
from footnote.errors import stack_error

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


class JsonErrorRequestHandler(WSGIRequestHandler):
    """The development server's handler, answering what it refuses itself as the API's JSON.

    Python's HTTP server answers a request line over 64 KiB (414), too many or too long headers
    (431) and bytes that are not HTTP (400) before the app runs, as an HTML page; this writes the
    wire format's `{"error": {...}}` instead, as `footnote.gunicorn_config` does for gunicorn.
    """

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        try:
            reason = HTTPStatus(code).phrase
        except ValueError:
            reason = "Error"
        text = (message or reason)[:200]
        body = json.dumps(stack_error(code, text), ensure_ascii=True).encode("ascii")
        self.log_error("code %d, message %s", code, text)
        self.send_response(code, reason)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if getattr(self, "command", None) != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)
