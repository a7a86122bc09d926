"""Claims benchmark: one Aho-Corasick pass against one regular expression per alias.

10,000 labels of five aliases (bench/claims/labels.py, the demo label included) over the ten
corpus pages with the most page text, in Python and in headless Chromium. Prints the median time
per page of each approach, their ratio, and whether both found exactly the same hits.
Run: `.venv/bin/python -m bench.claims.run [--labels N] [--pages N] [--runtime python|chromium]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.anchoring.browser import CORPUS, REPO, bundle, chromium, close_page, open_page
from bench.claims.baseline import compile_regexes, regex_claims
from bench.claims.labels import generate

from footnote.match import compile_labels, match_claims, page_text

URL_BASE = "http://corpus.invalid/"


def largest_pages(count: int) -> list[Path]:
    """The `count` readability pages with the longest page text (source.html)."""
    sizes = []
    for path in sorted((CORPUS / "readability").glob("*/source.html")):
        sizes.append(
            (len(page_text(path.read_text(encoding="utf-8")).text), path.parent.name, path)
        )
    sizes.sort(key=lambda row: (-row[0], row[1]))
    return [path for _, _, path in sizes[:count]]


def page_url(path: Path) -> str:
    """The made-up URL a page is served at (the same in both runtimes)."""
    return URL_BASE + path.resolve().relative_to(CORPUS.resolve()).as_posix()


def _key(hit: dict) -> str:
    return f"{hit['id']}@{hit['start']}-{hit['end']}"


def run_python(labels: list[dict], pages: list[Path], repeats: int) -> dict[str, Any]:
    """Compile both ways once, then time each page `repeats` times with each approach."""
    started = time.perf_counter()
    matcher = compile_labels(labels)
    compile_ms = 1000 * (time.perf_counter() - started)
    started = time.perf_counter()
    regexes = compile_regexes(labels)
    regex_compile_ms = 1000 * (time.perf_counter() - started)
    rows = []
    for path in pages:
        page = page_text(path.read_text(encoding="utf-8"))
        url = page_url(path)
        automaton_ms, regex_ms = [], []
        hits: list[dict] = []
        expected: list[dict] = []
        for _ in range(repeats):
            started = time.perf_counter()
            hits = match_claims(matcher, page.text, url, page.lang)
            automaton_ms.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            expected = regex_claims(regexes, page.text, page.lang)
            regex_ms.append(1000 * (time.perf_counter() - started))
        ours, theirs = {_key(h) for h in hits}, {_key(h) for h in expected}
        rows.append(
            {
                "page": path.parent.name,
                "chars": len(page.text),
                "hits": len(hits),
                "labelsHit": len({h["id"] for h in hits}),
                "automatonMs": automaton_ms,
                "regexMs": regex_ms,
                "onlyAutomaton": sorted(ours - theirs)[:5],
                "onlyRegex": sorted(theirs - ours)[:5],
                "same": ours == theirs,
            }
        )
    return {"compileMs": compile_ms, "regexCompileMs": regex_compile_ms, "pages": rows}


def run_chromium(labels: list[dict], pages: list[Path], repeats: int) -> dict[str, Any]:
    """The same in headless Chromium, with the engine and the baseline bundled by esbuild."""
    script = bundle(REPO / "bench" / "claims" / "page_entry.js", "claims")
    rows = []
    compile_ms, regex_compile_ms = [], []
    with chromium() as browser:
        version = browser.version
        for path in pages:
            page = open_page(browser, path, script)
            row = page.evaluate(
                "(arg) => FootnoteClaimsBench.runPage(arg)",
                {"labels": labels, "repeats": repeats, "url": page_url(path)},
            )
            close_page(page)
            compile_ms.append(row.pop("compileMs"))
            regex_compile_ms.append(row.pop("regexCompileMs"))
            rows.append({"page": path.parent.name, **row})
    return {
        "chromium": version,
        "compileMs": statistics.median(compile_ms),
        "regexCompileMs": statistics.median(regex_compile_ms),
        "pages": rows,
    }


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """Median per page for each approach, their ratio, and whether every page agreed."""
    automaton = statistics.median(statistics.median(r["automatonMs"]) for r in result["pages"])
    regex = statistics.median(statistics.median(r["regexMs"]) for r in result["pages"])
    return {
        "automaton_ms": automaton,
        "regex_ms": regex,
        "speedup": regex / automaton if automaton else float("inf"),
        "same": all(r["same"] for r in result["pages"]),
        "hits": sum(r["hits"] for r in result["pages"]),
    }


def table(results: dict[str, dict[str, Any]], labels: int) -> str:
    """Markdown: a summary row per runtime, then every page."""
    lines = [
        f"Claims: {labels} labels, {labels * 5}+ aliases; median time per page "
        "(automaton = compile_labels once + match_claims per page; regex = one pattern per alias)",
        "",
        "| runtime | pages | automaton ms/page | regex ms/page | speed-up | hits | same hits |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for runtime, result in results.items():
        s = summarise(result)
        lines.append(
            f"| {runtime} | {len(result['pages'])} | {s['automaton_ms']:.2f} | {s['regex_ms']:.1f} "
            f"| {s['speedup']:.0f}× | {s['hits']} | {'yes' if s['same'] else 'NO'} |"
        )
    lines += [
        "",
        "| runtime | page | chars | hits | labels hit | automaton ms | regex ms | speed-up "
        "| same |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for runtime, result in results.items():
        for r in result["pages"]:
            a = statistics.median(r["automatonMs"])
            b = statistics.median(r["regexMs"])
            lines.append(
                f"| {runtime} | {r['page']} | {r['chars']} | {r['hits']} | {r['labelsHit']} "
                f"| {a:.2f} | {b:.1f} | {b / a if a else float('inf'):.0f}× "
                f"| {'yes' if r['same'] else 'NO'} |"
            )
    lines.append("")
    for runtime, result in results.items():
        lines.append(
            f"{runtime}: compiling the labels took {result['compileMs']:.0f} ms (automaton) and "
            f"{result['regexCompileMs']:.0f} ms (regexes), once, not counted per page."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print its tables; exit 1 when the two approaches found different hits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=10_000, help="number of labels")
    parser.add_argument("--pages", type=int, default=10, help="the N pages with the most text")
    parser.add_argument("--repeats", type=int, default=3, help="runs per page and approach")
    parser.add_argument("--runtime", choices=["python", "chromium", "both"], default="both")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if not (CORPUS / "readability").is_dir():
        print(f"claims benchmark skipped: no corpus at {CORPUS}", file=sys.stderr)
        return 0
    labels = generate(args.labels)
    pages = largest_pages(args.pages)
    results: dict[str, dict[str, Any]] = {}
    if args.runtime in ("python", "both"):
        results["Python"] = run_python(labels, pages, args.repeats)
    if args.runtime in ("chromium", "both"):
        results["Chromium"] = run_chromium(labels, pages, args.repeats)
    print(table(results, args.labels))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    failed = False
    for runtime, result in results.items():
        for r in result["pages"]:
            if not r["same"]:
                failed = True
                print(
                    f"DISAGREEMENT {runtime} {r['page']}: automaton only {r['onlyAutomaton']}, "
                    f"regex only {r['onlyRegex']}",
                    file=sys.stderr,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
