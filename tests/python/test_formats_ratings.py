"""The rating table: real-world ClaimReview ratings to Footnote verdicts."""

import pytest

from footnote.formats.ratings import verdict_for_rating, verdict_for_scale, verdict_for_text


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("False", "false"),
        ("FALSE", "false"),
        ("false.", "false"),
        ("Pants on Fire!", "false"),
        ("Four Pinocchios", "false"),
        ("Falso", "false"),
        ("Mostly false", "misleading"),
        ("Mostly False", "misleading"),
        ("Misleading", "misleading"),
        ("Partly false information", "misleading"),
        ("False context", "missing-context"),
        ("False Context", "missing-context"),
        ("Missing context", "missing-context"),
        ("Half true", "missing-context"),
        ("Half True", "missing-context"),
        ("Mixture", "disputed"),
        ("Unproven", "unproven"),
        ("Unverified", "unproven"),
        ("Mostly true", "correct"),
        ("True", "correct"),
        ("Correct attribution", "correct"),
        ("Satire", "satire"),
        ("Labeled Satire", "satire"),
        ("Sátira", "satire"),
    ],
    ids=lambda v: str(v),
)
def test_rating_text_maps_to_verdict(text, verdict):
    assert verdict_for_text(text) == verdict


@pytest.mark.parametrize("text", ["", None, "See article", "Explainer"])
def test_unknown_rating_text_has_no_verdict(text):
    assert verdict_for_text(text) is None


@pytest.mark.parametrize(
    ("value", "best", "worst", "verdict"),
    [
        (1, 5, 1, "false"),
        (2, 5, 1, "misleading"),
        (3, 5, 1, "disputed"),
        (4, 5, 1, "correct"),
        (5, 5, 1, "correct"),
        ("1", "5", "1", "false"),
        (0, 10, 0, "false"),
        (10, 10, 0, "correct"),
        (7, 5, 1, None),  # out of range: no guess
        ("n/a", 5, 1, None),
        (True, 5, 1, None),
    ],
)
def test_numeric_rating_maps_to_verdict(value, best, worst, verdict):
    assert verdict_for_scale(value, best, worst) == verdict


def test_text_wins_over_number():
    assert verdict_for_rating("Mostly false", 5, 5, 1) == "misleading"
    assert verdict_for_rating("Read the article", 1, 5, 1) == "false"
