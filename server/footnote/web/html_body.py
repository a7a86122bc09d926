"""HTML bodies of imported annotations, kept as written and shown sanitised on the web pages.

Sanitised with nh3 (bindings to the Rust `ammonia` crate, a maintained allowlist sanitiser
built on html5ever's spec-compliant parser): an allowlist of inline and block text elements,
links only to http(s) with `rel="nofollow noopener noreferrer"`, no attributes otherwise. The
pages also forbid every script through their Content Security Policy; this is the other wall.
The same allowlist is `extension/src/shared/html-body.js` in the extension.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "del",
        "dd",
        "dl",
        "dt",
        "em",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
        "ul",
    ]
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https"})


def sanitize_html(value: str) -> str:
    """`value` reduced to the allowlist; anything else is dropped, its text kept."""
    return nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def sanitized_html(value: object) -> Markup:
    """Template filter: an HTML body, sanitised, safe to put in a page."""
    return Markup(sanitize_html(str(value or "")))  # noqa: S704 (sanitised just above)
