"""The benchmarks in a tiny mode: their tables have the right shape and their accuracy holds.

Times are never asserted here (they belong to the printed tables); what is asserted is what a
benchmark must get right whatever the machine: both claim matchers find the same hits, and the
engine never anchors a quote in the wrong place.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CHROMIUM = Path("/usr/bin/chromium")

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "readability").is_dir(), reason=f"no shared corpus at {CORPUS}"
)
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("node") is None,
    reason="needs /usr/bin/chromium and node (scripts/ensure-browsers.sh installs them)",
)


def bench_module(name: str):
    """Import a module from bench/ (not an installed package) by its dotted name."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return importlib.import_module(name)


def run_bench(module: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def table_rows(output: str, header_start: str) -> list[list[str]]:
    """The body rows of the first Markdown table whose header starts with `header_start`."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@needs_corpus
def test_labels_are_deterministic_five_aliases_each_and_end_with_the_demo():
    labels_module = bench_module("bench.claims.labels")
    first = labels_module.generate(200)
    assert first == labels_module.generate(200)
    assert len(first) == 200
    assert first[-1] == labels_module.DEMO_LABEL
    assert all(sum(len(group) for group in label["all"]) == 5 for label in first[:-1])
    assert len({label["id"] for label in first}) == 200


@needs_corpus
def test_regex_baseline_agrees_with_the_engine_on_the_seed_article():
    from footnote.match import compile_labels, match_claims, page_text

    baseline = bench_module("bench.claims.baseline")
    labels_module = bench_module("bench.claims.labels")
    labels = [*labels_module.generate(300)[:-1], labels_module.DEMO_LABEL]
    page = page_text((CORPUS / "seed" / "meta-avocado-de.html").read_text(encoding="utf-8"))
    ours = match_claims(compile_labels(labels), page.text, "https://example.org/a", page.lang)
    theirs = baseline.regex_claims(baseline.compile_regexes(labels), page.text, page.lang)
    assert ours == theirs
    assert any(hit["id"] == labels_module.DEMO_LABEL["id"] for hit in ours)


@needs_corpus
def test_claims_benchmark_python_tiny(tmp_path):
    out = tmp_path / "claims.json"
    result = run_bench(
        "bench.claims.run",
        *("--labels", "500", "--pages", "2", "--repeats", "1", "--runtime", "python"),
        *("--json", str(out)),
    )
    assert result.returncode == 0, result.stderr
    summary = table_rows(result.stdout, "| runtime | pages |")
    assert [row[0] for row in summary] == ["Python"]
    assert summary[0][-1] == "yes"
    pages = table_rows(result.stdout, "| runtime | page |")
    assert len(pages) == 2
    data = json.loads(out.read_text())
    assert all(page["same"] for page in data["Python"]["pages"])
    assert sum(page["hits"] for page in data["Python"]["pages"]) > 0


@needs_corpus
@needs_chromium
def test_claims_benchmark_chromium_tiny(tmp_path):
    result = run_bench(
        "bench.claims.run",
        *("--labels", "300", "--pages", "1", "--repeats", "1", "--runtime", "chromium"),
    )
    assert result.returncode == 0, result.stderr
    summary = table_rows(result.stdout, "| runtime | pages |")
    assert [row[0] for row in summary] == ["Chromium"]
    assert summary[0][-1] == "yes"


@needs_corpus
@needs_chromium
def test_anchoring_benchmark_tiny(tmp_path):
    out = tmp_path / "anchoring.json"
    result = run_bench("bench.anchoring.run", "--pages", "2", "--quotes", "25", "--json", str(out))
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout, "| contender | cold ms/page |")
    assert [row[0] for row in rows] == [
        "Footnote",
        "dom-anchor-text-quote",
        "@apache-annotator/dom",
        "approx-string-match (Hypothesis)",
    ]
    summary = json.loads(out.read_text())
    assert summary["pages"] == 2
    for name, row in summary["contenders"].items():
        assert row["right"] + row["orphan"] + row["wrong"] == summary["quotes"], name
    ours = summary["contenders"]["Footnote"]
    assert ours["wrong"] == 0
    assert ours["right"] >= summary["contenders"]["dom-anchor-text-quote"]["right"]
    assert ours["right"] >= summary["contenders"]["@apache-annotator/dom"]["right"]


def test_run_all_describes_the_machine(capsys):
    run_all = bench_module("bench.run_all")
    facts = run_all.machine()
    assert {"cores", "cpu", "memory", "chromium", "python", "node"} <= facts.keys()
    assert int(facts["cores"]) >= 1
    assert run_all.main(["--only", "no-such-benchmark"]) == 0
    assert "## Machine" in capsys.readouterr().out
