"""The read path: counts kept as data, one connection per thread, a constant number of
statements per read whatever the set's size, and sync streamed from one snapshot, gzipped
when asked."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from factories import make_set, make_user, payload
from sqlite_utils import Database

from footnote import store, validation
from footnote.db import connect
from footnote.http import connection
from footnote.transaction import GroupCommit


def _fill(db, set_id: str, count: int) -> list[dict]:
    item = validation.validate_annotation(payload("claim"))
    return store.create_many(db, set_id, [item] * count, None)


def _live_count(db, set_id: str) -> int:
    return db.execute(
        "SELECT count(*) FROM annotations WHERE set_id = ? AND deleted IS NULL", [set_id]
    ).fetchone()[0]


def test_the_count_follows_every_write_path(db):
    make_user(db, "alice")
    target = make_set(db, "alice")
    records = _fill(db, target["id"], 5)
    assert store.get_set(db, target["id"])["annotation_count"] == 5
    store.delete_annotation(db, records[0]["id"])
    store.update_annotation(db, records[1]["id"], validation.validate_annotation(payload("site")))
    assert store.get_set(db, target["id"])["annotation_count"] == 4 == _live_count(db, target["id"])
    # a raw undelete (the demo loader does this) and a hard delete are counted by triggers too
    db.execute("UPDATE annotations SET deleted = NULL WHERE id = ?", [records[0]["id"]])
    db.execute("DELETE FROM annotations WHERE id = ?", [records[2]["id"]])
    assert store.get_set(db, target["id"])["annotation_count"] == 4 == _live_count(db, target["id"])


def test_a_request_reuses_its_thread_connection(app, client, db):
    make_user(db, "alice")
    target = make_set(db, "alice", visibility="public")
    seen = []
    with app.test_request_context():
        seen.append(connection.get_db())
    client.get(f"/api/sets/{target['id']}")
    with app.test_request_context():
        seen.append(connection.get_db())
        assert not seen[-1].conn.in_transaction
    assert seen[0] is seen[1]


def _statements(app, client, path: str, headers: dict) -> tuple[list[str], int]:
    """The SQL a request runs and the SQLite VM steps it takes (in hundreds), traced on this
    thread's (reused) connection. Steps, not time: they are the same on a loaded machine."""
    client.get(path, headers=headers)  # opens the thread's connection
    with app.test_request_context():
        db = connection.get_db()
    traced: list[str] = []
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    db.conn.set_trace_callback(traced.append)
    db.conn.set_progress_handler(step, 100)
    try:
        response = client.get(path, headers=headers)
        response.get_data()
    finally:
        db.conn.set_trace_callback(None)
        db.conn.set_progress_handler(None, 100)
    assert response.status_code in (200, 304)
    return traced, steps[0]


@pytest.mark.parametrize("kind", ["annotation", "set", "delta", "not-modified"])
def test_reads_cost_the_same_statements_at_any_size(app, client, db, kind):
    alice = make_user(db, "alice")
    counts, steps = {}, {}
    for size in (3, 4000):
        target = make_set(db, "alice", title=f"size {size}")
        records = _fill(db, target["id"], size) + _fill(db, target["id"], 1)  # two versions
        version = store.get_set(db, target["id"])["version"]
        paths = {
            "annotation": f"/api/annotations/{records[-1]['id']}",
            "set": f"/api/sets/{target['id']}",
            "delta": f"/api/sets/{target['id']}/changes?since={version - 1}",
            "not-modified": f"/api/sets/{target['id']}/changes?since=0",
        }
        headers = dict(alice.headers)
        if kind == "not-modified":
            headers["If-None-Match"] = f'"{target["id"]}-{version}"'
        traced, steps[size] = _statements(app, client, paths[kind], headers)
        counts[size] = len(traced)
        plans = [
            row[3]
            for sql in traced
            if sql.lstrip().upper().startswith("SELECT")
            for row in db.execute("EXPLAIN QUERY PLAN " + sql.replace("?", "NULL")).fetchall()
        ]
        assert not [p for p in plans if p.startswith("SCAN a")], plans
    assert counts[3] == counts[4000]
    # work independent of the set's size: counting 4,000 rows would take about 40 (hundred
    # VM steps); a few hundred steps of noise come from statements SQLite re-prepares
    assert steps[4000] <= steps[3] + 5, steps


def test_sync_is_gzipped_when_asked_with_its_own_etag(client, db):
    make_user(db, "alice")
    target = make_set(db, "alice", visibility="public")
    _fill(db, target["id"], 20)
    path = f"/api/sets/{target['id']}/changes?since=0"
    plain = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.get_data())) == plain.json
    assert len(zipped.get_data()) * 5 < len(plain.get_data())
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    for response in (plain, zipped):
        assert {"Accept-Encoding", "Authorization"} <= set(response.vary)
    # either ETag names the current version: 304 in both encodings
    for etag in (plain.headers["ETag"], zipped.headers["ETag"]):
        for encoding in ("identity", "gzip"):
            again = client.get(path, headers={"If-None-Match": etag, "Accept-Encoding": encoding})
            assert again.status_code == 304


