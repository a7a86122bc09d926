"""Shared pieces of the store: ids, clocks, hashing, JSON columns, the caller."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlite_utils import Database


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in user, or the holder of one set's share link."""

    user_id: str | None = None
    username: str | None = None
    share_set_id: str | None = None
    share_role: str | None = None
    share_link_id: str | None = None
    token_id: str | None = None

    @property
    def is_user(self) -> bool:
        """True for an account (not a share link)."""
        return self.user_id is not None

    @property
    def is_share(self) -> bool:
        """True for a share-link holder."""
        return self.share_set_id is not None


ANONYMOUS = Principal()


def new_id() -> str:
    """An unguessable 16-character URL-safe id that starts with a letter or digit.

    One id in 32 would otherwise start with "-" or "_"; a leading "-" makes a command line
    (`footnote export ID`, `footnote publish ID`) read the id as an option.
    """
    while True:
        token = secrets.token_urlsafe(12)
        if token[0].isalnum():
            return token


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds (sortable as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def display_time(stamp: str | None) -> str | None:
    """A stored timestamp as the wire format shows it (seconds, `Z`)."""
    if stamp is None:
        return None
    return stamp[:19] + "Z" if len(stamp) > 20 else stamp


def hash_token(token: str) -> str:
    """SHA-256 hex digest: tokens are stored only as this."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def dumps(value: Any) -> str:
    """Compact JSON for a column."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def loads(value: str | None, default: Any = None, *, validated: bool = False) -> Any:
    """JSON from a column (None stays `default`). `validated`: a column only validation writes
    (targets, sources, tags, links), whose integers are bounded far below 64 bits, so the check
    for longer ones is skipped."""
    if value is None:
        return default
    # Most rows' links and extra (and many sources and tags) are empty: skip the decoder.
    if value == "[]":
        return []
    if value == "{}":
        return {}
    # orjson reads a column in a fraction of the standard decoder's time (exports read every
    # row's five JSON columns). The standard decoder reads what orjson refuses (an unpaired
    # surrogate escape) and what it would read differently: an integer past 64 bits, which
    # orjson turns into a float (any run of 19 digits sends the column there).
    if validated or _LONG_DIGITS.search(value) is None:
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            pass
    return json.loads(value)


_LONG_DIGITS = re.compile(r"[0-9]{19}")


def fetch_all(db: Database, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict]:
    """Rows of a query as dicts keyed by column name."""
    cursor = db.execute(sql, list(params))
    keys = [c[0] for c in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]


def fetch_one(db: Database, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> dict | None:
    """The first row of a query as a dict, or None."""
    cursor = db.execute(sql, list(params))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))
