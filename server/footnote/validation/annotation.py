"""Annotation input (wire format) → the internal dict the store writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footnote.errors import ValidationError
from footnote.validation.primitives import (
    BODY_FORMATS,
    LANGUAGE_RE,
    LINK_RELS,
    MAX_AFFIX,
    MAX_ALIAS,
    MAX_ALIASES,
    MAX_BODY,
    MAX_EXACT,
    MAX_GROUPS,
    MAX_LANGUAGES,
    MAX_LINKS,
    MAX_NOT_PHRASES,
    MAX_SOURCE_TITLE,
    MAX_SOURCES,
    MAX_TAG,
    MAX_TAGS,
    MAX_URL,
    MAX_WINDOW,
    READ_ONLY_FIELDS,
    check_fields,
    choice,
    http_url,
    integer,
    listing,
    require_object,
    text,
    url_patterns,
)
from footnote.validation.talkback import reply_parent_id
from footnote.vocabulary import (
    KINDS,
    LABEL_MOTIVATIONS,
    NOTE_MOTIVATIONS,
    REPLY_MOTIVATION,
    VERDICTS,
)


def _phrases(value: object, field: str, *, max_items: int, min_items: int) -> list[str]:
    """A list of one-line phrases (aliases, `not` phrases) of 1-200 characters, deduplicated."""
    phrases: list[str] = []
    for i, raw in enumerate(listing(value, field, max_items=max_items, min_items=min_items)):
        phrase = text(
            raw, f"{field}[{i}]", min_length=1, max_length=MAX_ALIAS, multiline=False, strip=True
        )
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def claim_pattern(value: object, field: str = "target.selector") -> dict[str, Any]:
    """Validate a ClaimPatternSelector and return it in canonical form (`not` only if any)."""
    sel = require_object(value, field)
    check_fields(
        sel,
        ("type", "all", "highlight", "window", "languages", "include", "exclude", "not"),
        field,
        required=("type", "all"),
    )
    if sel["type"] != "ClaimPatternSelector":
        raise ValidationError(f"{field}.type must be ClaimPatternSelector", f"{field}.type")
    groups = [
        _phrases(group, f"{field}.all[{g}]", max_items=MAX_ALIASES, min_items=1)
        for g, group in enumerate(
            listing(sel["all"], f"{field}.all", max_items=MAX_GROUPS, min_items=1)
        )
    ]
    exceptions = _phrases(
        sel.get("not", []), f"{field}.not", max_items=MAX_NOT_PHRASES, min_items=0
    )
    highlight = integer(
        sel.get("highlight", 0), f"{field}.highlight", minimum=0, maximum=len(groups) - 1
    )
    window = sel.get("window", "sentence")
    if window != "sentence":
        if isinstance(window, str):
            raise ValidationError(
                f'{field}.window must be "sentence" or a number of characters', f"{field}.window"
            )
        window = integer(window, f"{field}.window", minimum=1, maximum=MAX_WINDOW)
    languages: list[str] = []
    for i, lang in enumerate(
        listing(sel.get("languages", []), f"{field}.languages", max_items=MAX_LANGUAGES)
    ):
        if not isinstance(lang, str) or not LANGUAGE_RE.match(lang.lower()):
            raise ValidationError(
                f'{field}.languages[{i}] must be a BCP 47 primary language tag such as "en"',
                f"{field}.languages[{i}]",
            )
        if lang.lower() not in languages:
            languages.append(lang.lower())
    return {
        "type": "ClaimPatternSelector",
        "all": groups,
        "highlight": highlight,
        "window": window,
        "languages": languages,
        "include": url_patterns(sel.get("include", []), f"{field}.include"),
        "exclude": url_patterns(sel.get("exclude", []), f"{field}.exclude"),
        # Omitted when empty, so labels stored before `not` existed present as they did.
        **({"not": exceptions} if exceptions else {}),
    }


def url_pattern_selector(value: object, field: str = "target.selector") -> dict[str, Any]:
    """Validate a UrlPatternSelector (site labels); `include` must name at least one pattern."""
    sel = require_object(value, field)
    check_fields(sel, ("type", "include", "exclude"), field, required=("type", "include"))
    if sel["type"] != "UrlPatternSelector":
        raise ValidationError(f"{field}.type must be UrlPatternSelector", f"{field}.type")
    include = url_patterns(sel["include"], f"{field}.include")
    if not include:
        raise ValidationError(f"{field}.include must name at least one pattern", f"{field}.include")
    return {
        "type": "UrlPatternSelector",
        "include": include,
        "exclude": url_patterns(sel.get("exclude", []), f"{field}.exclude"),
    }


def _note_selectors(value: object, field: str) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list):
        listing(value, field, max_items=2)
    quote: dict[str, Any] | None = None
    position: dict[str, Any] | None = None
    for i, raw in enumerate(items):
        sfield = f"{field}[{i}]" if isinstance(value, list) else field
        sel = require_object(raw, sfield)
        kind = sel.get("type")
        if kind == "TextQuoteSelector":
            check_fields(sel, ("type", "exact", "prefix", "suffix"), sfield, required=("exact",))
            if quote is not None:
                raise ValidationError(f"{sfield}: only one TextQuoteSelector", sfield)
            quote = {
                "type": "TextQuoteSelector",
                "exact": text(
                    sel["exact"],
                    f"{sfield}.exact",
                    min_length=1,
                    max_length=MAX_EXACT,
                    verbatim=True,
                ),
                "prefix": text(
                    sel.get("prefix", ""), f"{sfield}.prefix", max_length=MAX_AFFIX, verbatim=True
                ),
                "suffix": text(
                    sel.get("suffix", ""), f"{sfield}.suffix", max_length=MAX_AFFIX, verbatim=True
                ),
            }
        elif kind == "TextPositionSelector":
            check_fields(sel, ("type", "start", "end"), sfield, required=("start", "end"))
            if position is not None:
                raise ValidationError(f"{sfield}: only one TextPositionSelector", sfield)
            start = integer(sel["start"], f"{sfield}.start", minimum=0, maximum=2**31)
            end = integer(sel["end"], f"{sfield}.end", minimum=start, maximum=2**31)
            position = {"type": "TextPositionSelector", "start": start, "end": end}
        else:
            raise ValidationError(
                f"{sfield}.type must be TextQuoteSelector or TextPositionSelector",
                f"{sfield}.type",
            )
    if position is not None and quote is None:
        raise ValidationError(f"{field}: a TextPositionSelector needs a TextQuoteSelector", field)
    return [s for s in (quote, position) if s is not None]


KIND_TARGETS = {"note": "note on a page", "claim": "claim label", "site": "site label"}
KIND_SELECTORS = {
    "note": "a target.source page URL",
    "claim": "a ClaimPatternSelector target",
    "site": "a UrlPatternSelector target",
}


def infer_kind(target: object) -> str:
    """The annotation kind a target implies: claim and site selectors, else note."""
    if isinstance(target, dict):
        sel = target.get("selector")
        if isinstance(sel, dict):
            if sel.get("type") == "ClaimPatternSelector":
                return "claim"
            if sel.get("type") == "UrlPatternSelector":
                return "site"
    return "note"


def target_for(kind: str, value: object) -> dict[str, Any]:
    """Validate the target of an annotation of `kind`."""
    target = require_object(value, "target")
    if kind == "note":
        check_fields(target, ("source", "selector"), "target", required=("source",))
        out: dict[str, Any] = {"source": http_url(target["source"], "target.source")}
        if "selector" in target:
            selectors = _note_selectors(target["selector"], "target.selector")
            if selectors:
                out["selector"] = selectors
        return out
    check_fields(target, ("selector",), "target", required=("selector",))
    if kind == "claim":
        return {"selector": claim_pattern(target["selector"])}
    return {"selector": url_pattern_selector(target["selector"])}


def _bodies(value: object) -> tuple[str | None, str | None, list[str]]:
    """The text body, its format (None for text/plain) and the tagging bodies' tags."""
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list):
        listing(value, "body", max_items=1 + MAX_TAGS)
    body_text: str | None = None
    body_format: str | None = None
    tags: list[str] = []
    for i, raw in enumerate(items):
        field = f"body[{i}]" if isinstance(value, list) else "body"
        body = require_object(raw, field)
        check_fields(body, ("type", "value", "format", "purpose"), field, required=("value",))
        if body.get("type", "TextualBody") != "TextualBody":
            raise ValidationError(f"{field}.type must be TextualBody", f"{field}.type")
        fmt = choice(body.get("format", "text/plain"), f"{field}.format", BODY_FORMATS)
        purpose = choice(
            body.get("purpose", "commenting"),
            f"{field}.purpose",
            ("commenting", "describing", "tagging"),
        )
        if purpose == "tagging":
            tags.append(tag(body["value"], f"{field}.value"))
            continue
        if body_text is not None:
            raise ValidationError(f"{field}: at most one text body", field)
        body_text = text(body["value"], f"{field}.value", max_length=MAX_BODY)
        body_format = None if fmt == "text/plain" else fmt
    return body_text or None, body_format if body_text else None, tags