def test_a_snapshot_is_one_version_even_when_a_write_lands_mid_stream(client, db):
    make_user(db, "alice")
    target = make_set(db, "alice", visibility="public")
    _fill(db, target["id"], 2000)
    response = client.get(f"/api/sets/{target['id']}/changes?since=0", buffered=False)
    chunks = response.response  # the streamed body, not read yet
    first = next(iter(chunks))
    late = _fill(db, target["id"], 1)[0]  # another connection writes while we stream
    body = json.loads(first + b"".join(chunks))
    response.close()
    assert body["version"] == 1
    assert len(body["annotations"]) == 2000
    assert late["id"] not in {a["id"].rsplit("/", 1)[1] for a in body["annotations"]}
    assert store.get_set(db, target["id"])["version"] == 2


def test_a_request_during_an_unfinished_stream_gets_its_own_fresh_view(client, db):
    alice = make_user(db, "alice")
    public = make_set(db, "alice", visibility="public")
    _fill(db, public["id"], 3)
    streaming = client.get(f"/api/sets/{public['id']}/changes?since=0", buffered=False)
    private = make_set(db, "alice")  # written after the stream's snapshot began
    answer = client.get(f"/api/sets/{private['id']}", headers=alice.headers)
    assert answer.status_code == 200 and answer.json["id"] == private["id"]
    body = json.loads(streaming.get_data())
    streaming.close()
    assert body["version"] == 1 and len(body["annotations"]) == 3


def test_a_create_costs_the_same_statements_at_any_size(app, client, db):
    """POST /api/sets/<id>/annotations: the token, the set and role on the request's connection;
    on the group commit's (footnote.transaction.GroupCommit), one transaction (the write-rate
    event, version, row, full-text entry, URIs) and the read-back, whatever the size."""
    alice = make_user(db, "alice")
    hooks: dict[str, Any] = {}

    def traced_writer() -> Database:
        writer = connect(app.config["DATABASE"])
        writer.conn.set_trace_callback(lambda sql: hooks["trace"] and hooks["trace"](sql))
        writer.conn.set_progress_handler(lambda: hooks["step"] and hooks["step"](), 100)
        return writer

    hooks.update(trace=None, step=None)
    app.extensions["footnote_group_commit"] = {app.config["DATABASE"]: GroupCommit(traced_writer)}
    counts, steps = {}, {}
    for size in (3, 4000):
        target = make_set(db, "alice", title=f"size {size}")
        _fill(db, target["id"], size)
        path = f"/api/sets/{target['id']}/annotations"
        client.post(path, json=payload("note"), headers=alice.headers)  # the thread's connection
        with app.test_request_context():
            conn = connection.get_db().conn
        traced: list[str] = []
        counter = [0]

        def step(counter: list[int] = counter) -> int:
            counter[0] += 1
            return 0

        conn.set_trace_callback(traced.append)
        conn.set_progress_handler(step, 100)
        hooks.update(trace=traced.append, step=step)
        try:
            response = client.post(path, json=payload("note"), headers=alice.headers)
        finally:
            conn.set_trace_callback(None)
            conn.set_progress_handler(None, 100)
            hooks.update(trace=None, step=None)
        assert response.status_code == 201
        # SQLite's own statements inside triggers and FTS5 ("-- ...") vary with its merges
        statements = [" ".join(sql.split()) for sql in traced if not sql.startswith("--")]
        counts[size], steps[size] = len(statements), counter[0]
        assert not [s for s in statements if s.startswith("DELETE FROM annotation_uris")]
        assert sum(s.startswith("SELECT a.seq") for s in statements) == 1  # one read-back
        assert sum(s == "COMMIT" for s in statements) == 1  # the rate event rides along
    # 4 reads on the request's connection; on the writer's, 12 statements (BEGIN, the rate
    # event's INSERT and DELETE, version, row, 2 URIs, read-back, COMMIT) and 9 savepoint
    # statements (the batch's, the rate event's, the store's); the trace repeats the annotation
    # INSERT for each of its 4 triggers
    assert counts[3] == counts[4000] <= 25, counts
    assert steps[4000] <= steps[3] + 10, steps


@pytest.mark.parametrize(
    ("visibility", "cache_control", "accel"),
    [
        ("public", "public, max-age=60", None),
        ("unlisted", "private, no-cache", "60"),  # only the deployment's nginx may keep it
        ("private", "private, no-cache", None),
    ],
)
def test_sync_and_export_say_who_may_cache_them(client, db, visibility, cache_control, accel):
    alice = make_user(db, "alice")
    target = make_set(db, "alice", visibility=visibility)
    for path in ("changes?since=0", "export"):
        response = client.get(f"/api/sets/{target['id']}/{path}", headers=alice.headers)
        assert response.headers["Cache-Control"] == cache_control
        assert response.headers.get("X-Accel-Expires") == accel
        etag = response.headers["ETag"]
        again = client.get(
            f"/api/sets/{target['id']}/{path}", headers={**alice.headers, "If-None-Match": etag}
        )
        assert again.status_code == 304 and again.headers.get("X-Accel-Expires") == accel
