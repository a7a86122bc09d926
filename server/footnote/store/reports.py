""" "Wrong on this page" reports on claim labels, and the editors' inbox that acts on them.

An inbox action is an ordinary edit of the label (a new `exclude` URL pattern or `not` phrase
through `update_annotation`: new set version, new ETag), so followers get the fix by sync.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from footnote.errors import Conflict, NotFound, ValidationError
from footnote.match.claims import normalize_alias
from footnote.match.normalize import normalize
from footnote.store.annotations import get_annotation, update_annotation
from footnote.store.common import fetch_all, fetch_one, new_id, now
from footnote.transaction import write_transaction
from footnote.urls import normalize_url_pattern, url_matches_pattern

MAX_PROPOSED = 200  # a `not` phrase's length limit (validation.MAX_ALIAS)
WORDS_BEFORE = 3  # words kept before the first alias hit: "no evidence that", "is not"


def create_report(
    db: Database,
    annotation_id: str,
    user_id: str,
    url: str,
    sentence: str,
    reason: str | None,
) -> dict[str, Any]:
    """Record (or refresh) one reader's open report of a label on one page."""
    with write_transaction(db):
        found = get_annotation(db, annotation_id)
        if found is None:
            raise NotFound("no such annotation", "annotation")
        if found["kind"] != "claim":
            raise ValidationError(
                "only claim labels can be reported as wrong on a page", "annotation"
            )
        db.execute(
            """INSERT INTO reports (id, annotation_id, set_id, user_id, url, sentence, reason,
                   created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (annotation_id, user_id, url) WHERE resolved IS NULL
               DO UPDATE SET sentence = excluded.sentence, reason = excluded.reason,
                   created = excluded.created""",
            [new_id(), annotation_id, found["set_id"], user_id, url, sentence, reason, now()],
        )
    row = fetch_one(
        db,
        """SELECT * FROM reports WHERE annotation_id = ? AND user_id = ? AND url = ?
           AND resolved IS NULL""",
        [annotation_id, user_id, url],
    )
    assert row is not None
    return row


def site_pattern(url: str) -> str:
    """The URL pattern of a page's whole site: its host without `www.` (subdomains included)."""
    host = (urlsplit(url).hostname or "").lower()
    return normalize_url_pattern(host.removeprefix("www."))


