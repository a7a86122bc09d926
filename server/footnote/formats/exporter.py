"""Export of whole sets (no Flask): what the API, the web pages, the CLI and the protocol
container call. Reading goes through `footnote.store`, presentation through `footnote.wire`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from footnote import store, wire
from footnote.errors import NotFound
from footnote.formats import claimreview, markdown, w3c
from footnote.formats.publish import (
    HTTP_SCHEMES,
    SCHEMA_URL_KEYS,
    W3C_IRI_KEYS,
    W3C_SCHEMES,
    drop_unsafe_links,
    script_safe_dumps,
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
    """An exported set: the text, its media type, a file name to save it as, and how many
    URLs were left out because they were not http(s) (javascript:, data:...)."""

    text: str
    media_type: str
    filename: str
    dropped_urls: int = 0


def export_set(db: Database, set_id: str, fmt: str, base_url: str) -> Export:
    """Export a whole set as W3C JSON-LD, a ClaimReview DataFeed or Markdown."""
    found = store.get_set(db, set_id)
    if found is None:
        raise NotFound("no such set", "set")
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    annotation_to_wire = wire.annotation_to_wire
    set_info = wire.set_to_wire(found, None, base_url)
    records = store.list_all(db, set_id)
    dropped = 0
    if fmt == "w3c":
        doc: Any = w3c.collection_to_w3c(
            set_info,
            [record_to_w3c(r, base_url) for r in records],
            collection_id=wire.container_url(base_url, set_id),
            context_url=wire.footnote_context(base_url),
        )
        dropped = drop_unsafe_links(doc, W3C_IRI_KEYS, W3C_SCHEMES)
        text = script_safe_dumps(doc)
    elif fmt == "claimreview":
        reviews = []
        for record in records:
            review = claimreview.annotation_to_review(
                annotation_to_wire(record, base_url),
                record.get("extra"),
                page_url=f"{base_url}/sets/{set_id}#{record['id']}",
            )
            if review is not None:
                reviews.append(review)
        doc = claimreview.feed(set_info, reviews, url=set_info["url"])
        dropped = drop_unsafe_links(doc, SCHEMA_URL_KEYS, HTTP_SCHEMES)
        text = script_safe_dumps(doc)
    else:
        wires = [annotation_to_wire(r, base_url) for r in records]
        text = markdown.set_to_markdown(set_info, wires)
    return Export(
        text=text,
        media_type=MEDIA_TYPES[fmt],
        filename=f"{set_id}.{EXTENSIONS[fmt]}",
        dropped_urls=dropped,
    )
