"""Talking back (design.md §4): replies, ratings, "wrong on this page" reports, editors' inbox.

These are the only API calls that carry what a reader did; each one follows an explicit action
in the extension (docs/api.md, "What the extension sends").
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from footnote import store, validation
from footnote.errors import NotFound, ValidationError
from footnote.http.auth import (
    check_talk_allowed,
    current_principal,
    require_reply_right,
    require_role,
    require_user,
    set_for,
)
from footnote.http.connection import get_db, request_scoring
from footnote.http.request import base_url, check_query, json_body
from footnote.wire import (
    annotation_to_wire,
    annotation_url,
    inbox_to_wire,
    rating_to_wire,
    report_to_wire,
)

bp = Blueprint("api_talkback", __name__)


def _readable(annotation_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The live annotation and its set; 404 when missing, deleted or unreadable to the caller."""
    record = store.get_annotation(get_db(), annotation_id)
    if record is None:
        raise NotFound("no such annotation", "annotation")
    found, _role = set_for(record["set_id"])
    return record, found


@bp.post("/annotations/<annotation_id>/replies")
def reply(annotation_id: str) -> tuple[Response, int, dict[str, str]]:
    """Answer an annotation: members, editor links, or anyone signed in where replies are open."""
    parent, _found = _readable(annotation_id)
    principal = current_principal()
    require_reply_right(parent["set_id"], principal)
    data = json_body()
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object", None)
    parent_iri = annotation_url(base_url(), parent["id"])
    if "target" in data and data["target"] not in (parent_iri, {"source": parent_iri}):
        raise ValidationError(
            "a reply posted here answers this annotation: leave out target", "target"
        )
    if data.get("motivation", "replying") != "replying":
        raise ValidationError("a reply's motivation is replying", "motivation")
    item = validation.validate_annotation({**data, "motivation": "replying", "target": parent_iri})
    check_talk_allowed("reply", principal)
    record = store.create_annotation(get_db(), parent["set_id"], item, principal)
    wire = annotation_to_wire(record, base_url())
    response = jsonify(wire)
    response.headers["ETag"] = store.etag(record)
    return response, 201, {"Location": wire["id"]}


def _rater(annotation_id: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    record, found = _readable(annotation_id)
    principal = require_user()
    return record, found, principal.user_id or ""


@bp.get("/annotations/<annotation_id>/rating")
def get_rating(annotation_id: str) -> Response:
    """The caller's own rating of the annotation (404 when they have not rated it)."""
    record, _found, user_id = _rater(annotation_id)
    rating = store.get_rating(get_db(), record["id"], user_id)
    if rating is None:
        raise NotFound("you have not rated this annotation", "rating")
    return jsonify(rating_to_wire(rating, base_url()))


@bp.put("/annotations/<annotation_id>/rating")
def put_rating(annotation_id: str) -> tuple[Response, int]:
    """Rate helpful or not (one rating per reader; a second PUT replaces the first)."""
    record, found, user_id = _rater(annotation_id)
    rating = validation.validate_rating(json_body())
    check_talk_allowed("rating", current_principal())
    saved, created = store.put_rating(
        get_db(), record["id"], user_id, rating["helpful"], rating["reason"]
    )
    if found["bridging"] and found["visibility"] == "public":
        request_scoring()
    return jsonify(rating_to_wire(saved, base_url())), 201 if created else 200


@bp.delete("/annotations/<annotation_id>/rating")
def delete_rating(annotation_id: str) -> tuple[str, int]:
    """Withdraw the caller's rating."""
    record, found, user_id = _rater(annotation_id)
    store.delete_rating(get_db(), record["id"], user_id)
    if found["bridging"] and found["visibility"] == "public":
        request_scoring()
    return "", 204


@bp.post("/annotations/<annotation_id>/reports")
def report(annotation_id: str) -> tuple[Response, int]:
    """Report a claim label as wrong on one page: the page URL and the sentence it matched."""
    record, _found, user_id = _rater(annotation_id)
    data = validation.validate_report(json_body())
    if record["kind"] != "claim":
        raise ValidationError("only claim labels can be reported as wrong on a page", "annotation")
    check_talk_allowed("report", current_principal())
    saved = store.create_report(
        get_db(), record["id"], user_id, data["url"], data["sentence"], data["reason"]
    )
    return jsonify(report_to_wire(saved, base_url())), 201


@bp.get("/sets/<set_id>/reports")
def inbox(set_id: str) -> Response:
    """The editors' inbox: open reports grouped by label, page and sentence (editor)."""
    check_query(())
    require_role(set_id, "editor")
    entries = store.inbox(get_db(), set_id)
    return jsonify({"labels": inbox_to_wire(entries, base_url())})


@bp.post("/annotations/<annotation_id>/reports/actions")
def act_on_reports(annotation_id: str) -> Response:
    """One inbox action on a label (editor): exclude the page or site, add a `not`, dismiss."""
    record, _found = _readable(annotation_id)
    require_role(record["set_id"], "editor")
    action = validation.validate_report_action(json_body())
    edited, closed = store.resolve_reports(
        get_db(),
        record["id"],
        action["action"],
        action["url"],
        phrase=action["phrase"],
        sentence=action.get("sentence"),
        if_match=request.headers.get("If-Match"),
    )
    response = jsonify(
        {"annotation": annotation_to_wire(edited, base_url()), "closedReports": closed}
    )
    response.headers["ETag"] = store.etag(edited)
    return response
