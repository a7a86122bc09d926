"""Import at scale: 100,000 W3C annotations (one AnnotationCollection file) into a fresh set.

Each step runs in its own child process so its peak resident memory (ru_maxrss) is its own:
the baseline only reads and parses the file with `json.loads`; the import reads, converts,
validates and writes every record in one transaction (what `footnote import` and the API do).
Prints medians over the runs and the ratio of the import to the parse-only baseline.
Run: `.venv/bin/python bench/import_scale.py [--annotations N] [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
ANNO = "http://www.w3.org/ns/anno.jsonld"


def make_collection(path: Path, count: int) -> int:
    """Write a W3C collection of `count` varied annotations; return its size in bytes."""
    items = []
    for i in range(count):
        item: dict = {
            "id": f"https://annotations.example.org/anno/{i}",
            "type": "Annotation",
            "motivation": "commenting",
            "creator": {
                "id": f"https://annotations.example.org/users/u{i % 97}",
                "type": "Person",
                "name": f"user {i % 97}",
            },
            "created": "2026-10-01T12:00:00Z",
            "body": [
                {
                    "type": "TextualBody",
                    "value": f"Note {i}: this figure is out of date.",
                    "format": "text/plain",
                },
                {"type": "TextualBody", "purpose": "tagging", "value": f"tag{i % 13}"},
            ],
            "target": {
                "source": f"https://news.example.com/story/{i // 5}",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": f"quoted passage number {i}",
                        "prefix": "before the quote ",
                        "suffix": " after the quote",
                    },
                    {"type": "TextPositionSelector", "start": 100 + i % 900, "end": 125 + i % 900},
                ],
            },
        }
        if i % 10 == 0:
            item["rights"] = "https://creativecommons.org/licenses/by/4.0/"
        items.append(item)
    doc = {
        "@context": ANNO,
        "id": "https://annotations.example.org/collection/",
        "type": "AnnotationCollection",
        "total": count,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    text = json.dumps(doc)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def child_parse(path: str) -> dict:
    """Baseline: read and parse the file only."""
    started = time.perf_counter()
    doc = json.loads(Path(path).read_bytes())
    elapsed = time.perf_counter() - started
    assert doc["total"] > 0
    return {"seconds": elapsed}


def child_import(path: str, db_path: str) -> dict:
    """Read, convert, validate and write every record (one transaction)."""
    from footnote import store
    from footnote.db import connect
    from footnote.formats.importer import plan_import, run_import

    db = connect(db_path, migrate=True)
    user = store.create_user(db, "bench", "bench-password", hash_method="pbkdf2:sha256:1")
    found = store.create_set(db, user["id"], "Imported")
    started = time.perf_counter()
    plan = plan_import(Path(path).read_bytes(), "w3c")
    planned = time.perf_counter()
    summary = run_import(db, found["id"], plan, user["id"])
    finished = time.perf_counter()
    count = db.execute("SELECT count(*) FROM annotations").fetchone()[0]
    db.close()
    assert count == summary["imported"]
    return {
        "seconds": finished - started,
        "convert_validate": planned - started,
        "write": finished - planned,
        "imported": summary["imported"],
    }


def run_child(*args: str) -> dict:
    """Run this script as a child step; return its JSON result with its peak RSS."""
    output = subprocess.run(
        [PYTHON, __file__, "--child", *args], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Generate the file, run the baseline and the import `runs` times, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, *rest = args.child
        result = child_parse(*rest) if step == "parse" else child_import(*rest)
        result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="footnote-import-") as tmp:
        path = Path(tmp) / "collection.jsonld"
        size = make_collection(path, args.annotations)
        parses = [run_child("parse", str(path)) for _ in range(args.runs)]
        imports = []
        for run in range(args.runs):
            imports.append(run_child("import", str(path), str(Path(tmp) / f"import{run}.db")))

    def med(rows: list[dict], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    parse_s, import_s = med(parses, "seconds"), med(imports, "seconds")
    parse_mib, import_mib = med(parses, "peak_mib"), med(imports, "peak_mib")
    count = imports[0]["imported"]
    print(
        f"W3C AnnotationCollection of {count:,} annotations, {size / 1e6:.1f} MB; "
        f"medians of {args.runs} runs, each in a fresh process.\n"
    )
    print("| step | median time | per annotation | peak memory (RSS) | vs parse-only |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| parse only (json.loads, baseline) | {parse_s:.2f} s | "
        f"{parse_s / count * 1e6:.1f} µs | {parse_mib:,.0f} MiB | 1.0× time, 1.0× memory |"
    )
    print(
        f"| import: convert + validate | {med(imports, 'convert_validate'):.2f} s | "
        f"{med(imports, 'convert_validate') / count * 1e6:.1f} µs | | |"
    )
    print(
        f"| import: write (one transaction) | {med(imports, 'write'):.2f} s | "
        f"{med(imports, 'write') / count * 1e6:.1f} µs | | |"
    )
    print(
        f"| import, total | {import_s:.2f} s | {import_s / count * 1e6:.1f} µs | "
        f"{import_mib:,.0f} MiB | {import_s / parse_s:.1f}× time, "
        f"{import_mib / parse_mib:.1f}× memory |"
    )
    print(f"\nThroughput: {count / import_s:,.0f} annotations per second.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
