"""Owner forms on a set page: create, settings, members, share links (CSRF on)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser, flashes, soup_of

from footnote import store


def set_count(db: Database) -> int:
    """How many sets exist."""
    return db.execute("SELECT count(*) FROM sets").fetchone()[0]


def create_through_form(browser: Browser, title: str, visibility: str = "private") -> str:
    """Create a set with the home page's form; return its id."""
    response = browser.submit(
        "/", "/sets", {"title": title, "description": "Why it exists.", "visibility": visibility}
    )
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def owned(browser: Browser, other_browser: Browser, db: Database) -> str:
    """A private set alice owns (alice signed in on `browser`, bob on `other_browser`)."""
    browser.register("alice")
    other_browser.register("bob")
    return create_through_form(browser, "Team notes")


def test_create_set_from_the_home_page(browser: Browser, db: Database) -> None:
    browser.register("alice")
    set_id = create_through_form(browser, "Election claims", "public")
    found = store.get_set(db, set_id)
    assert found["title"] == "Election claims"
    assert found["owner"] == "alice"
    assert found["visibility"] == "public"
    soup = browser.page(f"/sets/{set_id}")
    assert soup.find("h1").get_text() == "Election claims"
    assert flashes(soup) == ["Set created."]
    cards = browser.page("/").select("section[aria-labelledby=yours] .set-card")
    mine = {c.h3.get_text(strip=True): c.select_one(".meta").get_text(" ") for c in cards}
    assert "you: owner" in mine["Election claims"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   ", "visibility": "private"}, "title must not be empty"),
        ({"title": "x" * 201, "visibility": "private"}, "at most 200"),
        ({"title": "Fine", "visibility": "secret"}, "visibility must be one of"),
    ],
    ids=["blank-title", "long-title", "bad-visibility"],
)
def test_bad_set_forms_create_nothing(
    browser: Browser, db: Database, fields: dict[str, str], message: str
) -> None:
    browser.register("alice")
    response = browser.submit("/", "/sets", fields)
    assert response.status_code == 302
    assert set_count(db) == 0
    assert any(message in text for text in flashes(browser.page("/")))


def test_owner_edits_settings(browser: Browser, db: Database, owned: str) -> None:
    action = f"/sets/{owned}/settings"
    response = browser.submit(
        f"/sets/{owned}",
        action,
        {"title": "Desk checks", "description": "Line one\r\nline two", "visibility": "unlisted"},
    )
    assert response.status_code == 302
    found = store.get_set(db, owned)
    assert (found["title"], found["description"], found["visibility"]) == (
        "Desk checks",
        "Line one\nline two",
        "unlisted",
    )
    soup = browser.page(f"/sets/{owned}")
    assert soup.select_one("#set-visibility option[selected]")["value"] == "unlisted"
    assert soup.select_one("#set-description").get_text() == "Line one\nline two"


def test_invalid_settings_change_nothing(browser: Browser, db: Database, owned: str) -> None:
    before = store.get_set(db, owned)
    browser.submit(f"/sets/{owned}", f"/sets/{owned}/settings", {"title": ""})
    assert store.get_set(db, owned) == before
    assert any("Nothing was saved" in t for t in flashes(browser.page(f"/sets/{owned}")))


def test_members_are_added_changed_and_removed(
    browser: Browser, other_browser: Browser, db: Database, owned: str
) -> None:
    page = f"/sets/{owned}"
    browser.submit(page, f"{page}/members", {"username": "bob", "role": "viewer"})
    bob = store.get_user_by_name(db, "bob")
    assert store.role_for(db, owned, store.Principal(user_id=bob["id"])) == "viewer"
    browser.submit(page, f"{page}/members", {"username": "bob", "role": "editor"})
    assert store.role_for(db, owned, store.Principal(user_id=bob["id"])) == "editor"
    rows = browser.page(page).select("#members tbody tr")
    assert [(r["data-username"], r.find_all("td")[1].get_text()) for r in rows] == [
        ("alice", "owner"),
        ("bob", "editor"),
    ]
    assert other_browser.get(page).status_code == 200
    browser.submit(page, f"{page}/members/bob/remove", {})
    assert store.role_for(db, owned, store.Principal(user_id=bob["id"])) is None
    assert other_browser.get(page).status_code == 404


def test_unknown_member_and_owner_removal_are_refused(
    browser: Browser, db: Database, owned: str
) -> None:
    page = f"/sets/{owned}"
    browser.submit(page, f"{page}/members", {"username": "nobody", "role": "viewer"})
    assert any("no user named 'nobody'" in t for t in flashes(browser.page(page)))
    token = browser.form_on(page, f"{page}/members")["csrf_token"]
    response = browser.client.post(f"{page}/members/alice/remove", data={"csrf_token": token})
    assert response.status_code == 302
    assert [m["username"] for m in store.list_members(db, owned)] == ["alice"]
    assert any("cannot be removed" in t for t in flashes(browser.page(page)))


