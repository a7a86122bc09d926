"""Turn an import file into validated records, all or nothing, before anything is written.

`plan_import` reads the file, detects its format, converts each record and validates it with
`footnote.validation.validate_annotation` (the same rules as the API). The first record that
cannot be imported stops the whole import with a RecordError naming its index, id and field.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlite_utils import Database

from footnote import store
from footnote.errors import FootnoteError
from footnote.formats import claimreview, hypothesis, w3c
from footnote.formats.common import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_RECORDS,
    Converted,
    FormatError,
    RecordError,
    Skipped,
    Unsupported,
    seal_extra,
)
from footnote.formats.detect import HtmlPage, load
from footnote.validation import validate_annotation


@dataclass
class ImportPlan:
    """Validated records ready for one `create_many` call, and what was deliberately skipped."""

    format: str
    internals: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts and skip reasons for the API response and the CLI."""
        return {
            "format": self.format,
            "imported": len(self.internals),
            "skipped": [
                {"index": s.index, "id": s.record_id, "reason": s.reason} for s in self.skipped
            ],
        }


def _raw_id(record: object) -> str | None:
    if isinstance(record, dict):
        for key in ("id", "@id", "url"):
            value = record.get(key)
            if isinstance(value, str) and value:
                return value
    return None


Convert = Callable[[], Converted]


def _records(fmt: str, doc: Any) -> Iterator[tuple[int, Any, Convert | None, str | None]]:
    """Yield (index, raw record, its converter or None, skip reason) for every record."""
    if fmt == "w3c":
        for index, (item, ctx) in enumerate(w3c.annotations_in(doc)):
            yield index, item, partial(w3c.annotation_from_w3c, item, ctx), None
    elif fmt == "hypothesis":
        for index, record in enumerate(hypothesis.records_in(doc)):
            if hypothesis.is_reply(record):
                yield index, record, None, "a reply (Footnote has no threads)"
                continue
            yield index, record, partial(_from_hypothesis, record), None
    elif fmt == "claimreview":
        reviews = (
            claimreview.reviews_in_html(doc.text)
            if isinstance(doc, HtmlPage)
            else claimreview.reviews_in_json(doc)
        )
        for index, review in enumerate(reviews):
            yield index, review, partial(claimreview.review_to_annotation, review), None
    else:
        raise FormatError(f"unknown format {fmt!r}", "format")


def _from_hypothesis(record: Any) -> Converted:
    return w3c.annotation_from_w3c(hypothesis.to_w3c(record))


def plan_import(
    raw: bytes | str,
    fmt: str = "auto",
    *,
    max_bytes: int = MAX_IMPORT_BYTES,
    max_records: int = MAX_IMPORT_RECORDS,
    skip_unsupported: bool = False,
) -> ImportPlan:
    """Read, convert and validate every record of an import file; raise on the first bad one.

    With `skip_unsupported`, records Footnote cannot represent (several targets, a PDF or local
    file, an HTML body...) are skipped and reported instead; invalid data still stops the import.
    """
    fmt, doc = load(raw, fmt, max_bytes=max_bytes)
    plan = ImportPlan(format=fmt)
    with _paused_gc():
        _plan_records(plan, fmt, doc, max_records, skip_unsupported)
    if not plan.internals and not plan.skipped:
        raise FormatError("the file holds no annotations")
    return plan


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """Bulk conversion allocates much and frees little: cycle collection only slows it down."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan_records(
    plan: ImportPlan, fmt: str, doc: Any, max_records: int, skip_unsupported: bool
) -> None:
    for index, record, convert, skip_reason in _records(fmt, doc):
        if index >= max_records:
            raise FormatError(f"the file has more than {max_records:,} records")
        if convert is None:
            plan.skipped.append(Skipped(index, _raw_id(record), skip_reason or "skipped"))
            continue
        try:
            converted = convert()
        except Unsupported as exc:
            if not skip_unsupported:
                raise RecordError(index, _raw_id(record), exc.message, exc.field) from exc
            plan.skipped.append(Skipped(index, _raw_id(record), exc.message))
            continue
        except FootnoteError as exc:
            # Invalid under the data model: refused and named, even with skip=unsupported.
            raise RecordError(index, _raw_id(record), exc.message, exc.field) from exc
        record_id = _raw_id(record) or converted.record_id
        try:
            internal = validate_annotation(converted.wire)
        except FootnoteError as exc:
            raise RecordError(index, record_id, exc.message, exc.field) from exc
        if converted.created:
            internal["created"] = converted.created
            internal["modified"] = max(converted.modified or "", converted.created)
        seal_extra(converted.extra, internal)
        plan.internals.append(internal)
        plan.extras.append(converted.extra)


def run_import(
    db: Database, set_id: str, plan: ImportPlan, actor: store.Principal | str | None
) -> dict[str, Any]:
    """Write a validated plan in one transaction (one set version); return the summary."""
    created = (
        store.create_many(db, set_id, plan.internals, actor, extra=plan.extras)
        if plan.internals
        else []
    )
    summary = plan.summary()
    summary["ids"] = [r["id"] for r in created]
    found = store.get_set(db, set_id)
    summary["version"] = found["version"] if found else None
    return summary
