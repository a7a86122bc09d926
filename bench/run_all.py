"""Run every benchmark under bench/ that exists and print each one's table (`make bench`).

Each benchmark runs in its own process and prints its own Markdown table; this script prints the
machine first, then each table under a heading, and exits non-zero when any benchmark did.
Run: `.venv/bin/python bench/run_all.py [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
PYTHON = sys.executable


def machine() -> dict[str, str]:
    """The facts a benchmark figure needs beside it: cores, CPU, memory, browser and runtimes."""
    facts = {"cores": str(os.cpu_count()), "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        facts["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        facts["cpu"] = platform.processor() or "unknown"
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        kib = int(next(x for x in meminfo.splitlines() if x.startswith("MemTotal")).split()[1])
        facts["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        facts["memory"] = "unknown"
    versions = {"chromium": ["/usr/bin/chromium", "--version"], "node": ["node", "-v"]}
    for name, command in versions.items():
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=30, check=False
            )
            facts[name] = result.stdout.strip() or "unknown"
        except (OSError, subprocess.TimeoutExpired):
            facts[name] = "not installed"
    return facts


def benchmarks() -> list[tuple[str, list[str]]]:
    """(name, command) of every benchmark present, ours first, in a stable order."""
    found: list[tuple[str, list[str]]] = []
    for name in ("anchoring", "claims", "approx"):
        if (BENCH / name / "run.py").is_file():
            found.append((name, [PYTHON, "-m", f"bench.{name}.run"]))
    for name in (
        *("sync_scale", "import_scale", "http_load", "read_cpu"),
        *("write_durability", "export_memory"),
    ):
        if (BENCH / f"{name}.py").is_file():
            found.append((name, [PYTHON, str(BENCH / f"{name}.py")]))
    for suffix, runner in ((".py", PYTHON), (".mjs", "node"), (".js", "node")):
        script = BENCH / f"content_script{suffix}"
        if script.is_file():
            found.append(("content_script", [runner, str(script)]))
            break
    return found


def main(argv: list[str] | None = None) -> int:
    """Print the machine, run the benchmarks one after another, report which failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="run only these benchmarks")
    args = parser.parse_args(argv)
    print("## Machine\n")
    for key, value in machine().items():
        print(f"- {key}: {value}")
    failed = []
    for name, command in benchmarks():
        if args.only and name not in args.only:
            continue
        print(f"\n## {name}\n", flush=True)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, check=False)
        print(f"\n({name}: {time.perf_counter() - started:.0f} s, exit {result.returncode})")
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