def test_share_link_is_shown_once_then_revoked(
    browser: Browser, other_browser: Browser, db: Database, owned: str
) -> None:
    page = f"/sets/{owned}"
    response = browser.submit(page, f"{page}/share-links", {"role": "viewer"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    url = soup_of(response).select_one("#new-share-link input.copy-field")["value"]
    assert soup_of(response).select_one("#new-share-link button[data-copy]") is not None
    assert url.startswith("http://localhost/s/fns_")
    path = url.removeprefix("http://localhost")
    shared = other_browser.page(path)
    assert shared.find("h1").get_text() == "Team notes"
    again = browser.page(page)
    assert again.select_one("#new-share-link") is None
    assert path not in again.decode()
    rows = again.select("#share-links tbody tr")
    assert len(rows) == 1 and rows[0].find("td").get_text() == "viewer"
    link_id = rows[0]["data-link-id"]
    response = browser.submit(page, f"{page}/share-links/{link_id}/revoke", {})
    assert response.status_code == 302
    assert other_browser.get(path).status_code == 404
    assert browser.page(page).select("#share-links tbody tr") == []


def test_non_owners_cannot_use_owner_forms(
    browser: Browser, other_browser: Browser, db: Database, owned: str
) -> None:
    page = f"/sets/{owned}"
    store.put_member(db, owned, "bob", "editor")
    before = (store.get_set(db, owned), store.list_members(db, owned))
    token = other_browser.form_on("/", "/signout")["csrf_token"]
    posts = {
        f"{page}/settings": {"title": "Hijacked", "visibility": "public"},
        f"{page}/members": {"username": "bob", "role": "owner"},
        f"{page}/members/alice/remove": {},
        f"{page}/share-links": {"role": "editor"},
    }
    for action, data in posts.items():
        response = other_browser.client.post(action, data={"csrf_token": token, **data})
        assert response.status_code == 403, action
    assert (store.get_set(db, owned), store.list_members(db, owned)) == before
    assert store.list_share_links(db, owned) == []


def test_strangers_get_404_and_anonymous_visitors_are_sent_to_sign_in(
    browser: Browser, db: Database, owned: str, web_app
) -> None:
    stranger = Browser(web_app.test_client())
    stranger.register("mallory")
    token = stranger.form_on("/", "/signout")["csrf_token"]
    response = stranger.client.post(
        f"/sets/{owned}/settings", data={"csrf_token": token, "title": "Mine now"}
    )
    assert response.status_code == 404
    anonymous = Browser(web_app.test_client())
    token = anonymous.form_on("/signin", "/signin")["csrf_token"]
    response = anonymous.client.post(
        f"/sets/{owned}/settings", data={"csrf_token": token, "title": "Mine now"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin"
    assert store.get_set(db, owned)["title"] == "Team notes"


def test_owner_forms_without_csrf_token_change_nothing(
    browser: Browser, db: Database, owned: str
) -> None:
    page = f"/sets/{owned}"
    before = (store.get_set(db, owned), store.list_members(db, owned))
    for action, data in {
        f"{page}/settings": {"title": "Forged", "visibility": "public"},
        f"{page}/members": {"username": "bob", "role": "editor"},
        f"{page}/share-links": {"role": "editor"},
        "/sets": {"title": "Forged set"},
    }.items():
        response = browser.client.post(action, data=data)
        assert response.status_code == 400, action
    assert (store.get_set(db, owned), store.list_members(db, owned)) == before
    assert store.list_share_links(db, owned) == []
    assert set_count(db) == 1


def test_owner_deletes_a_set_only_when_confirming(
    browser: Browser, other_browser: Browser, db: Database, owned: str
) -> None:
    page = f"/sets/{owned}"
    store.put_member(db, owned, "bob", "editor")
    browser.submit(page, f"{page}/delete", {})
    assert store.get_set(db, owned) is not None
    token = other_browser.form_on(page, "/signout")["csrf_token"]
    form = {"csrf_token": token, "confirm": "yes"}
    denied = other_browser.client.post(f"{page}/delete", data=form)
    assert denied.status_code == 403
    assert store.get_set(db, owned) is not None
    response = browser.submit(page, f"{page}/delete", {"confirm": "yes"})
    assert response.headers["Location"] == "/"
    assert store.get_set(db, owned) is None
    assert flashes(browser.page("/")) == ["Set deleted."]
    assert browser.get(page).status_code == 404


def test_every_post_form_carries_a_csrf_token(
    browser: Browser, db: Database, owned: str, web_app
) -> None:
    page = f"/sets/{owned}"
    browser.submit(page, f"{page}/share-links", {"role": "viewer"})
    browser.submit(page, f"{page}/members", {"username": "bob", "role": "viewer"})
    browser.submit("/account/tokens", "/account/tokens", {"name": "laptop"})
    seen = 0
    for path in ("/", page, "/account/tokens", "/install", "/users/alice"):
        for form in browser.page(path).find_all("form"):
            if form.get("method", "get").lower() != "post":
                continue
            seen += 1
            token = form.find("input", attrs={"name": "csrf_token", "type": "hidden"})
            assert token is not None and token["value"], (path, form.get("action"))
    anonymous = Browser(web_app.test_client())
    for path in ("/signin", "/register"):
        for form in anonymous.page(path).select("form[method=post]"):
            seen += 1
            assert form.find("input", attrs={"name": "csrf_token"})["value"]
    assert seen >= 12
