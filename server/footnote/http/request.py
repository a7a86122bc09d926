"""Helpers every API view shares: strict JSON bodies, base URL, query parameters."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from footnote import store, strict_json
from footnote.errors import (
    HeadersTooLarge,
    InvalidJson,
    PayloadTooLarge,
    UnsupportedMediaType,
    UriTooLong,
    ValidationError,
)
from footnote.http.connection import get_db

# Below gunicorn's own limits (footnote.gunicorn_config), so the app answers first, in the
# form the path asks for (JSON under /api and /w3c, a page elsewhere).
MAX_URI_BYTES = 8000
MAX_HEADER_BYTES = 8190
MAX_HEADERS = 100


def base_url() -> str:
    """The service's public base URL: FOOTNOTE_BASE_URL, else the first one it was reached at.

    Ids are data that other tools keep, so they must not follow each request's Host header
    (through a proxy one annotation would have several ids); the first base seen is recorded
    in the database and kept across restarts and worker processes.
    """
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/")
    cached = current_app.extensions.get("footnote.base_url")
    if cached is None:
        cached = store.first_seen_base_url(get_db(), request.url_root.rstrip("/"))
        current_app.extensions["footnote.base_url"] = cached
    return cached


def json_body() -> Any:
    """The request body parsed strictly as JSON: 415 for other types, 400 for bad JSON."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise UnsupportedMediaType("send the body as application/json", "Content-Type")
    raw = request_body(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJson(f"the body is not valid UTF-8: {exc}") from exc
    try:
        return strict_json.loads(text)
    except strict_json.JsonProblem as exc:
        raise InvalidJson(f"the body is {exc.message}", exc.field) from exc


def request_body(*, cache: bool = True) -> bytes:
    """The raw body, 413 beyond the request's size limit, with or without a Content-Length.

    Werkzeug stops reading a body sent without Content-Length (chunked) at the limit rather
    than refusing it; a body that fills the limit exactly is treated as too large, so a cut-off
    body is never parsed as if it were whole.
    """
    raw = request.get_data(cache=cache)  # raises 413 when Content-Length is over the limit
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(raw) >= limit:
        raise PayloadTooLarge(f"the request body is larger than {limit} bytes")
    return raw


def query_int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter within bounds, or 400 naming it."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(f"{name} must be an integer", name) from None
    if not minimum <= value <= maximum:
        raise ValidationError(f"{name} must be between {minimum} and {maximum}", name)
    return value


def query_text(name: str, *, max_length: int) -> str | None:
    """A bounded string query parameter (None when absent)."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if len(raw) > max_length:
        raise ValidationError(f"{name} must be at most {max_length} characters", name)
    return raw


def check_query(allowed: tuple[str, ...]) -> None:
    """400 for a query parameter the route does not know (typos should not pass silently)."""
    for key in request.args:
        if key not in allowed:
            raise ValidationError(f"unknown query parameter {key!r}", key)


def check_request_limits() -> None:
    """414 for a URL over MAX_URI_BYTES, 431 for a header over MAX_HEADER_BYTES or too many."""
    environ = request.environ
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
    if len(uri.encode("latin-1", "replace")) > MAX_URI_BYTES:
        raise UriTooLong(f"the URL is longer than {MAX_URI_BYTES} bytes")
    headers = [(k, v) for k, v in environ.items() if k.startswith("HTTP_")]
    if len(headers) > MAX_HEADERS:
        raise HeadersTooLarge(f"the request has more than {MAX_HEADERS} headers")
    for key, value in headers:
        if len(key) + len(str(value)) > MAX_HEADER_BYTES:
            name = key[5:].replace("_", "-").title()
            raise HeadersTooLarge(
                f"the {name} header is longer than {MAX_HEADER_BYTES} bytes", name
            )
