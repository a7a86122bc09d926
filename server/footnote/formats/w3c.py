"""W3C Web Annotation JSON-LD: import annotations, pages and collections; export them again.

Footnote models one target (a web page with an optional quote, a claim pattern or URL patterns),
one plain-text body, tags, a verdict and sources. Everything else an annotation says (creator,
rights, generator, canonical, states, styles, the exact JSON shape of body and target) is kept
verbatim in the record's `extra["w3c"]` and comes back on export, so a supported annotation
round-trips without loss. What Footnote cannot show a reader as what it is (several targets,
selectors other than a text quote or position, HTML bodies) is refused with a message saying so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from footnote.formats.common import (
    Converted,
    FormatError,
    Unsupported,
    as_list,
    store_time,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNO_CONTEXTS = (ANNO_CONTEXT, "https://www.w3.org/ns/anno.jsonld")
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
PROFILE = ANNO_CONTEXT
MEDIA_TYPE = f'application/ld+json; profile="{PROFILE}"'
FOOTNOTE_CONTEXT_PATH = "/ns/footnote.jsonld"

# Footnote's own fields (under its context). `set` and `setVersion` describe where a record
# lives and are not imported; the others are.
FOOTNOTE_FIELDS = ("kind", "verdict", "sources", "tags", "set", "setVersion", "document")
NOTE_MOTIVATIONS = ("commenting", "highlighting", "questioning")
REPLY_MOTIVATION = "replying"
TEXT_SELECTORS = ("TextQuoteSelector", "TextPositionSelector")
FOOTNOTE_SELECTORS = ("ClaimPatternSelector", "UrlPatternSelector")
MULTIPLE_TARGET_TYPES = ("Composite", "List", "Independents")
MAX_SOURCES = 20


def is_footnote_context(value: object) -> bool:
    """True for any service's `/ns/footnote.jsonld` context URL."""
    return isinstance(value, str) and value.endswith(FOOTNOTE_CONTEXT_PATH)


def _types(value: object) -> list[str]:
    return [t for t in as_list(value) if isinstance(t, str)]


def _http(value: object) -> bool:
    """A cheap scheme check; `footnote.validation` normalises (and rejects) the URL itself."""
    return isinstance(value, str) and value[:8].lower().startswith(("http://", "https://"))


# --------------------------------------------------------------------------- reading files


def annotations_in(doc: object) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    """Yield (annotation, inherited @context) for a collection, page, annotation or list."""
    if isinstance(doc, list):
        for item in doc:
            yield from _items_of(item, [])
        return
    if not isinstance(doc, dict):
        raise FormatError("a W3C file must be a JSON object (annotation, page or collection)")
    yield from _items_of(doc, [])


def _items_of(doc: object, context: list[Any]) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    if not isinstance(doc, dict):
        # A bare value among annotations: let the record check name it.
        yield doc, context  # type: ignore[misc]
        return
    ctx = as_list(doc["@context"]) if "@context" in doc else context
    types = _types(doc.get("type", doc.get("@type")))
    if "AnnotationCollection" in types:
        first = doc.get("first")
        if first is None:
            return
        if not isinstance(first, dict):
            raise FormatError(
                "the collection's first page is only linked "
                f"({first!r}); Footnote imports collections with their pages embedded",
                "first",
            )
        yield from _page_items(first, ctx)
        return
    if "AnnotationPage" in types:
        yield from _page_items(doc, ctx)
        return
    yield doc, ctx


def _page_items(page: dict[str, Any], context: list[Any]) -> Iterator[tuple[dict[str, Any], list]]:
    seen = 0
    while isinstance(page, dict):
        items = page.get("items", [])
        if not isinstance(items, list):
            raise FormatError("an AnnotationPage's items must be a list", "items")
        for item in items:
            yield item, context
        seen += 1
        page = page.get("next")  # embedded next pages only; links are the end of the file
        if seen > 100_000:
            raise FormatError("too many pages")


# --------------------------------------------------------------------------- import


