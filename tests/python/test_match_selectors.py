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
