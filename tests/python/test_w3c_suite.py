"""The W3C protocol test suite's MUST and SHOULD checks, against a real server on loopback.

The checks follow web-platform-tests `annotation-protocol/server/server-manual.html` (container
and annotation headers, representations, paging, creation, update, deletion, Prefer), run over
real HTTP with an editor's share link, the way a client outside the service would see it.
"""

from __future__ import annotations

import re
import uuid

import pytest
from factories import make_set, make_share, make_user
from loopback import request, serving

MEDIA_TYPE_RE = re.compile(r"application/ld\+json")
CONTAINER_TYPE_RE = re.compile(
    r"<http://www.w3.org/ns/(ldp#BasicContainer|oa#AnnotationCollection)>; *rel=\"type\""
)
RESOURCE_TYPE_RE = re.compile(r"<http://www.w3.org/ns/ldp#Resource>; *rel=\"type\"")
CONSTRAINED_RE = re.compile(
    r"<http://www.w3.org/TR/annotation-protocol/>; *"
    r"rel=\"http://www.w3.org/ns/ldp#constrainedBy\""
)


@pytest.fixture
def server(app, db):
    """The app on a real loopback port, with a public set of three annotations."""
    app.config["W3C_PAGE_SIZE"] = 2
    owner = make_user(db, "owner")
    found = make_set(db, "owner", title="Suite", visibility="public")
    editor = make_share(db, found["id"], "editor")
    with serving(app) as base:
        yield {"base": base, "set": found, "editor": editor, "owner": owner}


def create(server, body):
    headers = {"Content-Type": "application/ld+json", **server["editor"].headers}
    container = f"{server['base']}/w3c/sets/{server['set']['id']}/"
    return request("POST", container, headers, body)


def test_protocol_suite_musts_and_shoulds(server):
    container = f"{server['base']}/w3c/sets/{server['set']['id']}/"
    assert container.endswith("/")
    for i in range(3):
        create(
            server,
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "type": "Annotation",
                "bodyValue": f"n{i}",
                "target": f"https://e.com/{i}",
            },
        )

    status, headers, body = request("GET", container)
    assert status == 200
    for method in ("GET", "HEAD", "OPTIONS"):
        assert method in headers["allow"]
    assert MEDIA_TYPE_RE.search(headers["content-type"])
    assert "BasicContainer" in body["type"] and "AnnotationCollection" in body["type"]
    assert headers["link"] and headers["etag"]
    assert "Accept" in headers["vary"]
    assert CONTAINER_TYPE_RE.search(headers["link"])
    assert CONSTRAINED_RE.search(headers["link"])
    assert request("HEAD", container)[0] == 200
    assert request("OPTIONS", container)[0] == 200
    assert headers["content-location"] == body["id"]

    first = request("GET", body["first"])[2]
    assert "partOf" in first and first["partOf"]["id"] == body["id"]
    assert "next" in first
    last = request("GET", body["last"])[2]
    assert "prev" in last
    annotation_url = first["items"][0]["id"]

    status, headers, _ = request("GET", annotation_url)
    assert status == 200
    for method in ("GET", "HEAD", "OPTIONS"):
        assert method in headers["allow"]
    assert MEDIA_TYPE_RE.search(headers["content-type"])
    assert RESOURCE_TYPE_RE.search(headers["link"])
    assert headers["etag"]
    assert "Accept" in headers["vary"]
    assert request("HEAD", annotation_url)[0] == 200
    assert request("OPTIONS", annotation_url)[0] == 200

    the_annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "I like this page!"},
        "target": "http://www.example.com/index.html",
        "canonical": f"urn:uuid:{uuid.uuid4()}",
    }
    status, headers, created = create(server, the_annotation)
    assert status == 201
    assert created["id"].startswith(container)
    assert created["canonical"] == the_annotation["canonical"]
    assert headers["location"] == created["id"]

    changed = dict(created, target="http://other.example/")
    put_headers = {"Content-Type": "application/ld+json", **server["editor"].headers}
    status, _, updated = request("PUT", created["id"], put_headers, changed)
    assert status == 200
    assert updated["target"] == "http://other.example/"
    status, _, _ = request("DELETE", created["id"], server["editor"].headers)
    assert status == 204

    prefer = 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
    status, headers, minimal = request("GET", container, {"Prefer": prefer})
    assert all(key in minimal for key in ("total", "first", "last"))
    assert "items" not in minimal and "ldp:contains" not in minimal
    assert "Prefer" in headers["vary"]
    assert "prefer" not in headers
    page = request("GET", minimal["first"])[2]
    assert all("@context" in item for item in page["items"])


def test_writes_need_credentials_over_http(server):
    container = f"{server['base']}/w3c/sets/{server['set']['id']}/"
    status, headers, _ = request(
        "POST",
        container,
        {"Content-Type": "application/ld+json"},
        {"type": "Annotation", "target": "https://e.com/"},
    )
    assert status == 401
    assert "bearer" in headers["www-authenticate"].lower()
