"""The service's words match the shared vocabulary vector the extension also asserts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from footnote import bridging, vocabulary
from footnote.formats.markdown import set_to_markdown
from footnote.formats.ratings import EXPORT_RATINGS, verdict_for_rating
from footnote.match import anchor

VECTOR = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "vectors" / "vocabulary.json").read_text(
        encoding="utf-8"
    )
)


def test_kinds_and_their_labels():
    assert [{"id": k, "label": v} for k, v in vocabulary.KIND_LABELS.items()] == VECTOR["kinds"]
    assert list(vocabulary.KINDS) == [k["id"] for k in VECTOR["kinds"]]


def test_verdicts_their_order_and_labels():
    expected = VECTOR["verdicts"]
    assert [{"id": k, "label": v} for k, v in vocabulary.VERDICT_LABELS.items()] == expected
    assert list(vocabulary.VERDICTS) == [v["id"] for v in expected]


def test_roles_and_visibilities():
    assert list(vocabulary.ROLES) == VECTOR["roles"]
    assert list(vocabulary.VISIBILITIES) == VECTOR["visibilities"]
    assert set(vocabulary.SHARE_ROLES) < set(vocabulary.ROLES)


@pytest.mark.parametrize("name", sorted(VECTOR["anchoring"]))
def test_anchoring_thresholds(name):
    assert getattr(anchor, name) == VECTOR["anchoring"][name]


def test_the_spec_lists_the_same_thresholds():
    spec = (Path(__file__).resolve().parents[2] / "docs" / "matching.md").read_text("utf-8")
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([0-9.]+) \|", spec, re.M)
    assert {name: json.loads(value) for name, value in rows} == VECTOR["anchoring"]


@pytest.mark.parametrize("verdict", [v["id"] for v in VECTOR["verdicts"]])
def test_every_verdict_reads_the_same_in_each_export(verdict):
    label = vocabulary.verdict_label(verdict)
    assert EXPORT_RATINGS[verdict][0] == label
    assert verdict_for_rating(label, None, None, None) == verdict  # an export imports back
    markdown = set_to_markdown(
        {"title": "T", "description": "", "url": "http://x/sets/t", "id": "t"},
        [
            {
                "id": "a",
                "kind": "claim",
                "verdict": verdict,
                "body": [],
                "sources": [],
                "tags": [],
                "target": {"selector": {"type": "ClaimPatternSelector", "all": [["x"]]}},
                "creator": None,
                "created": None,
                "modified": None,
            }
        ],
    )
    assert label in markdown


def test_talking_back_words():
    """Reply motivation, rating and report reasons and bridging statuses, as the extension will
    show them (the extension's assertion comes with its talk-back UI)."""
    talk = VECTOR["talkBack"]
    assert talk["replyMotivation"] == vocabulary.REPLY_MOTIVATION
    labels = [{"id": k, "label": v} for k, v in vocabulary.RATING_REASON_LABELS.items()]
    assert labels == talk["ratingReasons"]
    labels = [{"id": k, "label": v} for k, v in vocabulary.REPORT_REASON_LABELS.items()]
    assert labels == talk["reportReasons"]
    labels = [{"id": k, "label": v} for k, v in vocabulary.RATING_STATUS_LABELS.items()]
    assert labels == talk["ratingStatuses"]
    assert list(vocabulary.RATING_STATUS_LABELS) == list(bridging.STATUSES)
