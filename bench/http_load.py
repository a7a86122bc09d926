"""HTTP load: Footnote under gunicorn against a bare Flask app under the same gunicorn, driven by
wrk in the same run, at 1,000 and 100,000 annotations.

Both apps run `gunicorn -c deploy/gunicorn.conf.py --workers 2` (gthread, 4 threads each) on
127.0.0.1. For each request type wrk runs `--rounds` slices of `--duration` seconds with
`--connections` connections (8) against Footnote and the bare app in alternating order
(bench/bare_flask.py answers with the bodies Footnote sent); a slice counts only when both workers
of the gthread gunicorn held at least a quarter of the connections (see `wrk`), else it runs again.
The requests: read one annotation, a delta of 10 changes (`changes?since=N-10`), a 304
(`If-None-Match`) and create one; "create" runs again against Footnote with SQLite's
synchronous=NORMAL (bench/footnote_sync_normal.py), the setting before durable commits, to show
what FULL costs per request (both with group commit); and "create" is measured in the same rotation
against Footnote as it wrote before group commit, a commit per create under sync workers
(bench/footnote_before_group_commit.py). The reads come first, then the full snapshot
(`changes?since=0`) is fetched `--repeats` times from each, with and without `Accept-Encoding:
gzip`; the bare snapshot reads the same rows from the same database and serialises them once (the
read-and-serialise floor). Then nginx with deploy/nginx/ in front of Footnote: delta and 304 from
its cache under wrk, and the snapshot gzipped, first a miss, then cached; the creates come last, so
everything before sees the seeded set.

Databases are built with the store (bench/sync_scale.py's seed) once and cached under
$TMPDIR/footnote-http-load/; each run works on a copy. Loopback only, every wrk slice bounded
by `--duration`. Needs wrk (apt-get install wrk: one small C process with an event loop, so
the load generator takes little of the two cores the servers need, unlike a Python client; and
over ab, HTTP/1.1 and a Lua hook that hands over the percentiles as data), nginx and gunicorn
(`pip install -e '.[server]'`).
Run: `.venv/bin/python bench/http_load.py [--sizes 1000 100000] [--duration 4] [--rounds 3]`;
`--only create` runs the create rows alone (no snapshots, no nginx).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sync_scale import get, post_note, seed

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "deploy"))

from loopback import free_port, start_gunicorn, start_nginx, stop  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "footnote-http-load"
SEED_VERSION = 1  # bump when seed() changes what it writes

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"socket_errors\\": %d, "
    .. "\\"bad_status\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def cached_database(size: int) -> tuple[Path, dict[str, str]]:
    """A database with one public set of `size` notes, built once; returns (path, ids)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"set-{size}-v{SEED_VERSION}.db"
    meta_path = path.with_suffix(".json")
    if not (path.exists() and meta_path.exists()):
        partial = path.with_suffix(".partial")
        for stale in CACHE.glob(partial.name + "*"):
            stale.unlink()
        started = time.perf_counter()
        set_id, token = seed(str(partial), size)
        print(f"(built the {size:,}-annotation database in {time.perf_counter() - started:.0f} s)")
        os.replace(partial, path)
        meta_path.write_text(json.dumps({"set": set_id, "token": token}))
    return path, json.loads(meta_path.read_text())


