"""W3C Web Annotation JSON-LD: import annotations, pages and collections; export them again.

Footnote models one target (a web page with an optional quote, a claim pattern or URL patterns),
one text body (plain or HTML), tags, a verdict and sources. Everything else an annotation says
(creator, rights, generator, canonical, states, styles, the exact JSON shape of body and target)
is kept verbatim in the record's `extra["w3c"]` and comes back on export, so every valid
annotation round-trips without loss. What the extension cannot place on a page (several
targets, selectors it does not anchor) is stored with a stand-in page target and marked not
placeable, with the reason; an annotation the data model forbids is refused with the reason.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import Any

from footnote.formats.common import (
    Converted,
    FormatError,
    Unsupported,
    as_list,
    store_time,
)
from footnote.formats.w3c_model import FOOTNOTE_FIELDS, check_annotation
from footnote.vocabulary import NOTE_MOTIVATIONS, REPLY_MOTIVATION

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNO_CONTEXTS = (ANNO_CONTEXT, "https://www.w3.org/ns/anno.jsonld")
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
PROFILE = ANNO_CONTEXT
MEDIA_TYPE = f'application/ld+json; profile="{PROFILE}"'
FOOTNOTE_CONTEXT_PATH = "/ns/footnote.jsonld"

TEXT_SELECTORS = ("TextQuoteSelector", "TextPositionSelector")
FOOTNOTE_SELECTORS = ("ClaimPatternSelector", "UrlPatternSelector")
MULTIPLE_TARGET_TYPES = ("Composite", "List", "Independents")
MAX_SOURCES = 20


class Unplaceable(Unsupported):
    """Footnote keeps the annotation but the extension cannot place it on a page (the reason)."""


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
    """Yield (annotation, inherited @context) for a collection, page, annotation or list.

    A collection's pages are followed when they are in the file (embedded, or listed beside
    the collection in a JSON list and linked by id); a page that is only a link to elsewhere
    stops the import with the reason, never a silent partial import.
    """
    if isinstance(doc, list):
        pages = {
            item["id"]: item
            for item in doc
            if isinstance(item, dict)
            and "AnnotationPage" in _types(item.get("type"))
            and isinstance(item.get("id"), str)
        }
        # Pages reached from a collection are read through it, not again on their own.
        linked = {
            page_id
            for item in doc
            if isinstance(item, dict) and "AnnotationCollection" in _types(item.get("type"))
            for page_id in _linked_pages(item, pages)
        }
        for item in doc:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] in linked:
                continue
            yield from _items_of(item, [], pages, set())
        return
    if not isinstance(doc, dict):
        raise FormatError("a W3C file must be a JSON object (annotation, page or collection)")
    yield from _items_of(doc, [], {}, set())


def _items_of(
    doc: object, context: list[Any], pages: dict[str, Any], followed: set[str]
) -> Iterator[tuple[dict[str, Any], list[Any]]]:
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
        yield from _page_items(_page(first, "first", pages, followed), ctx, pages, followed)
        return
    if "AnnotationPage" in types:
        yield from _page_items(doc, ctx, pages, followed)
        return
    yield doc, ctx


def _linked_pages(collection: dict[str, Any], pages: dict[str, Any]) -> list[str]:
    """Ids of this file's pages a collection reaches through `first` and `next` links."""
    found: list[str] = []
    link = collection.get("first")
    while len(found) <= len(pages):
        page = (
            link if isinstance(link, dict) else pages.get(link) if isinstance(link, str) else None
        )
        if page is None:
            break
        if isinstance(link, str):
            found.append(link)
        link = page.get("next")
    return found


def _page(link: object, field: str, pages: dict[str, Any], followed: set[str]) -> dict[str, Any]:
    """An embedded page, or the page of this file that `link` names; FormatError otherwise."""
    if isinstance(link, dict):
        return link
    if isinstance(link, str) and link in pages:
        followed.add(link)
        return pages[link]
    raise FormatError(
        f"the collection's {field} page is only linked ({link!r}) and is not in this file; "
        "Footnote imports a collection only whole: put every page in the file (embedded, or "
        "as a JSON list of the collection and its pages)",
        field,
    )


