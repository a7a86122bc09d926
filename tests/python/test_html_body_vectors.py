"""The HTML-body allowlist vectors (tests/vectors/html-body.json), through the service's nh3
sanitiser; extension/test/html-body.test.js runs the same file through the extension's copy."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from footnote.web.html_body import sanitize_html

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "html-body.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_sanitiser_keeps_what_the_vector_says(case):
    expected = {**case, **case.get("python", {})}
    soup = BeautifulSoup(sanitize_html(case["html"]), "html.parser")
    elements = []
    for element in soup.descendants:
        if isinstance(element, Tag):
            attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in element.attrs.items()}
            if element.name == "a" and "href" not in attrs:
                attrs.pop("rel", None)  # the service marks every link; see `differences`
            elements.append([element.name, attrs])
    assert elements == expected["elements"]
    assert soup.get_text() == expected["text"]
