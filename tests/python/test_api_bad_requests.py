"""Bad requests beyond body validation: media types, sizes, credentials, roles, ETags, limits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from factories import assert_refused_unchanged, dump, payload

RLO = "\u202e"
ANNOTATIONS = "/api/sets/{set}/annotations"
NOTE = "/api/annotations/{note}"


def note_with(**changes: Any) -> dict[str, Any]:
    return payload("note", **changes)


CASES: list[tuple[str, str, str, Any, tuple[int, str, str | None]]] = [
    ("JSON NaN", "POST", "/api/sets", '{"title": NaN}', (400, "invalid_json", None)),
    ("not an object", "POST", "/api/sets", "[1, 2]", (400, "validation_error", None)),
    ("title wrong type", "POST", "/api/sets", {"title": 5}, (400, "validation_error", "title")),
    ("title empty", "POST", "/api/sets", {"title": "  "}, (400, "validation_error", "title")),
    (
        "title too long",
        "POST",
        "/api/sets",
        {"title": "x" * 201},
        (400, "validation_error", "title"),
    ),
    (
        "title RTL override",
        "POST",
        "/api/sets",
        {"title": f"evil{RLO}gpj.exe"},
        (400, "validation_error", "title"),
    ),
    (
        "description RTL override",
        "POST",
        "/api/sets",
        {"title": "fine", "description": f"evil{RLO}gpj.exe"},
        (400, "validation_error", "description"),
    ),
    (
        "description too long",
        "POST",
        "/api/sets",
        {"title": "t", "description": "d" * 5001},
        (400, "validation_error", "description"),
    ),
    (
        "visibility unknown",
        "POST",
        "/api/sets",
        {"title": "t", "visibility": "secret"},
        (400, "validation_error", "visibility"),
    ),
    (
        "set unknown field",
        "POST",
        "/api/sets",
        {"title": "t", "colour": "red"},
        (400, "unknown_field", "colour"),
    ),
    ("set patch empty", "PATCH", "/api/sets/{set}", {}, (400, "validation_error", None)),
    (
        "unknown annotation",
        "GET",
        "/api/annotations/doesNotExist0000",
        None,
        (404, "not_found", "annotation"),
    ),
    (
        "unknown set",
        "PATCH",
        "/api/sets/doesNotExist0000",
        {"title": "x"},
        (404, "not_found", "set"),
    ),
    (
        "unknown member",
        "PUT",
        "/api/sets/{set}/members/nobody",
        {"role": "viewer"},
        (404, "not_found", "username"),
    ),
    (
        "member role",
        "PUT",
        "/api/sets/{set}/members/vic",
        {"role": "admin"},
        (400, "validation_error", "role"),
    ),
    (
        "owner cannot be demoted",
        "PUT",
        "/api/sets/{set}/members/alice",
        {"role": "viewer"},
        (409, "conflict", "username"),
    ),
    (
        "owner cannot be removed",
        "DELETE",
        "/api/sets/{set}/members/alice",
        None,
        (409, "conflict", "username"),
    ),
    (
        "share link owner role",
        "POST",
        "/api/sets/{set}/share-links",
        {"role": "owner"},
        (400, "validation_error", "role"),
    ),
    (
        "unknown share link",
        "DELETE",
        "/api/sets/{set}/share-links/doesNotExist0000",
        None,
        (404, "not_found", "link"),
    ),
    ("unknown route", "GET", "/api/nothing-here", None, (404, "not_found", None)),
    ("wrong method", "PUT", "/api/sets", {"title": "x"}, (405, "method_not_allowed", None)),
    ("limit zero", "GET", ANNOTATIONS + "?limit=0", None, (400, "validation_error", "limit")),
    ("limit text", "GET", ANNOTATIONS + "?limit=ten", None, (400, "validation_error", "limit")),
    (
        "forged cursor",
        "GET",
        ANNOTATIONS + "?cursor=bm90IGpzb24",
        None,
        (400, "validation_error", "cursor"),
    ),
    (
        "uri not http",
        "GET",
        ANNOTATIONS + "?uri=file:///etc/passwd",
        None,
        (400, "validation_error", "uri"),
    ),
    ("kind filter", "GET", ANNOTATIONS + "?kind=rumour", None, (400, "validation_error", "kind")),
    (
        "unknown query parameter",
        "GET",
        ANNOTATIONS + "?colour=red",
        None,
        (400, "validation_error", "colour"),
    ),
    (
        "since negative",
        "GET",
        "/api/sets/{set}/changes?since=-1",
        None,
        (400, "validation_error", "since"),
    ),
    (
        "PUT changes read-only setVersion",
        "PUT",
        NOTE,
        note_with(setVersion=99),
        (400, "validation_error", "setVersion"),
    ),
    (
        "username taken",
        "POST",
        "/api/users",
        {"username": "ALICE", "password": "long enough"},
        (409, "conflict", "username"),
    ),
    (
        "username shape",
        "POST",
        "/api/users",
        {"username": "<script>", "password": "long enough"},
        (400, "validation_error", "username"),
    ),
    (
        "password short",
        "POST",
        "/api/users",
        {"username": "zed", "password": "short"},
        (400, "validation_error", "password"),
    ),
    (
        "wrong password",
        "POST",
        "/api/tokens",
        {"username": "alice", "password": "wrong one"},
        (401, "unauthorized", None),
    ),
    (
        "sign-in unknown field",
        "POST",
        "/api/tokens",
        {"username": "alice", "password": "x", "remember": True},
        (400, "unknown_field", "remember"),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [pytest.param(m, p, b, e, id=i) for i, m, p, b, e in CASES],
)
def test_bad_input_is_refused_and_changes_nothing(client, db, seeded, method, path, body, expected):
    assert_refused_unchanged(client, db, seeded, method, path, body, expected)


@pytest.mark.parametrize(
    ("headers", "body", "status", "code"),
    [
        ({"Content-Type": "text/plain"}, b'{"title": "x"}', 415, "unsupported_media_type"),
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"title=x",
            415,
            "unsupported_media_type",
        ),
        ({"Content-Type": "application/json"}, b'{"title": "\xff"}', 400, "invalid_json"),
        (
            {"Content-Type": "application/json"},
            json.dumps({"title": "x", "description": "d" * (1024 * 1024)}).encode(),
            413,
            "payload_too_large",
        ),
    ],
    ids=["text/plain", "form", "not UTF-8", "over 1 MiB"],
)
def test_bodies_that_are_not_small_json(client, db, seeded, headers, body, status, code):
    before = dump(db)
    response = client.post("/api/sets", data=body, headers={**seeded["owner"].headers, **headers})
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert dump(db) == before


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer fn_not-a-real-token",
        "Bearer fns_not-a-real-token",
        "Bearer ",
        "Basic YTpi",
        "Bearer something-else",
    ],
    ids=["unknown API token", "unknown share token", "empty", "basic auth", "no prefix"],
)
def test_bad_credentials_get_401(client, db, seeded, authorization):
    before = dump(db)
    response = client.get(f"/api/sets/{seeded['set']}", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert dump(db) == before


def test_revoked_token_gets_401(client, db, seeded):
    headers = seeded["owner"].headers
    assert client.delete("/api/tokens/current", headers=headers).status_code == 204
    before = dump(db)
    response = client.post("/api/sets", json={"title": "x"}, headers=headers)
    assert response.status_code == 401
    assert dump(db) == before


def test_viewer_write_gets_403(client, db, seeded):
    before = dump(db)
    response = client.post(
        f"/api/sets/{seeded['set']}/annotations",
        json=payload("note"),
        headers=seeded["viewer"].headers,
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert dump(db) == before


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_stale_if_match_gets_412_and_changes_nothing(client, db, seeded, method):
    url = f"/api/annotations/{seeded['note']}"
    headers = seeded["owner"].headers
    old = client.get(url, headers=headers).headers["ETag"]
    assert client.patch(url, json={"tags": ["new"]}, headers=headers).status_code == 200
    before = dump(db)
    body = (
        None
        if method == "DELETE"
        else {"verdict": "false"}
        if method == "PATCH"
        else (payload("note"))
    )
    response = client.open(url, method=method, json=body, headers={**headers, "If-Match": old})
    assert response.status_code == 412
    assert response.json["error"]["code"] == "precondition_failed"
    assert dump(db) == before


def test_too_many_sign_in_attempts_get_429(app, client, db, seeded):
    limit = app.config["SIGN_IN_LIMIT"]
    for _ in range(limit):
        r = client.post("/api/tokens", json={"username": "alice", "password": "guess guess"})
        assert r.status_code == 401
    before = dump(db)
    # Even the right password is refused until the window passes.
    r = client.post("/api/tokens", json={"username": "alice", "password": "correct horse battery"})
    assert r.status_code == 429
    assert r.json["error"]["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    assert dump(db) == before


def test_hostile_text_is_stored_as_text_and_returned_verbatim(client, seeded):
    hostile = (
        '<script>alert("x")</script><img src=x onerror=alert(1)> '
        f"{RLO}txt.exe \u200f\u0645\u0631\u062d\u0628\u0627 '; DROP TABLE annotations; --"
    )
    # The quote is copied from the page and kept exact, overrides and all; the body is written
    # by a person, where an override is refused (like every free-text field).
    written = hostile.replace(RLO, "")
    data = payload("note", body={"value": written})
    data["target"]["selector"][0]["exact"] = hostile
    r = client.post(
        f"/api/sets/{seeded['set']}/annotations", json=data, headers=seeded["owner"].headers
    )
    assert r.status_code == 201
    assert r.json["body"][0]["value"] == written
    assert r.json["target"]["selector"][0]["exact"] == hostile
    # The text is searchable and the table is still there.
    found = client.get(
        f"/api/sets/{seeded['set']}/annotations",
        query_string={"q": "DROP"},
        headers=seeded["owner"].headers,
    )
    assert [a["id"] for a in found.json["annotations"]] == [r.json["id"]]


def test_search_syntax_in_q_is_just_text(client, seeded):
    for q in ['"', "a OR", "NEAR(", "*", "body:x", "-"]:
        r = client.get(
            f"/api/sets/{seeded['set']}/annotations",
            query_string={"q": q},
            headers=seeded["owner"].headers,
        )
        assert r.status_code == 200, q


def test_registration_can_be_switched_off(app, client, db):
    app.config["REGISTRATION"] = False
    before = dump(db)
    r = client.post("/api/users", json={"username": "zed", "password": "long enough"})
    assert r.status_code == 403
    assert dump(db) == before
