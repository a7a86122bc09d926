"""Issue 9, point 3: signed out is a real mode. A note saved signed out goes to the local set
(this browser only), is drawn and kept across a reload, listed and exported on the options page,
sends the service nothing, and is uploaded in one step into a set once the reader signs in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import CORPUS
from .extension import (
    Browser,
    click_in_shadow,
    select_text,
    shadow_content,
    type_in_shadow,
    wait_for_marks,
    wait_for_shadow_text,
    wait_for_ui,
)
from .reader_page import run_axe, shot
from .test_reader_page import VIEWPORTS

SEED = CORPUS / "seed" / "meta-avocado-de.html"
PHRASE = "konzentrieren wir uns auf die Tatsache"
NOTE = "Kept on this device until I upload it."
LOCAL_LINE = "Saved in this browser only — Local notes"

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason=f"the shared corpus is absent ({CORPUS} not found)"
)


def open_editor_on(page, phrase: str) -> None:
    """Selects `phrase` as a drag would and presses the adder's Note."""
    select_text(page, "body", phrase)
    page.wait_for_timeout(150)
    page.evaluate("() => document.body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}))")
    page.wait_for_function(
        "() => document.querySelector('footnote-adder')?.style.display === 'block'"
    )
    click_in_shadow(page, "footnote-adder", "button", "Note")
    wait_for_ui(page, "footnote-editor")


def mark_texts(page) -> list[str]:
    """The text of our marks (with a tabindex) on the page, in order."""
    return page.evaluate(
        "() => [...document.querySelectorAll('footnote-mark[tabindex]')].map((m) => m.textContent)"
    )


def local_annotations(browser: Browser) -> dict:
    """The local set as stored."""
    return browser.storage().get("set:local", {}).get("annotations", {})


@pytest.mark.parametrize("viewport", ["desktop-1280x800", "phone-390x844"])
def test_the_editor_says_where_a_note_goes_before_it_is_written(
    make_browser, service, site, viewport
) -> None:
    browser = make_browser(f"where-{viewport}", **VIEWPORTS[viewport])
    browser.set_service(service.url)
    page = browser.context.new_page()
    page.goto(f"{site.url}/corpus/seed/meta-avocado-de.html")
    page.wait_for_timeout(1000)
    open_editor_on(page, PHRASE)
    editor = wait_for_shadow_text(page, "footnote-editor", LOCAL_LINE)
    assert "Nothing is sent anywhere" in editor["text"]
    assert "Local notes (this browser only)" in editor["text"]  # the set chooser
    assert "sign in" not in editor["text"].lower(), "no error before anything is written"
    page.wait_for_timeout(300)
    shot(page, f"editor-local-{viewport}")


