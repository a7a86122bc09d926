"""Issue 10, the extension: readers talk back from the card in real Chromium. Reply and see it
threaded (collapsed past two), rate helpful, change to not helpful, remove; report "wrong on this
page" into the editors' inbox; the bridging status on the card after `footnote ratings score`;
hiding annotations rated not helpful; axe-core, phone geometry, a screenshot with actions open."""

from __future__ import annotations

import os

import pytest

from footnote import store
from footnote.db import connect

from .extension import (
    _attrs,
    _shadow_nodes,
    _text_of,
    click_in_shadow,
    select_in_shadow,
    shadow_content,
    type_in_shadow,
    wait_for_marks,
    wait_for_shadow_text,
)
from .reader_page import axe_on_shadow_copy, host_rect
from .servers import REPO, Service, run_cli

PASSWORD = "correct horse battery"
CARD_OPEN = "() => document.querySelector('footnote-card')?.style.display === 'block'"
PANEL_OPEN = "() => document.querySelector('footnote-panel')?.style.display === 'block'"
# As in reader_page.py: docs/screenshots/ only on request, so a run leaves tracked files alone.
SCREENSHOTS = (
    REPO / "docs" / "screenshots"
    if os.environ.get("FOOTNOTE_UPDATE_SCREENSHOTS") == "1"
    else REPO / "test-results"
)


def claim(words: list[list[str]], text: str, verdict: str = "disputed", highlight: int = 0) -> dict:
    """A claim label on the given alias groups, highlighting group `highlight`."""
    return {
        "kind": "claim",
        "motivation": "assessing",
        "verdict": verdict,
        "body": {"type": "TextualBody", "value": text, "purpose": "describing"},
        "target": {
            "selector": {"type": "ClaimPatternSelector", "all": words, "highlight": highlight}
        },
    }


@pytest.fixture(scope="module")
def talk(service: Service) -> dict:
    """A public set with open replies and bridging: one label to talk back on, one that raters
    from both camps reject (with a history that shows their camps), and a reader account."""
    owner = service.user("talk-owner")
    made = service.ok(
        "POST", "/api/sets", {"title": "Talk-back checks", "visibility": "public"}, owner
    )
    set_id = made["id"]
    service.ok("PATCH", f"/api/sets/{set_id}", {"openReplies": True, "bridging": True}, owner)

    def add(body: dict) -> str:
        created = service.ok("POST", f"/api/sets/{set_id}/annotations", body, owner)
        return created["id"].rstrip("/").rsplit("/", 1)[-1]

    label = add(claim([["llama 4"], ["open source"]], "The licence restricts use.", highlight=1))
    rejected = add(claim([["nothing else"]], "Everything here is labelled.", "false"))
    history = [add(claim([[f"zzqx{k} never on a page"]], f"history {k}")) for k in range(12)]
    reader = service.user("talk-reader")
    return {
        "set": set_id,
        "owner": owner,
        "label": label,
        "rejected": rejected,
        "history": history,
        "reader": reader,
    }


def reader_browser(make_browser, service: Service, talk: dict, name: str, **options):
    """A fresh profile, signed in as the reader, following the talk-back set."""
    browser = make_browser(name, **options)
    browser.set_service(service.url)
    signed = browser.send(
        {"type": "footnote/sign-in", "username": "talk-reader", "password": PASSWORD}
    )
    assert signed.get("settings", {}).get("signedIn"), signed
    reply = browser.send({"type": "footnote/follow-set", "setId": talk["set"]})
    assert reply.get("status") == "ok", reply
    return browser


def open_card(page, phrase: str = "open source") -> None:
    """Hovers the mark on `phrase` and waits for its card."""
    page.locator("footnote-mark", has_text=phrase).first.hover()
    page.wait_for_function(CARD_OPEN)


def replies_to(service: Service, talk: dict) -> list[dict]:
    """The replies to the talk-back label on the service, oldest first."""
    path = f"/api/sets/{talk['set']}/annotations?limit=200"
    listed = service.ok("GET", path, token=talk["owner"])["annotations"]
    replies = [
        a
        for a in listed
        if a.get("motivation") == "replying"
        and a["target"]["source"].endswith(f"/api/annotations/{talk['label']}")
    ]
    return sorted(replies, key=lambda a: a["created"])


