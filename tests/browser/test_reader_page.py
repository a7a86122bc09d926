"""Issue 9: the reader's page. The card fits every viewport and never covers its mark, the banner
covers no text, one Tab stop per annotation with arrow keys between occurrences, Escape returns
focus without reopening, hide-all from the popup, cards that link to the annotation and its set,
and axe-core on the card, banner, popup and options. Screenshots at three viewports."""

from __future__ import annotations

import pytest

from .conftest import CORPUS
from .extension import card_visible, click_in_shadow, shadow_content, wait_for_marks
from .reader_page import (
    VIEWPORTS,
    axe_on_shadow_copy,
    host_rect,
    make_reader_set,
    mark_rects,
    overlaps,
    page_urls,
    record_figure,
    run_axe,
    shot,
    text_rects_under,
)

SEED = CORPUS / "seed" / "meta-avocado-de.html"
CARD_OPEN = "() => document.querySelector('footnote-card')?.style.display === 'block'"

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason=f"the shared corpus is absent ({CORPUS} not found)"
)


@pytest.fixture(scope="module")
def reader_set(service) -> str:
    """The reader set, made once on the session's service."""
    token = service.user("reader9")
    return make_reader_set(service, token)


def reader_browser(make_browser, service, reader_set, name: str, **options):
    """A fresh profile following the demo set and the reader set."""
    browser = make_browser(name, **options)
    browser.set_service(service.url)
    for set_id in (service.demo_set_id(), reader_set):
        reply = browser.send({"type": "footnote/follow-set", "setId": set_id})
        assert reply.get("status") == "ok", reply
    return browser


def reader_page(make_browser, service, reader_set, site, name: str, page_name: str):
    """A fresh reader profile with one of page_urls() open and its marks drawn."""
    browser = reader_browser(make_browser, service, reader_set, name)
    page = browser.context.new_page()
    page.goto(page_urls(site)[page_name])
    wait_for_marks(page)
    return browser, page


def first_mark_in_text(page, *, touch: bool) -> int:
    """Index (among ours) of the first mark in running text with a box, scrolling down to draw
    more when needed; on touch screens not one inside a link (a tap there follows the link)."""
    skip = "a, aside, nav, figure" if touch else "aside, nav, figure"
    for screen in range(30):
        index = page.evaluate(
            """(skip) => [...document.querySelectorAll('footnote-mark[tabindex]')].findIndex((m) =>
                  !m.closest(skip) && m.getClientRects().length > 0)""",
            skip,
        )
        if index >= 0:
            return index
        page.evaluate("(n) => window.scrollTo(0, n * window.innerHeight)", screen + 1)
        page.wait_for_timeout(150)
    return -1


