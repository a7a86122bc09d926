"""Users, tokens, sets, roles, members and share links in the store."""

from __future__ import annotations

import json

import pytest

from footnote import store
from footnote.db import connect
from footnote.errors import Conflict, NotFound
from footnote.migrations import migrate
from footnote.store import Principal, common

FAST = "pbkdf2:sha256:1000"


@pytest.fixture
def sdb(tmp_path):
    db = connect(tmp_path / "s.db")
    migrate(db)
    yield db
    db.close()


def test_tokens_are_stored_hashed_and_revocable(sdb):
    user = store.create_user(sdb, "alice", "a good password", hash_method=FAST)
    record, token = store.create_token(sdb, user["id"], "laptop")
    stored = sdb.execute("SELECT token_hash FROM tokens").fetchone()[0]
    assert token not in stored and len(stored) == 64
    assert store.resolve_token(sdb, token)[0]["username"] == "alice"
    store.revoke_token(sdb, user["id"], record["id"])
    assert store.resolve_token(sdb, token) is None
    with pytest.raises(NotFound):
        store.revoke_token(sdb, user["id"], record["id"])


def test_passwords_are_hashed_and_checked(sdb):
    store.create_user(sdb, "alice", "a good password", hash_method=FAST)
    stored = sdb.execute("SELECT password_hash FROM users").fetchone()[0]
    assert "a good password" not in stored
    assert store.authenticate(sdb, "ALICE", "a good password")["username"] == "alice"
    assert store.authenticate(sdb, "alice", "A good password") is None
    assert store.authenticate(sdb, "nobody", "a good password") is None
    with pytest.raises(Conflict):
        store.create_user(sdb, "Alice", "another password", hash_method=FAST)


def test_roles_from_ownership_membership_and_share_links(sdb):
    alice = store.create_user(sdb, "alice", None)
    bob = store.create_user(sdb, "bob", None)
    target = store.create_set(sdb, alice["id"], "Desk")
    other = store.create_set(sdb, alice["id"], "Other")
    as_alice = Principal(user_id=alice["id"], username="alice")
    as_bob = Principal(user_id=bob["id"], username="bob")
    assert store.role_for(sdb, target["id"], as_alice) == "owner"
    assert store.role_for(sdb, target["id"], as_bob) is None
    store.put_member(sdb, target["id"], "bob", "editor")
    assert store.role_for(sdb, target["id"], as_bob) == "editor"
    link, token = store.create_share_link(sdb, target["id"], "viewer", alice["id"])
    resolved = store.resolve_share_token(sdb, token)
    share = Principal(share_set_id=resolved["set_id"], share_role=resolved["role"])
    assert store.role_for(sdb, target["id"], share) == "viewer"
    assert store.role_for(sdb, other["id"], share) is None
    store.revoke_share_link(sdb, target["id"], link["id"])
    assert store.resolve_share_token(sdb, token) is None
    assert store.list_share_links(sdb, target["id"]) == []


def test_members_list_owner_first_and_owner_is_fixed(sdb):
    alice = store.create_user(sdb, "alice", None)
    for name in ("zoe", "bob"):
        store.create_user(sdb, name, None)
    target = store.create_set(sdb, alice["id"], "Desk")
    store.put_member(sdb, target["id"], "zoe", "viewer")
    store.put_member(sdb, target["id"], "bob", "editor")
    store.put_member(sdb, target["id"], "zoe", "editor")
    assert [(m["username"], m["role"]) for m in store.list_members(sdb, target["id"])] == [
        ("alice", "owner"),
        ("bob", "editor"),
        ("zoe", "editor"),
    ]
    with pytest.raises(Conflict):
        store.put_member(sdb, target["id"], "alice", "viewer")
    with pytest.raises(NotFound):
        store.put_member(sdb, target["id"], "nobody", "viewer")


def test_deleting_a_set_removes_everything_in_it(sdb):
    alice = store.create_user(sdb, "alice", None)
    target = store.create_set(sdb, alice["id"], "Desk")
    store.create_share_link(sdb, target["id"], "editor", None)
    item = {
        "kind": "site",
        "motivation": "assessing",
        "body_text": None,
        "verdict": None,
        "sources": [],
        "tags": [],
        "links": [],
        "target": {
            "selector": {"type": "UrlPatternSelector", "include": ["a.example"], "exclude": []}
        },
    }
    store.create_annotation(sdb, target["id"], item, None)
    store.delete_set(sdb, target["id"])
    for table in ("sets", "share_links", "annotations", "members"):
        assert sdb.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_public_listing_only_shows_public_sets(sdb):
    alice = store.create_user(sdb, "alice", None)
    for visibility in ("private", "unlisted", "public"):
        store.create_set(sdb, alice["id"], visibility, visibility=visibility)
    assert [s["title"] for s in store.list_sets(sdb, public=True)] == ["public"]
    assert len(store.list_sets(sdb, user_id=alice["id"])) == 3


def test_ids_never_start_like_an_option():
    """A set id is typed on command lines: it must not start with "-" (nor "_")."""
    from footnote.store.common import new_id

    ids = [new_id() for _ in range(5000)]
    assert all(i[0].isalnum() and len(i) == 16 for i in ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    "column",
    [
        '{"a": 18446744073709551616, "b": [-9223372036854775809]}',  # past 64 bits: not floats
        '["\\ud800", "x"]',  # an unpaired surrogate escape (orjson refuses it)
        '{"n": 9223372036854775807, "f": 1e-07, "s": "1234567890123456789012"}',
        '{"text": "é \\u0000 \\ud83d\\ude00", "list": [true, null, 0.1]}',
    ],
)
def test_json_columns_read_as_the_standard_decoder_reads_them(column):
    read = common.loads(column)
    assert read == json.loads(column)
    assert repr(read) == repr(json.loads(column))  # same types too: an int stays an int
