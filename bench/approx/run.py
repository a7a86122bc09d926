"""Approximate quote search on a 1 MB repetitive page: Python (edlib scan, and the pure Python
scan it replaced) against the JavaScript engine on the same quotes.

The page is the largest corpus page's text repeated to `--size` characters, then a second page's
text once. Quotes (sentences of 60-200 characters) are described on that page and given a typo
(two letters swapped) or an inserted word: half from the repeated text (found in every copy, so
they orphan after the full search), half from the part that occurs once (they anchor). Each
runtime anchors every quote once after the page is prepared; the tables give the median time per
quote and its ratio to JavaScript's, and the script exits 1 unless all three give the same
results. Run: `.venv/bin/python -m bench.approx.run [--size 1000000] [--quotes 20]
[--before-quotes 6] [--json F]`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.anchoring.browser import CORPUS, REPO

from footnote.match import anchor, myers
from footnote.match.page import page_text

REPEATED, ONCE = "wikipedia-2", "clean-links"


def build_page(size: int) -> tuple[str, int]:
    """The page text and where its part that occurs once starts."""
    base = page_text((CORPUS / "readability" / REPEATED / "source.html").read_text("utf-8")).text
    once = page_text((CORPUS / "readability" / ONCE / "source.html").read_text("utf-8")).text
    copies = max(1, size // (len(base) + 1))
    text = (base + "\n") * copies
    return text + once, len(text)


def pick_quotes(text: str, once_at: int, count: int) -> list[dict]:
    """`count` edited quotes, half from the repeated part's third copy, half from the rest."""
    rng = random.Random(13)
    sentences = [m.span() for m in re.finditer(r"[^.\n]{60,200}\.", text)]
    repeated = [s for s in sentences if s[1] < once_at]
    single = [s for s in sentences if s[0] >= once_at]
    quotes = []
    for pool in (repeated, single):
        for start, end in rng.sample(pool, min(len(pool), count // 2)):
            quote, position = anchor.describe_quote(text, start, end)
            exact = quote["exact"]
            if rng.random() < 0.5:
                i = len(exact) // 2
                exact = exact[:i] + exact[i + 1] + exact[i] + exact[i + 2 :]
            else:
                i = exact.find(" ", len(exact) // 2)
                exact = exact[:i] + " really" + exact[i:]
            quotes.append(
                {
                    "exact": exact,
                    "prefix": quote["prefix"],
                    "suffix": quote["suffix"],
                    "start": position["start"],
                    "end": position["end"],
                }
            )
    return quotes


def run_python(text: str, quotes: list[dict]) -> list[tuple[float, dict | None]]:
    """(ms, result) per quote, the page prepared first."""
    anchor._cache.clear()
    anchor.prepare(text).encoded()
    rows = []
    for quote in quotes:
        started = time.perf_counter()
        found = anchor.anchor_quote(text, quote)
        rows.append((1000 * (time.perf_counter() - started), found))
    return rows


def run_js(text: str, quotes: list[dict]) -> list[tuple[float, dict | None]]:
    """(ms, result) per quote from Node (extension/src/match)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as handle:
        json.dump({"text": text, "quotes": quotes}, handle)
        handle.flush()
        out = subprocess.run(
            ["node", str(REPO / "bench" / "approx" / "anchor_quotes.mjs"), handle.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return [(row["ms"], row["result"]) for row in json.loads(out)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quotes", type=int, default=20)
    parser.add_argument("--before-quotes", type=int, default=6)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not (CORPUS / "readability" / REPEATED).is_dir():
        print(f"no corpus at {CORPUS}: skipped")
        return 0
    text, once_at = build_page(args.size)
    quotes = pick_quotes(text, once_at, args.quotes)
    js = run_js(text, quotes)
    after = run_python(text, quotes)
    # The pure Python scan (before): a subset, half from each part, since it is slow.
    half = args.before_quotes // 2
    subset = list(range(half)) + list(range(len(quotes) // 2, len(quotes) // 2 + half))
    compiled = myers.edlib
    myers.edlib = None
    try:
        before = run_python(text, [quotes[i] for i in subset])
    finally:
        myers.edlib = compiled
    same_after = [r for _, r in after] == [r for _, r in js]
    same_before = [r for _, r in before] == [after[i][1] for i in subset]
    js_median = statistics.median(ms for ms, _ in js)
    js_subset = statistics.median(js[i][0] for i in subset)
    rows = [
        ("JavaScript (extension/src/match)", len(js), js_median, js_median, "—"),
        (
            "Python, edlib scan (now)",
            len(after),
            statistics.median(ms for ms, _ in after),
            js_median,
            "yes" if same_after else "NO",
        ),
        (
            "Python, pure Python scan (before)",
            len(before),
            statistics.median(ms for ms, _ in before),
            js_subset,
            "yes" if same_before else "NO",
        ),
    ]
    anchored = sum(r is not None for _, r in after)
    print(
        f"Approximate search: page of {len(text):,} characters ({REPEATED} repeated, "
        f"{ONCE} once), {len(quotes)} edited quotes ({anchored} anchor, the rest orphan); "
        "median ms per quote, ratio = Python / JavaScript on the same quotes\n"
    )
    print("| runtime | quotes | median ms/quote | × JavaScript | same results |")
    print("|---|---:|---:|---:|---|")
    for name, count, median, baseline, same in rows:
        print(f"| {name} | {count} | {median:.1f} | {median / baseline:.2f}× | {same} |")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows}, indent=2), encoding="utf-8")
    return 0 if same_after and same_before else 1


if __name__ == "__main__":
    sys.exit(main())
