"""Footnote's extra JSON-LD context, published at /ns/footnote.jsonld.

It is the second `@context` entry of every Footnote annotation and defines the fields and
selector types the Web Annotation vocabulary does not have. Terms live under one fixed
vocabulary IRI, so annotations from different Footnote services mean the same thing.
"""

from __future__ import annotations

from typing import Any

VOCAB = "https://w3id.org/footnote/ns#"

CONTEXT: dict[str, Any] = {
    "@context": {
        "@version": 1.1,
        "fn": VOCAB,
        "oa": "http://www.w3.org/ns/oa#",
        "dcterms": "http://purl.org/dc/terms/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "assessing": "oa:assessing",
        "kind": {"@id": "fn:kind"},
        "verdict": {"@id": "fn:verdict"},
        "sources": {"@id": "fn:source"},
        "title": {"@id": "dcterms:title"},
        "description": {"@id": "dcterms:description"},
        "tags": {"@id": "fn:tag"},
        "set": {"@id": "fn:set"},
        "setVersion": {"@id": "fn:setVersion", "@type": "xsd:integer"},
        "document": {"@id": "fn:document"},
        "uri": {"@id": "fn:uri", "@type": "@id"},
        "equivalents": {"@id": "fn:equivalent"},
        "links": {"@id": "fn:link"},
        "href": {"@id": "fn:href", "@type": "@id"},
        "rel": {"@id": "fn:rel"},
        "verified": {"@id": "fn:verified", "@type": "xsd:boolean"},
        "ClaimPatternSelector": {"@id": "fn:ClaimPatternSelector"},
        "UrlPatternSelector": {"@id": "fn:UrlPatternSelector"},
        "all": {"@id": "fn:all", "@container": "@list"},
        "highlight": {"@id": "fn:highlight", "@type": "xsd:integer"},
        "window": {"@id": "fn:window"},
        "languages": {"@id": "fn:language"},
        "include": {"@id": "fn:include"},
        "exclude": {"@id": "fn:exclude"},
        "not": {"@id": "fn:exception"},
        "placeable": {"@id": "fn:placeable", "@type": "xsd:boolean"},
        "placeableReason": {"@id": "fn:placeableReason"},
    }
}

# Every term wire-format.md uses beyond anno.jsonld must be defined here (tests check it).
REQUIRED_TERMS = (
    "kind",
    "verdict",
    "sources",
    "tags",
    "set",
    "setVersion",
    "document",
    "ClaimPatternSelector",
    "UrlPatternSelector",
    "all",
    "highlight",
    "window",
    "languages",
    "include",
    "exclude",
    "not",
    "placeable",
    "placeableReason",
)
