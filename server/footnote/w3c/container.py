"""The Web Annotation Protocol container of a set: /w3c/sets/<id>/ and its annotations.

Reading needs what reading the set needs in the API, writing needs the editor role; both use
`footnote.http.auth` (Bearer API tokens and share-link tokens). Annotations are converted with
`footnote.formats.w3c`, so anything the importer accepts can be POSTed or PUT here and comes
back exactly as sent (plus its new id and Footnote's own fields).
"""

from __future__ import annotations

import math
from typing import Any

from flask import Response, current_app, json, request

from footnote import store
from footnote.errors import MethodNotAllowed, NotFound, UnsupportedMediaType, ValidationError
from footnote.formats import w3c
from footnote.formats.common import Unsupported, seal_extra
from footnote.formats.exporter import record_to_w3c
from footnote.http.auth import current_principal, require_role, set_for
from footnote.http.connection import get_db
from footnote.http.request import base_url, check_query, json_body
from footnote.store.common import display_time
from footnote.validation import validate_annotation
from footnote.w3c import bp
from footnote.wire import container_url, w3c_annotation_url

LDP_BASIC_CONTAINER = '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"'
LDP_RESOURCE = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
CONSTRAINED_BY = (
    '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
)
CONTAINER_ALLOW = "GET, HEAD, OPTIONS, POST"
ANNOTATION_ALLOW = "GET, HEAD, OPTIONS, PUT, DELETE"
PAGE_ALLOW = "GET, HEAD, OPTIONS"
PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
DEFAULT_PAGE_SIZE = 100
JSON_TYPES = ("application/ld+json", "application/json")


def _page_size() -> int:
    return int(current_app.config.get("W3C_PAGE_SIZE") or DEFAULT_PAGE_SIZE)


def _media_type() -> str:
    """`application/ld+json` with the anno profile, unless the client asks for plain JSON."""
    accept = request.accept_mimetypes
    if not accept:
        return w3c.MEDIA_TYPE
    if accept["application/ld+json"] >= accept["application/json"]:
        return w3c.MEDIA_TYPE
    return "application/json"


def prefer_includes() -> set[str] | None:
    """The IRIs of `Prefer: return=representation; include="..."`, or None without one."""
    header = request.headers.get("Prefer")
    if not header:
        return None
    includes: set[str] = set()
    for part in header.replace(",", ";").split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "include":
            includes.update(value.strip().strip('"').split())
    return includes


def _cache_control(found: dict[str, Any]) -> str:
    return "public, max-age=60" if found["visibility"] == "public" else "private, no-cache"


JSON_ETAG_SUFFIX = '-json"'


def _etag_for_media(etag: str, media_type: str) -> str:
    """The two representations (JSON-LD, plain JSON) differ in bytes, so in strong ETags."""
    return etag if media_type == w3c.MEDIA_TYPE else etag[:-1] + JSON_ETAG_SUFFIX


