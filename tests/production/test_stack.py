"""The production stack from deploy/: gunicorn and nginx started from the repository's own files
on free loopback ports, and an API walk through nginx.

Only the listen address, the upstream address and the cache folder of deploy/nginx/footnote.conf
are changed (each replacement must match exactly once, so the files cannot drift from the test).
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"

MAIN_CONF = """
{user}
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include footnote.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}:\n{log.read_text()}")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx/footnote.conf should contain {old!r} once"
    return text.replace(old, new)


def nginx_site(root: Path, port: int, upstream: int) -> Path:
    """deploy/nginx/ laid out under `root` as under /etc/nginx; returns the main config."""
    conf = (DEPLOY / "nginx" / "footnote.conf").read_text()
    conf = replace_once(conf, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    conf = replace_once(conf, "listen 80;", f"listen 127.0.0.1:{port};")
    conf = replace_once(conf, "    listen [::]:80;\n", "")
    conf = replace_once(conf, "/var/cache/nginx/footnote", str(root / "cache"))
    (root / "footnote.conf").write_text(conf)
    (root / "snippets").mkdir()
    shutil.copy(DEPLOY / "nginx" / "footnote-site.conf", root / "snippets")
    user = "user root;" if os.geteuid() == 0 else ""
    main = root / "nginx.conf"
    main.write_text(MAIN_CONF.format(root=root, user=user))
    return main


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Stack:
    port: int
    root: Path

    def call(
        self,
        method: str,
        path: str,
        body: dict | bytes | None = None,
        headers: dict[str, str] | None = None,
        token: str | None = None,
    ) -> Reply:
        """One request through nginx; the body is not decompressed."""
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, dict):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            found = {}
            for name, value in response.getheaders():
                key = name.lower()
                found[key] = f"{found[key]}, {value}" if key in found else value
            return Reply(response.status, found, data)
        finally:
            conn.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: scripts/ensure-browsers.sh installs it"
    root = tmp_path_factory.mktemp("stack")
    app_port, proxy_port = free_port(), free_port()
    env = {
        **os.environ,
        "FOOTNOTE_DB": str(root / "data" / "footnote.db"),
        "FOOTNOTE_SECRET_KEY": "production-test",
    }
    app_log = root / "gunicorn.log"
    with open(app_log, "wb") as log:
        app = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
            + ["--bind", f"127.0.0.1:{app_port}", "--workers", "2"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    proxy = None
    try:
        wait_for(app_port, app, app_log)
        main = nginx_site(root, proxy_port, app_port)
        check = subprocess.run(
            [nginx, "-t", "-c", str(main), "-p", str(root)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        proxy = subprocess.Popen(
            [nginx, "-c", str(main), "-p", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(proxy_port, proxy, root / "error.log")
        yield Stack(proxy_port, root)
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=30)
        app.terminate()
        app.wait(timeout=30)


def sign_up(stack: Stack, username: str) -> str:
    """Register through nginx and sign in; returns an API token."""
    password = "a long passphrase"
    created = stack.call("POST", "/api/users", {"username": username, "password": password})
    assert created.status == 201, created.body
    signed_in = stack.call(
        "POST", "/api/tokens", {"username": username, "password": password, "name": "walk"}
    )
    assert signed_in.status == 201, signed_in.body
    return signed_in.json()["token"]


NOTE = {"target": {"source": "https://example.com/article"}, "body": {"value": "Not so."}}


def make_set(stack: Stack, token: str, visibility: str = "public", notes: int = 0) -> str:
    """A set with `notes` annotations, made through nginx; returns its sync path since 0."""
    made = stack.call("POST", "/api/sets", {"title": "T", "visibility": visibility}, token=token)
    assert made.status == 201, made.body
    set_id = made.json()["id"]
    for _ in range(notes):
        created = stack.call("POST", f"/api/sets/{set_id}/annotations", NOTE, token=token)
        assert created.status == 201, created.body
    return f"/api/sets/{set_id}/changes?since=0"


def test_api_walk_through_nginx(stack):
    token = sign_up(stack, "ada")
    made = stack.call("POST", "/api/sets", {"title": "Walk", "visibility": "public"}, token=token)
    assert made.status == 201
    set_id = made.json()["id"]

    created = stack.call("POST", f"/api/sets/{set_id}/annotations", NOTE, token=token)
    assert created.status == 201
    note = created.json()
    location = urlsplit(created.headers["location"])
    assert location.netloc == f"127.0.0.1:{stack.port}"  # links name the proxy, port included
    read = stack.call("GET", location.path, token=token)
    assert read.status == 200 and read.json()["id"] == note["id"]
    again = stack.call("GET", location.path, headers={"If-None-Match": read.headers["etag"]})
    assert again.status == 304

    version = stack.call("GET", f"/api/sets/{set_id}", token=token).json()["version"]
    stack.call("POST", f"/api/sets/{set_id}/annotations", NOTE, token=token)
    delta = stack.call("GET", f"/api/sets/{set_id}/changes?since={version}", token=token)
    assert delta.status == 200
    assert len(delta.json()["annotations"]) == 1 and delta.json()["version"] == version + 1
    unchanged = stack.call(
        "GET",
        f"/api/sets/{set_id}/changes?since={version}",
        headers={"If-None-Match": delta.headers["etag"]},
        token=token,
    )
    assert unchanged.status == 304 and unchanged.body == b""


def test_public_snapshot_is_served_from_the_cache(stack):
    token = sign_up(stack, "grace")
    path = make_set(stack, token, notes=3)

    first = stack.call("GET", path)
    second = stack.call("GET", path)
    assert first.status == second.status == 200
    assert (first.headers["x-cache-status"], second.headers["x-cache-status"]) == ("MISS", "HIT")
    assert second.body == first.body and len(second.json()["annotations"]) == 3
    assert "public" in second.headers["cache-control"]

    revalidated = stack.call("GET", path, headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status == 304 and revalidated.headers["x-cache-status"] == "HIT"

    # A request with credentials never reads or fills the shared cache.
    with_token = stack.call("GET", path, token=token)
    assert with_token.status == 200 and with_token.headers["x-cache-status"] == "BYPASS"


def test_conditional_requests_reach_the_service_when_nginx_holds_no_copy(stack):
    token = sign_up(stack, "barbara")
    path = {v: make_set(stack, token, v, notes=1) for v in ("unlisted", "public")}
    for visibility in ("unlisted", "public"):
        etag = stack.call("GET", path[visibility], token=token).headers["etag"]
        first = stack.call("GET", path[visibility], headers={"If-None-Match": etag})
        assert first.status == 304, visibility
        # The service's 304 was not stored in place of the set: a new follower gets the body.
        fresh = stack.call("GET", path[visibility])
        assert fresh.status == 200 and len(fresh.json()["annotations"]) == 1, visibility


def test_private_sets_are_never_cached(stack):
    token = sign_up(stack, "hedy")
    path = make_set(stack, token, "private")
    set_id = path.split("/")[3]
    assert stack.call("GET", path).status == 404
    assert stack.call("GET", path).headers["x-cache-status"] != "HIT"
    assert stack.call("GET", path, token=token).headers["x-cache-status"] == "BYPASS"
    cached = list((stack.root / "cache").rglob("*"))
    bodies = b"".join(p.read_bytes() for p in cached if p.is_file())
    assert set_id.encode() not in bodies


def test_sync_is_compressed_when_asked(stack):
    token = sign_up(stack, "karen")
    path = make_set(stack, token, notes=20)
    plain = stack.call("GET", path)
    zipped = stack.call("GET", path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) * 5 < len(plain.body)
    # A follower sends back the ETag it got (nginx weakens it when it compresses).
    again = stack.call(
        "GET", path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
    )
    assert again.status == 304


def test_security_headers_on_api_responses(stack):
    reply = stack.call("GET", "/api/sets?public=1")
    assert reply.status == 200
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "same-origin"
    assert "server" not in reply.headers or "/" not in reply.headers["server"]


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "code"),
    [
        ("GET", "/api/annotations/nope", None, {}, 404, "not_found"),
        ("POST", "/api/users", b"{not json", {}, 400, "invalid_json"),
        ("POST", "/api/sets", {"title": "x"}, {}, 401, "unauthorized"),
        ("POST", "/api/users", b"x" * (1536 * 1024), {}, 413, "payload_too_large"),
        ("GET", "/api/sets/" + "a" * 5000, None, {}, 414, "uri_too_long"),
        ("GET", "/api/sets", None, {"X-Padding": "p" * 5000}, 400, "bad_request"),
    ],
    ids=["service-404", "service-400", "service-401", "nginx-413", "nginx-414", "nginx-431"],
)
def test_errors_are_json_whoever_answers(stack, method, path, body, headers, status, code):
    reply = stack.call(method, path, body, headers={"Content-Type": "application/json", **headers})
    assert reply.status == status
    assert reply.headers["content-type"].startswith("application/json")
    error = reply.json()["error"]
    assert set(error) == {"code", "message", "field"}
    assert error["code"] == code  # the service's own 400 (invalid_json) is not replaced by nginx


def test_imports_may_be_larger_than_api_bodies(stack):
    token = sign_up(stack, "lise")
    set_id = stack.call("POST", "/api/sets", {"title": "Import"}, token=token).json()["id"]
    body = json.dumps({"type": "AnnotationCollection", "pad": "x" * (2 * 1024 * 1024)}).encode()
    reply = stack.call(
        "POST",
        f"/api/sets/{set_id}/import",
        body,
        headers={"Content-Type": "application/json"},
        token=token,
    )
    assert reply.status == 400  # the service read it and refused the content, not nginx's 413
    assert reply.json()["error"]["code"] != "payload_too_large"
