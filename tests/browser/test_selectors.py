"""Issue 11 point 2 in real Chromium: targets other tools write (XPath, Range, text fragments,
several targets), followed from a static W3C file, are placed by their quote or not at all."""

from __future__ import annotations

import json

from .extension import wait_for_marks

REPEATED = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Repeated</title></head>"
    "<body><div><p>The model is open source, it says.</p>"
    "<p>The model is open source, it says.</p></div></body></html>"
)


def note(n: int, body: str, target: object) -> dict:
    return {
        "id": f"urn:uuid:8a0e1f0e-0000-4000-8000-00000000011{n}",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": body},
        "target": target,
    }


def test_structural_selectors_place_by_the_quote_in_chromium(make_browser, site) -> None:
    (site.sets_dir / "repeated.html").write_text(REPEATED)
    repeated = f"{site.url}/sets/repeated.html"
    plain = f"{site.url}/pages/plain-article.html"
    quote = {"type": "TextQuoteSelector", "exact": "open source"}
    items = [
        # The quote is on the page twice with the same context: the XPath breaks the tie.
        note(
            1,
            "second copy",
            {
                "source": repeated,
                "selector": [{"type": "XPathSelector", "value": "/html/body/div/p[2]"}, quote],
            },
        ),
        # Two targets: a text fragment on the plain page, a range with no quote (kept only).
        note(
            2,
            "two pages",
            [
                {
                    "source": plain,
                    "selector": {
                        "type": "FragmentSelector",
                        "value": ":~:text=in%20their%20reports",
                    },
                },
                {
                    "source": repeated,
                    "selector": {
                        "type": "RangeSelector",
                        "startSelector": {
                            "type": "XPathSelector",
                            "value": "/html/body/div/p[1]",
                            "refinedBy": {"type": "TextPositionSelector", "start": 0},
                        },
                        "endSelector": {
                            "type": "XPathSelector",
                            "value": "/html/body/div/p[1]",
                            "refinedBy": {"type": "TextPositionSelector", "end": 9},
                        },
                    },
                },
            ],
        ),
        # An XPath alone says where, not what: never drawn.
        note(
            3,
            "xpath only",
            {
                "source": repeated,
                "selector": {"type": "XPathSelector", "value": "/html/body/div/p[1]"},
            },
        ),
    ]
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{site.url}/sets/selectors.jsonld",
        "type": "AnnotationCollection",
        "label": "Selectors",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }
    (site.sets_dir / "selectors.jsonld").write_text(json.dumps(collection))

    browser = make_browser()
    reply = browser.send({"type": "footnote/follow-static", "url": collection["id"]})
    assert reply.get("status") == "ok", reply

    page = browser.context.new_page()
    page.goto(repeated)
    assert [m["text"] for m in wait_for_marks(page)] == ["open source"]
    marked = page.evaluate(
        "() => [...document.querySelectorAll('p')].map("
        "(p) => p.querySelectorAll('footnote-mark[tabindex]').length)"
    )
    assert marked == [0, 1]

    other = browser.context.new_page()
    other.goto(plain)
    assert [m["text"] for m in wait_for_marks(other)] == ["in their reports"]
