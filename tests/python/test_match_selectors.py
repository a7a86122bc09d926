"""Structural selectors in tests/vectors/selectors.json (JavaScript runs the same file)."""

import json
from pathlib import Path

import pytest

from footnote.match.selectors import anchor_target, load_page, resolve_xpath
from footnote.match.text_fragment import parse_text_directive

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "selectors.json").read_text("utf-8")
)
CASES = VECTORS["cases"]


@pytest.fixture(scope="module")
def dom():
    return load_page(VECTORS["html"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_selector_vectors(dom, case):
    found = anchor_target(dom, case["target"])
    expected = case["result"]
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found["start"], found["end"]) == (expected["start"], expected["end"])
        assert dom.text[found["start"] : found["end"]] == expected["text"]


def test_vectors_cover_every_selector_type():
    types = set()
    for case in CASES:
        target = case["target"]
        selectors = target.get("selector", []) if isinstance(target, dict) else target
        types |= {s["type"] for s in selectors}
    assert {"XPathSelector", "CssSelector", "FragmentSelector", "RangeSelector"} <= types


@pytest.mark.parametrize(
    "path",
    ["html/body", "/html/body/p[0]", "/html//p", "/html/body/p[@id=x]", "", 42],
)
def test_xpath_outside_the_subset_selects_nothing(dom, path):
    assert resolve_xpath(dom, path) == []


@pytest.mark.parametrize(
    "fragment, parsed",
    [
        (":~:text=a", {"prefix": None, "start": "a", "end": None, "suffix": None}),
        (":~:text=p-,a,b,-s", {"prefix": "p", "start": "a", "end": "b", "suffix": "s"}),
        ("id:~:text=a%2Cb", {"prefix": None, "start": "a,b", "end": None, "suffix": None}),
        (":~:text=", None),
        (":~:text=a,b,c", None),
        ("para-3", None),
        (":~:other=1", None),
    ],
)
def test_text_directive_parsing(fragment, parsed):
    assert parse_text_directive(fragment) == parsed


def test_check_places_each_target_about_the_page():
    """`footnote check` anchors an annotation's original targets one by one (match.check)."""
    from footnote.match.check import Page, check_page

    quote = {"type": "TextQuoteSelector", "exact": "bold words"}
    annotation = {
        "id": "https://svc.example/api/annotations/n1",
        "kind": "note",
        "target": {"source": "https://news.example/a"},
        "targets": [
            {"source": "https://news.example/a", "selector": [quote]},
            {
                "source": "https://news.example/a",
                "selector": {"type": "FragmentSelector", "value": "para-1"},
            },
            {
                "source": "https://news.example/a",
                "selector": {"type": "XPathSelector", "value": "/html/body/div[1]/p[1]"},
            },
            {"source": "https://elsewhere.example/", "selector": [quote]},
            {"source": "https://news.example/a"},
        ],
    }
    result = check_page(Page("a.html", "https://news.example/a", VECTORS["html"]), [annotation])
    assert [(n["status"], n.get("text")) for n in result["notes"]] == [
        ("anchored", "bold words"),
        ("anchored", "The first paragraph says the model is open source."),
        ("orphaned", None),
    ]