def open_card_on(page, index: int, touch: bool, block: str) -> dict:
    """Scrolls our index-th mark to `block` of the viewport and opens its card; returns geometry."""
    page.evaluate(
        """([i, block]) => [...document.querySelectorAll('footnote-mark[tabindex]')][i]
              .scrollIntoView({block})""",
        [index, block],
    )
    page.wait_for_timeout(150)
    locator = page.locator("footnote-mark[tabindex]").nth(index)
    if touch:
        locator.tap()
    else:
        locator.hover()
    page.wait_for_function(
        "() => { const c = document.querySelector('footnote-card');"
        " return c && c.style.display === 'block'; }"
    )
    page.wait_for_timeout(100)
    return {"card": host_rect(page, "footnote-card"), "mark": mark_rects(page, index)}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_card_and_banner_fit_every_viewport(
    make_browser, service, site, reader_set, viewport
) -> None:
    options = VIEWPORTS[viewport]
    touch = bool(options.get("has_touch"))
    browser = reader_browser(make_browser, service, reader_set, viewport, **options)
    page = browser.context.new_page()
    for name, url in page_urls(site).items():
        page.goto(url)
        wait_for_marks(page)
        page.wait_for_function("() => document.querySelector('footnote-banner') !== null")
        page.evaluate("() => window.scrollTo(0, 0)")
        # The layout viewport: a page without <meta name=viewport> is laid out 980 px wide on a
        # phone and shown zoomed out, so that, not the screen's 390 px, is what must hold the card.
        size = page.evaluate(
            "() => ({width: document.documentElement.clientWidth,"
            " height: document.documentElement.clientHeight})"
        )

        # The banner: docked in the page's flow, slim, over no text at all.
        banner = host_rect(page, "footnote-banner")
        assert banner is not None and banner["height"] <= 48, (name, banner)
        assert banner["width"] <= size["width"] + 0.5, (name, banner)
        assert text_rects_under(page, banner) == [], name
        banner_text = shadow_content(page, "footnote-banner")["text"]
        assert "Site label" in banner_text and "Details" in banner_text
        shot(page, f"banner-{name}-{viewport}")

        # The card, with its mark mid-screen and at the bottom edge (where it must flip above).
        geometry = {}
        index = first_mark_in_text(page, touch=touch)
        assert index >= 0, name
        for block in ("center", "end"):
            found = open_card_on(page, index, touch, block)
            card, rects = found["card"], found["mark"]
            assert card is not None, (name, block)
            assert card["left"] >= 0 and card["top"] >= 0, (name, block, card)
            assert card["right"] <= size["width"] + 0.5, (name, block, card)
            assert card["bottom"] <= size["height"] + 0.5, (name, block, card)
            for rect in rects:
                assert not overlaps(card, rect), (name, block, card, rect)
            geometry[block] = {k: round(v) for k, v in card.items()}
            if block == "center":
                shot(page, f"card-{name}-{viewport}")
            page.mouse.move(1, 1)
            page.keyboard.press("Escape")
            page.evaluate("() => document.activeElement?.blur()")
        geometry["layout viewport"] = size
        record_figure("card geometry", f"{name} @ {viewport}", geometry)


VISUAL_VIEWPORT = (
    "() => ({left: visualViewport.offsetLeft, top: visualViewport.offsetTop,"
    " width: visualViewport.width, height: visualViewport.height, scale: visualViewport.scale})"
)


def assert_card_reads_on_the_phone(page, index: int, what: str) -> dict:
    """The open card is inside what the phone shows, at a phone card's size on screen, and not
    over its mark; returns its geometry (layout px, and its width on screen)."""
    seen = page.evaluate(VISUAL_VIEWPORT)
    card = host_rect(page, "footnote-card")
    assert card is not None, what
    assert card["left"] >= seen["left"] - 0.5 and card["top"] >= seen["top"] - 0.5, (what, card)
    assert card["right"] <= seen["left"] + seen["width"] + 0.5, (what, card, seen)
    assert card["bottom"] <= seen["top"] + seen["height"] + 0.5, (what, card, seen)
    for rect in mark_rects(page, index):
        assert not overlaps(card, rect), (what, card, rect)
    # On screen: the width of a card on a 390 px phone (360 px), not a third of it.
    on_screen = card["width"] * seen["scale"]
    assert 340 <= on_screen <= 390 - 2 * 8 + 0.5, (what, on_screen, seen)
    return {"card": {k: round(v) for k, v in card.items()}, "on screen px": round(on_screen)}


