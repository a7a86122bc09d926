"""Web sign-in through the same rate limit as the API's `POST /api/tokens`."""

from __future__ import annotations

import unicodedata
from typing import Any

from footnote.db import get_db
from footnote.store import users


def authenticate_limited(username: str, password: str) -> dict[str, Any] | None:
    """The user if the password is right; a failure counts toward the shared sign-in limit."""
    password = unicodedata.normalize("NFC", password)
    return users.authenticate(get_db(), username, password)
