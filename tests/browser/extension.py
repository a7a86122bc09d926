"""Chromium with the unpacked Footnote extension, driven through Python Playwright."""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright, Worker
from playwright.sync_api import Error as PlaywrightError

from .servers import REPO

EXTENSION_DIR = REPO / "extension" / "dist"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


class Browser:
    """One Chromium profile with the extension loaded, plus helpers to talk to the extension."""

    def __init__(self, playwright: Playwright, profile: Path, **context_options: object) -> None:
        """`context_options` go to Playwright (a viewport, `has_touch` for a phone...)."""
        ext = str(EXTENSION_DIR)
        options: dict = {"viewport": {"width": 1200, "height": 900}, **context_options}
        self.context: BrowserContext = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[*ARGS, f"--disable-extensions-except={ext}", f"--load-extension={ext}"],
            **options,
        )
        worker = self.worker()
        self.extension_id = worker.url.split("/")[2]
        self._options: Page | None = None

    def worker(self) -> Worker:
        """The extension's service worker (waiting for it to start if needed)."""
        workers = [w for w in self.context.service_workers if w.url.startswith("chrome-extension")]
        if workers:
            return workers[0]
        return self.context.wait_for_event("serviceworker", timeout=20_000)

    def ext_url(self, page: str) -> str:
        """URL of one of the extension's pages."""
        return f"chrome-extension://{self.extension_id}/{page}"

    def options(self) -> Page:
        """The options page (opened once and reused)."""
        if self._options is None or self._options.is_closed():
            self._options = self.context.new_page()
            self._options.goto(self.ext_url("options.html"))
        return self._options

    def send(self, message: dict) -> dict:
        """Sends a message to the background worker from an extension page and returns the reply."""
        reply = self.options().evaluate("(m) => chrome.runtime.sendMessage(m)", message)
        return reply or {}

    def storage(self) -> dict:
        """Everything in chrome.storage.local."""
        return self.options().evaluate("() => chrome.storage.local.get(null)")

    def follows(self) -> dict:
        """The follows as stored."""
        return self.storage().get("follows", {})

    def wait_for(self, predicate, timeout: float = 15, what: str = "condition") -> object:
        """Polls `predicate()` until it returns something truthy."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = predicate()
            if last:
                return last
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; last value {json.dumps(last)[:500]}")

    def sync_now(self) -> dict:
        """Asks the background to sync every follow now."""
        return self.send({"type": "footnote/sync-now"})

    def set_service(self, url: str) -> None:
        """Sets the service URL (as the options page does)."""
        reply = self.send({"type": "footnote/set-service-url", "serviceUrl": url})
        assert "error" not in reply, reply

    def popup_for(self, page: Page) -> Page:
        """Opens the popup in a tab of its own, bound to the tab showing `page`."""
        tab_id = self.tab_id(page)
        popup = self.context.new_page()
        popup.goto(self.ext_url(f"popup.html?tab={tab_id}"))
        return popup

    def tab_id(self, page: Page) -> int:
        """The chrome.tabs id of a Playwright page (found by its URL)."""
        url = page.url
        tabs = self.options().evaluate("(u) => chrome.tabs.query({url: u})", url.split("#")[0])
        assert tabs, f"no tab for {url}"
        return tabs[0]["id"]

    def close(self) -> None:
        """Closes the browser."""
        self.context.close()


def marks(page: Page) -> list[dict]:
    """The extension's marks on a page: their text and aria-label (page-made fakes included)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('footnote-mark')].map((m) => ({
            text: m.textContent, label: m.getAttribute('aria-label'),
            tabindex: m.getAttribute('tabindex'), fake: m.hasAttribute('data-fake')}))"""
    )


def wait_for_marks(page: Page, count: int = 1, timeout: float = 15_000) -> list[dict]:
    """Waits until at least `count` marks with a tabindex (ours) are on the page."""
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('footnote-mark[tabindex]')]"
        ".filter((m) => !m.hasAttribute('data-fake')).length >= n",
        arg=count,
        timeout=timeout,
    )
    return [m for m in marks(page) if not m["fake"]]


def _collect(node: dict, out: dict) -> None:
    """Walks a CDP DOM node tree, closed shadow roots included, gathering text and links."""
    if node.get("nodeType") == 3:
        out["text"].append(node.get("nodeValue", ""))
    attributes = node.get("attributes") or []
    attrs = dict(zip(attributes[::2], attributes[1::2], strict=False))
    if node.get("localName") == "a" and "href" in attrs:
        out["links"].append(attrs["href"])
    if node.get("localName") == "button":
        out["buttons"].append(node)
    if node.get("localName") == "style":
        return
    for child in node.get("children", []) + node.get("shadowRoots", []):
        _collect(child, out)


def shadow_content(page: Page, host_tag: str) -> dict:
    """Text, links and button labels inside a Footnote UI host, read through its closed shadow root.

    The page itself cannot read a closed shadow root; DevTools (CDP with pierce) can, which is how
    the test sees what the reader sees.
    """
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    finally:
        session.detach()
    hosts: list[dict] = []

    def find(node: dict) -> None:
        if node.get("localName") == host_tag:
            hosts.append(node)
        for child in node.get("children", []) + node.get("shadowRoots", []):
            find(child)

    find(root)
    out: dict = {"text": [], "links": [], "buttons": [], "hosts": len(hosts)}
    for host in hosts:
        for shadow in host.get("shadowRoots", []):
            _collect(shadow, out)
    button_labels = []
    for button in out["buttons"]:
        inner: dict = {"text": [], "links": [], "buttons": []}
        for child in button.get("children", []):
            _collect(child, inner)
        button_labels.append("".join(inner["text"]).strip())
    return {
        "text": " ".join(t.strip() for t in out["text"] if t.strip()),
        "links": out["links"],
        "buttons": button_labels,
        "hosts": out["hosts"],
    }


def card_visible(page: Page) -> bool:
    """True when the card host is on the page and displayed."""
    return page.evaluate(
        """() => [...document.documentElement.children].some((e) => e.localName === 'footnote-card'
             && getComputedStyle(e).display !== 'none')"""
    )


def _shadow_nodes(page: Page, host_tag: str) -> tuple[object, list[dict]]:
    """A CDP session and every node inside the closed shadow roots of `host_tag` hosts."""
    session = page.context.new_cdp_session(page)
    root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    found: list[dict] = []

    def inside(node: dict) -> None:
        found.append(node)
        for child in node.get("children", []) + node.get("shadowRoots", []):
            inside(child)

    def walk(node: dict) -> None:
        if node.get("localName") == host_tag:
            for shadow in node.get("shadowRoots", []):
                inside(shadow)
        for child in node.get("children", []) + node.get("shadowRoots", []):
            walk(child)

    walk(root)
    return session, found


def _text_of(node: dict) -> str:
    if node.get("nodeType") == 3:
        return node.get("nodeValue", "")
    return "".join(_text_of(c) for c in node.get("children", []))


def _attrs(node: dict) -> dict:
    attributes = node.get("attributes") or []
    return dict(zip(attributes[::2], attributes[1::2], strict=False))


def _find(nodes: list[dict], tag: str, text: str | None = None, name: str | None = None) -> dict:
    for node in nodes:
        if node.get("localName") != tag:
            continue
        if text is not None and _text_of(node).strip() != text:
            continue
        if name is not None and _attrs(node).get("name") != name:
            continue
        return node
    raise AssertionError(f"no <{tag}> {text or name or ''} in the shadow root")


def _located(page: Page, host_tag: str, pick, timeout: float = 15) -> tuple[object, dict]:
    """A CDP session and the node `pick` finds in the shadow roots, once it is there: a card or
    form renders a moment after the hover or click that opens it. The caller detaches the
    session."""
    deadline = time.monotonic() + timeout
    while True:
        session, nodes = _shadow_nodes(page, host_tag)
        try:
            return session, pick(nodes)
        except AssertionError:
            session.detach()
            if time.monotonic() >= deadline:
                raise
        time.sleep(0.1)


def click_in_shadow(page: Page, host_tag: str, tag: str, text: str) -> None:
    """Clicks (with the real mouse) an element inside a Footnote closed shadow root."""
    deadline = time.monotonic() + 15
    while True:
        session, node = _located(page, host_tag, lambda nodes: _find(nodes, tag, text=text))
        try:
            session.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node["nodeId"]})
            quad = session.send("DOM.getBoxModel", {"nodeId": node["nodeId"]})["model"]["border"]
            break
        except PlaywrightError as error:
            # A card redrawn after a sync replaces its buttons: the one found may be gone.
            if "layout object" not in str(error) or time.monotonic() >= deadline:
                raise
        finally:
            session.detach()
        time.sleep(0.1)
    x = sum(quad[0::2]) / 4
    y = sum(quad[1::2]) / 4
    page.mouse.click(x, y)


def type_in_shadow(
    page: Page, host_tag: str, name: str, text: str, *, replace: bool = True
) -> None:
    """Focuses a named form field inside a Footnote closed shadow root and types into it."""

    def field(nodes: list[dict]) -> dict:
        textareas = [n for n in nodes if n.get("localName") == "textarea"]
        if any(_attrs(n).get("name") == name for n in textareas):
            return _find(nodes, "textarea", name=name)
        return _find(nodes, "input", name=name)

    session, node = _located(page, host_tag, field)
    try:
        session.send("DOM.focus", {"nodeId": node["nodeId"]})
    finally:
        session.detach()
    if replace:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
    page.keyboard.type(text)


def select_in_shadow(page: Page, host_tag: str, name: str, label: str) -> None:
    """Chooses an option of a named <select> inside a closed shadow root with the keyboard."""
    session, select = _located(page, host_tag, lambda nodes: _find(nodes, "select", name=name))
    try:
        options = [c for c in select.get("children", []) if c.get("localName") == "option"]
        labels = [_text_of(o).strip() for o in options]
        session.send("DOM.focus", {"nodeId": select["nodeId"]})
    finally:
        session.detach()
    assert label in labels, f"{label} not among {labels}"
    page.keyboard.press("Home")
    for _ in range(labels.index(label)):
        page.keyboard.press("ArrowDown")


def select_text(page: Page, selector: str, phrase: str) -> None:
    """Selects `phrase` inside the first element matching `selector`, as a reader's drag would."""
    ok = page.evaluate(
        """([selector, phrase]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const i = n.data.indexOf(phrase);
              if (i === -1) continue;
              const range = document.createRange();
              range.setStart(n, i);
              range.setEnd(n, i + phrase.length);
              const sel = window.getSelection();
              sel.removeAllRanges();
              sel.addRange(range);
              n.parentElement.scrollIntoView({block: 'center'});  // a reader sees what they select
              return true;
            }
            return false;
        }""",
        [selector, phrase],
    )
    assert ok, f"{phrase!r} not found in {selector}"


def wait_for_ui(page: Page, host_tag: str, timeout: float = 15_000) -> None:
    """Waits until a Footnote UI host (footnote-editor, footnote-banner...) is in the page."""
    page.wait_for_function(
        "(tag) => [...document.documentElement.children].some((e) => e.localName === tag)",
        arg=host_tag,
        timeout=timeout,
    )


def wait_for_shadow_text(page: Page, host_tag: str, text: str, timeout: float = 15) -> dict:
    """Polls a closed shadow root until its text contains `text`; returns its content."""
    deadline = time.monotonic() + timeout
    content = shadow_content(page, host_tag)
    while text not in content["text"] and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        content = shadow_content(page, host_tag)
    assert text in content["text"], f"{text!r} not in {host_tag}: {content['text'][:300]}"
    return content


def scroll_to_text(page: Page, phrase: str) -> None:
    """Scrolls the element holding `phrase` into view (marks far off screen are drawn lazily)."""
    found = page.evaluate(
        """(phrase) => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (n.parentElement.closest('p, li, div')?.textContent.includes(phrase)) {
                n.parentElement.scrollIntoView({block: 'center'});
                return true;
              }
            }
            return false;
        }""",
        phrase,
    )
    assert found, f"{phrase!r} not on the page"