def worker_peak_rss(master: int) -> float:
    """The largest peak resident memory (MiB) of a gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for child in children:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


# gunicorn masters by port: wrk() checks how the connections of a slice against one of them
# were spread over its workers.
MASTERS: dict[int, int] = {}
SPREAD_ATTEMPTS = 6


def connection_spread(port: int, master: int) -> list[int]:
    """Established connections to `port` held by each of the gunicorn master's workers.

    From /proc: the sockets in /proc/net/tcp{,6} whose local port is `port` (state 01,
    established), matched by inode to the workers' file descriptors.
    """
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    counts = []
    for worker in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        held = 0
        for fd in Path(f"/proc/{worker}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:  # closed since the listing
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                held += 1
        counts.append(held)
    return sorted(counts)


def wrk(url: str, script: str, duration: int, connections: int, root: Path) -> dict[str, Any]:
    """One bounded wrk run; its summary (requests/s, p50 and p99 in ms, errors).

    wrk opens its connections at once and keeps them; which gunicorn worker accepts each is a
    race, and often one worker takes them all while the other idles (with 4 connections on the
    bare app: about 1,700 requests/s against about 5,000 when both workers have some). The
    ratio then followed the race, not the apps. Against a gunicorn in MASTERS, a slice counts
    only when every worker held at least a quarter of the connections halfway through it;
    otherwise it runs again (at most SPREAD_ATTEMPTS times; `reruns` says how many it took).
    Production does not see this: nginx (deploy/nginx/) opens a connection per request.
    """
    lua = root / "wrk.lua"
    lua.write_text(script + WRK_REPORT)
    port = urlsplit(url).port
    master = MASTERS.get(port) if port is not None else None
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    command += ["-s", str(lua), url]
    attempt = 0
    for attempt in range(SPREAD_ATTEMPTS):  # noqa: B007 (`attempt` is the reruns it took)
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        spread = None
        if master is not None:
            time.sleep(duration / 2)
            spread = connection_spread(port, master)
        stdout, _ = process.communicate(timeout=duration + 120)
        if process.returncode != 0:
            raise subprocess.CalledProcessError(process.returncode, command, stdout)
        if spread is None or min(spread) * 4 >= connections:
            break
    line = next(x for x in stdout.splitlines() if x.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "errors": data["socket_errors"] + data["bad_status"],
        "requests": data["requests"],
        "reruns": attempt,
        "spread": spread,
    }


def lua_request(method: str = "GET", body: str | None = None, headers: dict | None = None) -> str:
    """The wrk script lines that set one request."""
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = [==[{body}]==]")
    for name, value in (headers or {}).items():
        lines.append(f'wrk.headers["{name}"] = [==[{value}]==]')
    return "\n".join(lines) + "\n"


def snapshot(port: int, path: str, repeats: int, encoding: str | None) -> dict[str, Any]:
    """Median time and bytes on the wire of `repeats` full snapshots."""
    times, sizes = [], []
    headers = {"Accept-Encoding": encoding} if encoding else {"Accept-Encoding": "identity"}
    for _ in range(repeats):
        elapsed, status, size, found = get(port, path, headers)
        assert status == 200, status
        times.append(elapsed)
        sizes.append(size)
    return {
        "median": statistics.median(times),
        "bytes": statistics.median(sizes),
        "encoding": found.get("content-encoding", "identity"),
    }


def samples(port: int, set_id: str, token: str, root: Path) -> dict[str, Any]:
    """10 writes, then the bodies the bare app will send: one annotation, the delta, its ETag."""
    for i in range(10):
        post_note(port, set_id, token, i)
    version = http_json(port, f"/api/sets/{set_id}")["version"]
    delta = http_json(port, f"/api/sets/{set_id}/changes?since={version - 10}")
    assert len(delta["annotations"]) == 10
    annotation_path = urlsplit(delta["annotations"][0]["id"]).path
    result = {
        "version": version,
        "annotation_path": annotation_path,
        "annotation": http_json(port, annotation_path),
        "delta": delta,
    }
    _t, status, _b, found = get(port, f"/api/sets/{set_id}/changes?since={version}")
    assert status == 200
    result["etag"] = found["etag"]
    (root / "samples.json").write_text(json.dumps(result))
    return result


def http_json(port: int, path: str) -> Any:
    """A GET's body, parsed."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 200, (path, response.status)
    return json.loads(body)


