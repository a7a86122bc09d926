"""Who is asking: Bearer tokens (API `fn_…`, share `fns_…`) and, for web pages, the session."""

from __future__ import annotations

import math
import time
from typing import Any

from flask import current_app, g, request, session

from footnote import store
from footnote.errors import Forbidden, NotFound, RateLimited, Unauthorized
from footnote.http.connection import defer_bookkeeping, get_db
from footnote.store import ANONYMOUS, Principal, ratelimit, signin_limits
from footnote.store.sets import ROLE_RANK, SHARE_TOKEN_PREFIX
from footnote.store.users import TOKEN_PREFIX

__all__ = [
    "ANONYMOUS",
    "Principal",
    "check_sign_in_allowed",
    "check_talk_allowed",
    "check_write_allowed",
    "current_principal",
    "record_failed_sign_in",
    "record_sign_in",
    "require_reply_right",
    "require_role",
    "require_user",
    "set_for",
]

WRITE_BUCKET = "write"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _bearer() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization must be 'Bearer <token>'", "Authorization")
    return token.strip()


def principal_from_token(token: str) -> Principal:
    """Resolve an API or share token; raise Unauthorized when unknown or revoked."""
    db = get_db()
    if token.startswith(SHARE_TOKEN_PREFIX):
        link = store.resolve_share_token(db, token)
        if link is None:
            raise Unauthorized("this share link is unknown or was revoked", "Authorization")
        return Principal(
            share_set_id=link["set_id"], share_role=link["role"], share_link_id=link["id"]
        )
    if token.startswith(TOKEN_PREFIX):
        found = store.resolve_token(db, token)
        if found is not None:
            user, tok = found
            return Principal(user_id=user["id"], username=user["username"], token_id=tok["id"])
    raise Unauthorized("this token is unknown or was revoked", "Authorization")


def current_principal(*, use_session: bool | None = None) -> Principal:
    """The caller: a Bearer token wins; web pages (not /api, /w3c) also accept the session.

    The API ignores session cookies on purpose: it is exempt from CSRF protection, so a cookie
    must never authorise an API write.
    """
    if "footnote_principal" in g:
        return g.footnote_principal
    token = _bearer()
    if token is not None:
        principal = principal_from_token(token)
    else:
        principal = ANONYMOUS
        if use_session is None:
            use_session = not request.path.startswith(("/api/", "/w3c/"))
        user_id = session.get("user_id") if use_session else None
        if user_id:
            user = store.get_user(get_db(), user_id)
            if user is not None:
                principal = Principal(user_id=user["id"], username=user["username"])
    g.footnote_principal = principal
    return principal


def require_user(principal: Principal | None = None) -> Principal:
    """The caller as a signed-in account: 401 when anonymous, 403 for share-link holders."""
    principal = principal or current_principal()
    if principal.is_share:
        raise Forbidden("a share link does not stand for an account; sign in", "Authorization")
    if not principal.is_user:
        raise Unauthorized("sign in first: send Authorization: Bearer <token>", "Authorization")
    return principal


def set_for(set_id: str, principal: Principal | None = None) -> tuple[dict[str, Any], str | None]:
    """The set and the caller's role; 404 when it does not exist or the caller may not read it."""
    principal = principal or current_principal()
    db = get_db()
    found = store.get_set(db, set_id)
    if found is None:
        raise NotFound("no such set", "set")
    role = store.role_for(db, set_id, principal)
    if not store.can_read(found, role):
        raise NotFound("no such set", "set")
    return found, role


def require_role(
    set_id: str, needed: str, principal: Principal | None = None
) -> tuple[dict[str, Any], str | None]:
    """The set and role, after checking the caller has at least `needed` on it.

    404 for a set the caller may not read; 401 when an anonymous reader tries to write;
    403 for a reader without the role.
    """
    principal = principal or current_principal()
    found, role = set_for(set_id, principal)
    if ROLE_RANK[role] < ROLE_RANK[needed]:
        if not principal.is_user and not principal.is_share:
            raise Unauthorized("sign in to change this set", "Authorization")
        raise Forbidden(f"this needs the {needed} role on the set", "set")
    return found, role


