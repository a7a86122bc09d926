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
from footnote.validation import reply_parent_id, validate_annotation


@dataclass
class ImportPlan:
    """Validated records ready for one `create_many` call, and what was deliberately skipped."""

    format: str
    internals: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Threads: each record's own key in the file and the key (or IRI) of the one it replies to.
    keys: list[str | None] = field(default_factory=list)
    parents: list[str | None] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts and skip reasons for the API response and the CLI."""
        replies = [p for p in self.parents if p is not None]
        return {
            "format": self.format,
            "imported": len(self.internals),
            "replies": len(replies),
            "threads": len({self._root(i) for i, p in enumerate(self.parents) if p is not None}),
            "skipped": [
                {"index": s.index, "id": s.record_id, "reason": s.reason} for s in self.skipped
            ],
        }

    def _root(self, index: int) -> int:
        """The plan index of the top of a record's thread (within the file)."""
        seen = set()
        while self.internals[index].get("reply_to_index") is not None and index not in seen:
            seen.add(index)
            index = self.internals[index]["reply_to_index"]
        return index


# Replies are validated against this stand-in parent; the real one is resolved when threading.
_PARENT_PLACEHOLDER = "https://import.invalid/api/annotations/parent"


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
        _thread(plan, skip_unsupported)
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
        own_key, parent_key = _thread_keys(fmt, record, converted)
        wire = converted.wire
        if parent_key is not None:
            wire = {**wire, "target": _PARENT_PLACEHOLDER}
        try:
            internal = validate_annotation(wire)
        except FootnoteError as exc:
            raise RecordError(index, record_id, exc.message, exc.field) from exc
        if parent_key is not None:
            internal["target"] = {"source": converted.wire["target"]["source"]}
            internal["reply_to"] = None
        if converted.created:
            internal["created"] = converted.created
            internal["modified"] = max(converted.modified or "", converted.created)
        seal_extra(converted.extra, internal)
        plan.internals.append(internal)
        plan.extras.append(converted.extra)
        plan.keys.append(own_key)
        plan.parents.append(parent_key)
        plan.indexes.append(index)


def _thread_keys(fmt: str, record: Any, converted: Converted) -> tuple[str | None, str | None]:
    """A record's own key in its file and the key of the record it replies to (or None)."""
    if fmt == "hypothesis":
        own = record.get("id") if isinstance(record, dict) else None
        return (own if isinstance(own, str) else None), hypothesis.parent_id(record)
    return converted.record_id, w3c.reply_parent(converted.wire)


def _thread(plan: ImportPlan, skip_unsupported: bool) -> None:
    """Order the plan so parents come before their replies, and link each reply to its parent.

    A parent in the same file is linked by position; otherwise the reply must name an
    annotation of this service by its IRI (the store checks it is in the same set). A reply to
    neither is refused, or skipped with `skip_unsupported`.
    """
    if not any(p is not None for p in plan.parents):
        return
    position = {key: i for i, key in enumerate(plan.keys) if key is not None}
    outside: dict[int, str] = {}
    for i, parent in enumerate(plan.parents):
        if parent is None or parent in position:
            continue
        try:
            outside[i] = reply_parent_id(parent)
        except FootnoteError:
            message = f"a reply to {parent!r}, which is neither in this file nor in this service"
            if not skip_unsupported:
                raise RecordError(plan.indexes[i], plan.keys[i], message, "target") from None
            plan.skipped.append(Skipped(plan.indexes[i], plan.keys[i], message))
    dropped = {i for i, p in enumerate(plan.parents) if p is not None and p not in position}
    dropped -= set(outside)

    def depth(i: int) -> int:
        seen = set()
        while plan.parents[i] is not None and plan.parents[i] in position and i not in seen:
            seen.add(i)
            i = position[plan.parents[i]]
        return len(seen)

    order = sorted(
        (i for i in range(len(plan.internals)) if i not in dropped), key=lambda i: (depth(i), i)
    )
    new_position = {old: new for new, old in enumerate(order)}
    internals = []
    for old in order:
        internal = plan.internals[old]
        parent = plan.parents[old]
        if old in outside:
            internal["reply_to"] = outside[old]
        elif parent is not None:
            parent_old = position[parent]
            if (
                parent_old in dropped
                or new_position.get(parent_old, len(order)) >= new_position[old]
            ):
                raise RecordError(plan.indexes[old], plan.keys[old], "a reply in a loop", "target")
            internal["reply_to_index"] = new_position[parent_old]
        internals.append(internal)
    plan.internals = internals
    plan.extras = [plan.extras[i] for i in order]
    plan.keys = [plan.keys[i] for i in order]
    plan.parents = [plan.parents[i] for i in order]
    plan.indexes = [plan.indexes[i] for i in order]


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
