"""Editors write claim and site labels and delete annotations from the set page."""

from __future__ import annotations

import pytest
from sqlite_utils import Database
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser, flashes, soup_of

from footnote import store

OSI = "https://opensource.org/ai/open-source-ai-definition"


@pytest.fixture
def desk(browser: Browser, other_browser: Browser, db: Database) -> str:
    """A private set alice owns, with bob as an editor (alice on `browser`, bob on the other)."""
    browser.register("alice")
    other_browser.register("bob")
    alice = store.get_user_by_name(db, "alice")
    found = store.create_set(db, alice["id"], "Desk", "", "private")
    store.put_member(db, found["id"], "bob", "editor")
    return found["id"]


def live(db: Database, set_id: str) -> list[dict]:
    """The set's live annotations."""
    return store.list_all(db, set_id)


def test_editor_adds_a_claim_label(other_browser: Browser, db: Database, desk: str) -> None:
    page = f"/sets/{desk}"
    version = store.get_set(db, desk)["version"]
    response = other_browser.submit(
        page,
        f"{page}/labels",
        {
            "kind": "claim",
            "verdict": "disputed",
            "explanation": "Llama's licence is not open source.\r\nSee the OSI.",
            "terms": "llama 4, llama\nopen source; open-source | quelloffen",
            "highlight": "2",
            "window": "",
            "languages": "en, DE",
            "exclude": "opensource.org",
            "not": "Open Source Initiative\r\nopen source definition",
            "sources": f"{OSI} The Open Source AI Definition",
            "tags": "llama, licences",
        },
    )
    assert response.status_code == 302
    [label] = live(db, desk)
    assert label["kind"] == "claim"
    assert label["verdict"] == "disputed"
    assert label["body_text"] == "Llama's licence is not open source.\nSee the OSI."
    assert label["creator"] == "bob"
    selector = label["target"]["selector"]
    assert selector["all"] == [["llama 4", "llama"], ["open source", "open-source", "quelloffen"]]
    assert selector["highlight"] == 1
    assert selector["window"] == "sentence"
    assert selector["languages"] == ["en", "de"]
    assert selector["exclude"] == ["opensource.org"]
    assert selector["not"] == ["Open Source Initiative", "open source definition"]
    assert label["sources"] == [{"id": OSI, "title": "The Open Source AI Definition"}]
    assert label["tags"] == ["llama", "licences"]
    assert store.get_set(db, desk)["version"] == version + 1
    shown = other_browser.page(page)
    assert shown.select_one("#annotations .verdict").get_text(strip=True) == "Disputed"
    assert flashes(shown)[0].startswith("Label added.")


def test_owner_adds_a_site_label(browser: Browser, db: Database, desk: str) -> None:
    page = f"/sets/{desk}"
    browser.submit(
        page,
        f"{page}/labels",
        {"kind": "site", "verdict": "satire", "include": "satire.example\nfun.example/news/"},
    )
    [label] = live(db, desk)
    assert label["kind"] == "site"
    assert label["target"]["selector"]["include"] == ["satire.example", "fun.example/news/"]
    assert label["body_text"] is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "claim", "terms": ""}, "Claim terms"),
        ({"kind": "claim", "terms": "a\nb", "highlight": "3"}, "Highlight line"),
        ({"kind": "claim", "terms": "a", "window": "wide"}, "Window"),
        ({"kind": "claim", "terms": "a", "languages": "english"}, "target.selector.languages[0]"),
        ({"kind": "site", "include": ""}, "Only on sites"),
        ({"kind": "site", "include": "x.example", "sources": "javascript:alert(1)"}, "Sources"),
        ({"kind": "site", "include": "x.example", "verdict": "fake"}, "verdict"),
        ({"kind": "note"}, "Kind"),
    ],
    ids=[
        "no-terms",
        "highlight-out-of-range",
        "bad-window",
        "bad-language",
        "site-without-sites",
        "javascript-source",
        "unknown-verdict",
        "not-a-label-kind",
    ],
)
def test_bad_labels_are_refused_with_the_field_and_the_form_kept(
    other_browser: Browser, db: Database, desk: str, fields: dict[str, str], field: str
) -> None:
    page = f"/sets/{desk}"
    version = store.get_set(db, desk)["version"]
    fields = {"explanation": "keep me", **fields}
    response = other_browser.submit(page, f"{page}/labels", fields)
    assert response.status_code == 400
    soup = soup_of(response)
    assert field in soup.select_one("#label-error").get_text()
    assert soup.select_one("#label-explanation").get_text() == "keep me"
    assert soup.select_one(".label-editor details").has_attr("open")
    assert live(db, desk) == []
    assert store.get_set(db, desk)["version"] == version


