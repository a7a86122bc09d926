"""Issue 9, point 1: the annotation panel, and the popup that leads to it.

The panel lists what Footnote found on the page (labels with their counts, notes, the site
label, orphans); a click scrolls to a mark and focuses it; next/previous walk the occurrences;
filters and search narrow the list; orphans are deleted or re-attached to a selection; a label
hidden on this site stays hidden until it changes; a tap on a mark inside a link opens the card.
Real Chromium, the real extension, a real service; geometry at three viewports, axe-core."""

from __future__ import annotations

import json
import os
import re

import pytest

from .conftest import CORPUS, PAGES
from .extension import (
    _attrs,
    _shadow_nodes,
    _text_of,
    card_visible,
    click_in_shadow,
    select_in_shadow,
    select_text,
    type_in_shadow,
    wait_for_marks,
)
from .reader_page import (
    REPO,
    VIEWPORTS,
    axe_on_shadow_copy,
    host_rect,
    make_reader_set,
    page_urls,
    record_figure,
    run_axe,
    text_rects_under,
)

SEED = CORPUS / "seed" / "meta-avocado-de.html"
SHOTS = (
    REPO / "docs" / "screenshots" / "panel"
    if os.environ.get("FOOTNOTE_UPDATE_SCREENSHOTS") == "1"
    else REPO / "test-results" / "panel"
)
needs_corpus = pytest.mark.skipif(
    not SEED.exists(), reason=f"the shared corpus is absent ({CORPUS} not found)"
)
PASSWORD = "correct horse battery"


# ---------------------------------------------------------------- helpers


def reader(make_browser, service, set_ids, name: str, *, sign_in: str | None = None, **options):
    """A fresh profile on the session service following `set_ids` (signed in as `sign_in`)."""
    browser = make_browser(name, **options)
    browser.set_service(service.url)
    if sign_in:
        reply = browser.send(
            {"type": "footnote/sign-in", "username": sign_in, "password": PASSWORD}
        )
        assert "error" not in reply, reply
    for set_id in set_ids:
        reply = browser.send({"type": "footnote/follow-set", "setId": set_id})
        assert reply.get("status") == "ok", reply
    return browser


@pytest.fixture(scope="module")
def reader_set(service) -> str:
    """The reader set (two labels firing on the large pages, a site label), made once."""
    return make_reader_set(service, service.user("panel-reader"))


def open_panel(page) -> None:
    """Opens the panel with its key (Alt+Shift+P) and waits until it lists something."""
    page.keyboard.press("Alt+Shift+P")
    page.wait_for_function(
        "() => document.querySelector('footnote-panel')?.style.display === 'block'"
    )
    deadline_items = 50
    while not panel_items(page) and deadline_items:
        page.wait_for_timeout(100)
        deadline_items -= 1


def panel_items(page) -> list[dict]:
    """The panel's entries as the reader sees them: key, place, text, buttons."""
    session, nodes = _shadow_nodes(page, "footnote-panel")
    session.detach()
    items = []
    for node in nodes:
        attrs = _attrs(node)
        if node.get("localName") == "li" and "data-key" in attrs:
            buttons = []

            def walk(n, out=buttons):
                if n.get("localName") == "button":
                    out.append(_text_of(n).strip())
                for child in n.get("children", []):
                    walk(child)

            walk(node)
            items.append(
                {
                    "key": attrs["data-key"],
                    "place": attrs.get("data-place"),
                    "text": " ".join(_text_of(node).split()),
                    "buttons": buttons,
                }
            )
    return items


def panel_click(page, key: str, button: str | None = None) -> None:
    """Clicks (real mouse) the entry's main button, or the button whose text starts `button`."""
    session, nodes = _shadow_nodes(page, "footnote-panel")
    try:
        item = next(
            n for n in nodes if n.get("localName") == "li" and _attrs(n).get("data-key") == key
        )
        found: list[dict] = []

        def walk(n):
            if n.get("localName") == "button":
                text = _text_of(n).strip()
                if (button is None and "go" in _attrs(n).get("class", "")) or (
                    button is not None and text.startswith(button)
                ):
                    found.append(n)
            for child in n.get("children", []):
                walk(child)

        walk(item)
        assert found, f"no button {button!r} in {key}"
        session.send("DOM.scrollIntoViewIfNeeded", {"nodeId": found[0]["nodeId"]})
        quad = session.send("DOM.getBoxModel", {"nodeId": found[0]["nodeId"]})["model"]["border"]
    finally:
        session.detach()
    page.mouse.click(sum(quad[0::2]) / 4, sum(quad[1::2]) / 4)


