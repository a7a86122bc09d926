"""Small factories for tests: users with tokens, sets, share links and annotation payloads."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from footnote import store, validation

FAST_HASH = "pbkdf2:sha256:1000"
PASSWORD = "correct horse battery"


@dataclass
class Caller:
    """Someone calling the API: a name for test ids and the headers they send."""

    name: str
    token: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        """Authorization header (empty for anonymous)."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def make_user(db: Database, username: str, password: str = PASSWORD) -> Caller:
    """An account with one API token."""
    user = store.create_user(db, username, password, hash_method=FAST_HASH)
    _record, token = store.create_token(db, user["id"], "test")
    return Caller(username, token)


def make_set(db: Database, owner: str, **overrides: Any) -> dict[str, Any]:
    """A set owned by `owner` (a username); private unless overridden."""
    user = store.get_user_by_name(db, owner)
    assert user is not None
    values = {"title": "A set", "description": "", "visibility": "private", **overrides}
    return store.create_set(db, user["id"], **values)


def make_share(db: Database, set_id: str, role: str) -> Caller:
    """A share-link holder for `set_id` with `role`."""
    _link, token = store.create_share_link(db, set_id, role, None)
    return Caller(f"share-{role}", token)


NOTE = {
    "type": "Annotation",
    "motivation": "commenting",
    "body": [
        {"type": "TextualBody", "value": "This figure is from 2019.", "purpose": "commenting"}
    ],
    "tags": ["figures"],
    "sources": [{"id": "https://example.org/report", "title": "The report"}],
    "target": {
        "source": "https://news.example.com/story?utm_source=feed",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": "40 per cent",
                "prefix": "rose by ",
                "suffix": " last year",
            },
            {"type": "TextPositionSelector", "start": 120, "end": 131},
        ],
    },
    "document": {"links": [{"rel": "canonical", "href": "https://news.example.com/story-1"}]},
}
CLAIM = {
    "kind": "claim",
    "verdict": "disputed",
    "body": {"type": "TextualBody", "value": "Licence restrictions.", "purpose": "describing"},
    "sources": [{"id": "https://opensource.org/osd", "title": "OSD"}],
    "target": {
        "selector": {
            "type": "ClaimPatternSelector",
            "all": [["llama"], ["open source", "open-source"]],
            "highlight": 1,
            "window": "sentence",
            "languages": ["en"],
        }
    },
}
SITE = {
    "kind": "site",
    "verdict": "satire",
    "body": {"type": "TextualBody", "value": "A satire site.", "purpose": "describing"},
    "target": {"selector": {"type": "UrlPatternSelector", "include": ["satire.example"]}},
}
PAYLOADS = {"note": NOTE, "claim": CLAIM, "site": SITE}


def payload(kind: str = "note", /, **overrides: Any) -> dict[str, Any]:
    """A fresh wire-format annotation of `kind`, with top-level overrides."""
    data = copy.deepcopy(PAYLOADS[kind])
    data.update(overrides)
    return data


def make_annotation(db: Database, set_id: str, kind: str = "note", **overrides: Any) -> dict:
    """An annotation created through the store (validated like the API does)."""
    item = validation.validate_annotation(payload(kind, **overrides))
    return store.create_annotation(db, set_id, item, None)


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, for unchanged-database checks.

    Left out: rate-limit counters, web sessions (a refused form still shows its flashed message
    and records the session's use), FTS shadow tables, tokens' `last_used` stamp and the
    first-seen base URL (bookkeeping that a refused request may legitimately touch).
    """
    skip = ("annotations_fts", "_sqlite", "rate_", "web_sessions", "service_settings")
    out: dict[str, list[tuple]] = {}
    for table in db.table_names():
        if table.startswith(skip):
            continue
        columns = [c.name for c in db[table].columns if (table, c.name) != ("tokens", "last_used")]
        select = ", ".join(f"[{c}]" for c in columns)
        rows = db.execute(f"SELECT {select} FROM [{table}]").fetchall()
        out[table] = sorted(map(tuple, rows), key=repr)
    return out


def assert_refused_unchanged(
    client: Any, db: Database, seeded: dict, method: str, path: str, body: Any, expected: tuple
) -> None:
    """Send `body` as the seeded set's owner; assert the JSON error and an unchanged database.

    `path` may name `{set}` and `{note}`; a `str` body is sent as raw bytes (malformed JSON).
    """
    url = path.format(set=seeded["set"], note=seeded["note"])
    before = dump(db)
    if isinstance(body, str):
        response = client.open(
            url,
            method=method,
            data=body,
            content_type="application/json",
            headers=seeded["owner"].headers,
        )
    else:
        response = client.open(url, method=method, json=body, headers=seeded["owner"].headers)
    status, code, field = expected
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.json["error"]["code"] == code
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]
    assert dump(db) == before