def _page_items(
    page: dict[str, Any], context: list[Any], pages: dict[str, Any], followed: set[str]
) -> Iterator[tuple[dict[str, Any], list]]:
    seen = 0
    while isinstance(page, dict):
        items = page.get("items", [])
        if not isinstance(items, list):
            raise FormatError("an AnnotationPage's items must be a list", "items")
        page_context = as_list(page["@context"]) if "@context" in page else context
        for item in items:
            yield item, page_context
        seen += 1
        if seen > 100_000:
            raise FormatError("too many pages")
        if page.get("next") is None:
            return
        page = _page(page["next"], "next", pages, followed)


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
    check_annotation(doc, contexts)
    if not any(c in ANNO_CONTEXTS for c in contexts):
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
    unplaceable: str | None = None
    if replying:
        wire["target"] = _reply_target(doc)
    else:
        try:
            wire["target"] = _target(doc)
        except Unplaceable as exc:
            # Kept whole (the original target travels in extra), shown as not placeable.
            unplaceable = exc.message
            wire["target"] = {"source": _page_url(_first_page(doc["target"]), "target")}
    text, body_format, body_tags, body_sources = _bodies(doc)
    if text is not None:
        wire["body"] = [
            {
                "type": "TextualBody",
                "value": text,
                "format": body_format,
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
    if unplaceable is not None:
        w3c["unplaceable"] = {"reason": unplaceable}
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
    if not targets:
        raise Unsupported("the annotation has no target", "target")
    if len(targets) != 1:
        raise Unplaceable(
            f"{len(targets)} targets: the extension places annotations with exactly one target",
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
        raise Unplaceable(
            f"target type {several[0]} (several resources in one target): the extension "
            "places annotations with exactly one target",
            "target.type",
        )
    selectors = as_list(target.get("selector"))
    if "source" not in target:
        only = selectors[0] if len(selectors) == 1 else None
        if isinstance(only, dict) and only.get("type") in FOOTNOTE_SELECTORS:
            return {"selector": only}
        if "id" in target:
            if selectors:
                raise Unsupported(
                    "a target with a selector needs a source (a SpecificResource)",
                    "target.selector",
                )
            return {"source": _page_url(target["id"], "target.id")}
        raise Unsupported("target has neither a source nor an id", "target")
    source = target["source"]
    if isinstance(source, dict):
        source = source.get("id")
    out: dict[str, Any] = {"source": _page_url(source, "target.source")}
    if selectors:
        out["selector"] = _text_selectors(selectors)
    return out


def _first_page(target: object) -> object:
    """The first web page a target names, for the stand-in target of an unplaceable import."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            if "source" in value:
                walk(value["source"])
            elif "items" in value:
                walk(value["items"])
            elif isinstance(value.get("id"), str):
                found.append(value["id"])

    walk(target)
    return next((url for url in found if _http(url)), found[0] if found else None)


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
            raise Unplaceable(
                f"{field} is a link to a selector ({sel!r}); the extension needs the selector "
                "itself",
                field,
            )
        stype = sel.get("type")
        if stype in TEXT_SELECTORS and "refinedBy" in sel:
            raise Unplaceable(
                f"{field}.refinedBy: the extension does not anchor refined text selectors",
                f"{field}.refinedBy",
            )
        if stype == "TextQuoteSelector" and quote is None:
            quote = {k: sel[k] for k in ("type", "exact", "prefix", "suffix") if k in sel}
        elif stype == "TextPositionSelector" and position is None:
            position = {k: sel[k] for k in ("type", "start", "end") if k in sel}
        else:
            others.append(str(stype))
    if quote is None and position is not None and not others:
        raise Unplaceable(
            "a TextPositionSelector alone: the extension anchors text by its quote "
            "(TextQuoteSelector) and uses the position only as a hint",
            "target.selector",
        )
    if quote is None:
        kinds = ", ".join(dict.fromkeys(others + (["TextPositionSelector"] if position else [])))
        raise Unplaceable(
            f"target selector {kinds}: the extension anchors text by its quote "
            "(TextQuoteSelector, with an optional TextPositionSelector)",
            "target.selector",
        )
    return [s for s in (quote, position) if s is not None]


def _bodies(
    doc: Mapping[str, Any],
) -> tuple[str | None, str, list[str], list[dict[str, str]]]:
    """Text, its format, tags and linked-body sources of an annotation's bodies.

    HTML bodies are kept as written; with HTML among several text bodies, the plain ones are
    escaped so the joined text is one HTML fragment.
    """
    texts: list[tuple[str, str]] = []
    tags: list[str] = []
    sources: list[dict[str, str]] = []
    body_value = doc.get("bodyValue")
    if body_value is not None:
        if not isinstance(body_value, str):
            raise Unsupported("bodyValue must be a string", "bodyValue")
        texts.append((body_value, "text/plain"))
    bodies = as_list(doc.get("body"))
    for i, body in enumerate(bodies):
        field = "body" if not isinstance(doc.get("body"), list) else f"body[{i}]"
        _read_body(body, field, texts, tags, sources, choice=False)
    texts = [(t, f) for t, f in texts if t.strip()]
    if any(f == "text/html" for _t, f in texts):
        joined = "\n".join(t if f == "text/html" else html.escape(t) for t, f in texts)
        return joined, "text/html", tags, sources
    return "\n\n".join(t for t, _f in texts) or None, "text/plain", tags, sources


def _read_body(
    body: object,
    field: str,
    texts: list[tuple[str, str]],
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
            sub_texts: list[tuple[str, str]] = []
            _read_body(item, f"{field}.items[{j}]", sub_texts, tags, sources, choice=True)
            if len(texts) == before and sub_texts:
                texts.extend(sub_texts)  # the first option with text is what a reader sees
        return
    if "TextualBody" in btypes or ("value" in body and "source" not in body and "id" not in body):
        # HTML is kept as written and shown sanitised; any other format is shown as plain text
        # (the original, with its format, stays in the W3C view).
        fmt = "text/html" if body.get("format") == "text/html" else "text/plain"
        value = body.get("value")
        if not isinstance(value, str):
            raise Unsupported(f"{field}.value must be a string", f"{field}.value")
        if "tagging" in as_list(body.get("purpose")) and not choice:
            if value.strip() and value.strip() not in tags:
                tags.append(value.strip())
        else:
            texts.append((value, fmt))
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
    embedded_in_collection,
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
    "embedded_in_collection",
    "is_footnote_context",
    "page_to_w3c",
]
