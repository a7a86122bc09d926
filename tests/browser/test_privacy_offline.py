"""Issue 4, tests 5 and 7: browsing sends the service nothing but syncs; with the service down,
labels still show from the last sync."""

from __future__ import annotations

import re

import pytest

from .conftest import CORPUS
from .extension import wait_for_marks

SYNC = re.compile(r"^GET /api/sets/[A-Za-z0-9_-]+/changes\?since=\d+ HTTP/1\.[01]$")


def corpus_pages(site, count: int) -> list[str]:
    """URLs of the seed article and readability pages, `count` in all."""
    urls = [f"{site.url}/corpus/seed/meta-avocado-de.html"]
    for folder in sorted((CORPUS / "readability").iterdir()):
        if len(urls) >= count:
            break
        if (folder / "source.html").exists():
            urls.append(f"{site.url}/corpus/readability/{folder.name}/source.html")
    return urls


def test_browsing_ten_pages_sends_only_sync_requests(shared_browser, service, site) -> None:
    if not (CORPUS / "seed" / "meta-avocado-de.html").exists():
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    before = len(service.request_lines())
    page = shared_browser.context.new_page()
    urls = corpus_pages(site, 10)
    assert len(urls) == 10
    for index, url in enumerate(urls):
        page.goto(url, wait_until="load")
        page.wait_for_timeout(700)  # the content script reads, matches and draws
        if index == 4:
            shared_browser.sync_now()  # an on-demand sync in the middle of browsing
        if index == 0:
            wait_for_marks(page)
    new = service.request_lines()[before:]
    assert new, "the request log shows the sync: logging works"
    assert all(SYNC.match(line) for line in new), new
    paths = {url.split(site.url, 1)[1] for url in urls}
    assert not any(path in line for line in new for path in paths)
    page.close()


def test_labels_show_from_the_last_sync_when_the_service_is_down(
    make_browser, fresh_service, seed_copy
) -> None:
    browser = make_browser()
    browser.set_service(fresh_service.url)
    reply = browser.send({"type": "footnote/follow-set", "setId": fresh_service.demo_set_id()})
    assert reply.get("status") == "ok", reply
    fresh_service.stop()

    results = browser.sync_now()["results"]
    assert set(results.values()) == {"offline"}
    page = browser.context.new_page()
    page.goto(seed_copy)
    assert "Open-Source" in [m["text"] for m in wait_for_marks(page)]
    popup = browser.popup_for(page)
    popup.wait_for_selector("#followed .status.bad")
    assert "Service unreachable" in popup.text_content("#followed")
    assert "Open-source AI claims" in popup.text_content("#page")