def card_action(browser, site, action: str):
    """The plain article in a new tab, its label's card open and `action` clicked on it."""
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    wait_for_marks(page)
    open_card(page)
    click_in_shadow(page, "footnote-card", "button", action)
    return page


def ensure_three_replies(service: Service, talk: dict, page) -> list[dict]:
    """Tops the label's thread up to three replies (earlier tests in this module add some)."""
    for n in range(3 - len(replies_to(service, talk))):
        page.wait_for_timeout(1100)  # one reply per second: dates have whole seconds
        service.ok(
            "POST",
            f"/api/annotations/{talk['label']}/replies",
            {"body": {"type": "TextualBody", "value": f"A reply ({n + 1})."}},
            talk["owner"],
        )
    replies = replies_to(service, talk)
    assert len(replies) == 3, replies
    return replies


def panel_entry(nodes: list[dict], label: str) -> list[dict]:
    """Every node of the panel's entry for annotation `label`, in document order."""
    entry = next(
        n
        for n in nodes
        if n.get("localName") == "li" and f"/{label}" in _attrs(n).get("data-key", "")
    )
    found: list[dict] = []

    def walk(n: dict) -> None:
        found.append(n)
        for child in n.get("children", []):
            walk(child)

    walk(entry)
    return found


def panel_thread(page, label: str) -> list[str]:
    """The reply ids the panel shows under the entry of annotation `label`."""
    session, nodes = _shadow_nodes(page, "footnote-panel")
    session.detach()
    return [
        _attrs(n)["data-reply"]
        for n in panel_entry(nodes, label)
        if n.get("localName") == "li" and "data-reply" in _attrs(n)
    ]


def click_in_panel_entry(page, label: str, text: str) -> None:
    """Clicks (real mouse) the button saying `text` in the panel's entry for `label`."""
    session, nodes = _shadow_nodes(page, "footnote-panel")
    try:
        button = next(
            n
            for n in panel_entry(nodes, label)
            if n.get("localName") == "button" and _text_of(n).strip() == text
        )
        session.send("DOM.scrollIntoViewIfNeeded", {"nodeId": button["nodeId"]})
        quad = session.send("DOM.getBoxModel", {"nodeId": button["nodeId"]})["model"]["border"]
    finally:
        session.detach()
    page.mouse.click(sum(quad[0::2]) / 4, sum(quad[1::2]) / 4)


def rating_of(service: Service, talk: dict, label: str) -> tuple[int, object]:
    return service.api("GET", f"/api/annotations/{label}/rating", token=talk["reader"])


def test_reply_from_the_card_is_threaded_and_collapses_past_two(
    make_browser, service, site, talk
) -> None:
    browser = reader_browser(make_browser, service, talk, "talk-reply")
    page = card_action(browser, site, "Reply")
    shown = wait_for_shadow_text(page, "footnote-card", "Sends your reply and your account name")
    assert "Nothing about this page is sent" in shown["text"]
    type_in_shadow(page, "footnote-card", "reply", "The licence changed in May.")
    click_in_shadow(page, "footnote-card", "button", "Send reply")
    content = wait_for_shadow_text(page, "footnote-card", "Reply sent.")
    assert "The licence changed in May." in content["text"]

    # On the service: a `replying` annotation whose target is the label's IRI.
    replies = replies_to(service, talk)
    assert [r["body"][0]["value"] for r in replies] == ["The licence changed in May."], replies
    assert replies[0]["target"]["source"].endswith(f"/api/annotations/{talk['label']}")
    assert replies[0]["creator"]["name"] == "talk-reader"

    # Two more replies from elsewhere: after a sync the card shows two and "Show 1 more reply".
    for text in ("Second reply.", "Third reply."):
        page.wait_for_timeout(1100)  # dates have whole seconds: one reply per second reads in order
        service.ok(
            "POST",
            f"/api/annotations/{talk['label']}/replies",
            {"body": {"type": "TextualBody", "value": text}},
            talk["owner"],
        )
    browser.sync_now()
    page.reload()
    wait_for_marks(page)
    open_card(page)
    content = wait_for_shadow_text(page, "footnote-card", "Show 1 more reply")
    assert "Second reply." in content["text"] and "Third reply." not in content["text"]
    click_in_shadow(page, "footnote-card", "button", "Show 1 more reply")
    wait_for_shadow_text(page, "footnote-card", "Third reply.")
    # Replies are threads only: nothing on the page is drawn for them.
    assert {m["text"] for m in wait_for_marks(page)} <= {"open source", "Nothing else"}


