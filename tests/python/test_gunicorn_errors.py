"""Every error the served stack answers is the API's JSON, gunicorn's own included.

Starts a real gunicorn on loopback with `-c python:footnote.gunicorn_config` and sends raw
requests: ones the app refuses (a long URL or header, too many headers) and ones gunicorn
refuses before the app runs (longer still, or not HTTP at all).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from footnote.http.request import MAX_HEADER_BYTES, MAX_URI_BYTES

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read until the server closes; return status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(raw)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def get(port: int, target: str, extra: str = "") -> tuple[int, dict[str, str], bytes]:
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n"
    return exchange(port, request.encode("latin-1"))


@dataclass
class Served:
    """A running gunicorn: its port and the folder with its database and logs."""

    port: int
    folder: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """gunicorn behind one (pretend) trusted proxy, with the shipped config and an access log."""
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {
        **os.environ,
        "FOOTNOTE_DB": str(folder / "footnote.db"),
        "FOOTNOTE_SECRET_KEY": "gunicorn-tests",
        "FOOTNOTE_TRUSTED_PROXIES": "1",
    }
    command = [
        str(GUNICORN),
        "-c",
        "python:footnote.gunicorn_config",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "1",
        "--access-logfile",
        str(folder / "access.log"),
        "footnote:create_app()",
    ]
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/api/openapi.json")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail((folder / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield Served(port, folder)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def padded(path: str, length: int) -> str:
    """`path` with a query parameter that makes the whole target `length` bytes."""
    prefix = f"{path}?pad="
    return prefix + "x" * (length - len(prefix))


CASES = [
    # (id, target, extra headers, status, code, who answers)
    ("api-404", "/api/nothing-here", "", 404, "not_found", "app"),
    ("long-url", padded("/api/sets", MAX_URI_BYTES + 50), "", 414, "uri_too_long", "app"),
    ("w3c-long-url", padded("/w3c/x", MAX_URI_BYTES + 50), "", 414, "uri_too_long", "app"),
    ("longer-url", padded("/api/sets", 9000), "", 414, "uri_too_long", "gunicorn"),
    (
        "long-header",
        "/api/sets",
        f"X-Pad: {'y' * (MAX_HEADER_BYTES + 10)}\r\n",
        431,
        "headers_too_large",
        "app",
    ),
    (
        "many-headers",
        "/api/sets",
        "".join(f"X-H{i}: v\r\n" for i in range(120)),
        431,
        "headers_too_large",
        "app",
    ),
    (
        "longer-header",
        "/api/sets",
        f"X-Pad: {'y' * 20000}\r\n",
        431,
        "headers_too_large",
        "gunicorn",
    ),
    ("bad-header", "/api/sets", "Bad Header Name: v\r\n", 400, "bad_request", "gunicorn"),
]


@pytest.mark.parametrize(
    ("target", "extra", "status", "code", "who"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_errors_are_the_apis_json(served: Served, target, extra, status, code, who):
    got, headers, body = get(served.port, target, extra)
    assert got == status, body[:300]
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["code"] == code and error["message"]
    # The app names an oversized header; gunicorn, which answers before the app, names none.
    if who == "gunicorn":
        assert error["field"] is None
        assert headers["connection"] == "close"
    elif target == "/api/sets" and "X-Pad" in extra:
        assert error["field"] == "X-Pad"


def test_a_request_that_is_not_http_gets_json(served: Served):
    status, headers, body = exchange(served.port, b"NONSENSE\r\n\r\n")
    assert status == 400
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad_request"


def test_web_pages_still_get_a_page_for_a_long_url(served: Served):
    status, headers, body = get(served.port, padded("/sets/x", MAX_URI_BYTES + 50))
    assert status == 414
    assert headers["content-type"].startswith("text/html")
    assert b"longer than" in body


def test_the_access_log_names_the_client_behind_the_trusted_proxy(served: Served):
    forwarded = "X-Forwarded-For: 203.0.113.77\r\nX-Forwarded-Proto: https\r\n"
    status, headers, _body = get(served.port, "/signin", forwarded)
    assert status == 200
    assert "Secure" in headers["set-cookie"]  # the proxy terminated TLS
    log = (served.folder / "access.log").read_text()
    deadline = time.monotonic() + 10
    while "203.0.113.77" not in log and time.monotonic() < deadline:
        time.sleep(0.2)
        log = (served.folder / "access.log").read_text()
    assert "203.0.113.77" in log
