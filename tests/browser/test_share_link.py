"""Issue 4, test 3: a viewer share link lets a profile with no account follow and read, not edit;
after revocation the next sync says so."""

from __future__ import annotations

from .extension import marks, shadow_content, wait_for_marks

AVOCADO_LABEL = {
    "kind": "claim",
    "motivation": "assessing",
    "body": [
        {"type": "TextualBody", "value": "No fee plan has been announced.", "purpose": "describing"}
    ],
    "verdict": "unproven",
    "sources": [{"id": "https://example.org/meta-statement", "title": "Meta statement"}],
    "target": {
        "selector": {
            "type": "ClaimPatternSelector",
            "all": [["avocado"], ["gebühren", "fees"]],
            "highlight": 0,
            "window": "sentence",
        }
    },
}


def test_viewer_link_follows_reads_and_is_revoked(make_browser, service, seed_copy) -> None:
    owner = service.user("curator")
    checks = service.ok(
        "POST", "/api/sets", {"title": "Newsroom checks", "visibility": "private"}, owner
    )
    service.ok("POST", f"/api/sets/{checks['id']}/annotations", AVOCADO_LABEL, owner)
    link = service.ok("POST", f"/api/sets/{checks['id']}/share-links", {"role": "viewer"}, owner)
    assert link["url"].endswith(link["token"])

    browser = make_browser()
    browser.set_service(service.url)
    # The share-link page on the service offers "Follow this set" to readers with the extension.
    share_page = browser.context.new_page()
    share_page.goto(link["url"])
    button = share_page.get_by_role("button", name="Follow this set")
    button.click()
    share_page.wait_for_function(
        "() => document.querySelector('.footnote-follow-status').textContent.includes('Following:')"
    )
    follow = browser.follows()[f"svc:{checks['id']}"]
    assert follow["role"] == "viewer" and follow["status"] == "ok" and follow["shareToken"]
    assert (
        "token" not in browser.storage()["settings"] or not browser.storage()["settings"]["token"]
    )

    page = browser.context.new_page()
    page.goto(seed_copy)
    found = wait_for_marks(page)
    assert any(m["text"] == "Avocado" for m in found), found
    page.locator("footnote-mark", has_text="Avocado").first.hover()
    page.wait_for_function(
        "() => [...document.documentElement.children].some((e) => e.localName === 'footnote-card'"
        " && e.style.display === 'block')"
    )
    card = shadow_content(page, "footnote-card")
    assert "Unproven" in card["text"] and "Newsroom checks" in card["text"]
    assert "Edit" not in card["buttons"] and "Delete" not in card["buttons"]
    # Not through the card, and not by asking the background directly either.
    key = next(iter(browser.storage()[f"set:svc:{checks['id']}"]["annotations"].values()))["id"]
    refused = browser.send(
        {
            "type": "footnote/update-annotation",
            "followId": f"svc:{checks['id']}",
            "id": key,
            "change": {"verdict": "false"},
        }
    )
    assert "may not edit" in refused.get("error", "")

    # The owner revokes the link: the next sync says so, and the labels go.
    service.ok("DELETE", f"/api/sets/{checks['id']}/share-links/{link['id']}", token=owner)
    browser.sync_now()
    follow = browser.follows()[f"svc:{checks['id']}"]
    assert follow["status"] == "revoked"
    options = browser.options()
    options.reload()
    row = options.locator(f"#follows li[data-follow-id='svc:{checks['id']}']")
    assert "Share link revoked" in row.text_content()
    popup = browser.popup_for(page)
    popup.wait_for_selector(f"#followed li[data-follow-id='svc:{checks['id']}'] .status.bad")
    assert "revoked" in popup.text_content("#followed")
    page.reload()
    page.wait_for_timeout(1500)
    assert not any(m["text"] == "Avocado" for m in marks(page))


def test_editor_link_pasted_in_options_can_edit(make_browser, service, seed_copy) -> None:
    owner = service.user("desk-owner")
    new_set = {"title": "Shared desk", "visibility": "private"}
    desk = service.ok("POST", "/api/sets", new_set, owner)
    service.ok("POST", f"/api/sets/{desk['id']}/annotations", AVOCADO_LABEL, owner)
    link = service.ok("POST", f"/api/sets/{desk['id']}/share-links", {"role": "editor"}, owner)

    browser = make_browser()
    options = browser.options()
    options.fill("#service-url", service.url)
    options.click("#service-form button")
    options.wait_for_function(
        "() => document.getElementById('message').textContent.includes('saved')"
    )
    options.fill("#share-link", link["url"])
    options.click("#share-form button")
    options.wait_for_function(
        "() => document.getElementById('message').textContent.includes('Following “Shared desk”')"
    )
    assert "(editor)" in options.text_content("#message")

    page = browser.context.new_page()
    page.goto(seed_copy)
    wait_for_marks(page)
    page.locator("footnote-mark", has_text="Avocado").first.hover()
    page.wait_for_function(
        "() => [...document.documentElement.children].some((e) => e.localName === 'footnote-card'"
        " && e.style.display === 'block')"
    )
    assert {"Edit", "Delete"} <= set(shadow_content(page, "footnote-card")["buttons"])
    writable = browser.send({"type": "footnote/writable-sets"})
    # The editor link's set first (the editor's default), then this browser's local set.
    assert [s["title"] for s in writable.get("sets", [])] == ["Shared desk", "Local notes"]
