"""Import and export on the set page: downloads for readers, an upload form for editors."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from factories import dump, make_annotation
from flask import Flask
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser, flashes, soup_of
from werkzeug.test import TestResponse

from footnote import store

W3C_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def w3c_collection(*items: dict[str, Any]) -> bytes:
    """A W3C AnnotationCollection with `items` embedded in its first page."""
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://annotations.example.org/c1/",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": list(items)},
    }
    return json.dumps(doc).encode()


def w3c_note(n: int, target: Any = None, text: str = "fine") -> dict[str, Any]:
    """One W3C annotation with id `.../a<n>`."""
    return {
        "id": f"https://annotations.example.org/a{n}",
        "type": "Annotation",
        "bodyValue": text,
        "target": target or f"https://example.com/page-{n}",
    }


QUOTED = {
    "source": "https://example.com/two",
    "selector": {"type": "TextQuoteSelector", "exact": "two words"},
}
BAD_RECORD = w3c_collection(w3c_note(1), w3c_note(2, QUOTED), w3c_note(3, "ftp://example.com/x"))
LOCAL_FILE = w3c_note(4, "file:///home/me/notes.pdf")
# An XPath without a quote: kept, never placed (docs/matching.md §4a).
XPATH_ONLY = w3c_note(
    5, {"source": "https://example.com/a", "selector": {"type": "XPathSelector", "value": "/p[2]"}}
)
HTML_BODY = {
    **w3c_note(6),
    "body": {
        "type": "TextualBody",
        "format": "text/html",
        "value": '<p>Read <b>this</b><script>alert(1)</script><a href="javascript:x">x</a></p>',
    },
}
del HTML_BODY["bodyValue"]

HYPOTHESIS = json.dumps(
    {
        "export_date": "2026-11-20T09:12:44.311Z",
        "export_userid": "acct:alice@hypothes.is",
        "annotations": [
            {
                "id": "h1",
                "created": "2026-11-18T14:03:52+00:00",
                "updated": "2026-11-18T14:05:10+00:00",
                "user": "acct:alice@hypothes.is",
                "uri": "https://news.example.com/llama",
                "text": "Not open source by the OSI definition.",
                "tags": ["llama"],
                "target": [
                    {
                        "source": "https://news.example.com/llama",
                        "selector": [{"type": "TextQuoteSelector", "exact": "open-source Llama"}],
                    }
                ],
            },
            {
                "id": "h2",
                "created": "2026-11-18T15:00:00+00:00",
                "user": "acct:bob@hypothes.is",
                "uri": "https://news.example.com/llama",
                "text": "Agreed.",
                "references": ["h1"],
                "target": [{"source": "https://news.example.com/llama"}],
            },
        ],
    }
).encode()

CLAIMREVIEW_ARTICLE = b"""<!doctype html><html><head><title>Fact check</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ClaimReview",
 "url": "https://factcheck.example.org/llama-open-source",
 "claimReviewed": "Llama 4 is fully open source software",
 "author": {"@type": "Organization", "name": "Example Checks"},
 "datePublished": "2026-04-07",
 "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"}}
</script></head><body><p>Our check.</p></body></html>"""


@pytest.fixture
def desk(browser: Browser, other_browser: Browser, db: Database) -> str:
    """A private set alice owns (on `browser`) with bob (on `other_browser`) as an editor."""
    browser.register("alice")
    other_browser.register("bob")
    alice = store.get_user_by_name(db, "alice")
    found = store.create_set(db, alice["id"], "Desk", "Llama checks", "private")
    store.put_member(db, found["id"], "bob", "editor")
    return found["id"]


def upload(
    who: Browser,
    set_id: str,
    content: bytes,
    filename: str = "import.json",
    fmt: str = "auto",
    **extra: str,
) -> TestResponse:
    """Submit the set page's import form with `content` as the chosen file."""
    page, action = f"/sets/{set_id}", f"/sets/{set_id}/import"
    fields: dict[str, Any] = who.form_on(page, action)
    fields.update({"format": fmt, "file": (io.BytesIO(content), filename), **extra})
    who.last = who.client.post(action, data=fields, content_type="multipart/form-data")
    # The test client spools big bodies to a temporary file and, without follow_redirects,
    # leaves it open: close it here so no ResourceWarning surfaces in a later test.
    who.last.request.input_stream.close()
    return who.last


