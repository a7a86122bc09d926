"""Group commit: concurrent writes share one durable commit, each keeps its own fate.

Real SQLite files, real threads (and processes, and a gunicorn killed with SIGKILL). A writer
is held inside its batch with an event, so what queues behind it is known, not timed.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import make_annotation, make_set, make_user, payload
from loopback import request

from footnote import store, validation
from footnote.db import connect
from footnote.errors import NotFound, ValidationError
from footnote.transaction import GroupCommit

REPO = Path(__file__).resolve().parents[2]
SYNCHRONOUS_FULL = 2
ITEM = validation.validate_annotation(
    {"target": {"source": "https://example.com/batched"}, "body": {"value": "batched"}}
)


@pytest.fixture
def live(tmp_path) -> dict[str, Any]:
    """A migrated database file with one set, and a GroupCommit on it counting its COMMITs."""
    path = tmp_path / "live.db"
    db = connect(path, migrate=True)
    owner = store.create_user(db, "alice", None)
    target = store.create_set(db, owner["id"], "Batched")
    db.close()
    statements: list[str] = []

    def open_db():
        writer = connect(path)
        writer.conn.set_trace_callback(statements.append)
        return writer

    committer = GroupCommit(open_db, turn_path=f"{path}-turn", idle=2)
    return {"path": path, "set": target["id"], "committer": committer, "statements": statements}


def _commits(statements: list[str]) -> int:
    return sum(statement == "COMMIT" for statement in statements)


class Outcomes:
    """Writes run from threads; each one's result or exception, by name."""

    def __init__(self, committer: GroupCommit):
        self.committer = committer
        self.results: dict[str, Any] = {}
        self.threads: list[threading.Thread] = []

    def submit(self, name: str, work: Callable) -> None:
        def run() -> None:
            try:
                self.results[name] = self.committer.run(work)
            except BaseException as exc:  # kept for the test to look at
                self.results[name] = exc

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)

    def join(self) -> dict[str, Any]:
        for thread in self.threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in self.threads)
        return self.results


def _hold_the_writer(outcomes: Outcomes) -> threading.Event:
    """A first write that waits inside its batch until the returned event is set."""
    entered, release = threading.Event(), threading.Event()

    def blocker(db):
        entered.set()
        assert release.wait(60)
        return "blocker"

    outcomes.submit("blocker", blocker)
    assert entered.wait(60)
    return release


def _wait_for_queue(committer: GroupCommit, count: int) -> None:
    deadline = time.monotonic() + 60
    while committer.waiting() < count:
        assert time.monotonic() < deadline, "the writes never queued"
        time.sleep(0.01)


def _stored(path: Path, set_id: str) -> tuple[set[str], int]:
    db = connect(path)
    live, _tombstones = store.changes_since(db, set_id, 0)
    version = store.get_set(db, set_id)["version"]
    db.close()
    return {a["id"] for a in live}, version


def test_writes_queued_behind_a_commit_share_the_next_one(live):
    committer, set_id = live["committer"], live["set"]
    outcomes = Outcomes(committer)
    release = _hold_the_writer(outcomes)
    for i in range(10):
        outcomes.submit(f"w{i}", lambda db: store.create_annotation(db, set_id, ITEM, None))
    _wait_for_queue(committer, 10)
    release.set()
    results = outcomes.join()

    records = [results[f"w{i}"] for i in range(10)]
    assert all(isinstance(r, dict) for r in records), results
    ids, version = _stored(live["path"], set_id)
    assert ids == {r["id"] for r in records}
    assert version == 10  # each write bumped the version once, none lost
    assert _commits(live["statements"]) == 2  # the blocker's batch, then all ten in one


def test_a_failing_write_is_rolled_back_alone(live):
    committer, set_id, path = live["committer"], live["set"], live["path"]
    outcomes = Outcomes(committer)
    release = _hold_the_writer(outcomes)

    def half_then_fail(db):
        store.create_annotation(db, set_id, ITEM, None)  # written, then taken back
        raise ValueError("changed my mind")

    def duplicate_user(db):
        return store.create_user(db, "alice", None)  # UNIQUE(username)

    reply = {**ITEM, "reply_to": "no-such-annotation"}
    outcomes.submit("first", lambda db: store.create_annotation(db, set_id, ITEM, None))
    outcomes.submit("half", half_then_fail)
    outcomes.submit("duplicate", duplicate_user)
    outcomes.submit("orphan reply", lambda db: store.create_annotation(db, set_id, reply, None))
    outcomes.submit("last", lambda db: store.create_annotation(db, set_id, ITEM, None))
    _wait_for_queue(committer, 5)
    release.set()
    results = outcomes.join()

    assert isinstance(results["half"], ValueError)
    assert isinstance(results["duplicate"], Exception)
    assert isinstance(results["orphan reply"], NotFound)
    ids, version = _stored(path, set_id)
    assert ids == {results["first"]["id"], results["last"]["id"]}
    assert version == 2  # the failed writes' version bumps were rolled back with them
    assert _commits(live["statements"]) == 2
    db = connect(path)
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 1
    db.close()


