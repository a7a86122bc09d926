"""Issue 5 part 8: a set exported as one static W3C file, hosted by any web server, is followed
like a service set, with conditional GETs."""

from __future__ import annotations

import json
import os

from .extension import wait_for_marks
from .servers import run_cli

NOTE_PAGE_1 = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "PAGE1",
    "type": "AnnotationPage",
    "items": [],
    "next": "PAGE2",
}


def file_requests(site, name: str) -> list[int]:
    """Statuses of the requests the static site answered for one set file."""
    return [code for line, code in site.requests if f"/sets/{name} " in line]


def test_follow_an_exported_set_file(make_browser, service, site, seed_copy) -> None:
    exported = site.sets_dir / "oss.jsonld"
    run_cli("export", service.demo_set_id(), "--format", "w3c", "-o", str(exported), db=service.db)
    site.headers["/sets/oss.jsonld"] = {"Cache-Control": "public, max-age=7200"}
    url = f"{site.url}/sets/oss.jsonld"

    browser = make_browser()
    options = browser.options()
    options.fill("#static-url", url)
    options.click("#static-form button")
    options.wait_for_function(
        "() => document.getElementById('message').textContent.includes('Following the set file')"
    )
    follow = browser.follows()[f"url:{url}"]
    assert follow["status"] == "ok" and follow["title"] == "Open-source AI claims"
    assert follow["maxAge"] == 7200
    assert follow["nextFetch"] - follow["lastAttempt"] == 7200 * 1000  # max-age beats 60 min

    page = browser.context.new_page()
    page.goto(seed_copy)
    assert "Open-Source" in [m["text"] for m in wait_for_marks(page)]

    # A forced sync asks again conditionally: the unchanged file answers 304.
    browser.sync_now()
    assert file_requests(site, "oss.jsonld") == [200, 304]

    # A changed file is fetched whole; a removed file is reported as gone, not as empty.
    data = json.loads(exported.read_text())
    data["first"]["items"][0]["verdict"] = "false"
    exported.write_text(json.dumps(data))
    later = exported.stat().st_mtime + 5
    os.utime(exported, (later, later))
    browser.sync_now()
    stored = browser.storage()[f"set:url:{url}"]["annotations"]
    assert [a["verdict"] for a in stored.values()] == ["false"]
    exported.unlink()
    browser.sync_now()
    assert browser.follows()[f"url:{url}"]["status"] == "gone"
    options.reload()
    assert "The set file is gone" in options.text_content("#follows")


def test_follow_a_paged_collection_of_plain_w3c_notes(make_browser, site) -> None:
    page_url = f"{site.url}/pages/plain-article.html"
    base = f"{site.url}/sets"
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{base}/paged.jsonld",
        "type": "AnnotationCollection",
        "label": "Paged notes",
        "total": 1,
        "first": f"{base}/paged-1.jsonld",
    }
    page_1 = {**NOTE_PAGE_1, "id": f"{base}/paged-1.jsonld", "next": f"{base}/paged-2.jsonld"}
    page_2 = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{base}/paged-2.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "urn:uuid:8a0e1f0e-0000-4000-8000-000000000001",
                "type": "Annotation",
                "body": {"type": "TextualBody", "value": "Which reports? None are cited."},
                "target": {
                    "source": page_url,
                    "selector": {"type": "TextQuoteSelector", "exact": "in their reports"},
                },
            }
        ],
    }
    for name, doc in [
        ("paged.jsonld", collection),
        ("paged-1.jsonld", page_1),
        ("paged-2.jsonld", page_2),
    ]:
        (site.sets_dir / name).write_text(json.dumps(doc))

    browser = make_browser()
    reply = browser.send({"type": "footnote/follow-static", "url": f"{base}/paged.jsonld"})
    assert reply.get("status") == "ok", reply
    page = browser.context.new_page()
    page.goto(page_url)
    assert [m["text"] for m in wait_for_marks(page)] == ["in their reports"]
