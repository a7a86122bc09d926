"""Write, reply, rating and report limits: a token bucket per caller, one row each."""

from __future__ import annotations

import pytest
from factories import make_user

from footnote.db import connect
from footnote.store import ratelimit


@pytest.fixture
def limits(tmp_path):
    """A migrated database of its own, for the budget functions alone."""
    database = connect(tmp_path / "limits.db", migrate=True)
    yield database
    database.close()


def spend_all(limits, n, *, at, limit=3, window=60.0, key="user:a"):
    """Spend n events at `at` (checking each first); the waits asked for."""
    waits = []
    for _ in range(n):
        wait = ratelimit.budget_wait(limits, "write", key, limit=limit, window=window, at=at)
        waits.append(wait)
        if wait == 0:
            ratelimit.spend(limits, "write", key, limit=limit, window=window, at=at)
    return waits


def test_a_full_budget_at_once_then_one_per_interval(limits):
    assert spend_all(limits, 4, at=1000.0) == [0, 0, 0, 20.0]  # 3 a minute: one every 20 s
    assert spend_all(limits, 1, at=1019.0) == [pytest.approx(1.0)]
    assert spend_all(limits, 2, at=1020.0) == [0, pytest.approx(20.0)]
    # Idle for a window: the whole budget is back, no more.
    assert spend_all(limits, 4, at=1100.0) == [0, 0, 0, pytest.approx(20.0)]


def test_callers_and_buckets_have_their_own_budgets(limits):
    assert spend_all(limits, 4, at=0.0) == [0, 0, 0, 20.0]
    assert spend_all(limits, 3, at=0.0, key="user:b") == [0, 0, 0]
    assert ratelimit.budget_wait(limits, "reply", "user:a", limit=3, window=60, at=0.0) == 0


def test_the_last_of_a_burst_is_not_refused_by_rounding(limits):
    # 600 a minute: 0.1 s each, which no binary float holds exactly.
    assert spend_all(limits, 601, at=5.0, limit=600)[-2:] == [0, pytest.approx(0.1)]


def test_checking_and_spending_cost_one_row_however_many_were_spent(limits, monkeypatch):
    monkeypatch.setattr(ratelimit, "PRUNE_ODDS", 0)
    spend_all(limits, 5000, at=0.0, limit=100_000)
    seen = []
    limits.conn.set_trace_callback(seen.append)
    spend_all(limits, 1, at=0.0, limit=100_000)
    limits.conn.set_trace_callback(None)
    statements = [s for s in seen if s.lstrip().startswith(("SELECT", "INSERT", "DELETE"))]
    assert len(statements) == 2, statements  # one SELECT, one INSERT ... ON CONFLICT
    assert limits.execute("SELECT count(*) FROM rate_budgets").fetchone() == (1,)


def test_full_budgets_are_forgotten(limits, monkeypatch):
    spend_all(limits, 1, at=0.0, key="user:old")
    spend_all(limits, 1, at=0.0, key="user:busy", limit=1, window=1000)
    monkeypatch.setattr(ratelimit, "PRUNE_ODDS", 1.0)
    spend_all(limits, 1, at=100.0, key="user:new")
    keys = {row[0] for row in limits.execute("SELECT key FROM rate_budgets")}
    assert keys == {"user:busy", "user:new"}  # user:old's bucket was full again


def test_the_api_answers_429_with_the_wait(app, client, db):
    alice = make_user(db, "alice")
    app.config["WRITE_LIMIT"] = 2
    for title in ("a", "b"):
        assert (
            client.post("/api/sets", json={"title": title}, headers=alice.headers).status_code
            == 201
        )
    refused = client.post("/api/sets", json={"title": "c"}, headers=alice.headers)
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert 29 <= int(refused.headers["Retry-After"]) <= 30  # 2 a minute: one every 30 s