def signed_in_token(who: Browser) -> str:
    """A valid CSRF token for `who`'s session (from the sign-out form every page has)."""
    return who.form_on("/", "/signout")["csrf_token"]


@pytest.mark.parametrize(
    ("content", "filename", "fmt", "kinds", "format_named"),
    [
        (w3c_collection(w3c_note(1), w3c_note(2, QUOTED)), "c.jsonld", "auto", ["note"] * 2, "W3C"),
        (HYPOTHESIS, "hypothesis.json", "hypothesis", ["note"] * 2, "Hypothesis"),
        (CLAIMREVIEW_ARTICLE, "check.html", "auto", ["claim"], "ClaimReview"),
    ],
    ids=["w3c-auto", "hypothesis", "claimreview-article"],
)
def test_editor_imports_a_file_and_sees_a_summary(
    other_browser: Browser,
    db: Database,
    desk: str,
    content: bytes,
    filename: str,
    fmt: str,
    kinds: list[str],
    format_named: str,
) -> None:
    version = store.get_set(db, desk)["version"]
    response = upload(other_browser, desk, content, filename, fmt)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sets/{desk}")
    records = store.list_all(db, desk)
    assert sorted(r["kind"] for r in records) == kinds
    assert {r["creator"] for r in records} == {"bob"}
    assert store.get_set(db, desk)["version"] == version + 1
    shown = other_browser.page(f"/sets/{desk}")
    summary = flashes(shown)[0]
    assert summary.startswith(f"Imported {len(kinds)} annotation")
    assert format_named in summary
    assert f"version {version + 1}" in summary
    top_level = [r for r in records if r["reply_to"] is None]
    assert len(shown.select("#annotations > li")) == len(top_level)


def test_hypothesis_replies_show_as_a_thread(
    other_browser: Browser, db: Database, desk: str
) -> None:
    upload(other_browser, desk, HYPOTHESIS, "hypothesis.json")
    note, reply = store.list_all(db, desk)
    assert note["target"]["selector"][0]["exact"] == "open-source Llama"
    assert reply["reply_to"] == note["id"] and reply["motivation"] == "replying"
    shown = other_browser.page(f"/sets/{desk}")
    assert flashes(shown)[1] == "1 of them are replies, shown under their annotation (1 thread)."
    [item] = shown.select("#annotations > li")
    assert [r.select_one(".body").get_text() for r in item.select(".thread .reply")] == ["Agreed."]


def test_a_bad_record_imports_nothing_and_is_named(
    browser: Browser, other_browser: Browser, db: Database, desk: str
) -> None:
    make_annotation(db, desk, "claim")
    before = dump(db)
    response = upload(other_browser, desk, BAD_RECORD, "bad.jsonld", "w3c")
    assert response.status_code == 400
    soup = soup_of(response)
    error = soup.select_one("#import-error").get_text(" ", strip=True)
    assert error.startswith(
        "Nothing was imported. Record 2 (id https://annotations.example.org/a3)"
    )
    assert "ftp://example.com/x" in error
    assert soup.select_one("#import-format option[selected]")["value"] == "w3c"
    assert dump(db) == before
    assert len(soup.select("#annotations > li")) == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "not valid JSON at line 1"),
        (b"", "empty"),
        (b'{"hello": "world"}', "cannot tell the file's format"),
    ],
    ids=["not-json", "empty", "unknown-shape"],
)
def test_unreadable_files_are_refused_whole(
    other_browser: Browser, db: Database, desk: str, content: bytes, expected: str
) -> None:
    before = dump(db)
    response = upload(other_browser, desk, content)
    assert response.status_code == 400
    message = soup_of(response).select_one("#import-error").get_text(" ", strip=True)
    assert message.startswith("Nothing was imported:")
    assert expected in message
    assert dump(db) == before


