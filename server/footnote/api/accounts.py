"""Accounts: registration, API tokens (sign in / out), profile."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from footnote import store, validation
from footnote.errors import Forbidden, Unauthorized
from footnote.http.auth import (
    check_sign_in_allowed,
    current_principal,
    record_failed_sign_in,
    record_sign_in,
    require_user,
)
from footnote.http.connection import get_db
from footnote.http.request import base_url, json_body
from footnote.store import accounts
from footnote.wire import token_to_wire, user_to_wire

bp = Blueprint("api_accounts", __name__)


@bp.post("/users")
def register() -> tuple[Response, int, dict[str, str]]:
    """Create an account (when registration is on)."""
    if not current_app.config["REGISTRATION"]:
        raise Forbidden("registration is switched off on this service", None)
    data = validation.validate_registration(json_body())
    user = store.create_user(
        get_db(),
        data["username"],
        data["password"],
        hash_method=current_app.config["PASSWORD_HASH_METHOD"],
    )
    wire = user_to_wire(user, base_url())
    return jsonify(wire), 201, {"Location": f"{base_url()}/api/profile"}


@bp.post("/tokens")
def create_token() -> tuple[Response, int]:
    """Sign in: username and password give a new API token (shown once)."""
    body = json_body()
    username = body.get("username") if isinstance(body, dict) else None
    if isinstance(username, str):
        check_sign_in_allowed(username[:64])
    data = validation.validate_sign_in(body)
    db = get_db()
    user = store.authenticate(db, data["username"], data["password"])
    if user is None:
        record_failed_sign_in(data["username"])
        raise Unauthorized("wrong username or password", None)
    record_sign_in(user["username"])
    token, plaintext = store.create_token(db, user["id"], data["name"])
    wire = token_to_wire(token)
    wire["token"] = plaintext
    wire["user"] = user_to_wire(user, base_url())
    return jsonify(wire), 201


@bp.get("/tokens")
def list_tokens() -> Response:
    """The caller's active API tokens (names and dates, never the tokens)."""
    principal = require_user()
    tokens = store.list_tokens(get_db(), principal.user_id or "")
    return jsonify({"tokens": [token_to_wire(t) for t in tokens]})


@bp.delete("/tokens/current")
def revoke_current_token() -> tuple[str, int]:
    """Sign out: revoke the token this request carries."""
    principal = require_user()
    if principal.token_id is None:
        raise Unauthorized("send the token to revoke as Authorization: Bearer", "Authorization")
    store.revoke_token(get_db(), principal.user_id or "", principal.token_id)
    return "", 204


@bp.delete("/tokens/<token_id>")
def revoke_token(token_id: str) -> tuple[str, int]:
    """Revoke one of the caller's tokens by id."""
    principal = require_user()
    store.revoke_token(get_db(), principal.user_id or "", token_id)
    return "", 204


def _confirm_password(username: str, user_id: str, password: str, field: str) -> None:
    """403 unless `password` is the account's; failures count like failed sign-ins.

    A stolen token must not become a way to guess the password, so the sign-in limits apply.
    """
    check_sign_in_allowed(username)
    if not accounts.verify_password(get_db(), user_id, password):
        record_failed_sign_in(username)
        raise Forbidden("the password is wrong", field)


@bp.put("/users/me/password")
def change_password() -> Response:
    """Change the caller's password (current one required); web sessions end, tokens stay.

    `revokeTokens: true` also revokes every API token but the one making this request.
    """
    principal = require_user()
    data = validation.validate_password_change(json_body())
    user_id, username = principal.user_id or "", principal.username or ""
    _confirm_password(username, user_id, data["current"], "currentPassword")
    outcome = accounts.change_password(
        get_db(),
        user_id,
        data["new"],
        hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        revoke_tokens=data["revoke_tokens"],
        keep_token=principal.token_id,
    )
    return jsonify(outcome)


@bp.delete("/users/me")
def delete_account() -> Response:
    """Delete the caller's account (password required); see store.accounts for its sets."""
    principal = require_user()
    password = validation.validate_account_deletion(json_body())
    user_id = principal.user_id or ""
    _confirm_password(principal.username or "", user_id, password, "password")
    return jsonify(accounts.delete_account(get_db(), user_id))


@bp.get("/profile")
def profile() -> Response:
    """The signed-in account."""
    principal = require_user(current_principal())
    user = store.get_user(get_db(), principal.user_id or "")
    if user is None:
        raise Unauthorized("this account no longer exists", "Authorization")
    return jsonify(user_to_wire(user, base_url()))