def test_local_notes_from_first_note_to_upload(make_browser, service, site) -> None:
    browser = make_browser("local-notes", **VIEWPORTS["desktop-1280x800"])
    browser.set_service(service.url)
    url = f"{site.url}/corpus/seed/meta-avocado-de.html"
    logged_before = len(service.request_lines())

    # Signed out: the editor says where the note goes before a word is typed, and Save keeps it.
    page = browser.context.new_page()
    page.goto(url)
    page.wait_for_timeout(1000)
    open_editor_on(page, PHRASE)
    wait_for_shadow_text(page, "footnote-editor", LOCAL_LINE)
    type_in_shadow(page, "footnote-editor", "text", NOTE)
    click_in_shadow(page, "footnote-editor", "button", "Save")
    wait_for_marks(page)
    drawn = mark_texts(page)
    assert "".join(drawn) == PHRASE
    stored = list(local_annotations(browser).values())
    assert len(stored) == 1 and stored[0]["id"].startswith("urn:uuid:")
    assert stored[0]["target"]["source"] == url

    # The card shows it as the reader's own, editable and deletable.
    page.locator("footnote-mark[tabindex]").first.hover()
    card = wait_for_shadow_text(page, "footnote-card", NOTE)
    assert "Local notes" in card["text"]
    assert {"Edit", "Delete"} <= set(card["buttons"])

    # A reload keeps it (the local set is drawn like a followed set).
    page.reload()
    wait_for_marks(page)
    assert mark_texts(page) == drawn
    popup = browser.popup_for(page)  # the popup lists it under its set, like any other
    popup.wait_for_function("() => document.getElementById('page').textContent.includes('Local')")
    assert "Local notes" in popup.text_content("#page")
    popup.close()
    page.bring_to_front()

    # The options page lists it: quote, note, page link, date.
    options = browser.options()
    options.reload()
    options.wait_for_selector("#local-notes li.local-note")
    item = options.locator("#local-notes li.local-note")
    assert item.count() == 1
    assert PHRASE in item.locator(".local-quote").text_content()
    assert item.locator(".local-text").text_content() == NOTE
    assert item.locator("a").get_attribute("href") == url
    assert item.locator("time").count() == 1
    assert options.locator("#local-upload-form").is_hidden()
    assert "Sign in" in options.text_content("#local-upload-what")
    assert run_axe(options, "document.getElementById('local')") == []
    options.locator("#local").scroll_into_view_if_needed()
    shot(options, "options-local-notes")

    # Export downloads valid W3C JSON.
    with options.expect_download() as download:
        options.click("#local-export")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename.endswith(".jsonld")
    assert exported["type"] == "AnnotationCollection" and exported["total"] == 1
    [item_w3c] = exported["first"]["items"]
    assert item_w3c["type"] == "Annotation"
    assert item_w3c["target"]["selector"][0]["exact"] == PHRASE

    # Privacy: so far the service heard nothing at all from this browser, let alone the note.
    heard = service.request_lines()[logged_before:]
    assert not any("annotations" in line or "import" in line for line in heard), heard
    assert not any(line.startswith(("POST", "PUT", "PATCH")) for line in heard), heard

    # The export is what the service's importer takes (into a scratch set of the test's own).
    token = service.user("local-reader")
    scratch = service.ok("POST", "/api/sets", {"title": "Scratch"}, token)
    imported = service.ok("POST", f"/api/sets/{scratch['id']}/import?format=w3c", exported, token)
    assert imported["imported"] == 1

    # Signed in, Upload sends it in one step into a set the reader can edit.
    target = service.ok("POST", "/api/sets", {"title": "Reading notes"}, token)
    reply = browser.send(
        {
            "type": "footnote/sign-in",
            "username": "local-reader",
            "password": "correct horse battery",
        }
    )
    assert reply.get("settings", {}).get("signedIn"), reply
    options.reload()
    options.wait_for_selector("#local-upload-form:not([hidden])")
    options.select_option("#local-upload-set", target["id"])
    what = options.text_content("#local-upload-what")
    assert "Upload sends 1 local note" in what and service.url.split("//", 1)[1] in what
    assert options.get_attribute("#local-upload", "aria-describedby") == "local-upload-what"
    assert run_axe(options, "document.getElementById('local')") == []
    options.locator("#local-upload-what").scroll_into_view_if_needed()
    shot(options, "options-local-upload")
    logged_before_upload = len(service.request_lines())
    options.click("#local-upload")
    options.wait_for_function(
        "() => document.getElementById('message').textContent.startsWith('Uploaded')"
    )
    assert options.text_content("#message") == "Uploaded 1 note to “Reading notes”."
    uploaded = service.request_lines()[logged_before_upload:]
    assert f"POST /api/sets/{target['id']}/import?format=w3c HTTP/1.1" in uploaded

    # The service has it, the local set is empty, and the page draws it once, from the set.
    listed = service.ok("GET", f"/api/sets/{target['id']}/annotations", token=token)
    [on_service] = listed["annotations"]
    assert on_service["target"]["selector"][0]["exact"] == PHRASE
    assert on_service["target"]["source"] == url
    assert on_service["body"][0]["value"] == NOTE
    assert local_annotations(browser) == {}
    assert f"svc:{target['id']}" in browser.follows()
    options.wait_for_selector("#local-notes li.hint")
    page.reload()
    wait_for_marks(page)
    assert mark_texts(page) == drawn, "drawn once: from the synced set, not also from the local"
    page.locator("footnote-mark[tabindex]").first.hover()
    card = wait_for_shadow_text(page, "footnote-card", "Reading notes")
    assert "Local notes" not in card["text"]
    assert shadow_content(page, "footnote-card")["text"].count(NOTE) == 1


