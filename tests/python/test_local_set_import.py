"""The extension's local set, exported (extension/src/background/local-set.js, pinned to the
fixture by extension/test/local-set.test.js), is what Upload sends to `POST /api/sets/<id>/import`:
the service must take it whole, quotes, pages, labels and all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_set, make_user

from footnote.api.interchange import interchange_bp

EXPORT = Path(__file__).parent / "fixtures" / "interchange" / "local-set-export.json"


@pytest.fixture
def app(app):
    if "api_interchange" not in app.blueprints:
        app.register_blueprint(interchange_bp, url_prefix="/api")
    return app


def test_the_local_export_imports_whole(client, db):
    alice = make_user(db, "alice")
    desk = make_set(db, "alice", title="Desk", visibility="private")
    response = client.post(
        f"/api/sets/{desk['id']}/import?format=w3c",
        data=EXPORT.read_bytes(),
        headers={"Content-Type": "application/json", **alice.headers},
    )
    assert response.status_code == 201, response.json
    assert response.json["imported"] == 2
    listed = client.get(f"/api/sets/{desk['id']}/annotations", headers=alice.headers).json
    by_kind = {a["kind"]: a for a in listed["annotations"]}
    exported = json.loads(EXPORT.read_text())["first"]["items"]

    note = by_kind["note"]
    assert note["target"] == exported[0]["target"], "the quote and its page arrive whole"
    assert note["body"][0]["value"] == "Checked."
    assert note["tags"] == ["ai"]
    assert note["sources"] == [{"id": "https://example.org/evidence", "title": "Evidence"}]
    assert note.get("placeable", True) is True
    assert note["created"].startswith("2026-11-30T10:00:00")

    label = by_kind["claim"]
    assert label["verdict"] == "disputed"
    assert label["target"]["selector"]["all"] == [["open model"]]
