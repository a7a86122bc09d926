"""Threads survive interchange: W3C export and re-import, the protocol container, Hypothesis
exports with replies in any order, and the Markdown export."""

from __future__ import annotations

import json

import pytest
from factories import make_annotation, make_set, make_user

from footnote import store
from footnote.formats.exporter import export_set
from footnote.formats.importer import plan_import, run_import
from footnote.validation import validate_annotation

BASE = "http://localhost"


def _reply(db, set_id: str, parent_iri: str, text: str) -> dict:
    item = {"motivation": "replying", "body": {"value": text}, "target": parent_iri}
    return store.create_annotation(db, set_id, validate_annotation(item), None)


@pytest.fixture
def thread(db) -> dict:
    """A label with a reply and a reply to that reply."""
    make_user(db, "alice")
    target = make_set(db, "alice", title="Threads", visibility="public")
    label = make_annotation(db, target["id"], "claim")
    first = _reply(db, target["id"], f"{BASE}/api/annotations/{label['id']}", "First reply")
    nested_target = f"{BASE}/w3c/sets/{target['id']}/{first['id']}"
    second = _reply(db, target["id"], nested_target, "Second, nested")
    return {"set": target["id"], "label": label, "first": first, "second": second}


def test_w3c_export_names_parents_by_container_iri_and_reimports_as_threads(db, thread):
    doc = json.loads(export_set(db, thread["set"], "w3c", BASE).text)
    items = {i["id"]: i for page in [doc["first"]] for i in page["items"]}
    container = f"{BASE}/w3c/sets/{thread['set']}/"
    first = items[container + thread["first"]["id"]]
    assert first["motivation"] == "replying"
    assert first["target"] == container + thread["label"]["id"]
    assert items[container + thread["second"]["id"]]["target"] == first["id"]

    copy = make_set(db, "alice", title="Copy")
    # Replies listed before their parents still thread.
    doc["first"]["items"].reverse()
    plan = plan_import(json.dumps(doc))
    assert plan.summary()["replies"] == 2 and plan.summary()["threads"] == 1
    summary = run_import(db, copy["id"], plan, None)
    records = {
        store.get_annotation(db, i)["body_text"]: store.get_annotation(db, i)
        for i in summary["ids"]
    }
    first_copy = records["First reply"]
    label_copy = next(r for r in records.values() if r["kind"] == "claim")
    assert first_copy["reply_to"] == label_copy["id"]
    assert records["Second, nested"]["reply_to"] == first_copy["id"]


def test_a_reply_to_an_annotation_elsewhere_is_refused_or_skipped(db, thread):
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "replying",
        "body": {"type": "TextualBody", "value": "Orphan"},
        "target": "https://elsewhere.example/annotations/42",
    }
    with pytest.raises(Exception, match="neither in this file nor in this service"):
        plan_import(json.dumps(doc))
    plan = plan_import(
        json.dumps([doc, {**doc, "motivation": "commenting", "target": "https://a.example/"}]),
        skip_unsupported=True,
    )
    assert len(plan.internals) == 1 and plan.skipped[0].index == 0


def test_the_container_takes_a_reply_and_serves_it(client, db, thread):
    alice = make_user(db, "alicia")
    store.put_member(db, thread["set"], "alicia", "editor")
    container = f"/w3c/sets/{thread['set']}/"
    body = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "replying",
        "body": {"type": "TextualBody", "value": "Via the protocol"},
        "target": f"{BASE}{container}{thread['label']['id']}",
    }
    r = client.post(
        container, json=body, headers={**alice.headers, "Content-Type": "application/ld+json"}
    )
    assert r.status_code == 201, r.get_data(as_text=True)
    served = client.get(r.headers["Location"].replace(BASE, "")).json
    assert served["motivation"] == "replying"
    assert served["target"] == f"{BASE}{container}{thread['label']['id']}"


def test_hypothesis_replies_before_their_parent_thread_in_references_order(db):
    make_user(db, "alice")
    target = make_set(db, "alice", title="H")
    root = {
        "id": "root1",
        "uri": "https://example.com/a",
        "text": "Root note",
        "target": [{"source": "https://example.com/a"}],
    }
    reply = {**root, "id": "reply1", "text": "A reply", "references": ["root1"]}
    deeper = {**root, "id": "reply2", "text": "Deeper", "references": ["root1", "reply1"]}
    plan = plan_import(json.dumps([deeper, reply, root]), "hypothesis")
    assert [i["body_text"] for i in plan.internals] == ["Root note", "A reply", "Deeper"]
    summary = run_import(db, target["id"], plan, None)
    assert (summary["replies"], summary["threads"]) == (2, 1)
    stored = [store.get_annotation(db, i) for i in summary["ids"]]
    assert stored[1]["reply_to"] == stored[0]["id"] and stored[2]["reply_to"] == stored[1]["id"]


def test_markdown_puts_replies_under_their_annotation(db, thread):
    text = export_set(db, thread["set"], "markdown", BASE).text
    assert "- **Reply**: First reply" in text
    assert "  - **Reply**: Second, nested" in text
    assert text.index("First reply") < text.index("Second, nested")