def test_the_card_reads_at_phone_size_on_a_page_laid_out_for_a_desktop(
    make_browser, service, site, reader_set
) -> None:
    """wikipedia-2 has no <meta name=viewport>: a phone lays it out 980 px wide and shows it
    zoomed out (scale about 0.4). The card is zoomed back and placed in what the phone shows,
    also after a pinch zoom."""
    browser = reader_browser(
        make_browser, service, reader_set, "zoomed-out", **VIEWPORTS["phone-390x844"]
    )
    page = browser.context.new_page()
    page.goto(page_urls(site)["wikipedia-2"])
    wait_for_marks(page)
    assert page.evaluate("() => !document.querySelector('meta[name=viewport]')")
    seen = page.evaluate(VISUAL_VIEWPORT)
    assert seen["width"] > 900 and seen["scale"] < 0.5, seen  # really shown zoomed out
    index = first_mark_in_text(page, touch=True)
    assert index >= 0
    figures = {}
    for block in ("center", "end"):
        open_card_on(page, index, True, block)
        figures[block] = assert_card_reads_on_the_phone(page, index, block)
        page.keyboard.press("Escape")
        page.evaluate("() => document.activeElement?.blur()")

    # The reader zooms in to scale 1 (a pinch of about 2.5x) and moves to the mark: the visible
    # part is now a 390 px window inside the 980 px layout, and the card must stay in it.
    cdp = browser.context.new_cdp_session(page)
    cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 1.0})
    page.wait_for_function("() => visualViewport.scale > 0.99")
    page.evaluate(
        "(i) => [...document.querySelectorAll('footnote-mark[tabindex]')][i]"
        ".scrollIntoView({block: 'center', inline: 'center'})",
        index,
    )
    page.wait_for_timeout(300)
    pinched = page.evaluate(VISUAL_VIEWPORT)
    rect = mark_rects(page, index)[0]
    assert rect["top"] >= pinched["top"] and rect["bottom"] <= pinched["top"] + pinched["height"]
    # A tap where the mark is on the screen (relative to the visible part, times its scale).
    page.touchscreen.tap(
        (rect["left"] + 4 - pinched["left"]) * pinched["scale"],
        (rect["top"] + 4 - pinched["top"]) * pinched["scale"],
    )
    page.wait_for_function(CARD_OPEN)
    page.wait_for_timeout(150)
    seen_card = host_rect(page, "footnote-card")
    assert seen_card["left"] >= pinched["left"] - 0.5, (seen_card, pinched)
    assert seen_card["right"] <= pinched["left"] + pinched["width"] + 0.5, (seen_card, pinched)
    assert seen_card["top"] >= pinched["top"] - 0.5, (seen_card, pinched)
    assert seen_card["bottom"] <= pinched["top"] + pinched["height"] + 0.5, (seen_card, pinched)
    figures["pinched"] = {"visual viewport": pinched, "card": seen_card}
    record_figure("card geometry", "wikipedia-2 zoomed out @ phone-390x844", figures)


def test_one_tab_stop_per_annotation_and_arrow_keys_between_occurrences(
    make_browser, service, site, reader_set
) -> None:
    _browser, page = reader_page(make_browser, service, reader_set, site, "keys", "clean-links")
    # Scroll through the whole page so every occurrence is drawn (they are drawn near the viewport).
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate("(y) => window.scrollTo(0, y)", y)
        page.wait_for_timeout(30)
    page.wait_for_timeout(300)
    counts = page.evaluate(
        """() => {
            const ours = [...document.querySelectorAll('footnote-mark[tabindex]')];
            return {marks: ours.length,
                    stops: ours.filter((m) => m.getAttribute('tabindex') === '0').length,
                    labels: new Set(ours.map((m) => m.getAttribute('aria-label')
                      .split(':')[0])).size};
        }"""
    )
    # Before issue 9 every mark was a Tab stop: the "before" figure is the number of marks.
    record_figure("tab stops on clean-links", "before (one per mark)", counts["marks"])
    record_figure("tab stops on clean-links", "after (one per annotation)", counts["stops"])
    assert counts["marks"] > 100, counts
    assert counts["stops"] == counts["labels"], counts

    first = page.locator("footnote-mark[tabindex='0']", has_text="Bartleby").first
    label = first.get_attribute("aria-label")
    assert label.startswith("Missing context claim: Bartleby") and label.endswith(
        "Press Enter for details"
    ), label
    first.focus()
    assert card_visible(page)
    assert "1 of" in shadow_content(page, "footnote-card")["text"]
    page.keyboard.press("ArrowRight")
    moved = page.evaluate(
        """() => ({tag: document.activeElement.localName,
                   tabindex: document.activeElement.getAttribute('tabindex'),
                   stops: document.querySelectorAll('footnote-mark[tabindex="0"]').length})"""
    )
    assert moved == {"tag": "footnote-mark", "tabindex": "0", "stops": counts["stops"]}, moved
    assert "2 of" in shadow_content(page, "footnote-card")["text"]
    page.keyboard.press("ArrowLeft")
    assert "1 of" in shadow_content(page, "footnote-card")["text"]

    # Enter moves into the card; Escape closes it and returns focus to the mark, card stays shut.
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.localName") == "footnote-card"
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert page.evaluate("() => document.activeElement.localName") == "footnote-mark"
    assert not card_visible(page)

    # Tab from the mark leaves that annotation: the next stop is never another of its occurrences.
    page.keyboard.press("Tab")
    after = page.evaluate(
        "() => document.activeElement.localName === 'footnote-mark'"
        " ? document.activeElement.getAttribute('aria-label') : 'not a mark'"
    )
    assert after != label


