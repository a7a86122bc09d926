"""The set page shows threads (collapsed past the first two); the editors' inbox page acts on
"wrong on this page" reports with ordinary label edits."""

from __future__ import annotations

import pytest
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser, flashes

from footnote import store, validation

SENTENCE = "There is no evidence that Llama is open source, the OSI says."
LABEL = {
    "kind": "claim",
    "verdict": "disputed",
    "target": {
        "selector": {
            "type": "ClaimPatternSelector",
            "all": [["llama"], ["open source"]],
            "highlight": 1,
        }
    },
}


@pytest.fixture
def desk(browser: Browser, other_browser: Browser, db: Database) -> dict:
    """Alice owns a public set with a claim label; bob is signed in and reads it."""
    browser.register("alice")
    other_browser.register("bob")
    alice = store.get_user_by_name(db, "alice")
    found = store.create_set(db, alice["id"], "Desk", "", "public")
    label = store.create_annotation(
        db, found["id"], validation.validate_annotation(LABEL), alice["id"]
    )
    return {"set": found["id"], "label": label["id"], "alice": alice["id"]}


def reply(db: Database, set_id: str, parent: str, text: str, who: str) -> dict:
    item = validation.validate_annotation(
        {
            "motivation": "replying",
            "body": {"value": text},
            "target": f"http://localhost/api/annotations/{parent}",
        }
    )
    return store.create_annotation(db, set_id, item, who)


def test_threads_show_two_replies_and_fold_the_rest(browser: Browser, db: Database, desk: dict):
    first = reply(db, desk["set"], desk["label"], "One", desk["alice"])
    reply(db, desk["set"], first["id"], "One, answered", desk["alice"])
    reply(db, desk["set"], desk["label"], "Two", desk["alice"])
    reply(db, desk["set"], desk["label"], "Three", desk["alice"])
    soup = browser.page(f"/sets/{desk['set']}")
    [item] = soup.select("#annotations > li")
    visible = [r.select_one(".body").get_text() for r in item.select(".thread > ol > .reply")]
    folded = [r.select_one(".body").get_text() for r in item.select(".thread details .reply")]
    assert visible == ["One", "One, answered"]
    assert folded == ["Two", "Three"]
    assert item.select_one(".thread details summary").get_text() == "Show 2 more replies"
    assert item.select(".reply")[1]["data-depth"] == "2"


def test_inbox_walk_report_then_add_not(
    browser: Browser, other_browser: Browser, db: Database, desk: dict
):
    bob = store.get_user_by_name(db, "bob")
    store.create_report(
        db, desk["label"], bob["id"], "https://debunk.example/a", SENTENCE, "refutes-claim"
    )
    assert other_browser.get(f"/sets/{desk['set']}/inbox").status_code == 403
    soup = browser.page(f"/sets/{desk['set']}/inbox")
    assert soup.select_one(".reported-url").get_text() == "https://debunk.example/a"
    assert soup.select_one(".reported-sentence").get_text() == SENTENCE
    phrase = soup.select_one("input[name=phrase]")["value"]
    assert phrase == "no evidence that Llama is open source"
    token = soup.select_one("input[name=csrf_token]")["value"]
    version = store.get_set(db, desk["set"])["version"]
    response = browser.client.post(
        f"/sets/{desk['set']}/inbox/{desk['label']}",
        data={
            "csrf_token": token,
            "action": "add-not",
            "url": "https://debunk.example/a",
            "phrase": phrase,
        },
    )
    assert response.status_code == 302
    label = store.get_annotation(db, desk["label"])
    assert label["target"]["selector"]["not"] == [phrase]
    assert store.get_set(db, desk["set"])["version"] == version + 1
    after = browser.page(f"/sets/{desk['set']}/inbox")
    assert flashes(after)[0].startswith("The 'not' phrase was added; 1 report(s) closed.")
    assert after.select_one("#inbox-empty") is not None


def test_owner_opens_replies_and_bridging_from_the_settings_form(
    browser: Browser, db: Database, desk: dict
) -> None:
    action = f"/sets/{desk['set']}/settings"
    fields = {"title": "Desk", "visibility": "public", "openReplies": "on", "bridging": "on"}
    assert browser.submit(f"/sets/{desk['set']}", action, fields).status_code == 302
    found = store.get_set(db, desk["set"])
    assert (found["open_replies"], found["bridging"]) == (1, 1)
    soup = browser.page(f"/sets/{desk['set']}")
    assert soup.select_one("input[name=openReplies]").has_attr("checked")
    # Unticked boxes are off.
    browser.submit(f"/sets/{desk['set']}", action, {"title": "Desk", "visibility": "public"})
    found = store.get_set(db, desk["set"])
    assert (found["open_replies"], found["bridging"]) == (0, 0)
