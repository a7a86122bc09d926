"""nginx on loopback as a real static host, from a minimal configuration written to a temp dir."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .servers import LoopbackProcess

# One line per request: what was asked, the status and the bytes sent (headers included).
LOG_FORMAT = (
    "$request_method $uri $status $bytes_sent $body_bytes_sent "
    "enc=$sent_http_content_encoding inm=$http_if_none_match"
)

CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    log_format footnote '{log_format}';
    access_log {prefix}/access.log footnote;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    types {{ application/json json; text/html html; }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        gzip_static on;
        location ~ /footnote-set\\.json$ {{ add_header Cache-Control "no-cache"; }}
        location ~ /patches/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    }}
}}
"""


@dataclass
class AccessLine:
    """One request nginx served."""

    method: str
    path: str
    status: int
    bytes_sent: int
    body_bytes: int
    encoding: str


@dataclass
class Nginx(LoopbackProcess):
    """nginx serving `root` on a free loopback port, logging every request."""

    prefix: Path
    root: Path

    def start(self) -> Nginx:
        """Writes the configuration, starts nginx in the foreground and waits until it answers."""
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        (self.prefix / "tmp").mkdir(parents=True, exist_ok=True)
        self.root.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            CONFIG.format(prefix=self.prefix, root=self.root, port=self.port, log_format=LOG_FORMAT)
        )
        self.process = subprocess.Popen(
            [binary, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/", timeout=2).close()
                return self
            except urllib.error.HTTPError:
                return self  # it answered (403/404 for the bare root)
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    log = (self.prefix / "error.log").read_text(errors="replace")
                    raise RuntimeError(f"nginx exited: {log}") from None
                time.sleep(0.1)
        raise RuntimeError("nginx did not answer in 15 s")

    def access(self) -> list[AccessLine]:
        """Every request logged so far."""
        path = self.prefix / "access.log"
        lines = []
        for line in path.read_text().splitlines() if path.exists() else []:
            method, uri, status, sent, body, encoding, *_ = line.split(" ")
            lines.append(AccessLine(method, uri, int(status), int(sent), int(body), encoding[4:]))
        return lines
