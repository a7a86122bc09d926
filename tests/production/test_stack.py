"""The production stack from deploy/: gunicorn and nginx started from the repository's own files
on free loopback ports (deploy/loopback.py changes only addresses and the cache folder), and an
API walk through nginx.
"""

from __future__ import annotations

import gzip
import http.client
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))

from loopback import free_port, start_gunicorn, start_nginx, stop  # noqa: E402


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
    root = tmp_path_factory.mktemp("stack")
    app_port, proxy_port = free_port(), free_port()
    env = {
        "FOOTNOTE_DB": str(root / "data" / "footnote.db"),
        "FOOTNOTE_SECRET_KEY": "production-test",
    }
    app = start_gunicorn(app_port, env, root / "gunicorn.log")
    proxy = None
    try:
        proxy = start_nginx(root, proxy_port, app_port)
        yield Stack(proxy_port, root)
    finally:
        stop(proxy)
        stop(app)


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


def test_followers_revalidating_get_304_for_public_and_unlisted_sets(stack):
    """What the extension sends when up to date: since=<its version> with the ETag it holds."""
    token = sign_up(stack, "barbara")
    for visibility in ("public", "unlisted"):
        snapshot_path = make_set(stack, token, visibility, notes=1)
        current = stack.call("GET", snapshot_path, token=token)
        version = current.json()["version"]
        path = snapshot_path.replace("since=0", f"since={version}")
        for _ in range(2):
            # Answered by nginx from the copy it fetched: unlisted sets too (X-Accel-Expires),
            # which used to get a 200 with an empty delta because nginx neither stored nor
            # passed on anything marked private.
            reply = stack.call("GET", path, headers={"If-None-Match": current.headers["etag"]})
            assert reply.status == 304 and reply.body == b"", visibility
            assert "x-accel-expires" not in reply.headers
        anonymous = stack.call("GET", path)
        assert anonymous.status == 200 and anonymous.json()["annotations"] == []
        assert "x-accel-expires" not in anonymous.headers
        if visibility == "unlisted":  # still private for every cache but the deployment's own
            assert anonymous.headers["cache-control"] == "private, no-cache"
        # No 304 was stored in place of the set: a new follower gets the body.
        fresh = stack.call("GET", snapshot_path)
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


def test_a_stopped_service_gets_a_json_503(tmp_path):
    """nginx with no gunicorn behind it: 502 becomes the API's 503 with Retry-After."""
    port = free_port()
    proxy = start_nginx(tmp_path, port, free_port())
    try:
        reply = Stack(port, tmp_path).call("GET", "/api/sets?public=1")
    finally:
        stop(proxy)
    assert reply.status == 503
    assert reply.headers["retry-after"] == "10"
    assert reply.json()["error"]["code"] == "unavailable"