def test_no_file_chosen(other_browser: Browser, db: Database, desk: str) -> None:
    action = f"/sets/{desk}/import"
    fields = other_browser.form_on(f"/sets/{desk}", action)
    response = other_browser.client.post(action, data={**fields, "format": "auto"})
    assert response.status_code == 400
    assert soup_of(response).select_one("#import-error").get_text() == "Choose a file to import."
    assert store.list_all(db, desk) == []


def test_unsupported_records_refuse_the_file_unless_skipped(
    other_browser: Browser, db: Database, desk: str
) -> None:
    content = w3c_collection(w3c_note(1), LOCAL_FILE)
    refused = upload(other_browser, desk, content)
    assert refused.status_code == 400
    assert "Record 1" in soup_of(refused).select_one("#import-error").get_text()
    assert store.list_all(db, desk) == []
    accepted = upload(other_browser, desk, content, skip_unsupported="yes")
    assert accepted.status_code == 302
    assert len(store.list_all(db, desk)) == 1
    messages = flashes(other_browser.page(f"/sets/{desk}"))
    assert messages[1].startswith("Skipped 1 on purpose: record 1 (id https://annotations.example")


def test_set_page_lists_what_is_not_placeable_and_sanitises_html_bodies(
    other_browser: Browser, db: Database, desk: str
) -> None:
    response = upload(other_browser, desk, w3c_collection(w3c_note(1), XPATH_ONLY, HTML_BODY))
    assert response.status_code == 302
    main = other_browser.page(f"/sets/{desk}").find("main")
    marks = [p.get_text(" ", strip=True) for p in main.select(".not-placeable")]
    assert len(marks) == 1
    assert marks[0].startswith("Not placeable on pages:")
    assert "XPathSelector" in marks[0]
    [html_body] = main.select(".html-body")
    assert html_body.select_one("p b").get_text() == "this"
    assert html_body.select("script") == []
    assert [a.get("href") for a in html_body.select("a")] == [None]


