"""Validation building blocks: bounds, and checks for strings, numbers, lists, URLs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from footnote.errors import UnknownField, ValidationError
from footnote.urls import InvalidUrl, normalize_url, normalize_url_pattern

LINK_RELS = ("canonical", "og:url")
READ_ONLY_FIELDS = (
    "id",
    "created",
    "modified",
    "creator",
    "set",
    "setVersion",
    "placeable",
    "placeableReason",
    "targets",
    "importedCreator",
)
# Media types of a text body: plain text, or HTML kept as written and shown sanitised.
BODY_FORMATS = ("text/plain", "text/html")

MAX_BODY = 10_000
MAX_EXACT = 10_000
MAX_AFFIX = 500
MAX_URL = 2048
MAX_SOURCES = 20
MAX_SOURCE_TITLE = 300
MAX_TAGS = 20
MAX_TAG = 64
MAX_GROUPS = 10
MAX_ALIASES = 50
MAX_ALIAS = 200
MAX_NOT_PHRASES = 50  # a claim pattern's `not` list; each phrase ≤ MAX_ALIAS
MAX_WINDOW = 1000
MAX_LANGUAGES = 20
MAX_PATTERNS = 50
MAX_LINKS = 10
MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_TOKEN_NAME = 100
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,31}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 200

# Bidirectional embedding, override and isolate controls: refused in every text a person writes
# (titles, descriptions, bodies, tags, source titles, aliases), where they can disguise what a
# reader sees; allowed only in `verbatim` text copied from elsewhere that must stay exact (page
# quotes must match the page; passwords are never shown).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _type_name(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return names.get(type(value), type(value).__name__)


def require_object(value: object, field: str | None = None) -> dict[str, Any]:
    """Return `value` if it is a JSON object, else raise naming `field`."""
    if not isinstance(value, dict):
        name = field or "body"
        raise ValidationError(f"{name} must be an object, not {_type_name(value)}", field)
    return value


def check_fields(
    obj: Mapping[str, Any],
    allowed: Iterable[str],
    prefix: str = "",
    required: Iterable[str] = (),
) -> None:
    """Raise UnknownField for keys outside `allowed`, ValidationError for missing `required`."""
    allowed = set(allowed)
    for key in obj:
        if key not in allowed:
            field = f"{prefix}.{key}" if prefix else key
            raise UnknownField(f"unknown field {field!r}", field)
    for key in required:
        if key not in obj:
            field = f"{prefix}.{key}" if prefix else key
            raise ValidationError(f"{field} is required", field)


def text(
    value: object,
    field: str,
    *,
    min_length: int = 0,
    max_length: int,
    multiline: bool = True,
    verbatim: bool = False,
    strip: bool = False,
) -> str:
    """Validate a string: type, length in code points, control characters, and (unless
    `verbatim`) bidirectional controls."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, not {_type_name(value)}", field)
    if strip:
        value = value.strip()
    if len(value) > max_length:
        raise ValidationError(f"{field} must be at most {max_length} characters", field)
    if len(value) < min_length:
        if min_length == 1:
            raise ValidationError(f"{field} must not be empty", field)
        raise ValidationError(f"{field} must be at least {min_length} characters", field)
    allowed_controls = "\n\t\r" if multiline else ""
    for ch in value:
        if (ord(ch) < 0x20 and ch not in allowed_controls) or ord(ch) == 0x7F:
            raise ValidationError(f"{field} must not contain control characters", field)
        if not verbatim and ch in _BIDI_CONTROLS:
            raise ValidationError(
                f"{field} must not contain bidirectional override characters", field
            )
    return value


def integer(value: object, field: str, *, minimum: int, maximum: int) -> int:
    """Validate an integer (booleans are not integers) within bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be an integer, not {_type_name(value)}", field)
    if not minimum <= value <= maximum:
        raise ValidationError(f"{field} must be between {minimum} and {maximum}", field)
    return value


def listing(value: object, field: str, *, max_items: int, min_items: int = 0) -> list[Any]:
    """Validate a list's type and length."""
    if not isinstance(value, list):
        raise ValidationError(f"{field} must be a list, not {_type_name(value)}", field)
    if len(value) > max_items:
        raise ValidationError(f"{field} must have at most {max_items} items", field)
    if len(value) < min_items:
        raise ValidationError(f"{field} must have at least {min_items} items", field)
    return value


def choice(value: object, field: str, options: Iterable[str]) -> str:
    """Validate that `value` is one of `options`."""
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise ValidationError(f"{field} must be one of {', '.join(options)}", field)
    return value


def http_url(value: object, field: str) -> str:
    """Validate an absolute http(s) URL and return it normalised."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, not {_type_name(value)}", field)
    if len(value) > MAX_URL:
        raise ValidationError(f"{field} must be at most {MAX_URL} characters", field)
    try:
        return normalize_url(value)
    except InvalidUrl as exc:
        raise ValidationError(f"{field} is not an absolute http(s) URL: {exc}", field) from exc


def url_patterns(value: object, field: str) -> list[str]:
    """Validate a list of URL patterns (`[*.]host[/path-prefix]`)."""
    out: list[str] = []
    for i, item in enumerate(listing(value, field, max_items=MAX_PATTERNS)):
        try:
            pattern = normalize_url_pattern(item)
        except InvalidUrl as exc:
            raise ValidationError(
                f"{field}[{i}] is not a URL pattern: {exc}", f"{field}[{i}]"
            ) from exc
        if pattern not in out:
            out.append(pattern)
    return out
