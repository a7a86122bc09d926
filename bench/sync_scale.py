"""Sync at scale: a public set of 100,000 annotations served by a real server, direct and through
nginx as a shared caching proxy.

Measures the full snapshot (`changes?since=0`), a delta of 10 changes (time and bytes), a
conditional GET answered 304, and the static W3C export, first straight from the service, then
through an nginx started here on a loopback port with a generated config (stopped afterwards).
Prints Markdown tables with medians and ratios against the full snapshot measured in the same run.
Run: `.venv/bin/python bench/sync_scale.py [--annotations N] [--repeats N]`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

SERVER = textwrap.dedent(
    """
    import logging
    import sys
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from footnote import create_app
    from footnote.api.interchange import interchange_bp
    app = create_app({"DATABASE": sys.argv[1], "SECRET_KEY": "bench"})
    if "api_interchange" not in app.blueprints:
        app.register_blueprint(interchange_bp, url_prefix="/api")
    server = make_server("127.0.0.1", int(sys.argv[2]), app, threaded=True)
    print("ready", flush=True)
    server.serve_forever()
    """
)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30.0) -> None:
    """Block until something accepts connections on the port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def seed(db_path: str, count: int) -> tuple[str, str]:
    """A public set of `count` notes and an editor token; returns (set id, token)."""
    from footnote import store, validation
    from footnote.db import connect

    db = connect(db_path, migrate=True)
    user = store.create_user(db, "bench", "bench-password", hash_method="pbkdf2:sha256:1")
    _record, token = store.create_token(db, user["id"], "bench")
    found = store.create_set(db, user["id"], "Bench set", visibility="public")
    template = validation.validate_annotation(
        {
            "target": {
                "source": "https://news.example.com/story/0",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": "a quoted passage of ordinary length",
                        "prefix": "text before the quote ",
                        "suffix": " and text after it",
                    },
                    {"type": "TextPositionSelector", "start": 1200, "end": 1235},
                ],
            },
            "body": {"type": "TextualBody", "value": "A note of a typical length. " * 4},
            "tags": ["bench"],
            "sources": [{"id": "https://example.org/evidence", "title": "Evidence"}],
        }
    )
    batch = 10_000
    for start in range(0, count, batch):
        items = []
        for i in range(start, min(count, start + batch)):
            item = dict(template)
            item["target"] = dict(template["target"], source=f"https://news.example.com/story/{i}")
            items.append(item)
        store.create_many(db, found["id"], items, user["id"])
    db.close()
    return found["id"], token


def get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[float, int, int, dict]:
    """One GET: (seconds, status, body bytes, response headers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    result_headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return elapsed, response.status, len(body), result_headers


def post_note(port: int, set_id: str, token: str, i: int) -> None:
    """Create one annotation through the API (a real write: bumps the set version)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = json.dumps(
        {"target": {"source": f"https://news.example.com/new/{i}"}, "body": {"value": f"new {i}"}}
    )
    conn.request(
        "POST",
        f"/api/sets/{set_id}/annotations",
        body=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 201:
        raise RuntimeError(f"write failed: {response.status}")


def measure(port: int, path: str, repeats: int, headers: dict | None = None) -> dict[str, Any]:
    """Median time, bytes, statuses and cache statuses of `repeats` identical GETs."""
    times, sizes, statuses, cache = [], [], [], []
    last_headers: dict = {}
    for _ in range(repeats):
        elapsed, status, size, last_headers = get(port, path, headers)
        times.append(elapsed)
        sizes.append(size)
        statuses.append(status)
        cache.append(last_headers.get("x-cache-status", "-"))
    return {
        "median": statistics.median(times),
        "bytes": statistics.median(sizes),
        "statuses": statuses,
        "cache": cache,
        "headers": last_headers,
    }


NGINX_CONF = """
worker_processes 1;
{user}
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    proxy_cache_path {root}/cache levels=1:2 keys_zone=footnote:10m max_size=2g inactive=10m;
    proxy_max_temp_file_size 0;
    proxy_buffers 64 64k;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_cache footnote;
            proxy_cache_lock on;
            proxy_cache_revalidate on;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


def start_nginx(root: Path, port: int, upstream: int) -> subprocess.Popen[bytes]:
    """nginx on a loopback port with a generated config, proxying and caching `upstream`."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    user = "user root;" if os.geteuid() == 0 else ""
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, port=port, upstream=upstream, user=user))
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(root)])
    wait_for(port)
    return process


def fmt_ms(seconds: float) -> str:
    """Milliseconds with sensible precision."""
    ms = seconds * 1000
    return f"{ms:,.1f} ms" if ms < 100 else f"{ms:,.0f} ms"


