"""Annotations as the set pages list them: one page at a time, newest first, filterable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import request

from footnote import store
from footnote.errors import InvalidCursor
from footnote.http.connection import get_db
from footnote.vocabulary import KINDS

PAGE_SIZE = 50
MAX_QUERY = 200


@dataclass
class AnnotationPage:
    """One page of a set's annotations, the filters that chose it, and the next page's cursor."""

    items: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str | None = None
    q: str = ""
    kind: str = ""
    paged: bool = False
    error: str | None = None
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def annotations_for_page(set_id: str) -> AnnotationPage:
    """The page of annotations the query string asks for (`q`, `kind`, `cursor`)."""
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    cursor = request.args.get("cursor") or None
    page = AnnotationPage(q=q, kind=kind, paged=cursor is not None)
    try:
        page.items, page.next_cursor = store.list_annotations(
            get_db(),
            set_id,
            q=q or None,
            kind=kind or None,
            limit=PAGE_SIZE,
            cursor=cursor,
            top_level=True,
        )
    except InvalidCursor:
        page.error = "That page link is no longer valid; showing the newest annotations."
        page.items, page.next_cursor = store.list_annotations(
            get_db(), set_id, q=q or None, kind=kind or None, limit=PAGE_SIZE, top_level=True
        )
        page.paged = False
    page.threads = store.list_threads(get_db(), [item["id"] for item in page.items])
    return page