def focused_mark(page) -> dict | None:
    """The focused element when it is one of our marks: its words and where it is."""
    return page.evaluate(
        """() => {
            const m = document.activeElement;
            if (!m || m.localName !== 'footnote-mark') return null;
            const r = m.getBoundingClientRect();
            return {label: m.getAttribute('aria-label'), top: r.top, bottom: r.bottom,
                    left: r.left, right: r.right};
        }"""
    )


def outlined_mark(page) -> dict | None:
    """The mark the panel's next/previous walked to (outlined, focus stays in the panel)."""
    return page.evaluate(
        """() => {
            const m = [...document.querySelectorAll('footnote-mark')]
              .find((x) => x.style.getPropertyValue('outline'));
            if (!m) return null;
            const r = m.getBoundingClientRect();
            return {label: m.getAttribute('aria-label'), top: r.top, bottom: r.bottom,
                    left: r.left, right: r.right, at: [Math.round(r.top + scrollY), r.left]};
        }"""
    )


def walked_to(page, key: str) -> tuple[int, int]:
    """The panel's "n of N" for an entry."""
    item = next(i for i in panel_items(page) if i["key"] == key)
    found = re.search(r"(\d+) of (\d+)", item["text"])
    assert found, item
    return int(found.group(1)), int(found.group(2))


def walk(page, key: str, button: str, expected: int) -> dict:
    """Press an entry's Next or Previous and wait until the panel says "expected of N" and a mark
    is outlined (the walk may first draw marks that were not yet near the viewport)."""
    panel_click(page, key, button)
    for _ in range(100):
        mark = outlined_mark(page)
        if mark and walked_to(page, key)[0] == expected:
            page.wait_for_timeout(100)  # let the smooth scroll settle before measuring
            return outlined_mark(page)
        page.wait_for_timeout(100)
    raise AssertionError(f"the walk never reached occurrence {expected}: {walked_to(page, key)}")


def layout_viewport(page) -> dict:
    """The layout viewport (a page without a viewport meta is laid out wider than a phone)."""
    return page.evaluate("() => ({width: window.innerWidth, height: window.innerHeight})")


def visible_area(page) -> dict:
    """The part of the viewport the panel leaves to the page."""
    size = layout_viewport(page)
    panel = host_rect(page, "footnote-panel")
    area = {"left": 0, "top": 0, "right": size["width"], "bottom": size["height"]}
    if panel and panel["top"] > 0:
        area["bottom"] = panel["top"]
    elif panel:
        area["right"] = panel["left"]
    return area


def inside(rect: dict, area: dict) -> bool:
    return (
        rect["top"] >= area["top"] - 1
        and rect["bottom"] <= area["bottom"] + 1
        and rect["left"] >= area["left"] - 1
        and rect["right"] <= area["right"] + 1
    )


def all_badges_by_label(page) -> dict[str, int]:
    """Scrolls the whole page (marks are drawn near the viewport) and counts verdict badges per
    accessible name's verdict: one badge per occurrence of a label with a verdict."""
    page.evaluate(
        """async () => {
            const step = window.innerHeight;
            for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
              window.scrollTo(0, y);
              await new Promise((r) => setTimeout(r, 60));
            }
            window.scrollTo(0, 0);
            await new Promise((r) => setTimeout(r, 200));
        }"""
    )
    return page.evaluate(
        """() => {
            const counts = {};
            for (const m of document.querySelectorAll('footnote-mark[tabindex]')) {
              if (!m.querySelector(':scope > footnote-badge')) continue;
              const verdict = m.getAttribute('aria-label').split(' claim')[0];
              counts[verdict] = (counts[verdict] ?? 0) + 1;
            }
            return counts;
        }"""
    )


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# ---------------------------------------------------------------- tests


