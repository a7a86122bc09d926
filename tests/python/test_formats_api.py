"""POST /api/sets/<id>/import and GET /api/sets/<id>/export against the real app and database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from factories import make_set, make_share, make_user

from footnote import store
from footnote.api.interchange import interchange_bp

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
ANNO = "http://www.w3.org/ns/anno.jsonld"


@pytest.fixture
def app(app):
    # create_app does not register the interchange blueprint yet; the tests do.
    if "api_interchange" not in app.blueprints:
        app.register_blueprint(interchange_bp, url_prefix="/api")
    return app


@pytest.fixture
def alice(db):
    return make_user(db, "alice")


@pytest.fixture
def desk(db, alice):
    return make_set(db, "alice", title="Fact desk", visibility="public")


def upload(client, caller, set_id, name, fmt=None):
    query = f"?format={fmt}" if fmt else ""
    return client.post(
        f"/api/sets/{set_id}/import{query}",
        data=(FIXTURES / name).read_bytes(),
        headers={"Content-Type": "application/octet-stream", **caller.headers},
    )


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("hypothesis_export.json", "hypothesis", 4),
        ("hypothesis_search.json", "hypothesis", 2),
        ("claimreview_feed.json", "claimreview", 3),
        ("claimreview_graph.json", "claimreview", 2),
        ("factcheck_article.html", "claimreview", 1),
    ],
)
def test_import_each_format(client, db, alice, desk, name, fmt, count):
    response = upload(client, alice, desk["id"], name)
    assert response.status_code == 201, response.json
    assert response.json["format"] == fmt
    assert response.json["imported"] == count
    assert len(store.list_all(db, desk["id"])) == count
    # One transaction, one set version for the whole file.
    assert store.get_set(db, desk["id"])["version"] == 1


def test_bad_record_imports_nothing_and_names_it(client, db, alice, desk):
    response = upload(client, alice, desk["id"], "w3c_bad_record.json")
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("record 2 (id https://annotations.example.org/a3)")
    assert error["field"] == "records[2].target"
    assert store.list_all(db, desk["id"]) == []
    assert store.get_set(db, desk["id"])["version"] == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [("not_json.txt", "not valid JSON"), ("wrong_shape.json", "cannot tell")],
)
def test_bad_files_get_clear_errors(client, alice, desk, name, message):
    response = upload(client, alice, desk["id"], name)
    assert response.status_code == 400
    assert message in response.json["error"]["message"]


def test_import_as_multipart_form_with_named_format(client, db, alice, desk):
    data = {
        "file": (io.BytesIO((FIXTURES / "hypothesis_search.json").read_bytes()), "h.json"),
        "format": "hypothesis",
    }
    response = client.post(
        f"/api/sets/{desk['id']}/import",
        data=data,
        content_type="multipart/form-data",
        headers=alice.headers,
    )
    assert response.status_code == 201
    assert response.json["imported"] == 2


def test_import_larger_than_api_bodies_is_allowed_but_bounded(app, client, alice, desk):
    rows = [
        {
            "id": f"h{i}",
            "uri": f"https://example.com/page/{i}",
            "text": "x" * 2000,
            "user": "acct:alice@hypothes.is",
            "target": [{"source": f"https://example.com/page/{i}"}],
        }
        for i in range(700)
    ]
    raw = json.dumps({"rows": rows}).encode()
    assert len(raw) > app.config["MAX_CONTENT_LENGTH"]
    ok = client.post(f"/api/sets/{desk['id']}/import", data=raw, headers=alice.headers)
    assert ok.status_code == 201
    app.config["IMPORT_MAX_CONTENT_LENGTH"] = 1000
    too_big = client.post(f"/api/sets/{desk['id']}/import", data=raw, headers=alice.headers)
    assert too_big.status_code == 413


def test_import_needs_editor(client, db, alice, desk):
    viewer = make_share(db, desk["id"], "viewer")
    assert upload(client, viewer, desk["id"], "hypothesis_search.json").status_code == 403
    editor = make_share(db, desk["id"], "editor")
    assert upload(client, editor, desk["id"], "hypothesis_search.json").status_code == 201
    private = make_set(db, "alice", title="Private")
    bob = make_user(db, "bob")
    assert upload(client, bob, private["id"], "hypothesis_search.json").status_code == 404


def test_unknown_format_parameter(client, alice, desk):
    response = upload(client, alice, desk["id"], "hypothesis_search.json", fmt="csv")
    assert response.status_code == 400
    assert response.json["error"]["field"] == "format"


def test_export_w3c_is_a_static_collection_with_conditional_get(client, alice, desk):
    upload(client, alice, desk["id"], "claimreview_feed.json")
    upload(client, alice, desk["id"], "hypothesis_export.json")
    response = client.get(f"/api/sets/{desk['id']}/export?format=w3c")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert response.headers["Cache-Control"] == "public, max-age=60"
    doc = response.json
    assert doc["type"] == "AnnotationCollection"
    assert doc["label"] == "Fact desk"
    assert doc["total"] == 7  # with the Hypothesis reply
    items = doc["first"]["items"]
    claims = [i for i in items if i["kind"] == "claim"]
    assert {c["target"]["selector"]["type"] for c in claims} == {"ClaimPatternSelector"}
    assert doc["@context"][1].endswith("/ns/footnote.jsonld")
    again = client.get(
        f"/api/sets/{desk['id']}/export?format=w3c",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_export_claimreview_round_trips_imported_reviews(client, alice, desk, db):
    upload(client, alice, desk["id"], "claimreview_feed.json")
    response = client.get(f"/api/sets/{desk['id']}/export?format=claimreview")
    feed = response.json
    assert feed["@type"] == "DataFeed"
    reviews = [item["item"][0] for item in feed["dataFeedElement"]]
    original = json.loads((FIXTURES / "claimreview_feed.json").read_text())
    first = original["dataFeedElement"][0]["item"][0]
    assert reviews[0] == first  # unedited: the original review, verbatim
    other = make_set(db, "alice", title="Copy")
    reimport = client.post(
        f"/api/sets/{other['id']}/import", data=response.data, headers=alice.headers
    )
    assert reimport.status_code == 201
    assert reimport.json["imported"] == 3


def test_export_claimreview_of_native_label(client, alice, desk):
    label = {
        "target": {
            "selector": {
                "type": "ClaimPatternSelector",
                "all": [["llama 4"], ["open source", "open-source"]],
            }
        },
        "verdict": "misleading",
        "body": {"type": "TextualBody", "value": "The licence is not OSI-approved."},
        "sources": [{"id": "https://opensource.org/ai", "title": "OSI"}],
    }
    created = client.post(f"/api/sets/{desk['id']}/annotations", json=label, headers=alice.headers)
    assert created.status_code == 201
    feed = client.get(f"/api/sets/{desk['id']}/export?format=claimreview").json
    [item] = feed["dataFeedElement"]
    review = item["item"][0]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Claims that mention “llama 4” together with “open source”"
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["reviewRating"]["ratingValue"] == 2
    assert review["url"] == "https://opensource.org/ai"
    assert review["reviewBody"] == "The licence is not OSI-approved."
    assert review["author"] == {"@type": "Person", "name": "alice"}


def test_export_markdown_reads_on_its_own(client, alice, desk):
    upload(client, alice, desk["id"], "claimreview_feed.json")
    upload(client, alice, desk["id"], "hypothesis_export.json")
    response = client.get(f"/api/sets/{desk['id']}/export?format=markdown&download=1")
    assert response.headers["Content-Type"].startswith("text/markdown")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("# Fact desk\n")
    assert "## Claim labels" in text
    assert "### Misleading: “Meta's Llama 4 is an open\\-source AI model”" not in text
    assert "### Misleading: “Meta's Llama 4 is an open-source AI model”" in text
    assert "## Notes" in text
    assert "> the open-source Llama 4 model family" in text
    assert "- [No, Llama 4 is not open source](<https://factcheck.example.org/" in text


def test_export_of_private_set_is_private(client, db, alice):
    private = make_set(db, "alice", title="Private")
    assert client.get(f"/api/sets/{private['id']}/export").status_code == 404
    response = client.get(f"/api/sets/{private['id']}/export", headers=alice.headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_import_can_skip_unsupported_records(client, db, alice, desk):
    doc = [
        {"@context": ANNO, "type": "Annotation", "bodyValue": "kept", "target": "https://e.com/"},
        {
            "@context": ANNO,
            "id": "urn:x:2",
            "type": "Annotation",
            "target": "file:///home/me/notes.pdf",
        },
    ]
    strict = client.post(f"/api/sets/{desk['id']}/import", json=doc, headers=alice.headers)
    assert strict.status_code == 400
    lenient = client.post(
        f"/api/sets/{desk['id']}/import?skip=unsupported", json=doc, headers=alice.headers
    )
    assert lenient.status_code == 201
    assert lenient.json["imported"] == 1
    assert lenient.json["skipped"][0]["id"] == "urn:x:2"
    assert "not an http(s) URL" in lenient.json["skipped"][0]["reason"]
