"""Bridging-based helpfulness: the matrix factorisation Community Notes uses, on plain arrays.

rating ≈ μ + b_rater + b_note + f_rater · f_note, fitted by regularised least squares with
alternating closed-form ridge steps (numpy; no framework). A one-dimensional factor soaks up the
agreement that comes from a rater's side; what is left in a note's intercept `b_note` is how
helpful raters of every side found it. docs/ratings.md gives the algorithm, thresholds and limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HELPFUL = "helpful"
NOT_HELPFUL = "not-helpful"
NEEDS_MORE = "needs-more-ratings"
STATUSES = (HELPFUL, NOT_HELPFUL, NEEDS_MORE)

# Community Notes' published values (their intercepts are regularised 5x more than factors).
INTERCEPT_REG = 0.15
FACTOR_REG = 0.03
HELPFUL_THRESHOLD = 0.40  # note intercept at or above: rated helpful
NOT_HELPFUL_THRESHOLD = -0.05  # at or below (minus 0.8 x |factor|): rated not helpful
NOT_HELPFUL_FACTOR_SLOPE = 0.8
MAX_HELPFUL_FACTOR = 0.5  # a note liked by one side only (|factor| above this) is not "helpful"
MIN_RATINGS = 5  # fewer ratings than this: needs more ratings, whatever the score
ITERATIONS = 60
TOLERANCE = 1e-7


@dataclass(frozen=True)
class Fit:
    """Fitted parameters, indexed like the note and rater keys given to `fit`."""

    mu: float
    note_intercepts: np.ndarray
    note_factors: np.ndarray
    rater_intercepts: np.ndarray
    rater_factors: np.ndarray
    note_counts: np.ndarray


def _ridge_2x2(
    count: np.ndarray,
    sum_x: np.ndarray,
    sum_xx: np.ndarray,
    sum_y: np.ndarray,
    sum_xy: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per group, solve min Σ (y - b - f·x)² + λi b² + λf f² in closed form (vectorised)."""
    a11 = count + INTERCEPT_REG
    a12 = sum_x
    a22 = sum_xx + FACTOR_REG
    det = a11 * a22 - a12 * a12
    intercept = (a22 * sum_y - a12 * sum_xy) / det
    factor = (a11 * sum_xy - a12 * sum_y) / det
    return intercept, factor


def _side(
    index: np.ndarray, size: int, count: np.ndarray, x: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Intercepts and factors of one side (raters or notes), the other side's factors `x` fixed."""
    return _ridge_2x2(
        count,
        np.bincount(index, x, size),
        np.bincount(index, x * x, size),
        np.bincount(index, target, size),
        np.bincount(index, x * target, size),
    )


def fit(
    notes: Sequence[int] | np.ndarray,
    raters: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    seed: int = 0,
    iterations: int = ITERATIONS,
) -> Fit:
    """Fit the model to ratings given as parallel arrays of note index, rater index, value.

    Values are 1.0 (helpful) and 0.0 (not helpful). Indexes run from 0; notes and raters with
    no ratings get zero intercepts and factors.
    """
    note = np.asarray(notes, dtype=np.int64)
    rater = np.asarray(raters, dtype=np.int64)
    y = np.asarray(values, dtype=np.float64)
    n_notes = int(note.max()) + 1 if note.size else 0
    n_raters = int(rater.max()) + 1 if rater.size else 0
    rng = np.random.default_rng(seed)
    note_b = np.zeros(n_notes)
    rater_b = np.zeros(n_raters)
    note_f = rng.normal(0.0, 0.1, n_notes)
    rater_f = rng.normal(0.0, 0.1, n_raters)
    mu = float(y.mean()) if y.size else 0.0
    note_count = np.bincount(note, minlength=n_notes).astype(np.float64)
    rater_count = np.bincount(rater, minlength=n_raters).astype(np.float64)
    previous = np.inf
    for _ in range(iterations):
        # Raters holding notes fixed, then notes holding raters fixed.
        rater_b, rater_f = _side(rater, n_raters, rater_count, note_f[note], y - mu - note_b[note])
        note_b, note_f = _side(note, n_notes, note_count, rater_f[rater], y - mu - rater_b[rater])
        # The global mean, regularised like an intercept.
        residual = y - rater_b[rater] - note_b[note] - rater_f[rater] * note_f[note]
        mu = float(residual.sum() / (y.size + INTERCEPT_REG)) if y.size else 0.0
        error = residual - mu
        loss = float(
            (error * error).sum()
            + INTERCEPT_REG * (mu * mu + (note_b * note_b).sum() + (rater_b * rater_b).sum())
            + FACTOR_REG * ((note_f * note_f).sum() + (rater_f * rater_f).sum())
        )
        if previous - loss < TOLERANCE * max(1.0, loss):
            break
        previous = loss
    return Fit(mu, note_b, note_f, rater_b, rater_f, note_count)


def status(intercept: float, factor: float, count: float) -> str:
    """The status a note's fitted intercept, factor and rating count give it."""
    if count < MIN_RATINGS:
        return NEEDS_MORE
    if intercept >= HELPFUL_THRESHOLD and abs(factor) <= MAX_HELPFUL_FACTOR:
        return HELPFUL
    if intercept <= NOT_HELPFUL_THRESHOLD - NOT_HELPFUL_FACTOR_SLOPE * abs(factor):
        return NOT_HELPFUL
    return NEEDS_MORE


def statuses(model: Fit) -> list[str]:
    """The status of every note of a fit, in note-index order."""
    return [
        status(float(b), float(f), float(c))
        for b, f, c in zip(
            model.note_intercepts, model.note_factors, model.note_counts, strict=True
        )
    ]


def score(ratings: Sequence[tuple[str, str, bool]], *, seed: int = 0) -> dict[str, str]:
    """Statuses by note key for ratings given as (note key, rater key, helpful?) triples."""
    note_index: dict[str, int] = {}
    rater_index: dict[str, int] = {}
    notes = [note_index.setdefault(n, len(note_index)) for n, _r, _h in ratings]
    raters = [rater_index.setdefault(r, len(rater_index)) for _n, r, _h in ratings]
    values = [1.0 if helpful else 0.0 for _n, _r, helpful in ratings]
    if not ratings:
        return {}
    found = statuses(fit(notes, raters, values, seed=seed))
    return {key: found[i] for key, i in note_index.items()}