def test_viewers_cannot_import(other_browser: Browser, db: Database, desk: str) -> None:
    store.put_member(db, desk, "bob", "viewer")
    page = other_browser.page(f"/sets/{desk}")
    assert page.select("#import") == []
    assert page.select("#export a[data-format]") != []
    before = dump(db)
    response = other_browser.client.post(
        f"/sets/{desk}/import",
        data={"csrf_token": signed_in_token(other_browser), "file": (io.BytesIO(BAD_RECORD), "f")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert dump(db) == before


def test_strangers_and_anonymous_visitors_do_not_see_a_private_set(
    desk: str, db: Database, web_app: Flask
) -> None:
    make_annotation(db, desk, "note")
    anonymous = Browser(web_app.test_client())
    assert anonymous.get(f"/sets/{desk}").status_code == 404
    for fmt in ("w3c", "claimreview", "markdown"):
        response = anonymous.get(f"/sets/{desk}/export/{fmt}")
        assert response.status_code == 404
        assert "40 per cent" not in response.get_data(as_text=True)
    stranger = Browser(web_app.test_client())
    stranger.register("mallory")
    assert stranger.get(f"/sets/{desk}/export/w3c").status_code == 404
    before = dump(db)
    posted = stranger.client.post(
        f"/sets/{desk}/import",
        data={"csrf_token": signed_in_token(stranger), "file": (io.BytesIO(HYPOTHESIS), "h.json")},
        content_type="multipart/form-data",
    )
    assert posted.status_code == 404
    assert dump(db) == before


def test_anonymous_import_goes_to_sign_in(db: Database, desk: str, web_app: Flask) -> None:
    anonymous = Browser(web_app.test_client())
    token = anonymous.form_on("/signin", "/signin")["csrf_token"]
    response = anonymous.client.post(
        f"/sets/{desk}/import",
        data={"csrf_token": token, "file": (io.BytesIO(HYPOTHESIS), "h.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert "/signin" in response.headers["Location"]
    assert store.list_all(db, desk) == []


def test_an_import_without_its_csrf_token_is_refused(
    other_browser: Browser, db: Database, desk: str
) -> None:
    before = dump(db)
    response = other_browser.client.post(
        f"/sets/{desk}/import",
        data={"format": "auto", "file": (io.BytesIO(HYPOTHESIS), "h.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert soup_of(response).h1.get_text() == "Form expired"
    assert dump(db) == before


def export_links(who: Browser, set_id: str) -> dict[str, str]:
    """The download links of the set page's Export section, by format."""
    soup = who.page(f"/sets/{set_id}")
    return {a["data-format"]: a["href"] for a in soup.select("#export a[data-format]")}


def test_readers_download_every_format(
    browser: Browser, other_browser: Browser, db: Database, desk: str
) -> None:
    make_annotation(db, desk, "note")
    make_annotation(db, desk, "claim")
    store.put_member(db, desk, "bob", "viewer")
    links = export_links(other_browser, desk)
    assert sorted(links) == ["claimreview", "markdown", "w3c"]

    w3c = other_browser.get(links["w3c"])
    assert w3c.status_code == 200
    assert w3c.headers["Content-Type"] == W3C_MEDIA_TYPE
    assert w3c.headers["Content-Disposition"] == f'attachment; filename="{desk}.jsonld"'
    assert w3c.headers["Cache-Control"] == "private, no-cache"
    collection = w3c.get_json(force=True)
    assert collection["type"] == "AnnotationCollection"
    assert collection["label"] == "Desk"
    assert collection["total"] == 2
    assert sorted(a["kind"] for a in collection["first"]["items"]) == ["claim", "note"]

    feed = other_browser.get(links["claimreview"])
    assert feed.headers["Content-Type"] == "application/ld+json"
    assert feed.headers["Content-Disposition"].endswith(f'filename="{desk}.claimreview.jsonld"')
    elements = feed.get_json(force=True)["dataFeedElement"]
    reviews = [review for element in elements for review in element["item"]]
    assert [r["@type"] for r in reviews] == ["ClaimReview"]
    assert reviews[0]["reviewRating"]["alternateName"] == "Disputed"

    markdown = other_browser.get(links["markdown"])
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    text = markdown.get_data(as_text=True)
    assert text.startswith("# Desk")
    assert "This figure is from 2019." in text


def test_an_unchanged_export_is_not_sent_again(browser: Browser, db: Database, desk: str) -> None:
    make_annotation(db, desk, "note")
    first = browser.get(f"/sets/{desk}/export/w3c")
    tag = first.headers["ETag"]
    again = browser.get(f"/sets/{desk}/export/w3c", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.get_data() == b""
    make_annotation(db, desk, "site")
    changed = browser.get(f"/sets/{desk}/export/w3c", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.get_json(force=True)["total"] == 2


def test_an_unknown_export_format_is_not_found(browser: Browser, desk: str) -> None:
    assert browser.get(f"/sets/{desk}/export/pdf").status_code == 404


def test_a_public_set_shows_a_followable_url_serving_the_same_file(
    browser: Browser, db: Database, desk: str, web_app: Flask
) -> None:
    make_annotation(db, desk, "claim")
    store.update_set(db, desk, {"visibility": "public"})
    anonymous = Browser(web_app.test_client())
    soup = anonymous.page(f"/sets/{desk}")
    assert soup.select("#import") == []
    assert "Follow this file from anywhere" in soup.select_one("#export").get_text()
    url = soup.select_one("#follow-url")["value"]
    assert url == f"http://localhost/api/sets/{desk}/export?format=w3c"
    followed = anonymous.get(url.removeprefix("http://localhost"))
    assert followed.status_code == 200
    assert followed.headers["Cache-Control"] == "public, max-age=60"
    downloaded = anonymous.get(export_links(anonymous, desk)["w3c"])
    assert downloaded.headers["Cache-Control"] == "public, max-age=60"
    assert downloaded.get_data() == followed.get_data()


def test_a_private_set_says_how_to_follow_its_file(browser: Browser, desk: str) -> None:
    soup = browser.page(f"/sets/{desk}")
    assert soup.select("#follow-url") == []
    hint = soup.select_one("#follow-file").get_text(" ", strip=True)
    assert "any web server or CDN" in hint
    assert f"/api/sets/{desk}/export?format=w3c" in hint


def test_share_link_holders_download_through_the_link(
    db: Database, desk: str, web_app: Flask
) -> None:
    make_annotation(db, desk, "note")
    link, token = store.create_share_link(db, desk, "viewer", None)
    holder = Browser(web_app.test_client())
    soup = holder.page(f"/s/{token}")
    assert soup.select("#import") == []
    assert soup.select_one("#interchange-heading").get_text() == "Export"
    links = {a["data-format"]: a["href"] for a in soup.select("#export a[data-format]")}
    assert links["w3c"] == f"/s/{token}/export/w3c"
    w3c = holder.get(links["w3c"])
    assert w3c.headers["Content-Type"] == W3C_MEDIA_TYPE
    assert w3c.headers["Cache-Control"] == "private, no-cache"
    assert w3c.get_json(force=True)["total"] == 1
    assert holder.get(links["markdown"]).get_data(as_text=True).startswith("# Desk")
    store.revoke_share_link(db, desk, link["id"])
    gone = holder.get(links["w3c"])
    assert gone.status_code == 404
    assert "40 per cent" not in gone.get_data(as_text=True)
    assert holder.get(f"/s/{token}x/export/w3c").status_code == 404


def test_an_export_imports_into_another_set(browser: Browser, db: Database, desk: str) -> None:
    make_annotation(db, desk, "note")
    make_annotation(db, desk, "claim")
    make_annotation(db, desk, "site")
    exported = browser.get(f"/sets/{desk}/export/w3c").get_data()
    alice = store.get_user_by_name(db, "alice")
    copy = store.create_set(db, alice["id"], "Copy", "", "private")
    assert upload(browser, copy["id"], exported, f"{desk}.jsonld").status_code == 302
    originals = {(a["kind"], a["body_text"]) for a in store.list_all(db, desk)}
    copies = {(a["kind"], a["body_text"]) for a in store.list_all(db, copy["id"])}
    assert copies == originals


def test_the_set_page_runs_only_the_copy_script(other_browser: Browser, desk: str) -> None:
    response = other_browser.get(f"/sets/{desk}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src http://localhost/assets/copy.js;" in policy
    soup = soup_of(response)
    assert [s["src"] for s in soup.find_all("script")] == ["/assets/copy.js"]
    form = soup.select_one("#import form")
    assert form["method"] == "post"
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one("input[name=csrf_token]")["value"]
    assert form.select_one("input[type=file]")["name"] == "file"
    assert form.select_one("#import-file-hint").get_text() == "Up to 64 MiB."
    options = [o["value"] for o in form.select("select[name=format] option")]
    assert options == ["auto", "w3c", "hypothesis", "claimreview"]


def test_files_over_the_api_body_limit_are_accepted_up_to_the_import_limit(
    other_browser: Browser, db: Database, desk: str, web_app: Flask
) -> None:
    padding = "x" * 1000
    content = w3c_collection(*(w3c_note(n, text=f"{n} {padding}") for n in range(1200)))
    assert len(content) > web_app.config["MAX_CONTENT_LENGTH"]
    assert upload(other_browser, desk, content).status_code == 302
    assert len(store.list_all(db, desk)) == 1200
    web_app.config["IMPORT_MAX_CONTENT_LENGTH"] = 1_000_000
    before = dump(db)
    refused = upload(other_browser, desk, content)
    assert refused.status_code == 413
    message = soup_of(refused).select_one("#not-found-message").get_text()
    assert "larger than the import limit of 977 KiB" in message
    assert dump(db) == before
