"""Authorisation matrix: every API route against every kind of caller, on a private set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from factories import (
    PASSWORD,
    Caller,
    dump,
    make_annotation,
    make_set,
    make_share,
    make_user,
    payload,
)

from footnote import store

PRINCIPALS = ("anonymous", "other", "viewer", "editor", "owner", "share-viewer", "share-editor")


@dataclass
class World:
    """A private set with members, share links and an annotation, and every caller."""

    callers: dict[str, Caller]
    set_id: str
    annotation_id: str
    label_id: str
    link_id: str
    owner_token_id: str
    title: str


@pytest.fixture
def world(db) -> World:
    owner = make_user(db, "alice")
    callers = {
        "anonymous": Caller("anonymous"),
        "other": make_user(db, "bob"),
        "viewer": make_user(db, "vic"),
        "editor": make_user(db, "eve"),
        "owner": owner,
    }
    make_user(db, "carol")
    title = "Secret desk plans"
    target = make_set(db, "alice", title=title, visibility="private")
    store.put_member(db, target["id"], "vic", "viewer")
    store.put_member(db, target["id"], "eve", "editor")
    callers["share-viewer"] = make_share(db, target["id"], "viewer")
    callers["share-editor"] = make_share(db, target["id"], "editor")
    link, _token = store.create_share_link(db, target["id"], "viewer", None)
    annotation = make_annotation(db, target["id"], "note")
    label = make_annotation(db, target["id"], "claim")
    vic = store.get_user_by_name(db, "vic")
    store.put_rating(db, annotation["id"], vic["id"], True, None)
    alice = store.get_user_by_name(db, "alice")
    extra_token, _plain = store.create_token(db, alice["id"], "spare")
    return World(
        callers, target["id"], annotation["id"], label["id"], link["id"], extra_token["id"], title
    )


def _(*codes: int) -> tuple[int, ...]:
    assert len(codes) == len(PRINCIPALS)
    return codes


# method, path, body, expected status per PRINCIPALS
# order:           anon other viewer editor owner s-view s-edit
ROUTES: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("GET", "/api/sets/{set}", None, _(404, 404, 200, 200, 200, 200, 200)),
    ("PATCH", "/api/sets/{set}", {"title": "New"}, _(404, 404, 403, 403, 200, 403, 403)),
    ("DELETE", "/api/sets/{set}", None, _(404, 404, 403, 403, 204, 403, 403)),
    ("GET", "/api/sets/{set}/members", None, _(404, 404, 200, 200, 200, 403, 403)),
    (
        "PUT",
        "/api/sets/{set}/members/carol",
        {"role": "viewer"},
        _(404, 404, 403, 403, 200, 403, 403),
    ),
    ("DELETE", "/api/sets/{set}/members/vic", None, _(404, 404, 403, 403, 204, 403, 403)),
    ("GET", "/api/sets/{set}/share-links", None, _(404, 404, 403, 403, 200, 403, 403)),
    (
        "POST",
        "/api/sets/{set}/share-links",
        {"role": "viewer"},
        _(404, 404, 403, 403, 201, 403, 403),
    ),
    ("DELETE", "/api/sets/{set}/share-links/{link}", None, _(404, 404, 403, 403, 204, 403, 403)),
    ("GET", "/api/sets/{set}/annotations", None, _(404, 404, 200, 200, 200, 200, 200)),
    ("POST", "/api/sets/{set}/annotations", "note", _(404, 404, 403, 201, 201, 403, 201)),
    ("GET", "/api/sets/{set}/changes", None, _(404, 404, 200, 200, 200, 200, 200)),
    ("GET", "/api/annotations/{annotation}", None, _(404, 404, 200, 200, 200, 200, 200)),
    ("PUT", "/api/annotations/{annotation}", "note", _(404, 404, 403, 200, 200, 403, 200)),
    (
        "PATCH",
        "/api/annotations/{annotation}",
        {"verdict": "false"},
        _(404, 404, 403, 200, 200, 403, 200),
    ),
    ("DELETE", "/api/annotations/{annotation}", None, _(404, 404, 403, 204, 204, 403, 204)),
    ("GET", "/api/profile", None, _(401, 200, 200, 200, 200, 403, 403)),
    ("GET", "/api/tokens", None, _(401, 200, 200, 200, 200, 403, 403)),
    ("DELETE", "/api/tokens/current", None, _(401, 204, 204, 204, 204, 403, 403)),
    ("DELETE", "/api/tokens/{token}", None, _(401, 404, 404, 404, 204, 403, 403)),
    (
        "PUT",
        "/api/users/me/password",
        {"currentPassword": PASSWORD, "newPassword": "another long password"},
        _(401, 200, 200, 200, 200, 403, 403),
    ),
    ("DELETE", "/api/users/me", {"password": PASSWORD}, _(401, 200, 200, 200, 200, 403, 403)),
    ("GET", "/api/sets", None, _(401, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/sets?public=1", None, _(200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/sets", {"title": "Mine"}, _(401, 201, 201, 201, 201, 403, 403)),
    ("POST", "/api/users", "registration", _(201, 201, 201, 201, 201, 201, 201)),
    (
        "POST",
        "/api/tokens",
        {"username": "carol", "password": "correct horse battery"},
        _(201, 201, 201, 201, 201, 201, 201),
    ),
    ("GET", "/api/share/{share}", None, _(200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/openapi.json", None, _(200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/sets/{set}/export", None, _(404, 404, 200, 200, 200, 200, 200)),
    # Talking back: replies (members and editor links), ratings and reports (signed-in readers),
    # the inbox and its actions (editors).
    (
        "POST",
        "/api/annotations/{annotation}/replies",
        "reply",
        _(404, 404, 201, 201, 201, 403, 201),
    ),
    ("PUT", "/api/annotations/{annotation}/rating", "rating", _(404, 404, 200, 201, 201, 403, 403)),
    ("GET", "/api/annotations/{annotation}/rating", None, _(404, 404, 200, 404, 404, 403, 403)),
    ("DELETE", "/api/annotations/{annotation}/rating", None, _(404, 404, 204, 404, 404, 403, 403)),
    ("POST", "/api/annotations/{label}/reports", "report", _(404, 404, 201, 201, 201, 403, 403)),
    ("GET", "/api/sets/{set}/reports", None, _(404, 404, 403, 200, 200, 403, 200)),
    (
        "POST",
        "/api/annotations/{label}/reports/actions",
        "action",
        _(404, 404, 403, 200, 200, 403, 200),
    ),
    ("POST", "/api/sets/{set}/import", "w3c", _(404, 404, 403, 201, 201, 403, 201)),
]
W3C_IMPORT = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "Annotation",
    "body": {"type": "TextualBody", "value": "Imported note"},
    "target": "https://example.com/imported",
}

CASES = [
    pytest.param(method, path, body, who, expected[i], id=f"{method} {path} as {who}")
    for method, path, body, expected in ROUTES
    for i, who in enumerate(PRINCIPALS)
]


def _body(body: Any, who: str) -> Any:
    if body == "note":
        return payload("note")
    if body == "w3c":
        return W3C_IMPORT
    if body == "reply":
        return {"body": {"type": "TextualBody", "value": "A reply"}}
    if body == "rating":
        return {"helpful": False, "reason": "outdated"}
    if body == "report":
        return {"url": "https://example.com/debunk", "sentence": "Llama is not open source."}
    if body == "action":
        return {"action": "exclude-url", "url": "https://example.com/debunk"}
    if body == "registration":
        return {"username": f"new-{who}", "password": "a long password"}
    return body


@pytest.mark.parametrize(("method", "path", "body", "who", "expected"), CASES)
def test_route_by_caller(client, db, world, method, path, body, who, expected):
    caller = world.callers[who]
    url = path.format(
        set=world.set_id,
        annotation=world.annotation_id,
        label=world.label_id,
        link=world.link_id,
        token=world.owner_token_id,
        share=world.callers["share-viewer"].token,
    )
    before = dump(db)
    response = client.open(url, method=method, json=_body(body, who), headers=caller.headers)
    assert response.status_code == expected, response.get_data(as_text=True)
    if expected >= 400:
        error = response.json["error"]
        assert error["code"] == {401: "unauthorized", 403: "forbidden", 404: "not_found"}[expected]
        # Refused requests change nothing and never show the private set's content.
        assert dump(db) == before
        assert world.title not in response.get_data(as_text=True)


def test_private_set_is_indistinguishable_from_a_missing_one(client, world):
    for who in ("anonymous", "other"):
        headers = world.callers[who].headers
        real = client.get(f"/api/sets/{world.set_id}/changes", headers=headers)
        missing = client.get("/api/sets/doesNotExist0000/changes", headers=headers)
        assert (real.status_code, real.json) == (missing.status_code, missing.json)


def test_private_set_is_not_listed_for_outsiders(client, world):
    public = client.get("/api/sets?public=1").json["sets"]
    assert world.set_id not in [s["id"] for s in public]
    mine = client.get("/api/sets", headers=world.callers["other"].headers).json["sets"]
    assert mine == []
    members = client.get("/api/sets", headers=world.callers["viewer"].headers).json["sets"]
    assert [(s["id"], s["role"]) for s in members] == [(world.set_id, "viewer")]


@pytest.mark.parametrize(
    ("visibility", "anonymous_read", "listed"),
    [("private", 404, False), ("unlisted", 200, False), ("public", 200, True)],
    ids=["private", "unlisted", "public"],
)
def test_visibility_decides_who_reads(client, db, world, visibility, anonymous_read, listed):
    make_user(db, "dora")
    target = make_set(db, "dora", title=f"{visibility} set", visibility=visibility)
    make_annotation(db, target["id"], "claim")
    r = client.get(f"/api/sets/{target['id']}/changes")
    assert r.status_code == anonymous_read
    if anonymous_read == 200:
        assert r.json["set"]["role"] is None and len(r.json["annotations"]) == 1
        write = client.post(f"/api/sets/{target['id']}/annotations", json=payload("note"))
        assert write.status_code == 401
        other = world.callers["other"].headers
        write = client.post(
            f"/api/sets/{target['id']}/annotations", json=payload("note"), headers=other
        )
        assert write.status_code == 403
    public_ids = [s["id"] for s in client.get("/api/sets?public=1").json["sets"]]
    assert (target["id"] in public_ids) is listed


def test_share_token_opens_only_its_own_set(client, db, world):
    make_user(db, "dora")
    elsewhere = make_set(db, "dora", title="Dora's", visibility="private")
    headers = world.callers["share-editor"].headers
    assert client.get(f"/api/sets/{elsewhere['id']}", headers=headers).status_code == 404
    r = client.post(
        f"/api/sets/{elsewhere['id']}/annotations", json=payload("note"), headers=headers
    )
    assert r.status_code == 404


def test_removed_member_loses_access_at_once(client, db, world):
    viewer = world.callers["viewer"].headers
    assert client.get(f"/api/sets/{world.set_id}/changes", headers=viewer).status_code == 200
    store.delete_member(db, world.set_id, "vic")
    assert client.get(f"/api/sets/{world.set_id}/changes", headers=viewer).status_code == 404


def test_the_matrix_covers_every_api_route(app):
    in_matrix = {
        (method, path.split("?")[0].replace("{label}", "{annotation}"))
        for method, path, _body, _codes in ROUTES
    }
    placeholders = {
        "set_id": "set",
        "annotation_id": "annotation",
        "link_id": "link",
        "token_id": "token",
        "token": "share",
    }
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = rule.rule
        for name, value in placeholders.items():
            path = path.replace(f"<{name}>", "{" + value + "}")
        # The matrix adds carol as a member and removes vic.
        path = path.replace("<username>", "carol" if "PUT" in rule.methods else "vic")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in in_matrix, f"{method} {rule.rule} is not in the matrix"
