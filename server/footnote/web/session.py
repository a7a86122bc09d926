"""Who is signed in to the web pages: the server-side session's `user_id`, checked in the store."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for

from footnote.http.connection import get_db
from footnote.store import users

F = TypeVar("F", bound=Callable[..., Any])


def current_user() -> dict[str, Any] | None:
    """The signed-in user (a dict with `id` and `username`), or None; cached on `g`."""
    if "web_user" not in g:
        user = None
        user_id = session.get("user_id")
        if user_id:
            user = users.get_user(get_db(), user_id)
            if user is None:
                session.pop("user_id", None)
        g.web_user = user
    return g.web_user


def _forget_cached_principal() -> None:
    """Drop this request's cached user and principal after the session changed."""
    g.pop("web_user", None)
    g.pop("footnote_principal", None)


def sign_in(user: dict[str, Any]) -> None:
    """Start a fresh web session for `user`: new id (no fixation), old contents dropped."""
    session.clear()
    session["user_id"] = user["id"]
    session.renew_id()  # type: ignore[attr-defined]
    _forget_cached_principal()


def sign_out() -> None:
    """End the web session on the server: its cookie, even a copy, opens nothing any more."""
    session.clear()
    session.renew_id()  # type: ignore[attr-defined]
    _forget_cached_principal()


def current_session_id() -> str | None:
    """The id of this request's web session (None before it is first saved)."""
    return getattr(session, "session_id", None)


def registration_open() -> bool:
    """Whether new accounts may be created (config `REGISTRATION`, on by default)."""
    return bool(current_app.config.get("REGISTRATION", True))


def safe_next(target: str | None) -> str | None:
    """`target` if it is a same-site path (no scheme, no host), else None: no open redirects."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


def login_required(view: F) -> F:
    """Send anonymous visitors to the sign-in page, then back here."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            # After signing in, come back to this page; a form's action cannot be re-shown.
            back = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("web.signin", next=back))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