def test_a_commit_that_fails_fails_its_whole_batch_and_writes_nothing(live):
    committer, set_id, path = live["committer"], live["set"], live["path"]
    outcomes = Outcomes(committer)
    release = _hold_the_writer(outcomes)

    def dangling_member(db):
        # A foreign key checked only at COMMIT: the batch's commit itself fails.
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute(
            "INSERT INTO members (set_id, user_id, role, created) VALUES (?, 'nobody', 'viewer',"
            " '2026-01-01T00:00:00.000000Z')",
            [set_id],
        )
        return "looked fine"

    outcomes.submit("innocent", lambda db: store.create_annotation(db, set_id, ITEM, None))
    outcomes.submit("dangling", dangling_member)
    _wait_for_queue(committer, 2)
    release.set()
    results = outcomes.join()

    assert isinstance(results["innocent"], sqlite3.IntegrityError)
    assert isinstance(results["dangling"], sqlite3.IntegrityError)
    assert _stored(path, set_id) == (set(), 0)
    # The writer goes on with the next batch.
    record = committer.run(lambda db: store.create_annotation(db, set_id, ITEM, None))
    assert _stored(path, set_id) == ({record["id"]}, 1)


def test_a_transaction_sqlite_gave_up_fails_what_ran_and_retries_the_rest(live):
    committer, set_id, path = live["committer"], live["set"], live["path"]
    outcomes = Outcomes(committer)
    release = _hold_the_writer(outcomes)

    def lose_the_transaction(db):
        db.execute("ROLLBACK")  # as SQLite does itself on a full disk or an I/O error
        raise sqlite3.OperationalError("database or disk is full")

    outcomes.submit("before", lambda db: store.create_annotation(db, set_id, ITEM, None))
    _wait_for_queue(committer, 1)
    outcomes.submit("loser", lose_the_transaction)
    _wait_for_queue(committer, 2)
    outcomes.submit("after", lambda db: store.create_annotation(db, set_id, ITEM, None))
    _wait_for_queue(committer, 3)
    release.set()
    results = outcomes.join()

    assert results["blocker"] == "blocker"  # its own batch, committed before
    assert isinstance(results["before"], sqlite3.OperationalError)  # ran in the lost one
    assert isinstance(results["loser"], sqlite3.OperationalError)
    assert isinstance(results["after"], dict)  # rerun in a fresh transaction
    assert _stored(path, set_id) == ({results["after"]["id"]}, 1)


def test_acknowledged_writes_are_committed_durably(live):
    committer, set_id, path = live["committer"], live["set"], live["path"]
    settings = committer.run(
        lambda db: (
            db.execute("PRAGMA journal_mode").fetchone()[0],
            db.execute("PRAGMA synchronous").fetchone()[0],
        )
    )
    assert settings == ("wal", SYNCHRONOUS_FULL)  # every COMMIT syncs the WAL before returning
    record = committer.run(lambda db: store.create_annotation(db, set_id, ITEM, None))
    # Acknowledged means committed: a fresh connection already sees it.
    assert _stored(path, set_id) == ({record["id"]}, 1)


