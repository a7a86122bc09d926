"""Every bad input gets a 4xx JSON error naming the problem, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from factories import assert_refused_unchanged, payload

RLO = "\u202e"


def note_with(**changes: Any) -> dict[str, Any]:
    return payload("note", **changes)


def target_with(**changes: Any) -> dict[str, Any]:
    data = payload("note")
    data["target"].update(changes)
    return data


def quote_with(**changes: Any) -> dict[str, Any]:
    data = payload("note")
    data["target"]["selector"][0].update(changes)
    return data


def claim_with(**changes: Any) -> dict[str, Any]:
    data = payload("claim")
    data["target"]["selector"].update(changes)
    return data


def site_with(**changes: Any) -> dict[str, Any]:
    data = payload("site")
    data["target"]["selector"].update(changes)
    return data


ANNOTATIONS = "/api/sets/{set}/annotations"
NOTE = "/api/annotations/{note}"

# id, method, path, body (dict → JSON; str → raw JSON text), expected (status, code, field)
CASES: list[tuple[str, str, str, Any, tuple[int, str, str | None]]] = [
    ("malformed JSON", "POST", ANNOTATIONS, '{"target": ', (400, "invalid_json", None)),
    (
        "annotation unknown field",
        "POST",
        ANNOTATIONS,
        note_with(colour="red"),
        (400, "unknown_field", "colour"),
    ),
    (
        "annotation extra refused",
        "POST",
        ANNOTATIONS,
        note_with(extra={"x": 1}),
        (400, "unknown_field", "extra"),
    ),
    (
        "nested unknown field",
        "POST",
        ANNOTATIONS,
        note_with(sources=[{"id": "https://a.example/", "title": "t", "x": 1}]),
        (400, "unknown_field", "sources[0].x"),
    ),
    (
        "read-only id on create",
        "POST",
        ANNOTATIONS,
        note_with(id="https://x.example/a/1"),
        (400, "validation_error", "id"),
    ),
    (
        "target missing",
        "POST",
        ANNOTATIONS,
        {"body": {"value": "x"}},
        (400, "validation_error", "target"),
    ),
    (
        "kind unknown",
        "POST",
        ANNOTATIONS,
        note_with(kind="rumour"),
        (400, "validation_error", "kind"),
    ),
    (
        "kind contradicts target",
        "POST",
        ANNOTATIONS,
        note_with(kind="claim"),
        (400, "validation_error", "kind"),
    ),
    (
        "motivation for kind",
        "POST",
        ANNOTATIONS,
        note_with(motivation="assessing"),
        (400, "validation_error", "motivation"),
    ),
    (
        "verdict unknown",
        "POST",
        ANNOTATIONS,
        note_with(verdict="pants-on-fire"),
        (400, "validation_error", "verdict"),
    ),
    (
        "body too long",
        "POST",
        ANNOTATIONS,
        note_with(body={"value": "b" * 10_001}),
        (400, "validation_error", "body.value"),
    ),
    (
        "body NUL",
        "POST",
        ANNOTATIONS,
        note_with(body={"value": "a\x00b"}),
        (400, "validation_error", "body.value"),
    ),
    (
        "body markdown format",
        "POST",
        ANNOTATIONS,
        note_with(body={"value": "x", "format": "text/markdown"}),
        (400, "validation_error", "body.format"),
    ),
    (
        "two text bodies",
        "POST",
        ANNOTATIONS,
        note_with(body=[{"value": "a"}, {"value": "b"}]),
        (400, "validation_error", "body[1]"),
    ),
    (
        "tags not a list",
        "POST",
        ANNOTATIONS,
        note_with(tags="a,b"),
        (400, "validation_error", "tags"),
    ),
    (
        "too many tags",
        "POST",
        ANNOTATIONS,
        note_with(tags=[f"t{i}" for i in range(21)]),
        (400, "validation_error", "tags"),
    ),
    (
        "tag too long",
        "POST",
        ANNOTATIONS,
        note_with(tags=["t" * 65]),
        (400, "validation_error", "tags[0]"),
    ),
    (
        "tag RTL override",
        "POST",
        ANNOTATIONS,
        note_with(tags=[f"a{RLO}b"]),
        (400, "validation_error", "tags[0]"),
    ),
    (
        "body RTL override",
        "POST",
        ANNOTATIONS,
        note_with(body={"value": f"harmless {RLO}gnp.exe"}),
        (400, "validation_error", "body.value"),
    ),
    (
        "source title RTL override",
        "POST",
        ANNOTATIONS,
        note_with(sources=[{"id": "https://s.example/", "title": f"a{RLO}b"}]),
        (400, "validation_error", "sources[0].title"),
    ),
    (
        "too many sources",
        "POST",
        ANNOTATIONS,
        note_with(sources=[{"id": f"https://s.example/{i}"} for i in range(21)]),
        (400, "validation_error", "sources"),
    ),
    (
        "source not a URL",
        "POST",
        ANNOTATIONS,
        note_with(
            sources=[
                {"id": "https://a.example/"},
                {"id": "https://b.example/"},
                {"id": "not a url"},
            ]
        ),
        (400, "validation_error", "sources[2].id"),
    ),
    (
        "source javascript URL",
        "POST",
        ANNOTATIONS,
        note_with(sources=[{"id": "javascript:alert(1)"}]),
        (400, "validation_error", "sources[0].id"),
    ),
    (
        "source URL too long",
        "POST",
        ANNOTATIONS,
        note_with(sources=[{"id": "https://a.example/" + "p" * 2048}]),
        (400, "validation_error", "sources[0].id"),
    ),
    (
        "source title too long",
        "POST",
        ANNOTATIONS,
        note_with(sources=[{"id": "https://a.example/", "title": "t" * 301}]),
        (400, "validation_error", "sources[0].title"),
    ),
    (
        "target ftp URL",
        "POST",
        ANNOTATIONS,
        target_with(source="ftp://files.example/a"),
        (400, "validation_error", "target.source"),
    ),
    (
        "target no host",
        "POST",
        ANNOTATIONS,
        target_with(source="https:///path"),
        (400, "validation_error", "target.source"),
    ),
    (
        "target bad port",
        "POST",
        ANNOTATIONS,
        target_with(source="https://a.example:99999/"),
        (400, "validation_error", "target.source"),
    ),
    (
        "selector type",
        "POST",
        ANNOTATIONS,
        target_with(selector=[{"type": "XPathSelector", "value": "/html"}]),
        (400, "validation_error", "target.selector[0].type"),
    ),
    (
        "exact empty",
        "POST",
        ANNOTATIONS,
        quote_with(exact=""),
        (400, "validation_error", "target.selector[0].exact"),
    ),
    (
        "exact too long",
        "POST",
        ANNOTATIONS,
        quote_with(exact="e" * 10_001),
        (400, "validation_error", "target.selector[0].exact"),
    ),
    (
        "prefix too long",
        "POST",
        ANNOTATIONS,
        quote_with(prefix="p" * 501),
        (400, "validation_error", "target.selector[0].prefix"),
    ),
    (
        "position end before start",
        "POST",
        ANNOTATIONS,
        target_with(
            selector=[
                {"type": "TextQuoteSelector", "exact": "x"},
                {"type": "TextPositionSelector", "start": 10, "end": 2},
            ]
        ),
        (400, "validation_error", "target.selector[1].end"),
    ),
    (
        "position without quote",
        "POST",
        ANNOTATIONS,
        target_with(selector=[{"type": "TextPositionSelector", "start": 1, "end": 2}]),
        (400, "validation_error", "target.selector"),
    ),
    (
        "position start is text",
        "POST",
        ANNOTATIONS,
        target_with(
            selector=[
                {"type": "TextQuoteSelector", "exact": "x"},
                {"type": "TextPositionSelector", "start": "1", "end": 2},
            ]
        ),
        (400, "validation_error", "target.selector[1].start"),
    ),
    (
        "document on a label",
        "POST",
        ANNOTATIONS,
        payload("claim", document={"links": []}),
        (400, "validation_error", "document"),
    ),
    (
        "document link rel",
        "POST",
        ANNOTATIONS,
        note_with(document={"links": [{"rel": "alternate", "href": "https://a.example/"}]}),
        (400, "validation_error", "document.links[0].rel"),
    ),
    (
        "claim no groups",
        "POST",
        ANNOTATIONS,
        claim_with(all=[]),
        (400, "validation_error", "target.selector.all"),
    ),
    (
        "claim too many groups",
        "POST",
        ANNOTATIONS,
        claim_with(all=[["a"]] * 11),
        (400, "validation_error", "target.selector.all"),
    ),
    (
        "claim too many aliases",
        "POST",
        ANNOTATIONS,
        claim_with(all=[[f"a{i}" for i in range(51)]]),
        (400, "validation_error", "target.selector.all[0]"),
    ),
    (
        "claim alias too long",
        "POST",
        ANNOTATIONS,
        claim_with(all=[["a" * 201]]),
        (400, "validation_error", "target.selector.all[0][0]"),
    ),
    (
        "claim alias empty",
        "POST",
        ANNOTATIONS,
        claim_with(all=[["llama", " "]]),
        (400, "validation_error", "target.selector.all[0][1]"),
    ),
    (
        "claim highlight out of range",
        "POST",
        ANNOTATIONS,
        claim_with(highlight=2),
        (400, "validation_error", "target.selector.highlight"),
    ),
    (
        "claim window zero",
        "POST",
        ANNOTATIONS,
        claim_with(window=0),
        (400, "validation_error", "target.selector.window"),
    ),
    (
        "claim window word",
        "POST",
        ANNOTATIONS,
        claim_with(window="paragraph"),
        (400, "validation_error", "target.selector.window"),
    ),
    (
        "claim language",
        "POST",
        ANNOTATIONS,
        claim_with(languages=["english"]),
        (400, "validation_error", "target.selector.languages[0]"),
    ),
    (
        "claim URL pattern with scheme",
        "POST",
        ANNOTATIONS,
        claim_with(exclude=["https://opensource.org"]),
        (400, "validation_error", "target.selector.exclude[0]"),
    ),
    (
        "site no include",
        "POST",
        ANNOTATIONS,
        site_with(include=[]),
        (400, "validation_error", "target.selector.include"),
    ),
    (
        "site pattern wildcard",
        "POST",
        ANNOTATIONS,
        site_with(include=["exa*mple.com"]),
        (400, "validation_error", "target.selector.include[0]"),
    ),
    (
        "site too many patterns",
        "POST",
        ANNOTATIONS,
        site_with(include=[f"s{i}.example" for i in range(51)]),
        (400, "validation_error", "target.selector.include"),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [pytest.param(m, p, b, e, id=i) for i, m, p, b, e in CASES],
)
def test_bad_input_is_refused_and_changes_nothing(client, db, seeded, method, path, body, expected):
    assert_refused_unchanged(client, db, seeded, method, path, body, expected)


def test_a_kind_that_contradicts_its_target_names_the_contradiction(client, seeded):
    url = ANNOTATIONS.format(set=seeded["set"])
    response = client.post(url, json=note_with(kind="claim"), headers=seeded["owner"].headers)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "contradicts the target" in message
    assert "note on a page" in message and "ClaimPatternSelector" in message
