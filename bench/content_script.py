"""Content-script benchmark: main-thread time the extension adds to the ten largest corpus pages.

The extension follows one static set file holding 10,000 claim labels (bench/claims/labels.py,
the demo label included) and 200 notes (20 quotes on each page). Each page is loaded in headless
Chromium with the extension and in a second Chromium without it; the CPU time of the renderer's main
thread (CDP Performance.getMetrics ThreadTime) is taken after the page settles. The difference is
what the content script costs the page: reading text, the round trip to the background worker
(where matching runs, off the page's thread), and drawing marks. Also printed: the time from
navigation to the marks being on the page (the reader's wait, background matching included), and,
from separate loads under a CPU profile, the extension's own JavaScript time on the page's main
thread: "added" subtracts two browsers' loads and so carries the page's own variance, while the
profile counts only samples with an extension script on the stack (it leaves out the style and
layout the browser does later for the marks, which "added" includes).
Run: `.venv/bin/python bench/content_script.py [--pages 10] [--labels 10000] [--repeats 5]`.
`--before DIR` also loads a second build of the extension (another checkout's `extension/dist`)
in a third browser, measured in the same loop, so a change is compared with what it replaces in
one run: the table gains its added time and the ratio after/before.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.anchoring.browser import ARGS, corpus_relative  # noqa: E402  (Chromium flags, URLs)
from bench.claims.labels import generate  # noqa: E402
from bench.claims.run import largest_pages  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from footnote.match import page_text  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
EXTENSION = REPO / "extension" / "dist"
TARGET_MS = 30.0
# CPU time of the renderer's main thread (CDP Performance.getMetrics "ThreadTime"): unlike the
# wall-clock "TaskDuration" it does not grow when other processes compete for the two cores.
METRIC = "ThreadTime"
NOTES_PER_PAGE = 20
SETTLE_MS = 2000
VERDICTS = ["false", "misleading", "disputed", "missing-context", "unproven", "correct", "satire"]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stays quiet."""


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """A loopback HTTP server for `root` (corpus pages and the set file)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def claim_annotation(label: dict, index: int) -> dict:
    """A generated label as a W3C annotation with Footnote's claim selector."""
    selector = {key: label[key] for key in ("all", "highlight", "window", "languages")}
    return {
        "id": f"urn:footnote-bench:label:{label['id']}",
        "type": "Annotation",
        "kind": "claim",
        "motivation": "assessing",
        "verdict": VERDICTS[index % len(VERDICTS)],
        "body": [
            {"type": "TextualBody", "value": f"Benchmark label {index}.", "purpose": "describing"}
        ],
        "target": {"selector": {"type": "ClaimPatternSelector", **selector}},
    }


def note_annotations(url: str, text: str, rng: random.Random, page_index: int) -> list[dict]:
    """Twenty notes quoting 30-80 characters of the page text at deterministic places."""
    notes = []
    for n in range(NOTES_PER_PAGE):
        start = rng.randrange(0, max(1, len(text) - 100))
        length = rng.randrange(30, 80)
        exact = text[start : start + length].strip()
        if not exact:
            continue
        begin = text.find(exact, start)
        notes.append(
            {
                "id": f"urn:footnote-bench:note:{page_index}-{n}",
                "type": "Annotation",
                "motivation": "commenting",
                "body": {"type": "TextualBody", "value": f"Benchmark note {n}."},
                "target": {
                    "source": url,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": exact,
                            "prefix": text[max(0, begin - 32) : begin],
                            "suffix": text[begin + len(exact) : begin + len(exact) + 32],
                        }
                    ],
                },
            }
        )
    return notes


def following(driver, profile: Path, extension: Path, base: str) -> tuple[object, float]:
    """A Chromium with `extension` loaded that follows the benchmark set; (context, follow ms)."""
    ext = str(extension)
    context = driver.chromium.launch_persistent_context(
        str(profile),
        executable_path="/usr/bin/chromium",
        headless=True,
        args=[*ARGS, f"--disable-extensions-except={ext}", f"--load-extension={ext}"],
    )
    worker = context.service_workers[0] if context.service_workers else None
    worker = worker or context.wait_for_event("serviceworker")
    ext_id = worker.url.split("/")[2]
    options = context.new_page()
    options.goto(f"chrome-extension://{ext_id}/options.html")
    started = time.perf_counter()
    reply = options.evaluate(
        "(url) => chrome.runtime.sendMessage({type: 'footnote/follow-static', url})",
        f"{base}/bench-set.jsonld",
    )
    follow_ms = 1000 * (time.perf_counter() - started)
    assert reply.get("status") == "ok", reply
    return context, follow_ms


