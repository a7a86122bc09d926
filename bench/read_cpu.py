"""Reading one annotation at 1,000 and at 100,000 annotations, side by side in one run: the
gunicorn workers' CPU time per request as well as wrk's requests/s.

Does a read cost more in a larger set? Three gunicorns (deploy/gunicorn.conf.py, 2 sync workers
each) run at once: Footnote on a copy of bench/http_load.py's 1,000-annotation database, Footnote
on its 100,000-annotation one, and the bare Flask app (bench/bare_flask.py) answering with the
body Footnote sent. wrk (1 thread, `--connections`) reads one annotation from each for
`--duration` seconds, `--rounds` times in alternating order. Besides requests/s, each slice
reports the CPU time the workers spent per request (utime + stime from /proc, over the requests
wrk completed): on a shared machine whose load moves between slices, that is the steadier figure.
Run: `.venv/bin/python bench/read_cpu.py [--duration 3] [--rounds 3] [--connections 4]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from http_load import cached_database, lua_request, samples, wrk

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "deploy"))

from loopback import free_port, start_gunicorn, stop  # noqa: E402

SIZES = (1000, 100_000)


def workers_cpu(master: int) -> float:
    """CPU seconds (user + system) the master's current workers have used."""
    ticks = 0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    servers: dict[str, Any] = {}
    paths: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="footnote-read-cpu-") as tmp:
        root = Path(tmp)
        log = root / "gunicorn.log"
        try:
            for size in SIZES:
                cached, ids = cached_database(size)
                db_path = root / f"footnote-{size}.db"
                shutil.copyfile(cached, db_path)
                port = free_port()
                env = {
                    "FOOTNOTE_DB": str(db_path),
                    "FOOTNOTE_SECRET_KEY": "bench",
                    "FOOTNOTE_WRITE_LIMIT": "1000000000",
                }
                name = f"Footnote, {size:,} annotations"
                servers[name] = (start_gunicorn(port, env, log), port)
                paths[name] = samples(port, ids["set"], ids["token"], root)["annotation_path"]
            port = free_port()
            bare_env = {"BARE_SAMPLES": str(root / "samples.json"), "BARE_DB": "", "BARE_SET": ""}
            bare = start_gunicorn(port, bare_env, log, app="bare_flask:app", chdir=REPO / "bench")
            servers["bare Flask"] = (bare, port)
            paths["bare Flask"] = "/annotation"
            slices: dict[str, list[dict[str, Any]]] = {name: [] for name in servers}
            for round_number in range(args.rounds):
                names = list(servers) if round_number % 2 == 0 else list(servers)[::-1]
                for name in names:
                    process, port = servers[name]
                    before = workers_cpu(process.pid)
                    url = f"http://127.0.0.1:{port}{paths[name]}"
                    result = wrk(url, lua_request(), args.duration, args.connections, root)
                    spent = workers_cpu(process.pid) - before
                    # A worker replaced meanwhile (max_requests) resets its counter: no figure.
                    result["cpu_ms"] = spent / result["requests"] * 1000 if spent > 0 else None
                    slices[name].append(result)
        finally:
            for process, _port in servers.values():
                stop(process)
    bare_rps = statistics.median(r["rps"] for r in slices["bare Flask"])
    print(
        f"Read one annotation: wrk 1 thread, {args.connections} connections, {args.rounds} "
        f"rounds × {args.duration} s, apps alternating; gunicorn 2 sync workers each; medians.\n"
    )
    print("| app | req/s | vs bare | p50 ms | p99 ms | worker CPU ms/request |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, runs in slices.items():
        rps = statistics.median(r["rps"] for r in runs)
        cpu = [r["cpu_ms"] for r in runs if r["cpu_ms"] is not None]
        print(
            f"| {name} | {rps:,.0f} | {rps / bare_rps:.2f}× "
            f"| {statistics.median(r['p50'] for r in runs):.1f} "
            f"| {statistics.median(r['p99'] for r in runs):.1f} "
            f"| {f'{statistics.median(cpu):.3f}' if cpu else '—'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