def test_rate_helpful_then_not_helpful_then_remove(make_browser, service, site, talk) -> None:
    browser = reader_browser(make_browser, service, talk, "talk-rate")
    page = card_action(browser, site, "Helpful")
    shown = wait_for_shadow_text(page, "footnote-card", "your account name to 127.0.0.1")
    assert "Nothing about this page is sent" in shown["text"]
    assert rating_of(service, talk, talk["label"])[0] == 404, "nothing sent before Send"

    # A sync that changes the set redraws every mark while the confirmation is open: the card
    # stays open on the new mark, with the confirmation in it.
    page.evaluate("() => { window.__oldMark = document.querySelector('footnote-mark[tabindex]'); }")
    service.ok(
        "POST",
        f"/api/sets/{talk['set']}/annotations",
        claim([["zzqx redraw never on a page"]], "Changes the set's revision."),
        talk["owner"],
    )
    browser.sync_now()
    page.wait_for_function("() => window.__oldMark && !window.__oldMark.isConnected")
    wait_for_marks(page)
    assert page.evaluate(CARD_OPEN), "a redraw closed the open card"
    assert "your account name to 127.0.0.1" in shadow_content(page, "footnote-card")["text"]
    anchored = page.evaluate(
        """() => {
          const card = document.querySelector('footnote-card').getBoundingClientRect();
          const mark = [...document.querySelectorAll('footnote-mark[tabindex]')]
            .find((m) => m.textContent === 'open source').getBoundingClientRect();
          const below = Math.abs(card.top - mark.bottom);
          return { gap: Math.min(below, Math.abs(mark.top - card.bottom)) };
        }"""
    )
    assert anchored["gap"] < 40, anchored  # next to the redrawn mark, not where the old one was
    click_in_shadow(page, "footnote-card", "button", "Send: helpful")
    wait_for_shadow_text(page, "footnote-card", "Your rating: helpful")
    status, rating = rating_of(service, talk, talk["label"])
    assert status == 200 and rating["helpful"] is True and rating["reason"] is None

    click_in_shadow(page, "footnote-card", "button", "Not helpful")
    wait_for_shadow_text(page, "footnote-card", "Changes your rating")
    select_in_shadow(page, "footnote-card", "reason", "Outdated")
    click_in_shadow(page, "footnote-card", "button", "Send: not helpful")
    wait_for_shadow_text(page, "footnote-card", "Your rating: not helpful (Outdated)")
    status, rating = rating_of(service, talk, talk["label"])
    assert status == 200 and rating["helpful"] is False and rating["reason"] == "outdated"

    # The rating is remembered: a new page's card shows it without asking the service.
    page.reload()
    wait_for_marks(page)
    open_card(page)
    wait_for_shadow_text(page, "footnote-card", "Your rating: not helpful (Outdated)")
    click_in_shadow(page, "footnote-card", "button", "Remove rating")
    wait_for_shadow_text(page, "footnote-card", "withdraw your rating")
    click_in_shadow(page, "footnote-card", "button", "Remove my rating")
    wait_for_shadow_text(page, "footnote-card", "Your rating was removed.")
    assert rating_of(service, talk, talk["label"])[0] == 404


