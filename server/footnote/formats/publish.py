"""Make an export safe to publish: JSON that can sit inside `<script>`, links only over http(s).

ClaimReview is published inside `<script type="application/ld+json">` in article pages, and the
W3C collection is often pasted the same way. The HTML tokenizer ends a script element at the
first `</script` whatever JSON thinks, so `<`, `>` and `&` inside strings are written as JSON
escapes (`\\u003c`...), which every JSON parser reads back as the same characters. Imported
reviews may carry `javascript:` or `data:` URLs (`author.url`, `sameAs`); a URL a reader may
follow is exported only when it is http(s), and the caller reports how many were dropped.
"""

from __future__ import annotations

import json
import re
from typing import Any

SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")

# schema.org properties whose values are URLs a reader follows.
SCHEMA_URL_KEYS = frozenset(
    {
        "url",
        "@id",
        "sameAs",
        "image",
        "logo",
        "contentUrl",
        "embedUrl",
        "thumbnailUrl",
        "mainEntityOfPage",
        "license",
        "isBasedOn",
    }
)
# W3C Web Annotation terms whose values are IRIs (typed @id in the anno context), and
# Footnote's `sources[].id`. URNs (`urn:uuid:`, `tag:`) are names, not links, and stay; so does
# `mailto:`, which the model uses for `email`.
W3C_IRI_KEYS = frozenset(
    {
        "id",
        "source",
        "target",
        "body",
        "creator",
        "generator",
        "via",
        "canonical",
        "homepage",
        "email",
        "rights",
        "stylesheet",
        "scope",
        "audience",
        "first",
        "last",
        "next",
        "prev",
        "partOf",
        "items",
    }
)
HTTP_SCHEMES = frozenset({"http", "https"})
W3C_SCHEMES = HTTP_SCHEMES | {"urn", "tag", "mailto"}


def script_safe_dumps(doc: Any, *, indent: int | None = 1) -> str:
    """JSON text that parses back to `doc` and cannot end a `<script>` element early."""
    return script_safe(json.dumps(doc, ensure_ascii=False, indent=indent))


def script_safe(text: str) -> str:
    """JSON text (or any part of it) with <, >, &, U+2028 and U+2029 written as escapes.

    Outside strings JSON has none of them, so this only touches string bodies; it works part by
    part on a document written in pieces, as each character is replaced on its own."""
    # Most parts hold none of them: a scan for each character is quicker than the pattern's
    # scan, and the exports pass every byte through here.
    if not any(char in text for char in SCRIPT_ESCAPES):
        return text
    return _SCRIPT_UNSAFE.sub(lambda m: SCRIPT_ESCAPES[m.group(0)], text)


def _allowed(value: str, schemes: frozenset[str]) -> bool:
    match = _SCHEME.match(value)
    if match is None:
        return False
    return match.group(1).lower() in schemes


def drop_unsafe_links(doc: Any, keys: frozenset[str], schemes: frozenset[str]) -> int:
    """Remove (in place) URL values under `keys` whose scheme is not in `schemes`.

    A string under a URL key that is not an absolute URL with an allowed scheme is dropped
    (a list loses that element; an object loses the key). Objects are searched all the way
    down. Returns how many values were dropped.
    """
    # Only objects and lists are walked into: the exports run this over every value of every
    # item, and a call for each string or number was most of its time.
    if isinstance(doc, list):
        return sum(
            drop_unsafe_links(item, keys, schemes) for item in doc if isinstance(item, dict | list)
        )
    if not isinstance(doc, dict):
        return 0
    dropped = 0
    for key in list(doc):
        value = doc[key]
        if key in keys:
            if isinstance(value, str):
                if not _allowed(value, schemes):
                    del doc[key]
                    dropped += 1
                continue
            if isinstance(value, list):
                kept = [v for v in value if not (isinstance(v, str) and not _allowed(v, schemes))]
                dropped += len(value) - len(kept)
                doc[key] = kept
                value = kept
        if isinstance(value, dict | list):
            dropped += drop_unsafe_links(value, keys, schemes)
    return dropped
