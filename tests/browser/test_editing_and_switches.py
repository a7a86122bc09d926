"""The editor makes claim labels too; a set's switch removes its marks cleanly and brings them
back; the toolbar badge counts what is on the page."""

from __future__ import annotations

from .extension import (
    click_in_shadow,
    select_in_shadow,
    select_text,
    type_in_shadow,
    wait_for_marks,
    wait_for_shadow_text,
    wait_for_ui,
)

CLAIM_TEXT = "Analysts still describe Llama 4 as open source in their reports."


def test_claim_label_from_a_selection(make_browser, service, site) -> None:
    owner = service.user("labeller")
    desk = service.ok("POST", "/api/sets", {"title": "Label desk", "visibility": "private"}, owner)
    browser = make_browser()
    browser.set_service(service.url)
    reply = browser.send(
        {"type": "footnote/sign-in", "username": "labeller", "password": "correct horse battery"}
    )
    assert reply.get("settings", {}).get("signedIn"), reply
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    select_text(page, "#claim", "Analysts")
    browser.popup_for(page).click("#annotate")
    page.bring_to_front()
    wait_for_ui(page, "footnote-editor")
    wait_for_shadow_text(page, "footnote-editor", "Label desk")
    select_in_shadow(page, "footnote-editor", "kind", "Claim label: mark every page that says this")
    select_in_shadow(page, "footnote-editor", "verdict", "Misleading")
    type_in_shadow(page, "footnote-editor", "also", "reports, report")
    type_in_shadow(page, "footnote-editor", "text", "They do not: see the licence.")
    click_in_shadow(page, "footnote-editor", "button", "Save")
    found = wait_for_marks(page)
    assert [m["text"] for m in found] == ["Analysts"]
    # The accessible name reads as content; the set is named in the card it opens.
    assert found[0]["label"] == "Misleading claim: Analysts. Press Enter for details"
    stored = service.ok("GET", f"/api/sets/{desk['id']}/annotations", token=owner)
    label = (stored.get("annotations") or stored.get("items"))[0]
    assert label["kind"] == "claim" and label["verdict"] == "misleading"
    assert label["target"]["selector"]["all"] == [["analysts"], ["reports", "report"]]
    # Saving followed the set, so the label fires on other pages that say the same.
    assert f"svc:{desk['id']}" in browser.follows()


def test_switching_a_set_off_removes_its_marks_cleanly(make_browser, service, site) -> None:
    browser = make_browser()
    browser.set_service(service.url)
    demo_id = service.demo_set_id()
    assert browser.send({"type": "footnote/follow-set", "setId": demo_id}).get("status") == "ok"
    page = browser.context.new_page()
    page.goto(f"{site.url}/pages/plain-article.html")
    assert [m["text"] for m in wait_for_marks(page)] == ["open source"]
    tab_id = browser.tab_id(page)
    badge = browser.options().evaluate("(id) => chrome.action.getBadgeText({tabId: id})", tab_id)
    assert badge == "1"

    popup = browser.popup_for(page)
    row = f":is(#sets, #followed) li[data-follow-id='svc:{demo_id}']"
    switch = popup.locator(f"{row} input[role=switch]")
    assert switch.is_checked()
    switch.uncheck()
    page.wait_for_function("() => document.querySelectorAll('footnote-mark').length === 0")
    paragraph = page.evaluate(
        """() => { const p = document.getElementById('claim');
                   return {nodes: p.childNodes.length, text: p.textContent,
                           kinds: [...p.childNodes].map((n) => n.nodeType)}; }"""
    )
    assert paragraph == {"nodes": 1, "text": CLAIM_TEXT, "kinds": [3]}
    assert browser.follows()[f"svc:{demo_id}"]["enabled"] is False

    switch.check()
    assert [m["text"] for m in wait_for_marks(page)] == ["open source"]