def test_report_wrong_on_this_page_reaches_the_inbox(make_browser, service, site, talk) -> None:
    browser = reader_browser(make_browser, service, talk, "talk-report")
    page = browser.context.new_page()
    url = f"{site.url}/pages/plain-article.html"
    page.goto(url)
    wait_for_marks(page)
    open_card(page)
    click_in_shadow(page, "footnote-card", "button", "Wrong on this page")
    sentence = "Analysts still describe Llama 4 as open source in their reports."
    shown = wait_for_shadow_text(page, "footnote-card", "Sends this page's address")
    assert url in shown["text"] and f"“{sentence}”" in shown["text"]
    select_in_shadow(page, "footnote-card", "reason", "The page only quotes or reports the claim")
    click_in_shadow(page, "footnote-card", "button", "Send report")
    wait_for_shadow_text(page, "footnote-card", "Reported to the set’s editors")

    inbox = service.ok("GET", f"/api/sets/{talk['set']}/reports", token=talk["owner"])
    [group] = [g for g in inbox["labels"] if g["annotation"]["id"].endswith(talk["label"])]
    [report] = group["reports"]
    assert report["url"] == url and report["sentence"] == sentence
    assert report["reasons"] == {"quotes-claim": 1}


def seed_camps(service: Service, talk: dict) -> None:
    """Twelve raters in two camps: a history that shows their camps, and all reject one label."""
    db = connect(str(service.db))
    try:
        for camp in ("a", "b"):
            for i in range(6):
                user = store.create_user(db, f"talk-{camp}rater{i}", None)["id"]
                for k, note in enumerate(talk["history"]):
                    store.put_rating(db, note, user, (camp == "a") == (k % 2 == 0), None)
                store.put_rating(db, talk["rejected"], user, False, "wrong-verdict")
    finally:
        db.close()


def test_status_on_the_card_and_hiding_annotations_rated_not_helpful(
    make_browser, service, site, talk
) -> None:
    seed_camps(service, talk)
    out = run_cli("ratings", "score", db=service.db)
    assert "status(es) changed" in out
    browser = reader_browser(make_browser, service, talk, "talk-status")
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    texts = {m["text"] for m in wait_for_marks(page, 2)}
    assert texts == {"open source", "Nothing else"}
    open_card(page, "Nothing else")
    wait_for_shadow_text(page, "footnote-card", "Rated not helpful")
    page.mouse.move(1, 1)
    page.wait_for_function("() => !(" + CARD_OPEN[6:] + ")")
    open_card(page)
    wait_for_shadow_text(page, "footnote-card", "Needs more ratings")

    # Options → Reading: the switch hides the rejected label on open pages; the other stays.
    options = browser.options()
    options.check("#hide-not-helpful")
    page.wait_for_function(
        """() => ![...document.querySelectorAll('footnote-mark')]
             .some((m) => m.textContent === 'Nothing else')"""
    )
    assert {m["text"] for m in wait_for_marks(page)} == {"open source"}
    assert browser.storage()["settings"]["hideNotHelpful"] is True
    options.uncheck("#hide-not-helpful")
    wait_for_marks(page, 2)


def test_signed_out_cards_say_sign_in_is_needed(make_browser, service, site, talk) -> None:
    browser = make_browser("talk-signed-out")
    browser.set_service(service.url)
    assert browser.send({"type": "footnote/follow-set", "setId": talk["set"]})["status"] == "ok"
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    wait_for_marks(page)
    open_card(page)
    buttons = shadow_content(page, "footnote-card")["buttons"]
    assert "Sign in to reply, rate or report" in buttons
    assert "Helpful" not in buttons
    with browser.context.expect_page() as opened:
        click_in_shadow(page, "footnote-card", "button", "Sign in to reply, rate or report")
    options = opened.value
    options.wait_for_selector("#sign-in-form")
    assert options.url == browser.ext_url("options.html")


