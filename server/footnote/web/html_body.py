"""HTML bodies of imported annotations, kept as written and shown sanitised on the web pages.

Sanitised with nh3 (bindings to the Rust `ammonia` crate, a maintained allowlist sanitiser
built on html5ever's spec-compliant parser): an allowlist of inline and block text elements,
links only to http(s) with `rel="nofollow noopener noreferrer"`, no attributes otherwise. The
pages also forbid every script through their Content Security Policy; this is the other wall.
The same allowlist is `extension/src/shared/html-body.js` in the extension.
"""

from __future__ import annotations

import re

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
# Elements dropped with everything inside (their text is not for readers), as in the extension.
DROPPED_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "title",
        "head",
        "textarea",
        "select",
    ]
)
_ABSOLUTE_HTTP = re.compile(r"\s*https?://", re.IGNORECASE)


def _absolute_http_only(tag: str, attribute: str, value: str) -> str | None:
    """Keep an href only when it is an absolute http(s) URL (no relative links, as in the
    extension, whose cards live on other people's pages)."""
    if attribute == "href" and not _ABSOLUTE_HTTP.match(value):
        return None
    return value


def sanitize_html(value: str) -> str:
    """`value` reduced to the allowlist; anything else is dropped, its text kept."""
    return nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        # "*": none, or ammonia keeps `lang` and `title` on every element (the extension does not).
        attributes={"*": set(), **{k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attribute_filter=_absolute_http_only,
    )


def sanitized_html(value: object) -> Markup:
    """Template filter: an HTML body, sanitised, safe to put in a page."""
    return Markup(sanitize_html(str(value or "")))  # noqa: S704 (sanitised just above)
