"""Bridging scorer against simple majority on synthetic ratings with a known truth.

Raters come in two camps (55 % / 45 %). Every annotation has a hidden true helpfulness and a
slant (towards camp A, towards camp B, or neither). A rater finds a note helpful with
probability sigmoid(QUALITY·(±1 for true/false) + SIDE·slant·camp + leniency), and is more likely to
rate notes that lean their own way (self-selection, as on any open rating system). Both scorers
see the same ratings in the same run:

- (a) agreement with the truth: of the notes a scorer decides (helpful / not helpful), the share
  it gets right ("precision"), and how many it decides at all ("coverage");
- (b) a coordinated brigade of 20-40 % of all raters (new accounts) rating every note camp A's
  way (helpful when it leans to A, not helpful otherwise): precision and the share of notes
  wrongly decided;
- (c) time to fit 100,000 ratings.

Fixed seeds: the table is the same on every machine but for (c).
Run: `.venv/bin/python bench/bridging_sim.py [--raters N] [--notes N] [--seeds N]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

import numpy as np

from footnote import bridging

QUALITY = 2.0
SIDE = 3.0
CAMP_A_SHARE = 0.55
SAME_SIDE_BOOST = 2.0  # a rater is this much more likely to rate a note leaning their way
RATINGS_PER_RATER = 40


@dataclass
class World:
    """Synthetic raters and notes with their hidden truth."""

    truth: np.ndarray  # 1 helpful, 0 not helpful, per note
    slant: np.ndarray  # -1 leans to camp B, 0 neither, +1 leans to camp A
    camp: np.ndarray  # +1 camp A, -1 camp B, per rater
    leniency: np.ndarray


def make_world(rng: np.random.Generator, raters: int, notes: int) -> World:
    """Notes half truly helpful; 40 % lean to A, 40 % to B, 20 % neither."""
    truth = (rng.random(notes) < 0.5).astype(np.int64)
    slant = rng.choice([-1, 0, 1], size=notes, p=[0.4, 0.2, 0.4])
    camp = np.where(rng.random(raters) < CAMP_A_SHARE, 1, -1)
    leniency = rng.normal(0.0, 0.5, raters)
    return World(truth, slant, camp, leniency)


def honest_ratings(
    rng: np.random.Generator, world: World, per_rater: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each honest rater picks notes (leaning their way more often) and rates them."""
    notes_n = world.truth.size
    all_notes, all_raters, all_values = [], [], []
    for rater, camp in enumerate(world.camp):
        weight = np.where(world.slant * camp > 0, SAME_SIDE_BOOST, 1.0)
        chosen = rng.choice(notes_n, size=per_rater, replace=False, p=weight / weight.sum())
        logit = (
            QUALITY * (2 * world.truth[chosen] - 1)
            + SIDE * world.slant[chosen] * camp
            + world.leniency[rater]
        )
        helpful = rng.random(per_rater) < 1.0 / (1.0 + np.exp(-logit))
        all_notes.append(chosen)
        all_raters.append(np.full(per_rater, rater))
        all_values.append(helpful.astype(np.float64))
    return np.concatenate(all_notes), np.concatenate(all_raters), np.concatenate(all_values)