def test_cards_lead_to_the_annotation_and_its_set_and_hide_all_from_the_popup(
    make_browser, service, site, reader_set
) -> None:
    browser, page = reader_page(make_browser, service, reader_set, site, "links", "seed")
    mark = page.locator("footnote-mark[tabindex]", has_text="Open-Source").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    page.wait_for_function(CARD_OPEN)
    card = shadow_content(page, "footnote-card")
    demo = service.demo_set_id()
    assert f"{service.url}/sets/{demo}" in card["links"]
    permalinks = [link for link in card["links"] if "/annotations/" in link]
    assert permalinks and permalinks[0].startswith(f"{service.url}/annotations/")
    answer = page.context.request.get(permalinks[0])
    assert answer.status == 200 and "Open-source AI claims" in answer.text()
    # Every occurrence of a label with a verdict carries its badge (all or none, never some).
    badges = page.evaluate(
        """() => [...document.querySelectorAll('footnote-mark[tabindex]')]
              .filter((m) => /^Disputed claim/.test(m.getAttribute('aria-label')))
              .map((m) => m.querySelector('footnote-badge') !== null)"""
    )
    assert badges and all(badges), badges

    popup = browser.popup_for(page)
    popup.wait_for_selector("#hide-all:not([hidden])")
    popup.click("#hide-all")
    page.wait_for_function("() => document.querySelectorAll('footnote-mark').length === 0")
    assert page.evaluate("() => document.querySelector('footnote-banner')") is None
    popup.wait_for_function("() => document.querySelector('#hide-all').ariaPressed === 'true'")
    assert popup.get_attribute("#hide-all", "aria-pressed") == "true"
    popup.click("#hide-all")
    wait_for_marks(page)


def test_a_hidden_banner_stays_hidden_until_its_label_changes(make_browser, service, site) -> None:
    token = service.user("banner-owner")
    set_id = make_reader_set(service, token)
    browser = make_browser("banner")
    browser.set_service(service.url)
    assert browser.send({"type": "footnote/follow-set", "setId": set_id}).get("status") == "ok"
    page = browser.context.new_page()
    url = page_urls(site)["seed"]
    page.goto(url)
    page.wait_for_function("() => document.querySelector('footnote-banner') !== null")
    click_in_shadow(page, "footnote-banner", "button", "×")
    page.wait_for_function("() => document.querySelector('footnote-banner') === null")
    page.reload()
    page.wait_for_timeout(2500)  # this set has no claim on the seed page: nothing else to wait for
    assert page.evaluate("() => document.querySelector('footnote-banner')") is None

    site_label = next(
        a
        for a in service.ok("GET", f"/api/sets/{set_id}/annotations", None, token)["annotations"]
        if a["kind"] == "site"
    )
    annotation_id = site_label["id"].rsplit("/", 1)[-1]
    service.ok(
        "PATCH",
        f"/api/annotations/{annotation_id}",
        {"body": {"type": "TextualBody", "value": "Changed.", "purpose": "describing"}},
        token,
    )
    browser.sync_now()
    page.reload()
    page.wait_for_function("() => document.querySelector('footnote-banner') !== null")
    assert "Changed." in shadow_content(page, "footnote-banner")["text"]


