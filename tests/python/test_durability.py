"""Acknowledged writes survive power loss."""

from __future__ import annotations

from footnote import create_app
from footnote.db import connect, get_db

SYNCHRONOUS_FULL = 2  # PRAGMA synchronous reports 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_connections_commit_durably_in_wal_mode(tmp_path):
    db = connect(tmp_path / "fresh.db", migrate=True)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == SYNCHRONOUS_FULL
    db.close()


def test_the_services_request_connections_commit_durably(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "app.db"), "SECRET_KEY": "test"})
    with app.app_context():
        db = get_db()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == SYNCHRONOUS_FULL
