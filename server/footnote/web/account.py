"""Sign in, sign out, register, and the account's API tokens."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from footnote import validation
from footnote.errors import FootnoteError
from footnote.http.connection import get_db
from footnote.http.errors import status_of
from footnote.store import users
from footnote.web import bp, no_store
from footnote.web.session import (
    current_user,
    login_required,
    registration_open,
    safe_next,
    sign_in,
    sign_out,
)
from footnote.web.signin_limit import authenticate_limited

# The hints say exactly what validation.username and validation.password accept, and the fields'
# minlength/maxlength/pattern attributes (register.html) say the same to the browser.
USERNAME_HINT = (
    "2–32 letters, digits, dots, dashes or underscores, starting with a letter or digit."
)
PASSWORD_HINT = (  # noqa: S105 (a form hint)
    f"{validation.MIN_PASSWORD}–{validation.MAX_PASSWORD} characters."
)
REGISTER_LIMITS = {
    "username_min": 2,
    "username_max": 32,
    "username_pattern": "[A-Za-z0-9][A-Za-z0-9_.\\-]{1,31}",
    "password_min": validation.MIN_PASSWORD,
    "password_max": validation.MAX_PASSWORD,
}

Page = Response | str | tuple[str, int]


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Page:
    """The sign-in form; failures count toward the same rate limit as the API's sign-in."""
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET":
        if current_user() is not None:
            return redirect(next_url or url_for("web.home"))
        return render_template("web/signin.html", next_url=next_url)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")

    def failed(message: str, status: int) -> tuple[str, int]:
        page = render_template(
            "web/signin.html", error=message, username=username, next_url=next_url
        )
        return page, status

    try:
        user = authenticate_limited(username, password)
    except FootnoteError as error:
        return failed(error.message, status_of(error))
    if user is None:
        return failed("Wrong username or password.", 401)
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
def register() -> Page:
    """The registration form (when registration is on); success signs the new user in."""
    hints = {"username_hint": USERNAME_HINT, "password_hint": PASSWORD_HINT, **REGISTER_LIMITS}
    if not registration_open():
        return render_template(
            "web/register.html", **hints
        ), 403 if request.method == "POST" else 200
    if request.method == "GET":
        return render_template("web/register.html", **hints)
    username = request.form.get("username", "").strip()

    def failed(errors: dict[str, str], status: int) -> tuple[str, int]:
        page = render_template("web/register.html", errors=errors, username=username, **hints)
        return page, status

    errors = registration_errors(
        username, request.form.get("password", ""), request.form.get("password2", "")
    )
    if errors:
        return failed(errors, 400)
    try:
        fields = validation.validate_registration(
            {"username": username, "password": request.form.get("password", "")}
        )
        user = users.create_user(
            get_db(),
            fields["username"],
            fields["password"],
            hash_method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"),
        )
    except FootnoteError as error:
        return failed({error.field or "username": error.message}, status_of(error))
    sign_in(user)
    flash(f"Welcome, {user['username']}. Your account is ready.", "info")
    return redirect(url_for("web.home"))


def registration_errors(username: str, password: str, password2: str) -> dict[str, str]:
    """Every problem with a registration form at once, by field id (empty when it is fine)."""
    errors: dict[str, str] = {}
    for field, check, value in (
        ("username", validation.username, username),
        ("password", validation.password, password),
    ):
        try:
            check(value)
        except FootnoteError as error:
            errors[field] = error.message[:1].upper() + error.message[1:] + "."
    if password != password2:
        errors["password2"] = "The two passwords differ."
    return errors


def _tokens_page(**extra: object) -> str:
    """The tokens page for the signed-in user."""
    user = current_user()
    assert user is not None
    return render_template(
        "web/tokens.html", tokens=users.list_tokens(get_db(), user["id"]), **extra
    )


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
    try:
        name = validation.token_name(request.form.get("name", ""))
    except FootnoteError as error:
        return _tokens_page(error=error.message), status_of(error)
    _record, plaintext = users.create_token(get_db(), user["id"], name)
    no_store()
    return _tokens_page(new_token=plaintext, new_token_name=name)


@bp.post("/account/tokens/<token_id>/revoke")
@login_required
def revoke_token(token_id: str) -> Response | tuple[str, int]:
    """Revoke one of the user's tokens."""
    user = current_user()
    assert user is not None
    try:
        users.revoke_token(get_db(), user["id"], token_id)
    except FootnoteError:
        flash("No such token: it may have been revoked already.", "error")
    else:
        flash("Token revoked.", "info")
    return redirect(url_for("web.tokens"))
