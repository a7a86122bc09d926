"""Helpers every API view shares: strict JSON bodies, base URL, query parameters."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, request

from footnote.errors import InvalidJson, UnsupportedMediaType, ValidationError


def base_url() -> str:
    """The service's public base URL (FOOTNOTE_BASE_URL, else the request's host)."""
    configured = current_app.config.get("BASE_URL")
    return (configured or request.url_root).rstrip("/")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def json_body() -> Any:
    """The request body parsed strictly as JSON: 415 for other types, 400 for bad JSON."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise UnsupportedMediaType("send the body as application/json", "Content-Type")
    raw = request.get_data(cache=True)  # raises 413 beyond max_content_length
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidJson(f"the body is not valid JSON: {exc}") from exc


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
