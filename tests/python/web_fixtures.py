"""Fixtures and a tiny form-submitting browser for the web page tests (CSRF stays on)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlite_utils import Database
from werkzeug.test import TestResponse

from footnote import create_app
from footnote.db import connect

__all__ = ["Browser", "browser", "db", "flashes", "other_browser", "soup_of", "web_app"]

PASSWORD = "correct horse battery"


@pytest.fixture
def web_app(tmp_path: Path) -> Flask:
    """The real application on a fresh SQLite file, CSRF protection on, no built extension."""
    db_path = tmp_path / "footnote.db"
    connect(db_path, migrate=True).close()
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(db_path),
            "SECRET_KEY": "web-tests",
            "WTF_CSRF_ENABLED": True,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "FOOTNOTE_EXTENSION_DIR": str(tmp_path / "no-extension-here"),
        }
    )
    return app


@pytest.fixture
def db(web_app: Flask) -> Iterator[Database]:
    """A second connection to the app's database, for seeding and for checking outcomes."""
    conn = connect(web_app.config["DATABASE"])
    yield conn
    conn.close()


class Browser:
    """A test client that reads pages as HTML and submits their forms with their CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.last: TestResponse | None = None

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        """GET a page."""
        self.last = self.client.get(path, **kwargs)
        return self.last

    def page(self, path: str, status: int = 200) -> BeautifulSoup:
        """GET a page, check its status, and parse it."""
        response = self.get(path)
        assert response.status_code == status, (path, response.status_code)
        return soup_of(response)

    def form_on(self, path: str, action: str) -> dict[str, str]:
        """The hidden fields (the CSRF token) of the form on `path` that posts to `action`."""
        soup = self.page(path)
        form = soup.find("form", attrs={"action": action})
        assert form is not None, f"no form posting to {action} on {path}"
        return {
            field["name"]: field.get("value", "")
            for field in form.find_all("input", attrs={"type": "hidden"})
        }

    def submit(self, path: str, action: str, data: dict[str, str]) -> TestResponse:
        """Fill in and submit the form on `path` that posts to `action`, as a browser would."""
        fields = self.form_on(path, action)
        fields.update(data)
        self.last = self.client.post(action, data=fields)
        return self.last

    def register(self, username: str, password: str = PASSWORD) -> TestResponse:
        """Create an account through the registration form (which also signs in)."""
        response = self.submit(
            "/register",
            "/register",
            {"username": username, "password": password, "password2": password},
        )
        assert response.status_code == 302, soup_of(response).get_text(" ", strip=True)
        return response

    def sign_in(self, username: str, password: str = PASSWORD) -> TestResponse:
        """Sign in through the sign-in form."""
        return self.submit("/signin", "/signin", {"username": username, "password": password})

    def sign_out(self) -> TestResponse:
        """Sign out through the header's form."""
        return self.submit("/", "/signout", {})

    def session_user_id(self) -> str | None:
        """The `user_id` stored in this browser's session cookie."""
        with self.client.session_transaction() as session:
            return session.get("user_id")


def soup_of(response: TestResponse) -> BeautifulSoup:
    """A response body parsed as HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def browser(web_app: Flask) -> Browser:
    """An anonymous visitor."""
    return Browser(web_app.test_client())


@pytest.fixture
def other_browser(web_app: Flask) -> Browser:
    """A second visitor with their own cookies."""
    return Browser(web_app.test_client())


def flashes(soup: BeautifulSoup) -> list[str]:
    """The texts of the flashed messages on a page."""
    return [li.get_text(strip=True) for li in soup.select("ul.flash li")]
