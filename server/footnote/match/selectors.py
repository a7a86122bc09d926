"""Targets other tools write: XPath, CSS, Fragment and Range selectors, verified by the quote.

docs/matching.md §4a has the rules: a structural selector only ever narrows where the quote is
looked for; the quote (TextQuoteSelector) decides, through `anchor_quote`, or the target is an
orphan. Without a quote only an HTML id (one element) or a URL text fragment places anything.
The JavaScript twin is extension/src/match/selectors.js.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser

from .anchor import anchor_quote, merge_selectors
from .normalize import normalize
from .page import PageText, page_text
from .text_fragment import find_text_fragment, flat_page, parse_text_directive

STRUCTURAL = ("RangeSelector", "XPathSelector", "CssSelector", "FragmentSelector")
HTML_FRAGMENT = "http://tools.ietf.org/rfc/rfc3986"
_STEP = re.compile(
    r"""([A-Za-z_][\w.-]*|\*)"""
    r"""(?:\[(\d+)\]|\[@([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')\])?\Z"""
)
_SPACE = " \n"
# Values that are not HTML ids: media fragments (`xywh=…`, `t=…`, `page=…`), `xpointer(…)`.
_NOT_AN_ID = re.compile(r"[\s=()]")


@dataclass(slots=True)
class DomPage:
    """A parsed page: lexbor's tree, its page text, and where each text node starts in it."""

    tree: LexborHTMLParser
    page: PageText
    starts: dict[int, int]
    ids: dict[str, list[Any]] | None = None

    @property
    def text(self) -> str:
        return self.page.text


def load_page(html: str | bytes) -> DomPage:
    """Parse a page once for page text and selector resolution."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)
    extracted = page_text(tree)
    return DomPage(tree, extracted, {node.mem_id: start for start, node in extracted.segments})


def _children(node: Any) -> Iterator[Any]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _is_element(node: Any) -> bool:
    return node.tag[0] not in "-_!"


def _descendants(node: Any) -> Iterator[Any]:
    """Every node under `node` in document order (not `node` itself)."""
    stack = [_children(node)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        yield child
        stack.append(_children(child))


def _text_nodes(node: Any) -> Iterator[Any]:
    return (n for n in _descendants(node) if n.tag == "-text")


def _document(dom: DomPage) -> Any:
    root = dom.tree.root
    return root.parent if root is not None and root.parent is not None else root


def resolve_xpath(dom: DomPage, value: object) -> list[Any]:
    """Elements an XPath of the supported subset selects (docs/matching.md §4a), in page order.

    Subset: an absolute path of child steps (`/html/body/div[2]/p[3]`), each a name or `*` with
    an optional position `[n]` or attribute test `[@id="x"]`; `//` may start the path. Names are
    compared case-insensitively. A path that finds nothing from the document is tried from
    `<body>` (Hypothesis writes paths relative to it). Anything else selects nothing.
    """
    if not isinstance(value, str) or not value.startswith("/"):
        return []
    descendant = value.startswith("//")
    steps = []
    for step in value[2 if descendant else 1 :].split("/"):
        match = _STEP.match(step.strip())
        if match is None:
            return []
        steps.append(match.groups())

    def run(start: Any) -> list[Any]:
        contexts = [start]
        if descendant:
            contexts += [n for n in _descendants(start) if _is_element(n)]
        for name, index, attr, v1, v2 in steps:
            found = []
            for context in contexts:
                matches = [
                    c
                    for c in _children(context)
                    if _is_element(c) and (name == "*" or c.tag.lower() == name.lower())
                ]
                if index is not None:
                    n = int(index)
                    matches = matches[n - 1 : n] if n >= 1 else []
                elif attr is not None:
                    want = v1 if v1 is not None else v2
                    matches = [c for c in matches if c.attributes.get(attr) == want]
                found += matches
            contexts = found
        return contexts

    document = _document(dom)
    if document is None:
        return []
    found = run(document)
    if not found and not descendant and dom.tree.body is not None:
        found = run(dom.tree.body)
    return found


def resolve_css(dom: DomPage, value: object) -> list[Any]:
    """Elements a CSS selector selects (lexbor's selector engine), or [] when it is invalid."""
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        return list(dom.tree.css(value))
    except Exception:  # lexbor raises on selectors it cannot parse: they select nothing
        return []


def resolve_id(dom: DomPage, value: str) -> list[Any]:
    """Every element whose `id` is `value` (HTML requires one; several mean none is trusted)."""
    if dom.ids is None:
        document = _document(dom)
        dom.ids = {}
        for node in _descendants(document) if document is not None else ():
            if _is_element(node):
                key = node.attributes.get("id")
                if key:
                    dom.ids.setdefault(key, []).append(node)
    return list(dom.ids.get(value, [])) if value else []


def element_span(dom: DomPage, node: Any) -> tuple[int, int] | None:
    """The page text an element covers, without white space at its edges; None when empty."""
    first = last = None
    for text_node in _text_nodes(node):
        start = dom.starts.get(text_node.mem_id)
        if start is None:
            continue
        if first is None:
            first = start
        last = start + len(text_node.text_content or "")
    if first is None or last is None:
        return None
    text = dom.text
    while first < last and text[first] in _SPACE:
        first += 1
    while last > first and text[last - 1] in _SPACE:
        last -= 1
    return (first, last) if first < last else None


def element_point(dom: DomPage, node: Any, offset: object, side: str) -> int | None:
    """The page offset of character `offset` of an element's text content (all its text nodes).

    A point inside text that is not page text (white space between tags, a hidden node) moves
    to the next page text for a start and to the previous one for an end, inside the element.
    """
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        return None
    nodes = list(_text_nodes(node))
    seen = 0
    for i, text_node in enumerate(nodes):
        length = len(text_node.text_content or "")
        if offset < seen + length or (side == "end" and offset == seen + length):
            start = dom.starts.get(text_node.mem_id)
            if start is not None:
                return start + offset - seen
            if side == "start":
                later = (dom.starts.get(n.mem_id) for n in nodes[i + 1 :])
                return next((s for s in later if s is not None), None)
            for earlier in reversed(nodes[:i]):
                s = dom.starts.get(earlier.mem_id)
                if s is not None:
                    return s + len(earlier.text_content or "")
            return None
        seen += length
    return None


def _elements(dom: DomPage, selector: dict[str, Any]) -> list[Any]:
    kind = selector.get("type")
    if kind == "XPathSelector":
        return resolve_xpath(dom, selector.get("value"))
    if kind == "CssSelector":
        return resolve_css(dom, selector.get("value"))
    return []


def _refined_span(dom: DomPage, node: Any, refined: object) -> tuple[int, int] | None:
    if isinstance(refined, dict) and refined.get("type") == "TextPositionSelector":
        start = element_point(dom, node, refined.get("start"), "start")
        end = element_point(dom, node, refined.get("end"), "end")
        return (start, end) if start is not None and end is not None and start < end else None
    return element_span(dom, node)


def _range_point(dom: DomPage, selector: object, side: str) -> int | None:
    if not isinstance(selector, dict):
        return None
    nodes = _elements(dom, selector)
    if len(nodes) != 1:
        return None
    refined = selector.get("refinedBy")
    if isinstance(refined, dict) and refined.get("type") == "TextPositionSelector":
        offset = refined.get(side, refined.get("start"))
        return element_point(dom, nodes[0], offset, side)
    span = element_span(dom, nodes[0])
    return None if span is None else span[0 if side == "start" else 1]


def fragment_spans(dom: DomPage, selector: dict[str, Any]) -> list[tuple[int, int]]:
    """Spans of a FragmentSelector: a URL text fragment, or the element(s) an HTML id names."""
    value = selector.get("value")
    if not isinstance(value, str):
        return []
    value = value[1:] if value.startswith("#") else value
    directive = parse_text_directive(value)
    if directive is not None:
        span = find_text_fragment(dom.text, directive)
        return [span] if span is not None else []
    conforms = selector.get("conformsTo")
    if not _is_id(value, conforms):
        return []  # media fragments, PDF pages, SVG views, XPointers: not HTML page text
    nodes = resolve_id(dom, unquote(value))
    span = element_span(dom, nodes[0]) if len(nodes) == 1 else None
    return [span] if span is not None else []


def _is_id(value: str, conforms: object) -> bool:
    """True when a fragment (without `#`) names an HTML element by its id."""
    return (
        bool(value)
        and ":~:" not in value
        and conforms in (None, HTML_FRAGMENT)
        and _NOT_AN_ID.search(value) is None
    )


def structural_spans(dom: DomPage, selector: dict[str, Any]) -> list[tuple[int, int]]:
    """The page-text spans a structural selector points at (unverified), in page order."""
    kind = selector.get("type")
    if kind == "RangeSelector":
        start = _range_point(dom, selector.get("startSelector"), "start")
        end = _range_point(dom, selector.get("endSelector"), "end")
        return [(start, end)] if start is not None and end is not None and start < end else []
    if kind == "FragmentSelector":
        return fragment_spans(dom, selector)
    nodes = _elements(dom, selector)
    refined = selector.get("refinedBy")
    if len(nodes) != 1:
        refined = None  # positions inside "the" element need exactly one element
    spans = [_refined_span(dom, n, refined) for n in nodes]
    return [s for s in spans if s is not None]


def _quote_hint(text: str, exact: str, spans: list[tuple[int, int]]) -> int | None:
    """Where the quote starts inside the structural spans, when it occurs there exactly once."""
    wanted = normalize(exact).text.replace("\n", " ").strip(" ")
    if not wanted:
        return None
    norm, flat = flat_page(text)
    size = len(norm.text)
    found: list[int] = []
    for start, end in spans:
        lo, hi = bisect_left(norm.starts, start, 0, size), bisect_left(norm.starts, end, 0, size)
        i = flat.find(wanted, lo, hi)
        while i != -1 and len(found) < 2:
            found.append(norm.starts[i])
            i = flat.find(wanted, i + 1, hi)
    return found[0] if len(found) == 1 else None


def selector_list(target: object) -> list[dict[str, Any]]:
    """A target's selectors (a target object, one selector, or a list of them)."""
    if isinstance(target, dict) and "selector" in target:
        target = target["selector"]
    if isinstance(target, dict):
        return [target]
    if isinstance(target, list):
        return [s for s in target if isinstance(s, dict)]
    return []


def anchor_target(dom: DomPage, target: object) -> dict[str, Any] | None:
    """Place one target's selectors on a page: {start, end, score} in page text, or None.

    With a quote (a TextQuoteSelector, or one refining a structural selector) the quote
    anchors; the structural selectors only give the position hint when the quote occurs
    exactly once where they point. Without a quote: an HTML id naming exactly one element with
    text (its whole text) or a URL text fragment; anything else is an orphan.
    """
    selectors = selector_list(target)
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    structural = [s for s in selectors if s.get("type") in STRUCTURAL]
    if quote is None:
        refined = (s.get("refinedBy") for s in structural if s.get("type") != "RangeSelector")
        quote = next(
            (r for r in refined if isinstance(r, dict) and r.get("type") == "TextQuoteSelector"),
            None,
        )
    if quote is not None and isinstance(quote.get("exact"), str) and quote["exact"]:
        merged = merge_selectors([quote] + ([position] if position else []))
        hint = None
        for selector in structural:
            hint = _quote_hint(dom.text, quote["exact"], structural_spans(dom, selector))
            if hint is not None:
                break
        return anchor_quote(dom.text, merged, hint=hint)
    for selector in structural:
        if selector.get("type") != "FragmentSelector":
            continue
        spans = fragment_spans(dom, selector)
        if len(spans) == 1:
            return {"start": spans[0][0], "end": spans[0][1], "score": 1.0}
    return None


SEVERAL = ("Composite", "List", "Independents")


def page_targets(target: object) -> list[Any]:
    """The targets an annotation's `target` holds: a list, or the items of a Composite, List or
    Independents (each anchored on its own)."""
    out: list[Any] = []
    for item in target if isinstance(target, list) else [target]:
        kinds = item.get("type") if isinstance(item, dict) else None
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if isinstance(item, dict) and any(k in SEVERAL for k in kinds):
            out += page_targets(item.get("items") or [])
        else:
            out.append(item)
    return out


def target_source(target: object) -> str | None:
    """The page a target is about: an IRI, a resource's `id`, or a SpecificResource's source."""
    if isinstance(target, str):
        return target
    if not isinstance(target, dict):
        return None
    source = target.get("source", target.get("id") if "selector" not in target else None)
    if isinstance(source, dict):
        source = source.get("id")
    return source if isinstance(source, str) else None


def _has_quote(selector: dict[str, Any]) -> bool:
    if selector.get("type") == "TextQuoteSelector":
        return isinstance(selector.get("exact"), str) and bool(selector["exact"])
    refined = selector.get("refinedBy")
    return (
        selector.get("type") in ("XPathSelector", "CssSelector", "FragmentSelector")
        and isinstance(refined, dict)
        and refined.get("type") == "TextQuoteSelector"
        and isinstance(refined.get("exact"), str)
        and bool(refined["exact"])
    )


def _carries_text(selector: dict[str, Any]) -> bool:
    """A FragmentSelector that places without a quote or the DOM: a URL text fragment.

    (An HTML id alone places its element in `anchor_target`, but the extension matches in its
    background worker on page text alone, so for pages it stays kept only: both agree.)
    """
    if selector.get("type") != "FragmentSelector" or not isinstance(selector.get("value"), str):
        return False
    return parse_text_directive(selector["value"].removeprefix("#")) is not None


def not_placeable(target: object) -> str | None:
    """Why the engine cannot place one target on a web page (docs/matching.md §4a), or None."""
    if target_source(target) is None:
        return "the target names no web page"
    if not isinstance(target, dict) or "selector" not in target:
        return None  # the whole page
    raw = target["selector"]
    items = raw if isinstance(raw, list) else [raw]
    if any(not isinstance(s, dict) for s in items):
        return "a link to a selector, not the selector itself"
    if any(_has_quote(s) or _carries_text(s) for s in items):
        return None
    kinds = ", ".join(dict.fromkeys(str(s.get("type")) for s in items))
    return f"{kinds} without a quote (TextQuoteSelector) to verify it against"
