"""Which HTML parser gives Python the page text Chromium gives? Speed and agreement per parser.

For every corpus page (source.html and expected.html), Chromium parses the page (its scripts
blocked) and the engine's JavaScript `pageText` reads the DOM it built: that text is the
reference. Python's `page_text` then runs with each parser; a page agrees when the normalised
texts are equal (white space runs read as one space, as the corpus parity test compares) and
agrees exactly when the page texts are identical. Times are Python's parse-and-extract time
over all pages, best of `--rounds`.

    FOOTNOTE_SHARED=../shared .venv/bin/python -m bench.page_text.run [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import time
from pathlib import Path

from bench.anchoring.browser import CORPUS, OUT, bundle, chromium, close_page, open_page

from footnote.match import normalize, page_text

PARSERS = ["html.parser", "html5lib", "lexbor"]
if importlib.util.find_spec("html5lib") is None:  # measured when installed, not a dependency
    PARSERS.remove("html5lib")
HERE = Path(__file__).resolve().parent


def comparable(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text).text).strip()


def reference_texts(pages: list[Path]) -> dict[Path, str]:
    """Chromium's page texts, kept in bench/out/ (delete the file to read them again)."""
    cache = OUT / "page_text_reference.json"
    known = json.loads(cache.read_text("utf-8")) if cache.is_file() else {}
    missing = [p for p in pages if str(p.relative_to(CORPUS)) not in known]
    if missing:
        script = bundle(HERE / "page_entry.js", "page_text_entry")
        with chromium() as browser:
            for path in missing:
                page = open_page(browser, path, script)
                known[str(path.relative_to(CORPUS))] = page.evaluate(
                    "() => window.footnotePageText().text"
                )
                close_page(page)
        cache.write_text(json.dumps(known), "utf-8")
    return {p: known[str(p.relative_to(CORPUS))] for p in pages}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = sorted((CORPUS / "readability").glob("*/source.html")) + sorted(
        (CORPUS / "readability").glob("*/expected.html")
    )
    htmls = {p: p.read_text("utf-8", errors="replace") for p in pages}
    reference = reference_texts(pages)
    print(f"{len(pages)} corpus pages; reference: Chromium's DOM read by pageText")
    print("| parser | total time (s) | ms per page | pages agreeing | pages identical |")
    print("|---|---|---|---|---|")
    for name in PARSERS:
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            texts = {p: page_text(htmls[p], parser=name).text for p in pages}
            best = min(best, time.perf_counter() - start)
        agree = sum(comparable(texts[p]) == comparable(reference[p]) for p in pages)
        same = sum(texts[p] == reference[p] for p in pages)
        differ = [p.parent.name + "/" + p.name for p in pages if texts[p] != reference[p]]
        print(
            f"| {name} | {best:.2f} | {1000 * best / len(pages):.1f} | {agree} / {len(pages)} "
            f"| {same} / {len(pages)} |"
        )
        print(f"<!-- {name} not identical: {differ[:12]} -->")


if __name__ == "__main__":
    main()