def main_thread_ms(context, url: str) -> tuple[float, int]:
    """Loads a page, lets it settle, and returns (renderer main-thread task ms, marks drawn).

    Nothing polls the page while it is measured, so both browsers do exactly the same work
    apart from the extension's.
    """
    page = context.new_page()
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")  # counts the renderer's main-thread tasks from here on
    page.goto(url, wait_until="load")
    page.wait_for_timeout(SETTLE_MS)
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.detach()
    marks = page.evaluate("() => document.querySelectorAll('footnote-mark').length")
    page.close()
    return 1000 * metrics[METRIC], marks


def own_script_ms(context, url: str, base: str) -> float:
    """Milliseconds of the extension's own JavaScript on the page's main thread during one load.

    A CPU profile (CDP Profiler, 200 µs samples) of the load and the settle time; a sample counts
    when a frame of its stack is an extension script (chrome-extension://: content.js and the
    bundles it loads, DOM calls made from them included). Only the browser with the extension
    is measured, so the page's own variance (what "added" also carries) is left out. The page
    first opens a blank page of the same site, so the profiled renderer is the article's.
    """
    page = context.new_page()
    page.goto(f"{base}/blank.html")
    session = page.context.new_cdp_session(page)
    session.send("Profiler.enable")
    session.send("Profiler.setSamplingInterval", {"interval": 200})
    session.send("Profiler.start")
    page.goto(url, wait_until="load")
    page.wait_for_timeout(SETTLE_MS)
    profile = session.send("Profiler.stop")["profile"]
    session.detach()
    page.close()
    ours: dict[int, bool] = {}
    children: dict[int, list[int]] = {}
    for node in profile["nodes"]:
        children[node["id"]] = node.get("children", [])
        ours[node["id"]] = node["callFrame"]["url"].startswith("chrome-extension://")
    stack = [n["id"] for n in profile["nodes"] if ours[n["id"]]]
    while stack:  # any depth below an extension frame
        for child in children[stack.pop()]:
            if not ours[child]:
                ours[child] = True
                stack.append(child)
    deltas = profile["timeDeltas"]
    spent = sum(deltas[i + 1] for i, node in enumerate(profile["samples"][:-1]) if ours[node])
    return spent / 1000


def drawn_after_ms(context, url: str) -> float | None:
    """Milliseconds from navigation start until the first mark is on the page (None: no marks)."""
    page = context.new_page()
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function(
            "() => document.querySelector('footnote-mark') !== null",
            polling=20,
            timeout=SETTLE_MS * 3,
        )
        drawn = page.evaluate("() => performance.now()")
    except PlaywrightTimeout:  # a page with nothing to draw
        drawn = None
    page.close()
    return drawn