def sign_in_policy() -> signin_limits.SignInPolicy:
    """The sign-in limits from the app's config."""
    config = current_app.config
    return signin_limits.SignInPolicy(
        user_limit=config["SIGN_IN_LIMIT"],
        window=config["SIGN_IN_WINDOW"],
        address_free=config["SIGN_IN_IP_FREE"],
        address_window=config["SIGN_IN_IP_WINDOW"],
        backoff_cap=config["SIGN_IN_BACKOFF_CAP"],
        trust=config["SIGN_IN_TRUST_SECONDS"],
    )


def client_address() -> str:
    """The client's address (after the trusted proxies, see FOOTNOTE_TRUSTED_PROXIES)."""
    return request.remote_addr or "unknown"


def check_sign_in_allowed(username: str) -> None:
    """Raise RateLimited (429) when this client must wait before trying `username` again.

    See `footnote.store.signin_limits`: a known-good client is held back only by its own
    failures; unknown clients by the name's failures and, with backoff, their address's.
    """
    wait = signin_limits.wait_before_sign_in(get_db(), username, client_address(), sign_in_policy())
    if wait > 0:
        raise RateLimited(f"too many failed sign-ins; try again in {wait} seconds", wait)


def record_failed_sign_in(username: str) -> None:
    """Count a failed sign-in (or a wrong current password) for this name and client."""
    signin_limits.record_failure(get_db(), username, client_address(), sign_in_policy())


def record_sign_in(username: str) -> None:
    """Remember this client as a known-good one for `username`."""
    signin_limits.record_success(get_db(), username, client_address(), sign_in_policy())


def _writer_key(principal: Principal) -> str:
    if principal.user_id is not None:
        return f"user:{principal.user_id}"
    if principal.share_link_id is not None:
        return f"share:{principal.share_link_id}"
    return f"ip:{client_address()}"


def check_write_allowed() -> None:
    """Count an API write by this caller; 429 beyond WRITE_LIMIT per WRITE_WINDOW seconds.

    Runs before the view, so a refused write changes nothing. Unauthenticated writes (which
    fail anyway, bar registration and sign-in) are counted by client address.
    """
    if request.method not in WRITE_METHODS:
        return
    limit = current_app.config["WRITE_LIMIT"]
    window = current_app.config["WRITE_WINDOW"]
    if not limit:
        return
    try:
        principal = current_principal()
    except Unauthorized:
        principal = ANONYMOUS
    _spend(WRITE_BUCKET, _writer_key(principal), limit, window, "changes", deferred=True)


def _spend(
    bucket: str, key: str, limit: int, window: float, what: str, *, deferred: bool = False
) -> None:
    """Spend one event of `key`'s budget in `bucket`, or raise RateLimited (429) when empty.

    `deferred`: the event is written with the request's own write (one commit, not two), or
    after the request when it writes nothing through `write`.
    """
    db = get_db()
    at = time.time()
    wait = ratelimit.budget_wait(db, bucket, key, limit=limit, window=window, at=at)
    if wait > 0:
        seconds = math.ceil(wait)
        raise RateLimited(f"too many {what}; try again in {seconds} seconds", seconds)
    if deferred:
        defer_bookkeeping(
            lambda shared: ratelimit.spend(shared, bucket, key, limit=limit, window=window, at=at)
        )
    else:
        ratelimit.spend(db, bucket, key, limit=limit, window=window, at=at)


def require_reply_right(
    set_id: str, principal: Principal | None = None
) -> tuple[dict[str, Any], str | None]:
    """The set and role, after checking the caller may reply in it (`store.can_reply`).

    404 for a set the caller may not read; 401 for anonymous readers; 403 otherwise.
    """
    principal = principal or current_principal()
    found, role = set_for(set_id, principal)
    if not store.can_reply(found, role, principal):
        if not principal.is_user and not principal.is_share:
            raise Unauthorized("sign in to reply", "Authorization")
        raise Forbidden("replies to this set are open to its members and editors only", "set")
    return found, role


def check_talk_allowed(kind: str, principal: Principal) -> None:
    """Count one reply, rating or report by this account; 429 past its hourly limit."""
    limit = current_app.config[f"{kind.upper()}_LIMIT"]
    window = current_app.config["TALK_WINDOW"]
    if limit:
        _spend(kind, _writer_key(principal), limit, window, f"{kind}s")