def test_axe_finds_nothing_serious_on_card_banner_popup_and_options(
    make_browser, service, site, reader_set
) -> None:
    browser, page = reader_page(make_browser, service, reader_set, site, "axe", "seed")
    page.wait_for_function("() => document.querySelector('footnote-banner') !== null")
    mark = page.locator("footnote-mark[tabindex]", has_text="Open-Source").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    page.wait_for_function(CARD_OPEN)
    results = {
        "card": axe_on_shadow_copy(page, "footnote-card"),
        "banner": axe_on_shadow_copy(page, "footnote-banner"),
    }
    popup = browser.popup_for(page)
    popup.wait_for_selector("#page .group")
    results["popup"] = run_axe(popup)
    options = browser.options()
    options.wait_for_selector("#follows li")
    results["options"] = run_axe(options)
    for where, violations in results.items():
        record_figure("axe serious+critical", where, len(violations))
    assert results == {k: [] for k in results}, results


def test_axe_finds_nothing_serious_on_every_web_page(make_browser, service) -> None:
    """Every page of the service, signed out and signed in, with its once-only secrets shown."""
    browser = make_browser("web-axe")
    page = browser.context.new_page()
    demo = service.demo_set_id()
    results: dict[str, list] = {}

    def check(name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(service.url + path)
        results[name] = run_axe(page)
        record_figure("axe serious+critical", f"web {name}", len(results[name]))

    check("home (signed out)", "/")
    check("sign in", "/signin")
    check("register", "/register")
    check("install", "/install")
    check("demo set", f"/sets/{demo}")
    # A register form with every error at once (the browser's own checks switched off).
    page.goto(service.url + "/register")
    page.evaluate("() => document.querySelector('form.card').noValidate = true")
    page.fill("#username", "x")
    page.fill("#password", "short")
    page.fill("#password2", "other")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#form-error li")
    check("register with errors")
    # Signed in: an owner's set page with a new share link, the share page, tokens with a new one.
    page.fill("#username", "web-axe")
    page.fill("#password", "a long enough password")
    page.fill("#password2", "a long enough password")
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".whoami")
    check("home (signed in)", "/")
    page.fill("#new-title", "Axe desk")
    page.click("form[action='/sets'] button[type=submit]")
    page.wait_for_selector("#manage-heading")
    page.click("form[action$='/share-links'] button[type=submit]")
    page.wait_for_selector("#new-share-url")
    check("owner set page with a new share link")
    share_url = page.input_value("#new-share-url")
    check("share page", share_url.replace(service.url, ""))
    page.goto(service.url + "/account/tokens")
    page.fill("#token-name", "axe")
    page.click("form[action='/account/tokens'] button[type=submit]")
    page.wait_for_selector("#new-token-value")
    check("tokens with a new token")
    # The Copy button: revealed by copy.js (the one script the CSP allows), and it copies.
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#new-token button[data-copy]")
    page.wait_for_function("() => document.getElementById('new-token-value-status').textContent")
    token = page.input_value("#new-token-value")
    assert page.evaluate("() => navigator.clipboard.readText()") == token
    annotation = service.ok("GET", f"/api/sets/{demo}/annotations")["annotations"][0]
    check("annotation page", "/annotations/" + annotation["id"].rsplit("/", 1)[-1])
    assert results == {k: [] for k in results}, results
