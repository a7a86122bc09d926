"""API details: write rate limit, CORS, round trips, conditional GETs, base URL."""

from __future__ import annotations

import pytest
from factories import dump, make_annotation, make_set, make_user, payload

CHROME = "chrome-extension://" + "abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://0b9c9f7e-1d2a-4c3b-9e8f-112233445566"


@pytest.fixture
def alice(db):
    return make_user(db, "alice")


def test_too_many_writes_get_429_and_change_nothing(app, client, db, alice):
    app.config["WRITE_LIMIT"] = 3
    target = make_set(db, "alice")
    url = f"/api/sets/{target['id']}/annotations"
    for _ in range(3):
        assert client.post(url, json=payload("note"), headers=alice.headers).status_code == 201
    before = dump(db)
    r = client.post(url, json=payload("note"), headers=alice.headers)
    assert r.status_code == 429
    assert r.json["error"]["code"] == "rate_limited" and int(r.headers["Retry-After"]) > 0
    assert dump(db) == before
    # Reads are not limited, and other callers keep their own budget.
    assert client.get(url, headers=alice.headers).status_code == 200
    bob = make_user(db, "bob")
    assert client.post("/api/sets", json={"title": "b"}, headers=bob.headers).status_code == 201


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [(CHROME, True), (FIREFOX, True), ("https://evil.example", False), ("null", False)],
    ids=["chrome extension", "firefox extension", "web page", "null origin"],
)
def test_cors_allows_extension_origins_only(client, origin, allowed):
    preflight = client.options(
        "/api/sets",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    simple = client.get("/api/openapi.json", headers={"Origin": origin})
    for response in (preflight, simple):
        assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_configured_origins_are_allowed(tmp_path, monkeypatch):
    from footnote import create_app

    monkeypatch.setenv("FOOTNOTE_CORS_ORIGINS", "https://tools.example, https://b.example")
    app = create_app({"DATABASE": str(tmp_path / "c.db"), "SECRET_KEY": "x"})
    response = app.test_client().get(
        "/api/openapi.json", headers={"Origin": "https://tools.example"}
    )
    assert response.headers.get("Access-Control-Allow-Origin") == "https://tools.example"
    # Exactly those origins: a longer one, or one that reads the dots as "any character", is
    # not let in, nor is an extension origin with something after its id.
    for origin in (
        "https://tools.example.evil.test",
        "https://toolsXexample",
        CHROME + ".evil.test",
        FIREFOX + "0",
    ):
        refused = app.test_client().get("/api/openapi.json", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in refused.headers, origin


def test_cached_sync_reads_vary_on_origin(client, db, alice):
    """nginx keeps public sync answers; a copy made for a request without Origin (no CORS
    header) must not be served to a web origin, so the answer varies on Origin either way."""
    public = make_set(db, "alice", visibility="public")
    for headers in ({}, {"Origin": CHROME}):
        response = client.get(f"/api/sets/{public['id']}/changes?since=0", headers=headers)
        assert response.status_code == 200
        assert "Origin" in response.headers["Vary"], headers
        assert response.headers["Cache-Control"].startswith("public")


def test_an_annotation_read_can_be_written_back_unchanged(client, db, alice):
    target = make_set(db, "alice")
    created = client.post(
        f"/api/sets/{target['id']}/annotations", json=payload("note"), headers=alice.headers
    ).json
    url = created["id"].replace("http://localhost", "")
    got = client.get(url, headers=alice.headers)
    put = client.put(url, json=got.json, headers=alice.headers | {"If-Match": got.headers["ETag"]})
    assert put.status_code == 200, put.json
    for key in ("body", "target", "document", "sources", "tags", "creator", "created"):
        assert put.json[key] == created[key], key
    assert put.json["setVersion"] == created["setVersion"] + 1


def test_patch_with_a_new_target_changes_the_kind(client, db, alice):
    target = make_set(db, "alice")
    note = make_annotation(db, target["id"], "note")
    r = client.patch(
        f"/api/annotations/{note['id']}",
        json={"target": payload("site")["target"]},
        headers=alice.headers,
    )
    assert r.status_code == 200, r.json
    assert (r.json["kind"], r.json["motivation"]) == ("site", "assessing")
    assert "document" not in r.json


def test_get_annotation_answers_304_when_unchanged(client, db, alice):
    target = make_set(db, "alice")
    note = make_annotation(db, target["id"], "note")
    url = f"/api/annotations/{note['id']}"
    etag = client.get(url, headers=alice.headers).headers["ETag"]
    assert client.get(url, headers=alice.headers | {"If-None-Match": etag}).status_code == 304


def test_public_changes_are_cacheable_private_ones_are_not(client, db, alice):
    public = make_set(db, "alice", visibility="public")
    private = make_set(db, "alice")
    r = client.get(f"/api/sets/{public['id']}/changes")
    assert r.headers["Cache-Control"] == "public, max-age=60"
    assert r.headers["ETag"] == f'"{public["id"]}-0"'
    r = client.get(f"/api/sets/{private['id']}/changes", headers=alice.headers)
    assert r.headers["Cache-Control"] == "private, no-cache"


def test_base_url_setting_shapes_ids(tmp_path, monkeypatch):
    from footnote import create_app

    monkeypatch.setenv("FOOTNOTE_BASE_URL", "https://notes.example/")
    app = create_app({"DATABASE": str(tmp_path / "b.db"), "SECRET_KEY": "x"})
    client = app.test_client()
    client.post("/api/users", json={"username": "zed", "password": "long enough"})
    token = client.post("/api/tokens", json={"username": "zed", "password": "long enough"})
    headers = {"Authorization": f"Bearer {token.json['token']}"}
    created = client.post("/api/sets", json={"title": "t"}, headers=headers).json
    assert created["url"] == f"https://notes.example/sets/{created['id']}"
    share = client.post(
        f"/api/sets/{created['id']}/share-links", json={"role": "viewer"}, headers=headers
    ).json
    assert share["url"].startswith("https://notes.example/s/fns_")


def test_session_cookies_do_not_authorise_the_api(app, client, db, alice):
    user_id = db.execute("SELECT id FROM users WHERE username = 'alice'").fetchone()[0]
    with client.session_transaction() as session:
        session["user_id"] = user_id
    assert client.get("/api/profile").status_code == 401
    assert client.post("/api/sets", json={"title": "csrf"}).status_code == 401


def test_a_bare_iri_target_makes_a_page_level_note(client, db, alice):
    target = make_set(db, "alice")
    r = client.post(
        f"/api/sets/{target['id']}/annotations",
        json={"target": "https://Example.com/page?utm_medium=x", "body": {"value": "Whole page"}},
        headers=alice.headers,
    )
    assert r.status_code == 201, r.json
    assert r.json["kind"] == "note"
    assert r.json["target"] == {"source": "https://example.com/page"}


@pytest.mark.parametrize("spelling", ['"{id}-{v}"', "{id}-{v}", 'W/"{id}-{v}"', '"x", "{id}-{v}"'])
def test_if_match_accepts_the_current_etag_however_quoted(client, db, alice, spelling):
    target = make_set(db, "alice")
    note = make_annotation(db, target["id"], "note")
    header = spelling.format(id=note["id"], v=note["set_version"])
    r = client.patch(
        f"/api/annotations/{note['id']}",
        json={"verdict": "false"},
        headers=alice.headers | {"If-Match": header},
    )
    assert r.status_code == 200


def test_cors_lets_protocol_clients_send_prefer_and_read_ldp_headers(client):
    """A browser-based Web Annotation Protocol client needs Prefer and the LDP response headers."""
    preflight = client.options(
        "/w3c/sets/any/",
        headers={
            "Origin": CHROME,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Prefer, If-None-Match",
        },
    )
    allowed = preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "prefer" in allowed and "if-none-match" in allowed
    exposed = client.get("/api/openapi.json", headers={"Origin": CHROME}).headers[
        "Access-Control-Expose-Headers"
    ]
    for header in ("ETag", "Link", "Allow", "Content-Location", "Preference-Applied"):
        assert header.lower() in exposed.lower()
