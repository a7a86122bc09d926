"""Attribution you can trust (issue 11, point 6): the service sets `creator` from the caller;
an imported creator is an imported attribution, shown as such and never as a local account;
the W3C view, the exports and the Markdown byline agree with the API."""

from __future__ import annotations

import json

import pytest
from factories import make_set, make_share, make_user

ANNO = "http://www.w3.org/ns/anno.jsonld"
NOTE = {"@context": ANNO, "type": "Annotation", "bodyValue": "n", "target": "https://e.com/"}


@pytest.fixture
def alice(db):
    return make_user(db, "alice")


@pytest.fixture
def desk(db, alice):
    return make_set(db, "alice", title="Desk", visibility="public")


def post(client, caller, set_id, doc):
    return client.post(
        f"/w3c/sets/{set_id}/",
        data=json.dumps(doc),
        headers={"Content-Type": "application/ld+json", **caller.headers},
    )


def api_view(client, caller, created):
    return client.get(
        f"/api/annotations/{created['id'].rsplit('/', 1)[1]}", headers=caller.headers
    ).json


def test_an_editor_link_cannot_attribute_an_annotation_to_the_owner(client, db, desk):
    link = make_share(db, desk["id"], "editor")
    spoof = dict(NOTE, creator={"id": "http://localhost/users/alice", "name": "alice"})
    refused = post(client, link, desk["id"], spoof)
    assert refused.status_code == 400
    assert refused.json["error"]["field"] == "creator"
    created = post(client, link, desk["id"], NOTE).json
    expected = {"type": "Person", "name": "anonymous editor via link"}
    assert created["creator"] == expected
    assert api_view(client, link, created)["creator"] == expected
    markdown = client.get(f"/sets/{desk['id']}/export/markdown").get_data(as_text=True)
    assert "by anonymous editor via link" in markdown
    assert "by alice" not in markdown


def test_a_signed_in_caller_is_the_creator(client, alice, desk):
    created = post(client, alice, desk["id"], NOTE).json
    assert created["creator"]["id"] == "http://localhost/users/alice"
    assert api_view(client, alice, created)["creator"] == created["creator"]
    own = dict(NOTE, creator={"id": "http://localhost/users/alice"})
    assert post(client, alice, desk["id"], own).status_code == 201


def test_an_imported_creator_is_an_imported_attribution_everywhere(client, db, alice, desk):
    original = dict(NOTE, creator={"id": "acct:bob@hypothes.is", "type": "Person", "name": "bob"})
    created = post(client, alice, desk["id"], original).json
    assert created["creator"] == original["creator"]  # the W3C view keeps the original
    wire = api_view(client, alice, created)
    assert wire["importedCreator"] == original["creator"]
    assert wire["creator"]["name"] == "alice"  # who added it: a local account
    markdown = client.get(f"/sets/{desk['id']}/export/markdown").get_data(as_text=True)
    assert "by bob (imported attribution) · added by alice" in markdown
    page = client.get(f"/sets/{desk['id']}").get_data(as_text=True)
    assert "by bob (imported attribution)" in page
    assert "/users/bob" not in page  # never shown as a local account