def tag(value: object, field: str) -> str:
    """Validate one tag (1-64 characters, one line)."""
    return text(value, field, min_length=1, max_length=MAX_TAG, multiline=False, strip=True)


def _sources(value: object) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for i, raw in enumerate(listing(value, "sources", max_items=MAX_SOURCES)):
        field = f"sources[{i}]"
        src = require_object(raw, field)
        check_fields(src, ("id", "title"), field, required=("id",))
        out.append(
            {
                "id": http_url(src["id"], f"{field}.id"),
                "title": text(
                    src.get("title", ""),
                    f"{field}.title",
                    max_length=MAX_SOURCE_TITLE,
                    multiline=False,
                    strip=True,
                ),
            }
        )
    return out


def _links(value: object, stored: Mapping[str, Any] | None) -> list[dict[str, str]] | None:
    """Return document links from input; None means "keep what is stored"."""
    doc = require_object(value, "document")
    check_fields(doc, ("links", "uri", "equivalents"), "document")
    stored_doc = (stored or {}).get("document") or {}
    for key in ("uri", "equivalents"):
        if key in doc and doc[key] != stored_doc.get(key):
            raise ValidationError(f"document.{key} is read-only", f"document.{key}")
    if "links" not in doc:
        return None
    out: list[dict[str, str]] = []
    for i, raw in enumerate(listing(doc["links"], "document.links", max_items=MAX_LINKS)):
        field = f"document.links[{i}]"
        link = require_object(raw, field)
        check_fields(link, ("rel", "href"), field, required=("rel", "href"))
        item = {
            "rel": choice(link["rel"], f"{field}.rel", LINK_RELS),
            "href": http_url(link["href"], f"{field}.href"),
        }
        if item not in out:
            out.append(item)
    return out


