"""Loopback servers the browser tests drive: the real Footnote service and a static site."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FOOTNOTE = REPO / ".venv" / "bin" / "footnote"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(*args: str, db: Path, stdin: str | None = None) -> str:
    """Runs a `footnote` command on the given database and returns its output."""
    result = subprocess.run(
        [str(FOOTNOTE), *args, "--db", str(db)],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


@dataclass(kw_only=True)
class LoopbackProcess:
    """A server subprocess listening on a free loopback port."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stops the server."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Service(LoopbackProcess):
    """A `footnote serve` subprocess on loopback with its request log on disk."""

    db: Path
    log: Path

    def start(self) -> Service:
        """Starts the server and waits until it answers."""
        env = {**os.environ, "FOOTNOTE_DB": str(self.db), "PYTHONUNBUFFERED": "1"}
        env.setdefault("FOOTNOTE_SECRET_KEY", "browser-tests")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(FOOTNOTE), "serve", "--db", str(self.db), "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/api/sets?public=1", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    raise RuntimeError(f"footnote serve exited: {self.log.read_text()}") from None
                time.sleep(0.2)
        raise RuntimeError("footnote serve did not answer in 30 s")

    def request_lines(self) -> list[str]:
        """The HTTP request lines the server logged so far ("GET /path HTTP/1.1")."""
        lines = []
        text = re.sub(r"\x1b\[[0-9;]*m", "", self.log.read_text(errors="replace"))
        for line in text.splitlines():
            start = line.find('"')
            end = line.find('"', start + 1)
            if start != -1 and end != -1 and " HTTP/" in line[start:end]:
                lines.append(line[start + 1 : end])
        return lines

    def api(
        self,
        method: str,
        path: str,
        body: object | None = None,
        token: str | None = None,
    ) -> tuple[int, object]:
        """Calls the API and returns (status, JSON body or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw)
            except ValueError:
                return error.code, None

    def ok(self, method: str, path: str, body: object | None = None, token: str | None = None):
        """Calls the API and fails unless it answered 2xx."""
        status, data = self.api(method, path, body, token)
        assert 200 <= status < 300, f"{method} {path} → {status}: {data}"
        return data

    def user(self, name: str, password: str = "correct horse battery") -> str:
        """Creates a user (CLI) and returns an API token for them (sign-in API)."""
        run_cli("user", "create", name, db=self.db, stdin=f"{password}\n{password}\n")
        data = self.ok("POST", "/api/tokens", {"username": name, "password": password, "name": "t"})
        return data["token"]

    def demo_set_id(self) -> str:
        """Id of the public demo set."""
        status, data = self.api("GET", "/api/sets?public=1")
        sets = data if isinstance(data, list) else (data.get("sets") or data.get("items") or [])
        for item in sets:
            if item["title"] == "Open-source AI claims":
                return item["id"]
        raise AssertionError(f"no demo set in {data}")


class StaticSite:
    """A loopback web server for corpus pages, fixture pages and static set files."""

    def __init__(self, roots: dict[str, Path]) -> None:
        self.roots = roots
        self.requests: list[tuple[str, int]] = []
        self.headers: dict[str, dict[str, str]] = {}
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                clean = path.split("?", 1)[0].split("#", 1)[0]
                for prefix, folder in site.roots.items():
                    if clean.startswith(f"/{prefix}/"):
                        relative = urllib.request.url2pathname(clean[len(prefix) + 2 :])
                        target = (folder / relative).resolve()
                        if folder.resolve() in target.parents or target == folder.resolve():
                            return str(target)
                return str(Path("/nonexistent"))

            def end_headers(self) -> None:
                for name, value in site.headers.get(self.path.split("?", 1)[0], {}).items():
                    self.send_header(name, value)
                super().end_headers()

            def log_request(self, code: object = "-", size: object = "-") -> None:
                site.requests.append((self.requestline, int(getattr(code, "value", code))))

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the site."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> StaticSite:
        """Starts serving in a thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stops serving."""
        self.server.shutdown()
        self.server.server_close()
