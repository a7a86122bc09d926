"""Sign in, sign out, register, and the account's API tokens."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from footnote import store
from footnote.db import get_db
from footnote.errors import ApiError, RateLimited
from footnote.web import bp
from footnote.web.session import (
    current_user,
    login_required,
    registration_open,
    safe_next,
    sign_in,
    sign_out,
)

USERNAME_HINT = "Letters, digits, dots, dashes and underscores."
PASSWORD_HINT = "At least 8 characters."  # noqa: S105 (a hint shown on the form)
TOKEN_NAME_MAX = 100


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Response | str | tuple[str, int]:
    """The sign-in form; failures count toward the same rate limit as the API's sign-in."""
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET":
        if current_user() is not None:
            return redirect(next_url or url_for("web.home"))
        return render_template("web/signin.html", next_url=next_url)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        user = store.authenticate(get_db(), username, password)
    except RateLimited as error:
        page = render_template(
            "web/signin.html", error=error.message, username=username, next_url=next_url
        )
        return page, 429
    if user is None:
        page = render_template(
            "web/signin.html",
            error="Wrong username or password.",
            username=username,
            next_url=next_url,
        )
        return page, 401
    sign_in(user)
    flash(f"Signed in as {user['username']}.", "info")
    return redirect(next_url or url_for("web.home"))


@bp.post("/signout")
def signout() -> Response:
    """End the web session (POST with the CSRF token, so no link can sign anyone out)."""
    sign_out()
    flash("Signed out.", "info")
    return redirect(url_for("web.home"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Response | str | tuple[str, int]:
    """The registration form (when registration is on); success signs the new user in."""
    hints = {"username_hint": USERNAME_HINT, "password_hint": PASSWORD_HINT}
    if not registration_open():
        return render_template(
            "web/register.html", **hints
        ), 403 if request.method == "POST" else 200
    if request.method == "GET":
        return render_template("web/register.html", **hints)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    if password != request.form.get("password2", ""):
        error = "The two passwords differ."
        return render_template("web/register.html", error=error, username=username, **hints), 400
    try:
        user = store.create_user(get_db(), username, password)
    except ApiError as error:
        page = render_template("web/register.html", error=error.message, username=username, **hints)
        return page, error.status
    sign_in(user)
    flash(f"Welcome, {user['username']}. Your account is ready.", "info")
    return redirect(url_for("web.home"))


def _tokens_page(**extra: object) -> str:
    """The tokens page for the signed-in user."""
    user = current_user()
    assert user is not None
    tokens = store.list_tokens(get_db(), user["id"])
    return render_template("web/tokens.html", tokens=tokens, **extra)


@bp.get("/account/tokens")
@login_required
def tokens() -> str:
    """List the user's API tokens, with a form to create one."""
    return _tokens_page()


@bp.post("/account/tokens")
@login_required
def create_token() -> str | tuple[str, int]:
    """Create a named token and show its plaintext once, in this response only."""
    user = current_user()
    assert user is not None
    name = request.form.get("name", "").strip()
    if not name or len(name) > TOKEN_NAME_MAX:
        return _tokens_page(error=f"Give the token a name of 1–{TOKEN_NAME_MAX} characters."), 400
    plaintext = store.create_token(get_db(), user["id"], name)
    return _tokens_page(new_token=plaintext, new_token_name=name)


@bp.post("/account/tokens/<token_id>/revoke")
@login_required
def revoke_token(token_id: str) -> Response:
    """Revoke one of the user's tokens."""
    user = current_user()
    assert user is not None
    store.revoke_token(get_db(), user["id"], token_id)
    flash("Token revoked.", "info")
    return redirect(url_for("web.tokens"))
