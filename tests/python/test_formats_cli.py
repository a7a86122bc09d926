"""`footnote import` and `footnote export` through the real CLI on a real database file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from footnote import store
from footnote.cli import main
from footnote.db import connect

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "cli.db"
    db = connect(path, migrate=True)
    owner = store.create_user(db, "desk", "password123", hash_method="pbkdf2:sha256:1")
    store.create_user(db, "eve", "password123", hash_method="pbkdf2:sha256:1")
    store.create_set(db, owner["id"], "CLI set", visibility="public", set_id="cliset0000000000")
    db.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_import_then_export_every_format(db_path, tmp_path):
    result = run(
        "import", FIXTURES / "hypothesis_export.json", "--set", "cliset0000000000", "--db", db_path
    )
    assert result.exit_code == 0, result.output
    assert "Imported 4 annotation(s) from hypothesis" in result.output
    assert "1 of them are replies, in 1 thread(s)." in result.output
    result = run(
        "import",
        FIXTURES / "claimreview_feed.json",
        "--set",
        "cliset0000000000",
        "--as",
        "eve",
        "--format",
        "claimreview",
        "--db",
        db_path,
    )
    assert result.exit_code == 0, result.output
    db = connect(db_path)
    creators = {r["creator"] for r in store.list_all(db, "cliset0000000000")}
    db.close()
    assert creators == {"desk", "eve"}

    out = tmp_path / "set.jsonld"
    result = run(
        "export",
        "cliset0000000000",
        "--format",
        "w3c",
        "--output",
        out,
        "--base-url",
        "https://notes.example",
        "--db",
        db_path,
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["id"] == "https://notes.example/w3c/sets/cliset0000000000/"
    assert doc["total"] == 7  # six annotations and a Hypothesis reply
    markdown = run("export", "cliset0000000000", "--format", "markdown", "--db", db_path)
    assert markdown.output.startswith("# CLI set")
    feed = json.loads(
        run("export", "cliset0000000000", "--format", "claimreview", "--db", db_path).output
    )
    assert len(feed["dataFeedElement"]) == 3


def test_bad_file_imports_nothing(db_path):
    result = CliRunner().invoke(
        main,
        [
            "import",
            str(FIXTURES / "w3c_bad_record.json"),
            "--set",
            "cliset0000000000",
            "--db",
            db_path,
        ],
    )
    assert result.exit_code == 1
    assert "record 2 (id https://annotations.example.org/a3)" in result.output
    assert "nothing was imported" in result.output
    db = connect(db_path)
    assert store.list_all(db, "cliset0000000000") == []
    db.close()


def test_unknown_set(db_path):
    result = CliRunner().invoke(main, ["export", "nope", "--db", db_path])
    assert result.exit_code == 1
    assert "no set 'nope'" in result.output


@pytest.mark.parametrize(
    "recorded, env, option, expected",
    [
        (None, None, None, "http://127.0.0.1:5000"),
        ("https://seen.example", None, None, "https://seen.example"),
        ("https://seen.example", "https://configured.example/", None, "https://configured.example"),
        (
            "https://seen.example",
            "https://configured.example",
            "https://given.example",
            "https://given.example",
        ),
    ],
    ids=["nothing recorded", "the recorded base", "configured wins", "the option wins"],
)
def test_export_ids_default_to_the_services_own_base(
    db_path, monkeypatch, recorded, env, option, expected
):
    """Without --base-url, exported ids are the ones the service itself serves."""
    if recorded:
        db = connect(db_path)
        store.first_seen_base_url(db, recorded)
        db.close()
    if env:
        monkeypatch.setenv("FOOTNOTE_BASE_URL", env)
    else:
        monkeypatch.delenv("FOOTNOTE_BASE_URL", raising=False)
    args = ["export", "cliset0000000000", "--db", db_path]
    result = run(*args, *(["--base-url", option] if option else []))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == f"{expected}/w3c/sets/cliset0000000000/"