def test_every_problem_of_a_label_form_is_reported_at_once(
    other_browser: Browser, db: Database, desk: str
) -> None:
    page = f"/sets/{desk}"
    fields = {"kind": "claim", "terms": "", "window": "wide", "sources": "ftp://x.example"}
    response = other_browser.submit(page, f"{page}/labels", fields)
    assert response.status_code == 400
    items = [li.get_text() for li in soup_of(response).select("#label-error li")]
    assert len(items) == 3, items
    assert any("Claim terms" in i for i in items) and any("Window" in i for i in items)
    assert any("Sources" in i for i in items)
    assert live(db, desk) == []


def test_viewers_and_strangers_cannot_add_or_delete(
    browser: Browser, other_browser: Browser, db: Database, desk: str, web_app
) -> None:
    page = f"/sets/{desk}"
    browser.submit(page, f"{page}/labels", {"kind": "site", "include": "x.example"})
    [label] = live(db, desk)
    store.put_member(db, desk, "bob", "viewer")
    as_viewer = other_browser.page(page)
    assert as_viewer.select(".label-editor") == []
    assert as_viewer.select("form[action$='/delete']") == []
    token = other_browser.form_on("/", "/signout")["csrf_token"]
    add = other_browser.client.post(
        f"{page}/labels", data={"csrf_token": token, "kind": "site", "include": "y.example"}
    )
    assert add.status_code == 403
    delete = other_browser.client.post(
        f"{page}/annotations/{label['id']}/delete", data={"csrf_token": token}
    )
    assert delete.status_code == 403
    stranger = Browser(web_app.test_client())
    stranger.register("mallory")
    token = stranger.form_on("/", "/signout")["csrf_token"]
    hidden = stranger.client.post(
        f"{page}/annotations/{label['id']}/delete", data={"csrf_token": token}
    )
    assert hidden.status_code == 404
    assert [a["id"] for a in live(db, desk)] == [label["id"]]


def test_editor_deletes_an_annotation_leaving_a_tombstone(
    browser: Browser, other_browser: Browser, db: Database, desk: str
) -> None:
    page = f"/sets/{desk}"
    browser.submit(page, f"{page}/labels", {"kind": "site", "include": "x.example"})
    [label] = live(db, desk)
    version = store.get_set(db, desk)["version"]
    response = other_browser.submit(page, f"{page}/annotations/{label['id']}/delete", {})
    assert response.status_code == 302
    assert live(db, desk) == []
    _live, tombstones = store.changes_since(db, desk, version)
    assert [t["id"] for t in tombstones] == [label["id"]]
    assert other_browser.page(page).select("#annotations > li") == []


