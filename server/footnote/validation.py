"""Input validation at the edge: wire-format dicts in, bounded internal dicts out.

Every string and list is bounded and every error names its field (`sources[2].id`).
Importers call `validate_annotation` too, then `store.annotations.create_many`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from footnote.errors import UnknownField, ValidationError
from footnote.urls import InvalidUrl, normalize_url, normalize_url_pattern

KINDS = ("note", "claim", "site")
VERDICTS = ("false", "misleading", "disputed", "missing-context", "unproven", "correct", "satire")
NOTE_MOTIVATIONS = ("commenting", "highlighting", "questioning")
LABEL_MOTIVATIONS = ("assessing",)
ROLES = ("viewer", "editor", "owner")
SHARE_ROLES = ("viewer", "editor")
VISIBILITIES = ("private", "unlisted", "public")
LINK_RELS = ("canonical", "og:url")
READ_ONLY_FIELDS = ("id", "created", "modified", "creator", "set", "setVersion")

MAX_BODY = 10_000
MAX_EXACT = 10_000
MAX_AFFIX = 500
MAX_URL = 2048
MAX_SOURCES = 20
MAX_SOURCE_TITLE = 300
MAX_TAGS = 20
MAX_TAG = 64
MAX_GROUPS = 10
MAX_ALIASES = 50
MAX_ALIAS = 200
MAX_WINDOW = 1000
MAX_LANGUAGES = 20
MAX_PATTERNS = 50
MAX_LINKS = 10
MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_TOKEN_NAME = 100
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,31}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 200

# Bidirectional embedding, override and isolate controls: allowed in free text (quotes must match
# pages), refused in short labels where they can disguise what a reader sees.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _type_name(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return names.get(type(value), type(value).__name__)


def require_object(value: object, field: str | None = None) -> dict[str, Any]:
    """Return `value` if it is a JSON object, else raise naming `field`."""
    if not isinstance(value, dict):
        name = field or "body"
        raise ValidationError(f"{name} must be an object, not {_type_name(value)}", field)
    return value


def check_fields(
    obj: Mapping[str, Any],
    allowed: Iterable[str],
    prefix: str = "",
    required: Iterable[str] = (),
) -> None:
    """Raise UnknownField for keys outside `allowed`, ValidationError for missing `required`."""
    allowed = set(allowed)
    for key in obj:
        if key not in allowed:
            field = f"{prefix}.{key}" if prefix else key
            raise UnknownField(f"unknown field {field!r}", field)
    for key in required:
        if key not in obj:
            field = f"{prefix}.{key}" if prefix else key
            raise ValidationError(f"{field} is required", field)


def text(
    value: object,
    field: str,
    *,
    min_length: int = 0,
    max_length: int,
    multiline: bool = True,
    label: bool = False,
    strip: bool = False,
) -> str:
    """Validate a string: type, length in code points, control characters."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, not {_type_name(value)}", field)
    if strip:
        value = value.strip()
    if len(value) > max_length:
        raise ValidationError(f"{field} must be at most {max_length} characters", field)
    if len(value) < min_length:
        if min_length == 1:
            raise ValidationError(f"{field} must not be empty", field)
        raise ValidationError(f"{field} must be at least {min_length} characters", field)
    allowed_controls = "\n\t\r" if multiline else ""
    for ch in value:
        if (ord(ch) < 0x20 and ch not in allowed_controls) or ord(ch) == 0x7F:
            raise ValidationError(f"{field} must not contain control characters", field)
        if label and ch in _BIDI_CONTROLS:
            raise ValidationError(
                f"{field} must not contain bidirectional override characters", field
            )
    return value


def integer(value: object, field: str, *, minimum: int, maximum: int) -> int:
    """Validate an integer (booleans are not integers) within bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be an integer, not {_type_name(value)}", field)
    if not minimum <= value <= maximum:
        raise ValidationError(f"{field} must be between {minimum} and {maximum}", field)
    return value


def listing(value: object, field: str, *, max_items: int, min_items: int = 0) -> list[Any]:
    """Validate a list's type and length."""
    if not isinstance(value, list):
        raise ValidationError(f"{field} must be a list, not {_type_name(value)}", field)
    if len(value) > max_items:
        raise ValidationError(f"{field} must have at most {max_items} items", field)
    if len(value) < min_items:
        raise ValidationError(f"{field} must have at least {min_items} items", field)
    return value


def choice(value: object, field: str, options: Iterable[str]) -> str:
    """Validate that `value` is one of `options`."""
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise ValidationError(f"{field} must be one of {', '.join(options)}", field)
    return value


