"""A claim pattern's `not` phrases through every layer: validation, API, OpenAPI, W3C, demo, check.

The engine rule itself is specified by the shared vectors (tests/vectors/claims.json, `not:` cases).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_set, make_user, payload
from pyld import jsonld

from footnote import store, validation
from footnote.db import connect
from footnote.demo import demo_data, load_demo
from footnote.errors import UnknownField, ValidationError
from footnote.formats.exporter import export_set, record_to_w3c
from footnote.formats.importer import plan_import, run_import
from footnote.match.check import Page, check_page
from footnote.w3c.context import CONTEXT, VOCAB

BASE = "https://footnote.example"
EXCEPTIONS = ["open source initiative", "open source definition", "open source ai definition"]
SEED_SENTENCE = (
    "Allerdings ist der Begriff ‘Open Source’ etwas umstritten, da die Open Source Initiative "
    "dieser Einstufung von Llama 4 widersprochen hat."
)


def selector(**extra: object) -> dict:
    """A claim pattern selector in wire form, with `extra` fields."""
    return {
        "type": "ClaimPatternSelector",
        "all": [["llama 4", "llama"], ["open source", "open-source"]],
        "highlight": 1,
        **extra,
    }


def validated(**extra: object) -> dict:
    """The canonical selector validation returns for `selector(**extra)`."""
    return validation.claim_pattern(selector(**extra))


# ------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (EXCEPTIONS, EXCEPTIONS),
        ([" open source initiative ", "open source initiative"], ["open source initiative"]),
        (["x" * validation.MAX_ALIAS], ["x" * validation.MAX_ALIAS]),
        (["p"] * 2 + [f"p{i}" for i in range(validation.MAX_NOT_PHRASES - 2)], None),
    ],
    ids=["three-phrases", "stripped-and-deduplicated", "longest-phrase", "fifty-phrases"],
)
def test_not_phrases_are_accepted(given, expected):
    result = validated(**{"not": given})
    assert result["not"] == (expected if expected is not None else list(dict.fromkeys(given)))


@pytest.mark.parametrize("given", [[], None], ids=["empty-list", "absent"])
def test_no_not_phrases_leave_the_canonical_selector_as_before(given):
    result = validated() if given is None else validated(**{"not": given})
    assert "not" not in result
    assert set(result) == {"type", "all", "highlight", "window", "languages", "include", "exclude"}


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ("open source initiative", "target.selector.not"),
        ({"0": "open source initiative"}, "target.selector.not"),
        ([f"p{i}" for i in range(validation.MAX_NOT_PHRASES + 1)], "target.selector.not"),
        ([""], "target.selector.not[0]"),
        (["ok", "   "], "target.selector.not[1]"),
        (["ok", 7], "target.selector.not[1]"),
        (["x" * (validation.MAX_ALIAS + 1)], "target.selector.not[0]"),
        (["two\nlines"], "target.selector.not[0]"),
    ],
    ids=["string", "object", "51-phrases", "empty", "blank", "number", "201-chars", "newline"],
)
def test_bad_not_phrases_are_refused_naming_the_field(given, field):
    with pytest.raises(ValidationError) as caught:
        validated(**{"not": given})
    assert caught.value.field == field


def test_unknown_selector_fields_are_still_refused():
    with pytest.raises(UnknownField) as caught:
        validated(nots=["open source initiative"])
    assert caught.value.field == "target.selector.nots"


# ------------------------------------------------------------------------------------ API


def test_api_stores_and_syncs_not_phrases(client, db):
    alice = make_user(db, "alice")
    target = make_set(db, "alice")
    claim = payload("claim", target={"selector": selector(**{"not": EXCEPTIONS})})
    created = client.post(
        f"/api/sets/{target['id']}/annotations", json=claim, headers=alice.headers
    )
    assert created.status_code == 201, created.json
    assert created.json["target"]["selector"]["not"] == EXCEPTIONS
    changes = client.get(f"/api/sets/{target['id']}/changes?since=0", headers=alice.headers)
    [synced] = changes.json["annotations"]
    assert synced["target"]["selector"]["not"] == EXCEPTIONS


def test_api_refuses_a_bad_not_phrase_naming_it(client, db):
    alice = make_user(db, "alice")
    target = make_set(db, "alice")
    claim = payload("claim", target={"selector": selector(**{"not": ["ok", ""]})})
    response = client.post(
        f"/api/sets/{target['id']}/annotations", json=claim, headers=alice.headers
    )
    assert response.status_code == 400
    assert response.json["error"]["field"] == "target.selector.not[1]"
    assert store.list_all(db, target["id"]) == []


def test_openapi_describes_every_claim_pattern_field(client):
    spec = client.get("/api/openapi.json").json
    schema = spec["components"]["schemas"]["ClaimPatternSelector"]
    assert schema["properties"]["not"]["maxItems"] == validation.MAX_NOT_PHRASES
    assert schema["properties"]["not"]["items"]["maxLength"] == validation.MAX_ALIAS
    # Every property the schema names is accepted, and the canonical form uses only those.
    accepted = validated(
        window=40,
        languages=["de"],
        include=["example.com"],
        exclude=["x.example"],
        **{"not": ["a"]},
    )
    assert set(accepted) == set(schema["properties"])
    target = spec["components"]["schemas"]["AnnotationInput"]["properties"]["target"]
    assert {"$ref": "#/components/schemas/ClaimPatternSelector"} in target["properties"][
        "selector"
    ]["anyOf"]


# ------------------------------------------------------------------------------------ W3C


@pytest.fixture
def local_db(tmp_path: Path):
    database = connect(tmp_path / "exceptions.db", migrate=True)
    yield database
    database.close()


def test_w3c_export_and_import_keep_not_phrases(local_db):
    user = store.create_user(local_db, "w3c", "password123", hash_method="pbkdf2:sha256:1")
    source = store.create_set(local_db, user["id"], "Source")
    claim = validation.validate_annotation(
        payload("claim", target={"selector": selector(**{"not": EXCEPTIONS})})
    )
    store.create_many(local_db, source["id"], [claim], user["id"])
    exported = json.loads(export_set(local_db, source["id"], "w3c", BASE).text)
    [item] = exported["first"]["items"]
    assert item["target"]["selector"]["not"] == EXCEPTIONS
    copy = store.create_set(local_db, user["id"], "Copy")
    run_import(local_db, copy["id"], plan_import(json.dumps(exported)), user["id"])
    [record] = store.list_all(local_db, copy["id"])
    assert record["target"]["selector"]["not"] == EXCEPTIONS
    assert record_to_w3c(record, BASE)["target"]["selector"]["not"] == EXCEPTIONS


def test_json_ld_context_maps_not_to_a_footnote_term():
    doc = {"@context": CONTEXT["@context"], "@type": "ClaimPatternSelector", "not": EXCEPTIONS}
    [expanded] = jsonld.expand(doc)
    values = expanded[f"{VOCAB}exception"]
    assert sorted(v["@value"] for v in values) == sorted(EXCEPTIONS)


# ------------------------------------------------------------------------------------ demo, check


def test_demo_set_carries_the_exceptions_and_updates_an_older_demo_label(local_db):
    [wanted] = demo_data()["annotations"]
    assert set(EXCEPTIONS) <= set(wanted["target"]["selector"]["not"])
    first = load_demo(local_db)
    assert first["created"] == 1
    [label] = store.list_all(local_db, first["set"]["id"])
    assert label["target"]["selector"]["not"] == wanted["target"]["selector"]["not"]
    # A database that holds the demo label from before `not` existed is brought up to date.
    older = validation.validate_annotation(
        {**{k: v for k, v in wanted.items() if k != "id"}, "target": {"selector": selector()}}
    )
    store.update_annotation(local_db, label["id"], older)
    again = load_demo(local_db)
    assert (again["created"], again["updated"]) == (0, 1)
    [label] = store.list_all(local_db, first["set"]["id"])
    assert label["target"]["selector"]["not"] == wanted["target"]["selector"]["not"]
    assert load_demo(local_db)["updated"] == 0


def test_check_marks_the_term_but_not_the_organisation():
    [demo] = demo_data()["annotations"]
    html = f'<html lang="de"><body><p>{SEED_SENTENCE}</p></body></html>'
    page = Page(source="seed.html", url="https://news.example.org/a", html=html)
    result = check_page(page, [{**demo, "id": f"{BASE}/api/annotations/{demo['id']}"}])
    assert [(c["text"], c["start"]) for c in result["claims"]] == [
        ("Open Source", SEED_SENTENCE.index("Open Source’"))
    ]
