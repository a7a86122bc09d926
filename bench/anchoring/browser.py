"""Headless Chromium for the benchmarks: bundle a page script, open saved pages, inject it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Route, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]

PAGE_HEADERS = {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": "script-src 'none'",
}


def bundle(entry: Path, name: str) -> str:
    """Bundle `entry` (an ES module) into one classic script with esbuild and return its text."""
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{name}.js"
    subprocess.run(
        [
            str(REPO / "node_modules" / ".bin" / "esbuild"),
            str(entry),
            "--bundle",
            "--format=iife",
            "--target=chrome120",
            "--log-level=warning",
            f"--outfile={target}",
        ],
        check=True,
        cwd=REPO,
    )
    return target.read_text(encoding="utf-8")


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium that reaches nothing beyond loopback."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, path: Path, script: str) -> Page:
    """Load a saved page with its own scripts blocked by CSP (a fixed DOM), then inject `script`.

    The page is served from a made-up http origin through request interception, so nothing
    leaves the browser; the injected script runs through the DevTools protocol, which CSP allows.
    """
    context = browser.new_context()
    page = context.new_page()
    url = "http://corpus.invalid/" + path.resolve().relative_to(CORPUS.resolve()).as_posix()
    body = path.read_bytes()

    def serve(route: Route) -> None:
        if route.request.url == url:
            route.fulfill(status=200, headers=PAGE_HEADERS, body=body)
        else:
            route.abort()

    page.route("**/*", serve)
    page.goto(url, wait_until="load")
    page.evaluate(script)
    return page


def close_page(page: Page) -> None:
    """Close a page and its context."""
    page.context.close()


def call(page: Page, expression: str, arg: Any = None) -> Any:
    """Evaluate a function expression in the page with one JSON argument."""
    return page.evaluate(expression, arg)


def browser_version(browser: Browser) -> str:
    """Chromium's version string."""
    return browser.version
