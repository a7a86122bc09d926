"""Footnote as it ran before durable commits (SQLite synchronous=NORMAL in WAL mode), for
bench/http_load.py's "create" comparison only: `gunicorn --chdir bench
'footnote_sync_normal:create_app()'`.
"""

import footnote.db

footnote.db.SYNCHRONOUS = "NORMAL"

from footnote import create_app  # noqa: E402

__all__ = ["create_app"]
