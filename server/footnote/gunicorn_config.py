"""gunicorn settings that keep every error JSON: `gunicorn -c python:footnote.gunicorn_config`.

gunicorn answers malformed or oversized requests itself (400, 414, 431, …) before the app runs,
as an HTML page. Two things keep clients on the API's `{"error": {"code", "message", "field"}}`:

- the limits below sit above the app's own (`footnote.http.request.MAX_URI_BYTES` and friends),
  so a merely long URL or header reaches the app, which answers in the form its path asks for;
- what gunicorn still answers itself (a request line over 8190 bytes, a header over 16 KiB,
  bytes that are not HTTP) is written as that same JSON by `write_json_error`, installed in
  place of gunicorn's HTML writer when this module is loaded (before the workers fork). It does
  not know the path, so it is JSON for web pages too.

A deployment's own config file can take these with `from footnote.gunicorn_config import *`.
"""

from __future__ import annotations

import json
import socket

from gunicorn import util

from footnote.errors import stack_error

__all__ = ["limit_request_field_size", "limit_request_fields", "limit_request_line"]

limit_request_line = 8190  # gunicorn's maximum; the app refuses URLs over 8000 bytes first
limit_request_fields = 200  # the app refuses more than 100 headers first
limit_request_field_size = 16384  # the app refuses a header over 8190 bytes first

MAX_MESSAGE = 200


def write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error`, answering the wire format's JSON error instead of HTML."""
    message = (mesg or reason)[:MAX_MESSAGE]
    body = json.dumps(stack_error(status_int, message), ensure_ascii=True).encode("ascii")
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


def install_json_errors() -> None:
    """Make gunicorn write its own error responses as JSON (idempotent)."""
    util.write_error = write_json_error


install_json_errors()
