"""Issue 4, tests 5 and 7: browsing sends the service nothing but syncs; with the service down,
labels still show from the last sync. Issue 10: rating and reporting once from the card send
exactly those two requests, and only the report carries the page's URL and sentence."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import CORPUS
from .extension import click_in_shadow, wait_for_marks, wait_for_shadow_text

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


# Wraps the worker's fetch to keep what each request carried (the service logs only the line).
SPY_ON_FETCH = """() => {
    self.sentByFootnote = [];
    const real = self.fetch.bind(self);
    self.fetch = (input, init = {}) => {
        self.sentByFootnote.push({url: String(input), method: init.method ?? 'GET',
                                  body: init.body ?? null});
        return real(input, init);
    };
}"""


def test_rating_and_reporting_once_send_exactly_those_two_requests(
    make_browser, service, site
) -> None:
    service.user("privacy-rater")
    browser = make_browser("privacy-talk")
    browser.set_service(service.url)
    signed = browser.send(
        {
            "type": "footnote/sign-in",
            "username": "privacy-rater",
            "password": "correct horse battery",
        }
    )
    assert signed["settings"]["signedIn"], signed
    assert (
        browser.send({"type": "footnote/follow-set", "setId": service.demo_set_id()})["status"]
        == "ok"
    )
    worker = browser.worker()
    worker.evaluate(SPY_ON_FETCH)
    before = len(service.request_lines())

    page = browser.context.new_page()
    url = f"{site.url}/pages/plain-article.html"
    page.goto(url)
    mark = page.locator("footnote-mark", has_text="open source").first
    wait_for_marks(page)
    mark.hover()
    click_in_shadow(page, "footnote-card", "button", "Helpful")
    click_in_shadow(page, "footnote-card", "button", "Send: helpful")
    wait_for_shadow_text(page, "footnote-card", "Your rating: helpful")
    click_in_shadow(page, "footnote-card", "button", "Wrong on this page")
    click_in_shadow(page, "footnote-card", "button", "Send report")
    wait_for_shadow_text(page, "footnote-card", "Reported to the set’s editors")

    # Syncs may run meanwhile (the first alarm fires a minute after install): they are the read
    # path the first test allows. Everything else is exactly the rating and the report.
    new = [line for line in service.request_lines()[before:] if not SYNC.match(line)]
    assert len(new) == 2, new
    rated = re.match(r"^PUT /api/annotations/([A-Za-z0-9_-]+)/rating HTTP/1\.[01]$", new[0])
    reported = re.match(r"^POST /api/annotations/([A-Za-z0-9_-]+)/reports HTTP/1\.[01]$", new[1])
    assert rated and reported and rated.group(1) == reported.group(1), new

    sent = worker.evaluate("() => self.sentByFootnote")
    rating, report = [s for s in sent if "/changes?since=" not in s["url"]]
    assert (rating["method"], report["method"]) == ("PUT", "POST")
    assert json.loads(rating["body"]) == {"helpful": True}, "a rating carries no URL or text"
    sentence = "Analysts still describe Llama 4 as open source in their reports."
    assert json.loads(report["body"]) == {"url": url, "sentence": sentence}
    page.close()