def save_a_local_note(browser: Browser, site, text: str):
    """Signed out, on the seed article: a note on PHRASE saved to the local set and drawn."""
    page = browser.context.new_page()
    page.goto(f"{site.url}/corpus/seed/meta-avocado-de.html")
    page.wait_for_timeout(1000)
    open_editor_on(page, PHRASE)
    wait_for_shadow_text(page, "footnote-editor", LOCAL_LINE)
    type_in_shadow(page, "footnote-editor", "text", text)
    click_in_shadow(page, "footnote-editor", "button", "Save")
    wait_for_marks(page)
    return page


def test_a_local_note_is_edited_and_deleted_from_its_card(make_browser, service, site) -> None:
    browser = make_browser("local-card")
    browser.set_service(service.url)
    page = save_a_local_note(browser, site, "First thought.")

    page.locator("footnote-mark[tabindex]").first.hover()
    wait_for_shadow_text(page, "footnote-card", "First thought.")
    click_in_shadow(page, "footnote-card", "button", "Edit")
    wait_for_shadow_text(page, "footnote-editor", LOCAL_LINE)  # editing says where, too
    type_in_shadow(page, "footnote-editor", "text", "Second thought.")
    click_in_shadow(page, "footnote-editor", "button", "Save changes")
    browser.wait_for(
        lambda: (
            [a["body"][0]["value"] for a in local_annotations(browser).values()]
            == ["Second thought."]
        ),
        what="the edit in the local set",
    )

    page.locator("footnote-mark[tabindex]").first.hover()
    wait_for_shadow_text(page, "footnote-card", "Second thought.")
    click_in_shadow(page, "footnote-card", "button", "Delete")
    click_in_shadow(page, "footnote-card", "button", "Really delete?")
    page.wait_for_function("() => !document.querySelector('footnote-mark[tabindex]')")
    assert local_annotations(browser) == {}


def test_the_local_set_switches_off_and_on_like_any_set(make_browser, service, site) -> None:
    """Off from the popup: not drawn, across a reload, notes kept; on again from the options."""
    browser = make_browser("local-switch")
    browser.set_service(service.url)
    page = save_a_local_note(browser, site, NOTE)
    drawn = mark_texts(page)

    # The popup lists it under "Your sets" with the same switch as a followed set.
    popup = browser.popup_for(page)
    popup.wait_for_selector("#sets li[data-follow-id='local'] input[role=switch]")
    row = popup.locator("#sets li[data-follow-id='local']")
    assert "Local notes" in row.text_content() and "this browser only" in row.text_content()
    switch = row.locator("input[role=switch]")
    assert switch.get_attribute("aria-label") == "Show Local notes" and switch.is_checked()
    switch.click()
    page.wait_for_function("() => !document.querySelector('footnote-mark')")
    assert browser.storage()["localEnabled"] is False
    assert len(local_annotations(browser)) == 1, "switched off, not deleted"
    popup.wait_for_function(
        "() => document.querySelector(\"#sets li[data-follow-id='local'] input\")"
        "?.checked === false"
    )
    assert run_axe(popup, "document.getElementById('sets')") == []
    popup.close()

    # Remembered: a reload draws nothing of it; the editor says a new note would not show.
    page.bring_to_front()
    page.reload()
    page.wait_for_timeout(1500)
    assert mark_texts(page) == []
    open_editor_on(page, PHRASE)
    wait_for_shadow_text(page, "footnote-editor", "switched off: not shown until you switch it on")
    page.keyboard.press("Escape")

    # The options page has the same switch in "Local notes", off, with the note still listed.
    options = browser.options()
    options.reload()
    options.wait_for_selector("#local-switch input[role=switch]")
    assert not options.is_checked("#local-switch input[role=switch]")
    assert options.locator("#local-notes li.local-note").count() == 1
    assert run_axe(options, "document.getElementById('local')") == []
    options.click("#local-switch input[role=switch]")
    browser.wait_for(lambda: browser.storage().get("localEnabled") is True, what="switched on")
    page.bring_to_front()
    page.wait_for_function(
        "(text) => [...document.querySelectorAll('footnote-mark[tabindex]')]"
        ".map((m) => m.textContent).join('') === text",
        arg="".join(drawn),
    )
    assert mark_texts(page) == drawn