def _process_writer(db_path: str, set_id: str, threads: int, writes: int, results) -> None:
    """A process with its own GroupCommit, written to by `threads` threads at once."""
    try:
        committer = GroupCommit(lambda: connect(db_path), turn_path=f"{db_path}-turn")
        ids: list[str] = []
        errors: list[str] = []

        def run() -> None:
            for _ in range(writes):
                try:
                    record = committer.run(
                        lambda db: store.create_annotation(db, set_id, ITEM, None)
                    )
                    ids.append(record["id"])
                except Exception as exc:  # reported to the test, which fails on it
                    errors.append(f"{type(exc).__name__}: {exc}")

        pool = [threading.Thread(target=run) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        results.put((ids, errors))
    except Exception as exc:
        results.put(([], [f"{type(exc).__name__}: {exc}"]))


def test_two_processes_of_threads_writing_at_once_lose_nothing(live):
    path, set_id = str(live["path"]), live["set"]
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    writers = [
        context.Process(target=_process_writer, args=(path, set_id, 6, 25, results))
        for _ in range(2)
    ]
    for writer in writers:
        writer.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
    errors = [error for _ids, found in outcomes for error in found]
    assert errors == []  # in particular no "database is locked"
    acknowledged = {i for ids, _errors in outcomes for i in ids}
    assert len(acknowledged) == 2 * 6 * 25
    assert _stored(live["path"], set_id) == (acknowledged, len(acknowledged))


# Through the app: the create's rate event shares its commit.


def test_a_create_and_its_rate_event_are_one_commit_off_the_request_connection(app, client, db):
    from footnote.http.connection import get_db

    app.config["WRITE_LIMIT"] = 6  # a write costs 10 s of budget: see spent_writes
    alice = make_user(db, "alice")
    target = make_set(db, "alice")
    url = f"/api/sets/{target['id']}/annotations"
    assert client.get(url, headers=alice.headers).status_code == 200  # the token's first use
    with app.app_context():
        request_db = get_db()  # the connection this thread's requests use
    seen: list[str] = []
    request_db.conn.set_trace_callback(seen.append)
    try:
        response = client.post(url, json=payload("note"), headers=alice.headers)
    finally:
        request_db.conn.set_trace_callback(None)
    assert response.status_code == 201
    assert not any(s.startswith(("INSERT", "UPDATE", "DELETE", "COMMIT")) for s in seen), seen
    assert spent_writes(app, db) == 1
    assert store.get_set(db, target["id"])["annotation_count"] == 1


def spent_writes(app, db) -> int:
    """How many writes the callers' budgets are down by (each one costs window/limit seconds;
    with limit 6 a minute, the few milliseconds a test takes refill nothing visible)."""
    interval = app.config["WRITE_WINDOW"] / app.config["WRITE_LIMIT"]
    rows = db.execute("SELECT full_at FROM rate_budgets WHERE bucket = 'write'").fetchall()
    return sum(round((full_at - time.time()) / interval) for (full_at,) in rows)


def test_refused_creates_still_count_against_the_write_limit(app, client, db, monkeypatch):
    app.config["WRITE_LIMIT"] = 6
    alice = make_user(db, "alice")
    target = make_set(db, "alice")
    url = f"/api/sets/{target['id']}/annotations"

    def events() -> int:
        return spent_writes(app, db)

    # Refused inside the write, after writing: its rollback keeps the event.
    create = store.create_annotation

    def write_then_refuse(shared, *args, **kwargs):
        create(shared, *args, **kwargs)
        raise ValidationError("refused after writing", "body")

    monkeypatch.setattr(store, "create_annotation", write_then_refuse)
    response = client.post(url, json=payload("note"), headers=alice.headers)
    monkeypatch.undo()
    assert response.status_code == 400, response.json
    assert events() == 1
    assert store.get_set(db, target["id"])["version"] == 0
    # Refused before any write (invalid body): the event is written after the request.
    response = client.post(url, json={"target": 5}, headers=alice.headers)
    assert response.status_code == 400
    assert events() == 2
    assert store.get_set(db, target["id"])["annotation_count"] == 0
    # Another write path (no group commit) still counts.
    make_annotation(db, target["id"])
    assert client.post("/api/sets", json={"title": "b"}, headers=alice.headers).status_code == 201
    assert events() == 3


def test_a_write_made_is_answered_as_made_even_if_its_rate_event_fails(client, db, monkeypatch):
    from footnote.store import ratelimit

    alice = make_user(db, "alice")

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "spend", locked)
    # Creating a set commits on the request's connection; its rate event comes after it.
    response = client.post("/api/sets", json={"title": "kept"}, headers=alice.headers)
    assert response.status_code == 201
    assert store.get_set(db, response.json["id"].rsplit("/", 1)[-1])["title"] == "kept"


# Under gunicorn: kill -9 loses no acknowledged write.


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_under_gunicorn_loses_no_acknowledged_create(tmp_path):
    pytest.importorskip("gunicorn")
    spec = importlib.util.spec_from_file_location("deploy_loopback", REPO / "deploy/loopback.py")
    deploy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(deploy)

    db_path = tmp_path / "served.db"
    db = connect(db_path, migrate=True)
    alice = make_user(db, "alice")
    target = make_set(db, "alice")
    db.close()
    port = deploy.free_port()
    env = {"FOOTNOTE_DB": str(db_path), "FOOTNOTE_SECRET_KEY": "kill-test"}
    env["FOOTNOTE_WRITE_LIMIT"] = "0"
    server = deploy.start_gunicorn(port, env, tmp_path / "gunicorn.log")
    acknowledged: list[str] = []
    stop = threading.Event()
    url = f"http://127.0.0.1:{port}/api/sets/{target['id']}/annotations"
    headers = {**alice.headers, "Content-Type": "application/json"}

    def client() -> None:
        while not stop.is_set():
            try:
                status, _headers, body = request("POST", url, headers, json.dumps(payload("note")))
            except Exception:  # the server is gone (refused, reset, cut short)
                return
            if status == 201:
                acknowledged.append(body["id"].rsplit("/", 1)[-1])

    clients = [threading.Thread(target=client) for _ in range(8)]
    try:
        for thread in clients:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(acknowledged) >= 150, (tmp_path / "gunicorn.log").read_text()
        for pid in [*_children(server.pid), server.pid]:
            os.kill(pid, signal.SIGKILL)  # mid-batch: no clean shutdown, no checkpoint
        server.wait(timeout=30)
    finally:
        stop.set()
        if server.poll() is None:
            server.kill()
        for thread in clients:
            thread.join(timeout=60)
    acked = set(acknowledged)
    db = connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids, version = _stored(db_path, target["id"])
    db.close()
    assert acked <= ids  # every acknowledged create survived
    assert version == len(ids)  # and every batch is whole: one version bump per stored create
