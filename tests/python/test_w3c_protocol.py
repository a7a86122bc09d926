"""The Web Annotation Protocol container: headers, paging, Prefer, CRUD with ETags, roles."""

from __future__ import annotations

import json

import pytest
from factories import make_set, make_share, make_user

from footnote.w3c.context import CONTEXT, REQUIRED_TERMS

LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
LDP_CONTAINER = '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"'
LDP_RESOURCE = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
CONSTRAINED = (
    '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
)
MINIMAL = 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
IRIS = 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"'
DESCRIPTIONS = 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedDescriptions"'
ANNOTATION = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "Annotation",
    "body": {"type": "TextualBody", "value": "I like this page!"},
    "target": "http://www.example.com/index.html",
    "canonical": "urn:uuid:6f1f2b6e-5b1a-4d5e-9a43-1f0c3a7f8e21",
}


@pytest.fixture
def app(app):
    app.config["W3C_PAGE_SIZE"] = 2
    return app


@pytest.fixture
def alice(db):
    return make_user(db, "alice")


@pytest.fixture
def public_set(db, alice):
    return make_set(db, "alice", title="Public desk", visibility="public")


def container(set_id):
    return f"/w3c/sets/{set_id}/"


def post(client, caller, set_id, doc=None, **headers):
    return client.post(
        container(set_id),
        data=json.dumps(doc or ANNOTATION),
        headers={"Content-Type": "application/ld+json", **caller.headers, **headers},
    )


def path_of(iri):
    return "/" + iri.split("/", 3)[3]


