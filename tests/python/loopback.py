"""The app on a real loopback port, and a plain HTTP client for it (http.client, no Flask)."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def serving(app: Flask, *, set_base_url: bool = True) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 on a free port; yield its base URL."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    if set_base_url:
        app.config["BASE_URL"] = base
    try:
        yield base
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


def request(
    method: str, url: str, headers: dict[str, str] | None = None, body: Any = None
) -> tuple[int, dict[str, str], Any]:
    """One HTTP request; (status, lower-cased headers, parsed JSON body or None)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    data = json.dumps(body) if isinstance(body, dict) else body
    try:  # closed whatever happens: a server killed mid-request leaves no socket to the GC
        conn.request(method, path, body=data, headers=headers or {})
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    parsed = None
    if raw and "json" in response.getheader("Content-Type", ""):
        parsed = json.loads(raw)
    return response.status, {k.lower(): v for k, v in response.getheaders()}, parsed
