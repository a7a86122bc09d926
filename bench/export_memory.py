"""Peak memory of exporting a large set: each export format streamed to a file, against the
baseline of reading the same rows and `json.dumps`-ing them, each in a fresh Python process.

Every contender runs in its own subprocess on a copy of the same database (one public set of
`--annotations` notes, built with bench/sync_scale.py's seed and cached like bench/http_load.py's)
and reports its peak resident memory (`resource.getrusage(RUSAGE_SELF).ru_maxrss`), its time
(wall clock, and the process's CPU time, which a busy machine disturbs less) and the bytes it
wrote. "idle" is the floor: the interpreter with footnote imported and the database open. The
baseline is the least any whole-set export could do the old way: one `SELECT` of the set's live
rows and one `json.dumps` of them. The exports are `footnote.formats.exporter.export_set`
with their parts written to a file as they come (what `footnote export -o` and the HTTP route do).
Contenders run in rotating order for `--rounds` rounds; the table gives medians.
Run: `.venv/bin/python bench/export_memory.py [--annotations 100000] [--rounds 1]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from footnote.db import connect
from http_load import cached_database

REPO = Path(__file__).resolve().parents[1]
CONTENDERS = ("idle", "rows + json.dumps", "w3c", "claimreview", "markdown")


def child(contender: str, db_path: str, set_id: str, out_path: str) -> dict[str, Any]:
    """Run one contender in this process; its peak RSS (MiB), seconds and bytes written."""
    import resource

    from footnote.formats.exporter import export_set

    db = connect(db_path)
    written = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    if contender == "rows + json.dumps":
        rows = db.execute(
            "SELECT * FROM annotations WHERE set_id = ? AND deleted IS NULL ORDER BY created, id",
            [set_id],
        )
        keys = [c[0] for c in rows.description]
        text = json.dumps([dict(zip(keys, row, strict=True)) for row in rows.fetchall()])
        with open(out_path, "w", encoding="utf-8") as handle:
            written = handle.write(text)
    elif contender != "idle":
        db.execute("BEGIN")
        result = export_set(db, set_id, contender, "https://footnote.example")
        with open(out_path, "w", encoding="utf-8") as handle:
            for part in result.parts:
                written += handle.write(part)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"peak_mib": peak, "seconds": seconds, "cpu": cpu, "chars": written}


def run_child(contender: str, db_path: Path, set_id: str, root: Path) -> dict[str, Any]:
    out = root / "export.out"
    result = subprocess.run(
        [sys.executable, __file__, "--child", contender, str(db_path), set_id, str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["bytes"] = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    return data


def main(argv: list[str] | None = None) -> int:
    """Measure every contender in rotating order; print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", nargs=4, metavar=("CONTENDER", "DB", "SET", "OUT"))
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    source, ids = cached_database(args.annotations)
    results: dict[str, list[dict[str, Any]]] = {c: [] for c in CONTENDERS}
    with tempfile.TemporaryDirectory(prefix="footnote-export-memory-") as tmp:
        root = Path(tmp)
        db_path = root / "set.db"
        shutil.copyfile(source, db_path)
        connect(db_path, migrate=True).close()  # the cache may predate newer migrations
        for round_index in range(args.rounds):
            order = (
                CONTENDERS[round_index % len(CONTENDERS) :]
                + CONTENDERS[: round_index % len(CONTENDERS)]
            )
            for contender in order:
                results[contender].append(run_child(contender, db_path, ids["set"], root))
    baseline = statistics.median(r["peak_mib"] for r in results["rows + json.dumps"])
    idle = statistics.median(r["peak_mib"] for r in results["idle"])
    print(
        f"Export memory: one set of {args.annotations:,} notes, {args.rounds} round(s), each "
        "contender in a fresh process; medians. Above idle = peak minus the idle process's peak.\n"
    )
    print(
        "| contender | peak RSS MiB | above idle MiB | peak vs baseline | above idle vs baseline "
        "| time s | CPU s | CPU vs baseline | bytes written |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    baseline_cpu = statistics.median(r["cpu"] for r in results["rows + json.dumps"])
    for contender in CONTENDERS:
        rows = results[contender]
        peak = statistics.median(r["peak_mib"] for r in rows)
        seconds = statistics.median(r["seconds"] for r in rows)
        cpu = statistics.median(r["cpu"] for r in rows)
        size = statistics.median(r["bytes"] for r in rows)
        print(
            f"| {contender} | {peak:.0f} | {peak - idle:.0f} | {peak / baseline:.2f}× "
            f"| {(peak - idle) / max(baseline - idle, 1e-9):.2f}× "
            f"| {seconds:.1f} | {cpu:.1f} | {cpu / baseline_cpu:.2f}× | {size:,.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
