"""The Markdown export says everything that decides where a claim label fires."""

from footnote.formats.markdown import set_to_markdown

LABEL = {
    "kind": "claim",
    "verdict": "disputed",
    "body": [{"type": "TextualBody", "value": "Not open source.", "purpose": "describing"}],
    "sources": [{"id": "https://opensource.org/ai/open-source-ai-definition", "title": "OSAID"}],
    "tags": [],
    "target": {
        "selector": {
            "type": "ClaimPatternSelector",
            "all": [["llama 4", "llama"], ["open source"]],
            "highlight": 1,
            "window": "sentence",
            "languages": ["en", "de"],
            "exclude": ["opensource.org"],
            "not": ["open source initiative", "open source definition"],
        }
    },
    "creator": {"type": "Person", "name": "footnote"},
    "created": "2026-11-28T10:00:00Z",
}


def test_claim_label_lists_its_pattern_limits_and_exceptions():
    text = set_to_markdown({"title": "Demo", "description": ""}, [LABEL])
    assert "## Claim labels" in text
    assert "in one sentence" in text
    assert "Languages: en, de." in text
    assert "Never on: opensource.org." in text
    assert "Not inside: “open source initiative”; “open source definition”." in text


def test_a_label_without_exceptions_says_nothing_about_them():
    selector = {k: v for k, v in LABEL["target"]["selector"].items() if k != "not"}
    text = set_to_markdown(
        {"title": "Demo", "description": ""}, [{**LABEL, "target": {"selector": selector}}]
    )
    assert "Not inside" not in text
