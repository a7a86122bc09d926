"""Replies, ratings, reports and inbox actions: request bodies → validated values."""

from __future__ import annotations

import re
from typing import Any

from footnote.errors import ValidationError
from footnote.validation.primitives import (
    MAX_ALIAS,
    check_fields,
    choice,
    http_url,
    require_object,
    text,
)
from footnote.vocabulary import RATING_REASONS, REPORT_ACTIONS, REPORT_REASONS

MAX_SENTENCE = 1000  # a reported sentence; longer ones are refused, never cut
# `<service>/api/annotations/<id>` or `<service>/w3c/sets/<set id>/<id>`
_ANNOTATION_IRI = re.compile(
    r"/(?:api/annotations|w3c/sets/[A-Za-z0-9_-]{1,64})/([A-Za-z0-9_-]{1,64})$"
)


def reply_parent_id(iri: object, field: str = "target") -> str:
    """The annotation id a reply's target IRI names (the API or the W3C container form)."""
    if not isinstance(iri, str) or len(iri) > 2048:
        raise ValidationError(f"{field} of a reply must be the IRI of an annotation", field)
    match = _ANNOTATION_IRI.search(iri.split("?", 1)[0].split("#", 1)[0])
    if match is None or not iri.startswith(("http://", "https://")):
        raise ValidationError(
            f"{field} of a reply must be the IRI of an annotation of this service "
            "(<service>/api/annotations/<id>)",
            field,
        )
    return match.group(1)


def validate_rating(data: object) -> dict[str, Any]:
    """`{"helpful": bool, "reason"?: one of RATING_REASONS}`; a reason only with helpful false."""
    data = require_object(data)
    check_fields(data, ("helpful", "reason"), required=("helpful",))
    if not isinstance(data["helpful"], bool):
        raise ValidationError("helpful must be true or false", "helpful")
    reason = data.get("reason")
    if reason is not None:
        reason = choice(reason, "reason", RATING_REASONS)
        if data["helpful"]:
            raise ValidationError("a reason goes with a not-helpful rating only", "reason")
    return {"helpful": data["helpful"], "reason": reason}


def validate_report(data: object) -> dict[str, Any]:
    """`{"url", "sentence", "reason"?}`: the page (http(s) only) and the sentence matched there."""
    data = require_object(data)
    check_fields(data, ("url", "sentence", "reason"), required=("url", "sentence"))
    sentence = text(data["sentence"], "sentence", min_length=1, max_length=MAX_SENTENCE, strip=True)
    reason = data.get("reason")
    if reason is not None:
        reason = choice(reason, "reason", REPORT_REASONS)
    return {
        "url": http_url(data["url"], "url"),
        "sentence": " ".join(sentence.split()),
        "reason": reason,
    }


def validate_report_action(data: object) -> dict[str, Any]:
    """`{"action", "url", "sentence"?, "phrase"?}`: one click in the editors' inbox.

    `add-not` needs `phrase` (the proposed one, edited or not); the other actions ignore it.
    """
    data = require_object(data)
    check_fields(data, ("action", "url", "sentence", "phrase"), required=("action", "url"))
    action = choice(data["action"], "action", REPORT_ACTIONS)
    out: dict[str, Any] = {"action": action, "url": http_url(data["url"], "url"), "phrase": None}
    if "sentence" in data:
        sentence = text(data["sentence"], "sentence", min_length=1, max_length=MAX_SENTENCE)
        out["sentence"] = " ".join(sentence.split())
    if action == "add-not":
        if "phrase" not in data:
            raise ValidationError("add-not needs the phrase to add", "phrase")
        out["phrase"] = text(
            data["phrase"],
            "phrase",
            min_length=1,
            max_length=MAX_ALIAS,
            multiline=False,
            strip=True,
        )
    return out
