"""Issue 4, test 2: annotate a corpus sentence; it survives a reload and reaches a second profile,
and so do an edit and a delete."""

from __future__ import annotations

import pytest

from .conftest import CORPUS
from .extension import (
    click_in_shadow,
    marks,
    scroll_to_text,
    select_text,
    shadow_content,
    type_in_shadow,
    wait_for_marks,
    wait_for_shadow_text,
    wait_for_ui,
)

PAGE = CORPUS / "readability" / "ars-1" / "source.html"
SENTENCE = (
    "The vulnerability stems from the fact that the client is allowed to send the server "
    "information about certain slots."
)

pytestmark = pytest.mark.skipif(not PAGE.exists(), reason=f"the shared corpus is absent ({PAGE})")


def signed_in_follower(make_browser, service, name: str, username: str, set_id: str):
    """A fresh profile signed in as `username`, following `set_id`."""
    browser = make_browser(name)
    browser.set_service(service.url)
    reply = browser.send(
        {"type": "footnote/sign-in", "username": username, "password": "correct horse battery"}
    )
    assert reply.get("settings", {}).get("signedIn"), reply
    reply = browser.send({"type": "footnote/follow-set", "setId": set_id})
    assert reply.get("status") == "ok", reply
    return browser


def card_text(page) -> str:
    """Hovers the first mark and returns the card's text."""
    page.locator("footnote-mark[tabindex]").first.hover()
    page.wait_for_function(
        "() => [...document.documentElement.children].some((e) => e.localName === 'footnote-card'"
        " && e.style.display === 'block')"
    )
    return shadow_content(page, "footnote-card")["text"]


def test_annotation_round_trip_between_two_profiles(make_browser, service, site) -> None:
    owner = service.user("annotator")
    service.user("colleague")
    desk = service.ok("POST", "/api/sets", {"title": "Desk notes", "visibility": "private"}, owner)
    service.ok("PUT", f"/api/sets/{desk['id']}/members/colleague", {"role": "viewer"}, owner)
    url = f"{site.url}/corpus/readability/ars-1/source.html"

    # Profile A annotates a sentence through the popup's "Annotate selection" and the editor.
    a = signed_in_follower(make_browser, service, "a", "annotator", desk["id"])
    page = a.context.new_page()
    page.goto(url)
    select_text(page, "body", SENTENCE)
    popup = a.popup_for(page)
    popup.click("#annotate")
    page.bring_to_front()
    wait_for_ui(page, "footnote-editor")
    editor = wait_for_shadow_text(page, "footnote-editor", "Desk notes")  # the set list loaded
    assert SENTENCE in editor["text"]
    type_in_shadow(page, "footnote-editor", "text", "Checked: the bug was reported two years ago.")
    type_in_shadow(page, "footnote-editor", "tags", "minecraft, security")
    click_in_shadow(page, "footnote-editor", "button", "Save")
    drawn = wait_for_marks(page)
    assert "".join(m["text"] for m in drawn) == SENTENCE
    stored = service.ok("GET", f"/api/sets/{desk['id']}/annotations", token=owner)
    items = stored.get("annotations") or stored.get("items")
    assert len(items) == 1 and items[0]["target"]["selector"][0]["exact"] == SENTENCE
    assert items[0]["tags"] == ["minecraft", "security"]

    page.reload()
    scroll_to_text(page, SENTENCE)
    assert "".join(m["text"] for m in wait_for_marks(page)) == SENTENCE
    assert "reported two years ago" in card_text(page)

    # Profile B (a viewer member) sees it after its sync.
    b = signed_in_follower(make_browser, service, "b", "colleague", desk["id"])
    b_page = b.context.new_page()
    b_page.goto(url)
    scroll_to_text(b_page, SENTENCE)
    wait_for_marks(b_page)
    assert "reported two years ago" in card_text(b_page)
    assert "Edit" not in shadow_content(b_page, "footnote-card")["buttons"]

    # A edits through the card; B's next sync brings the new text.
    card_text(page)
    assert {"Edit", "Delete"} <= set(shadow_content(page, "footnote-card")["buttons"])
    click_in_shadow(page, "footnote-card", "button", "Edit")
    wait_for_ui(page, "footnote-editor")
    type_in_shadow(page, "footnote-editor", "text", "Edited: reported in 2015, fixed in 1.12.")
    click_in_shadow(page, "footnote-editor", "button", "Save changes")
    a.wait_for(
        lambda: (
            "fixed in 1.12"
            in str(service.ok("GET", f"/api/sets/{desk['id']}/annotations", token=owner))
        ),
        what="the edit on the service",
    )
    b.sync_now()
    b_page.reload()
    scroll_to_text(b_page, SENTENCE)
    wait_for_marks(b_page)
    assert "fixed in 1.12" in card_text(b_page)

    # A deletes it; after B's sync the mark is gone there too.
    page.reload()
    scroll_to_text(page, SENTENCE)
    wait_for_marks(page)
    card_text(page)
    click_in_shadow(page, "footnote-card", "button", "Delete")
    click_in_shadow(page, "footnote-card", "button", "Really delete?")
    page.wait_for_function("() => document.querySelectorAll('footnote-mark').length === 0")
    b.sync_now()
    b_page.reload()
    b_page.wait_for_timeout(1500)
    assert marks(b_page) == []
    assert b.storage()[f"set:svc:{desk['id']}"]["annotations"] == {}