def http_url(value: object, field: str) -> str:
    """Validate an absolute http(s) URL and return it normalised."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, not {_type_name(value)}", field)
    if len(value) > MAX_URL:
        raise ValidationError(f"{field} must be at most {MAX_URL} characters", field)
    try:
        return normalize_url(value)
    except InvalidUrl as exc:
        raise ValidationError(f"{field} must be an absolute http(s) URL ({exc})", field) from exc


def url_patterns(value: object, field: str) -> list[str]:
    """Validate a list of URL patterns (`[*.]host[/path-prefix]`)."""
    out: list[str] = []
    for i, item in enumerate(listing(value, field, max_items=MAX_PATTERNS)):
        try:
            pattern = normalize_url_pattern(item)
        except InvalidUrl as exc:
            raise ValidationError(
                f"{field}[{i}] is not a URL pattern: {exc}", f"{field}[{i}]"
            ) from exc
        if pattern not in out:
            out.append(pattern)
    return out


def claim_pattern(value: object, field: str = "target.selector") -> dict[str, Any]:
    """Validate a ClaimPatternSelector and return it in canonical form."""
    sel = require_object(value, field)
    check_fields(
        sel,
        ("type", "all", "highlight", "window", "languages", "include", "exclude"),
        field,
        required=("type", "all"),
    )
    if sel["type"] != "ClaimPatternSelector":
        raise ValidationError(f"{field}.type must be ClaimPatternSelector", f"{field}.type")
    groups: list[list[str]] = []
    for g, group in enumerate(
        listing(sel["all"], f"{field}.all", max_items=MAX_GROUPS, min_items=1)
    ):
        gfield = f"{field}.all[{g}]"
        aliases: list[str] = []
        for a, alias in enumerate(listing(group, gfield, max_items=MAX_ALIASES, min_items=1)):
            alias = text(
                alias,
                f"{gfield}[{a}]",
                min_length=1,
                max_length=MAX_ALIAS,
                multiline=False,
                strip=True,
            )
            if alias not in aliases:
                aliases.append(alias)
        groups.append(aliases)
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
                "exact": text(sel["exact"], f"{sfield}.exact", min_length=1, max_length=MAX_EXACT),
                "prefix": text(sel.get("prefix", ""), f"{sfield}.prefix", max_length=MAX_AFFIX),
                "suffix": text(sel.get("suffix", ""), f"{sfield}.suffix", max_length=MAX_AFFIX),
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


def _bodies(value: object) -> tuple[str | None, list[str]]:
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list):
        listing(value, "body", max_items=1 + MAX_TAGS)
    body_text: str | None = None
    tags: list[str] = []
    for i, raw in enumerate(items):
        field = f"body[{i}]" if isinstance(value, list) else "body"
        body = require_object(raw, field)
        check_fields(body, ("type", "value", "format", "purpose"), field, required=("value",))
        if body.get("type", "TextualBody") != "TextualBody":
            raise ValidationError(f"{field}.type must be TextualBody", f"{field}.type")
        if body.get("format", "text/plain") != "text/plain":
            raise ValidationError(f"{field}.format must be text/plain", f"{field}.format")
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
    return body_text or None, tags


def tag(value: object, field: str) -> str:
    """Validate one tag (1-64 characters, one line)."""
    return text(
        value, field, min_length=1, max_length=MAX_TAG, multiline=False, label=True, strip=True
    )


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
                    label=True,
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
    inferred = infer_kind(data["target"])
    kind = choice(data.get("kind", inferred), "kind", KINDS)
    target = target_for(kind, data["target"])
    motivations = NOTE_MOTIVATIONS if kind == "note" else LABEL_MOTIVATIONS
    motivation = choice(data.get("motivation", motivations[0]), "motivation", motivations)
    body_text, body_tags = _bodies(data["body"]) if "body" in data else (None, [])
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
        "verdict": verdict,
        "sources": _sources(data.get("sources", [])),
        "tags": tags,
        "target": target,
        "links": links,
    }


def validate_set(data: object, *, partial: bool = False) -> dict[str, Any]:
    """Validate a set's title, description and visibility (all optional when `partial`)."""
    data = require_object(data)
    check_fields(
        data, ("title", "description", "visibility"), required=() if partial else ("title",)
    )
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = text(
            data["title"],
            "title",
            min_length=1,
            max_length=MAX_TITLE,
            multiline=False,
            label=True,
            strip=True,
        )
    if "description" in data:
        out["description"] = text(data["description"], "description", max_length=MAX_DESCRIPTION)
    if "visibility" in data:
        out["visibility"] = choice(data["visibility"], "visibility", VISIBILITIES)
    if partial and not out:
        raise ValidationError("nothing to change: give title, description or visibility", None)
    return out


def username(value: object, field: str = "username") -> str:
    """Validate a username: 2-32 characters, letters, digits, `_`, `.`, `-`."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, not {_type_name(value)}", field)
    if not USERNAME_RE.match(value):
        raise ValidationError(
            f"{field} must be 2-32 letters, digits, '_', '.' or '-',"
            " starting with a letter or digit",
            field,
        )
    return value


def password(value: object, field: str = "password") -> str:
    """Validate a new password's length (8-200 characters)."""
    value = text(value, field, min_length=MIN_PASSWORD, max_length=MAX_PASSWORD, multiline=False)
    return unicodedata.normalize("NFC", value)


def validate_registration(data: object) -> dict[str, str]:
    """Validate `{"username", "password"}` for a new account."""
    data = require_object(data)
    check_fields(data, ("username", "password"), required=("username", "password"))
    return {"username": username(data["username"]), "password": password(data["password"])}


def validate_sign_in(data: object) -> dict[str, str]:
    """Validate `{"username", "password", "name"?}` for a new API token."""
    data = require_object(data)
    check_fields(data, ("username", "password", "name"), required=("username", "password"))
    name = data.get("name", "API token")
    return {
        "username": text(
            data["username"], "username", min_length=1, max_length=64, multiline=False
        ),
        "password": unicodedata.normalize(
            "NFC",
            text(
                data["password"], "password", min_length=1, max_length=MAX_PASSWORD, multiline=False
            ),
        ),
        "name": token_name(name),
    }


def token_name(value: object, field: str = "name") -> str:
    """Validate a token's display name."""
    return text(
        value,
        field,
        min_length=1,
        max_length=MAX_TOKEN_NAME,
        multiline=False,
        label=True,
        strip=True,
    )


def validate_member(data: object) -> str:
    """Validate `{"role"}` for a member; return the role."""
    data = require_object(data)
    check_fields(data, ("role",), required=("role",))
    return choice(data["role"], "role", ROLES)


def validate_share_link(data: object) -> str:
    """Validate `{"role"}` for a share link (viewer or editor); return the role."""
    data = require_object(data)
    check_fields(data, ("role",), required=("role",))
    return choice(data["role"], "role", SHARE_ROLES)