def test_an_annotation_is_only_deleted_through_its_own_set(
    browser: Browser, db: Database, desk: str
) -> None:
    alice = store.get_user_by_name(db, "alice")
    other = store.create_set(db, alice["id"], "Other", "", "private")
    browser.submit(
        f"/sets/{other['id']}", f"/sets/{other['id']}/labels", {"kind": "site", "include": "x.ex"}
    )
    [label] = live(db, other["id"])
    token = browser.form_on("/", "/signout")["csrf_token"]
    response = browser.client.post(
        f"/sets/{desk}/annotations/{label['id']}/delete", data={"csrf_token": token}
    )
    assert response.status_code == 404
    assert len(live(db, other["id"])) == 1


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param({}, ["Impfstoff", "Autismus"], id="nothing-ticked-stays-exact"),
        pytest.param(
            {"alias_lang": "de", "alias_stem": "1", "alias_compound": "1"},
            ["Impfstoff [de stem compound]", "Autismus [de stem compound]"],
            id="language-and-flags",
        ),
        pytest.param(
            {"alias_fold": "1", "alias_accents": "1"},
            ["Impfstoff [fold accents]", "Autismus [fold accents]"],
            id="spellings-without-language",
        ),
        pytest.param({"alias_lang": "fr"}, ["Impfstoff [fr]", "Autismus [fr]"], id="language"),
        pytest.param(
            {"alias_stem": "1", "languages": "de"},
            ["Impfstoff [stem]", "Autismus [stem]"],
            id="stem-in-the-label-language",
        ),
    ],
)
def test_ticked_alias_options_become_the_option_list(
    other_browser: Browser, db: Database, desk: str, options: dict, expected: list[str]
) -> None:
    page = f"/sets/{desk}"
    fields = {"kind": "claim", "terms": "Impfstoff\nAutismus", **options}
    response = other_browser.submit(page, f"{page}/labels", fields)
    assert response.status_code == 302, soup_of(response).select_one("#label-error")
    [label] = live(db, desk)
    assert [alias for group in label["target"]["selector"]["all"] for alias in group] == expected


def test_options_typed_by_hand_win_over_the_ticked_ones(
    other_browser: Browser, db: Database, desk: str
) -> None:
    page = f"/sets/{desk}"
    fields = {
        "kind": "claim",
        "terms": "Störung [de compound], Impfung\nvaccine [en stem]",
        "alias_lang": "de",
        "alias_stem": "1",
    }
    assert other_browser.submit(page, f"{page}/labels", fields).status_code == 302
    [label] = live(db, desk)
    assert label["target"]["selector"]["all"] == [
        ["Störung [de compound]", "Impfung [de stem]"],
        ["vaccine [en stem]"],
    ]


def test_the_form_offers_the_options_in_words(other_browser: Browser, desk: str) -> None:
    form = other_browser.page(f"/sets/{desk}").select_one(".label-editor form")
    boxes = {
        box["name"]: form.select_one(f"label[for='{box['id']}']").get_text(strip=True)
        for box in form.select(".alias-options input[type=checkbox]")
    }
    assert boxes == {
        "alias_stem": "Also match other forms of the word (vaccinate, vaccinated, vaccinating)",
        "alias_compound": "Match inside German compound words (Impfstoff in Coronaimpfstoff)",
        "alias_fold": "Ignore ae/oe/ue spellings (Erderwaermung for Erderwärmung)",
        "alias_accents": "Ignore missing accents on capitals (RECHAUFFEMENT for réchauffement)",
    }
    languages = [o.get_text() for o in form.select("select[name=alias_lang] option")]
    assert languages == ["Any language", "English", "German", "French"]


def test_other_forms_without_a_language_are_refused_and_the_ticks_kept(
    other_browser: Browser, db: Database, desk: str
) -> None:
    page = f"/sets/{desk}"
    fields = {"kind": "claim", "terms": "vaccinate", "alias_stem": "1", "alias_fold": "1"}
    response = other_browser.submit(page, f"{page}/labels", fields)
    assert response.status_code == 400
    soup = soup_of(response)
    assert "Other forms of the word" in soup.select_one("#label-error").get_text()
    assert soup.select_one("#label-alias-stem").has_attr("checked")
    assert soup.select_one("#label-alias-fold").has_attr("checked")
    assert not soup.select_one("#label-alias-compound").has_attr("checked")
    assert live(db, desk) == []
    fields["alias_lang"] = "xx"
    response = other_browser.submit(page, f"{page}/labels", fields)
    assert "Language of the aliases" in soup_of(response).select_one("#label-error").get_text()
