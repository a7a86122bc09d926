"""Two processes writing at once, each with its own connection, lose nothing."""

from __future__ import annotations

import multiprocessing

from footnote import store, validation
from footnote.db import connect
from footnote.migrations import migrations

WRITES = 250


def _writer(db_path: str, set_id: str, tag: str, results) -> None:
    """Create WRITES annotations, editing every fifth; report errors instead of raising."""
    try:
        db = connect(db_path)
        item = validation.validate_annotation(
            {"target": {"source": "https://example.com/a"}, "tags": [tag], "body": {"value": tag}}
        )
        for i in range(WRITES):
            record = store.create_annotation(db, set_id, item, None)
            if i % 5 == 0:
                store.update_annotation(db, record["id"], {**item, "body_text": f"{tag} edited"})
        db.close()
        results.put((tag, "ok"))
    except Exception as exc:  # reported to the test, which fails on it
        results.put((tag, f"{type(exc).__name__}: {exc}"))


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    db_path = str(tmp_path / "busy.db")
    db = connect(db_path, migrate=True)
    owner = store.create_user(db, "alice", None)
    target = store.create_set(db, owner["id"], "Busy")
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_writer, args=(db_path, target["id"], tag, results))
        for tag in ("left", "right")
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=300) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == {"left": "ok", "right": "ok"}  # in particular no "database is locked"

    edits = WRITES // 5
    final = store.get_set(db, target["id"])
    assert final["annotation_count"] == 2 * WRITES
    # Every write bumped the version exactly once: creates plus edits, no lost updates.
    assert final["version"] == 2 * (WRITES + edits)
    live, _tombstones = store.changes_since(db, target["id"], 0)
    for tag in ("left", "right"):
        mine = [a for a in live if a["tags"] == [tag]]
        assert len(mine) == WRITES
        assert sum(a["body_text"] == f"{tag} edited" for a in mine) == edits
    versions = [a["set_version"] for a in live]
    assert len(set(versions)) == len(versions)  # no two writes share a version
    db.close()


def _open_and_migrate(db_path: str, results) -> None:
    try:
        connect(db_path, migrate=True).close()
        results.put("ok")
    except Exception as exc:  # reported to the test, which fails on it
        results.put(f"{type(exc).__name__}: {exc}")


def test_workers_starting_at_once_on_a_fresh_database_all_succeed(tmp_path):
    """Like gunicorn workers each calling create_app(): one migrates, the others wait."""
    context = multiprocessing.get_context("spawn")
    for round_number in range(3):
        db_path = str(tmp_path / f"fresh-{round_number}.db")
        results = context.Queue()
        workers = [
            context.Process(target=_open_and_migrate, args=(db_path, results)) for _ in range(3)
        ]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        assert outcomes == ["ok", "ok", "ok"]
        with connect(db_path) as db:
            names = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations")]
        # Every migration applied exactly once, in order.
        assert names == [m.name for m in migrations._migrations]