def main(argv: list[str] | None = None) -> int:
    """Builds the set, runs both browsers over the pages and prints the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--labels", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--before", type=Path, help="another build's extension/dist, measured in the same run"
    )
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: the shared corpus is absent ({CORPUS})")
        return 0
    subprocess.run(["node", "extension/build.mjs"], cwd=REPO, check=True, capture_output=True)

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "corpus").symlink_to(CORPUS)
        server, base = serve(root)
        pages = largest_pages(args.pages)
        urls = [f"{base}/corpus/{corpus_relative(p)}" for p in pages]
        rng = random.Random(20261128)
        items = [claim_annotation(label, i) for i, label in enumerate(generate(args.labels))]
        for index, (path, url) in enumerate(zip(pages, urls, strict=True)):
            text = page_text(path.read_text(encoding="utf-8")).text
            items.extend(note_annotations(url, text, rng, index))
        notes = sum(1 for item in items if "kind" not in item)
        collection = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"{base}/bench-set.jsonld",
            "type": "AnnotationCollection",
            "label": "Benchmark set",
            "first": {"type": "AnnotationPage", "items": items},
        }
        (root / "bench-set.jsonld").write_text(json.dumps(collection))
        (root / "blank.html").write_text("<!doctype html><title>blank</title>")

        rows = []
        with sync_playwright() as driver:
            with_ext, follow_ms = following(driver, root / "with", EXTENSION, base)
            before = None
            if args.before:
                before = following(driver, root / "before", args.before, base)[0]
            without = driver.chromium.launch_persistent_context(
                str(root / "without"), executable_path="/usr/bin/chromium", headless=True, args=ARGS
            )
            for url in urls:  # warm the browsers' caches and the workers' compiled labels
                main_thread_ms(with_ext, url)
                main_thread_ms(without, url)
                if before:
                    main_thread_ms(before, url)
            for path, url in zip(pages, urls, strict=True):
                base_ms, ext_ms, before_ms, drawn_ms, marks = [], [], [], [], 0
                own_ms, own_before_ms = [], []
                for _ in range(args.repeats):
                    own_ms.append(own_script_ms(with_ext, url, base))
                    if before:
                        own_before_ms.append(own_script_ms(before, url, base))
                    base_ms.append(main_thread_ms(without, url)[0])
                    spent, marks = main_thread_ms(with_ext, url)
                    ext_ms.append(spent)
                    if before:
                        before_ms.append(main_thread_ms(before, url)[0])
                    drawn = drawn_after_ms(with_ext, url)
                    if drawn is not None:
                        drawn_ms.append(drawn)
                rows.append(
                    {
                        "page": path.parent.name,
                        "chars": len(page_text(path.read_text(encoding="utf-8")).text),
                        "marks": marks,
                        "without": statistics.median(base_ms),
                        "with": statistics.median(ext_ms),
                        "drawn": statistics.median(drawn_ms) if drawn_ms else None,
                        "before": statistics.median(before_ms) if before_ms else None,
                        "own": statistics.median(own_ms),
                        "own before": statistics.median(own_before_ms) if own_before_ms else None,
                    }
                )
            with_ext.close()
            without.close()
            if before:
                before.close()
        server.shutdown()

    print(
        f"Content script on the {len(rows)} largest corpus pages; {args.labels} claim labels and "
        f"{notes} notes followed (one static set file, fetched and stored in {follow_ms:.0f} ms); "
        f"median of {args.repeats} loads each\n"
    )
    print(
        "| page | page text (chars) | marks | main thread without (ms) | with (ms) | added (ms) "
        "| marks drawn after (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        drawn = f"{row['drawn']:.0f}" if row["drawn"] is not None else "–"
        print(
            f"| {row['page']} | {row['chars']} | {row['marks']} | {row['without']:.1f} | "
            f"{row['with']:.1f} | {row['with'] - row['without']:+.1f} | {drawn} |"
        )
    if args.before:
        print(f"\nThe same pages with the build in {args.before}, measured in the same loop:\n")
        print("| page | added before (ms) | added now (ms) | now ÷ before (main thread) |")
        print("|---|---:|---:|---:|")
        for row in rows:
            print(
                f"| {row['page']} | {row['before'] - row['without']:+.1f} | "
                f"{row['with'] - row['without']:+.1f} | {row['with'] / row['before']:.2f} |"
            )
        earlier = statistics.median(r["before"] - r["without"] for r in rows)
        print(f"\nMedian added main-thread time before: {earlier:.1f} ms per page.")
    print(
        "\nThe extension's own JavaScript on the page's main thread (CPU profile samples with an "
        "extension frame on the stack; median of the loads):\n"
    )
    if args.before:
        print("| page | before (ms) | now (ms) | now ÷ before |")
        print("|---|---:|---:|---:|")
        for row in rows:
            ratio = row["own"] / row["own before"] if row["own before"] else float("nan")
            print(f"| {row['page']} | {row['own before']:.1f} | {row['own']:.1f} | {ratio:.2f} |")
        own_earlier = statistics.median(r["own before"] for r in rows)
        print(f"\nMedian own script time before: {own_earlier:.1f} ms per page.")
    else:
        print("| page | own script (ms) |")
        print("|---|---:|")
        for row in rows:
            print(f"| {row['page']} | {row['own']:.1f} |")
    own = statistics.median(r["own"] for r in rows)
    print(f"Median own script time: {own:.1f} ms per page.")
    added = statistics.median(r["with"] - r["without"] for r in rows)
    ratio = statistics.median(r["with"] / r["without"] for r in rows if r["without"])
    verdict = "meets" if added < TARGET_MS else "misses"
    print(
        f"\nMedian added main-thread time: {added:.1f} ms per page (ratio with/without "
        f"{ratio:.2f}); target < {TARGET_MS:.0f} ms: {verdict} it."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
