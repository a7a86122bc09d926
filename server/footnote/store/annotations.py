"""Annotations: one write path that bumps the set version, tombstones, paging, sync."""

from __future__ import annotations

import base64
import binascii
import json
import re
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from footnote.errors import InvalidCursor, NotFound, PreconditionFailed, ValidationError
from footnote.store.common import (
    Principal,
    dumps,
    fetch_all,
    fetch_one,
    loads,
    new_id,
    now,
)
from footnote.store.sets import bump_version
from footnote.transaction import write_transaction
from footnote.urls import same_origin_host

MAX_PAGE = 200
DEFAULT_PAGE = 50
CONTENT_FIELDS = ("kind", "motivation", "body_text", "verdict", "sources", "tags", "target")

_SELECT = """
    SELECT a.seq, a.id, a.set_id, a.kind, a.motivation, a.body_text, a.body_format, a.verdict,
           a.sources,
           a.tags, a.target, a.source_uri, a.links, a.extra, a.creator_id,
           u.username AS creator, a.created, a.modified, a.set_version, a.deleted,
           a.reply_to, a.rating_status
    FROM annotations a LEFT JOIN users u ON u.id = a.creator_id
"""


def _actor_id(actor: Principal | str | None) -> str | None:
    if isinstance(actor, Principal):
        return actor.user_id
    return actor


def _record(row: dict[str, Any], *, fresh: bool = False) -> dict[str, Any]:
    """An annotation row as a record, its JSON columns decoded (`fresh`: `row` is a dict made
    for this call, decoded in place)."""
    record = row if fresh else dict(row)
    record["sources"] = loads(row["sources"], [], validated=True)
    record["tags"] = loads(row["tags"], [], validated=True)
    record["target"] = loads(row["target"], {}, validated=True)
    record["links"] = loads(row["links"], [], validated=True)
    record["extra"] = loads(row["extra"], {})  # imported originals: any JSON
    record.pop("seq", None)
    return record


def etag(record: dict[str, Any]) -> str:
    """The annotation's ETag: its id and the set version of its last change."""
    return f'"{record["id"]}-{record["set_version"]}"'


def etag_matches(header: str | None, current: str) -> bool:
    """True when an `If-Match` value names the current ETag (or `*`)."""
    if header is None:
        return True

    def bare(tag: str) -> str:
        tag = tag.strip()
        return tag.removeprefix("W/").strip('"')

    values = [bare(v) for v in header.split(",")]
    return "*" in values or bare(current) in values


def _quote_text(target: dict[str, Any]) -> str:
    for selector in target.get("selector", []) if isinstance(target.get("selector"), list) else []:
        if selector.get("type") == "TextQuoteSelector":
            return selector.get("exact", "")
    return ""


def _search_text(item: dict[str, Any]) -> str:
    parts = [item.get("body_text") or "", _quote_text(item["target"]), " ".join(item["tags"])]
    parts.extend(source.get("title", "") for source in item["sources"])
    return " ".join(p for p in parts if p)


def _uris(item: dict[str, Any], links: list[dict[str, str]]) -> list[str]:
    """The URIs a note is found under: its source and verified equivalents only."""
    is_page_note = item["kind"] == "note" and not item.get("reply_to")
    source = item["target"].get("source") if is_page_note else None
    if source is None:
        return []
    uris = [source]
    for link in links:
        if same_origin_host(link["href"], source) and link["href"] not in uris:
            uris.append(link["href"])
    return uris


def _write_content(
    db: Database, seq: int, item: dict[str, Any], links: list[dict[str, str]], *, new: bool = False
) -> None:
    if not new:  # a new annotation has no URIs to replace
        db.execute("DELETE FROM annotation_uris WHERE annotation_seq = ?", [seq])
    for uri in _uris(item, links):
        db.execute("INSERT INTO annotation_uris (annotation_seq, uri) VALUES (?, ?)", [seq, uri])