def main(argv: list[str] | None = None) -> int:
    """Seed, serve, measure direct and through nginx, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        print("nginx is not installed (apt-get install nginx-light)", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="footnote-sync-") as tmp:
        root = Path(tmp)
        db_path = str(root / "bench.db")
        started = time.perf_counter()
        set_id, token = seed(db_path, args.annotations)
        seeded = time.perf_counter() - started
        port, proxy_port = free_port(), free_port()
        server = subprocess.Popen([PYTHON, "-c", SERVER, db_path, str(port)], cwd=REPO)
        nginx = None
        try:
            wait_for(port)
            nginx = start_nginx(root, proxy_port, port)
            rows, proxy_rows = run(port, proxy_port, set_id, token, args.repeats)
        finally:
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=30)
            server.terminate()
            server.wait(timeout=30)

    print(
        f"Set of {args.annotations:,} annotations (seeded in {seeded:.1f} s); "
        f"medians of {args.repeats} requests; real server on loopback.\n"
    )
    print("| request | median time | body bytes | vs full snapshot (time) | vs full (bytes) |")
    print("|---|---:|---:|---:|---:|")
    base = rows["full snapshot (since=0)"]
    for name, row in rows.items():
        ratio_t = row["median"] / base["median"]
        ratio_b = row["bytes"] / base["bytes"] if base["bytes"] else 0
        print(
            f"| {name} | {fmt_ms(row['median'])} | {row['bytes']:,.0f} | "
            f"{ratio_t:.4f}× | {ratio_b:.6f}× |"
        )
    print("\nThrough nginx as a shared caching proxy (anonymous readers of the public set):\n")
    print("| request | median time | cache statuses | vs uncached direct |")
    print("|---|---:|---|---:|")
    for name, row in proxy_rows.items():
        direct = rows[row["direct"]]["median"]
        statuses = ", ".join(f"{k}×{v}" for k, v in row["counts"].items())
        print(f"| {name} | {fmt_ms(row['median'])} | {statuses} | {row['median'] / direct:.4f}× |")
    headers = base["headers"]
    print(
        f"\nSync response headers: Cache-Control: {headers.get('cache-control')}; "
        f"ETag: {headers.get('etag')}; Vary: {headers.get('vary')}"
    )
    return 0


def run(
    port: int, proxy_port: int, set_id: str, token: str, repeats: int
) -> tuple[dict[str, dict], dict[str, dict]]:
    """Every measurement; returns (direct rows, proxy rows)."""
    changes = f"/api/sets/{set_id}/changes"
    export = f"/api/sets/{set_id}/export?format=w3c"
    rows: dict[str, dict] = {}
    get(port, changes + "?since=0")  # warm the server and the page cache once
    rows["full snapshot (since=0)"] = measure(port, changes + "?since=0", repeats)
    version = json.loads(http_json(port, f"/api/sets/{set_id}"))["version"]
    for i in range(10):
        post_note(port, set_id, token, i)
    rows["delta of 10 changes"] = measure(port, f"{changes}?since={version}", repeats)
    etag = rows["delta of 10 changes"]["headers"]["etag"]
    rows["conditional GET → 304"] = measure(
        port, changes + "?since=0", repeats, {"If-None-Match": etag}
    )
    assert set(rows["conditional GET → 304"]["statuses"]) == {304}
    rows["static W3C export"] = measure(port, export, repeats)

    proxy_rows: dict[str, dict] = {}
    for name, path, direct, extra in (
        ("full snapshot, first (miss)", changes + "?since=0", "full snapshot (since=0)", None),
        ("full snapshot, cached", changes + "?since=0", "full snapshot (since=0)", None),
        (
            "conditional GET → 304 from cache",
            changes + "?since=0",
            "conditional GET → 304",
            {"If-None-Match": etag},
        ),
        ("static W3C export, first (miss)", export, "static W3C export", None),
        ("static W3C export, cached", export, "static W3C export", None),
    ):
        count = 1 if "first" in name else max(repeats, 20)
        result = measure(proxy_port, path, count, extra)
        counts: dict[str, int] = {}
        for status in result["cache"]:
            counts[status] = counts.get(status, 0) + 1
        proxy_rows[name] = {"median": result["median"], "counts": counts, "direct": direct}
    return rows, proxy_rows


def http_json(port: int, path: str) -> str:
    """A GET's body as text."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    body = conn.getresponse().read().decode()
    conn.close()
    return body


if __name__ == "__main__":
    sys.exit(main())
