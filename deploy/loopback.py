"""Start the production stack of deploy/ on free loopback ports, for tests and benchmarks.

gunicorn runs with deploy/gunicorn.conf.py; nginx runs with deploy/nginx/ laid out under a
temporary prefix as under /etc/nginx, with only the listen address, the upstream address and the
cache folder changed (each replacement must match exactly once, so the files cannot drift from
what is tested). Used by tests/production/test_stack.py and bench/http_load.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent

MAIN_CONF = """
{user}
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {access_log};
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include footnote.conf;
}}
"""


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    """Block until something accepts connections on the port; fail if `process` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text() if log.exists() else ""
            raise RuntimeError(f"exited with {process.returncode}:\n{text}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def start_gunicorn(
    port: int,
    env: dict[str, str],
    log: Path,
    *,
    app: str | None = None,
    chdir: Path | None = None,
    workers: int = 2,
    options: tuple[str, ...] = (),
) -> subprocess.Popen[bytes]:
    """gunicorn from deploy/gunicorn.conf.py on 127.0.0.1:`port` (Footnote unless `app`);
    `options` are further command-line settings, which override the file's."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), *options]
    if chdir is not None:
        command += ["--chdir", str(chdir)]
    if app is not None:
        command.append(app)
    with open(log, "ab") as handle:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            cwd=log.parent,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    wait_for(port, process, log)
    return process


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"deploy/nginx/footnote.conf should contain {old!r} once")
    return text.replace(old, new)


def nginx_config(root: Path, port: int, upstream: int, *, access_log: bool = True) -> Path:
    """deploy/nginx/ laid out under `root` as under /etc/nginx; returns the main config."""
    conf = (DEPLOY / "nginx" / "footnote.conf").read_text()
    conf = _replace_once(conf, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    conf = _replace_once(conf, "listen 80;", f"listen 127.0.0.1:{port};")
    conf = _replace_once(conf, "    listen [::]:80;\n", "")
    conf = _replace_once(conf, "/var/cache/nginx/footnote", str(root / "cache"))
    (root / "footnote.conf").write_text(conf)
    (root / "snippets").mkdir(exist_ok=True)
    shutil.copy(DEPLOY / "nginx" / "footnote-site.conf", root / "snippets")
    main = root / "nginx.conf"
    main.write_text(
        MAIN_CONF.format(
            root=root,
            user="user root;" if os.geteuid() == 0 else "",
            access_log=f"{root}/access.log" if access_log else "off",
        )
    )
    return main


def nginx_binary() -> str:
    """The nginx executable (Debian's nginx-light; scripts/ensure-browsers.sh installs it)."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise RuntimeError("nginx is missing: apt-get install nginx-light")
    return found


def start_nginx(
    root: Path, port: int, upstream: int, *, access_log: bool = True
) -> subprocess.Popen[bytes]:
    """nginx with deploy/nginx/ on 127.0.0.1:`port`, proxying to `upstream`; config checked."""
    nginx = nginx_binary()
    main = nginx_config(root, port, upstream, access_log=access_log)
    check = subprocess.run(
        [nginx, "-t", "-c", str(main), "-p", str(root)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    process = subprocess.Popen(
        [nginx, "-c", str(main), "-p", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, process, root / "error.log")
    return process


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a server started here."""
    if process is not None:
        process.terminate()
        process.wait(timeout=60)
