"""Sign-in limits that slow a password guesser without locking out the people it shares with.

Three counts, all in `rate_events` so every worker process shares them:

- **Known-good clients.** A successful sign-in marks the pair (username, client address) as
  known for `trust` seconds. A known client is never held back by anyone else's failures: its
  own failures count only against that pair (`user_limit` per `window`).
- **Per username, from unknown clients.** `user_limit` failures per `window` from addresses
  that have not signed in as that name lock the name for unknown addresses only, so a
  distributed guesser gets `user_limit` guesses per window while the owner still signs in from
  where they usually do.
- **Per address, with backoff.** An address may fail `address_free` times per
  `address_window`; after that each attempt waits twice as long as the last (1, 2, 4 … capped at
  `backoff_cap` seconds). Nobody behind a shared address waits longer than the cap, while one
  address's guessing is slowed to about one a `backoff_cap`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlite_utils import Database

from footnote.store import ratelimit

USER_BUCKET = "sign-in-user"
ADDRESS_BUCKET = "sign-in-address"
PAIR_BUCKET = "sign-in-pair"
KNOWN_BUCKET = "sign-in-ok"


@dataclass(frozen=True)
class SignInPolicy:
    """The numbers of the sign-in limits (config `SIGN_IN_*`)."""

    user_limit: int = 10
    window: float = 300
    address_free: int = 20
    address_window: float = 3600
    backoff_cap: float = 60
    trust: float = 30 * 24 * 3600


def _pair(username: str, address: str) -> str:
    return f"{username.lower()}|{address}"


def is_known_client(
    db: Database, username: str, address: str, policy: SignInPolicy, *, at: float | None = None
) -> bool:
    """Whether this address signed in successfully as `username` within `policy.trust`."""
    key = _pair(username, address)
    return ratelimit.count(db, KNOWN_BUCKET, key, policy.trust, at=at) > 0


def wait_before_sign_in(
    db: Database, username: str, address: str, policy: SignInPolicy, *, at: float | None = None
) -> int:
    """Seconds this client must wait before its next sign-in attempt as `username` (0: go)."""
    at = time.time() if at is None else at
    if is_known_client(db, username, address, policy, at=at):
        key = _pair(username, address)
        if ratelimit.exceeded(
            db, PAIR_BUCKET, key, limit=policy.user_limit, window=policy.window, at=at
        ):
            return ratelimit.retry_after(
                db, PAIR_BUCKET, key, policy.window, policy.user_limit, at=at
            )
        return 0
    wait = 0
    name = username.lower()
    if ratelimit.exceeded(
        db, USER_BUCKET, name, limit=policy.user_limit, window=policy.window, at=at
    ):
        wait = ratelimit.retry_after(db, USER_BUCKET, name, policy.window, policy.user_limit, at=at)
    failures = ratelimit.count(db, ADDRESS_BUCKET, address, policy.address_window, at=at)
    if failures >= policy.address_free:
        last = ratelimit.latest(db, ADDRESS_BUCKET, address) or at
        delay = min(2.0 ** (failures - policy.address_free), policy.backoff_cap)
        if last + delay > at:
            wait = max(wait, math.ceil(last + delay - at))
    return wait


def record_failure(
    db: Database, username: str, address: str, policy: SignInPolicy, *, at: float | None = None
) -> None:
    """Count a failed sign-in: against the pair for a known client, else the name and address."""
    if is_known_client(db, username, address, policy, at=at):
        ratelimit.record(db, PAIR_BUCKET, _pair(username, address), policy.window, at=at)
        return
    ratelimit.record(db, USER_BUCKET, username.lower(), policy.window, at=at)
    ratelimit.record(db, ADDRESS_BUCKET, address, policy.address_window, at=at)


def record_success(
    db: Database, username: str, address: str, policy: SignInPolicy, *, at: float | None = None
) -> None:
    """Mark this address as a known-good client of `username` for `policy.trust` seconds."""
    ratelimit.record(db, KNOWN_BUCKET, _pair(username, address), policy.trust, at=at)
