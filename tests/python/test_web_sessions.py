"""Server-side web sessions: the cookie is an id, sign-out ends it, expiry, Secure, proxies."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser

from footnote import create_app, store
from footnote.db import connect
from footnote.store.common import hash_token

COOKIE = "session"


def cookie_of(browser: Browser) -> str | None:
    """The session cookie this browser holds."""
    cookie = browser.client.get_cookie(COOKIE)
    return None if cookie is None else cookie.value


def set_cookie_header(response) -> str:
    """The Set-Cookie header that sets the session cookie."""
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]
    assert len(headers) == 1, headers
    return headers[0]


def test_the_cookie_carries_only_an_id_stored_hashed(browser: Browser, db: Database):
    browser.register("alice")
    value = cookie_of(browser)
    assert value is not None and "." not in value  # no signed payload, just the id
    rows = db.execute("SELECT id_hash, user_id FROM web_sessions").fetchall()
    alice = store.get_user_by_name(db, "alice")
    assert (hash_token(value), alice["id"]) in rows
    assert value not in str(rows)


def test_signing_in_issues_a_new_id(browser: Browser, other_browser: Browser):
    other_browser.register("alice")
    browser.page("/signin")  # the form's CSRF token starts an anonymous session
    before = cookie_of(browser)
    assert before is not None
    assert browser.sign_in("alice").status_code == 302
    assert cookie_of(browser) not in (None, before)  # no session fixation


def test_sign_out_ends_the_session_so_a_copied_cookie_opens_nothing(
    web_app: Flask, browser: Browser, db: Database
):
    browser.register("alice")
    stolen = cookie_of(browser)
    thief = web_app.test_client()
    thief.set_cookie(COOKIE, stolen)
    assert thief.get("/account/tokens").status_code == 200
    browser.sign_out()
    assert db.execute(
        "SELECT count(*) FROM web_sessions WHERE id_hash = ?", [hash_token(stolen)]
    ).fetchone() == (0,)
    response = thief.get("/account/tokens")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin")


@pytest.mark.parametrize("column", ["seen_at", "created_at"], ids=["idle", "absolute"])
def test_sessions_expire_when_idle_or_too_old(
    web_app: Flask, browser: Browser, db: Database, column: str
):
    browser.register("alice")
    assert browser.get("/account/tokens").status_code == 200
    limit = web_app.config["SESSION_IDLE_SECONDS" if column == "seen_at" else "SESSION_MAX_SECONDS"]
    db.execute(f"UPDATE web_sessions SET {column} = ?", [time.time() - limit - 5])
    db.conn.commit()
    assert browser.get("/account/tokens").status_code == 302


def test_cookie_flags_over_plain_http(browser: Browser):
    header = browser.register("alice")
    cookie = set_cookie_header(header)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    assert "Expires=" in cookie  # a signed-in session lasts until its absolute expiry


def test_cookie_is_secure_when_served_over_https(browser: Browser):
    response = browser.client.get("/signin", base_url="https://footnote.example")
    assert "Secure" in set_cookie_header(response)


def test_pages_that_read_the_session_vary_on_cookie(browser: Browser):
    assert "Cookie" in browser.get("/").headers.get("Vary", "")


def test_the_api_neither_reads_nor_writes_sessions(browser: Browser, db: Database):
    browser.register("alice")
    response = browser.get("/api/sets")  # the cookie is sent, and ignored
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers
    assert db.execute("SELECT count(*) FROM web_sessions").fetchone() == (1,)


def make_app(tmp_path, **config) -> Flask:
    """The app with extra config (trusted proxies, cookie settings)."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "proxy.db"),
            "SECRET_KEY": "tests",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            **config,
        }
    )


@pytest.mark.parametrize(
    ("hops", "forwarded", "address", "secure"),
    [
        (0, {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, "127.0.0.1", False),
        (1, {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, "203.0.113.9", True),
        (1, {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}, "203.0.113.9", False),
        (
            2,
            {"X-Forwarded-For": "203.0.113.9, 10.0.0.2", "X-Forwarded-Proto": "https,https"},
            "203.0.113.9",
            True,
        ),
    ],
    ids=["untrusted-by-default", "one-proxy", "forged-hop-ignored", "two-proxies"],
)
def test_trusted_proxies_name_the_client_and_the_scheme(tmp_path, hops, forwarded, address, secure):
    app = make_app(tmp_path, TRUSTED_PROXIES=hops)
    client = app.test_client()
    response = client.post(
        "/api/tokens", json={"username": "nobody", "password": "wrong password"}, headers=forwarded
    )
    assert response.status_code == 401
    with connect(app.config["DATABASE"]) as db:
        keys = {row[0] for row in db.execute("SELECT key FROM rate_events")}
    assert address in keys  # the sign-in limit counted the real client
    page = client.get("/signin", headers=forwarded)
    assert ("Secure" in set_cookie_header(page)) is secure


@pytest.mark.parametrize(("setting", "secure"), [(True, True), (False, False)])
def test_secure_cookies_can_be_forced_either_way(tmp_path, setting, secure):
    app = make_app(tmp_path, SESSION_COOKIE_SECURE=setting)
    page = app.test_client().get("/signin", base_url="https://footnote.example")
    assert ("Secure" in set_cookie_header(page)) is secure
