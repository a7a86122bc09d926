"""Password change and account deletion through the API, and what deletion does to sets."""

from __future__ import annotations

import pytest
from factories import PASSWORD, dump, make_annotation, make_set, make_share, make_user, payload

from footnote import store, validation
from footnote.store import sessions

NEW_PASSWORD = "a brand new passphrase"


def web_session_for(db, username: str) -> str:
    """A live web session of `username` (as if signed in in a browser); return its id."""
    user = store.get_user_by_name(db, username)
    session_id = sessions.new_session_id()
    sessions.save_session(db, session_id, {"user_id": user["id"]}, idle=3600, max_age=7200)
    return session_id


def live(db, session_id: str) -> bool:
    return sessions.load_session(db, session_id, idle=3600, max_age=7200) is not None


def sign_in(client, username: str, password: str) -> int:
    return client.post("/api/tokens", json={"username": username, "password": password}).status_code


def test_password_change_ends_web_sessions_and_keeps_tokens(client, db):
    alice = make_user(db, "alice")
    laptop = web_session_for(db, "alice")
    _record, script_token = store.create_token(db, store.get_user_by_name(db, "alice")["id"], "s")
    response = client.put(
        "/api/users/me/password",
        json={"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD},
        headers=alice.headers,
    )
    assert response.status_code == 200
    assert response.json == {"sessionsEnded": 1, "tokensRevoked": 0}
    assert not live(db, laptop)
    assert sign_in(client, "alice", PASSWORD) == 401
    assert sign_in(client, "alice", NEW_PASSWORD) == 201
    script = {"Authorization": f"Bearer {script_token}"}
    assert client.get("/api/profile", headers=script).status_code == 200


def test_password_change_revokes_other_tokens_only_when_asked(client, db):
    alice = make_user(db, "alice")
    _record, other_token = store.create_token(db, store.get_user_by_name(db, "alice")["id"], "o")
    response = client.put(
        "/api/users/me/password",
        json={"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD, "revokeTokens": True},
        headers=alice.headers,
    )
    assert response.json == {"sessionsEnded": 0, "tokensRevoked": 1}
    assert client.get("/api/profile", headers=alice.headers).status_code == 200  # the caller's
    other = {"Authorization": f"Bearer {other_token}"}
    assert client.get("/api/profile", headers=other).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"currentPassword": "not it at all", "newPassword": NEW_PASSWORD}, 403, "currentPassword"),
        ({"currentPassword": PASSWORD, "newPassword": "short"}, 400, "newPassword"),
        ({"currentPassword": PASSWORD}, 400, "newPassword"),
        (
            {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD, "revokeTokens": "yes"},
            400,
            "revokeTokens",
        ),
        ({"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD, "x": 1}, 400, "x"),
    ],
    ids=["wrong-current", "short-new", "missing-new", "revoke-not-boolean", "unknown-field"],
)
def test_password_change_refuses_and_changes_nothing(client, db, body, status, field):
    alice = make_user(db, "alice")
    laptop = web_session_for(db, "alice")
    before = dump(db)
    response = client.put("/api/users/me/password", json=body, headers=alice.headers)
    assert response.status_code == status
    assert response.json["error"]["field"] == field
    assert dump(db) == before and live(db, laptop)


def test_guessing_the_current_password_with_a_stolen_token_hits_the_sign_in_limit(client, db, app):
    alice = make_user(db, "alice")
    body = {"currentPassword": "a wrong guess", "newPassword": NEW_PASSWORD}
    for _ in range(app.config["SIGN_IN_LIMIT"]):
        response = client.put("/api/users/me/password", json=body, headers=alice.headers)
        assert response.status_code == 403
    response = client.put("/api/users/me/password", json=body, headers=alice.headers)
    assert response.status_code == 429 and "Retry-After" in response.headers