def annotation_from_w3c(
    doc: object,
    context: list[Any] | None = None,
    *,
    self_id: str | None = None,
    current: Mapping[str, Any] | None = None,
) -> Converted:
    """Convert one W3C annotation to a Footnote wire annotation plus what `extra` keeps.

    `context` is the @context inherited from an enclosing collection. For an update through the
    protocol container, `self_id` is the annotation's own IRI (not recorded as `via`) and
    `current` its present W3C form (unchanged server-managed fields are not frozen into extra).
    Raises Unsupported naming the field when Footnote cannot represent the annotation.
    """
    if not isinstance(doc, dict):
        raise Unsupported("an annotation must be a JSON object")
    types = _types(doc.get("type", doc.get("@type")))
    if "Annotation" not in types:
        raise Unsupported(f"type must be Annotation, not {doc.get('type')!r}", "type")
    if "@type" in doc or "@id" in doc:
        raise Unsupported("use the compacted anno.jsonld terms (id, type), not @id/@type")
    contexts = as_list(doc["@context"]) if "@context" in doc else list(context or [])
    if contexts and not any(c in ANNO_CONTEXTS for c in contexts):
        raise Unsupported(
            f"@context must include {ANNO_CONTEXT} (the Web Annotation context); got {contexts!r}",
            "@context",
        )
    other_contexts = [c for c in contexts if c not in ANNO_CONTEXTS and not is_footnote_context(c)]

    wire: dict[str, Any] = {}
    for key in ("kind", "verdict"):
        if key in doc:
            wire[key] = doc[key]
    replying = REPLY_MOTIVATION in as_list(doc.get("motivation"))
    wire["target"] = _reply_target(doc) if replying else _target(doc)
    text, body_tags, body_sources = _bodies(doc)
    if text is not None:
        wire["body"] = [
            {
                "type": "TextualBody",
                "value": text,
                "format": "text/plain",
                "purpose": "commenting" if _kind_of(doc, wire) == "note" else "describing",
            }
        ]
    tags = doc.get("tags", [])
    if isinstance(tags, list):
        tags = tags + [t for t in body_tags if t not in tags]
    if tags:
        wire["tags"] = tags
    sources = doc.get("sources", [])
    if isinstance(sources, list):
        known = {s.get("id") for s in sources if isinstance(s, dict)}
        sources = sources + [s for s in body_sources if s["id"] not in known]
        sources = sources[:MAX_SOURCES]
    if sources:
        wire["sources"] = sources
    wire["motivation"] = REPLY_MOTIVATION if replying else _motivation(doc, wire, text)
    document = _document_links(doc.get("document"))
    if document is not None and _kind_of(doc, wire) == "note" and not replying:
        wire["document"] = document

    fields = {
        k: v
        for k, v in doc.items()
        if k not in ("@context", "id", "type") and k not in FOOTNOTE_FIELDS
    }
    if current is not None:
        fields.pop("modified", None)
        for key in ("creator", "created"):
            if key in fields and fields[key] == current.get(key):
                del fields[key]
    vias = [v for v in as_list(doc.get("via")) if v != self_id]
    own_id = doc.get("id")
    if isinstance(own_id, str) and own_id != self_id and own_id not in vias:
        vias.append(own_id)
    if vias:
        fields["via"] = vias[0] if len(vias) == 1 else vias
    w3c: dict[str, Any] = {"fields": fields, "complete": True}
    if other_contexts:
        w3c["context"] = other_contexts
    if types != ["Annotation"]:
        w3c["type"] = doc.get("type")
    return Converted(
        wire=wire,
        extra={"w3c": w3c},
        record_id=own_id if isinstance(own_id, str) else None,
        created=store_time(doc.get("created")) if current is None else None,
        modified=store_time(doc.get("modified")) if current is None else None,
    )


def _kind_of(doc: Mapping[str, Any], wire: Mapping[str, Any]) -> str:
    if isinstance(doc.get("kind"), str):
        return doc["kind"]
    selector = wire.get("target", {}).get("selector")
    if isinstance(selector, dict) and selector.get("type") == "ClaimPatternSelector":
        return "claim"
    if isinstance(selector, dict) and selector.get("type") == "UrlPatternSelector":
        return "site"
    return "note"


