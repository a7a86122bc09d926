"""Hypothesis JSON: the file the client's export writes and the search API's results.

A Hypothesis annotation is turned into the W3C annotation it denotes (target with its selectors,
a plain-text body, tags, creator, dates, a `via` link back to Hypothesis) and imported like any
other W3C annotation, so quotes, position and range selectors, users and URLs all survive in
the W3C export. A reply (it has `references`) becomes a `replying` annotation whose target is
its parent, the last of its `references`; the importer threads it under that parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from footnote.formats.common import Converted, FormatError, Unsupported, as_list
from footnote.formats.w3c import ANNO_CONTEXT, annotation_from_w3c

HYPOTHESIS_HOST = "https://hypothes.is"
_ACCT_RE = re.compile(r"^acct:([^@]+)@(.+)$")


def records_in(doc: object) -> list[Any]:
    """The annotation records of an export file or search response."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in ("annotations", "rows"):
            if key in doc:
                rows = doc[key]
                if not isinstance(rows, list):
                    raise FormatError(f"{key} must be a list of annotations", key)
                return rows
        if "id" in doc and ("target" in doc or "uri" in doc):
            return [doc]
    raise FormatError(
        'a Hypothesis file is a list of annotations, {"annotations": [...]} (the export) '
        'or {"rows": [...]} (the search API)'
    )


def looks_like(doc: object) -> bool:
    """True when `doc` has the shape of Hypothesis annotations (for format detection)."""
    try:
        rows = records_in(doc)
    except FormatError:
        return False
    first = next((r for r in rows if isinstance(r, dict)), None)
    if first is None:
        return isinstance(doc, dict) and ("rows" in doc or "annotations" in doc)
    return "uri" in first and ("user" in first or "text" in first) and "@context" not in first


def is_reply(record: object) -> bool:
    """True for a reply (it has `references`, the ids of its thread from the root down)."""
    return isinstance(record, dict) and bool(record.get("references"))


def parent_id(record: object) -> str | None:
    """The Hypothesis id of the annotation a reply answers (the last of its `references`)."""
    if not is_reply(record):
        return None
    assert isinstance(record, dict)
    references = record["references"]
    if not isinstance(references, list) or not isinstance(references[-1], str):
        raise Unsupported("references must be a list of annotation ids", "references")
    return references[-1]


def annotation_iri(hypothesis_id: str) -> str:
    """The IRI Hypothesis gives an annotation."""
    return f"{HYPOTHESIS_HOST}/a/{hypothesis_id}"


def user_name(user: object) -> str | None:
    """`acct:alice@hypothes.is` → `alice`."""
    if not isinstance(user, str):
        return None
    match = _ACCT_RE.match(user)
    return match.group(1) if match else user


def w3c_selector(selector: dict[str, Any]) -> dict[str, Any]:
    """A Hypothesis selector in the W3C model's terms.

    Hypothesis writes a RangeSelector as `startContainer`/`startOffset`/`endContainer`/
    `endOffset`, properties the model does not define; the W3C form of the same range is a
    RangeSelector whose start and end are XPathSelectors refined by a text position.
    """
    if selector.get("type") != "RangeSelector" or "startContainer" not in selector:
        return selector

    def end(container: object, offset: object) -> dict[str, Any]:
        point = {"type": "TextPositionSelector", "start": offset, "end": offset}
        return {"type": "XPathSelector", "value": container, "refinedBy": point}

    return {
        "type": "RangeSelector",
        "startSelector": end(selector.get("startContainer"), selector.get("startOffset")),
        "endSelector": end(selector.get("endContainer"), selector.get("endOffset")),
    }


def to_w3c(record: object) -> dict[str, Any]:
    """The W3C Web Annotation a Hypothesis record denotes."""
    if not isinstance(record, dict):
        raise Unsupported("a Hypothesis annotation must be a JSON object")
    rid = record.get("id")
    targets = as_list(record.get("target"))
    if len(targets) > 1:
        raise Unsupported(f"{len(targets)} targets; Footnote keeps one", "target")
    raw_target = targets[0] if targets else {}
    if not isinstance(raw_target, dict):
        raise Unsupported("target must be a list of objects", "target")
    parent = parent_id(record)
    source = raw_target.get("source", record.get("uri"))
    if isinstance(source, list):
        source = source[0] if source else None
    if not isinstance(source, str):
        raise Unsupported("neither target.source nor uri gives the page's URL", "uri")
    raw_selectors = raw_target.get("selector", [])
    if not isinstance(raw_selectors, list) or not all(isinstance(s, dict) for s in raw_selectors):
        raise Unsupported("target[0].selector must be a list of selectors", "target[0].selector")
    selectors = [w3c_selector(s) for s in raw_selectors]
    target: Any = {"source": source, "selector": selectors} if selectors else source
    text = record.get("text") or ""
    if not isinstance(text, str):
        raise Unsupported("text must be a string", "text")
    out: dict[str, Any] = {"@context": ANNO_CONTEXT, "type": "Annotation"}
    links = record.get("links") if isinstance(record.get("links"), dict) else {}
    if isinstance(rid, str) and rid:
        out["id"] = links.get("html") or f"{HYPOTHESIS_HOST}/a/{rid}"
    out["motivation"] = "commenting" if text.strip() else "highlighting"
    if parent is not None:
        out["motivation"] = "replying"
        target = annotation_iri(parent)
    bodies: list[dict[str, Any]] = []
    if text.strip():
        bodies.append({"type": "TextualBody", "value": text, "format": "text/plain"})
    tags = record.get("tags") or []
    if not isinstance(tags, list):
        raise Unsupported("tags must be a list", "tags")
    for tag in tags:
        if not isinstance(tag, str):
            raise Unsupported("tags must be strings", "tags")
        bodies.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    if bodies:
        out["body"] = bodies[0] if len(bodies) == 1 else bodies
    out["target"] = target
    user = record.get("user")
    if isinstance(user, str) and user:
        out["creator"] = {"id": user, "type": "Person", "name": user_name(user)}
    for ours, theirs in (("created", "created"), ("modified", "updated")):
        if isinstance(record.get(theirs), str):
            out[ours] = record[theirs]
    return out


def convert(doc: object) -> Iterator[tuple[int, Any, Converted | None, str | None]]:
    """Yield (index, record, converted or None, reason skipped) for every record of a file."""
    for index, record in enumerate(records_in(doc)):
        converted = annotation_from_w3c(to_w3c(record))
        yield index, record, converted, None