def page_pattern(url: str) -> str:
    """The URL pattern of one page: host and path (a path prefix, so query strings are moot)."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    return normalize_url_pattern(f"{(parts.hostname or '').lower()}/{path}")


def _alias_hits(norm: str, aliases: list[str]) -> list[tuple[int, int]]:
    hits = []
    for alias in aliases:
        text, _left, _right = normalize_alias(alias)
        if not text:
            continue
        start = norm.find(text)
        while start != -1:
            end = start + len(text)
            before = norm[start - 1] if start else " "
            after = norm[end] if end < len(norm) else " "
            if not before.isalnum() and not after.isalnum():
                hits.append((start, end))
                break
            start = norm.find(text, start + 1)
    return hits


def propose_not_phrase(sentence: str, selector: dict[str, Any]) -> str | None:
    """A `not` phrase that would stop the label on this sentence (for an editor to edit).

    The span from a few words before the first alias hit to the end of the last, so it carries
    what distinguishes the sentence ("no evidence that vaccines cause autism"); when that is
    too long, only the highlighted group's hit with the words before it. None without a hit.
    """
    norm = normalize(sentence)
    groups = [_alias_hits(norm.text, group) for group in selector.get("all", [])]
    if not groups or not all(groups):
        return None
    firsts = [min(group) for group in groups]
    start, end = min(s for s, _e in firsts), max(e for _s, e in firsts)
    highlight = selector.get("highlight", 0)
    for span in ((start, end), firsts[highlight if highlight < len(firsts) else 0]):
        words_start = span[0]
        words = 0
        while words_start > 0 and words < WORDS_BEFORE:
            words_start = norm.text.rfind(" ", 0, words_start - 1) + 1
            words += 1
        left, right = norm.original_span(words_start, span[1])
        phrase = " ".join(sentence[left:right].split())
        if phrase and len(phrase) <= MAX_PROPOSED:
            return phrase
    return None


def inbox(db: Database, set_id: str) -> list[dict[str, Any]]:
    """Open reports of the set grouped by label, then by page and sentence; most reported first."""
    rows = fetch_all(
        db,
        """SELECT annotation_id, url, sentence, reason, count(*) AS n,
                  min(created) AS first, max(created) AS last
           FROM reports WHERE set_id = ? AND resolved IS NULL
           GROUP BY annotation_id, url, sentence, reason""",
        [set_id],
    )
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = entries.get(row["annotation_id"])
        if entry is None:
            record = get_annotation(db, row["annotation_id"])
            if record is None:
                continue
            entry = entries[row["annotation_id"]] = {"annotation": record, "groups": {}, "count": 0}
        key = (row["url"], row["sentence"])
        group = entry["groups"].get(key)
        if group is None:
            selector = entry["annotation"]["target"].get("selector") or {}
            group = entry["groups"][key] = {
                "url": row["url"],
                "sentence": row["sentence"],
                "reasons": {},
                "count": 0,
                "first": row["first"],
                "last": row["last"],
                "proposed_not": propose_not_phrase(row["sentence"], selector),
                "exclude_url": page_pattern(row["url"]),
                "exclude_site": site_pattern(row["url"]),
            }
        reason = row["reason"] or "unspecified"
        group["reasons"][reason] = group["reasons"].get(reason, 0) + row["n"]
        group["count"] += row["n"]
        group["first"] = min(group["first"], row["first"])
        group["last"] = max(group["last"], row["last"])
        entry["count"] += row["n"]
    out = []
    for entry in entries.values():
        groups = sorted(entry["groups"].values(), key=lambda g: (-g["count"], g["url"]))
        out.append({**entry, "groups": groups})
    out.sort(key=lambda e: (-e["count"], e["annotation"]["id"]))
    return out


def _edited_item(record: dict[str, Any], selector: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": record["kind"],
        "motivation": record["motivation"],
        "body_text": record["body_text"],
        "verdict": record["verdict"],
        "sources": record["sources"],
        "tags": record["tags"],
        "target": {**record["target"], "selector": selector},
        "links": None,
        "reply_to": record.get("reply_to"),
    }


def resolve_reports(
    db: Database,
    annotation_id: str,
    action: str,
    url: str,
    *,
    phrase: str | None = None,
    sentence: str | None = None,
    if_match: str | None = None,
) -> tuple[dict[str, Any], int]:
    """Apply one inbox action to a label and close the reports it answers.

    `exclude-url` / `exclude-site` add the page's or site's URL pattern to the selector's
    `exclude`; `add-not` adds `phrase` to `not`; `dismiss` changes nothing but the reports.
    Returns the label (edited or not) and how many reports were closed.
    """
    with write_transaction(db):
        record = get_annotation(db, annotation_id)
        if record is None:
            raise NotFound("no such annotation", "annotation")
        if record["kind"] != "claim":
            raise ValidationError("inbox actions apply to claim labels", "annotation")
        selector = dict(record["target"]["selector"])
        closes = None  # a URL pattern: the reports on pages under it are answered
        if action in ("exclude-url", "exclude-site"):
            pattern = page_pattern(url) if action == "exclude-url" else site_pattern(url)
            if len(selector.get("exclude", [])) >= 50:
                raise Conflict("the label already has 50 exclude patterns", "exclude")
            if pattern not in selector.get("exclude", []):
                selector["exclude"] = [*selector.get("exclude", []), pattern]
            closes = pattern
        elif action == "add-not":
            assert phrase is not None
            nots = list(selector.get("not", []))
            if len(nots) >= 50:
                raise Conflict("the label already has 50 'not' phrases", "not")
            if phrase not in nots:
                selector["not"] = [*nots, phrase]
        if selector != record["target"]["selector"]:
            record = update_annotation(
                db, annotation_id, _edited_item(record, selector), if_match=if_match
            )
        where = ["annotation_id = ?", "resolved IS NULL"]
        params: list[Any] = [annotation_id]
        if closes is None:
            where.append("url = ?")
            params.append(url)
            if sentence is not None:
                where.append("sentence = ?")
                params.append(sentence)
        candidates = db.execute(
            "SELECT id, url FROM reports WHERE " + " AND ".join(where),  # noqa: S608
            params,
        ).fetchall()
        ids = [
            rid for rid, page in candidates if closes is None or url_matches_pattern(page, closes)
        ]
        stamp = now()
        for rid in ids:
            db.execute(
                "UPDATE reports SET resolved = ?, resolution = ? WHERE id = ?", [stamp, action, rid]
            )
    return record, len(ids)
