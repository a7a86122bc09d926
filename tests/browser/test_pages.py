"""Issue 4, tests 4 and 6: late content gets its label; hostile text and pages that fake Footnote's
elements neither run script nor take over the overlay."""

from __future__ import annotations

from .extension import card_visible, marks, shadow_content, wait_for_marks

HOSTILE = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>'


def test_article_inserted_after_load_gets_its_label(shared_browser, site) -> None:
    page = shared_browser.context.new_page()
    page.goto(f"{site.url}/pages/late-article.html")
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.getElementById('late-claim')") is None
    found = wait_for_marks(page, timeout=10_000)
    assert [m["text"] for m in found] == ["open source"]
    inside = page.evaluate("() => document.querySelector('#late-claim footnote-mark') !== null")
    assert inside
    page.close()


def test_hostile_note_and_fake_footnote_elements(make_browser, service, site) -> None:
    owner = service.user("hostile")
    hostile = service.ok(
        "POST", "/api/sets", {"title": f"Hostile {HOSTILE}", "visibility": "unlisted"}, owner
    )
    url = f"{site.url}/pages/fake-footnote.html"
    note = {
        "kind": "note",
        "body": [{"type": "TextualBody", "value": HOSTILE, "purpose": "commenting"}],
        "tags": ["<b>tag</b>"],
        "target": {
            "source": url,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "revised on Tuesday",
                    "prefix": "The quarterly figures were ",
                    "suffix": " after an audit.",
                }
            ],
        },
    }
    service.ok("POST", f"/api/sets/{hostile['id']}/annotations", note, owner)

    browser = make_browser()
    browser.set_service(service.url)
    demo = browser.send({"type": "footnote/follow-set", "setId": service.demo_set_id()})
    assert demo.get("status") == "ok", demo
    followed = browser.send({"type": "footnote/follow-set", "setId": hostile["id"]})
    assert followed.get("status") == "ok", followed

    page = browser.context.new_page()
    page.goto(url)
    found = wait_for_marks(page, count=2)
    assert sorted(m["text"] for m in found) == ["open source", "revised on Tuesday"]

    # The page's CSS cannot hide or restyle real marks.
    style = page.evaluate(
        """() => { const m = document.querySelector('#claim footnote-mark');
                   const s = getComputedStyle(m);
                   return {display: s.display, background: s.backgroundColor,
                           width: m.getBoundingClientRect().width}; }"""
    )
    assert style["display"] == "inline" and style["width"] > 0
    assert style["background"] != "rgb(0, 255, 0)"

    # The note's text shows literally; nothing in it ran or became an element.
    page.locator("#note-target footnote-mark").hover()
    page.wait_for_function(
        "() => [...document.documentElement.children].some((e) => e.localName === 'footnote-card'"
        " && e.style.display === 'block')"
    )
    card = shadow_content(page, "footnote-card")
    assert HOSTILE in card["text"]
    assert "<b>tag</b>" in card["text"] and f"Hostile {HOSTILE}" in card["text"]
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0

    # A page-made <footnote-mark> opens no card, its text is not matched, and the fake hook on a
    # page that is not the configured service gets no "Follow this set" button.
    page.mouse.move(1, 1)
    page.wait_for_timeout(400)
    page.focus("footnote-mark[data-fake]")
    page.wait_for_timeout(300)
    assert not card_visible(page)
    assert page.evaluate("() => document.querySelectorAll('.footnote-follow-button').length") == 0
    assert not any(m["text"] == "fake Footnote mark" and not m["fake"] for m in marks(page))
    assert "evil" not in str(browser.follows())
    # Popup lists the note and the label by set.
    popup = browser.popup_for(page)
    popup.wait_for_selector("#page li")
    assert "revised on Tuesday" in popup.text_content("#page")
    assert popup.text_content("#count") == "(2)"
