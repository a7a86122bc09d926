"""What every importer shares: the record being converted, its errors, and the edit fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from footnote.errors import ValidationError

# A file bigger than this is refused before parsing (the API's own body limit may be lower).
MAX_IMPORT_BYTES = 200 * 1024 * 1024
# An import may hold at most this many records.
MAX_IMPORT_RECORDS = 500_000


class FormatError(ValidationError):
    """The file as a whole cannot be read: not JSON, the wrong shape, too big, unknown format."""


class Unsupported(ValidationError):
    """One record uses something Footnote cannot represent; the message says what."""


class RecordError(ValidationError):
    """One record of a file is refused; names the record by index and id, and the field."""

    def __init__(self, index: int, record_id: str | None, message: str, field: str | None) -> None:
        where = f"record {index}" + (f" (id {record_id})" if record_id else "")
        super().__init__(f"{where}: {message}", field)
        self.index = index
        self.record_id = record_id
        self.reason = message


@dataclass
class Converted:
    """One record converted: the Footnote wire annotation and what the store keeps in `extra`."""

    wire: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    record_id: str | None = None
    created: str | None = None
    modified: str | None = None


@dataclass
class Skipped:
    """A record an importer deliberately leaves out (a Hypothesis reply), with the reason."""

    index: int
    record_id: str | None
    reason: str


def body_text_of(annotation: Mapping[str, Any]) -> str | None:
    """The note text or label explanation of a wire-format annotation (not its tagging bodies)."""
    body = annotation.get("body")
    items = body if isinstance(body, list) else [body] if body is not None else []
    for item in items:
        if isinstance(item, dict) and item.get("purpose") != "tagging" and "value" in item:
            return item.get("value") or None
    return None


def fingerprint(
    *,
    motivation: Any,
    body_text: Any,
    verdict: Any,
    sources: Any,
    tags: Any,
    target: Any,
) -> str:
    """A digest of what Footnote models of an annotation; it changes when someone edits one."""
    data = [motivation, body_text or None, verdict, sources or [], tags or [], target]
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def fingerprint_internal(internal: Mapping[str, Any]) -> str:
    """Fingerprint of the internal dict `footnote.validation.validate_annotation` returns."""
    return fingerprint(
        motivation=internal.get("motivation"),
        body_text=internal.get("body_text"),
        verdict=internal.get("verdict"),
        sources=internal.get("sources"),
        tags=internal.get("tags"),
        target=internal.get("target"),
    )


def fingerprint_wire(annotation: Mapping[str, Any]) -> str:
    """Fingerprint of a stored annotation in the API's wire format."""
    return fingerprint(
        motivation=annotation.get("motivation"),
        body_text=body_text_of(annotation),
        verdict=annotation.get("verdict"),
        sources=annotation.get("sources"),
        tags=annotation.get("tags"),
        target=annotation.get("target"),
    )


def seal_extra(extra: dict[str, Any], internal: Mapping[str, Any]) -> None:
    """Record, in a converted record's `extra`, what the stored annotation looks like now.

    The fingerprint tells later whether someone edited the annotation; an unplaceable import
    records its stand-in target, so it stays "not placeable" until someone gives it a real one.
    """
    fp = fingerprint_internal(internal)
    for key in ("w3c", "claimReview"):
        if key in extra:
            extra[key]["fp"] = fp
    unplaceable = (extra.get("w3c") or {}).get("unplaceable")
    if isinstance(unplaceable, dict):
        unplaceable["target"] = internal["target"]


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value as a list: absent is empty, a single value is a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def clip(value: str, limit: int) -> str:
    """Shorten `value` to at most `limit` characters, marking the cut with an ellipsis."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def store_time(value: object) -> str | None:
    """An ISO 8601 date or date-time as the store keeps times (UTC, microseconds), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.year < 1970:
        return None
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