def brigade_ratings(
    rng: np.random.Generator, world: World, first_rater: int, count: int, per_rater: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` coordinated accounts rate camp A's way on notes of their choosing."""
    notes_n = world.truth.size
    all_notes, all_raters, all_values = [], [], []
    for i in range(count):
        chosen = rng.choice(notes_n, size=per_rater, replace=False)
        all_notes.append(chosen)
        all_raters.append(np.full(per_rater, first_rater + i))
        all_values.append((world.slant[chosen] > 0).astype(np.float64))
    return np.concatenate(all_notes), np.concatenate(all_raters), np.concatenate(all_values)


def majority(notes: np.ndarray, values: np.ndarray, n_notes: int) -> list[str]:
    """Simple majority: helpful when at least half the ratings say so (same minimum count)."""
    count = np.bincount(notes, minlength=n_notes)
    helpful = np.bincount(notes, values, minlength=n_notes)
    out = []
    for c, h in zip(count, helpful, strict=True):
        if c < bridging.MIN_RATINGS:
            out.append(bridging.NEEDS_MORE)
        else:
            out.append(bridging.HELPFUL if h / c >= 0.5 else bridging.NOT_HELPFUL)
    return out


def bridged(notes: np.ndarray, raters: np.ndarray, values: np.ndarray, n_notes: int) -> list[str]:
    """The service's scorer on the same ratings."""
    found = bridging.statuses(bridging.fit(notes, raters, values))
    return found + [bridging.NEEDS_MORE] * (n_notes - len(found))


def grade(found: list[str], truth: np.ndarray) -> dict[str, float]:
    """Precision on decided notes, coverage, and the share of all notes decided wrongly."""
    decided = [(s, t) for s, t in zip(found, truth, strict=True) if s != bridging.NEEDS_MORE]
    right = sum(1 for s, t in decided if (s == bridging.HELPFUL) == bool(t))
    return {
        "precision": right / len(decided) if decided else 0.0,
        "coverage": len(decided) / len(found),
        "wrong": (len(decided) - right) / len(found),
    }


def run_scenario(seed: int, raters: int, notes: int, brigade: float) -> dict[str, dict]:
    """One world, honest ratings plus a brigade of `brigade` × all raters; both scorers."""
    rng = np.random.default_rng(seed)
    world = make_world(rng, raters, notes)
    n, r, v = honest_ratings(rng, world, RATINGS_PER_RATER)
    if brigade:
        count = round(brigade * raters / (1 - brigade))
        bn, br, bv = brigade_ratings(rng, world, raters, count, RATINGS_PER_RATER)
        n, r, v = np.concatenate([n, bn]), np.concatenate([r, br]), np.concatenate([v, bv])
    return {
        "majority": grade(majority(n, v, notes), world.truth),
        "bridging": grade(bridged(n, r, v, notes), world.truth),
    }


def time_scoring(total: int, seed: int = 7) -> tuple[float, float]:
    """Seconds to fit `total` ratings (median of 3), and for majority on the same ratings."""
    rng = np.random.default_rng(seed)
    raters = total // RATINGS_PER_RATER
    notes = max(100, total // 50)
    world = make_world(rng, raters, notes)
    n, r, v = honest_ratings(rng, world, RATINGS_PER_RATER)
    fits, majorities = [], []
    for _ in range(3):
        started = time.perf_counter()
        bridged(n, r, v, notes)
        fits.append(time.perf_counter() - started)
        started = time.perf_counter()
        majority(n, v, notes)
        majorities.append(time.perf_counter() - started)
    return statistics.median(fits), statistics.median(majorities)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raters", type=int, default=600)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--timing-ratings", type=int, default=100_000)
    args = parser.parse_args()
    print(
        f"raters {args.raters} (camps {CAMP_A_SHARE:.0%}/{1 - CAMP_A_SHARE:.0%}), "
        f"notes {args.notes}, {RATINGS_PER_RATER} ratings each, seeds 1-{args.seeds}"
    )
    print(
        "| scenario | majority precision | bridging precision | majority coverage "
        "| bridging coverage | majority wrong | bridging wrong |"
    )
    print("|---|---|---|---|---|---|---|")
    for brigade in (0.0, 0.2, 0.3, 0.4):
        runs = [
            run_scenario(seed, args.raters, args.notes, brigade)
            for seed in range(1, args.seeds + 1)
        ]

        def mean(scorer: str, key: str, runs: list[dict[str, dict]] = runs) -> float:
            return statistics.mean(run[scorer][key] for run in runs)

        name = "(a) no brigade" if not brigade else f"(b) brigade {brigade:.0%}"
        print(
            f"| {name} | {mean('majority', 'precision'):.1%} "
            f"| {mean('bridging', 'precision'):.1%} "
            f"| {mean('majority', 'coverage'):.1%} | {mean('bridging', 'coverage'):.1%} "
            f"| {mean('majority', 'wrong'):.1%} | {mean('bridging', 'wrong'):.1%} |"
        )
    fit_seconds, majority_seconds = time_scoring(args.timing_ratings)
    print(
        f"\n(c) {args.timing_ratings:,} ratings: bridging fit {fit_seconds:.2f} s, "
        f"majority {majority_seconds:.3f} s (median of 3)"
    )


if __name__ == "__main__":
    main()
