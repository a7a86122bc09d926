"""Web sign-in through the same rate limit as the API's `POST /api/tokens`."""

from __future__ import annotations

import unicodedata
from typing import Any

from footnote.http import auth
from footnote.http.connection import get_db
from footnote.store import users


def authenticate_limited(username: str, password: str) -> dict[str, Any] | None:
    """The user if the password is right; failures count toward the shared sign-in limit.

    Raises RateLimited (429) when this client must wait (footnote.store.signin_limits), before
    the password is even checked, exactly as the API's sign-in does.
    """
    auth.check_sign_in_allowed(username[:64])
    user = users.authenticate(get_db(), username, unicodedata.normalize("NFC", password))
    if user is None:
        auth.record_failed_sign_in(username[:64])
    else:
        auth.record_sign_in(user["username"])
    return user