@needs_corpus
@pytest.mark.parametrize("page_name", ["seed", "clean-links", "wikipedia-2"])
def test_the_panel_lists_every_label_with_its_count_and_the_site_label(
    make_browser, service, site, reader_set, page_name
) -> None:
    browser = reader(make_browser, service, [service.demo_set_id(), reader_set], "list")
    page = browser.context.new_page()
    page.goto(page_urls(site)[page_name])
    wait_for_marks(page)
    open_panel(page)
    items = panel_items(page)
    places = {item["place"] for item in items}
    assert "banner" in places  # the reader set's site label fires on every corpus page
    labels = [item for item in items if item["place"] == "page"]
    assert labels, items
    on_page = all_badges_by_label(page)
    listed = {}
    for item in labels:
        verdict = item["text"].split("“")[0].strip().capitalize()
        count = int(item["text"].split(" on this page")[0].rsplit("· ", 1)[-1])
        listed[verdict] = listed.get(verdict, 0) + count
    record_figure("panel counts", page_name, {"listed": listed, "badges on page": on_page})
    assert listed == {k.capitalize(): v for k, v in on_page.items()}, (listed, on_page)


@needs_corpus
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_panel_geometry_click_to_scroll_and_next_previous(
    make_browser, service, site, reader_set, viewport
) -> None:
    options = VIEWPORTS[viewport]
    browser = reader(
        make_browser, service, [service.demo_set_id(), reader_set], f"geo-{viewport}", **options
    )
    page = browser.context.new_page()
    figures = {}
    for page_name in ("seed", "clean-links", "wikipedia-2"):
        page.goto(page_urls(site)[page_name])
        wait_for_marks(page)
        open_panel(page)
        rect = host_rect(page, "footnote-panel")
        size = layout_viewport(page)
        assert rect and rect["left"] >= 0 and rect["top"] >= 0, rect
        assert rect["right"] <= size["width"] + 0.5 and rect["bottom"] <= size["height"] + 0.5
        docked = rect["top"] == 0
        covered = text_rects_under(page, rect) if docked else []
        figures[page_name] = {
            "panel": {k: round(v) for k, v in rect.items()},
            "mode": "docked" if docked else "sheet",
            "page text under the panel": len(covered),
        }
        if viewport.startswith("desktop"):
            # Docked on a desktop: the page is narrowed, so no text of it is under the panel.
            assert docked and covered == [], covered[:10]
        else:
            # A bottom sheet on a phone or an upright tablet, the page above it.
            assert not docked and rect["top"] > size["height"] / 3, rect
        if page_name == "seed":
            shot(page, f"panel-seed-{viewport}")
        # A click on an entry scrolls its first occurrence into view and focuses it.
        label = next(i for i in panel_items(page) if i["place"] == "page")
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        panel_click(page, label["key"])
        page.wait_for_function("() => document.activeElement?.localName === 'footnote-mark'")
        page.wait_for_timeout(150)
        mark = focused_mark(page)
        assert mark and inside(mark, visible_area(page)), (mark, visible_area(page))
        if page_name != "seed":
            shot(page, f"panel-{page_name}-{viewport}")
        # Next and previous walk the occurrences (focus stays in the panel, the mark is outlined).
        walker = next(
            (
                i
                for i in panel_items(page)
                if i["place"] == "page" and any(b.startswith("Next") for b in i["buttons"])
            ),
            None,
        )
        if walker:
            total = int(re.search(r"(\d+) on this page", walker["text"]).group(1))
            first = walk(page, walker["key"], "Next", 2)
            assert first and inside(first, visible_area(page)), first
            assert walked_to(page, walker["key"]) == (2, total)
            second = walk(page, walker["key"], "Next", 3 if total > 2 else 1)
            assert walked_to(page, walker["key"]) == (3 if total > 2 else 1, total)
            assert second["at"] != first["at"] and inside(second, visible_area(page)), second
            again = walk(page, walker["key"], "‹ Previous", 2)
            assert walked_to(page, walker["key"]) == (2, total)
            assert again["at"] == first["at"]
            assert page.evaluate("() => document.activeElement?.localName") == "footnote-panel"
            figures[page_name]["walked"] = True
        page.keyboard.press("Escape")
    record_figure("panel geometry", viewport, figures)


