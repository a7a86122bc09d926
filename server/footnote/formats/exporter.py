"""Export of whole sets (no Flask): what the API, the web pages, the CLI and the protocol
container call. Reading goes through `footnote.store`, presentation through `footnote.wire`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlite_utils import Database

from footnote import store, wire
from footnote.errors import NotFound
from footnote.formats import claimreview, markdown, w3c
from footnote.formats.json_stream import streamed_document
from footnote.formats.publish import (
    HTTP_SCHEMES,
    SCHEMA_URL_KEYS,
    W3C_IRI_KEYS,
    W3C_SCHEMES,
    drop_unsafe_links,
    script_safe,
)

EXPORT_FORMATS = ("w3c", "claimreview", "markdown")
MEDIA_TYPES = {
    "w3c": w3c.MEDIA_TYPE,
    "claimreview": "application/ld+json",
    "markdown": "text/markdown; charset=utf-8",
}
EXTENSIONS = {"w3c": "jsonld", "claimreview": "jsonld", "markdown": "md"}


def record_to_w3c(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A stored annotation record as W3C JSON-LD, its id inside the set's container.

    A reply's target is its parent's IRI in the same container, so threads survive a round trip.
    """
    out = w3c.annotation_to_w3c(
        wire.annotation_to_wire(record, base_url),
        record.get("extra"),
        annotation_id=wire.w3c_annotation_url(base_url, record["set_id"], record["id"]),
        context_url=wire.footnote_context(base_url),
    )
    if record.get("reply_to"):
        out["motivation"] = "replying"
        out["target"] = wire.w3c_annotation_url(base_url, record["set_id"], record["reply_to"])
    return out


@dataclass
class Export:
    """An exported set: its text in parts (read from the database as they are iterated, inside
    the caller's read transaction), its media type, a file name to save it as, and how many URLs
    were left out because they were not http(s) (javascript:, data:...)."""

    parts: Iterator[str]
    media_type: str
    filename: str
    dropped_urls: int = 0

    @cached_property
    def text(self) -> str:
        """The whole export as one string (reads the parts; for small sets and tests)."""
        return "".join(self.parts)


def export_set(db: Database, set_id: str, fmt: str, base_url: str) -> Export:
    """Export a whole set as W3C JSON-LD, a ClaimReview DataFeed or Markdown, streamed.

    The annotations are read in batches as `parts` is iterated, and only one is held as a dict
    and as text at a time (the Markdown export also keeps the ids of the set's replies), so
    memory does not grow with the set. Run it, and iterate the parts, inside one read
    transaction: the export is then one version of the set.
    """
    found = store.get_set(db, set_id)
    if found is None:
        raise NotFound("no such set", "set")
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    set_info = wire.set_to_wire(found, None, base_url)
    dropped = 0
    parts: Iterator[str]
    if fmt == "w3c":
        context_url = wire.footnote_context(base_url)
        envelope = w3c.collection_to_w3c(
            set_info,
            [],
            collection_id=wire.container_url(base_url, set_id),
            context_url=context_url,
            total=store.count_live(db, set_id),
        )

        def to_w3c(record: dict[str, Any]) -> dict[str, Any]:
            return w3c.embedded_in_collection(record_to_w3c(record, base_url), context_url)

        dropped = drop_unsafe_links(envelope, W3C_IRI_KEYS, W3C_SCHEMES)
        dropped += _dropped_links(db, set_id, base_url, to_w3c, W3C_IRI_KEYS, W3C_SCHEMES)
        items = _safe_links(store.iter_all(db, set_id), base_url, to_w3c, W3C_IRI_KEYS, W3C_SCHEMES)
        parts = _script_safe(streamed_document(envelope, ("first", "items"), items))
    elif fmt == "claimreview":

        def to_element(record: dict[str, Any]) -> dict[str, Any] | None:
            review = claimreview.annotation_to_review(
                wire.annotation_to_wire(record, base_url),
                record.get("extra"),
                page_url=f"{base_url}/sets/{set_id}#{record['id']}",
            )
            return None if review is None else claimreview.feed_element(review)

        envelope = claimreview.feed(set_info, [], url=set_info["url"])
        dropped = drop_unsafe_links(envelope, SCHEMA_URL_KEYS, HTTP_SCHEMES)
        dropped += _dropped_links(db, set_id, base_url, to_element, SCHEMA_URL_KEYS, HTTP_SCHEMES)
        items = _safe_links(
            store.iter_all(db, set_id), base_url, to_element, SCHEMA_URL_KEYS, HTTP_SCHEMES
        )
        parts = _script_safe(streamed_document(envelope, ("dataFeedElement",), items))
    else:
        parts = _markdown(db, set_id, set_info, base_url)
    return Export(
        parts=parts,
        media_type=MEDIA_TYPES[fmt],
        filename=f"{set_id}.{EXTENSIONS[fmt]}",
        dropped_urls=dropped,
    )


Convert = Callable[[dict[str, Any]], "dict[str, Any] | None"]


def _only_extra_can_hold_unsafe_links(base_url: str) -> bool:
    """Every URL Footnote stores for an annotation was validated as http(s)
    (`validation.http_url`) and every IRI it mints starts with `base_url`, so with an http(s)
    base only an annotation carrying an imported original (`extra`) can hold another link."""
    return base_url.lower().startswith(("http://", "https://"))


def _safe_links(
    records: Iterable[dict[str, Any]],
    base_url: str,
    convert: Convert,
    keys: frozenset[str],
    schemes: frozenset[str],
) -> Iterator[dict[str, Any]]:
    """The converted items with links outside `schemes` left out; only the items that can hold
    such a link are walked (a walk was a third of a W3C item's cost)."""
    only_extra = _only_extra_can_hold_unsafe_links(base_url)
    for record in records:
        item = convert(record)
        if item is not None:
            if not only_extra or record.get("extra"):
                drop_unsafe_links(item, keys, schemes)
            yield item


def _dropped_links(
    db: Database,
    set_id: str,
    base_url: str,
    convert: Convert,
    keys: frozenset[str],
    schemes: frozenset[str],
) -> int:
    """How many links the export will leave out, known before its first byte (a header says it):
    the annotations `_safe_links` walks, converted and walked once more."""
    only_extra = _only_extra_can_hold_unsafe_links(base_url)
    dropped = 0
    for record in store.iter_all(db, set_id, with_extra=only_extra):
        item = convert(record)
        if item is not None:
            dropped += drop_unsafe_links(item, keys, schemes)
    return dropped


def _script_safe(parts: Iterable[str]) -> Iterator[str]:
    for part in parts:
        yield script_safe(part)


def _markdown(db: Database, set_id: str, set_info: dict[str, Any], base_url: str) -> Iterator[str]:
    thread = store.reply_ids(db, set_id)
    prefix = wire.annotation_url(base_url, "")

    def wires(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        return (wire.annotation_to_wire(record, base_url) for record in records)

    def replies(annotation: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        annotation_id = str(annotation.get("id", "")).removeprefix(prefix)
        return wires(store.get_annotations(db, thread.get(annotation_id, [])))

    return markdown.markdown_parts(
        set_info,
        store.count_live(db, set_id, top_level=True),
        claims=wires(store.iter_top_level(db, set_id, "claim")),
        sites=wires(store.iter_top_level(db, set_id, "site")),
        notes=wires(store.iter_top_level(db, set_id, "note")),
        replies=replies,
    )