def test_card_with_actions_open_passes_axe_and_fits_a_phone(
    make_browser, service, site, talk
) -> None:
    browser = reader_browser(
        make_browser,
        service,
        talk,
        "talk-phone",
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/phone-article.html")  # a page made for phones (meta viewport)
    wait_for_marks(page)
    page.locator("footnote-mark", has_text="open source").first.tap()
    page.wait_for_function(CARD_OPEN)
    click_in_shadow(page, "footnote-card", "button", "Wrong on this page")
    wait_for_shadow_text(page, "footnote-card", "Sends this page's address")
    rect = host_rect(page, "footnote-card")
    assert rect, "the card is open"
    assert rect["left"] >= 0 and rect["right"] <= 390, rect
    assert rect["top"] >= 0 and rect["bottom"] <= 844, rect
    mark = page.locator("footnote-mark", has_text="open source").first.bounding_box()
    assert mark["y"] + mark["height"] <= rect["top"] or rect["bottom"] <= mark["y"], (mark, rect)
    assert axe_on_shadow_copy(page, "footnote-card") == []


def test_screenshot_of_the_card_with_a_thread_and_actions(make_browser, service, site, talk):
    browser = reader_browser(
        make_browser, service, talk, "talk-shot", viewport={"width": 900, "height": 640}
    )
    for n in range(3 - len(replies_to(service, talk))):
        browser.options().wait_for_timeout(1100)  # one reply per second: dates have whole seconds
        service.ok(
            "POST",
            f"/api/annotations/{talk['label']}/replies",
            {"body": {"type": "TextualBody", "value": f"A reply ({n + 1})."}},
            talk["owner"],
        )
    browser.sync_now()
    page = card_action(browser, site, "Not helpful")
    wait_for_shadow_text(page, "footnote-card", "Sends your rating")
    assert axe_on_shadow_copy(page, "footnote-card") == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "talk-back-card.png"))


def test_the_panel_shows_the_thread_collapsed_past_two_and_search_finds_replies(
    make_browser, service, site, talk
) -> None:
    browser = reader_browser(make_browser, service, talk, "talk-panel")
    replies = ensure_three_replies(service, talk, browser.options())
    browser.sync_now()
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    wait_for_marks(page)
    page.keyboard.press("Alt+Shift+P")
    page.wait_for_function(PANEL_OPEN)
    content = wait_for_shadow_text(page, "footnote-panel", "Show 1 more reply")
    first, second, third = (r["body"][0]["value"] for r in replies)
    assert first in content["text"] and second in content["text"], content["text"]
    assert len(panel_thread(page, talk["label"])) == 2

    click_in_shadow(page, "footnote-panel", "button", "Show 1 more reply")
    wait_for_shadow_text(page, "footnote-panel", third)
    assert len(panel_thread(page, talk["label"])) == 3
    assert "Show 1 more reply" not in shadow_content(page, "footnote-panel")["text"]
    assert axe_on_shadow_copy(page, "footnote-panel") == []

    # The search box matches reply text: a word only the third reply holds keeps the label.
    type_in_shadow(page, "footnote-panel", "query", third)
    wait_for_shadow_text(page, "footnote-panel", "Show 1 more reply")
    type_in_shadow(page, "footnote-panel", "query", "no such words in any reply")
    wait_for_shadow_text(page, "footnote-panel", "Nothing matches these filters.")


def test_the_panel_entry_talks_back_like_the_card(make_browser, service, site, talk) -> None:
    browser = reader_browser(make_browser, service, talk, "talk-panel-reply")
    before = len(replies_to(service, talk))
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    wait_for_marks(page)
    page.keyboard.press("Alt+Shift+P")
    page.wait_for_function(PANEL_OPEN)
    wait_for_shadow_text(page, "footnote-panel", "Wrong on this page")
    click_in_panel_entry(page, talk["label"], "Reply")
    shown = wait_for_shadow_text(page, "footnote-panel", "Sends your reply and your account name")
    assert "Nothing about this page is sent" in shown["text"]
    assert len(replies_to(service, talk)) == before, "nothing is sent before Send"
    assert axe_on_shadow_copy(page, "footnote-panel") == []
    type_in_shadow(page, "footnote-panel", "reply", "Answered from the panel.")
    # The page redraws (a new storage revision) while the reader writes: the form stays.
    changed = browser.send({"type": "footnote/set-preferences", "hideNotHelpful": False})
    assert "settings" in changed, changed
    page.wait_for_timeout(1000)
    click_in_shadow(page, "footnote-panel", "button", "Send reply")
    wait_for_shadow_text(page, "footnote-panel", "Reply sent.")
    replies = replies_to(service, talk)
    assert len(replies) == before + 1 and replies[-1]["body"][0]["value"] == (
        "Answered from the panel."
    ), replies
    assert replies[-1]["creator"]["name"] == "talk-reader"
