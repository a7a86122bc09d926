"""Migrations: ordered, append-only, and safe on a database made by an earlier schema."""

from __future__ import annotations

import json

import pytest

from footnote import store
from footnote.db import connect
from footnote.migrations import migrate, migrations, pending

# Shipped migrations, in order. Append new ones; never rename, reorder or remove these.
SHIPPED = ["0001_initial", "0002_search", "0003_rate_limits", "0004_live_annotations_index"]


def test_migrations_are_append_only():
    names = [m.name for m in migrations._migrations]
    assert names[: len(SHIPPED)] == SHIPPED
    assert names == sorted(names)


@pytest.fixture
def first_schema_db(tmp_path):
    """A database built by the first migration only, holding data written with that schema."""
    db = connect(tmp_path / "old.db")
    migrate(db, stop_before="0002_search")
    assert pending(db)[: len(SHIPPED) - 1] == SHIPPED[1:]
    db.execute(
        "INSERT INTO users (id, username, password_hash, is_system, created)"
        " VALUES ('u1', 'olga', NULL, 0, '2026-01-01T00:00:00.000000Z')"
    )
    db.execute(
        "INSERT INTO sets (id, owner_id, title, description, visibility, version, created,"
        " modified) VALUES ('s1', 'u1', 'Old set', '', 'public', 1,"
        " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')"
    )
    target = {
        "source": "https://example.com/a",
        "selector": [
            {"type": "TextQuoteSelector", "exact": "quoted words", "prefix": "", "suffix": ""}
        ],
    }
    db.execute(
        "INSERT INTO annotations (id, set_id, kind, motivation, body_text, verdict, sources, tags,"
        " target, source_uri, links, extra, creator_id, created, modified, set_version)"
        " VALUES ('a1', 's1', 'note', 'commenting', 'an elephant note', NULL,"
        " ?, ?, ?, 'https://example.com/a', '[]', '{}', 'u1', '2026-01-01T00:00:00.000000Z',"
        " '2026-01-01T00:00:00.000000Z', 1)",
        [
            json.dumps([{"id": "https://example.org/", "title": "Giraffe report"}]),
            json.dumps(["zebra"]),
            json.dumps(target),
        ],
    )
    db.conn.commit()
    yield db
    db.close()


def test_upgrading_an_old_database_keeps_its_data(first_schema_db):
    db = first_schema_db
    applied = migrate(db)
    assert applied[: len(SHIPPED) - 1] == SHIPPED[1:]
    assert pending(db) == []
    assert migrate(db) == []  # a second run changes nothing

    found = store.get_annotation(db, "a1")
    assert found["body_text"] == "an elephant note"
    assert found["creator"] == "olga"
    assert store.get_set(db, "s1")["annotation_count"] == 1
    # Rows written before the search migration are searchable by body, quote, tag and source.
    for word in ("elephant", "quoted", "zebra", "giraffe"):
        page, _next = store.list_annotations(db, "s1", q=word)
        assert [a["id"] for a in page] == ["a1"], word
    # And the store writes through the new schema.
    item = {
        "kind": "note",
        "motivation": "commenting",
        "body_text": "fresh okapi",
        "verdict": None,
        "sources": [],
        "tags": [],
        "target": {"source": "https://example.com/b"},
        "links": [],
    }
    store.create_annotation(db, "s1", item, "u1")
    assert store.get_set(db, "s1")["version"] == 2
    assert [a["body_text"] for a in store.list_annotations(db, "s1", q="okapi")[0]] == [
        "fresh okapi"
    ]


def test_a_failing_migration_leaves_nothing_behind(tmp_path):
    db = connect(tmp_path / "x.db")
    migrate(db)

    @migrations(name="9999_broken_for_test")
    def broken(database):
        database.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    try:
        with pytest.raises(RuntimeError):
            migrate(db)
        assert "half_done" not in db.table_names()
        assert pending(db) == ["9999_broken_for_test"]
    finally:
        migrations._migrations.pop()


def test_counting_live_annotations_uses_the_partial_index(tmp_path):
    """Every sync request counts a set's live annotations: that must not read each row."""
    from footnote.db import connect
    from footnote.migrations import migrate

    db = connect(str(tmp_path / "plan.db"))
    migrate(db)
    from footnote.store.sets import _SET_SELECT

    plan = db.execute("EXPLAIN QUERY PLAN " + _SET_SELECT + " WHERE s.id = ?", ["x"]).fetchall()
    assert any("annotations_live" in row[-1] for row in plan), plan
    db.close()