def wrk_rounds(urls: dict[str, str], script: str, args: argparse.Namespace, root: Path) -> dict:
    """wrk against each URL in turn, `args.rounds` times in rotating order (the machine's load
    changes under us; interleaving keeps the ratio fair); requests/s, p50 and p99 are the
    medians of the slices'."""
    slices: dict[str, list[dict[str, Any]]] = {name: [] for name in urls}
    names = list(urls)
    for round_number in range(args.rounds):
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            slices[name].append(wrk(urls[name], script, args.duration, args.connections, root))
    result = {}
    for name, runs in slices.items():
        result[name] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50": statistics.median(r["p50"] for r in runs),
            "p99": statistics.median(r["p99"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "reruns": sum(r["reruns"] for r in runs),
            "uneven": sum(
                1 for r in runs if r["spread"] and min(r["spread"]) * 4 < args.connections
            ),
        }
    return result


def load_cases(set_id: str, token: str, found: dict[str, Any]) -> list[tuple]:
    """(name, Footnote path, bare path, headers, body) of every wrk row."""
    post_body = json.dumps(
        {"target": {"source": "https://news.example.com/new"}, "body": {"value": "A note."}}
    )
    create_headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    changes = f"/api/sets/{set_id}/changes"
    return [
        ("read one annotation", found["annotation_path"], "/annotation", {}, None),
        ("delta (since=N-10)", f"{changes}?since={found['version'] - 10}", "/changes", {}, None),
        (
            "304 (If-None-Match)",
            f"{changes}?since={found['version']}",
            "/changes",
            {"If-None-Match": found["etag"]},
            None,
        ),
        *(
            (name, f"/api/sets/{set_id}/annotations", "/annotations", create_headers, post_body)
            for name in ("create", "create, synchronous=NORMAL (before)")
        ),
    ]


def through_nginx(
    footnote_port: int, set_id: str, args: argparse.Namespace, root: Path
) -> dict[str, Any]:
    """nginx from deploy/ in front of Footnote: cached delta and 304 under wrk, the snapshot
    gzipped (first request a miss, then from the cache)."""
    version = http_json(footnote_port, f"/api/sets/{set_id}")["version"]
    changes = f"/api/sets/{set_id}/changes"
    _t, _s, _b, found = get(footnote_port, f"{changes}?since={version}")
    proxy_root = root / "nginx"
    proxy_root.mkdir(exist_ok=True)
    port = free_port()
    nginx = start_nginx(proxy_root, port, footnote_port, access_log=False)
    try:
        rows = {}
        for name, path, headers in (
            ("delta (since=N-10)", f"{changes}?since={version - 10}", {}),
            ("304 (If-None-Match)", f"{changes}?since={version}", {"If-None-Match": found["etag"]}),
        ):
            url = f"http://127.0.0.1:{port}{path}"
            get(port, path, headers)  # fill the cache
            rows[name] = wrk_rounds({"nginx": url}, lua_request("GET", None, headers), args, root)
        first = snapshot(port, f"{changes}?since=0", 1, "gzip")
        cached = snapshot(port, f"{changes}?since=0", args.repeats, "gzip")
    finally:
        stop(nginx)
    return {"rows": rows, "first": first, "cached": cached}


def measure_size(size: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    """Every measurement at one set size."""
    cached, ids = cached_database(size)
    db_path = root / f"footnote-{size}.db"
    shutil.copyfile(cached, db_path)
    set_id, token = ids["set"], ids["token"]
    env = {
        "FOOTNOTE_DB": str(db_path),
        "FOOTNOTE_SECRET_KEY": "bench",
        # Far above the load, so every write still pays for being counted, as in production.
        "FOOTNOTE_WRITE_LIMIT": "1000000000",
    }
    ports = {"footnote": free_port(), "bare": free_port(), "normal": free_port()}
    ports["before"] = free_port()
    log = root / "gunicorn.log"
    servers = {"footnote": start_gunicorn(ports["footnote"], env, log)}
    try:
        found = samples(ports["footnote"], set_id, token, root)
        bare_env = {
            "BARE_SAMPLES": str(root / "samples.json"),
            "BARE_DB": str(db_path),
            "BARE_SET": set_id,
        }
        bench = REPO / "bench"
        servers["bare"] = start_gunicorn(
            ports["bare"], bare_env, log, app="bare_flask:app", chdir=bench
        )
        servers["normal"] = start_gunicorn(
            ports["normal"], env, log, app="footnote_sync_normal:create_app()", chdir=bench
        )
        servers["before"] = start_gunicorn(
            ports["before"],
            env,
            log,
            app="footnote_before_group_commit:create_app()",
            chdir=bench,
            options=("--worker-class", "sync"),
        )
        # (not "before": sync workers close each connection after one request, so wrk's
        # connections are accepted afresh all the time and spread by themselves)
        for name in ("footnote", "bare", "normal"):
            MASTERS[ports[name]] = servers[name].pid
        rows: dict[str, Any] = {}
        snapshots: dict[str, Any] = {}
        proxied = None
        cases = load_cases(set_id, token, found)
        # Reads, snapshots and nginx first, creates last: the set the reads see is the seeded
        # one (plus the 10 samples), not whatever the create rows added to it.
        for writes in (False, True):
            for name, footnote_path, bare_path, headers, body in cases:
                if (body is not None) != writes or (args.only and not name.startswith(args.only)):
                    continue
                script = lua_request("POST" if body else "GET", body, headers)
                port = ports["normal"] if "NORMAL" in name else ports["footnote"]
                urls = {
                    "footnote": f"http://127.0.0.1:{port}{footnote_path}",
                    "bare": f"http://127.0.0.1:{ports['bare']}{bare_path}",
                }
                if name == "create":  # the same requests before group commit, in rotation
                    urls["before"] = f"http://127.0.0.1:{ports['before']}{footnote_path}"
                rows[name] = wrk_rounds(urls, script, args, root)
            if writes or args.only:
                continue
            for label, encoding in (("without gzip", None), ("Accept-Encoding: gzip", "gzip")):
                snapshots[label] = {
                    "footnote": snapshot(
                        ports["footnote"],
                        f"/api/sets/{set_id}/changes?since=0",
                        args.repeats,
                        encoding,
                    ),
                    "bare": snapshot(ports["bare"], "/snapshot", args.repeats, encoding),
                }
            proxied = through_nginx(ports["footnote"], set_id, args, root)
        peak = worker_peak_rss(servers["footnote"].pid)
    finally:
        for process in servers.values():
            stop(process)
        for leftover in root.glob(f"footnote-{size}.db*"):
            leftover.unlink()
    return {"rows": rows, "snapshots": snapshots, "peak_rss": peak, "nginx": proxied}


def print_size(size: int, result: dict[str, Any], args: argparse.Namespace) -> bool:
    """The tables for one size; False when any request failed."""
    ok = True
    reruns = sum(app["reruns"] for row in result["rows"].values() for app in row.values())
    print(
        f"\n### {size:,} annotations\n\nwrk: 1 thread, {args.connections} connections, "
        f"{args.rounds} rounds × {args.duration} s per row and app, apps alternating; gunicorn "
        "2 workers × 4 threads (gthread) each; a slice counts when each worker held at least a "
        f"quarter of the connections ({reruns} slices ran again until they did). Every figure "
        "is the median of the rounds'.\n"
    )
    print(
        "| request | Footnote p50 ms | p99 ms | req/s | bare Flask p50 ms | p99 ms | req/s "
        "| Footnote / bare (req/s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    lines = []
    for name, row in result["rows"].items():
        lines.append((name, row["footnote"], row["bare"]))
        if "before" in row:
            lines.append(
                (f"{name}, before group commit (sync workers)", row["before"], row["bare"])
            )
    for name, f, b in lines:
        flags = ""
        if f["errors"] or b["errors"]:
            ok = False
            flags = f" (errors: Footnote {f['errors']}, bare {b['errors']})"
        if f.get("uneven") or b.get("uneven"):
            flags += f" (slices left uneven: Footnote {f['uneven']}, bare {b['uneven']})"
        print(
            f"| {name}{flags} | {f['p50']:.1f} | {f['p99']:.1f} | {f['rps']:,.0f} | "
            f"{b['p50']:.1f} | {b['p99']:.1f} | {b['rps']:,.0f} | {f['rps'] / b['rps']:.3f}× |"
        )
    proxied = result["nginx"]
    if proxied is None:  # --only: the wrk rows alone
        return ok
    for name, row in proxied["rows"].items():
        n, b = row["nginx"], result["rows"][name]["bare"]
        if n["errors"]:
            ok = False
        print(
            f"| {name}, through nginx (deploy/, cached) | {n['p50']:.1f} | {n['p99']:.1f} | "
            f"{n['rps']:,.0f} | {b['p50']:.1f} | {b['p99']:.1f} | {b['rps']:,.0f} | "
            f"{n['rps'] / b['rps']:.3f}× |"
        )
    print(
        "\n| full snapshot (since=0) | Footnote time | bytes on the wire | encoding "
        "| read-and-serialise time | bytes | encoding | time ratio | bytes ratio |"
    )
    print("|---|---:|---:|---|---:|---:|---|---:|---:|")
    for label, pair in result["snapshots"].items():
        f, b = pair["footnote"], pair["bare"]
        print(
            f"| {label} | {f['median'] * 1000:,.0f} ms | {f['bytes']:,.0f} | {f['encoding']} | "
            f"{b['median'] * 1000:,.0f} ms | {b['bytes']:,.0f} | {b['encoding']} | "
            f"{f['median'] / b['median']:.1f}× | {f['bytes'] / b['bytes']:.1f}× |"
        )
    b = result["snapshots"]["Accept-Encoding: gzip"]["bare"]
    for label, n in (("first (miss)", proxied["first"]), ("cached", proxied["cached"])):
        print(
            f"| gzip through nginx (deploy/), {label} | {n['median'] * 1000:,.0f} ms | "
            f"{n['bytes']:,.0f} | {n['encoding']} | {b['median'] * 1000:,.0f} ms | "
            f"{b['bytes']:,.0f} | {b['encoding']} | {n['median'] / b['median']:.1f}× | "
            f"{n['bytes'] / b['bytes']:.1f}× |"
        )
    print(f"\nFootnote's gunicorn workers peaked at {result['peak_rss']:,.0f} MiB resident.")
    return ok


def main(argv: list[str] | None = None) -> int:
    """Measure every size, print the tables; exit 1 if any request failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk slice")
    parser.add_argument("--rounds", type=int, default=3, help="slices per row and app")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3, help="snapshots per variant")
    parser.add_argument(
        "--only",
        metavar="PREFIX",
        help="only the wrk rows whose name starts with PREFIX (create); no snapshots, no nginx",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    ok = True
    print(
        "HTTP load: Footnote and a bare Flask app, each under gunicorn (deploy/gunicorn.conf.py, "
        "2 workers) on loopback, in the same run; the ratio is Footnote's requests/s over the "
        "bare app's."
    )
    with tempfile.TemporaryDirectory(prefix="footnote-http-load-") as tmp:
        for size in args.sizes:
            result = measure_size(size, args, Path(tmp))
            ok = print_size(size, result, args) and ok
            sys.stdout.flush()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
