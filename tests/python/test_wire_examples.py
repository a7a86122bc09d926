"""The JSON examples in docs/wire-format.md are true: they parse, they fit the OpenAPI schema,
and they have exactly the fields (and field types) the running API returns for the same thing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from factories import make_set, make_user
from jsonschema import Draft202012Validator

from footnote.api.openapi import spec

DOC = Path(__file__).resolve().parents[2] / "docs" / "wire-format.md"
BLOCK = re.compile(r"(?:<!-- example: (\w+) -->\n)?```json\n(.*?)```", re.S)
BASE = "http://localhost"


def examples() -> dict[str, Any]:
    """Every ```json block of the doc by the schema name its marker gives."""
    found: dict[str, Any] = {}
    for name, text in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        assert name, f"a JSON block in {DOC.name} has no <!-- example: Schema --> marker:\n{text}"
        found[name] = json.loads(text)
    return found


def shape(value: Any) -> Any:
    """The fields and JSON types of a value, recursively (list items by their first item)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if value is None:
        return None
    return type(value).__name__


def validate(name: str, value: Any) -> None:
    """Validate `value` against the OpenAPI component schema `name`."""
    document = spec(BASE)
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    Draft202012Validator(schema).validate(value)


@pytest.fixture
def live(client, db) -> dict[str, Any]:
    """What the API returns for the things the doc shows: a note, a claim label, a set, a
    delta with one tombstone, a validation error."""
    alice = make_user(db, "alice")
    target = make_set(db, "alice", title="Open-source AI claims", visibility="public")
    set_id = target["id"]
    doc = examples()
    note_in = {
        key: doc["Annotation"][key]
        for key in ("kind", "motivation", "body", "verdict", "sources", "tags", "target")
    }
    note_in["document"] = {"links": [{"rel": "canonical", "href": "https://example.com/a"}]}
    note = client.post(f"/api/sets/{set_id}/annotations", json=note_in, headers=alice.headers)
    assert note.status_code == 201, note.json
    doomed = client.post(f"/api/sets/{set_id}/annotations", json=note_in, headers=alice.headers)
    client.delete(
        doomed.json["id"].replace(BASE, ""),
        headers={**alice.headers, "If-Match": doomed.headers["ETag"]},
    )
    since = client.get(f"/api/sets/{set_id}/changes?since=0").json["version"]
    label_in = {
        key: doc["Changes"]["annotations"][0][key]
        for key in ("kind", "motivation", "body", "verdict", "sources", "tags", "target")
    }
    label = client.post(f"/api/sets/{set_id}/annotations", json=label_in, headers=alice.headers)
    assert label.status_code == 201, label.json
    reply = client.post(
        label.json["id"].replace(BASE, "") + "/replies",
        json={"body": doc["Reply"]["body"]},
        headers=alice.headers,
    )
    assert reply.status_code == 201, reply.json
    client.delete(note.json["id"].replace(BASE, ""), headers=alice.headers)
    changes = client.get(f"/api/sets/{set_id}/changes?since={since}")
    bad_source = {**note_in, "sources": [{"id": "javascript:alert(1)", "title": "x"}]}
    error = client.post(f"/api/sets/{set_id}/annotations", json=bad_source, headers=alice.headers)
    return {
        "Annotation": note.json,
        "Set": client.get(f"/api/sets/{set_id}", headers=alice.headers).json,
        "Changes": changes.json,
        "Error": error.json,
        "Reply": reply.json,
    }


def test_every_block_is_marked_and_parses():
    assert sorted(examples()) == ["Annotation", "Changes", "Error", "Reply", "Set"]


@pytest.mark.parametrize("name", ["Annotation", "Changes", "Error", "Reply", "Set"])
def test_example_fits_the_openapi_schema(name):
    validate(name, examples()[name])


@pytest.mark.parametrize("name", ["Annotation", "Changes", "Error", "Reply", "Set"])
def test_example_has_the_fields_the_api_returns(live, name):
    validate(name, live[name])
    assert shape(examples()[name]) == shape(live[name])


def test_tombstones_and_live_annotations_have_url_ids(live):
    changes = live["Changes"]
    assert changes["deleted"] and changes["annotations"]
    for item in [*changes["deleted"], *changes["annotations"]]:
        assert item["id"].startswith(f"{BASE}/api/annotations/")


def test_the_error_example_is_the_message_the_api_gives(live):
    assert examples()["Error"] == live["Error"]


def test_shape_tells_different_fields_apart():
    """The comparison is not vacuous: a renamed or retyped field is a different shape."""
    assert shape({"a": 1}) != shape({"b": 1})
    assert shape({"a": 1}) != shape({"a": "1"})
    assert shape({"a": [{"b": 1}]}) != shape({"a": [{"b": 1, "c": 2}]})
