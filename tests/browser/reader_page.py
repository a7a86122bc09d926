"""Helpers for the reader's-page suite: a set of labels for big corpus pages, geometry, axe."""

from __future__ import annotations

import json
import os
from pathlib import Path

from playwright.sync_api import Page

from .servers import REPO, Service

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots go to docs/screenshots/ only on request (FOOTNOTE_UPDATE_SCREENSHOTS=1), so a test
# run never leaves tracked files modified; otherwise to test-results/ for a look.
SHOTS = (
    REPO / "docs" / "screenshots" / "reader"
    if os.environ.get("FOOTNOTE_UPDATE_SCREENSHOTS") == "1"
    else REPO / "test-results" / "reader"
)
FIGURES = REPO / "test-results" / "reader-figures.json"

# Two large corpus pages and the words a label of the reader set fires on there.
LARGE_PAGES = {
    "clean-links": ("readability/clean-links/source.html", "bartleby"),
    "wikipedia-2": ("readability/wikipedia-2/source.html", "government"),
}
SITE_LABEL_TEXT = "Copies of real articles kept for testing the page readers; not live news."
# The three viewports the reader's page is held to (the phone one with touch).
VIEWPORTS = {
    "desktop-1280x800": {"viewport": {"width": 1280, "height": 800}},
    "tablet-768x1024": {"viewport": {"width": 768, "height": 1024}},
    "phone-390x844": {
        "viewport": {"width": 390, "height": 844},
        "has_touch": True,
        "is_mobile": True,
    },
}


def page_urls(site) -> dict[str, str]:
    """The seed article and the large pages on the loopback site, by name."""
    urls = {"seed": f"{site.url}/corpus/seed/meta-avocado-de.html"}
    for name, (path, _word) in LARGE_PAGES.items():
        urls[name] = f"{site.url}/corpus/{path}"
    return urls


def make_reader_set(service: Service, token: str) -> str:
    """A public set with two claim labels (many occurrences on the large pages) and a site label."""
    created = service.ok(
        "POST", "/api/sets", {"title": "Reader checks", "visibility": "public"}, token
    )
    set_id = created["id"]

    def label(words: str, verdict: str, text: str) -> None:
        body = {
            "kind": "claim",
            "motivation": "assessing",
            "verdict": verdict,
            "body": {"type": "TextualBody", "value": text, "purpose": "describing"},
            "sources": [{"id": "https://example.org/check", "title": "The check"}],
            "target": {"selector": {"type": "ClaimPatternSelector", "all": [[words]]}},
        }
        service.ok("POST", f"/api/sets/{set_id}/annotations", body, token)

    label("bartleby", "missing-context", "Bartleby is a character in a story by Melville.")
    label("government", "unproven", "Which government is meant depends on the period.")
    site = {
        "kind": "site",
        "motivation": "assessing",
        "verdict": "satire",
        "body": {"type": "TextualBody", "value": SITE_LABEL_TEXT, "purpose": "describing"},
        "target": {"selector": {"type": "UrlPatternSelector", "include": ["127.0.0.1/corpus/"]}},
    }
    service.ok("POST", f"/api/sets/{set_id}/annotations", site, token)
    return set_id


def host_rect(page: Page, tag: str) -> dict | None:
    """The viewport rectangle of a Footnote UI host, or None when it is absent or hidden."""
    return page.evaluate(
        """(tag) => {
            const host = document.querySelector(tag);
            if (!host || getComputedStyle(host).display === 'none') return null;
            const r = host.getBoundingClientRect();
            return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                    width: r.width, height: r.height};
        }""",
        tag,
    )


def overlaps(a: dict, b: dict) -> bool:
    """True when two rectangles share any area."""
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def text_rects_under(page: Page, rect: dict) -> list[str]:
    """Page text (not Footnote's) whose line boxes overlap `rect`: what that rectangle covers."""
    return page.evaluate(
        """(box) => {
            const covered = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (!n.data.trim()) continue;
              if (n.parentElement.closest('footnote-banner, footnote-card')) continue;
              range.selectNodeContents(n);
              for (const r of range.getClientRects()) {
                if (r.width && r.height && r.left < box.right && box.left < r.right
                    && r.top < box.bottom && box.top < r.bottom) {
                  covered.push(n.data.trim().slice(0, 40));
                  break;
                }
              }
            }
            return covered;
        }""",
        rect,
    )


def mark_rects(page: Page, mark_index: int) -> list[dict]:
    """Line boxes of one mark (the n-th of ours in document order)."""
    return page.evaluate(
        """(i) => [...document.querySelectorAll('footnote-mark[tabindex]')][i]
              .getClientRects().length ? [...[...document.querySelectorAll(
              'footnote-mark[tabindex]')][i].getClientRects()].map((r) => ({left: r.left,
              top: r.top, right: r.right, bottom: r.bottom})) : []""",
        mark_index,
    )


def run_axe(page: Page, context: str = "document") -> list[dict]:
    """Runs axe-core (pinned in package.json) on the page; serious and critical violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        f"""async () => {{
            const r = await axe.run({context}, {{resultTypes: ['violations']}});
            return r.violations.map((v) => ({{id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}}));
        }}"""
    )
    return [v for v in results if v["impact"] in ("serious", "critical")]


def shadow_markup(page: Page, host_tag: str) -> str:
    """The markup inside a Footnote host's closed shadow root, read through DevTools."""
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        found: list[dict] = []

        def walk(node: dict) -> None:
            if node.get("localName") == host_tag:
                found.append(node)
            for child in node.get("children", []) + node.get("shadowRoots", []):
                walk(child)

        walk(root)
        assert found, f"no {host_tag} on the page"
        shadow = found[0]["shadowRoots"][0]
        parts = [
            session.send("DOM.getOuterHTML", {"nodeId": child["nodeId"]})["outerHTML"]
            for child in shadow.get("children", [])
        ]
    finally:
        session.detach()
    return "".join(parts)


def axe_on_shadow_copy(page: Page, host_tag: str) -> list[dict]:
    """axe-core cannot enter a closed shadow root: it checks a copy in an open one, on a blank page.

    The copy carries the root's own stylesheet, so colours and sizes are the card's own.
    """
    markup = shadow_markup(page, host_tag)
    blank = page.context.new_page()
    try:
        blank.set_content(
            '<!doctype html><html lang="en"><head><title>Footnote UI copy</title></head>'
            '<body><main><div id="copy"></div></main></body></html>'
        )
        blank.evaluate(
            """(markup) => {
                const root = document.getElementById('copy').attachShadow({mode: 'open'});
                root.innerHTML = markup;  // test-only copy of our own UI, never page text
            }""",
            markup,
        )
        return run_axe(blank)
    finally:
        blank.close()


def record_figure(section: str, key: str, value: object) -> None:
    """Adds one figure to test-results/reader-figures.json (the issue asks for them in the note)."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    data.setdefault(section, {})[key] = value
    FIGURES.write_text(json.dumps(data, indent=2, sort_keys=True))


def shot(page: Page, name: str, **options: object) -> Path:
    """A screenshot under SHOTS (of the viewport: what the reader sees)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path
