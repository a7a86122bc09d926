"""The follow hook in a real Chromium with the built extension: set page and share-link page.

This is the contract with the extension: its content script turns `#footnote-follow` into a
"Follow this set" button on the configured service's pages, under the pages' strict CSP.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from werkzeug.serving import make_server

from footnote import store

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension" / "dist"
MESSAGES = REPO / "extension" / "src" / "shared" / "messages.js"
CHROMIUM = Path("/usr/bin/chromium")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
    pytest.mark.skipif(
        not (EXTENSION / "manifest.json").exists(),
        reason="the extension is not built (run `make build`)",
    ),
]


@pytest.fixture
def live_url(web_app: Flask) -> Iterator[str]:
    """The real app served over HTTP on a free loopback port."""
    server = make_server("127.0.0.1", 0, web_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def set_service_message() -> str:
    """The extension's message name for setting the service URL, read from its source."""
    found = re.search(r"SET_SERVICE_URL:\s*'([^']+)'", MESSAGES.read_text())
    assert found, "SET_SERVICE_URL not found in extension/src/shared/messages.js"
    return found.group(1)


def test_extension_follows_from_set_and_share_pages(
    live_url: str, db: Database, tmp_path: Path
) -> None:
    owner = store.create_user(db, "alice", None)
    public = store.create_set(db, owner["id"], "Public claims", "", "public")
    private = store.create_set(db, owner["id"], "Desk notes", "", "private")
    _link, token = store.create_share_link(db, private["id"], "viewer", owner["id"])
    ext = str(EXTENSION)
    with sync_api.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                f"--disable-extensions-except={ext}",
                f"--load-extension={ext}",
            ],
        )
        try:
            workers = context.service_workers or [context.wait_for_event("serviceworker")]
            extension_id = workers[0].url.split("/")[2]
            options = context.new_page()
            options.goto(f"chrome-extension://{extension_id}/options.html")
            reply = options.evaluate(
                "(m) => chrome.runtime.sendMessage(m)",
                {"type": set_service_message(), "serviceUrl": live_url},
            )
            assert not (reply or {}).get("error"), reply
            page = context.new_page()
            for path, set_id in ((f"/sets/{public['id']}", public["id"]), (f"/s/{token}", None)):
                set_id = set_id or private["id"]
                page.goto(live_url + path)
                button = page.locator("#footnote-follow button")
                button.wait_for(timeout=15_000)
                assert button.inner_text() == "Follow this set"
                assert page.locator("#footnote-follow .follow-fallback").is_hidden()
                button.click()
                page.wait_for_function(
                    "() => document.querySelector('#footnote-follow button')"
                    ".textContent.startsWith('Following')",
                    timeout=15_000,
                )
                stored = options.evaluate("() => chrome.storage.local.get(null)")
                assert set_id in json.dumps(stored.get("follows", stored))
                # The hook says so, and the share page's steps follow it (CSS, no page script).
                assert page.locator("#footnote-follow[data-footnote-following]").count() == 1
                if path.startswith("/s/"):
                    assert page.locator("#share-following").is_visible()
                    assert page.get_by_text("press Follow this set above").is_hidden()
        finally:
            context.close()