@pytest.fixture
def estate(db):
    """Alice owns a set alone and one with co-owner carol, and wrote a note in bob's set."""
    callers = {name: make_user(db, name) for name in ("alice", "bob", "carol", "vic")}
    solo = make_set(db, "alice", title="Alice alone", visibility="public")
    store.put_member(db, solo["id"], "vic", "viewer")
    make_annotation(db, solo["id"], "note")
    solo_link = make_share(db, solo["id"], "viewer")
    shared = make_set(db, "alice", title="Alice and Carol")
    store.put_member(db, shared["id"], "carol", "owner")
    store.put_member(db, shared["id"], "vic", "editor")
    shared_link = make_share(db, shared["id"], "editor")
    bobs = make_set(db, "bob", title="Bob's")
    store.put_member(db, bobs["id"], "alice", "editor")
    alice_id = store.get_user_by_name(db, "alice")["id"]
    note = store.create_annotation(
        db, bobs["id"], validation.validate_annotation(payload("note")), alice_id
    )
    return {
        "callers": callers,
        "solo": solo["id"],
        "shared": shared["id"],
        "bobs": bobs["id"],
        "note": note["id"],
        "solo_link": solo_link,
        "shared_link": shared_link,
        "alice_id": alice_id,
        "session": web_session_for(db, "alice"),
    }


def test_deleting_an_account_deletes_its_own_sets_and_hands_over_shared_ones(client, db, estate):
    callers = estate["callers"]
    bobs_version = store.get_set(db, estate["bobs"])["version"]
    shared_version = store.get_set(db, estate["shared"])["version"]
    response = client.delete(
        "/api/users/me", json={"password": PASSWORD}, headers=callers["alice"].headers
    )
    assert response.status_code == 200
    assert response.json == {"setsDeleted": 1, "setsHandedOver": 1, "annotationsUnattributed": 1}

    # The set alice owned alone is gone with its annotations, members and share links.
    assert store.get_set(db, estate["solo"]) is None
    assert db.execute(
        "SELECT count(*) FROM annotations WHERE set_id = ?", [estate["solo"]]
    ).fetchone() == (0,)
    viewer = callers["vic"].headers
    assert client.get(f"/api/sets/{estate['solo']}", headers=viewer).status_code == 404
    assert client.get("/api/sets", headers=estate["solo_link"].headers).status_code == 401

    # The set with a co-owner is carol's now; its members and share link keep working.
    shared = client.get(f"/api/sets/{estate['shared']}", headers=callers["carol"].headers).json
    assert (shared["owner"], shared["role"]) == ("carol", "owner")
    assert shared["version"] == shared_version + 1
    members = client.get(f"/api/sets/{estate['shared']}/members", headers=viewer).json["members"]
    assert members == [
        {"username": "carol", "role": "owner"},
        {"username": "vic", "role": "editor"},
    ]
    link = estate["shared_link"].headers
    assert client.get(f"/api/sets/{estate['shared']}", headers=link).status_code == 200

    # Alice's note in bob's set stays, without her name, at a new version followers will fetch.
    changes = client.get(
        f"/api/sets/{estate['bobs']}/changes?since={bobs_version}", headers=callers["bob"].headers
    ).json
    assert [a["id"].rsplit("/", 1)[1] for a in changes["annotations"]] == [estate["note"]]
    assert changes["annotations"][0]["creator"] is None

    # Her tokens and sessions end; her name is free.
    assert client.get("/api/profile", headers=callers["alice"].headers).status_code == 401
    assert not live(db, estate["session"])
    assert db.execute(
        "SELECT count(*) FROM tokens WHERE user_id = ?", [estate["alice_id"]]
    ).fetchone() == (0,)
    again = client.post("/api/users", json={"username": "alice", "password": NEW_PASSWORD})
    assert again.status_code == 201


def test_deleting_needs_the_password_and_a_refusal_changes_nothing(client, db, estate):
    before = dump(db)
    response = client.delete(
        "/api/users/me",
        json={"password": "not my password"},
        headers=estate["callers"]["alice"].headers,
    )
    assert response.status_code == 403
    assert response.json["error"] == {
        "code": "forbidden",
        "message": "the password is wrong",
        "field": "password",
    }
    assert dump(db) == before and live(db, estate["session"])
    assert (
        client.delete("/api/users/me", headers=estate["callers"]["alice"].headers).status_code
        == 415
    )
