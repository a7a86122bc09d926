"""The `footnote` command on fresh paths: migrate, users, tokens, demo (idempotent), serve."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import dump

from footnote import store
from footnote.cli import main
from footnote.db import connect
from footnote.demo import demo_data

DEMO_SET = demo_data()["set"]["id"]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return CliRunner(env=env).invoke(main, list(args), input=input)


def test_db_migrate_creates_folder_and_is_idempotent(tmp_path):
    path = tmp_path / "deep" / "er" / "f.db"
    first = run("db", "migrate", "--db", str(path))
    assert first.exit_code == 0, first.output
    assert "0001_initial" in first.output and path.exists()
    second = run("db", "migrate", "--db", str(path))
    assert second.exit_code == 0 and "up to date" in second.output


def test_db_option_defaults_to_footnote_db(tmp_path):
    path = tmp_path / "from-env.db"
    result = run("db", "migrate", env={"FOOTNOTE_DB": str(path)})
    assert result.exit_code == 0 and path.exists()


def test_user_create_reads_password_from_stdin(tmp_path):
    path = str(tmp_path / "f.db")
    result = run("user", "create", "alice", "--db", path, input="a good password\n")
    assert result.exit_code == 0, result.output
    with connect(path) as db:
        assert store.authenticate(db, "alice", "a good password")["username"] == "alice"
        assert store.authenticate(db, "alice", "wrong password") is None


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [("alice", "short\n", "at least 8"), ("bad name!", "a good password\n", "NAME must be")],
    ids=["short password", "bad name"],
)
def test_user_create_refuses_bad_input(tmp_path, name, password, message):
    result = run("user", "create", name, "--db", str(tmp_path / "f.db"), input=password)
    assert result.exit_code == 1
    assert message in result.output


def test_user_create_refuses_a_taken_name(tmp_path):
    path = str(tmp_path / "f.db")
    assert run("user", "create", "alice", "--db", path, input="a good password\n").exit_code == 0
    again = run("user", "create", "ALICE", "--db", path, input="another password\n")
    assert again.exit_code == 1 and "taken" in again.output


def test_token_create_prints_a_working_token(tmp_path):
    path = str(tmp_path / "f.db")
    run("user", "create", "alice", "--db", path, input="a good password\n")
    result = run("token", "create", "alice", "--name", "laptop", "--db", path)
    assert result.exit_code == 0
    token = result.output.strip()
    assert token.startswith("fn_")
    with connect(path) as db:
        user, record = store.resolve_token(db, token)
        assert (user["username"], record["name"]) == ("alice", "laptop")


@pytest.mark.parametrize("user", ["nobody", "footnote"], ids=["unknown", "system user"])
def test_token_create_refuses_unknown_and_system_users(tmp_path, user):
    path = str(tmp_path / "f.db")
    run("demo", "--db", path)
    result = run("token", "create", user, "--db", path)
    assert result.exit_code == 1 and "no user named" in result.output


def test_demo_loads_the_open_source_ai_label_and_is_idempotent(tmp_path):
    path = str(tmp_path / "f.db")
    first = run("demo", "--db", path)
    assert first.exit_code == 0 and "1 created" in first.output
    with connect(path) as db:
        before = dump(db)
        demo = store.get_set(db, DEMO_SET)
        assert (demo["title"], demo["visibility"], demo["owner"]) == (
            "Open-source AI claims",
            "public",
            "footnote",
        )
        [label] = store.list_all(db, DEMO_SET)
        selector = label["target"]["selector"]
        assert label["kind"] == "claim" and label["verdict"] == "disputed"
        assert selector["all"][1] == [
            "open source",
            "open-source",
            "opensource",
            "quelloffen",
            "code source ouvert",
        ]
        assert selector["highlight"] == 1 and selector["window"] == "sentence"
        assert selector["languages"] == ["en", "de", "fr"]
        assert selector["exclude"] == ["opensource.org"]
        assert [s["id"] for s in label["sources"]] == [
            "https://opensource.org/blog/metas-llama-2-license-is-not-open-source",
            "https://opensource.org/ai/open-source-ai-definition",
        ]
        assert store.authenticate(db, "footnote", "") is None  # the owner cannot sign in
    second = run("demo", "--db", path)
    assert second.exit_code == 0 and "up to date" in second.output
    with connect(path) as db:
        assert dump(db) == before


def test_demo_repairs_a_changed_label(tmp_path):
    path = str(tmp_path / "f.db")
    run("demo", "--db", path)
    with connect(path) as db:
        [label] = store.list_all(db, DEMO_SET)
        store.delete_annotation(db, label["id"])
    result = run("demo", "--db", path)
    assert "1 updated" in result.output
    with connect(path) as db:
        [restored] = store.list_all(db, DEMO_SET)
        assert restored["id"] == label["id"] and restored["verdict"] == "disputed"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_on_loopback(tmp_path):
    path = str(tmp_path / "f.db")
    assert run("demo", "--db", path).exit_code == 0
    port = _free_port()
    footnote = Path(sys.executable).with_name("footnote")
    command = [str(footnote)] if footnote.exists() else [sys.executable, "-m", "footnote.cli"]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--db", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "FOOTNOTE_SECRET_KEY": "test"},
    )
    try:
        first_line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/sets?public=1", timeout=5
                ) as response:
                    body = json.load(response)
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None, "the server never answered"
        assert [s["id"] for s in body["sets"]] == [DEMO_SET]
        # A request line over Python's 64 KiB limit is refused by the server itself, before
        # Flask runs: still the API's JSON error, not an HTML page.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/sets?q=" + "x" * 100_000)
        response = conn.getresponse()
        assert response.status == 414
        assert response.getheader("Content-Type") == "application/json"
        assert json.loads(response.read())["error"]["code"] == "uri_too_long"
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