def test_context_document_defines_every_footnote_term(client):
    response = client.get("/ns/footnote.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.json == CONTEXT
    for term in REQUIRED_TERMS:
        assert term in response.json["@context"], term


def test_container_get_headers_and_description(client, public_set):
    response = client.get(container(public_set["id"]))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == LD
    assert LDP_CONTAINER in response.headers["Link"]
    assert CONSTRAINED in response.headers["Link"]
    for method in ("GET", "HEAD", "OPTIONS", "POST"):
        assert method in response.headers["Allow"]
    assert "Accept" in response.headers["Vary"]
    assert response.headers["ETag"]
    body = response.json
    assert body["type"] == ["BasicContainer", "AnnotationCollection"]
    assert response.headers["Content-Location"] == body["id"]
    assert body["id"].endswith(container(public_set["id"]))
    assert body["total"] == 0
    assert body["first"].endswith("?page=0")
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_container_head_and_options(client, public_set):
    head = client.head(container(public_set["id"]))
    assert head.status_code == 200
    assert head.data == b""
    options = client.options(container(public_set["id"]))
    assert options.status_code == 200
    assert "POST" in options.headers["Allow"]
    assert CONSTRAINED in options.headers["Link"]
    assert "application/ld+json" in options.headers["Accept-Post"]


def test_post_creates_with_location_etag_and_keeps_canonical(client, alice, public_set):
    response = post(client, alice, public_set["id"])
    assert response.status_code == 201
    body = response.json
    assert body["id"].startswith("http://localhost" + container(public_set["id"]))
    assert response.headers["Location"] == body["id"]
    assert response.headers["ETag"]
    assert LDP_RESOURCE in response.headers["Link"]
    assert body["canonical"] == ANNOTATION["canonical"]
    assert body["target"] == ANNOTATION["target"]
    assert body["body"] == ANNOTATION["body"]
    assert body["kind"] == "note"


def test_annotation_get_head_options(client, alice, public_set):
    iri = post(client, alice, public_set["id"]).json["id"]
    response = client.get(path_of(iri))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == LD
    assert LDP_RESOURCE in response.headers["Link"]
    for method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE"):
        assert method in response.headers["Allow"]
    assert "Accept" in response.headers["Vary"]
    assert client.head(path_of(iri)).status_code == 200
    assert client.options(path_of(iri)).status_code == 200
    etag = response.headers["ETag"]
    assert client.get(path_of(iri), headers={"If-None-Match": etag}).status_code == 304


def test_put_replaces_and_if_match_guards(client, alice, public_set):
    created = post(client, alice, public_set["id"])
    doc = created.json
    etag = created.headers["ETag"]
    doc["target"] = "http://other.example/"
    headers = {"Content-Type": "application/ld+json", **alice.headers}
    updated = client.put(path_of(doc["id"]), data=json.dumps(doc), headers=headers)
    assert updated.status_code == 200
    assert updated.json["target"] == "http://other.example/"
    assert updated.json["canonical"] == ANNOTATION["canonical"]
    assert updated.headers["ETag"] != etag
    stale = client.put(
        path_of(doc["id"]), data=json.dumps(doc), headers={**headers, "If-Match": etag}
    )
    assert stale.status_code == 412
    fresh = client.put(
        path_of(doc["id"]),
        data=json.dumps(doc),
        headers={**headers, "If-Match": updated.headers["ETag"]},
    )
    assert fresh.status_code == 200


def test_delete_returns_204_and_honours_if_match(client, alice, public_set):
    created = post(client, alice, public_set["id"])
    path = path_of(created.json["id"])
    assert client.delete(path, headers={**alice.headers, "If-Match": '"stale"'}).status_code == 412
    assert client.delete(path, headers=alice.headers).status_code == 204
    assert client.get(path).status_code == 404


def test_paging_first_last_next_prev_part_of(client, alice, public_set):
    for i in range(5):
        post(client, alice, public_set["id"], dict(ANNOTATION, target=f"https://e.com/{i}"))
    body = client.get(container(public_set["id"])).json
    assert body["total"] == 5
    first = client.get(path_of(body["first"]))
    page0 = first.json
    assert page0["type"] == "AnnotationPage"
    assert page0["partOf"]["id"] == body["id"]
    assert "prev" not in page0
    assert len(page0["items"]) == 2
    assert all("@context" in item for item in page0["items"])
    page1 = client.get(path_of(page0["next"])).json
    assert page1["prev"] == page0["id"]
    last = client.get(path_of(body["last"])).json
    assert "next" not in last
    assert "prev" in last
    assert last["startIndex"] == 4
    assert [i["target"] for p in (page0, page1, last) for i in p["items"]] == [
        f"https://e.com/{i}" for i in range(5)
    ]
    assert client.get(container(public_set["id"]) + "?page=9").status_code == 404


@pytest.mark.parametrize(
    ("prefer", "embedded", "iris"),
    [(MINIMAL, False, False), (IRIS, True, True), (DESCRIPTIONS, True, False)],
    ids=["minimal", "iris", "descriptions"],
)
def test_prefer_variants(client, alice, public_set, prefer, embedded, iris):
    post(client, alice, public_set["id"])
    response = client.get(container(public_set["id"]), headers={"Prefer": prefer})
    body = response.json
    assert "Prefer" in response.headers["Vary"]
    assert "Prefer" not in response.headers
    assert "items" not in body
    assert body["total"] == 1
    assert isinstance(body["first"], dict) is embedded
    assert response.headers["Content-Location"] == body["id"]
    if embedded:
        item = body["first"]["items"][0]
        assert isinstance(item, str) is iris
    if iris:
        assert body["id"].endswith("?iris=1")
    plain = client.get(container(public_set["id"]))
    assert plain.headers["ETag"] != response.headers["ETag"]


def test_accepts_plain_json(client, alice, public_set):
    response = post(client, alice, public_set["id"], **{"Content-Type": "application/json"})
    assert response.status_code == 201
    got = client.get(path_of(response.json["id"]), headers={"Accept": "application/json"})
    assert got.headers["Content-Type"].startswith("application/json")
    assert (
        client.post(
            container(public_set["id"]),
            data="x",
            headers={"Content-Type": "text/plain", **alice.headers},
        ).status_code
        == 415
    )


def test_unsupported_annotation_is_400_with_reason(client, alice, public_set):
    doc = dict(ANNOTATION, target="file:///home/me/notes.pdf")
    response = post(client, alice, public_set["id"], doc)
    assert response.status_code == 400
    assert "not an http(s) URL" in response.json["error"]["message"]


def test_several_targets_are_kept_and_each_placed(client, alice, public_set):
    doc = dict(ANNOTATION, target=["https://a.example/", "https://b.example/"])
    response = post(client, alice, public_set["id"], doc)
    assert response.status_code == 201
    assert response.json["target"] == doc["target"]
    assert "placeable" not in response.json
    api = client.get(f"/api/annotations/{response.json['id'].rsplit('/', 1)[-1]}")
    assert api.json["targets"] == [
        {"source": "https://a.example/"},
        {"source": "https://b.example/"},
    ]


def test_a_structural_selector_without_a_quote_is_kept_only(client, alice, public_set):
    target = {
        "source": "https://a.example/",
        "selector": {"type": "XPathSelector", "value": "/html/body/p[2]"},
    }
    response = post(client, alice, public_set["id"], dict(ANNOTATION, target=target))
    assert response.status_code == 201
    assert response.json["placeable"] is False
    assert "XPathSelector" in response.json["placeableReason"]


def test_roles_and_share_links(client, db, alice, public_set):
    bob = make_user(db, "bob")
    assert post(client, bob, public_set["id"]).status_code == 403
    anonymous = client.post(
        container(public_set["id"]),
        data=json.dumps(ANNOTATION),
        headers={"Content-Type": "application/ld+json"},
    )
    assert anonymous.status_code == 401
    private = make_set(db, "alice", title="Private")
    assert client.get(container(private["id"]), headers=bob.headers).status_code == 404
    viewer = make_share(db, private["id"], "viewer")
    editor = make_share(db, private["id"], "editor")
    assert client.get(container(private["id"]), headers=viewer.headers).status_code == 200
    assert post(client, viewer, private["id"]).status_code == 403
    created = post(client, editor, private["id"])
    assert created.status_code == 201
    got = client.get(path_of(created.json["id"]), headers=viewer.headers)
    assert got.headers["Cache-Control"] == "private, no-cache"
    # An annotation is only found in its own container.
    wrong = container(public_set["id"]) + created.json["id"].rsplit("/", 1)[1]
    assert client.get(wrong).status_code == 404


def test_round_trip_through_the_container_keeps_unmodelled_fields(client, alice, public_set):
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno14",
        "type": "Annotation",
        "creator": "http://example.org/user1",
        "created": "2015-01-28T12:00:00Z",
        "modified": "2015-01-29T09:00:00Z",
        "generator": "http://example.org/client1",
        "generated": "2015-02-04T12:00:00Z",
        "body": {"id": "http://example.net/review1", "created": "2014-06-02T17:00:00Z"},
        "target": "http://example.com/restaurant1",
    }
    body = post(client, alice, public_set["id"], doc).json
    for key in ("creator", "created", "modified", "generator", "generated", "body", "target"):
        assert body[key] == doc[key], key
    assert body["via"] == doc["id"]
