"""Protocol conformance over real loopback HTTP: ETags per media type, pages that are not
containers, OPTIONS without HTML, ids that do not follow the Host header, and a client that
speaks only application/json doing every operation."""

from __future__ import annotations

import pytest
from factories import make_set, make_share, make_user
from loopback import request, serving

NOTE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "Annotation",
    "bodyValue": "Only JSON here.",
    "target": "https://example.com/page",
}


@pytest.fixture
def server(app, db):
    app.config["W3C_PAGE_SIZE"] = 2
    make_user(db, "owner")
    found = make_set(db, "owner", title="Conformance", visibility="public")
    editor = make_share(db, found["id"], "editor")
    with serving(app) as base:
        yield {
            "base": base,
            "container": f"{base}/w3c/sets/{found['id']}/",
            "editor": editor,
            "set": found,
        }


def json_only(server, **more):
    return {
        "Accept": "application/json",
        "Content-Type": "application/json",
        **server["editor"].headers,
        **more,
    }


def test_a_client_that_speaks_only_json_reads_creates_updates_and_deletes(server):
    headers = json_only(server)
    status, created_headers, created = request("POST", server["container"], headers, NOTE)
    assert status == 201
    assert created_headers["content-type"].startswith("application/json")
    iri = created["id"]
    status, got_headers, got = request("GET", iri, headers)
    assert status == 200
    assert got_headers["content-type"].startswith("application/json")
    # The POST's ETag and the GET's ETag name the same representation.
    assert created_headers["etag"] == got_headers["etag"]
    assert request("GET", iri, {**headers, "If-None-Match": got_headers["etag"]})[0] == 304
    changed = dict(got, bodyValue="Changed.")
    status, put_headers, updated = request(
        "PUT", iri, {**headers, "If-Match": got_headers["etag"]}, changed
    )
    assert status == 200, updated
    assert updated["bodyValue"] == "Changed."
    assert put_headers["etag"].endswith('-json"')
    # The old ETag is stale now, in either form.
    stale = got_headers["etag"]
    assert request("PUT", iri, {**headers, "If-Match": stale}, changed)[0] == 412
    assert request("DELETE", iri, {**headers, "If-Match": stale})[0] == 412
    assert request("DELETE", iri, {**headers, "If-Match": put_headers["etag"]})[0] == 204
    assert request("GET", iri, headers)[0] == 404


def test_if_match_accepts_the_etag_of_either_representation(server):
    headers = {"Content-Type": "application/ld+json", **server["editor"].headers}
    _status, _h, created = request("POST", server["container"], headers, NOTE)
    ld_etag = request("GET", created["id"])[1]["etag"]
    json_etag = request("GET", created["id"], {"Accept": "application/json"})[1]["etag"]
    assert ld_etag != json_etag  # different bytes, different strong validators (Vary: Accept)
    status, h, _ = request("PUT", created["id"], {**headers, "If-Match": json_etag}, created)
    assert status == 200
    assert request("DELETE", created["id"], {**headers, "If-Match": h["etag"]})[0] == 204


def test_pages_are_not_containers(server):
    for i in range(3):
        request("POST", server["container"], json_only(server), dict(NOTE, bodyValue=str(i)))
    page = server["container"] + "?page=0"
    status, headers, body = request("GET", page)
    assert status == 200 and body["type"] == "AnnotationPage"
    assert "BasicContainer" not in headers["link"]
    assert "ldp#Resource" in headers["link"]
    assert "accept-post" not in headers
    assert "POST" not in headers["allow"]
    status, headers, _ = request("OPTIONS", page)
    assert status == 200
    assert "BasicContainer" not in headers["link"] and "accept-post" not in headers
    status, headers, error = request("POST", page, json_only(server), NOTE)
    assert status == 405
    assert error["error"]["code"] == "method_not_allowed"
    assert "POST" not in headers["allow"]
    assert request("GET", server["container"])[2]["total"] == 3  # nothing was created


def test_options_answers_have_no_html_content_type(server):
    _s, _h, created = request("POST", server["container"], json_only(server), NOTE)
    for url in (server["container"], server["container"] + "?page=0", created["id"]):
        status, headers, _ = request("OPTIONS", url)
        assert status == 200
        assert "text/html" not in headers.get("content-type", ""), url
        assert "allow" in headers


def test_ids_do_not_follow_the_host_header_without_a_configured_base(app, db):
    make_user(db, "owner")
    found = make_set(db, "owner", title="Hosts", visibility="public")
    editor = make_share(db, found["id"], "editor")
    app.config["BASE_URL"] = None
    with serving(app, set_base_url=False) as base:
        container = f"{base}/w3c/sets/{found['id']}/"
        headers = {"Content-Type": "application/json", **editor.headers}
        _s, _h, created = request("POST", container, headers, NOTE)
        assert created["id"].startswith(base)
        path = created["id"][len(base) :]
        for host in ("proxy.example", "evil.example:8080"):
            _s, _h, seen = request("GET", base + path, {"Host": host})
            assert seen["id"] == created["id"], host
        listing = request("GET", container, {"Host": "proxy.example"})[2]
        assert listing["id"] == container
