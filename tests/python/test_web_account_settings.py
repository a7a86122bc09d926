"""The account page: password change (other sessions end) and account deletion."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import PASSWORD, Browser, flashes, soup_of

from footnote import store

NEW_PASSWORD = "a brand new passphrase"


def change(browser: Browser, current: str, new: str, new2: str | None = None, **extra: str):
    data = {
        "current_password": current,
        "new_password": new,
        "new_password2": new if new2 is None else new2,
        **extra,
    }
    return browser.submit("/account", "/account/password", data)


def test_account_page_says_what_deletion_does_to_each_set(browser: Browser, db: Database):
    browser.register("alice")
    store.create_user(db, "carol", PASSWORD, hash_method="pbkdf2:sha256:1000")
    alice = store.get_user_by_name(db, "alice")
    store.create_set(db, alice["id"], "Alone")
    shared = store.create_set(db, alice["id"], "Together")
    store.put_member(db, shared["id"], "carol", "owner")
    soup = browser.page("/account")
    plan = soup.select_one("#deletion-plan")
    assert [li.get_text() for li in plan.select(".sets-deleted li")] == ["Alone"]
    assert [li.get_text() for li in plan.select(".sets-handed-over li")] == ["Together → carol"]
    assert soup.select_one("nav a[aria-current='page']").get_text() == "Account"


def test_password_change_signs_out_other_browsers_and_keeps_this_one(
    browser: Browser, other_browser: Browser, db: Database
):
    browser.register("alice")
    assert other_browser.sign_in("alice").status_code == 302
    alice = store.get_user_by_name(db, "alice")
    _record, token = store.create_token(db, alice["id"], "script")
    response = change(browser, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert flashes(browser.page("/account")) == ["Password changed. Other sessions signed out: 1."]
    assert other_browser.get("/account").status_code == 302  # sent to sign in
    assert store.authenticate(db, "alice", NEW_PASSWORD) is not None
    assert store.resolve_token(db, token) is not None  # tokens stay unless asked


def test_password_change_can_revoke_every_token(browser: Browser, db: Database):
    browser.register("alice")
    alice = store.get_user_by_name(db, "alice")
    _record, token = store.create_token(db, alice["id"], "script")
    assert change(browser, PASSWORD, NEW_PASSWORD, revoke_tokens="yes").status_code == 302
    assert store.resolve_token(db, token) is None
    assert "API tokens revoked: 1." in flashes(browser.page("/account"))[0]


@pytest.mark.parametrize(
    ("current", "new", "new2", "status", "message"),
    [
        ("wrong password", NEW_PASSWORD, None, 403, "not your current password"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", 400, "differ"),
        (PASSWORD, "short", None, 400, "at least 8"),
    ],
    ids=["wrong-current", "mismatch", "too-short"],
)
def test_password_change_refusals_change_nothing(
    browser: Browser, db: Database, current, new, new2, status, message
):
    browser.register("alice")
    response = change(browser, current, new, new2)
    assert response.status_code == status
    assert message in soup_of(response).select_one("#password-error").get_text()
    assert store.authenticate(db, "alice", PASSWORD) is not None


def test_deleting_the_account_signs_out_and_frees_the_name(
    web_app: Flask, browser: Browser, db: Database
):
    browser.register("alice")
    alice = store.get_user_by_name(db, "alice")
    store.create_set(db, alice["id"], "Alone")
    refused = browser.submit("/account", "/account/delete", {"password": "not it"})
    assert refused.status_code == 403
    assert soup_of(refused).select_one("#delete-error").get_text() == (
        "That is not your current password."
    )
    assert store.get_user_by_name(db, "alice") is not None
    response = browser.submit("/account", "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = browser.page("/")
    assert flashes(home) == ["Your account alice was deleted, with 1 set(s)."]
    assert home.select_one(".whoami") is None
    assert store.get_user_by_name(db, "alice") is None
    assert db.execute("SELECT count(*) FROM sets").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM web_sessions WHERE user_id IS NOT NULL").fetchone() == (
        0,
    )
