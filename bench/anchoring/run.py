"""Anchoring benchmark: Footnote's engine against three quote anchoring libraries in Chromium.

For every page in ../shared/corpus/readability, quotes are picked deterministically on
source.html, described by each contender in its own way, edited alike (a typo, an inserted word)
and anchored on expected.html (same article, different DOM). Prints median time per page and
accuracy per contender. Run: `.venv/bin/python -m bench.anchoring.run [--pages N] [--quotes N]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.anchoring.browser import CORPUS, REPO, bundle, chromium, close_page, open_page

from footnote.match.anchor import SHORT_QUOTE

BASELINE = "dom-anchor-text-quote"
FOOTNOTE = "Footnote"
STRICT = "@apache-annotator/dom"
OUTCOMES = ("right", "orphan", "wrong")


def seed_for(name: str) -> int:
    """The same 32-bit FNV-1a seed the page script would derive from the page name."""
    value = 2166136261
    for ch in name:
        value = ((value ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return value


def corpus_pages(limit: int | None) -> list[Path]:
    """The readability pages that have both versions, sorted by name."""
    folder = CORPUS / "readability"
    pages = sorted(
        p
        for p in folder.iterdir()
        if (p / "source.html").is_file() and (p / "expected.html").is_file()
    )
    return pages[:limit] if limit else pages


def run(
    pages: list[Path], quotes_per_page: int, log: bool = True, profile: bool = False
) -> dict[str, Any]:
    """Describe and anchor the quotes of every page; return raw per-page results."""
    script = bundle(REPO / "bench" / "anchoring" / "page_entry.js", "anchoring")
    results: list[dict[str, Any]] = []
    with chromium() as browser:
        version = browser.version
        names: list[str] = []
        for index, folder in enumerate(pages):
            started = time.perf_counter()
            target = open_page(browser, folder / "expected.html", script)
            target_text = target.evaluate("FootnoteBench.modelText()")
            names = target.evaluate("FootnoteBench.contenders")
            close_page(target)
            source = open_page(browser, folder / "source.html", script)
            described = source.evaluate(
                "(arg) => FootnoteBench.describePage(arg)",
                {
                    "targetText": target_text,
                    "count": quotes_per_page,
                    "seed": seed_for(folder.name),
                },
            )
            close_page(source)
            order = names[index % len(names) :] + names[: index % len(names)]
            target = open_page(browser, folder / "expected.html", script)
            anchored = target.evaluate(
                "(arg) => FootnoteBench.anchorPage(arg)",
                {"quotes": described["quotes"], "order": order},
            )
            if profile:
                anchored["profile"] = target.evaluate(
                    "(arg) => FootnoteBench.profileFootnote(arg)", {"quotes": described["quotes"]}
                )
            close_page(target)
            results.append(
                {
                    "page": folder.name,
                    "quotes": [
                        {
                            "edit": q["edit"],
                            "absent": q["truth"] == "absent",
                            "occurrences": q.get("occurrences", 1),
                            "length": len(q["quote"]),
                        }
                        for q in described["quotes"]
                    ],
                    "skipped": described["skipped"],
                    **anchored,
                }
            )
            if log:
                took = time.perf_counter() - started
                times = ", ".join(
                    f"{n} {anchored['timings'][n]:.0f}/{anchored['warmTimings'][n]:.0f} ms"
                    for n in names
                )
                print(
                    f"  {folder.name}: {len(described['quotes'])} quotes, {took:.1f} s ({times})",
                    file=sys.stderr,
                    flush=True,
                )
    return {"chromium": version, "contenders": names, "pages": results}


def category(quote: dict[str, Any]) -> str:
    """The kind of a quote: absent, typo, insert or unchanged."""
    if quote["absent"]:
        return "absent"
    return {"none": "unchanged"}.get(quote["edit"], quote["edit"])


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    """Medians, accuracy counts per contender and per quote category, and disagreements."""
    summary: dict[str, Any] = {"contenders": {}, "categories": {}, "disagreements": []}
    for name in raw["contenders"]:
        times = [page["timings"][name] for page in raw["pages"]]
        counts: Counter[str] = Counter()
        by_category: dict[str, Counter[str]] = {}
        for page in raw["pages"]:
            for quote, outcome in zip(page["quotes"], page["outcomes"][name], strict=True):
                counts[outcome] += 1
                by_category.setdefault(category(quote), Counter())[outcome] += 1
        warm = [page["warmTimings"][name] for page in raw["pages"]]
        summary["contenders"][name] = {
            "median_ms": statistics.median(times) if times else 0.0,
            "median_warm_ms": statistics.median(warm) if warm else 0.0,
            "total_ms": sum(times),
            "errors": sum(page["errors"][name] for page in raw["pages"]),
            **{outcome: counts[outcome] for outcome in OUTCOMES},
        }
        summary["categories"][name] = {k: dict(v) for k, v in sorted(by_category.items())}
    if FOOTNOTE in raw["contenders"] and STRICT in raw["contenders"]:
        for page in raw["pages"]:
            pairs = zip(
                page["quotes"], page["outcomes"][STRICT], page["outcomes"][FOOTNOTE], strict=True
            )
            for i, (quote, strict, ours) in enumerate(pairs):
                # Held to the strict matcher only where a first match cannot be right by luck:
                # the quote occurs once (ignoring case) and is long enough that Footnote does
                # not ask for context support (docs/matching.md, SHORT_QUOTE = 32).
                fair = quote["occurrences"] == 1 and quote["length"] >= SHORT_QUOTE
                if (
                    fair
                    and category(quote) == "unchanged"
                    and strict == "right"
                    and ours != "right"
                ):
                    summary["disagreements"].append(
                        f"{page['page']} quote {i}: {STRICT} right, {FOOTNOTE} {ours}"
                    )
    summary["quotes"] = sum(len(page["quotes"]) for page in raw["pages"])
    summary["pages"] = len(raw["pages"])
    return summary


def table(summary: dict[str, Any]) -> str:
    """The Markdown tables: speed and accuracy per contender, then accuracy per quote category."""
    base = summary["contenders"].get(BASELINE, {})
    cold_base = base.get("median_ms") or 0.0
    warm_base = base.get("median_warm_ms") or 0.0
    lines = [
        f"Anchoring: {summary['pages']} pages, {summary['quotes']} quotes; median time to anchor "
        "all of a page's quotes, cold (fresh page) and warm (second pass, caches cleared); "
        "speed-up = dom-anchor-text-quote's median / the contender's",
        "",
        "| contender | cold ms/page | speed-up | warm ms/page | speed-up "
        "| right | orphaned | wrong | right % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in summary["contenders"].items():
        quotes = row["right"] + row["orphan"] + row["wrong"]
        cold = row["median_ms"]
        warm = row["median_warm_ms"]
        lines.append(
            f"| {name} | {cold:.1f} | {cold_base / cold if cold else 0:.1f}× | {warm:.1f} "
            f"| {warm_base / warm if warm else 0:.1f}× | {row['right']} | {row['orphan']} "
            f"| {row['wrong']} | {100 * row['right'] / max(1, quotes):.1f} |"
        )
    lines += ["", "| contender | quotes | right | orphaned | wrong |", "|---|---|---:|---:|---:|"]
    for name, categories in summary["categories"].items():
        for kind, counts in categories.items():
            lines.append(
                f"| {name} | {kind} | {counts.get('right', 0)} | {counts.get('orphan', 0)} "
                f"| {counts.get('wrong', 0)} |"
            )
    return "\n".join(lines)


def profile_table(raw: dict[str, Any]) -> str:
    """Markdown: Footnote's time per page split by phase (pageText, normalise, anchor kinds)."""
    phases = ("pageText", "prepare", "exact", "approximate", "orphan", "ranges")
    lines = [
        "| page | chars | " + " | ".join(f"{p} ms" for p in phases) + " | exact/approx/orphan |",
        "|---|---:|" + "---:|" * len(phases) + "---|",
    ]
    for page in raw["pages"]:
        p = page["profile"]
        counts = "/".join(str(p["counts"][k]) for k in ("exact", "approximate", "orphan"))
        cells = " | ".join(f"{p['profile'][phase]:.1f}" for phase in phases)
        lines.append(f"| {page['page']} | {p['chars']} | {cells} | {counts} |")
    totals = {
        phase: sum(page["profile"]["profile"][phase] for page in raw["pages"]) for phase in phases
    }
    lines.append("| all | | " + " | ".join(f"{totals[p]:.0f}" for p in phases) + " | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print its tables; exit 1 when Footnote anchors wrongly or falls behind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages")
    parser.add_argument("--quotes", type=int, default=200, help="quotes per page (default 200)")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary here")
    parser.add_argument("--profile", action="store_true", help="where Footnote's time goes")
    parser.add_argument("--only", nargs="*", default=None, help="only these page names")
    parser.add_argument(
        "--show-wrong", default=None, metavar="CONTENDER", help="print a contender's wrong anchors"
    )
    args = parser.parse_args(argv)
    if not (CORPUS / "readability").is_dir():
        print(f"anchoring benchmark skipped: no corpus at {CORPUS}", file=sys.stderr)
        return 0
    pages = corpus_pages(args.pages)
    if args.only:
        pages = [page for page in pages if page.name in args.only]
    raw = run(pages, args.quotes, profile=args.profile)
    if args.profile:
        print(profile_table(raw))
    if args.show_wrong:
        for page in raw["pages"]:
            for case in page["wrong"].get(args.show_wrong, []):
                print(
                    f"WRONG {page['page']} {json.dumps(case, ensure_ascii=False)}", file=sys.stderr
                )
    summary = summarise(raw)
    summary["chromium"] = raw["chromium"]
    print(table(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    problems = list(summary["disagreements"])
    ours = summary["contenders"].get(FOOTNOTE)
    if ours and ours["wrong"]:
        problems.append(f"{FOOTNOTE} anchored {ours['wrong']} quotes in the wrong place")
    for problem in problems[:20]:
        print(f"DISAGREEMENT: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