ANNOTATION_FIELDS = (
    "@context",
    "type",
    "kind",
    "motivation",
    "body",
    "verdict",
    "sources",
    "tags",
    "target",
    "document",
    *READ_ONLY_FIELDS,
)


def validate_annotation(data: object, *, stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Validate a wire-format annotation; return the internal dict the store writes.

    `stored` is the current wire form for updates: read-only fields equal to it are ignored,
    any other value for them is refused. The internal dict has kind, motivation, body_text,
    verdict, sources, tags, target and links (None: keep the stored document links).
    """
    data = require_object(data)
    check_fields(data, ANNOTATION_FIELDS, required=("target",))
    for key in READ_ONLY_FIELDS:
        if key in data and (stored is None or data[key] != stored.get(key)):
            raise ValidationError(f"{key} is read-only", key)
    if "@context" in data:
        ctx = data["@context"]
        items = ctx if isinstance(ctx, list) else [ctx]
        if isinstance(ctx, list):
            listing(ctx, "@context", max_items=10)
        for i, item in enumerate(items):
            if not isinstance(item, str | dict):
                raise ValidationError("@context must be a URL or a list of URLs", "@context")
            if isinstance(item, str):
                text(item, f"@context[{i}]", max_length=MAX_URL, multiline=False)
    if "type" in data and data["type"] != "Annotation":
        raise ValidationError("type must be Annotation", "type")
    if data.get("motivation") == REPLY_MOTIVATION:
        return _reply(data)
    if isinstance(data["target"], str):
        # W3C allows a bare IRI as target: a page-level note on that document.
        data = {**data, "target": {"source": data["target"]}}
    inferred = infer_kind(data["target"])
    kind = choice(data.get("kind", inferred), "kind", KINDS)
    if kind != inferred:
        raise ValidationError(
            f"kind {kind} contradicts the target, which is that of a {KIND_TARGETS[inferred]}; "
            f"a {KIND_TARGETS[kind]} has {KIND_SELECTORS[kind]}",
            "kind",
        )
    target = target_for(kind, data["target"])
    motivations = NOTE_MOTIVATIONS if kind == "note" else LABEL_MOTIVATIONS
    motivation = choice(data.get("motivation", motivations[0]), "motivation", motivations)
    body_text, body_format, body_tags = (
        _bodies(data["body"]) if "body" in data else (None, None, [])
    )
    verdict = data.get("verdict")
    if verdict is not None:
        verdict = choice(verdict, "verdict", VERDICTS)
    tags: list[str] = []
    raw_tags = listing(data.get("tags", []), "tags", max_items=MAX_TAGS)
    for i, raw in enumerate(raw_tags):
        value = tag(raw, f"tags[{i}]")
        if value not in tags:
            tags.append(value)
    for value in body_tags:
        if value not in tags:
            tags.append(value)
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"tags must have at most {MAX_TAGS} items", "tags")
    links: list[dict[str, str]] | None = []
    if "document" in data:
        if kind != "note":
            raise ValidationError("document is only for notes", "document")
        links = _links(data["document"], stored)
    return {
        "kind": kind,
        "motivation": motivation,
        "body_text": body_text,
        "body_format": body_format,
        "verdict": verdict,
        "sources": _sources(data.get("sources", [])),
        "tags": tags,
        "target": target,
        "links": links,
    }


def _reply(data: dict[str, Any]) -> dict[str, Any]:
    """A reply: a text body, its target the IRI of the annotation it answers (same set)."""
    target = data["target"]
    field = "target"
    if isinstance(target, dict):
        check_fields(target, ("source",), "target", required=("source",))
        target, field = target["source"], "target.source"
    parent = reply_parent_id(target, field)
    if data.get("kind", "note") != "note":
        raise ValidationError("a reply is a note: kind must be note or left out", "kind")
    if data.get("verdict") is not None:
        raise ValidationError("a reply has no verdict", "verdict")
    if "document" in data:
        raise ValidationError("document is only for notes on pages, not replies", "document")
    body_text, body_format, body_tags = (
        _bodies(data["body"]) if "body" in data else (None, None, [])
    )
    if not body_text or not body_text.strip():
        raise ValidationError("a reply needs a text body", "body")
    tags: list[str] = []
    for i, raw in enumerate(listing(data.get("tags", []), "tags", max_items=MAX_TAGS)):
        value = tag(raw, f"tags[{i}]")
        if value not in tags:
            tags.append(value)
    tags.extend(t for t in body_tags if t not in tags)
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"tags must have at most {MAX_TAGS} items", "tags")
    return {
        "kind": "note",
        "motivation": REPLY_MOTIVATION,
        "body_text": body_text,
        "body_format": body_format,
        "verdict": None,
        "sources": _sources(data.get("sources", [])),
        "tags": tags,
        "target": {"source": target},
        "links": [],
        "reply_to": parent,
    }


def validate_patch(patch: object, *, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a partial change to the stored annotation `stored` (its wire form).

    The merge rules every editor of an annotation shares (the API's PATCH today): fields in
    `patch` replace the stored ones; a new `target` or `kind` lets the kind and, unless given,
    the motivation be inferred again; a new `target` without a `document` drops the stored
    document; without either, the stored document links are kept (`links` is None).
    """
    patch = require_object(patch)
    merged = dict(stored)
    if "target" in patch or "kind" in patch:
        merged.pop("kind", None)
        if "motivation" not in patch:
            merged.pop("motivation", None)
    if "target" in patch and "document" not in patch:
        merged.pop("document", None)
    merged.update(patch)
    item = validate_annotation(merged, stored=stored)
    if "document" not in patch and "target" not in patch:
        item["links"] = None
    return item
