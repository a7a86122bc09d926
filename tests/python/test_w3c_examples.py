"""All 41 examples of the Web Annotation Data Model Recommendation are stored and served back
without loss (URDNA2015 N-Quads) through import, the JSON API and the protocol container."""

from __future__ import annotations

import json

import pytest
from factories import make_set, make_user
from w3c_rdf import SHARED_W3C, as_original, load_example, nquads, offline_contexts

from footnote.api.interchange import interchange_bp

pytestmark = pytest.mark.skipif(
    not (SHARED_W3C / "examples").is_dir(), reason=f"no W3C examples at {SHARED_W3C}"
)
EXAMPLES = range(1, 42)
LD = "application/ld+json"


@pytest.fixture(scope="module", autouse=True)
def offline():
    with offline_contexts():
        yield


@pytest.fixture
def app(app):
    if "api_interchange" not in app.blueprints:
        app.register_blueprint(interchange_bp, url_prefix="/api")
    return app


@pytest.fixture
def alice(db):
    return make_user(db, "alice")


@pytest.fixture
def desk(db, alice):
    return make_set(db, "alice", title="Examples", visibility="public")


def path_of(iri):
    return "/" + iri.split("/", 3)[3]


def same_graph(served, original):
    assert nquads(as_original(served, original)) == nquads(original)


@pytest.mark.parametrize("number", EXAMPLES)
def test_import_then_export_through_the_api(client, alice, desk, number):
    original = load_example(number)
    imported = client.post(
        f"/api/sets/{desk['id']}/import?format=w3c",
        data=json.dumps(original),
        headers={"Content-Type": "application/json", **alice.headers},
    )
    assert imported.status_code == 201, imported.json
    exported = client.get(f"/api/sets/{desk['id']}/export?format=w3c").get_json(force=True)
    [item] = exported["first"]["items"]
    same_graph({"@context": exported["@context"], **item}, original)


@pytest.mark.parametrize("number", EXAMPLES)
def test_post_then_get_through_the_container(client, alice, desk, number):
    original = load_example(number)
    created = client.post(
        f"/w3c/sets/{desk['id']}/",
        data=json.dumps(original),
        headers={"Content-Type": LD, **alice.headers},
    )
    assert created.status_code == 201, created.json
    same_graph(created.json, original)
    same_graph(client.get(path_of(created.json["id"])).json, original)


@pytest.mark.parametrize("number", EXAMPLES)
def test_read_and_put_back_through_the_json_api_loses_nothing(client, alice, desk, number):
    original = load_example(number)
    created = client.post(
        f"/w3c/sets/{desk['id']}/",
        data=json.dumps(original),
        headers={"Content-Type": LD, **alice.headers},
    ).json
    annotation_id = created["id"].rsplit("/", 1)[1]
    wire = client.get(f"/api/annotations/{annotation_id}", headers=alice.headers).json
    put = client.put(f"/api/annotations/{annotation_id}", json=wire, headers=alice.headers)
    assert put.status_code == 200, put.json
    assert put.json.get("placeable") == wire.get("placeable")
    same_graph(client.get(path_of(created["id"])).json, original)
