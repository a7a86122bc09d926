"""Visible page text from HTML, block boundaries as line breaks (docs/matching.md §1)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    ProcessingInstruction,
    Script,
    Stylesheet,
    TemplateString,
)
from selectolax.lexbor import LexborHTMLParser

# Elements whose content is never page text.
SKIPPED = frozenset(
    [
        "head",
        "title",
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "video",
        "audio",
        "select",
        "textarea",
    ]
)
# Elements that start and end a block: their edges become "\n".
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?:;|$)",
    re.IGNORECASE,
)
_HTML_SPACE = str.maketrans("\t\n\r\f", "    ")
_ONLY_HTML_SPACE = re.compile("[ \t\n\r\f]+")
_NOT_TEXT = (Comment, CData, ProcessingInstruction, Declaration, Doctype, Script, Stylesheet)


@dataclass(slots=True)
class PageText:
    """Page text, its language (primary tag of `<html lang>`, or None), its text pieces, and the
    language of each stretch of text: `langs` are [start, end, language] runs, from the `lang`
    attribute of the nearest ancestor that has one; stretches of unknown language are left out."""

    text: str
    lang: str | None = None
    segments: list[tuple[int, NavigableString]] = field(default_factory=list)
    langs: list[tuple[int, int, str]] = field(default_factory=list)


def is_excluded(name: str, attrs: dict) -> bool:
    """True for elements whose subtree is not page text (skipped, hidden, or Footnote's own UI)."""
    # <footnote-mark> wraps the page's own text (a highlight), so it stays; the rest of
    # Footnote's elements are its UI.
    if name in SKIPPED or (name.startswith("footnote-") and name != "footnote-mark"):
        return True
    if "hidden" in attrs or "data-footnote-ui" in attrs:
        return True
    aria = attrs.get("aria-hidden")
    if isinstance(aria, str) and aria.strip().lower() == "true":
        return True
    style = attrs.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None


def primary_language(tag: str | None) -> str | None:
    """The BCP 47 primary subtag, lower case ("de-AT" → "de"), or None."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary or None


def _element_language(attrs: dict, inherited: str | None) -> str | None:
    value = attrs.get("lang")
    if isinstance(value, str):
        return primary_language(value)
    return inherited


class _Runs:
    """Language runs of the text as it is appended: adjacent pieces of one language merge."""

    def __init__(self) -> None:
        self.runs: list[list] = []

    def add(self, start: int, end: int, lang: str | None) -> None:
        if lang is None or end <= start:
            return
        if self.runs and self.runs[-1][1] == start and self.runs[-1][2] == lang:
            self.runs[-1][1] = end
        else:
            self.runs.append([start, end, lang])

    def clipped(self, length: int) -> list[tuple[int, int, str]]:
        out = [(s, min(e, length), lang) for s, e, lang in self.runs if s < length]
        return out


def _bs4_tree(html: str | bytes, builder: str) -> tuple[list, Callable, str | None]:
    """beautifulsoup4's tree: top-level nodes, a node reader, the `<html lang>`."""
    soup = BeautifulSoup(html, builder)

    def read(node: object) -> tuple[str, Any, Any] | None:
        if isinstance(node, NavigableString):
            if isinstance(node, _NOT_TEXT) and not isinstance(node, TemplateString):
                return None
            return "text", str(node), node
        if isinstance(node, Tag):
            return "element", node.name.lower(), node
        return None

    html_tag = soup.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    return list(soup.contents), read, lang if isinstance(lang, str) else None


def _lexbor_children(node: Any) -> Iterator[Any]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _lexbor_tree(html: str | bytes | LexborHTMLParser) -> tuple[list, Callable, str | None]:
    """The WHATWG tree of lexbor (selectolax): top-level nodes, a node reader, `<html lang>`."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    root = tree.root

    def read(node: Any) -> tuple[str, Any, Any] | None:
        tag = node.tag
        if tag == "-text":
            return "text", node.text_content or "", node
        if tag[0] in "-_!":
            return None
        return "element", tag.lower(), node

    lang = root.attributes.get("lang") if root is not None else None
    return ([root] if root is not None else []), read, lang


def page_text(html: str | bytes | LexborHTMLParser, parser: str = "lexbor") -> PageText:
    """Extract the visible text of an HTML document the way the extension reads the live DOM.

    `parser`: "lexbor" (selectolax: the HTML standard's parsing, as in browsers), or
    beautifulsoup4's "html.parser" (the former default) or "html5lib" (when installed). A tree
    lexbor already parsed may be passed instead of HTML (match/selectors.py resolves selectors
    on it).
    """
    if parser == "lexbor":
        top, read, html_lang = _lexbor_tree(html)

        def children(node: Any) -> Iterator[Any]:
            return _lexbor_children(node)

        def attrs(node: Any) -> dict:
            return node.attributes

    else:
        top, read, html_lang = _bs4_tree(html, parser)

        def children(node: Any) -> Iterator[Any]:
            return iter(node.contents)

        def attrs(node: Any) -> dict:
            return node.attrs

    parts: list[str] = []
    segments: list[tuple[int, Any]] = []
    runs = _Runs()
    length = 0
    last = ""

    def newline(lang: str | None) -> None:
        nonlocal length, last
        if length and last != "\n":
            parts.append("\n")
            runs.add(length, length + 1, lang)
            length += 1
            last = "\n"

    # Frames: (iterator over children or None when leaving a block element, language, in <pre>).
    stack: list[tuple[Iterator[Any] | None, str | None, bool]] = [(iter(top), None, False)]
    while stack:
        frame, lang, pre = stack[-1]
        if frame is None:  # leaving a block element
            stack.pop()
            newline(stack[-1][1] if stack else None)
            continue
        node = next(frame, None)
        if node is None:
            stack.pop()
            continue
        kind = read(node)
        if kind is None:
            continue
        if kind[0] == "text":
            if not pre and _ONLY_HTML_SPACE.fullmatch(kind[1]):
                # White space between tags reads as one space, as in the extension; no segment.
                parts.append(" ")
                runs.add(length, length + 1, lang)
                length += 1
                last = " "
                continue
            data = kind[1].translate(_HTML_SPACE)
            if data:
                segments.append((length, kind[2]))
                parts.append(data)
                runs.add(length, length + len(data), lang)
                length += len(data)
                last = data[-1]
            continue
        name, element = kind[1], kind[2]
        element_attrs = attrs(element)
        if is_excluded(name, element_attrs):
            continue
        own = _element_language(element_attrs, lang)
        if name in BLOCKS:
            newline(lang)
            stack.append((None, own, pre))
        stack.append((children(element), own, pre or name == "pre"))
    text = "".join(parts)
    if text.endswith("\n"):
        text = text[:-1]
    return PageText(text, primary_language(html_lang), segments, runs.clipped(len(text)))
