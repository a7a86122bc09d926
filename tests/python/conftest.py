"""Shared fixtures: the real app on a fresh SQLite file per test, its client, CLI runner, db."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlite_utils import Database

from footnote import create_app
from footnote.db import connect

sys.path.insert(0, str(Path(__file__).parent))

REPO_ROOT = Path(__file__).resolve().parents[2]
FAST_HASH = "pbkdf2:sha256:1000"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly migrated database file, copied for each test (migrating once saves time)."""
    path = tmp_path_factory.mktemp("template") / "footnote.db"
    connect(path, migrate=True).close()
    return path


@pytest.fixture
def app(tmp_path: Path, migrated_template: Path) -> Flask:
    """The application on a fresh database; CSRF off (API tests), cheap password hashing."""
    db_path = tmp_path / "footnote.db"
    shutil.copyfile(migrated_template, db_path)
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(db_path),
            "SECRET_KEY": "tests",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": FAST_HASH,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for `app`."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner for `app`."""
    return app.test_cli_runner()


@pytest.fixture
def db(app: Flask) -> Iterator[Database]:
    """A second connection to the app's database, for seeding and checking outcomes."""
    conn = connect(app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.fixture
def seeded(db: Database) -> dict:
    """Alice owns a private set with one note; Vic is a viewer of it."""
    from factories import make_annotation, make_set, make_user

    from footnote import store

    owner = make_user(db, "alice")
    viewer = make_user(db, "vic")
    target = make_set(db, "alice", title="Desk")
    store.put_member(db, target["id"], "vic", "viewer")
    note = make_annotation(db, target["id"], "note")
    return {"owner": owner, "viewer": viewer, "set": target["id"], "note": note["id"]}
