"""The annotation store: versions, tombstones, one-transaction imports, paging, identity."""

from __future__ import annotations

import pytest
from factories import make_set, payload

from footnote import store, validation
from footnote.db import connect
from footnote.errors import InvalidCursor, PreconditionFailed
from footnote.migrations import migrate


@pytest.fixture
def sdb(tmp_path):
    db = connect(tmp_path / "s.db")
    migrate(db)
    store.create_user(db, "alice", None)
    yield db
    db.close()


@pytest.fixture
def set_id(sdb):
    return make_set(sdb, "alice")["id"]


def item(kind="note", **overrides):
    return validation.validate_annotation(payload(kind, **overrides))


def test_every_write_bumps_the_version_and_stamps_the_annotation(sdb, set_id):
    a = store.create_annotation(sdb, set_id, item(), None)
    b = store.create_annotation(sdb, set_id, item("claim"), None)
    assert (a["set_version"], b["set_version"]) == (1, 2)
    edited = store.update_annotation(sdb, a["id"], item(verdict="false"))
    assert edited["set_version"] == 3 and edited["verdict"] == "false"
    store.delete_annotation(sdb, b["id"])
    assert store.get_set(sdb, set_id)["version"] == 4
    live, tombstones = store.changes_since(sdb, set_id, 2)
    assert [x["id"] for x in live] == [a["id"]]
    assert [(t["id"], t["setVersion"]) for t in tombstones] == [(b["id"], 4)]
    live, tombstones = store.changes_since(sdb, set_id, 0)
    assert [x["id"] for x in live] == [a["id"]] and tombstones == []
    assert store.changes_since(sdb, set_id, 4) == ([], [])


def test_tombstones_keep_no_content_and_leave_search(sdb, set_id):
    a = store.create_annotation(sdb, set_id, item(body={"value": "secret words"}), None)
    store.delete_annotation(sdb, a["id"])
    row = sdb.execute(
        "SELECT body_text, target, sources, tags FROM annotations WHERE id = ?", [a["id"]]
    ).fetchone()
    assert row == (None, "{}", "[]", "[]")
    assert store.list_annotations(sdb, set_id, q="secret") == ([], None)
    assert store.get_annotation(sdb, a["id"]) is None
    assert store.get_annotation(sdb, a["id"], include_deleted=True)["deleted"] is not None


def test_create_many_is_one_transaction_and_one_version(sdb, set_id):
    items = [item(), item("claim"), item("site")]
    created = store.create_many(sdb, set_id, items, None, extra=[{"x": 1}, None, None])
    assert {c["set_version"] for c in created} == {1}
    assert created[0]["extra"] == {"x": 1}
    broken = [item(), {"kind": "note"}]  # the second item is missing fields
    with pytest.raises(KeyError):
        store.create_many(sdb, set_id, broken, None)
    assert store.get_set(sdb, set_id)["annotation_count"] == 3
    assert store.get_set(sdb, set_id)["version"] == 1


def test_stale_if_match_changes_nothing(sdb, set_id):
    a = store.create_annotation(sdb, set_id, item(), None)
    old = store.etag(a)
    store.update_annotation(sdb, a["id"], item(verdict="false"), if_match=old)
    with pytest.raises(PreconditionFailed):
        store.update_annotation(sdb, a["id"], item(verdict="correct"), if_match=old)
    with pytest.raises(PreconditionFailed):
        store.delete_annotation(sdb, a["id"], if_match=old)
    assert store.get_annotation(sdb, a["id"])["verdict"] == "false"
    assert store.get_set(sdb, set_id)["version"] == 2


def test_paging_visits_every_annotation_once(sdb, set_id):
    ids = {store.create_annotation(sdb, set_id, item(), None)["id"] for _ in range(23)}
    seen, cursor = [], None
    while True:
        page, cursor = store.list_annotations(sdb, set_id, limit=5, cursor=cursor)
        seen.extend(a["id"] for a in page)
        if cursor is None:
            break
    assert len(seen) == 23 and set(seen) == ids


def test_unverified_equivalents_never_join_documents(sdb, set_id):
    data = payload("note")
    data["target"]["source"] = "https://news.example.com/story"
    data["document"] = {
        "links": [
            {"rel": "canonical", "href": "https://news.example.com/story-canonical"},
            {"rel": "og:url", "href": "https://attacker.example/story"},
        ]
    }
    note = store.create_annotation(sdb, set_id, validation.validate_annotation(data), None)
    assert note["links"][1]["href"] == "https://attacker.example/story"  # recorded...

    def found(uri):
        return [a["id"] for a in store.list_annotations(sdb, set_id, uri=uri)[0]]

    assert found("https://news.example.com/story") == [note["id"]]
    assert found("https://news.example.com/story-canonical") == [note["id"]]
    assert found("https://attacker.example/story") == []  # ...but never used to join


def test_search_follows_edits(sdb, set_id):
    a = store.create_annotation(sdb, set_id, item(body={"value": "about aardvarks"}), None)
    assert [x["id"] for x in store.list_annotations(sdb, set_id, q="aardvarks")[0]] == [a["id"]]
    store.update_annotation(sdb, a["id"], item(body={"value": "about badgers"}))
    assert store.list_annotations(sdb, set_id, q="aardvarks")[0] == []
    assert len(store.list_annotations(sdb, set_id, q="BADGERS")[0]) == 1


def test_filters_by_kind_and_tag(sdb, set_id):
    store.create_annotation(sdb, set_id, item(tags=["x"]), None)
    store.create_annotation(sdb, set_id, item("claim", tags=["y"]), None)
    assert [a["kind"] for a in store.list_annotations(sdb, set_id, kind="claim")[0]] == ["claim"]
    assert [a["tags"] for a in store.list_annotations(sdb, set_id, tag="x")[0]] == [["x"]]


def test_forged_cursor_is_refused(sdb, set_id):
    with pytest.raises(InvalidCursor):
        store.list_annotations(sdb, set_id, cursor="!!!")
