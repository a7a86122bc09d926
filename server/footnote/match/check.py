"""Where a set's labels fire and its notes anchor on one page: plain data in, plain data out.

Loading pages (files, http) and reading a stored set live in `footnote.checking`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .anchor import anchor_quote
from .claims import compile_labels, match_claims
from .explain import explain_hits
from .selectors import anchor_target, load_page, selector_list
from .urls import url_matches

CONTEXT = 60  # characters of context shown around a label hit
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Page:
    """A page to check: where it came from, the URL its patterns see, and its HTML."""

    source: str
    url: str | None
    html: str


def _selectors(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    target = annotation.get("target")
    if isinstance(target, list):
        target = target[0] if target else {}
    if not isinstance(target, dict):
        return []
    selector = target.get("selector")
    if isinstance(selector, dict):
        return [selector]
    return [s for s in selector or [] if isinstance(s, dict)]


def kind_of(annotation: dict[str, Any]) -> str:
    """note, claim or site: the `kind` field, else inferred from the selector type."""
    kind = annotation.get("kind")
    if kind in ("note", "claim", "site"):
        return kind
    types = {s.get("type") for s in _selectors(annotation)}
    if "ClaimPatternSelector" in types:
        return "claim"
    if "UrlPatternSelector" in types:
        return "site"
    return "note"


def short_id(annotation: dict[str, Any]) -> str:
    """The annotation id without the service prefix (`…/api/annotations/<id>` → `<id>`)."""
    return str(annotation.get("id") or "?").rstrip("/").rsplit("/", 1)[-1]


def _snippet(text: str, start: int, end: int) -> str:
    before = _SPACES.sub(" ", text[max(0, start - CONTEXT) : start]).lstrip()
    after = _SPACES.sub(" ", text[end : end + CONTEXT]).rstrip()
    return f"…{before}[{_SPACES.sub(' ', text[start:end])}]{after}…"


def check_page(page: Page, annotations: list[dict[str, Any]]) -> dict[str, Any]:
    """Label hits, site labels and note anchors of one page, as plain data."""
    dom = load_page(page.html)
    extracted = dom.page
    text = extracted.text
    claims = [a for a in annotations if kind_of(a) == "claim"]
    labels = []
    for annotation in claims:
        selector = next(
            (s for s in _selectors(annotation) if s.get("type") == "ClaimPatternSelector"), None
        )
        if selector is not None and isinstance(selector.get("all"), list):
            labels.append({**selector, "id": short_id(annotation)})
    verdicts = {short_id(a): a.get("verdict") for a in annotations}
    langs = extracted.langs
    hits = (
        match_claims(compile_labels(labels), text, page.url, extracted.lang, langs)
        if labels
        else []
    )
    reasons = explain_hits(labels, hits, text, page.url, extracted.lang, langs)
    result: dict[str, Any] = {
        "page": page.source,
        "url": page.url,
        "lang": extracted.lang,
        "claims": [
            {
                "id": hit["id"],
                "verdict": verdicts.get(hit["id"]),
                "start": hit["start"],
                "end": hit["end"],
                "text": text[hit["start"] : hit["end"]],
                "context": _snippet(text, hit["start"], hit["end"]),
                "why": why,
            }
            for hit, why in zip(hits, reasons, strict=True)
        ],
        "sites": [],
        "notes": [],
    }
    for annotation in annotations:
        kind = kind_of(annotation)
        if kind == "site":
            for selector in _selectors(annotation):
                include = selector.get("include") or []
                exclude = selector.get("exclude") or []
                if url_matches(include, page.url) and not url_matches(exclude, page.url):
                    result["sites"].append(
                        {"id": short_id(annotation), "verdict": annotation.get("verdict")}
                    )
                    break
        elif kind == "note" and isinstance(annotation.get("targets"), list):
            result["notes"] += _target_notes(dom, page, annotation)
        elif kind == "note":
            merged: dict[str, Any] = {}
            for selector in _selectors(annotation):
                if selector.get("type") == "TextQuoteSelector":
                    merged.update({k: selector.get(k) for k in ("exact", "prefix", "suffix")})
                elif selector.get("type") == "TextPositionSelector":
                    merged.update({k: selector.get(k) for k in ("start", "end")})
            if not merged.get("exact"):
                continue  # a page-level note has nothing to anchor
            found = anchor_quote(text, merged)
            note: dict[str, Any] = {"id": short_id(annotation), "exact": merged["exact"]}
            if found is None:
                note["status"] = "orphaned"
            else:
                note.update(status="anchored", **found)
                note["text"] = text[found["start"] : found["end"]]
            result["notes"].append(note)
    return result


def _why_lines(why: dict[str, Any]) -> list[str]:
    """The indented lines under a label hit that say why it fired."""
    if why["alias"] is None:
        return []
    language = why["language"] or "unknown"
    lines = [
        f"      alias {why['alias']!r} (group {why['group'] + 1}), rule: {why['rule']}; "
        f"language here: {language}"
    ]
    for support in why["support"]:
        lines.append(
            f"      with {support['alias']!r} (group {support['group'] + 1}): "
            f"{_SPACES.sub(' ', support['text'])!r}"
        )
    lines.append(f"      sentence: {why['sentence']!r}")
    return lines


def _described(target: dict[str, Any]) -> str:
    """What a target claims to cover, for the report: its quote, else its first selector."""
    selectors = selector_list(target)
    for selector in selectors:
        if selector.get("type") == "TextQuoteSelector":
            return str(selector.get("exact") or "")
        refined = selector.get("refinedBy")
        if isinstance(refined, dict) and refined.get("type") == "TextQuoteSelector":
            return str(refined.get("exact") or "")
    first = selectors[0] if selectors else {}
    return f"{first.get('type')} {first.get('value', '')}".strip()


def _target_notes(dom: Any, page: Page, annotation: dict[str, Any]) -> list[dict[str, Any]]:
    """An annotation placed through its original targets (docs/matching.md §4a): each target
    about this page (every target when the page has no URL) anchored on its own."""
    here = (page.url or "").split("#", 1)[0]
    notes = []
    for target in annotation["targets"]:
        if not isinstance(target, dict) or "selector" not in target:
            continue  # a page-level target has nothing to anchor
        if page.url and str(target.get("source", "")).split("#", 1)[0] != here:
            continue
        found = anchor_target(dom, target)
        note: dict[str, Any] = {"id": short_id(annotation), "exact": _described(target)}
        if found is None:
            note["status"] = "orphaned"
        else:
            note.update(status="anchored", **found)
            note["text"] = dom.text[found["start"] : found["end"]]
        notes.append(note)
    return notes


def format_result(result: dict[str, Any]) -> str:
    """The human-readable report of one page."""
    lines = [f"== {result['page']} (url {result['url']}; lang {result['lang'] or '?'})"]
    for hit in result["claims"]:
        verdict = f" [{hit['verdict']}]" if hit["verdict"] else ""
        lines.append(f"label {hit['id']}{verdict}: {hit['context']}")
        lines.extend(_why_lines(hit["why"]))
    for site in result["sites"]:
        verdict = f" [{site['verdict']}]" if site["verdict"] else ""
        lines.append(f"site  {site['id']}{verdict}: the whole page")
    for note in result["notes"]:
        exact = _SPACES.sub(" ", note["exact"])
        if len(exact) > 80:
            exact = exact[:77] + "..."
        if note["status"] == "anchored":
            lines.append(
                f"note  {note['id']} anchored {note['start']}-{note['end']} "
                f"(score {note['score']}): {exact!r}"
            )
        else:
            lines.append(f"note  {note['id']} orphaned: {exact!r}")
    anchored = sum(n["status"] == "anchored" for n in result["notes"])
    lines.append(
        f"{len(result['claims'])} label hits, {len(result['sites'])} site labels, "
        f"{anchored} notes anchored, {len(result['notes']) - anchored} orphaned"
    )
    return "\n".join(lines)
