"""The bridging scorer: its model on hand-made ratings, fixed-seed simulations against simple
majority, and the status it writes (synced as ordinary changes, recomputed off the request path)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import make_annotation, make_set, make_user

from footnote import bridging, store
from footnote.cli import main

REPO = Path(__file__).resolve().parents[2]


def camps(note: str, a_says: bool, b_says: bool, per_camp: int = 6) -> list[tuple[str, str, bool]]:
    """`per_camp` raters of camp A and of camp B rate `note`."""
    return [(note, f"a{i}", a_says) for i in range(per_camp)] + [
        (note, f"b{i}", b_says) for i in range(per_camp)
    ]


def partisan_history() -> list[tuple[str, str, bool]]:
    """Notes that reveal each rater's side: camp A likes a*, camp B likes b*."""
    ratings = []
    for k in range(6):
        ratings += camps(f"pro-a-{k}", True, False)
        ratings += camps(f"pro-b-{k}", False, True)
    return ratings


def test_a_note_both_sides_find_helpful_is_rated_helpful():
    found = bridging.score([*partisan_history(), *camps("bridge", True, True)])
    assert found["bridge"] == bridging.HELPFUL


def test_a_note_both_sides_reject_is_rated_not_helpful():
    found = bridging.score([*partisan_history(), *camps("bad", False, False)])
    assert found["bad"] == bridging.NOT_HELPFUL


def test_a_note_one_side_likes_needs_more_ratings():
    found = bridging.score([*partisan_history(), *camps("one-sided", True, False)])
    assert found["one-sided"] == bridging.NEEDS_MORE
    assert found["pro-a-0"] == bridging.NEEDS_MORE


def test_few_ratings_are_never_enough():
    assert bridging.score(camps("thin", True, True, per_camp=2)) == {"thin": bridging.NEEDS_MORE}
    assert bridging.score([]) == {}


def test_the_fit_is_deterministic():
    ratings = [*partisan_history(), *camps("bridge", True, True)]
    assert bridging.score(ratings, seed=3) == bridging.score(ratings, seed=3)


@pytest.fixture(scope="module")
def sim():
    sys.path.insert(0, str(REPO))
    try:
        yield importlib.import_module("bench.bridging_sim")
    finally:
        sys.path.remove(str(REPO))


@pytest.mark.parametrize("brigade", [0.0, 0.2, 0.4], ids=["honest", "brigade-20", "brigade-40"])
def test_simulation_bridging_beats_majority(sim, brigade):
    """Fixed seeds: never less precise than majority; under a brigade, strictly fewer wrong."""
    result = sim.run_scenario(seed=1, raters=300, notes=150, brigade=brigade)
    majority, bridged = result["majority"], result["bridging"]
    assert bridged["precision"] >= majority["precision"]
    assert bridged["coverage"] > 0
    if brigade:
        assert bridged["wrong"] < majority["wrong"]
        assert bridged["precision"] >= 0.95


@pytest.fixture
def scored_set(db) -> dict:
    """A public set with bridging on, a label both camps rate helpful, raters with a history."""
    make_user(db, "alice")
    target = make_set(db, "alice", title="Scored", visibility="public", bridging=1)
    label = make_annotation(db, target["id"], "claim")
    history = [make_annotation(db, target["id"], "note") for _ in range(6)]
    users = {}
    for camp in ("a", "b"):
        for i in range(6):
            users[f"{camp}{i}"] = store.create_user(db, f"{camp}rater{i}", None)["id"]
    return {"set": target["id"], "label": label["id"], "history": history, "users": users}


def rate_all(db, seeded: dict) -> None:
    for k, note in enumerate(seeded["history"]):
        for name, user_id in seeded["users"].items():
            store.put_rating(db, note["id"], user_id, (name[0] == "a") == (k % 2 == 0), None)
    for user_id in seeded["users"].values():
        store.put_rating(db, seeded["label"], user_id, True, None)


def test_score_writes_statuses_as_one_new_set_version(client, db, scored_set):
    rate_all(db, scored_set)
    version = store.get_set(db, scored_set["set"])["version"]
    result = store.score_ratings(db)
    assert result["sets"] == 1 and result["changed"] == 7
    assert store.get_set(db, scored_set["set"])["version"] == version + 1
    changes = client.get(f"/api/sets/{scored_set['set']}/changes?since={version}").json
    statuses = {a["id"].rsplit("/", 1)[1]: a["ratingStatus"] for a in changes["annotations"]}
    assert statuses[scored_set["label"]] == "helpful"
    assert set(statuses.values()) <= set(bridging.STATUSES)
    # Nothing changed: no new version.
    assert store.score_ratings(db)["changed"] == 0
    assert store.get_set(db, scored_set["set"])["version"] == version + 1


def test_opting_out_clears_statuses(client, db, scored_set):
    rate_all(db, scored_set)
    store.score_ratings(db)
    store.update_set(db, scored_set["set"], {"bridging": 0})
    assert store.score_ratings(db)["changed"] == 7
    label = client.get(f"/api/annotations/{scored_set['label']}").json
    assert "ratingStatus" not in label


def test_private_sets_are_never_scored(db, scored_set):
    store.update_set(db, scored_set["set"], {"visibility": "private"})
    rate_all(db, scored_set)
    assert store.score_ratings(db) == {"ratings": 0, "changed": 0, "sets": 0}


def test_the_cli_scores(app, db, scored_set):
    rate_all(db, scored_set)
    result = CliRunner().invoke(main, ["ratings", "score", "--db", app.config["DATABASE"]])
    assert result.exit_code == 0, result.output
    assert "7 status(es) changed in 1 set(s)" in result.output


def test_a_rating_through_the_api_is_scored_in_the_background(app, client, db, scored_set):
    rate_all(db, scored_set)
    rater = make_user(db, "zed")
    r = client.put(
        f"/api/annotations/{scored_set['label']}/rating",
        json={"helpful": True},
        headers=rater.headers,
    )
    assert r.status_code == 201
    assert "ratingStatus" not in r.json  # the request itself never scores
    app.extensions["footnote_scoring"].wait()
    label = client.get(f"/api/annotations/{scored_set['label']}").json
    assert label["ratingStatus"] == "helpful"


def test_opting_in_through_the_api_scores_in_the_background(app, client, db, scored_set):
    store.update_set(db, scored_set["set"], {"bridging": 0})
    rate_all(db, scored_set)
    owner = make_user(db, "olive")
    store.put_member(db, scored_set["set"], "olive", "owner")
    r = client.patch(
        f"/api/sets/{scored_set['set']}", json={"bridging": True}, headers=owner.headers
    )
    assert r.status_code == 200 and r.json["bridging"] is True
    app.extensions["footnote_scoring"].wait()
    label = client.get(f"/api/annotations/{scored_set['label']}").json
    assert label["ratingStatus"] == "helpful"