def if_match() -> str | None:
    """`If-Match` with each ETag in its JSON-LD form, so either representation's ETag names
    the same version of the annotation (a client that speaks only application/json can write)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag.endswith(JSON_ETAG_SUFFIX):
            tag = tag[: -len(JSON_ETAG_SUFFIX)] + '"'
        tags.append(tag)
    return ", ".join(tags)


def _respond(
    body: Any, *, status: int, headers: dict[str, str], etag: str | None = None
) -> Response:
    media_type = _media_type()
    if etag is not None:
        etag = _etag_for_media(etag, media_type)
        headers["ETag"] = etag
        if status == 200 and request.if_none_match.contains_raw(etag):
            return Response(status=304, headers=headers)
    text = "" if body is None else json.dumps(body, ensure_ascii=False)
    return Response(text, status=status, headers=headers, content_type=media_type)


def _no_content(headers: dict[str, str], status: int = 200) -> Response:
    """An answer without a body, and so without a Content-Type (Flask's default is HTML)."""
    response = Response(status=status, headers=headers)
    del response.headers["Content-Type"]
    return response


def _container_headers(found: dict[str, Any]) -> dict[str, str]:
    return {
        "Link": f"{LDP_BASIC_CONTAINER}, {CONSTRAINED_BY}",
        "Allow": CONTAINER_ALLOW,
        "Accept-Post": w3c.MEDIA_TYPE + ", application/ld+json, application/json",
        "Vary": "Accept, Prefer, Authorization",
        "Cache-Control": _cache_control(found),
    }


def _page_headers(found: dict[str, Any]) -> dict[str, str]:
    """A page of the container is a plain resource: not a container, nothing to POST to."""
    return {
        "Link": f"{LDP_RESOURCE}, {CONSTRAINED_BY}",
        "Allow": PAGE_ALLOW,
        "Vary": "Accept, Authorization",
        "Cache-Control": _cache_control(found),
    }


def _annotation_headers(found: dict[str, Any]) -> dict[str, str]:
    return {
        "Link": f"{LDP_RESOURCE}, {CONSTRAINED_BY}",
        "Allow": ANNOTATION_ALLOW,
        "Vary": "Accept, Authorization",
        "Cache-Control": _cache_control(found),
    }


def _page_id(container: str, number: int, iris: bool) -> str:
    return f"{container}?page={number}" + ("&iris=1" if iris else "")


def _page(found: dict[str, Any], number: int, iris: bool, context: bool) -> dict[str, Any]:
    base = base_url()
    container = container_url(base, found["id"])
    size = _page_size()
    total = found["annotation_count"]
    pages = max(1, math.ceil(total / size))
    ids = store.live_ids_page(get_db(), found["id"], number * size, size)
    items: list[Any] = (
        [w3c_annotation_url(base, found["id"], i) for i in ids]
        if iris
        else [record_to_w3c(record, base) for record in store.get_annotations(get_db(), ids)]
    )
    return w3c.page_to_w3c(
        items,
        page_id=_page_id(container, number, iris),
        collection_id=container + ("?iris=1" if iris else ""),
        total=total,
        start_index=number * size,
        next_id=_page_id(container, number + 1, iris) if number + 1 < pages else None,
        prev_id=_page_id(container, number - 1, iris) if number > 0 else None,
        context=context,
    )


@bp.route("/sets/<set_id>/", methods=["GET", "HEAD"], provide_automatic_options=False)
def container(set_id: str) -> Response:
    """The container: an AnnotationCollection, or one AnnotationPage with `?page=N`."""
    check_query(("page", "iris"))
    found, _role = set_for(set_id)
    iris_query = request.args.get("iris") == "1"
    version = found["version"]
    if "page" in request.args:
        headers = _page_headers(found)
        raw = request.args["page"]
        if not raw.isdigit() or len(raw) > 9:
            raise ValidationError("page must be a page number (0, 1, ...)", "page")
        number = int(raw)
        total = found["annotation_count"]
        if number >= max(1, math.ceil(total / _page_size())):
            raise NotFound("no such page", "page")
        body = _page(found, number, iris_query, context=True)
        headers["Content-Location"] = body["id"]
        tag = f'"{set_id}-{version}-p{number}{"i" if iris_query else ""}"'
        return _respond(body, status=200, headers=headers, etag=tag)

    headers = _container_headers(found)
    includes = prefer_includes()
    minimal = includes is not None and PREFER_MINIMAL in includes
    iris = iris_query or (includes is not None and PREFER_IRIS in includes and not minimal)
    embed = (
        includes is not None
        and not minimal
        and (PREFER_IRIS in includes or PREFER_DESCRIPTIONS in includes)
    )
    base = base_url()
    collection_id = container_url(base, set_id) + ("?iris=1" if iris else "")
    total = found["annotation_count"]
    pages = max(1, math.ceil(total / _page_size()))
    body: dict[str, Any] = {
        "@context": [w3c.ANNO_CONTEXT, w3c.LDP_CONTEXT],
        "id": collection_id,
        "type": ["BasicContainer", "AnnotationCollection"],
        "label": found["title"],
        "total": total,
        "modified": display_time(found["modified"]),
    }
    container = container_url(base, set_id)
    if embed:
        body["first"] = _page(found, 0, iris, context=False)
    else:
        body["first"] = _page_id(container, 0, iris)
    body["last"] = _page_id(container, pages - 1, iris)
    if includes is not None:
        headers["Preference-Applied"] = "return=representation"
    headers["Content-Location"] = collection_id
    variant = "m" if minimal else ("e" if embed else "c") + ("i" if iris else "")
    tag = f'"{set_id}-{version}-{variant}"'
    return _respond(body, status=200, headers=headers, etag=tag)


@bp.route("/sets/<set_id>/", methods=["OPTIONS"], provide_automatic_options=False)
def container_options(set_id: str) -> Response:
    """What the container (or one of its pages) allows."""
    found, _role = set_for(set_id)
    if "page" in request.args:
        return _no_content(_page_headers(found))
    return _no_content(_container_headers(found))


def _w3c_body() -> dict[str, Any]:
    mimetype = request.mimetype or ""
    if mimetype not in JSON_TYPES:
        raise UnsupportedMediaType(
            f"send the annotation as {w3c.MEDIA_TYPE} (or application/json)", "Content-Type"
        )
    body = json_body()
    if not isinstance(body, dict):
        raise ValidationError("the body must be one annotation (a JSON object)", None)
    return body


def _check_creator(doc: dict[str, Any]) -> None:
    """A client may not attribute an annotation to an account of this service but its own.

    The service sets `creator` from the caller; a `creator` sent from elsewhere (an `acct:` or
    another site's IRI) is kept as an imported attribution, shown as such.
    """
    accounts = f"{base_url()}/users/"
    caller = current_principal()
    own = f"{accounts}{caller.username}" if caller.username else None
    creators = doc.get("creator")
    for creator in creators if isinstance(creators, list) else [creators]:
        iri = creator.get("id") if isinstance(creator, dict) else creator
        if isinstance(iri, str) and iri.startswith(accounts) and iri != own:
            raise ValidationError(
                f"creator {iri} is an account of this service: the service sets the creator "
                "from who is calling (leave creator out)",
                "creator",
            )


def _convert(
    doc: dict[str, Any], *, self_id: str | None = None, current: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    if current is None or doc.get("creator") != current.get("creator"):
        _check_creator(doc)
    try:
        converted = w3c.annotation_from_w3c(doc, self_id=self_id, current=current)
    except Unsupported as exc:
        raise ValidationError(exc.message, exc.field) from exc
    internal = validate_annotation(converted.wire)
    if converted.created:
        internal["created"] = converted.created
        internal["modified"] = max(converted.modified or "", converted.created)
    seal_extra(converted.extra, internal)
    return internal, converted.extra


@bp.route("/sets/<set_id>/", methods=["POST"], provide_automatic_options=False)
def create(set_id: str) -> Response:
    """Create an annotation in the container (editor): 201 with Location and ETag."""
    if request.args:
        # `?page=N` names a page of the container, which is not a container itself.
        raise MethodNotAllowed(
            "a page of the container is not a container: POST to the container itself",
            None,
            allow=PAGE_ALLOW,
        )
    found, _role = require_role(set_id, "editor")
    internal, extra = _convert(_w3c_body())
    record = store.create_annotation(get_db(), set_id, internal, current_principal(), extra=extra)
    body = record_to_w3c(record, base_url())
    headers = _annotation_headers(found)
    headers.pop("Cache-Control")  # a write's answer is not for caches to keep
    headers["Location"] = body["id"]
    headers["Content-Location"] = body["id"]
    headers["ETag"] = _etag_for_media(store.etag(record), _media_type())
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=201,
        headers=headers,
        content_type=_media_type(),
    )


def _record_in(set_id: str, annotation_id: str) -> dict[str, Any]:
    record = store.get_annotation(get_db(), annotation_id)
    if record is None or record["set_id"] != set_id:
        raise NotFound("no such annotation in this container", "annotation")
    return record


@bp.route(
    "/sets/<set_id>/<annotation_id>", methods=["GET", "HEAD"], provide_automatic_options=False
)
def read(set_id: str, annotation_id: str) -> Response:
    """One annotation, with its ETag; `If-None-Match` gets 304."""
    check_query(())
    found, _role = set_for(set_id)
    record = _record_in(set_id, annotation_id)
    body = record_to_w3c(record, base_url())
    headers = _annotation_headers(found)
    headers["Content-Location"] = body["id"]
    return _respond(body, status=200, headers=headers, etag=store.etag(record))


@bp.route("/sets/<set_id>/<annotation_id>", methods=["OPTIONS"], provide_automatic_options=False)
def annotation_options(set_id: str, annotation_id: str) -> Response:
    """What an annotation allows."""
    found, _role = set_for(set_id)
    _record_in(set_id, annotation_id)
    return _no_content(_annotation_headers(found))


@bp.route("/sets/<set_id>/<annotation_id>", methods=["PUT"], provide_automatic_options=False)
def replace(set_id: str, annotation_id: str) -> Response:
    """Replace an annotation (editor); a stale `If-Match` gets 412 and changes nothing."""
    found, _role = require_role(set_id, "editor")
    current = _record_in(set_id, annotation_id)
    base = base_url()
    self_id = w3c_annotation_url(base, set_id, annotation_id)
    doc = _w3c_body()
    if "id" in doc and doc["id"] != self_id:
        raise ValidationError(f"id must be this annotation's IRI, {self_id}", "id")
    internal, extra = _convert(doc, self_id=self_id, current=record_to_w3c(current, base))
    merged_extra = {**(current.get("extra") or {}), **extra}
    record = store.update_annotation(
        get_db(),
        annotation_id,
        internal,
        if_match=if_match(),
        extra=merged_extra,
    )
    body = record_to_w3c(record, base)
    headers = _annotation_headers(found)
    headers.pop("Cache-Control")
    headers["Content-Location"] = body["id"]
    headers["ETag"] = _etag_for_media(store.etag(record), _media_type())
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=200,
        headers=headers,
        content_type=_media_type(),
    )


@bp.route("/sets/<set_id>/<annotation_id>", methods=["DELETE"], provide_automatic_options=False)
def delete(set_id: str, annotation_id: str) -> Response:
    """Delete an annotation (editor): 204; a stale `If-Match` gets 412."""
    found, _role = require_role(set_id, "editor")
    _record_in(set_id, annotation_id)
    store.delete_annotation(get_db(), annotation_id, if_match=if_match())
    headers = _annotation_headers(found)
    headers.pop("Cache-Control", None)
    return _no_content(headers, 204)