def _motivation(doc: Mapping[str, Any], wire: Mapping[str, Any], text: str | None) -> str:
    if _kind_of(doc, wire) != "note":
        return "assessing"
    for value in as_list(doc.get("motivation")):
        if value in NOTE_MOTIVATIONS:
            return value
    return "commenting"


def _target(doc: Mapping[str, Any]) -> dict[str, Any]:
    if "target" not in doc:
        raise Unsupported("the annotation has no target", "target")
    targets = as_list(doc["target"])
    if len(targets) != 1:
        raise Unsupported(
            f"Footnote annotations have exactly one target; this one has {len(targets)}",
            "target",
        )
    target = targets[0]
    if isinstance(target, str):
        return {"source": _page_url(target, "target")}
    if not isinstance(target, dict):
        raise Unsupported("target must be a URL or an object", "target")
    ttype = _types(target.get("type"))
    several = [t for t in ttype if t in MULTIPLE_TARGET_TYPES]
    if several:
        raise Unsupported(
            f"target type {several[0]} (several resources in one target) is not supported: "
            "Footnote annotations have exactly one target",
            "target.type",
        )
    selectors = as_list(target.get("selector"))
    if "source" not in target:
        only = selectors[0] if len(selectors) == 1 else None
        if isinstance(only, dict) and only.get("type") in FOOTNOTE_SELECTORS:
            return {"selector": only}
        if "id" in target:
            if selectors:
                raise Unsupported("a target with a selector needs a source", "target.selector")
            return {"source": _page_url(target["id"], "target.id")}
        raise Unsupported("target has neither a source nor an id", "target")
    source = target["source"]
    if isinstance(source, dict):
        source = source.get("id")
    out: dict[str, Any] = {"source": _page_url(source, "target.source")}
    if selectors:
        out["selector"] = _text_selectors(selectors)
    return out