@needs_corpus
def test_filters_and_search(make_browser, service, site, reader_set) -> None:
    browser = reader(make_browser, service, [service.demo_set_id(), reader_set], "filters")
    page = browser.context.new_page()
    page.goto(page_urls(site)["clean-links"])
    wait_for_marks(page)
    open_panel(page)
    everything = panel_items(page)
    assert len(everything) >= 2
    select_in_shadow(page, "footnote-panel", "set", "Reader checks")
    page.wait_for_timeout(200)
    only_reader = panel_items(page)
    assert only_reader and all("Reader checks" in i["text"] for i in only_reader)
    select_in_shadow(page, "footnote-panel", "set", "All sets")
    select_in_shadow(page, "footnote-panel", "verdict", "Satire")
    page.wait_for_timeout(200)
    satire = panel_items(page)
    assert [i["place"] for i in satire] == ["banner"], satire
    select_in_shadow(page, "footnote-panel", "verdict", "All verdicts")
    type_in_shadow(page, "footnote-panel", "query", "Melville")
    page.wait_for_timeout(200)
    found = panel_items(page)
    assert len(found) == 1 and "bartleby" in found[0]["text"].lower(), found
    type_in_shadow(page, "footnote-panel", "query", "no such words anywhere")
    page.wait_for_timeout(200)
    assert panel_items(page) == []


