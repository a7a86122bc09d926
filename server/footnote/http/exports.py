"""A whole set exported over HTTP (the API's and the web pages' downloads): streamed from one
read transaction, gzipped when asked, with the ETag, `Vary` and 304 rules of the sync snapshot."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Response

from footnote import store
from footnote.errors import NotFound
from footnote.formats.exporter import export_set
from footnote.http.connection import lend_db
from footnote.http.request import base_url
from footnote.http.streaming import not_modified, not_modified_response, streamed_json


def export_response(
    set_id: str, fmt: str, headers: dict[str, str], *, filename: str | None = None
) -> Response:
    """The set in `fmt`, or 304 when `If-None-Match` names its current version.

    `headers` (cache rules) go on both; `filename` makes it an attachment. The body is read
    from the database while it is sent, one batch of annotations at a time.
    """
    db, done = lend_db()
    try:
        db.execute("BEGIN")  # the set's version and every row from one moment
        found = store.get_set(db, set_id)
        if found is None:
            raise NotFound("no such set", "set")
        etag_base = f"{set_id}-{found['version']}-{fmt}"
        if not_modified(etag_base):
            done()
            return not_modified_response(etag_base, headers)
        result = export_set(db, set_id, fmt, base_url())
    except BaseException:
        done()
        raise
    headers = {**headers, "Footnote-Dropped-Urls": str(result.dropped_urls)}
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return streamed_json(
        _until_done(result.parts, done),
        etag_base=etag_base,
        headers=headers,
        content_type=result.media_type,
    )


def _until_done(parts: Iterator[str], done: Callable[[], None]) -> Iterator[str]:
    try:
        yield from parts
    finally:
        done()
