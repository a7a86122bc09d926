"""Large JSON responses (sync snapshots, exports): streamed in chunks, gzip when asked.

A 100,000-annotation snapshot is about 105 MB of JSON and 2.7 MB gzipped. Building it in memory
held the whole list of records, their wire dicts and the body at once; streaming keeps one batch
at a time. Compression is negotiated from `Accept-Encoding`; the gzip representation has its own
strong ETag (`"…-gzip"`), and `Vary: Accept-Encoding` tells shared caches to keep both.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Response, request

GZIP_LEVEL = 6  # zlib's default: most of level 9's ratio at a third of its time
CHUNK = 64 * 1024  # bytes gathered before a chunk is sent (or compressed and sent)


def dumps(value: Any) -> str:
    """Compact JSON, as `jsonify` writes it outside debug mode."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def json_array(items: Iterable[Any]) -> Iterator[str]:
    """A JSON array written item by item."""
    yield "["
    first = True
    for item in items:
        yield dumps(item) if first else "," + dumps(item)
        first = False
    yield "]"


def read_cache_headers(visibility: str) -> dict[str, str]:
    """Cache rules for a set's sync and exports (the reads a shared cache can serve).

    Public sets: any cache may keep them a minute. Unlisted sets are readable by whoever holds
    the URL, so they stay `private` for caches we do not run, while `X-Accel-Expires` lets the
    deployment's own nginx (deploy/nginx/, which drops the header on the way out) keep them:
    without a stored copy nginx neither passes the follower's `If-None-Match` on nor answers
    it, so every up-to-date follower got a `200` with an empty delta instead of a `304`.
    Private sets are never stored (their readers send credentials, which bypass the cache).
    `Vary: Origin` on every one: CORS adds `Access-Control-Allow-Origin` only for a request
    from an allowed origin, so a copy stored for a request without one must not be served to a
    configured web origin (the browser would refuse it), nor one origin's copy to another.
    """
    vary = "Authorization, Origin"
    if visibility == "public":
        return {"Cache-Control": "public, max-age=60", "Vary": vary}
    headers = {"X-Accel-Expires": "60"} if visibility == "unlisted" else {}
    return {**headers, "Cache-Control": "private, no-cache", "Vary": vary}


def wants_gzip() -> bool:
    """True when the client accepts gzip (q > 0)."""
    return request.accept_encodings["gzip"] > 0


def etag_for(base: str, gzipped: bool) -> str:
    """The strong ETag of one representation: `"<base>"` or `"<base>-gzip"`."""
    return f'"{base}-gzip"' if gzipped else f'"{base}"'


def not_modified(base: str) -> bool:
    """True when `If-None-Match` names the current version in either encoding."""
    return request.if_none_match.contains_raw(
        etag_for(base, False)
    ) or request.if_none_match.contains_raw(etag_for(base, True))


def _chunks(parts: Iterable[str]) -> Iterator[bytes]:
    pending: list[bytes] = []
    size = 0
    for part in parts:
        data = part.encode("utf-8")
        pending.append(data)
        size += len(data)
        if size >= CHUNK:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _gzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: a gzip header
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


def streamed_json(
    parts: Iterable[str],
    *,
    etag_base: str,
    headers: dict[str, str],
    status: int = 200,
    content_type: str = "application/json",
) -> Response:
    """A streamed response of JSON text `parts`, gzipped when the client accepts it.

    `parts` must not need the request context: it is iterated after the request has ended.
    """
    gzipped = wants_gzip()
    body: Iterable[bytes] = _chunks(parts)
    if gzipped:
        body = _gzipped(body)
    response = Response(body, status=status, content_type=content_type)
    response.headers.update(headers)
    response.headers["ETag"] = etag_for(etag_base, gzipped)
    response.vary.add("Accept-Encoding")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    return response


def not_modified_response(etag_base: str, headers: dict[str, str]) -> Response:
    """304 for a client that holds the current version, with the ETag it would get now."""
    response = Response(status=304)
    response.headers.update(headers)
    response.headers["ETag"] = etag_for(etag_base, wants_gzip())
    response.vary.add("Accept-Encoding")
    return response
