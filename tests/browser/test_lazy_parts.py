"""Issues 9 and 13: the content script parses only what every page needs. The card's, banner's
and editor's code (page-parts.js), the panel's and the DOM selector engine's are injected on
first need; here a page shows its marks with none of them, and the first hover of a mark loads
the card's code and opens the card."""

from __future__ import annotations

from .extension import card_visible, wait_for_marks

LAZY = ("page-parts.js", "panel.js", "anchoring.js")


def extension_scripts(session) -> list[str]:
    """The extension's script files parsed in the page so far (any world)."""
    return [url.rsplit("/", 1)[-1] for url in session.scripts if url.startswith("chrome-extension")]


def test_marks_load_nothing_lazy_and_the_first_hover_opens_the_card(shared_browser, seed_copy):
    page = shared_browser.context.new_page()
    session = page.context.new_cdp_session(page)
    session.scripts = []
    session.on("Debugger.scriptParsed", lambda event: session.scripts.append(event["url"]))
    session.send("Debugger.enable")
    page.goto(seed_copy)
    wait_for_marks(page)
    page.wait_for_timeout(500)  # a redraw or a banner would have loaded its code by now
    parsed = extension_scripts(session)
    assert "content.js" in parsed, parsed
    assert not [name for name in parsed if name in LAZY], parsed

    mark = page.locator("footnote-mark[tabindex]").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    page.wait_for_function(
        "() => document.querySelector('footnote-card')?.style.display === 'block'"
    )
    assert card_visible(page)
    parsed = extension_scripts(session)
    assert parsed.count("page-parts.js") == 1, parsed
    assert "panel.js" not in parsed and "anchoring.js" not in parsed, parsed
    page.close()
