"""Issue 9, point 2: the selection adder (Note, Label this claim, Copy link) at the selection, and
the editor next to the passage, keeping it highlighted and never over it. Three viewports."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from .conftest import CORPUS
from .extension import click_in_shadow, select_text, shadow_content, wait_for_marks, wait_for_ui
from .reader_page import LARGE_PAGES, host_rect, overlaps, record_figure, shot
from .test_reader_page import VIEWPORTS

SEED = CORPUS / "seed" / "meta-avocado-de.html"
PASSAGES = {
    "seed": ("corpus/seed/meta-avocado-de.html", "konzentrieren wir uns auf die Tatsache"),
    "clean-links": (f"corpus/{LARGE_PAGES['clean-links'][0]}", "I prefer not to"),
}

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason=f"the shared corpus is absent ({CORPUS} not found)"
)


def selection_rects(page) -> list[dict]:
    """Line boxes of the page's selection (or, once focus left it, of the passage highlight)."""
    return page.evaluate(
        """() => {
            const s = document.getSelection();
            const range = s && s.rangeCount && !s.isCollapsed ? s.getRangeAt(0)
              : [...(CSS.highlights.get('footnote-passage') ?? [])][0];
            return range ? [...range.getClientRects()].map((r) => ({left: r.left, top: r.top,
              right: r.right, bottom: r.bottom})) : [];
        }"""
    )


def select_with_mouse_up(page, phrase: str) -> list[dict]:
    """Selects `phrase` in running text and ends it as a drag would (mouseup); its line boxes."""
    select_text(page, "body", phrase)
    page.wait_for_timeout(150)
    rects = selection_rects(page)
    assert rects, phrase
    page.evaluate("() => document.body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}))")
    page.wait_for_function(
        "() => document.querySelector('footnote-adder')?.style.display === 'block'"
    )
    return rects


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_adder_and_editor_sit_beside_the_selection(make_browser, service, site, viewport) -> None:
    browser = make_browser(f"adder-{viewport}", **VIEWPORTS[viewport])
    browser.set_service(service.url)
    service.user(f"adder-{viewport}")
    sign_in = {"username": f"adder-{viewport}", "password": "correct horse battery"}
    reply = browser.send({"type": "footnote/sign-in", **sign_in})
    assert reply.get("settings", {}).get("signedIn"), reply
    assert browser.send({"type": "footnote/follow-set", "setId": service.demo_set_id()})
    page = browser.context.new_page()
    for name, (path, phrase) in PASSAGES.items():
        page.goto(f"{site.url}/{path}")
        if name == "seed":
            wait_for_marks(page)
        else:
            page.wait_for_timeout(1500)
        rects = select_with_mouse_up(page, phrase)
        adder = host_rect(page, "footnote-adder")
        assert adder is not None
        for rect in rects:
            assert not overlaps(adder, rect), (name, adder, rect)
        assert "Label this claim" in shadow_content(page, "footnote-adder")["buttons"]
        # On screen at its own size, also on a page shown zoomed out (clean-links has no
        # viewport meta: a phone shows it at a scale of about 0.4).
        scale = page.evaluate("() => visualViewport.scale")
        assert adder["height"] * scale >= 32, (name, adder, scale)
        shot(page, f"adder-{name}-{viewport}")

        click_in_shadow(page, "footnote-adder", "button", "Note")
        wait_for_ui(page, "footnote-editor")
        page.wait_for_timeout(300)
        editor = host_rect(page, "footnote-editor")
        passage = selection_rects(page)
        assert passage, "the passage stays highlighted while the editor is open"
        size = page.evaluate(
            "() => ({width: document.documentElement.clientWidth,"
            " height: document.documentElement.clientHeight})"
        )
        assert editor["left"] >= 0 and editor["right"] <= size["width"] + 0.5, editor
        assert editor["top"] >= 0 and editor["bottom"] <= size["height"] + 0.5, editor
        for rect in passage:
            assert not overlaps(editor, rect), (name, editor, rect)
        screen_width = VIEWPORTS[viewport]["viewport"]["width"]
        assert editor["width"] * scale >= min(380, screen_width - 16) - 1, (name, editor, scale)
        rounded = {k: round(v) for k, v in editor.items()}
        record_figure("editor geometry", f"{name} @ {viewport}", rounded)
        shot(page, f"editor-{name}-{viewport}")
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('footnote-editor')")
        assert page.evaluate("() => CSS.highlights.has('footnote-passage')") is False


def test_copy_link_is_a_text_fragment_that_works_without_footnote(make_browser, service, site):
    browser = make_browser("copy-link")
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = browser.context.new_page()
    path, phrase = PASSAGES["seed"]
    page.goto(f"{site.url}/{path}")
    page.wait_for_timeout(1000)
    select_with_mouse_up(page, phrase)
    click_in_shadow(page, "footnote-adder", "button", "Copy link")
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes(':~:')")
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert link.startswith(f"{site.url}/{path}#:~:text=")
    assert unquote(link.split("text=", 1)[1]) == phrase
