"""W3C Web Annotation export: a stored annotation, a page and a whole set as JSON-LD.

An imported annotation that nobody edited since is exported as it came in (its unmodelled
fields and the exact shape of its body and target come from `extra["w3c"]`); everything else
is Footnote's own wire form under the anno and Footnote contexts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footnote.formats.common import fingerprint_wire

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# W3C fields Footnote models; on export they come from the store unless the record is unedited.
MODELLED_FIELDS = ("motivation", "body", "bodyValue", "target")


def annotation_to_w3c(
    annotation: Mapping[str, Any],
    extra: Mapping[str, Any] | None,
    *,
    annotation_id: str,
    context_url: str,
) -> dict[str, Any]:
    """The W3C JSON-LD form of a stored annotation (API wire form plus its `extra`)."""
    w3c = (extra or {}).get("w3c") or {}
    contexts: list[Any] = [ANNO_CONTEXT, context_url, *w3c.get("context", [])]
    out: dict[str, Any] = {"@context": contexts, "id": annotation_id, "type": "Annotation"}
    for key, value in annotation.items():
        if key not in ("@context", "id", "type", "importedCreator", "targets"):
            out[key] = value
    if out.get("creator") is None:
        out.pop("creator", None)
    if isinstance(out.get("sources"), list):
        # An empty title would state, in RDF, that the linked resource's title is "".
        out["sources"] = [
            {k: v for k, v in s.items() if k != "title" or v} if isinstance(s, dict) else s
            for s in out["sources"]
        ]
    fields = w3c.get("fields")
    if not fields and not w3c:
        return out
    unedited = w3c.get("fp") == fingerprint_wire(annotation)
    # Footnote's stand-in target of an unplaceable import says less than the original.
    original_target = annotation.get("placeable") is False or "targets" in annotation
    if unedited and w3c.get("complete"):
        # The W3C view of an unedited import is the original: nothing it did not say.
        # (`creator` stays: without an original one, it is who added it, set by the service.)
        for key in (*MODELLED_FIELDS, "created", "modified"):
            if key not in (fields or {}):
                out.pop(key, None)
    for key, value in (fields or {}).items():
        if key == "target" and original_target:
            pass
        elif not unedited and (key in MODELLED_FIELDS or key == "modified"):
            continue
        out[key] = value
    if w3c.get("type"):
        out["type"] = w3c["type"]
    return out


def page_to_w3c(
    items: list[Any],
    *,
    page_id: str,
    collection_id: str,
    total: int,
    start_index: int,
    next_id: str | None = None,
    prev_id: str | None = None,
    context: bool = True,
) -> dict[str, Any]:
    """An AnnotationPage of `items` (descriptions or IRIs) that is part of `collection_id`."""
    page: dict[str, Any] = {}
    if context:
        page["@context"] = ANNO_CONTEXT
    page.update(
        {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": {"id": collection_id, "total": total},
            "startIndex": start_index,
        }
    )
    if next_id:
        page["next"] = next_id
    if prev_id:
        page["prev"] = prev_id
    page["items"] = items
    return page


def embedded_in_collection(item: dict[str, Any], context_url: str) -> dict[str, Any]:
    """An annotation as an item of a collection: without the `@context` the collection states."""
    if item.get("@context") == [ANNO_CONTEXT, context_url]:
        del item["@context"]  # the collection's context applies to every item
    return item


def collection_to_w3c(
    set_info: Mapping[str, Any],
    annotations: list[dict[str, Any]],
    *,
    collection_id: str,
    context_url: str,
    total: int | None = None,
) -> dict[str, Any]:
    """A whole set as one AnnotationCollection with its annotations embedded in one page.

    This is the static file `footnote export ID --format w3c` writes: any web server can host it
    and the extension can follow it like a set on a service. `total` (default: how many
    `annotations` there are) lets a streamed export build the collection around an empty page.
    """
    if total is None:
        total = len(annotations)
    collection: dict[str, Any] = {
        "@context": [ANNO_CONTEXT, context_url],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": set_info.get("title", ""),
        "description": set_info.get("description", ""),
        "set": set_info.get("id"),
        "setVersion": set_info.get("version"),
        "total": total,
    }
    if set_info.get("modified"):
        collection["modified"] = set_info["modified"]
    page_id = collection_id + ("&" if "?" in collection_id else "?") + "page=0"
    for item in annotations:
        embedded_in_collection(item, context_url)
    collection["first"] = page_to_w3c(
        annotations,
        page_id=page_id,
        collection_id=collection_id,
        total=total,
        start_index=0,
        context=False,
    )
    collection["last"] = page_id
    return collection
