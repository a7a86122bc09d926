"""Every export format, embedded in a page the way people publish it, runs no script (issue 11).

ClaimReview and the W3C collection are published inside `<script type="application/ld+json">`;
the Markdown export is rendered by a CommonMark renderer that lets raw HTML through (the
common default, markdown-it-py's `commonmark` preset). The set holds hostile text everywhere a
person can type, an imported review with `javascript:` and `data:` URLs, and the page is loaded
in real Chromium: no dialog opens, no injected script sets its flag, and the JSON-LD blocks
parse back to the export.
"""

from __future__ import annotations

import html
import json
import re
import urllib.request

import pytest
from markdown_it import MarkdownIt

from .extension import ARGS, CHROMIUM

PAYLOADS = [
    "</script><script>window.__pwned = 1; alert(1)</script>",
    "<img src=x onerror='window.__pwned = 2; alert(2)'>",
    "<!--<script>window.__pwned = 3</script>-->",
    "[click](javascript:window.__pwned=4) & <svg onload=alert(5)>",
]
HOSTILE = " ".join(PAYLOADS)
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/review-1",
    "claimReviewed": "Hostile claim about the moon landing " + PAYLOADS[0],
    "author": {
        "@type": "Organization",
        "name": "Checkers " + PAYLOADS[1],
        "url": "javascript:window.__pwned=6",
        "sameAs": "data:text/html,<script>alert(7)</script>",
    },
    "itemReviewed": {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "url": "javascript:alert(8)"},
    },
    "reviewRating": {"@type": "Rating", "alternateName": "False " + PAYLOADS[2]},
    "datePublished": "2026-01-02",
}


def fetch(service, path, token):
    request = urllib.request.Request(f"{service.url}{path}")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode("utf-8"), dict(response.headers)


@pytest.fixture(scope="module")
def exports(service):
    token = service.user("publisher")
    found = service.ok(
        "POST",
        "/api/sets",
        {"title": "Set " + HOSTILE[:150], "description": HOSTILE, "visibility": "public"},
        token,
    )
    request = urllib.request.Request(
        f"{service.url}/api/sets/{found['id']}/import?format=claimreview",
        data=json.dumps(REVIEW).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).read()
    service.ok(
        "POST",
        f"/api/sets/{found['id']}/annotations",
        {
            "body": [{"type": "TextualBody", "value": HOSTILE}],
            "tags": ["<b>x</b>"],
            "sources": [{"id": "https://e.example/?a=<1>&b=2", "title": PAYLOADS[1]}],
            "target": {
                "source": "https://page.example/a",
                "selector": [{"type": "TextQuoteSelector", "exact": PAYLOADS[0]}],
            },
        },
        token,
    )
    out = {}
    for fmt in ("w3c", "claimreview", "markdown"):
        out[fmt] = fetch(service, f"/api/sets/{found['id']}/export?format={fmt}", token)
    return out


@pytest.fixture(scope="module")
def chromium(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield browser
    browser.close()


def page_with(body: str) -> str:
    return (
        "<!doctype html><html><head><meta charset=utf-8><title>Published</title></head>"
        f"<body><h1>An article</h1>{body}<p id=end>end</p></body></html>"
    )


def load(chromium, document: str):
    page = chromium.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(document, wait_until="load")
    page.wait_for_timeout(300)  # let any onerror/onload handler fire
    return page, dialogs


@pytest.mark.parametrize("fmt", ["w3c", "claimreview"])
def test_json_ld_export_in_a_script_element_runs_nothing(chromium, exports, fmt):
    text, headers = exports[fmt]
    if fmt == "claimreview":
        assert headers["Footnote-Dropped-Urls"] == "3"
    block = f'<script type="application/ld+json" id="data">{text}</script>'
    page, dialogs = load(chromium, page_with(block))
    try:
        assert dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.scripts.length") == 1  # only the data block
        assert page.evaluate("document.getElementById('end') !== null")
        parsed = page.evaluate("JSON.parse(document.getElementById('data').textContent)")
        assert parsed == json.loads(text)
        # No such URL is exported (a JSON string starting with the scheme); text that only
        # mentions one is kept.
        assert not re.search(r'"\s*(javascript|data):', text, re.IGNORECASE)
    finally:
        page.close()


def test_markdown_export_rendered_with_raw_html_allowed_runs_nothing(chromium, exports):
    text, _headers = exports["markdown"]
    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    page, dialogs = load(chromium, page_with(rendered))
    try:
        assert dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.scripts.length") == 0
        active = "document.querySelectorAll('img, svg, [onerror], [onload]').length"
        assert page.evaluate(active) == 0
        hrefs = page.evaluate("[...document.links].map(a => a.href)")
        assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
        assert html.unescape(PAYLOADS[0]) in page.inner_text("body")  # shown as typed
    finally:
        page.close()


def test_html_body_on_the_set_page_runs_nothing(chromium, service):
    """An imported HTML body is shown sanitised on the set page (nh3), in real Chromium."""
    token = service.user("html-author")
    found = service.ok("POST", "/api/sets", {"title": "HTML bodies", "visibility": "public"}, token)
    hostile = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": {
            "type": "TextualBody",
            "format": "text/html",
            "value": '<p>Kept <b>bold</b></p><a href="javascript:window.__pwned=9">j</a>'
            + '<a href="https://ok.example/">ok</a>'
            + "".join(PAYLOADS),
        },
        "target": "https://page.example/html",
    }
    request = urllib.request.Request(
        f"{service.url}/api/sets/{found['id']}/import?format=w3c",
        data=json.dumps(hostile).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).read()
    page = chromium.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{service.url}/sets/{found['id']}", wait_until="load")
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.evaluate("window.__pwned") is None
        body = page.locator(".html-body")
        assert body.locator("b").inner_text() == "bold"
        hrefs = body.evaluate("b => [...b.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert hrefs == [None, "https://ok.example/"]
        active = "b => b.querySelectorAll('script, img, svg, [onerror], [onload]').length"
        assert body.evaluate(active) == 0
    finally:
        page.close()
