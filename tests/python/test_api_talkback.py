"""Replies, ratings, "wrong on this page" reports and the editors' inbox, through the API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from factories import assert_refused_unchanged, dump, make_annotation, make_set, make_user, payload

from footnote import store
from footnote.cli import main

BASE = "http://localhost"


def path(url: str) -> str:
    return url.replace(BASE, "")


@pytest.fixture
def desk(db) -> dict:
    """Alice owns a public set with a claim label and a note; bob is signed in, not a member."""
    alice = make_user(db, "alice")
    bob = make_user(db, "bob")
    target = make_set(db, "alice", title="Public desk", visibility="public")
    label = make_annotation(db, target["id"], "claim")
    note = make_annotation(db, target["id"], "note")
    return {
        "alice": alice,
        "bob": bob,
        "set": target["id"],
        "label": label["id"],
        "note": note["id"],
    }


REPLY = {"body": {"type": "TextualBody", "value": "The licence changed in May."}}


def test_a_reply_is_a_replying_annotation_targeting_its_parent_and_syncs(client, desk):
    alice = desk["alice"].headers
    r = client.post(f"/api/annotations/{desk['label']}/replies", json=REPLY, headers=alice)
    assert r.status_code == 201, r.json
    reply = r.json
    assert reply["motivation"] == "replying"
    assert reply["target"] == {"source": f"{BASE}/api/annotations/{desk['label']}"}
    assert "document" not in reply
    nested = client.post(path(reply["id"]) + "/replies", json=REPLY, headers=alice)
    assert nested.status_code == 201
    changes = client.get(f"/api/sets/{desk['set']}/changes?since=0").json
    ids = [a["id"] for a in changes["annotations"]]
    assert reply["id"] in ids and nested.json["id"] in ids
    # Deleting the label deletes its thread.
    client.delete(f"/api/annotations/{desk['label']}", headers=alice)
    later = client.get(f"/api/sets/{desk['set']}/changes?since={changes['version']}").json
    gone = {t["id"] for t in later["deleted"]}
    assert {reply["id"], nested.json["id"], f"{BASE}/api/annotations/{desk['label']}"} <= gone


def test_replies_on_a_public_set_open_only_when_its_owner_allows(client, desk):
    bob = desk["bob"].headers
    url = f"/api/annotations/{desk['label']}/replies"
    assert client.post(url, json=REPLY, headers=bob).status_code == 403
    assert client.post(url, json=REPLY).status_code == 401
    opened = client.patch(
        f"/api/sets/{desk['set']}", json={"openReplies": True}, headers=desk["alice"].headers
    )
    assert opened.json["openReplies"] is True
    r = client.post(url, json=REPLY, headers=bob)
    assert r.status_code == 201
    # Bob may edit and delete his own reply, not the label.
    own = path(r.json["id"])
    edit = client.patch(own, json={"body": {"value": "Edited."}}, headers=bob)
    assert edit.status_code == 200 and edit.json["body"][0]["value"] == "Edited."
    assert (
        client.patch(f"/api/annotations/{desk['label']}", json={}, headers=bob).status_code == 403
    )
    assert client.delete(own, headers=bob).status_code == 204


def test_a_reply_through_the_set_route_names_its_parent_by_iri(client, desk):
    body = {
        "motivation": "replying",
        "body": {"value": "Via the container IRI."},
        "target": f"{BASE}/w3c/sets/{desk['set']}/{desk['note']}",
    }
    r = client.post(
        f"/api/sets/{desk['set']}/annotations", json=body, headers=desk["alice"].headers
    )
    assert r.status_code == 201, r.json
    assert r.json["target"]["source"] == f"{BASE}/api/annotations/{desk['note']}"


def test_one_rating_per_reader_changeable(client, db, desk):
    bob = desk["bob"].headers
    url = f"/api/annotations/{desk['label']}/rating"
    first = client.put(url, json={"helpful": True}, headers=bob)
    assert first.status_code == 201 and first.json["helpful"] is True
    second = client.put(url, json={"helpful": False, "reason": "outdated"}, headers=bob)
    assert second.status_code == 200
    assert client.get(url, headers=bob).json["reason"] == "outdated"
    assert store.rating_counts(db, desk["label"]) == {"helpful": 0, "notHelpful": 1}
    assert client.delete(url, headers=bob).status_code == 204
    assert client.get(url, headers=bob).status_code == 404
    assert client.put(url, json={"helpful": True}).status_code == 401


def test_ratings_do_not_change_the_set_version(client, db, desk):
    before = store.get_set(db, desk["set"])["version"]
    client.put(
        f"/api/annotations/{desk['label']}/rating",
        json={"helpful": True},
        headers=desk["bob"].headers,
    )
    assert store.get_set(db, desk["set"])["version"] == before


def test_talking_back_is_rate_limited(app, client, desk):
    app.config["RATING_LIMIT"] = 2
    bob = desk["bob"].headers
    url = f"/api/annotations/{desk['label']}/rating"
    for helpful in (True, False):
        assert client.put(url, json={"helpful": helpful}, headers=bob).status_code in (200, 201)
    r = client.put(url, json={"helpful": True}, headers=bob)
    assert r.status_code == 429 and r.headers["Retry-After"]


SENTENCE = "There is no evidence that Llama is open source, the OSI says."


def test_report_inbox_action_and_check_no_longer_fires(client, db, desk, tmp_path, app):
    bob = desk["bob"].headers
    alice = desk["alice"].headers
    page_url = "https://debunk.example.org/2026/llama-licence?utm_source=x"
    report = {"url": page_url, "sentence": SENTENCE, "reason": "refutes-claim"}
    r = client.post(f"/api/annotations/{desk['label']}/reports", json=report, headers=bob)
    assert r.status_code == 201, r.json
    assert r.json["url"] == "https://debunk.example.org/2026/llama-licence"
    # Reporting again replaces the reader's report; another reader adds one.
    client.post(f"/api/annotations/{desk['label']}/reports", json=report, headers=bob)
    carol = make_user(db, "carol")
    client.post(f"/api/annotations/{desk['label']}/reports", json=report, headers=carol.headers)

    page = tmp_path / "debunk.html"
    page.write_text(
        f'<html><head><link rel="canonical" href="{page_url}"></head>'
        f"<body><p>{SENTENCE}</p></body></html>",
        encoding="utf-8",
    )
    check = ["check", str(page), "--set", desk["set"], "--db", app.config["DATABASE"], "--json"]

    def fires() -> bool:
        result = CliRunner().invoke(main, check)
        assert result.exit_code == 0, result.output
        return bool(json.loads(result.output)["pages"][0]["claims"])

    assert fires()

    assert client.get(f"/api/sets/{desk['set']}/reports", headers=bob).status_code == 403
    inbox = client.get(f"/api/sets/{desk['set']}/reports", headers=alice).json["labels"]
    assert len(inbox) == 1 and inbox[0]["count"] == 2
    group = inbox[0]["reports"][0]
    assert group["reasons"] == {"refutes-claim": 2}
    assert group["proposedNot"] == "no evidence that Llama is open source"
    assert group["excludeUrl"] == "debunk.example.org/2026/llama-licence"
    assert group["excludeSite"] == "debunk.example.org"

    label = client.get(f"/api/annotations/{desk['label']}")
    act = client.post(
        f"/api/annotations/{desk['label']}/reports/actions",
        json={"action": "add-not", "url": group["url"], "phrase": group["proposedNot"]},
        headers={**alice, "If-Match": label.headers["ETag"]},
    )
    assert act.status_code == 200, act.json
    assert act.json["closedReports"] == 2
    assert act.json["annotation"]["target"]["selector"]["not"] == [group["proposedNot"]]
    assert act.json["annotation"]["setVersion"] > label.json["setVersion"]
    assert client.get(f"/api/sets/{desk['set']}/reports", headers=alice).json["labels"] == []
    assert not fires()


def test_exclude_site_closes_every_report_on_the_site(client, db, desk):
    bob, alice = desk["bob"].headers, desk["alice"].headers
    for page in ("https://www.blog.example/a", "https://news.blog.example/b"):
        client.post(
            f"/api/annotations/{desk['label']}/reports",
            json={"url": page, "sentence": SENTENCE},
            headers=bob,
        )
    r = client.post(
        f"/api/annotations/{desk['label']}/reports/actions",
        json={"action": "exclude-site", "url": "https://www.blog.example/a"},
        headers=alice,
    )
    assert r.json["closedReports"] == 2
    assert r.json["annotation"]["target"]["selector"]["exclude"] == ["blog.example"]


def test_dismiss_changes_only_the_reports(client, db, desk):
    client.post(
        f"/api/annotations/{desk['label']}/reports",
        json={"url": "https://a.example/", "sentence": SENTENCE},
        headers=desk["bob"].headers,
    )
    version = store.get_set(db, desk["set"])["version"]
    r = client.post(
        f"/api/annotations/{desk['label']}/reports/actions",
        json={"action": "dismiss", "url": "https://a.example/"},
        headers=desk["alice"].headers,
    )
    assert r.json["closedReports"] == 1
    assert store.get_set(db, desk["set"])["version"] == version


@pytest.fixture
def talk(db, desk) -> dict:
    """The bad-input seed: a private set with a note, a deleted note and a label elsewhere."""
    owner = desk["alice"]
    private = make_set(db, "alice", title="Private")
    note = make_annotation(db, private["id"], "note")
    deleted = make_annotation(db, private["id"], "note")
    store.delete_annotation(db, deleted["id"])
    dora = make_user(db, "dora")
    hidden = make_set(db, "dora", title="Dora's")
    unreadable = make_annotation(db, hidden["id"], "claim")
    return {
        "owner": owner,
        "set": private["id"],
        "note": note["id"],
        "deleted": deleted["id"],
        "unreadable": unreadable["id"],
        "public_label": desk["label"],
        "dora": dora,
    }


REPORT_OK = {"url": "https://a.example/page", "sentence": SENTENCE}
# id, method, path, body, expected (status, code, field)
BAD = [
    (
        "rating missing annotation",
        "PUT",
        "/api/annotations/nope/rating",
        {"helpful": True},
        (404, "not_found", "annotation"),
    ),
    (
        "rating deleted annotation",
        "PUT",
        "/api/annotations/{deleted}/rating",
        {"helpful": True},
        (404, "not_found", "annotation"),
    ),
    (
        "rating unreadable annotation",
        "PUT",
        "/api/annotations/{unreadable}/rating",
        {"helpful": True},
        (404, "not_found", "set"),
    ),
    (
        "rating not a boolean",
        "PUT",
        "/api/annotations/{note}/rating",
        {"helpful": "yes"},
        (400, "validation_error", "helpful"),
    ),
    (
        "rating unknown reason",
        "PUT",
        "/api/annotations/{note}/rating",
        {"helpful": False, "reason": "boring"},
        (400, "validation_error", "reason"),
    ),
    (
        "rating reason with helpful",
        "PUT",
        "/api/annotations/{note}/rating",
        {"helpful": True, "reason": "outdated"},
        (400, "validation_error", "reason"),
    ),
    (
        "rating unknown field",
        "PUT",
        "/api/annotations/{note}/rating",
        {"helpful": True, "stars": 5},
        (400, "unknown_field", "stars"),
    ),
    (
        "report on a note",
        "POST",
        "/api/annotations/{note}/reports",
        REPORT_OK,
        (400, "validation_error", "annotation"),
    ),
    (
        "report non-http URL",
        "POST",
        "/api/annotations/{public_label}/reports",
        {**REPORT_OK, "url": "javascript:alert(1)"},
        (400, "validation_error", "url"),
    ),
    (
        "report file URL",
        "POST",
        "/api/annotations/{public_label}/reports",
        {**REPORT_OK, "url": "file:///etc/passwd"},
        (400, "validation_error", "url"),
    ),
    (
        "report oversized sentence",
        "POST",
        "/api/annotations/{public_label}/reports",
        {**REPORT_OK, "sentence": "word " * 300},
        (400, "validation_error", "sentence"),
    ),
    (
        "report empty sentence",
        "POST",
        "/api/annotations/{public_label}/reports",
        {**REPORT_OK, "sentence": "  "},
        (400, "validation_error", "sentence"),
    ),
    (
        "report deleted annotation",
        "POST",
        "/api/annotations/{deleted}/reports",
        REPORT_OK,
        (404, "not_found", "annotation"),
    ),
    (
        "reply to a deleted annotation",
        "POST",
        "/api/annotations/{deleted}/replies",
        REPLY,
        (404, "not_found", "annotation"),
    ),
    (
        "reply into another set",
        "POST",
        "/api/sets/{set}/annotations",
        {
            "motivation": "replying",
            "body": {"value": "x"},
            "target": "http://localhost/api/annotations/{public_label}",
        },
        (400, "validation_error", "target"),
    ),
    (
        "reply to a deleted one via the set",
        "POST",
        "/api/sets/{set}/annotations",
        {
            "motivation": "replying",
            "body": {"value": "x"},
            "target": "http://localhost/api/annotations/{deleted}",
        },
        (404, "not_found", "target"),
    ),
    (
        "reply without text",
        "POST",
        "/api/annotations/{note}/replies",
        {"body": {"value": " "}},
        (400, "validation_error", "body"),
    ),
    (
        "reply with a verdict",
        "POST",
        "/api/annotations/{note}/replies",
        {**REPLY, "verdict": "false"},
        (400, "validation_error", "verdict"),
    ),
    (
        "reply target not an annotation",
        "POST",
        "/api/sets/{set}/annotations",
        {"motivation": "replying", "body": {"value": "x"}, "target": "https://example.com/page"},
        (400, "validation_error", "target"),
    ),
    (
        "inbox action unknown",
        "POST",
        "/api/annotations/{public_label}/reports/actions",
        {"action": "delete-everything", "url": "https://a.example/"},
        (400, "validation_error", "action"),
    ),
    (
        "inbox add-not without phrase",
        "POST",
        "/api/annotations/{public_label}/reports/actions",
        {"action": "add-not", "url": "https://a.example/"},
        (400, "validation_error", "phrase"),
    ),
    (
        "inbox action on a note",
        "POST",
        "/api/annotations/{note}/reports/actions",
        {"action": "exclude-url", "url": "https://a.example/"},
        (400, "validation_error", "annotation"),
    ),
]


def _format(value, talk):
    if isinstance(value, str):
        return value.format(**{k: v for k, v in talk.items() if isinstance(v, str)})
    if isinstance(value, dict):
        return {k: _format(v, talk) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    [pytest.param(m, u, b, e, id=i) for i, m, u, b, e in BAD],
)
def test_bad_talk_is_refused_and_changes_nothing(client, db, talk, method, url, body, expected):
    seeded = {"owner": talk["owner"], "set": talk["set"], "note": talk["note"]}
    assert_refused_unchanged(
        client, db, seeded, method, _format(url, talk), _format(body, talk), expected
    )


def test_a_reply_cannot_be_moved_or_turned_into_a_page_note(client, desk):
    alice = desk["alice"].headers
    reply = client.post(f"/api/annotations/{desk['label']}/replies", json=REPLY, headers=alice)
    moved = client.patch(
        path(reply.json["id"]),
        json={"target": f"{BASE}/api/annotations/{desk['note']}", "motivation": "replying"},
        headers=alice,
    )
    assert moved.status_code == 400 and moved.json["error"]["field"] == "target"
    page = client.patch(
        path(reply.json["id"]), json={"target": {"source": "https://example.com/"}}, headers=alice
    )
    assert page.status_code == 400


def test_share_link_holders_cannot_rate(client, db, desk):
    from factories import make_share

    link = make_share(db, desk["set"], "editor")
    before = dump(db)
    r = client.put(
        f"/api/annotations/{desk['label']}/rating", json={"helpful": True}, headers=link.headers
    )
    assert r.status_code == 403 and dump(db) == before


def test_payload_factory_still_builds_notes():
    assert payload("note")["target"]["source"].startswith("https://")
