"""The account page: change the password, delete the account (both need the password)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from footnote import validation
from footnote.errors import FootnoteError, Forbidden, ValidationError
from footnote.http import auth
from footnote.http.connection import get_db
from footnote.http.errors import status_of
from footnote.store import accounts
from footnote.web import bp
from footnote.web.account import PASSWORD_HINT
from footnote.web.session import current_session_id, current_user, login_required, sign_out


def _page(**extra: object) -> str:
    """The account page for the signed-in user, with what deletion would do to their sets."""
    user = current_user()
    assert user is not None
    plan = accounts.deletion_plan(get_db(), user["id"])
    return render_template("web/account.html", plan=plan, password_hint=PASSWORD_HINT, **extra)


def _confirm_password(user: dict, password: str) -> None:
    """Forbidden unless it is the user's password; failures count like failed sign-ins."""
    auth.check_sign_in_allowed(user["username"])
    checked = validation.current_password(password)
    if not accounts.verify_password(get_db(), user["id"], checked):
        auth.record_failed_sign_in(user["username"])
        raise Forbidden("That is not your current password.", "password")


@bp.get("/account")
@login_required
def account() -> str:
    """The account page."""
    return _page()


@bp.post("/account/password")
@login_required
def change_password() -> Response | tuple[str, int]:
    """Change the password; every other session ends, tokens only when the box is ticked."""
    user = current_user()
    assert user is not None
    try:
        if request.form.get("new_password", "") != request.form.get("new_password2", ""):
            raise ValidationError("The two new passwords differ.", "new_password2")
        _confirm_password(user, request.form.get("current_password", ""))
        new = validation.password(request.form.get("new_password", ""), "new password")
    except FootnoteError as error:
        return _page(password_error=error.message), status_of(error)
    outcome = accounts.change_password(
        get_db(),
        user["id"],
        new,
        hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        keep_session=current_session_id(),
        revoke_tokens=request.form.get("revoke_tokens") == "yes",
    )
    session.renew_id()  # type: ignore[attr-defined]
    message = f"Password changed. Other sessions signed out: {outcome['sessionsEnded']}."
    if outcome["tokensRevoked"]:
        message += f" API tokens revoked: {outcome['tokensRevoked']}."
    flash(message, "info")
    return redirect(url_for("web.account"))


@bp.post("/account/delete")
@login_required
def delete_account() -> Response | tuple[str, int]:
    """Delete the account (see footnote.store.accounts) and sign out."""
    user = current_user()
    assert user is not None
    try:
        _confirm_password(user, request.form.get("password", ""))
    except FootnoteError as error:
        return _page(delete_error=error.message), status_of(error)
    outcome = accounts.delete_account(get_db(), user["id"])
    sign_out()
    flash(
        f"Your account {user['username']} was deleted, with {outcome['setsDeleted']} set(s).",
        "info",
    )
    return redirect(url_for("web.home"))