@needs_corpus
def test_orphans_are_deleted_or_reattached_to_the_selection(make_browser, service, site) -> None:
    token = service.user("orphan-owner")
    set_id = service.ok("POST", "/api/sets", {"title": "Orphan desk"}, token)["id"]
    url = page_urls(site)["seed"]

    def note(exact: str, text: str) -> str:
        body = {
            "kind": "note",
            "motivation": "commenting",
            "body": {"type": "TextualBody", "value": text, "purpose": "commenting"},
            "target": {
                "source": url,
                "selector": [{"type": "TextQuoteSelector", "exact": exact}],
            },
        }
        created = service.ok("POST", f"/api/sets/{set_id}/annotations", body, token)
        return created["id"].rsplit("/", 1)[-1]

    gone = note("words this article never printed, not even once", "An orphan to delete.")
    moved = note("another passage that was edited away long ago", "An orphan to re-attach.")
    # A W3C annotation whose only selector is an XPath: kept by the service, "not placeable"
    # with the reason (a path says where text was, not what it was: docs/matching.md §4a).
    xpath_only = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "Said of a place by its path only."},
        "target": {
            "source": url,
            "selector": {"type": "XPathSelector", "value": "/html/body/div[9]/p[4]"},
        },
    }
    service.ok("POST", f"/api/sets/{set_id}/import?format=w3c", xpath_only, token)
    browser = reader(make_browser, service, [set_id], "orphans", sign_in="orphan-owner")
    page = browser.context.new_page()
    page.goto(url)
    page.wait_for_timeout(1500)  # nothing is drawn: both notes are orphans
    open_panel(page)
    orphans = [i for i in panel_items(page) if i["place"] == "orphan"]
    assert len(orphans) == 3, orphans
    unplaceable = next(i for i in orphans if "by its path only" in i["text"])
    assert "XPathSelector" in unplaceable["text"], unplaceable
    orphans = [i for i in orphans if i is not unplaceable]
    assert all("Not placed" not in i["text"] for i in orphans)
    assert all(
        {"Re-attach to my current selection", "Delete"} <= set(i["buttons"]) for i in orphans
    )

    # Delete (asks once more first).
    doomed = next(i for i in orphans if "to delete" in i["text"])
    panel_click(page, doomed["key"], "Delete")
    panel_click(page, doomed["key"], "Really delete?")
    browser.wait_for(
        lambda: not any("to delete" in i["text"] for i in panel_items(page)), what="deleted"
    )
    status, _ = service.api("GET", f"/api/annotations/{gone}", None, token)
    assert status == 404

    # Re-attach: select a passage of the page, then the button.
    phrase = page.evaluate(
        "() => [...document.querySelectorAll('p')].map((p) => p.textContent.trim())"
        ".find((t) => t.length > 80).slice(0, 40)"
    )
    select_text(page, "body", phrase)
    keeper = next(i for i in panel_items(page) if "to re-attach" in i["text"])
    panel_click(page, keeper["key"], "Re-attach")
    wait_for_marks(page)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('footnote-mark[tabindex]')].map((m) => m.textContent)"
    )
    assert phrase.strip() in " ".join(drawn), drawn
    saved = service.ok("GET", f"/api/annotations/{moved}", None, token)
    quote = next(s for s in saved["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == phrase.strip()
    browser.wait_for(
        lambda: (
            not any(
                i["place"] == "orphan" and "to re-attach" in i["text"] for i in panel_items(page)
            )
        ),
        what="re-attached",
    )


@needs_corpus
def test_a_label_hidden_on_this_site_stays_hidden_until_it_changes(
    make_browser, service, site
) -> None:
    token = service.user("hide-owner")
    set_id = make_reader_set(service, token)
    browser = reader(make_browser, service, [set_id], "hide")
    page = browser.context.new_page()
    url = page_urls(site)["clean-links"]
    page.goto(url)
    wait_for_marks(page)
    open_panel(page)
    bartleby = next(i for i in panel_items(page) if "bartleby" in i["text"].lower())
    panel_click(page, bartleby["key"], "Hide on this site")
    has_bartleby = (
        "() => [...document.querySelectorAll('footnote-mark')]"
        ".some((m) => /bartleby/i.test(m.textContent))"
    )
    page.wait_for_function(f"() => !({has_bartleby})()")
    stored = browser.storage()["hiddenLabels"]
    assert list(stored) == ["127.0.0.1"] and bartleby["key"] in stored["127.0.0.1"]

    page.reload()
    page.wait_for_function("() => document.querySelector('footnote-banner') !== null")
    page.wait_for_timeout(800)  # the page is matched and drawn by the time its banner shows
    assert not page.evaluate(has_bartleby)
    open_panel(page)
    hidden = next(i for i in panel_items(page) if i["key"] == bartleby["key"])
    assert "Show again on this site" in hidden["buttons"]
    # Undo, then hide again.
    panel_click(page, bartleby["key"], "Show again")
    page.wait_for_function(has_bartleby)
    panel_click(page, bartleby["key"], "Hide on this site")
    page.wait_for_function(f"() => !({has_bartleby})()")

    # The label changes on the service: it shows again after the next sync.
    label = next(
        a
        for a in service.ok("GET", f"/api/sets/{set_id}/annotations", None, token)["annotations"]
        if "Bartleby" in json.dumps(a.get("body"))
    )
    service.ok(
        "PATCH",
        f"/api/annotations/{label['id'].rsplit('/', 1)[-1]}",
        {"body": {"type": "TextualBody", "value": "Changed: Melville.", "purpose": "describing"}},
        token,
    )
    browser.sync_now()
    page.reload()
    page.wait_for_function(has_bartleby, timeout=15_000)

    # The card offers the same: "Hide on this site" from a mark's card.
    mark = page.locator("footnote-mark[tabindex]", has_text="Bartleby").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    page.wait_for_function(
        "() => document.querySelector('footnote-card')?.style.display === 'block'"
    )
    click_in_shadow(page, "footnote-card", "button", "Hide on this site")
    page.wait_for_function(f"() => !({has_bartleby})()")


def test_a_tap_on_a_mark_in_a_link_opens_the_card_and_a_second_tap_follows_it(
    make_browser, service, site
) -> None:
    assert (PAGES / "link-article.html").exists()
    url = f"{site.url}/pages/link-article.html"
    phone = reader(
        make_browser, service, [service.demo_set_id()], "tap", **VIEWPORTS["phone-390x844"]
    )
    page = phone.context.new_page()
    page.goto(url)
    wait_for_marks(page)
    mark = page.locator("a#link footnote-mark[tabindex]").first
    mark.tap()
    page.wait_for_function(
        "() => document.querySelector('footnote-card')?.style.display === 'block'"
    )
    page.wait_for_timeout(300)
    assert page.url == url and card_visible(page)
    mark.tap()
    page.wait_for_url("**/plain-article.html")

    desk = reader(make_browser, service, [service.demo_set_id()], "click")
    page = desk.context.new_page()
    page.goto(url)
    wait_for_marks(page)
    page.locator("a#link footnote-mark[tabindex]").first.click()
    page.wait_for_url("**/plain-article.html")


@needs_corpus
def test_keyboard_walk_and_axe_on_panel_and_popup(make_browser, service, site) -> None:
    browser = reader(make_browser, service, [service.demo_set_id()], "keys")
    page = browser.context.new_page()
    page.goto(page_urls(site)["seed"])
    wait_for_marks(page)
    # Focus is on the page's heading; the key opens the panel and moves focus into it.
    page.locator("h1").first.evaluate("(h) => { h.tabIndex = -1; h.focus(); }")
    open_panel(page)
    assert page.evaluate("() => document.activeElement?.localName") == "footnote-panel"
    items = panel_items(page)
    assert items[0]["place"] == "page", items  # the demo set has no site label here
    # Escape closes it and focus goes back where it was.
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => document.querySelector('footnote-panel')?.style.display === 'none'"
    )
    assert page.evaluate("() => document.activeElement?.localName") == "h1"
    # Tab order in the panel: close, search, set, verdict, then the first entry; Enter on it
    # scrolls to its mark and focuses it.
    open_panel(page)
    for _ in range(5):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement?.localName") == "footnote-panel"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.localName === 'footnote-mark'")
    mark = focused_mark(page)
    assert mark and inside(mark, visible_area(page)), mark
    # Alt+Shift+P closes it from anywhere, and opens it again.
    page.keyboard.press("Alt+Shift+P")
    page.wait_for_function(
        "() => document.querySelector('footnote-panel')?.style.display === 'none'"
    )
    open_panel(page)
    results = {"panel": axe_on_shadow_copy(page, "footnote-panel")}
    popup = browser.popup_for(page)
    popup.wait_for_selector("#page li button.entry")
    results["popup"] = run_axe(popup)
    for where, violations in results.items():
        record_figure("axe serious+critical", where, len(violations))
    assert results == {k: [] for k in results}, results


