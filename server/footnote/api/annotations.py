"""Annotations: list (filters, cursor paging), create, read, replace, patch, delete; sync."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlite_utils import Database

from footnote import store, validation, vocabulary
from footnote.errors import NotFound, PreconditionFailed, ValidationError
from footnote.http.auth import current_principal, require_reply_right, require_role, set_for
from footnote.http.connection import get_db, lend_db, write
from footnote.http.request import base_url, check_query, json_body, query_int, query_text
from footnote.http.streaming import (
    dumps,
    json_array,
    not_modified,
    not_modified_response,
    read_cache_headers,
    streamed_json,
)
from footnote.store.annotations import DEFAULT_PAGE, MAX_PAGE, etag, etag_matches
from footnote.urls import InvalidUrl, normalize_url
from footnote.wire import annotation_to_wire, set_to_wire, tombstone_to_wire

bp = Blueprint("api_annotations", __name__)

LIST_PARAMS = ("uri", "kind", "tag", "q", "limit", "cursor")


def _with_etag(response: Response, record: dict[str, Any]) -> Response:
    response.headers["ETag"] = store.etag(record)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/sets/<set_id>/annotations")
def list_annotations(set_id: str) -> Response:
    """A page of the set's annotations, newest first; `next` is the cursor of the next page."""
    check_query(LIST_PARAMS)
    set_for(set_id)
    uri = query_text("uri", max_length=validation.MAX_URL)
    if uri is not None:
        try:
            uri = normalize_url(uri)
        except InvalidUrl as exc:
            raise ValidationError(f"uri is not an absolute http(s) URL: {exc}", "uri") from exc
    kind = query_text("kind", max_length=10)
    if kind is not None:
        validation.choice(kind, "kind", vocabulary.KINDS)
    records, next_cursor = store.list_annotations(
        get_db(),
        set_id,
        uri=uri,
        kind=kind,
        tag=query_text("tag", max_length=validation.MAX_TAG),
        q=query_text("q", max_length=500),
        limit=query_int("limit", DEFAULT_PAGE, minimum=1, maximum=MAX_PAGE),
        cursor=query_text("cursor", max_length=500),
    )
    base = base_url()
    return jsonify(
        {"annotations": [annotation_to_wire(r, base) for r in records], "next": next_cursor}
    )


@bp.post("/sets/<set_id>/annotations")
def create_annotation(set_id: str) -> tuple[Response, int, dict[str, str]]:
    """Add an annotation to the set (editor)."""
    _found, _role = require_role(set_id, "editor")
    item = validation.validate_annotation(json_body())
    principal = current_principal()
    record = write(lambda db: store.create_annotation(db, set_id, item, principal))
    wire = annotation_to_wire(record, base_url())
    response = _with_etag(jsonify(wire), record)
    return response, 201, {"Location": wire["id"]}


def _readable(annotation_id: str) -> dict[str, Any]:
    """The annotation, or 404 when missing, deleted or in a set the caller may not read."""
    record = store.get_annotation(get_db(), annotation_id)
    if record is None:
        raise NotFound("no such annotation", "annotation")
    set_for(record["set_id"])
    return record


@bp.get("/annotations/<annotation_id>")
def get_annotation(annotation_id: str) -> Response:
    """One annotation with its ETag; `If-None-Match` gets 304 when unchanged."""
    record = _readable(annotation_id)
    if request.if_none_match.contains_raw(store.etag(record)):
        response = Response(status=304)
        return _with_etag(response, record)
    return _with_etag(jsonify(annotation_to_wire(record, base_url())), record)


def _writable(annotation_id: str) -> dict[str, Any]:
    """The annotation, if the caller may edit it and their `If-Match` is current.

    The precondition is checked before the body is validated, so a client that writes back a
    stale copy (with its old read-only fields) hears 412, not a validation error; the store
    checks it again inside the write transaction.
    """
    record = _readable(annotation_id)
    principal = current_principal()
    own_reply = (
        record.get("reply_to") is not None
        and principal.user_id is not None
        and record["creator_id"] == principal.user_id
    )
    if own_reply:
        # A reply's author may edit or delete it while they may still reply in the set.
        require_reply_right(record["set_id"], principal)
    else:
        require_role(record["set_id"], "editor")
    if not etag_matches(request.headers.get("If-Match"), etag(record)):
        raise PreconditionFailed("the annotation changed since you read it", "If-Match")
    return record


@bp.put("/annotations/<annotation_id>")
def replace_annotation(annotation_id: str) -> Response:
    """Replace an annotation (editor); a stale `If-Match` gets 412 and changes nothing."""
    current = _writable(annotation_id)
    stored = annotation_to_wire(current, base_url())
    item = validation.validate_annotation(json_body(), stored=stored)
    return _save(current, item)


def _save(current: dict[str, Any], item: dict[str, Any]) -> Response:
    record = store.update_annotation(
        get_db(),
        current["id"],
        item,
        if_match=request.headers.get("If-Match"),
    )
    return _with_etag(jsonify(annotation_to_wire(record, base_url())), record)


@bp.patch("/annotations/<annotation_id>")
def patch_annotation(annotation_id: str) -> Response:
    """Change some fields of an annotation (editor); a stale `If-Match` gets 412."""
    current = _writable(annotation_id)
    stored = annotation_to_wire(current, base_url())
    item = validation.validate_patch(json_body(), stored=stored)
    return _save(current, item)


@bp.delete("/annotations/<annotation_id>")
def delete_annotation(annotation_id: str) -> tuple[str, int]:
    """Delete an annotation (editor); syncing clients get a tombstone."""
    _writable(annotation_id)
    store.delete_annotation(get_db(), annotation_id, if_match=request.headers.get("If-Match"))
    return "", 204


@bp.get("/sets/<set_id>/changes")
def changes(set_id: str) -> Response:
    """Everything changed after `since` (tombstones for deletes) and the new version.

    Streamed from one read transaction, so the body is one consistent version of the set
    however long it takes to send; gzipped when the client accepts it.
    """
    check_query(("since",))
    _found, role = set_for(set_id)
    since = query_int("since", 0, minimum=0, maximum=2**62)
    db, done = lend_db()
    try:
        db.execute("BEGIN")  # a snapshot: the set's version and its rows from one moment
        found = store.get_set(db, set_id)
        if found is None:
            raise NotFound("no such set", "set")
        etag_base = f"{set_id}-{found['version']}"
        headers = read_cache_headers(found["visibility"])
        if not_modified(etag_base):
            done()
            return not_modified_response(etag_base, headers)
    except BaseException:
        done()
        raise
    body = _changes_body(db, found, role, since, base_url(), done)
    return streamed_json(body, etag_base=etag_base, headers=headers)


def _changes_body(
    db: Database,
    found: dict[str, Any],
    role: str | None,
    since: int,
    base: str,
    done: Callable[[], None],
) -> Iterator[str]:
    set_id = found["id"]
    try:
        yield '{"set":' + dumps(set_to_wire(found, role, base))
        yield f',"since":{since},"version":{found["version"]},"annotations":'
        live = store.iter_changes(db, set_id, since)
        yield from json_array(annotation_to_wire(record, base) for record in live)
        yield ',"deleted":'
        gone = store.iter_tombstones(db, set_id, since)
        yield from json_array(tombstone_to_wire(tombstone, base) for tombstone in gone)
        yield "}"
    finally:
        done()
