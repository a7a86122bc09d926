"""Web pages anyone may read: home, set pages, the extension's hook, share links, user pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser, soup_of

from footnote import store, validation
from footnote.web import VERDICT_LABELS

CSS = Path(__file__).resolve().parents[2] / "server/footnote/web/static/footnote.css"
SOURCE = "https://opensource.org/blog/metas-llama-2-license-is-not-open-source"


def make_user(db: Database, name: str) -> dict:
    """An account created through the store (for people who only own things in a test)."""
    return store.create_user(db, name, "a long password", hash_method="pbkdf2:sha256:1000")


def make_set(db: Database, owner: dict, title: str = "Claims", visibility: str = "public") -> dict:
    """A set owned by `owner`."""
    return store.create_set(db, owner["id"], title, "About claims.", visibility)


def claim_label(verdict: str | None = "disputed", body: str = "Not open source.") -> dict:
    """A validated claim label as the store writes it."""
    return validation.validate_annotation(
        {
            "target": {
                "selector": {
                    "type": "ClaimPatternSelector",
                    "all": [["llama"], ["open source"]],
                    "highlight": 1,
                    "window": "sentence",
                }
            },
            "verdict": verdict,
            "body": {"type": "TextualBody", "value": body, "purpose": "describing"},
            "sources": [{"id": SOURCE, "title": "Meta's LLaMa 2 license is not Open Source"}],
            "tags": ["llama"],
        }
    )


def note(exact: str, body: str) -> dict:
    """A validated note on one quote."""
    return validation.validate_annotation(
        {
            "target": {
                "source": "https://example.com/article",
                "selector": [{"type": "TextQuoteSelector", "exact": exact}],
            },
            "body": {"type": "TextualBody", "value": body},
        }
    )


def test_home_lists_public_sets_only(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    make_set(db, alice, "Public claims", "public")
    make_set(db, alice, "Secret claims", "private")
    make_set(db, alice, "Link-only claims", "unlisted")
    soup = browser.page("/")
    titles = [h.get_text(strip=True) for h in soup.select("#public-sets h3")]
    assert titles == ["Public claims"]
    assert soup.find("h1") is not None


def test_set_page_shows_annotations_with_verdicts_and_sources(
    browser: Browser, db: Database
) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice)
    store.create_annotation(db, found["id"], claim_label("disputed"), alice["id"])
    store.create_annotation(db, found["id"], note("open source model", "See the OSI."), alice["id"])
    soup = browser.page(f"/sets/{found['id']}")
    items = soup.select("#annotations > li")
    assert len(items) == 2
    kinds = sorted(li["data-kind"] for li in items)
    assert kinds == ["claim", "note"]
    label = next(li for li in items if li["data-kind"] == "claim")
    badge = label.select_one(".verdict")
    assert badge.get_text(strip=True) == "Disputed"
    assert "verdict-disputed" in badge["class"]
    source = label.select_one(".sources a")
    assert source["href"] == SOURCE
    assert source.get_text(strip=True) == "Meta's LLaMa 2 license is not Open Source"
    assert label.select_one(".body").get_text() == "Not open source."
    quoted = next(li for li in items if li["data-kind"] == "note").select_one("blockquote mark")
    assert quoted.get_text() == "open source model"
    assert label.select_one(".verdict") is not None
    assert next(li for li in items if li["data-kind"] == "note").select_one(".verdict") is None


@pytest.mark.parametrize("verdict", list(VERDICT_LABELS))
def test_every_verdict_badge_writes_its_word(browser: Browser, db: Database, verdict: str) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice)
    store.create_annotation(db, found["id"], claim_label(verdict), alice["id"])
    badge = browser.page(f"/sets/{found['id']}").select_one("#annotations .verdict")
    assert badge["data-verdict"] == verdict
    assert f"verdict-{verdict}" in badge["class"]
    assert badge.get_text(strip=True) == VERDICT_LABELS[verdict]


def test_each_verdict_has_its_own_colour() -> None:
    css = CSS.read_text()
    colours = {}
    for verdict in VERDICT_LABELS:
        rule = re.search(r"\.verdict-" + re.escape(verdict) + r"\s*\{([^}]*)\}", css)
        assert rule, f"no rule for .verdict-{verdict}"
        colours[verdict] = re.search(r"background:\s*([^;]+);", rule.group(1)).group(1).strip()
    assert len(set(colours.values())) == len(VERDICT_LABELS), colours


def test_follow_hook_is_present_once_with_its_data(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, 'Claims "quoted" & <odd>')
    soup = browser.page(f"/sets/{found['id']}")
    hooks = soup.select("#footnote-follow")
    assert len(hooks) == 1
    hook = hooks[0]
    assert hook["data-service"] == "http://localhost"
    assert hook["data-set-id"] == found["id"]
    assert hook["data-share-token"] == ""
    assert hook["data-set-title"] == 'Claims "quoted" & <odd>'
    fallback = hook.find("a")
    assert fallback["href"] == "/install"
    assert "Install the Footnote extension to follow this set" in fallback.get_text()


def test_user_text_is_escaped_never_markup(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, "<script>alert('title')</script>")
    hostile = "<img src=x onerror=alert(1)><script>alert('body')</script>"
    store.create_annotation(db, found["id"], note("<b>quote</b>", hostile), alice["id"])
    soup = browser.page(f"/sets/{found['id']}")
    main = soup.find("main")
    assert main.find("script") is None
    assert main.find("img") is None
    assert main.find("b") is None
    assert soup.find("h1").get_text() == "<script>alert('title')</script>"
    assert main.select_one(".annotation .body").get_text() == hostile
    assert main.select_one("blockquote mark").get_text() == "<b>quote</b>"


def test_right_to_left_overrides_stay_inside_their_annotation(
    browser: Browser, db: Database
) -> None:
    """Note text and quotes are isolated runs (dir=auto + unicode-bidi: isolate in the CSS).

    Overrides are refused in written text (the body), kept in quotes copied from the page."""
    alice = make_user(db, "alice")
    found = make_set(db, alice, "Bidi")
    text = "harmless \u0645\u0631\u062d\u0628\u0627 gnp.exe"
    store.create_annotation(db, found["id"], note("quote \u202eetouq", text), alice["id"])
    main = browser.page(f"/sets/{found['id']}").find("main")
    body = main.select_one(".annotation .body")
    assert body.get_text() == text and body["dir"] == "auto"
    assert main.select_one("blockquote.quote")["dir"] == "auto"
    css = CSS.read_text()
    assert re.search(r"\.body, \.quote[^{]*\{\s*unicode-bidi: isolate;", css)


@pytest.mark.parametrize("visibility", ["private", "unlisted", "public"])
def test_who_may_open_a_set_page(
    browser: Browser, other_browser: Browser, db: Database, visibility: str
) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, "Team notes", visibility)
    store.create_annotation(db, found["id"], claim_label(), alice["id"])
    path = f"/sets/{found['id']}"
    status = 404 if visibility == "private" else 200
    anonymous = browser.get(path)
    assert anonymous.status_code == status
    if status == 404:
        text = soup_of(anonymous).get_text(" ", strip=True)
        assert "Team notes" not in text and "Not open source" not in text
    other_browser.register("mallory")
    assert other_browser.get(path).status_code == status


def test_members_read_private_sets_but_only_owners_manage(
    browser: Browser, other_browser: Browser, db: Database
) -> None:
    browser.register("alice")
    alice = store.get_user_by_name(db, "alice")
    found = make_set(db, alice, "Team notes", "private")
    other_browser.register("bob")
    store.put_member(db, found["id"], "bob", "editor")
    as_bob = other_browser.page(f"/sets/{found['id']}")
    assert as_bob.find("h1").get_text() == "Team notes"
    assert as_bob.select_one(".owner-panel") is None
    assert as_bob.select("form[action*='/share-links']") == []
    as_alice = browser.page(f"/sets/{found['id']}")
    panel = as_alice.select_one(".owner-panel")
    assert panel is not None
    assert [r["data-username"] for r in panel.select("#members tbody tr")] == ["alice", "bob"]


def test_unknown_set_is_an_html_404(browser: Browser) -> None:
    response = browser.get("/sets/doesnotexist0000")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert soup_of(response).find("h1").get_text(strip=True) == "Not found"


def test_annotations_are_paged_and_filterable(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice)
    items = [note(f"quote {i}", f"note number {i}") for i in range(55)]
    items.append(claim_label(body="the only label about llamas"))
    store.create_many(db, found["id"], items, alice["id"])
    first = browser.page(f"/sets/{found['id']}")
    shown = first.select("#annotations > li")
    older = first.select_one("a#older")
    assert older is not None
    second = browser.page(older["href"])
    more = second.select("#annotations > li")
    assert len(shown) + len(more) == 56
    assert second.select_one("a#older") is None
    texts = {li.get_text(" ", strip=True) for li in shown} | {
        li.get_text(" ", strip=True) for li in more
    }
    assert len(texts) == 56
    labels = browser.page(f"/sets/{found['id']}?kind=claim").select("#annotations > li")
    assert [li["data-kind"] for li in labels] == ["claim"]
    searched = browser.page(f"/sets/{found['id']}?q=llamas").select("#annotations > li")
    assert len(searched) == 1
    assert searched[0].select_one(".body").get_text() == "the only label about llamas"
    stale = browser.page(f"/sets/{found['id']}?cursor=not-a-cursor")
    assert stale.select_one("[role=alert]") is not None
    assert len(stale.select("#annotations > li")) == len(shown)


def test_share_link_page_offers_follow_with_the_token(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, "Team notes", "private")
    store.create_annotation(db, found["id"], claim_label(), alice["id"])
    _link, token = store.create_share_link(db, found["id"], "viewer", alice["id"])
    soup = browser.page(f"/s/{token}")
    assert soup.find("h1").get_text() == "Team notes"
    hooks = soup.select("#footnote-follow")
    assert len(hooks) == 1
    assert hooks[0]["data-share-token"] == token
    assert hooks[0]["data-set-id"] == found["id"]
    assert hooks[0]["data-set-title"] == "Team notes"
    assert soup.select_one("#share-steps a")["href"] == "/install"
    assert len(soup.select("#annotations > li")) == 1


def test_revoked_or_unknown_share_link_is_a_clear_404(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, "Team notes", "private")
    link, token = store.create_share_link(db, found["id"], "viewer", alice["id"])
    store.revoke_share_link(db, found["id"], link["id"])
    for path in (f"/s/{token}", "/s/fns_unknown"):
        response = browser.get(path)
        assert response.status_code == 404
        soup = soup_of(response)
        assert soup.find("h1").get_text(strip=True) == "This share link does not work"
        assert "revoked" in soup.select_one("#not-found-message").get_text()
        assert "Team notes" not in soup.get_text()
        assert soup.select("#footnote-follow") == []


def test_user_page_lists_their_public_sets(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    make_set(db, alice, "Public claims", "public")
    make_set(db, alice, "Secret claims", "private")
    soup = browser.page("/users/alice")
    assert [h.get_text(strip=True) for h in soup.select(".cards h3")] == ["Public claims"]
    assert browser.get("/users/nobody").status_code == 404


def test_headings_are_in_order_and_inputs_labelled(browser: Browser, db: Database) -> None:
    browser.register("alice")
    alice = store.get_user_by_name(db, "alice")
    found = make_set(db, alice)
    store.create_annotation(db, found["id"], claim_label(), alice["id"])
    for path in ("/", f"/sets/{found['id']}", "/install", "/account/tokens"):
        soup = browser.page(path)
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1 and levels.count(1) == 1, (path, levels)
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (path, levels)
        for field in soup.select("input:not([type=hidden]), select, textarea"):
            assert soup.find("label", attrs={"for": field["id"]}) is not None, (path, field)


def test_pages_forbid_scripts_and_framing(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice)
    response = browser.get(f"/sets/{found['id']}")
    policy = response.headers["Content-Security-Policy"]
    # One script, named by its full URL: no inline script, no other file of this origin.
    scripts = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()
    assert scripts == ["script-src", "http://localhost/assets/copy.js"]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" not in response.headers.get("Cache-Control", "")
    soup = soup_of(response)
    assert [(s["src"], s.string) for s in soup.find_all("script")] == [("/assets/copy.js", None)]
    copy_script = browser.get("/assets/copy.js")
    assert copy_script.mimetype in ("text/javascript", "application/javascript")
    copy_script.close()


def test_set_page_plurals_and_danger_zone_at_the_bottom(browser: Browser, db: Database) -> None:
    browser.register("alice")
    alice = store.get_user_by_name(db, "alice")
    found = make_set(db, alice)
    store.create_annotation(db, found["id"], claim_label(), alice["id"])
    soup = browser.page(f"/sets/{found['id']}")
    text = soup.get_text(" ", strip=True)
    assert "1 annotations" not in text
    assert "(1 annotation in all)" in text
    assert "its 1 annotation for everyone" in text
    sections = soup.select("main > section")
    assert sections[-1].select_one("#delete-heading") is not None, "danger zone is last"
    headings = [h.get_text(strip=True) for h in soup.find_all(["h2", "h3"])]
    assert headings.count("Export") <= 1, headings


def test_share_page_steps_follow_the_follow_state(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, visibility="private")
    _link, token = store.create_share_link(db, found["id"], "viewer", alice["id"])
    soup = browser.page(f"/s/{token}")
    # The extension sets data-footnote-following on the hook; the page's CSS swaps the steps.
    assert soup.select("#share-steps li.when-not-following")
    assert soup.select_one("#share-steps li.when-following#share-following") is not None
    css = CSS.read_text()
    assert "#footnote-follow[data-footnote-following] ~ .card .when-not-following" in css


def test_share_link_page_is_never_cached_and_sends_no_referrer(
    browser: Browser, db: Database
) -> None:
    alice = make_user(db, "alice")
    found = make_set(db, alice, "Team notes", "private")
    _link, token = store.create_share_link(db, found["id"], "editor", alice["id"])
    response = browser.get(f"/s/{token}")
    assert response.headers["Cache-Control"] == "no-store"
    meta = soup_of(response).find("meta", attrs={"name": "referrer"})
    assert meta["content"] == "no-referrer"
    assert "read it and add, edit or delete" in soup_of(response).get_text(" ", strip=True)


def test_an_annotation_has_a_page_for_card_permalinks(browser: Browser, db: Database) -> None:
    alice = make_user(db, "alice")
    public = make_set(db, alice)
    shown = store.create_annotation(db, public["id"], claim_label(), alice["id"])
    soup = browser.page(f"/annotations/{shown['id']}")
    assert soup.select_one("#annotation-set")["href"] == f"/sets/{public['id']}"
    assert "Disputed" in soup.select_one("h1").get_text()
    assert len(soup.select("#annotations li.annotation")) == 1
    private = make_set(db, alice, title="Desk", visibility="private")
    hidden = store.create_annotation(db, private["id"], claim_label(), alice["id"])
    assert browser.get(f"/annotations/{hidden['id']}").status_code == 404
    assert browser.get("/annotations/no-such-id").status_code == 404
