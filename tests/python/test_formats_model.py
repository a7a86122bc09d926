"""No silent loss (issue 11, point 7): data-model-invalid annotations are refused with the
reason, unknown properties are kept only as extension properties, paged collections are
followed or refused, and a Hypothesis row Footnote cannot take whole is refused and named."""

from __future__ import annotations

import json

import pytest

from footnote.formats.common import FormatError, RecordError
from footnote.formats.importer import plan_import

ANNO = "http://www.w3.org/ns/anno.jsonld"
GOOD = {
    "@context": ANNO,
    "id": "https://annotations.example/a1",
    "type": "Annotation",
    "bodyValue": "A note.",
    "target": "https://example.com/page",
}


def refused(doc, **options):
    with pytest.raises(RecordError) as info:
        plan_import(json.dumps(doc), "w3c", **options)
    return info.value


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"@context": None}, "@context", "no @context"),
        ({"id": ["https://a.example/1", "https://a.example/2"]}, "id", "several ids"),
        ({"creator": 42}, "creator", "IRI or an agent"),
        ({"created": "yesterday"}, "created", "xsd:dateTime"),
        ({"modified": "2015-01-28"}, "modified", "xsd:dateTime"),
        ({"motivation": 7}, "motivation", "string"),
        ({"body": {"type": "TextualBody", "value": "x"}}, "body", "bodyValue must not"),
        ({"canonical": ["urn:a", "urn:b"]}, "canonical", "one IRI"),
        ({"stylesheet": "javascript:alert(1)"}, "stylesheet", "javascript: IRI"),
        ({"extra": "x" * 100}, "extra", "unknown property"),
        ({"target": {"source": "https://e.com/", "sneaky": 1}}, "target.sneaky", "unknown"),
        ({"@graph": []}, "@graph", "JSON-LD keyword"),
    ],
    ids=[
        "no-context",
        "several-ids",
        "numeric-creator",
        "created-not-date-time",
        "modified-date-only",
        "numeric-motivation",
        "bodyValue-and-body",
        "several-canonicals",
        "javascript-stylesheet",
        "unknown-property",
        "unknown-nested-property",
        "graph-keyword",
    ],
)
def test_invalid_annotation_is_refused_with_the_reason(change, field, words):
    doc = {**GOOD, **change}
    doc = {k: v for k, v in doc.items() if v is not None}
    error = refused(doc)
    assert error.field == field
    assert words in error.message
    assert error.record_id in (None, GOOD["id"]) or isinstance(doc["id"], list)
    # Invalid data stops the import even when unsupported records may be skipped.
    refused(doc, skip_unsupported=True)


def test_the_issue_example_with_created_yesterday_is_refused():
    doc = {
        "@context": ANNO,
        "id": "https://annotations.example/a1",
        "type": "Annotation",
        "created": "yesterday",
        "body": "https://example.org/body1",
        "target": "https://example.com/page",
    }
    error = refused(doc)
    assert "created" in error.message and "xsd:dateTime" in error.message


def test_extension_property_with_its_context_is_kept_and_bounded():
    context = [ANNO, {"ex": "http://example.org/ns#", "mood": "ex:mood"}]
    plan = plan_import(json.dumps({**GOOD, "@context": context, "mood": "happy"}), "w3c")
    assert plan.extras[0]["w3c"]["fields"]["mood"] == "happy"
    huge = {**GOOD, "@context": context, "mood": "x" * 100_000}
    assert "at most 65,536" in refused(huge).message


def test_paged_collection_in_one_file_is_followed_once():
    collection = {
        "@context": ANNO,
        "id": "https://c.example/c/",
        "type": "AnnotationCollection",
        "first": "https://c.example/c/?page=0",
    }
    pages = [
        {
            "@context": ANNO,
            "id": f"https://c.example/c/?page={n}",
            "type": "AnnotationPage",
            "items": [{**GOOD, "id": f"https://c.example/a{n}"}],
            **({"next": f"https://c.example/c/?page={n + 1}"} if n < 2 else {}),
        }
        for n in range(3)
    ]
    plan = plan_import(json.dumps([pages[2], collection, pages[0], pages[1]]), "w3c")
    assert len(plan.internals) == 3


def test_collection_whose_next_page_is_elsewhere_is_refused_with_the_reason():
    collection = {
        "@context": ANNO,
        "type": "AnnotationCollection",
        "first": {
            "type": "AnnotationPage",
            "items": [GOOD],
            "next": "https://c.example/c/?page=1",
        },
    }
    with pytest.raises(FormatError) as info:
        plan_import(json.dumps(collection), "w3c")
    assert info.value.field == "next"
    assert "only linked" in info.value.message and "?page=1" in info.value.message


HYPOTHESIS_ROW = {
    "id": "h1",
    "uri": "https://example.com/page",
    "user": "acct:alice@hypothes.is",
    "text": "A note",
    "tags": [],
    "created": "2026-01-01T10:00:00.000000+00:00",
    "updated": "2026-01-01T10:00:00.000000+00:00",
    "target": [
        {
            "source": "https://example.com/page",
            "selector": [
                {
                    "type": "RangeSelector",
                    "startContainer": "/div[1]/p[2]",
                    "startOffset": 4,
                    "endContainer": "/div[1]/p[2]",
                    "endOffset": 9,
                },
                {"type": "TextQuoteSelector", "exact": "quick", "prefix": "the ", "suffix": " fox"},
            ],
        }
    ],
}


def test_hypothesis_range_selector_becomes_the_w3c_form():
    plan = plan_import(json.dumps({"rows": [HYPOTHESIS_ROW], "total": 1}), "hypothesis")
    [selector] = [
        s
        for s in plan.extras[0]["w3c"]["fields"]["target"]["selector"]
        if s["type"] == "RangeSelector"
    ]
    assert selector["startSelector"] == {
        "type": "XPathSelector",
        "value": "/div[1]/p[2]",
        "refinedBy": {"type": "TextPositionSelector", "start": 4, "end": 4},
    }
    assert plan.internals[0]["target"]["selector"][0]["exact"] == "quick"


def test_hypothesis_row_whose_selector_is_not_a_list_is_refused_and_named():
    row = json.loads(json.dumps(HYPOTHESIS_ROW))
    row["target"][0]["selector"] = {"type": "TextQuoteSelector", "exact": "quick"}
    with pytest.raises(RecordError) as info:
        plan_import(json.dumps({"rows": [row], "total": 1}), "hypothesis")
    assert info.value.index == 0 and info.value.record_id == "h1"
    assert "must be a list" in info.value.message
