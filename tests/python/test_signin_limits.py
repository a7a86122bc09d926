"""Sign-in limits: a guesser is slowed, the people who share its address or its target are not.

The numbers of the attack and of the bystanders are the specification (docs/api.md, "Rate
limit"); the store-level simulations run an hour of guessing on a fake clock.
"""

from __future__ import annotations

from contextlib import closing

import pytest
from factories import FAST_HASH, PASSWORD
from flask import Flask
from flask.testing import FlaskClient
from sqlite_utils import Database

from footnote import create_app, store
from footnote.db import connect
from footnote.store import signin_limits
from footnote.store.signin_limits import SignInPolicy

POLICY = SignInPolicy()
SHARED = "198.51.100.7"  # one NAT or office proxy: the attacker and the bystanders behind it


def guess_for(db: Database, seconds: int, address: str, names: list[str]) -> tuple[int, int]:
    """Try once a second for `seconds` from `address`; return (guesses checked, longest wait)."""
    checked, longest, start = 0, 0, 1_000_000.0
    for tick in range(seconds):
        at = start + tick
        name = names[tick % len(names)]
        wait = signin_limits.wait_before_sign_in(db, name, address, POLICY, at=at)
        longest = max(longest, wait)
        if wait == 0:
            checked += 1
            signin_limits.record_failure(db, name, address, POLICY, at=at)
    return checked, longest


def test_one_address_guessing_for_an_hour_is_slowed_to_about_one_a_minute(db: Database):
    names = [f"user{i}" for i in range(500)]  # spread over names: no name limit applies
    checked, longest = guess_for(db, 3600, "203.0.113.66", names)
    # 20 free, then after 1, 2, 4 … 32 s, then one a minute: 84 guesses (was 600 an hour).
    assert checked == 84
    # Nobody behind the address ever waits longer than the cap (was a 5-minute lockout).
    assert longest <= POLICY.backoff_cap


def test_a_name_under_distributed_attack_still_opens_for_its_known_client(db: Database):
    at = 2_000_000.0
    signin_limits.record_success(db, "alice", "192.0.2.10", POLICY, at=at - 86400)
    refused = 0
    for bot in range(100):  # a botnet: one guess per address
        address = f"10.1.{bot // 256}.{bot % 256}"
        if signin_limits.wait_before_sign_in(db, "Alice", address, POLICY, at=at):
            refused += 1
        else:
            signin_limits.record_failure(db, "Alice", address, POLICY, at=at)
    assert refused == 100 - POLICY.user_limit  # 10 guesses per 5 minutes for the whole botnet
    assert signin_limits.wait_before_sign_in(db, "alice", "192.0.2.10", POLICY, at=at) == 0
    # A client alice never used waits out the name's window: the price of the name limit.
    assert signin_limits.wait_before_sign_in(db, "alice", "192.0.2.99", POLICY, at=at) > 0


def test_a_known_clients_own_failures_count_only_against_itself(db: Database):
    at = 3_000_000.0
    signin_limits.record_success(db, "bob", SHARED, POLICY, at=at - 60)
    for _ in range(POLICY.user_limit):
        signin_limits.record_failure(db, "bob", SHARED, POLICY, at=at)
    assert signin_limits.wait_before_sign_in(db, "bob", SHARED, POLICY, at=at) > 0
    # Neither the name elsewhere nor the shared address was charged for bob's typos.
    assert signin_limits.wait_before_sign_in(db, "bob", "192.0.2.1", POLICY, at=at) == 0
    assert signin_limits.wait_before_sign_in(db, "carol", SHARED, POLICY, at=at) == 0


@pytest.fixture
def proxied_app(tmp_path, migrated_template) -> Flask:
    """The app behind one trusted proxy, so X-Forwarded-For names the client."""
    path = tmp_path / "proxied.db"
    path.write_bytes(migrated_template.read_bytes())
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(path),
            "SECRET_KEY": "tests",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": FAST_HASH,
            "TRUSTED_PROXIES": 1,
        }
    )


def sign_in(client: FlaskClient, name: str, address: str, password: str = PASSWORD) -> int:
    response = client.post(
        "/api/tokens",
        json={"username": name, "password": password},
        headers={"X-Forwarded-For": address},
    )
    return response.status_code


def test_attack_behind_a_shared_proxy_address_spares_the_bystanders(proxied_app: Flask):
    with closing(connect(proxied_app.config["DATABASE"])) as db:
        for name in ("alice", "bob", "carol"):
            store.create_user(db, name, PASSWORD, hash_method=FAST_HASH)
    client = proxied_app.test_client()
    assert sign_in(client, "bob", SHARED) == 201  # bob signed in from the office before

    outcomes = [sign_in(client, f"guess{i % 7}", SHARED, "wrong guess") for i in range(100)]
    # 20 guesses are checked, then the backoff answers 429 (a slow machine may let the 1 s and
    # 2 s steps pass between requests, so up to three more get through).
    assert POLICY.address_free <= outcomes.count(401) <= POLICY.address_free + 3
    assert outcomes.count(429) == 100 - outcomes.count(401)
    assert outcomes[-1] == 429

    assert sign_in(client, "bob", SHARED) == 201  # a known-good client is never held back
    response = client.post(
        "/api/tokens",
        json={"username": "carol", "password": PASSWORD},
        headers={"X-Forwarded-For": SHARED},
    )
    # carol, new behind the same address, waits at most the backoff's cap, not five minutes.
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= POLICY.backoff_cap
    # Everyone elsewhere signs in at once: the proxy's address is not theirs.
    assert sign_in(client, "carol", "192.0.2.44") == 201
    assert sign_in(client, "alice", "192.0.2.45") == 201
