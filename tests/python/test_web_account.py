"""Register, sign in, sign out, the sign-in rate limit, CSRF, and account tokens."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import PASSWORD, Browser, flashes, soup_of

from footnote import store


def user_count(db: Database) -> int:
    """How many accounts exist."""
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


def token_count(db: Database) -> int:
    """How many API tokens exist, revoked or not."""
    return db.execute("SELECT count(*) FROM tokens").fetchone()[0]


def test_register_signs_the_new_user_in(browser: Browser, db: Database) -> None:
    response = browser.register("alice")
    assert response.headers["Location"] == "/"
    alice = store.get_user_by_name(db, "alice")
    assert alice is not None
    assert browser.session_user_id() == alice["id"]
    header = browser.page("/").select_one(".whoami")
    assert header.get_text(" ", strip=True) == "Signed in as alice"
    assert store.authenticate(db, "alice", PASSWORD) is not None


@pytest.mark.parametrize(
    ("username", "password", "password2", "status", "message"),
    [
        ("alice", "short", "short", 400, "at least 8"),
        ("a", PASSWORD, PASSWORD, 400, "username must be"),
        ("bad name!", PASSWORD, PASSWORD, 400, "username must be"),
        ("alice", PASSWORD, PASSWORD + "x", 400, "passwords differ"),
        ("taken", PASSWORD, PASSWORD, 409, "taken"),
    ],
    ids=["short-password", "short-name", "bad-characters", "mismatch", "taken-name"],
)
def test_registration_refuses_bad_input_and_creates_nothing(
    browser: Browser,
    db: Database,
    username: str,
    password: str,
    password2: str,
    status: int,
    message: str,
) -> None:
    store.create_user(db, "taken", "another password", hash_method="pbkdf2:sha256:1000")
    before = user_count(db)
    response = browser.submit(
        "/register",
        "/register",
        {"username": username, "password": password, "password2": password2},
    )
    assert response.status_code == status
    error = soup_of(response).select_one("#form-error").get_text()
    assert message.lower() in error.lower()
    assert user_count(db) == before
    assert browser.session_user_id() is None


def test_registration_reports_every_problem_at_once(browser: Browser, db: Database) -> None:
    response = browser.submit(
        "/register", "/register", {"username": "a", "password": "short", "password2": "other"}
    )
    assert response.status_code == 400
    soup = soup_of(response)
    items = [li.get_text() for li in soup.select("#form-error li")]
    assert len(items) == 3, items
    assert [a["href"] for a in soup.select("#form-error li a")] == [
        "#username",
        "#password",
        "#password2",
    ]
    for field in ("username", "password", "password2"):
        assert soup.select_one(f"#{field}")["aria-invalid"] == "true"
    assert user_count(db) == 0


def test_registration_hints_match_what_the_fields_accept(browser: Browser) -> None:
    soup = browser.page("/register")
    name = soup.select_one("#username")
    assert (name["minlength"], name["maxlength"]) == ("2", "32")
    assert "2–32" in soup.select_one("#username-hint").get_text()
    password = soup.select_one("#password")
    hint = soup.select_one("#password-hint").get_text()
    assert f"{password['minlength']}–{password['maxlength']}" in hint
    # The browser's pattern accepts what validation.USERNAME_RE accepts.
    assert re.fullmatch(name["pattern"], "a.b-c_9") and not re.fullmatch(name["pattern"], ".ab")


def test_registration_can_be_switched_off(web_app: Flask, browser: Browser, db: Database) -> None:
    web_app.config["REGISTRATION"] = False
    soup = browser.page("/register")
    assert soup.select("form[action='/register']") == []
    assert soup.select("nav a[href='/register']") == []
    token = browser.form_on("/signin", "/signin")["csrf_token"]
    response = browser.client.post(
        "/register",
        data={"csrf_token": token, "username": "eve", "password": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 403
    assert user_count(db) == 0


def test_sign_in_and_out(browser: Browser, other_browser: Browser, db: Database) -> None:
    other_browser.register("alice")
    response = browser.sign_in("alice")
    assert response.status_code == 302
    assert browser.session_user_id() == store.get_user_by_name(db, "alice")["id"]
    response = browser.sign_out()
    assert response.status_code == 302
    assert browser.session_user_id() is None
    assert flashes(browser.page("/")) == ["Signed out."]
    assert browser.get("/signout").status_code == 405


def test_wrong_password_is_refused(browser: Browser, other_browser: Browser) -> None:
    other_browser.register("alice")
    response = browser.sign_in("alice", "not the password")
    assert response.status_code == 401
    soup = soup_of(response)
    assert soup.select_one("#form-error").get_text() == "Wrong username or password."
    assert soup.select_one("input#username")["value"] == "alice"
    assert browser.session_user_id() is None


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/account/tokens", "/account/tokens"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
    ids=["same-site", "scheme-relative", "absolute", "backslash"],
)
def test_sign_in_returns_only_to_same_site_pages(
    browser: Browser, other_browser: Browser, next_url: str, landing: str
) -> None:
    other_browser.register("alice")
    path = "/signin?" + "next=" + next_url
    token = browser.form_on("/signin", "/signin")["csrf_token"]
    response = browser.client.post(
        path, data={"csrf_token": token, "username": "alice", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == landing


def test_pages_that_need_an_account_send_visitors_to_sign_in(browser: Browser) -> None:
    response = browser.get("/account/tokens")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin?next=/account/tokens"


def test_sign_in_failures_hit_the_shared_rate_limit(
    web_app: Flask, browser: Browser, other_browser: Browser
) -> None:
    other_browser.register("alice")
    limit = web_app.config["SIGN_IN_LIMIT"]
    for _ in range(limit):
        assert browser.sign_in("alice", "wrong password").status_code == 401
    blocked = browser.sign_in("alice")
    assert blocked.status_code == 429
    assert "too many" in soup_of(blocked).select_one("#form-error").get_text()
    assert browser.session_user_id() is None


def test_api_sign_in_failures_count_toward_the_web_limit(
    web_app: Flask, browser: Browser, other_browser: Browser
) -> None:
    other_browser.register("alice")
    limit = web_app.config["SIGN_IN_LIMIT"]
    api = web_app.test_client()
    for _ in range(limit):
        response = api.post("/api/tokens", json={"username": "alice", "password": "wrong one"})
        assert response.status_code == 401
    assert browser.sign_in("alice").status_code == 429


def test_post_without_csrf_token_is_refused_and_changes_nothing(
    browser: Browser, db: Database
) -> None:
    response = browser.client.post(
        "/register", data={"username": "eve", "password": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert soup_of(response).find("h1").get_text(strip=True) == "Form expired"
    assert user_count(db) == 0
    browser.register("alice")
    assert browser.client.post("/account/tokens", data={"name": "x"}).status_code == 400
    assert token_count(db) == 0
    forged = browser.client.post("/signout", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert browser.session_user_id() is not None


def test_token_is_shown_once_listed_and_revocable(browser: Browser, db: Database) -> None:
    browser.register("alice")
    response = browser.submit("/account/tokens", "/account/tokens", {"name": "import script"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    soup = soup_of(response)
    shown = soup.select_one("#new-token input.copy-field")["value"]
    assert soup.select_one("#new-token input.copy-field").has_attr("readonly")
    assert soup.select_one("#new-token button[data-copy]")["data-copy"] == "new-token-value"
    assert shown.startswith("fn_")
    found = store.resolve_token(db, shown)
    assert found is not None and found[0]["username"] == "alice"
    listing = browser.page("/account/tokens")
    assert listing.select_one("#new-token") is None
    assert shown not in listing.get_text()
    rows = listing.select("#tokens tbody tr")
    assert [r.find("td").get_text() for r in rows] == ["import script"]
    token_id = rows[0]["data-token-id"]
    revoke = f"/account/tokens/{token_id}/revoke"
    response = browser.submit("/account/tokens", revoke, {})
    assert response.status_code == 302
    assert store.resolve_token(db, shown) is None
    after = browser.page("/account/tokens")
    assert after.select("#tokens tbody tr") == []
    assert flashes(after) == ["Token revoked."]


def test_token_needs_a_name(browser: Browser, db: Database) -> None:
    browser.register("alice")
    response = browser.submit("/account/tokens", "/account/tokens", {"name": "   "})
    assert response.status_code == 400
    assert "name" in soup_of(response).select_one("#form-error").get_text()
    assert token_count(db) == 0


def test_nobody_revokes_another_users_token(
    browser: Browser, other_browser: Browser, db: Database
) -> None:
    browser.register("alice")
    alice = store.get_user_by_name(db, "alice")
    record, plaintext = store.create_token(db, alice["id"], "laptop")
    other_browser.register("mallory")
    token = other_browser.form_on("/account/tokens", "/account/tokens")["csrf_token"]
    response = other_browser.client.post(
        f"/account/tokens/{record['id']}/revoke", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert store.resolve_token(db, plaintext) is not None