def _insert(
    db: Database,
    set_id: str,
    item: dict[str, Any],
    creator_id: str | None,
    version: int,
    extra: dict[str, Any] | None,
) -> str:
    stamp = now()
    links = item.get("links") or []
    annotation_id = item.get("id") or new_id()
    cursor = db.execute(
        """INSERT INTO annotations (id, set_id, kind, motivation, body_text, body_format,
               verdict, sources, tags, target, source_uri, links, extra, creator_id, created,
               modified, set_version, search_text, reply_to)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            annotation_id,
            set_id,
            item["kind"],
            item["motivation"],
            item["body_text"],
            item.get("body_format"),
            item["verdict"],
            dumps(item["sources"]),
            dumps(item["tags"]),
            dumps(item["target"]),
            None if item.get("reply_to") else item["target"].get("source"),
            dumps(links),
            dumps(extra or {}),
            creator_id,
            item.get("created") or stamp,
            item.get("modified") or item.get("created") or stamp,
            version,
            _search_text(item),
            item.get("reply_to"),
        ],
    )
    _write_content(db, int(cursor.lastrowid or 0), item, links, new=True)
    return annotation_id


def create_annotation(
    db: Database,
    set_id: str,
    item: dict[str, Any],
    actor: Principal | str | None,
    *,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Create one annotation from a validated internal dict; bumps the set version."""
    return create_many(db, set_id, [item], actor, extra=[extra] if extra else None)[0]


def create_many(
    db: Database,
    set_id: str,
    items: Sequence[dict[str, Any]],
    actor: Principal | str | None,
    *,
    extra: Sequence[dict[str, Any] | None] | None = None,
) -> list[dict[str, Any]]:
    """Create many annotations in ONE transaction and one set version (imports).

    Items are `validation.validate_annotation` results; they may also carry `created` and
    `modified` (ISO 8601) to keep an imported annotation's dates. `extra` is parallel to
    `items`: W3C fields Footnote does not model, kept for lossless round trips.
    """
    if extra is not None and len(extra) != len(items):
        raise ValueError("extra must be parallel to items")
    creator_id = _actor_id(actor)
    ids: list[str] = []
    with write_transaction(db):
        version = bump_version(db, set_id)
        for i, item in enumerate(items):
            kept = extra[i] if extra else None
            if isinstance(actor, Principal) and actor.is_share:
                # No account to name: the wire format says "anonymous editor via link".
                kept = {**(kept or {}), "addedVia": "share-link"}
            item = _with_parent(db, set_id, item, ids)
            ids.append(_insert(db, set_id, item, creator_id, version, kept))
    return [_existing(db, annotation_id, include_deleted=True) for annotation_id in ids]


def _with_parent(
    db: Database, set_id: str, item: dict[str, Any], earlier: list[str]
) -> dict[str, Any]:
    """A reply's parent resolved and checked: live, and in the reply's own set.

    `reply_to_index` names an earlier item of the same batch (threads inside an import file);
    `reply_to` an annotation already stored.
    """
    if item.get("reply_to_index") is not None:
        index = item["reply_to_index"]
        if not 0 <= index < len(earlier):
            raise ValidationError("a reply must come after the annotation it answers", "target")
        item = {**item, "reply_to": earlier[index]}
        item.pop("reply_to_index")
    parent_id = item.get("reply_to")
    if parent_id is None:
        return item
    row = db.execute("SELECT set_id, deleted FROM annotations WHERE id = ?", [parent_id]).fetchone()
    if row is None or row[1] is not None:
        raise NotFound("the annotation this replies to does not exist (or was deleted)", "target")
    if row[0] != set_id:
        raise ValidationError(
            "a reply belongs in the set of the annotation it answers, not another set", "target"
        )
    return item


def get_annotation(
    db: Database, annotation_id: str, *, include_deleted: bool = False
) -> dict[str, Any] | None:
    """The annotation with this id, or None (also, by default, when it was deleted)."""
    row = fetch_one(db, _SELECT + " WHERE a.id = ?", [annotation_id])
    if row is None or (row["deleted"] is not None and not include_deleted):
        return None
    return _record(row)


def get_annotations(db: Database, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The live annotations with these ids, in the order given (missing ones left out)."""
    found = (get_annotation(db, annotation_id) for annotation_id in ids)
    return [record for record in found if record is not None]


def live_ids_page(db: Database, set_id: str, offset: int, limit: int) -> list[str]:
    """Ids of one page of a set's live annotations, oldest first (an index range scan).

    The listing above is newest-first with cursors; the Web Annotation Protocol's numbered
    pages need offsets, and loading a 100,000-annotation set for each page would be too slow.
    """
    rows = db.execute(
        "SELECT id FROM annotations WHERE set_id = ? AND deleted IS NULL "
        "ORDER BY created, id LIMIT ? OFFSET ?",
        [set_id, limit, offset],
    )
    return [row[0] for row in rows.fetchall()]


def _existing(db: Database, annotation_id: str, *, include_deleted: bool = False) -> dict[str, Any]:
    """The annotation with this id; NotFound when there is none (or it was deleted)."""
    record = get_annotation(db, annotation_id, include_deleted=include_deleted)
    if record is None:
        raise NotFound("no such annotation", "annotation")
    return record


def update_annotation(
    db: Database,
    annotation_id: str,
    item: dict[str, Any],
    *,
    if_match: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Replace an annotation's content; PreconditionFailed when `if_match` is stale.

    `item["links"] is None` keeps the stored document links. The creator does not change.
    """
    with write_transaction(db):
        current = _existing(db, annotation_id)
        if not etag_matches(if_match, etag(current)):
            raise PreconditionFailed("the annotation changed since you read it", "If-Match")
        if item.get("reply_to") != current["reply_to"]:
            raise ValidationError(
                "a reply stays a reply to the same annotation (and a non-reply stays one)",
                "target",
            )
        links = current["links"] if item.get("links") is None else item["links"]
        version = bump_version(db, current["set_id"])
        db.execute(
            """UPDATE annotations SET kind = ?, motivation = ?, body_text = ?, body_format = ?,
                   verdict = ?, sources = ?, tags = ?, target = ?, source_uri = ?, links = ?,
                   extra = coalesce(?, extra), modified = ?, set_version = ?, search_text = ?
               WHERE id = ?""",
            [
                item["kind"],
                item["motivation"],
                item["body_text"],
                item.get("body_format"),
                item["verdict"],
                dumps(item["sources"]),
                dumps(item["tags"]),
                dumps(item["target"]),
                None if item.get("reply_to") else item["target"].get("source"),
                dumps(links),
                None if extra is None else dumps(extra),
                now(),
                version,
                _search_text(item),
                annotation_id,
            ],
        )
        seq = db.execute("SELECT seq FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        _write_content(db, seq[0], item, links)
    return _existing(db, annotation_id)


def delete_annotation(
    db: Database,
    annotation_id: str,
    *,
    if_match: str | None = None,
) -> dict[str, Any]:
    """Delete an annotation, leaving a tombstone (id, set version, time) for syncing clients."""
    with write_transaction(db):
        current = _existing(db, annotation_id)
        if not etag_matches(if_match, etag(current)):
            raise PreconditionFailed("the annotation changed since you read it", "If-Match")
        version = bump_version(db, current["set_id"])
        stamp = now()
        # A thread goes with the annotation it answers: its replies (at any depth) too.
        thread = [
            row[0]
            for row in db.execute(
                """WITH RECURSIVE thread(id) AS (
                       SELECT ? UNION
                       SELECT a.id FROM annotations a JOIN thread t ON a.reply_to = t.id
                       WHERE a.deleted IS NULL)
                   SELECT id FROM thread""",
                [annotation_id],
            ).fetchall()
        ]
        for doomed in thread:
            # Tombstones keep no content: a deleted note's text is gone, not hidden.
            db.execute(
                """UPDATE annotations SET deleted = ?, modified = ?, set_version = ?, kind = NULL,
                       motivation = NULL, body_text = NULL, body_format = NULL, verdict = NULL,
                       sources = '[]', tags = '[]', target = '{}', source_uri = NULL,
                       links = '[]', extra = '{}', search_text = '', rating_status = NULL
                   WHERE id = ?""",
                [stamp, stamp, version, doomed],
            )
            seq = db.execute("SELECT seq FROM annotations WHERE id = ?", [doomed]).fetchone()
            db.execute("DELETE FROM annotation_uris WHERE annotation_seq = ?", [seq[0]])
            db.execute("DELETE FROM ratings WHERE annotation_id = ?", [doomed])
            db.execute("DELETE FROM reports WHERE annotation_id = ?", [doomed])
    return _existing(db, annotation_id, include_deleted=True)


def encode_cursor(record: dict[str, Any]) -> str:
    """An opaque paging cursor pointing just after `record`."""
    raw = json.dumps([record["created"], record["id"]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, annotation_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InvalidCursor("cursor is not one this service handed out", "cursor") from exc
    if not isinstance(created, str) or not isinstance(annotation_id, str):
        raise InvalidCursor("cursor is not one this service handed out", "cursor")
    return created, annotation_id


def fts_query(q: str) -> str:
    """Turn free text into an FTS5 query of quoted terms (all must match); no syntax leaks."""
    terms = [t for t in re.split(r"\s+", q.strip()) if t]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms[:20])


def list_annotations(
    db: Database,
    set_id: str,
    *,
    uri: str | None = None,
    kind: str | None = None,
    tag: str | None = None,
    q: str | None = None,
    limit: int = DEFAULT_PAGE,
    cursor: str | None = None,
    top_level: bool = False,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of live annotations, newest first, and the cursor of the next page (or None).

    `uri` must already be normalised; it matches a note's source and verified equivalents.
    `top_level` leaves replies out (the set page shows them under their annotation).
    """
    where = ["a.set_id = ?", "a.deleted IS NULL"]
    if top_level:
        where.append("a.reply_to IS NULL")
    params: list[Any] = [set_id]
    if uri is not None:
        where.append("a.seq IN (SELECT annotation_seq FROM annotation_uris WHERE uri = ?)")
        params.append(uri)
    if kind is not None:
        where.append("a.kind = ?")
        params.append(kind)
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(a.tags) t WHERE t.value = ?)")
        params.append(tag)
    if q:
        where.append("a.seq IN (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)")
        params.append(fts_query(q))
    if cursor:
        created, annotation_id = _decode_cursor(cursor)
        where.append("(a.created < ? OR (a.created = ? AND a.id < ?))")
        params.extend([created, created, annotation_id])
    limit = max(1, min(limit, MAX_PAGE))
    rows = fetch_all(
        db,
        _SELECT + " WHERE " + " AND ".join(where) + " ORDER BY a.created DESC, a.id DESC LIMIT ?",
        [*params, limit + 1],
    )
    records = [_record(row) for row in rows[:limit]]
    next_cursor = encode_cursor(records[-1]) if len(rows) > limit else None
    return records, next_cursor


def _iter_records(
    db: Database, sql: str, params: Sequence[Any], batch: int = 500
) -> Iterator[dict[str, Any]]:
    """Records of one query, fetched `batch` rows at a time (memory bounded by the batch)."""
    cursor = db.execute(sql, list(params))
    keys = [c[0] for c in cursor.description]
    while rows := cursor.fetchmany(batch):
        for row in rows:
            yield _record(dict(zip(keys, row, strict=True)), fresh=True)


_LIVE = _SELECT + " WHERE a.set_id = ? AND a.deleted IS NULL"
_TOP_LEVEL = " AND a.motivation IS NOT 'replying'"
# The page a top-level annotation is listed under in a reading order (the Markdown export).
_PAGE = "coalesce(json_extract(a.target, '$.source'), '')"


def list_all(db: Database, set_id: str) -> list[dict[str, Any]]:
    """Every live annotation of a set, oldest first."""
    return list(iter_all(db, set_id))


def iter_all(db: Database, set_id: str, *, with_extra: bool = False) -> Iterator[dict[str, Any]]:
    """Every live annotation of a set, oldest first, read in batches (exports).

    `with_extra` keeps only those that carry imported or provenance data (`extra`).
    """
    where = " AND a.extra NOT IN ('{}', '')" if with_extra else ""
    return _iter_records(db, _LIVE + where + " ORDER BY a.created, a.id", [set_id])


def count_live(db: Database, set_id: str, *, top_level: bool = False) -> int:
    """How many live annotations the set has (`top_level`: leaving replies out)."""
    sql = "SELECT count(*) FROM annotations a WHERE a.set_id = ? AND a.deleted IS NULL"
    return int(db.execute(sql + (_TOP_LEVEL if top_level else ""), [set_id]).fetchone()[0])


def iter_top_level(db: Database, set_id: str, kind: str) -> Iterator[dict[str, Any]]:
    """Live annotations that are not replies, oldest first: `claim`, `site` or `note` (every
    other kind). Notes come grouped by page, pages in the order of their first note."""
    if kind in ("claim", "site"):
        sql = _LIVE + _TOP_LEVEL + " AND a.kind = ? ORDER BY a.created, a.id"
        return _iter_records(db, sql, [set_id, kind])
    return _notes_by_page(db, set_id)


# The reading order of a set's notes: grouped by page, pages in the order of their first note.
# Only the keys are sorted (whole rows would be sorted twice, spilling to temporary files).
_NOTE_ORDER = f"""SELECT seq FROM (
        SELECT n.seq, n.created, n.id, first_value(n.created) OVER page AS page_created,
               first_value(n.id) OVER page AS page_id
        FROM (SELECT a.seq, {_PAGE} AS page, a.created, a.id FROM annotations a
              WHERE a.set_id = ? AND a.deleted IS NULL{_TOP_LEVEL}
              AND a.kind NOT IN ('claim', 'site')) n
        WINDOW page AS (PARTITION BY n.page ORDER BY n.created, n.id))
    ORDER BY page_created, page_id, created, id"""  # noqa: S608 (constants only)


def _notes_by_page(db: Database, set_id: str, batch: int = 500) -> Iterator[dict[str, Any]]:
    """The notes of `iter_top_level`: their order as row numbers (8 bytes a note), then the
    records `batch` at a time by primary key."""
    order = array("q", (row[0] for row in db.execute(_NOTE_ORDER, [set_id])))
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        marks = ",".join("?" * len(chunk))
        rows = fetch_all(
            db, _SELECT + f" WHERE a.seq IN ({marks}) AND a.deleted IS NULL", list(chunk)
        )
        by_seq = {row["seq"]: row for row in rows}
        for seq in chunk:
            row = by_seq.get(seq)
            if row is not None:  # deleted meanwhile, when not read in one transaction
                yield _record(row)


def reply_ids(db: Database, set_id: str) -> dict[str, list[str]]:
    """The ids of the set's live replies under each annotation they answer, oldest first."""
    rows = db.execute(
        "SELECT id, reply_to FROM annotations WHERE set_id = ? AND deleted IS NULL"
        " AND motivation = 'replying' AND reply_to IS NOT NULL ORDER BY created, id",
        [set_id],
    )
    out: dict[str, list[str]] = {}
    for annotation_id, parent in rows:
        out.setdefault(parent, []).append(annotation_id)
    return out


def iter_changes(
    db: Database, set_id: str, since: int, *, batch: int = 500
) -> Iterator[dict[str, Any]]:
    """Live annotations changed after version `since`, oldest change first, read in batches.

    Callers that need one consistent view of a set (a sync response) run this and
    `iter_tombstones` inside one read transaction.
    """
    sql = (
        _SELECT + " WHERE a.set_id = ? AND a.set_version > ? AND a.deleted IS NULL"
        " ORDER BY a.set_version, a.id"
    )
    return _iter_records(db, sql, [set_id, since], batch)


def iter_tombstones(db: Database, set_id: str, since: int) -> Iterator[dict[str, Any]]:
    """Tombstones of annotations deleted after version `since` (none for a snapshot, 0)."""
    if since <= 0:
        return
    cursor = db.execute(
        "SELECT id, set_version, deleted FROM annotations"
        " WHERE set_id = ? AND set_version > ? AND deleted IS NOT NULL"
        " ORDER BY set_version, id",
        [set_id, since],
    )
    for annotation_id, version, deleted in cursor:
        yield {"id": annotation_id, "setVersion": version, "deleted": deleted}


def changes_since(
    db: Database, set_id: str, since: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Live annotations and tombstones changed after version `since` (no tombstones for 0)."""
    return list(iter_changes(db, set_id, since)), list(iter_tombstones(db, set_id, since))


def list_threads(db: Database, parent_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The replies under each of `parent_ids`, in thread order (depth first, oldest first).

    Each reply record gains `depth` (1 for a direct reply).
    """
    if not parent_ids:
        return {}
    marks = ", ".join("?" for _ in parent_ids)
    rows = fetch_all(
        db,
        f"""WITH RECURSIVE thread(id) AS (
                SELECT id FROM annotations WHERE reply_to IN ({marks}) AND deleted IS NULL
                UNION SELECT a.id FROM annotations a JOIN thread t ON a.reply_to = t.id
                WHERE a.deleted IS NULL)
            """  # noqa: S608 (only placeholders are formatted in)
        + _SELECT
        + " WHERE a.id IN (SELECT id FROM thread) ORDER BY a.created, a.id",
        list(parent_ids),
    )
    children: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["reply_to"], []).append(_record(row))

    def walk(parent: str, depth: int) -> list[dict[str, Any]]:
        out = []
        for child in children.get(parent, []):
            out.append({**child, "depth": depth})
            out.extend(walk(child["id"], depth + 1))
        return out

    return {parent: walk(parent, 1) for parent in parent_ids if parent in children}