@needs_corpus
def test_popup_counts_per_label_click_to_scroll_and_sets_split(
    make_browser, service, site, reader_set
) -> None:
    owner = service.user("popup-owner", PASSWORD)
    mine = service.ok("POST", "/api/sets", {"title": "My own desk"}, owner)["id"]
    browser = reader(
        make_browser,
        service,
        [service.demo_set_id(), reader_set, mine],
        "popup",
        sign_in="popup-owner",
    )
    page = browser.context.new_page()
    page.goto(page_urls(site)["clean-links"])
    wait_for_marks(page)
    popup = browser.popup_for(page)
    popup.wait_for_selector("#page li button.entry")
    rows = popup.evaluate(
        "() => [...document.querySelectorAll('#page li')].map((li) => li.textContent)"
    )
    # One row per label, its count in words: never one "(1)" row per mark.
    bartleby = [r for r in rows if "bartleby" in r.lower()]
    assert len(bartleby) == 1 and " on this page" in bartleby[0], rows
    count = int(re.search(r"(\d+) on this page", bartleby[0]).group(1))
    assert count > 1
    mine_titles = popup.evaluate(
        "() => [...document.querySelectorAll('#sets li')].map((li) => li.textContent.trim())"
    )
    followed = popup.evaluate(
        "() => [...document.querySelectorAll('#followed li')].map((li) => li.textContent.trim())"
    )
    assert mine_titles == ["My own desk"], mine_titles
    assert any("Reader checks" in t for t in followed) and any("Open-source" in t for t in followed)
    popup.locator("#page li button.entry", has_text="bartleby").first.click()
    page.wait_for_function("() => document.activeElement?.localName === 'footnote-mark'")
    mark = focused_mark(page)
    assert "bartleby" in mark["label"].lower()
    size = page.viewport_size
    assert mark["top"] >= 0 and mark["bottom"] <= size["height"]
    # "Open panel" from the popup.
    popup.click("#open-panel")
    page.wait_for_function(
        "() => document.querySelector('footnote-panel')?.style.display === 'block'"
    )
    panel = host_rect(page, "footnote-panel")
    assert panel and inside(panel, {"left": 0, "top": 0, "right": size["width"], "bottom": 9999})
