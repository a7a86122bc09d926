"""What durable commits cost: annotation writes per second with SQLite `synchronous=NORMAL`
against `synchronous=FULL`, both in WAL mode, on the same disk in the same run.

In WAL mode NORMAL syncs the log only at checkpoints, so a power loss can take back the last
acknowledged commits; FULL syncs the log on every commit (what `footnote.db.connect` uses now).
Each round writes `--writes` annotations one transaction each (`store.create_annotation`, what
`POST /api/sets/<id>/annotations` does) into a fresh database with a seeded set of
`--annotations`, alternating the settings round by round. A third row writes the same from
`--threads` threads at once through group commit (`footnote.transaction.GroupCommit`, what the
service does): FULL, so every write is durable when acknowledged, but concurrent writes share
one fsync; it also gives the mean number of writes per commit.
Run: `.venv/bin/python bench/write_durability.py [--writes 300] [--rounds 3] [--annotations 1000]
[--threads 8]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

SETTINGS = ("NORMAL", "FULL")
GROUPED = "FULL, group commit"


def seeded_db(path: Path, annotations: int) -> tuple[str, str]:
    """A database with one set of `annotations` notes; returns (set id, user id)."""
    from footnote import store, validation
    from footnote.db import connect

    db = connect(path, migrate=True)
    user = store.create_user(db, "bench", None)
    found = store.create_set(db, user["id"], "Bench", visibility="public")
    item = validation.validate_annotation(
        {"target": {"source": "https://example.com/seed"}, "body": {"value": "seed " * 20}}
    )
    store.create_many(db, found["id"], [item] * annotations, user["id"])
    db.close()
    return found["id"], user["id"]


def write_round(path: Path, setting: str, set_id: str, user_id: str, writes: int) -> list[float]:
    """Seconds per acknowledged write, one transaction each, under `synchronous=setting`."""
    from footnote import store, validation
    from footnote.db import connect

    db = connect(path)
    db.execute(f"PRAGMA synchronous = {setting}")
    item = validation.validate_annotation(
        {"target": {"source": "https://example.com/new"}, "body": {"value": "a new note " * 8}}
    )
    times = []
    for _ in range(writes):
        started = time.perf_counter()
        store.create_annotation(db, set_id, item, user_id)
        times.append(time.perf_counter() - started)
    db.close()
    return times


def grouped_round(
    path: Path, set_id: str, user_id: str, writes: int, threads: int
) -> tuple[list[float], float, int]:
    """`writes` acknowledged writes from `threads` threads through one GroupCommit (FULL):
    seconds per write, the round's wall time, and how many commits carried them."""
    from footnote import store, validation
    from footnote.db import connect
    from footnote.transaction import GroupCommit

    commits = [0]

    def open_db():
        db = connect(path)
        db.conn.set_trace_callback(
            lambda sql: sql == "COMMIT" and commits.__setitem__(0, commits[0] + 1)
        )
        return db

    committer = GroupCommit(open_db, turn_path=f"{path}-turn")
    item = validation.validate_annotation(
        {"target": {"source": "https://example.com/new"}, "body": {"value": "a new note " * 8}}
    )
    times: list[float] = []

    def writer(count: int) -> None:
        for _ in range(count):
            started = time.perf_counter()
            committer.run(lambda db: store.create_annotation(db, set_id, item, user_id))
            times.append(time.perf_counter() - started)

    shares = [writes // threads + (i < writes % threads) for i in range(threads)]
    pool = [threading.Thread(target=writer, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return times, time.perf_counter() - started, commits[0]


def main(argv: list[str] | None = None) -> int:
    """Alternate NORMAL and FULL rounds on fresh databases; print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--annotations", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8, help="writers for group commit")
    args = parser.parse_args(argv)

    modes = (*SETTINGS, GROUPED)
    per_write: dict[str, list[float]] = {s: [] for s in modes}
    totals: dict[str, list[float]] = {s: [] for s in modes}
    commits = 0
    with tempfile.TemporaryDirectory(prefix="footnote-durability-") as tmp:
        for round_number in range(args.rounds):
            order = modes if round_number % 2 == 0 else modes[::-1]
            for setting in order:
                path = Path(tmp) / f"{setting.split(',')[0]}-{len(setting)}-{round_number}.db"
                set_id, user_id = seeded_db(path, args.annotations)
                if setting == GROUPED:
                    times, elapsed, count = grouped_round(
                        path, set_id, user_id, args.writes, args.threads
                    )
                    commits += count
                    totals[setting].append(args.writes / elapsed)
                else:
                    times = write_round(path, setting, set_id, user_id, args.writes)
                    totals[setting].append(args.writes / sum(times))
                per_write[setting].extend(times)

    print(
        f"Durable commits: {args.rounds} rounds × {args.writes} annotation writes (one "
        f"transaction each) per setting, WAL mode, set of {args.annotations:,} annotations, "
        f"databases in {tempfile.gettempdir()}\n"
    )
    print("| synchronous | writes/s (median round) | p50 ms/write | p99 ms/write | vs NORMAL |")
    print("|---|---:|---:|---:|---:|")
    base = statistics.median(totals["NORMAL"])
    for setting in modes:
        rate = statistics.median(totals[setting])
        ordered = sorted(per_write[setting])
        p50 = ordered[len(ordered) // 2] * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        name = f"{setting} ({args.threads} threads)" if setting == GROUPED else setting
        print(f"| {name} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {rate / base:.2f}× |")
    print(
        f"\nGroup commit: {args.rounds * args.writes / commits:.1f} writes per commit on average "
        f"({commits:,} commits for {args.rounds * args.writes:,} writes)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
