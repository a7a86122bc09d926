"""Acknowledged writes survive power loss, and `footnote db backup` copies a live database."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from footnote import create_app, store, validation
from footnote.db import backup, connect
from footnote.http.connection import get_db

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


def test_backup_refuses_to_overwrite(tmp_path):
    db = connect(tmp_path / "live.db", migrate=True)
    existing = tmp_path / "copy.db"
    existing.write_text("keep me")
    with pytest.raises(FileExistsError):
        backup(db, existing)
    assert existing.read_text() == "keep me"
    db.close()


def _writer(db_path: str, set_id: str, ack_path: str, stop_path: str) -> None:
    """Create annotations until told to stop; log each id after its commit returned."""
    db = connect(db_path)
    item = validation.validate_annotation(
        {"target": {"source": "https://example.com/load"}, "body": {"value": "under load"}}
    )
    with open(ack_path, "a") as acks:
        for _ in range(5000):  # bounded even if the test dies before stopping us
            if Path(stop_path).exists():
                break
            record = store.create_annotation(db, set_id, item, None)
            acks.write(record["id"] + "\n")
            acks.flush()
    db.close()


def _acknowledged(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        if path.exists():
            found.update(line for line in path.read_text().splitlines() if len(line) > 0)
    return found


def test_backup_while_writers_run_keeps_every_acknowledged_write(tmp_path):
    db_path = tmp_path / "live.db"
    db = connect(db_path, migrate=True)
    owner = store.create_user(db, "alice", None)
    target = store.create_set(db, owner["id"], "Busy")
    db.close()

    stop = tmp_path / "stop"
    acks = [tmp_path / f"acks-{i}" for i in range(2)]
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=_writer, args=(str(db_path), target["id"], str(ack), str(stop)))
        for ack in acks
    ]
    for writer in writers:
        writer.start()
    try:
        deadline = time.monotonic() + 60
        while len(_acknowledged(acks)) < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = _acknowledged(acks)
        assert len(before) >= 100, "the writers did not get going"
        copy = tmp_path / "backups" / "copy.db"
        result = subprocess.run(
            [sys.executable, "-m", "footnote.cli", "db", "backup", str(copy), "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        during = _acknowledged(acks)
        assert len(during) > len(before), "writers must still be running while the copy is made"
    finally:
        stop.touch()
        for writer in writers:
            writer.join(timeout=60)
    assert all(writer.exitcode == 0 for writer in writers)
    every_write = _acknowledged(acks)

    # Restore: the copy becomes a service's database.
    restored = tmp_path / "restored" / "footnote.db"
    restored.parent.mkdir()
    shutil.copyfile(copy, restored)
    db = connect(restored, migrate=True)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = store.get_set(db, target["id"])
    live, _tombstones = store.changes_since(db, target["id"], 0)
    ids = {a["id"] for a in live}
    assert before <= ids  # every write acknowledged before the backup began is in the copy
    assert ids <= every_write  # and nothing that was never committed
    assert found["version"] == found["annotation_count"] == len(ids)  # one commit, whole
    db.close()


@pytest.mark.parametrize("kind", ["event", "budget"])
def test_rate_bookkeeping_skips_the_fsync_and_leaves_the_connection_durable(tmp_path, kind):
    from footnote.store import ratelimit

    db = connect(tmp_path / "limits.db", migrate=True)
    seen = []
    db.conn.set_trace_callback(seen.append)
    if kind == "event":
        ratelimit.record(db, "sign-in", "user:a", 60)
    else:
        ratelimit.spend(db, "write", "user:a", limit=1, window=60)
    db.conn.set_trace_callback(None)
    assert "PRAGMA synchronous = NORMAL" in seen and seen.index("PRAGMA synchronous = NORMAL") < (
        seen.index("COMMIT")
    )
    assert db.execute("PRAGMA synchronous").fetchone()[0] == SYNCHRONOUS_FULL
    if kind == "event":
        assert ratelimit.count(db, "sign-in", "user:a", 60) == 1
    else:
        assert ratelimit.budget_wait(db, "write", "user:a", limit=1, window=60) > 0