def _reply_target(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A reply's target: the IRI of the one annotation it answers."""
    targets = as_list(doc.get("target"))
    if len(targets) != 1:
        raise Unsupported("a reply answers exactly one annotation", "target")
    target = targets[0]
    if isinstance(target, dict):
        target = target.get("source", target.get("id"))
    if not isinstance(target, str) or not target:
        raise Unsupported("a reply's target must be the IRI of the annotation it answers", "target")
    return {"source": target}


def reply_parent(converted_wire: Mapping[str, Any]) -> str | None:
    """The IRI a converted annotation replies to, or None when it is not a reply."""
    if converted_wire.get("motivation") != REPLY_MOTIVATION:
        return None
    return converted_wire["target"]["source"]


def _page_url(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise Unsupported(f"{field} must be a URL", field)
    if not _http(value):
        raise Unsupported(
            f"{field} {value!r} is not an http(s) URL: Footnote annotates web pages", field
        )
    return value


def _text_selectors(selectors: list[Any]) -> list[dict[str, Any]]:
    """Footnote's quote and position from a target's selectors (alternatives of each other)."""
    quote: dict[str, Any] | None = None
    position: dict[str, Any] | None = None
    others: list[str] = []
    for i, sel in enumerate(selectors):
        field = "target.selector" if len(selectors) == 1 else f"target.selector[{i}]"
        if not isinstance(sel, dict):
            raise Unsupported(
                f"{field} is a link to a selector ({sel!r}); Footnote needs the selector itself",
                field,
            )
        stype = sel.get("type")
        if stype in TEXT_SELECTORS and "refinedBy" in sel:
            raise Unsupported(f"{field}.refinedBy is not supported", f"{field}.refinedBy")
        if stype == "TextQuoteSelector" and quote is None:
            quote = {k: sel[k] for k in ("type", "exact", "prefix", "suffix") if k in sel}
        elif stype == "TextPositionSelector" and position is None:
            position = {k: sel[k] for k in ("type", "start", "end") if k in sel}
        else:
            others.append(str(stype))
    if quote is None and position is not None and not others:
        raise Unsupported(
            "a TextPositionSelector alone is not supported: Footnote anchors text by its quote "
            "(TextQuoteSelector) and uses the position only as a hint",
            "target.selector",
        )
    if quote is None:
        kinds = ", ".join(dict.fromkeys(others + (["TextPositionSelector"] if position else [])))
        raise Unsupported(
            f"target selector {kinds} is not supported: Footnote anchors text by its quote "
            "(TextQuoteSelector, with an optional TextPositionSelector)",
            "target.selector",
        )
    return [s for s in (quote, position) if s is not None]


def _bodies(doc: Mapping[str, Any]) -> tuple[str | None, list[str], list[dict[str, str]]]:
    """Text, tags and linked-body sources of an annotation's bodies."""
    texts: list[str] = []
    tags: list[str] = []
    sources: list[dict[str, str]] = []
    body_value = doc.get("bodyValue")
    if body_value is not None:
        if not isinstance(body_value, str):
            raise Unsupported("bodyValue must be a string", "bodyValue")
        texts.append(body_value)
    bodies = as_list(doc.get("body"))
    for i, body in enumerate(bodies):
        field = "body" if not isinstance(doc.get("body"), list) else f"body[{i}]"
        _read_body(body, field, texts, tags, sources, choice=False)
    text = "\n\n".join(t for t in texts if t.strip()) or None
    return text, tags, sources


def _read_body(
    body: object,
    field: str,
    texts: list[str],
    tags: list[str],
    sources: list[dict[str, str]],
    *,
    choice: bool,
) -> None:
    if isinstance(body, str):
        if _http(body):
            sources.append({"id": body, "title": ""})
        return
    if not isinstance(body, dict):
        raise Unsupported(f"{field} must be a URL or an object", field)
    btypes = _types(body.get("type"))
    if "Choice" in btypes:
        options = as_list(body.get("items"))
        before = len(texts)
        for j, item in enumerate(options):
            sub_texts: list[str] = []
            _read_body(item, f"{field}.items[{j}]", sub_texts, tags, sources, choice=True)
            if len(texts) == before and sub_texts:
                texts.extend(sub_texts)  # the first option with text is what a reader sees
        return
    if "TextualBody" in btypes or ("value" in body and "source" not in body and "id" not in body):
        fmt = body.get("format", "text/plain")
        if fmt != "text/plain":
            raise Unsupported(
                f"{field}.format {fmt!r} is not supported: Footnote stores plain text only",
                f"{field}.format",
            )
        value = body.get("value")
        if not isinstance(value, str):
            raise Unsupported(f"{field}.value must be a string", f"{field}.value")
        if "tagging" in as_list(body.get("purpose")) and not choice:
            if value.strip() and value.strip() not in tags:
                tags.append(value.strip())
        else:
            texts.append(value)
        return
    link = body.get("source", body.get("id"))
    if isinstance(link, dict):
        link = link.get("id")
    if link is None:
        raise Unsupported(f"{field} has no value, id or source", field)
    if _http(link):
        sources.append({"id": link, "title": ""})


def _document_links(document: object) -> dict[str, Any] | None:
    """A Footnote export's `document` (uri + equivalents) as the links the API accepts."""
    if not isinstance(document, dict):
        return None
    if "links" in document:
        return {"links": document["links"]}
    links = []
    for eq in as_list(document.get("equivalents")):
        if isinstance(eq, dict) and eq.get("rel") in ("canonical", "og:url"):
            links.append({"rel": eq["rel"], "href": eq.get("href")})
    return {"links": links} if links else None


# Export lives in its own module; these names are part of this module's interface.
from footnote.formats.w3c_export import (  # noqa: E402
    annotation_to_w3c,
    collection_to_w3c,
    page_to_w3c,
)

__all__ = [
    "ANNO_CONTEXT",
    "LDP_CONTEXT",
    "MEDIA_TYPE",
    "annotation_from_w3c",
    "annotation_to_w3c",
    "annotations_in",
    "collection_to_w3c",
    "is_footnote_context",
    "page_to_w3c",
]
