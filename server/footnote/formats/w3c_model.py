"""What the Web Annotation Data Model requires of an annotation, checked before import.

An annotation that breaks the model (no `@context`, several ids, a `creator` that is a number, a
`created` that is not a date-time...) is refused with the reason, never imported with the bad
part dropped. Properties the model does not define are kept only as extension properties, which
the model allows when the annotation brings the `@context` that defines them; the kept JSON is
bounded, and links in it must be safe to follow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from footnote.errors import ValidationError

ANNO_CONTEXTS = ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld")
# Every term of http://www.w3.org/ns/anno.jsonld (property names, not class names).
ANNO_TERMS = frozenset(
    [
        "id",
        "type",
        "body",
        "bodyValue",
        "target",
        "source",
        "selector",
        "state",
        "scope",
        "refinedBy",
        "startSelector",
        "endSelector",
        "renderedVia",
        "creator",
        "generator",
        "rights",
        "homepage",
        "via",
        "canonical",
        "stylesheet",
        "cached",
        "conformsTo",
        "items",
        "partOf",
        "first",
        "last",
        "next",
        "prev",
        "audience",
        "motivation",
        "purpose",
        "textDirection",
        "accessibility",
        "created",
        "modified",
        "generated",
        "label",
        "name",
        "nickname",
        "email",
        "email_sha1",
        "format",
        "language",
        "processingLanguage",
        "value",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "sourceDate",
        "sourceDateStart",
        "sourceDateEnd",
        "styleClass",
        "total",
        "startIndex",
    ]
)
# Footnote's own fields (under its context). `set` and `setVersion` describe where a record
# lives and are not imported; the others are.
FOOTNOTE_FIELDS = (
    "kind",
    "verdict",
    "sources",
    "tags",
    "set",
    "setVersion",
    "document",
    "placeable",
    "placeableReason",
)
# Footnote's own terms (its context, /ns/footnote.jsonld): the fields and the words inside them.
FOOTNOTE_TERMS = frozenset(FOOTNOTE_FIELDS) | frozenset(
    [
        "uri",
        "equivalents",
        "links",
        "href",
        "rel",
        "verified",
        "all",
        "highlight",
        "window",
        "languages",
        "include",
        "exclude",
        "not",
        "title",
        "description",
    ]
)
# Prefixes the anno context defines, so `schema:softwareVersion` is a defined property.
ANNO_PREFIXES = frozenset(
    [
        "as",
        "dc",
        "dcterms",
        "dctypes",
        "foaf",
        "iana",
        "oa",
        "owl",
        "rdf",
        "rdfs",
        "schema",
        "skos",
        "xsd",
    ]
)
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
DATE_TIME_KEYS = (
    "created",
    "modified",
    "generated",
    "sourceDate",
    "sourceDateStart",
    "sourceDateEnd",
)
AGENT_KEYS = ("creator", "generator")
SINGLE_IRI_KEYS = ("id", "canonical")
IRI_KEYS = frozenset(
    [
        "id",
        "source",
        "target",
        "body",
        "creator",
        "generator",
        "rights",
        "homepage",
        "via",
        "canonical",
        "stylesheet",
        "cached",
        "conformsTo",
        "scope",
        "renderedVia",
        "email",
    ]
)
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# The JSON Footnote keeps verbatim for one annotation (what it does not model).
MAX_KEPT_BYTES = 64 * 1024


def check_annotation(doc: Mapping[str, Any], contexts: list[Any]) -> None:
    """Raise ValidationError, naming the field, when `doc` is not a valid Web Annotation."""
    if not contexts:
        raise ValidationError(
            "the annotation has no @context: a Web Annotation must name "
            "http://www.w3.org/ns/anno.jsonld",
            "@context",
        )
    extended = any(
        (isinstance(c, str) and c not in ANNO_CONTEXTS and not c.endswith("/ns/footnote.jsonld"))
        or isinstance(c, dict)
        for c in contexts
    )
    if "target" not in doc:
        raise ValidationError("the annotation has no target (the model requires one)", "target")
    if "bodyValue" in doc and "body" in doc:
        raise ValidationError("an annotation with bodyValue must not also have body", "body")
    _check_node(doc, "", extended)
    size = len(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    if size > MAX_KEPT_BYTES:
        raise ValidationError(
            f"the annotation is {size:,} bytes of JSON; Footnote keeps at most "
            f"{MAX_KEPT_BYTES:,} per annotation",
            None,
        )


def _where(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check_node(node: Mapping[str, Any], path: str, extended: bool) -> None:
    for key, value in node.items():
        field = _where(path, key)
        if key == "@context" or value is None:
            continue  # a context defines terms, and JSON-LD reads null as absent
        if key.startswith("@"):
            if key not in ("@context", "@id", "@type", "@language", "@value"):
                raise ValidationError(f"{field} is not a JSON-LD keyword", field)
        elif not extended and not _defined(key):
            raise ValidationError(
                f"unknown property {field!r}: the Web Annotation model does not define it; "
                "an extension property needs the @context that defines it",
                field,
            )
        if key in SINGLE_IRI_KEYS and not isinstance(value, str):
            what = "several ids" if isinstance(value, list) else f"a {type(value).__name__}"
            raise ValidationError(f"{field} must be one IRI, not {what}", field)
        if key in DATE_TIME_KEYS and not (isinstance(value, str) and DATE_TIME.match(value)):
            raise ValidationError(
                f"{field} must be an xsd:dateTime such as 2026-01-28T12:00:00Z, not {value!r}",
                field,
            )
        if key in AGENT_KEYS:
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, str | dict):
                    raise ValidationError(
                        f"{field} must be an IRI or an agent object, not {item!r}", field
                    )
        if key in ("motivation", "purpose", "type"):
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, str):
                    raise ValidationError(f"{field} must be a string or strings", field)
        if key in IRI_KEYS:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.strip().lower().startswith(UNSAFE_SCHEMES):
                    raise ValidationError(
                        f"{field} is a {item.split(':', 1)[0]}: IRI, which is not safe to "
                        "follow; Footnote keeps http(s) links and names (urn:, tag:)",
                        field,
                    )
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, dict):
                sub = f"{field}[{i}]" if isinstance(value, list) else field
                _check_node(item, sub, extended)


def _defined(key: str) -> bool:
    return key in ANNO_TERMS or key in FOOTNOTE_TERMS or _is_iri_key(key)


def _is_iri_key(key: str) -> bool:
    prefix, colon, _rest = key.partition(":")
    return bool(colon) and (prefix in ANNO_PREFIXES or prefix in ("http", "https"))
