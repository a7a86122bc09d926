"""The shared vectors in tests/vectors/*.json (the JavaScript suite runs the same files)."""

import json
from pathlib import Path

import pytest

from footnote.match import (
    anchor_quote,
    compile_labels,
    describe_quote,
    match_claims,
    normalize,
    page_text,
    sentence_spans,
    url_matches,
)
from footnote.match.stems import stem

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def load(name: str) -> list[dict]:
    return json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))


def ids(vectors: list[dict]) -> list[str]:
    return [v.get("name") or v.get("url") for v in vectors]


@pytest.mark.parametrize("vector", load("normalize"), ids=ids(load("normalize")))
def test_normalize(vector):
    result = normalize(vector["input"])
    assert result.text == vector["text"]
    if "map" in vector:
        assert result.starts == vector["map"]
        assert result.ends == vector["ends"]
    assert len(result.starts) == len(result.text) + 1


@pytest.mark.parametrize("vector", load("claims"), ids=ids(load("claims")))
def test_claims(vector):
    matcher = compile_labels(vector["labels"])
    langs = [tuple(run) for run in vector["langs"]] if "langs" in vector else None
    hits = match_claims(
        matcher, vector["text"], vector["url"], lang=vector.get("lang"), langs=langs
    )
    expected = [{k: h[k] for k in ("id", "start", "end")} for h in vector["hits"]]
    assert hits == expected
    assert [vector["text"][h["start"] : h["end"]] for h in hits] == [
        h["text"] for h in vector["hits"]
    ]


@pytest.mark.parametrize("vector", load("anchor"), ids=ids(load("anchor")))
def test_anchor(vector):
    result = anchor_quote(vector["text"], vector["selector"], hint=vector.get("hint"))
    expected = vector["result"]
    if expected is None:
        assert result is None
        return
    assert result is not None
    assert (result["start"], result["end"]) == (expected["start"], expected["end"])
    assert vector["text"][result["start"] : result["end"]] == expected["text"]
    if "score" in expected:
        assert result["score"] == expected["score"]
    else:
        assert 0 < result["score"] < 1


@pytest.mark.parametrize("vector", load("describe"), ids=ids(load("describe")))
def test_describe(vector):
    assert describe_quote(vector["text"], vector["start"], vector["end"]) == vector["selectors"]


@pytest.mark.parametrize("vector", load("url-patterns"), ids=ids(load("url-patterns")))
def test_url_patterns(vector):
    assert url_matches(vector["patterns"], vector["url"]) is vector["matches"]


@pytest.mark.parametrize("vector", load("page-text"), ids=ids(load("page-text")))
def test_page_text(vector):
    page = page_text(vector["html"])
    assert page.text == vector["text"]
    assert page.lang == vector["lang"]
    if "langs" in vector:
        assert [list(run) for run in page.langs] == vector["langs"]


def test_describe_then_anchor_round_trip():
    text = "Intro. " + "Llama 4 is described as open source by Meta. " * 3 + "End."
    start = text.index("Llama", 20)
    selectors = describe_quote(text, start, start + 44)
    assert anchor_quote(text, selectors) == {"start": start, "end": start + 44, "score": 1.0}


@pytest.mark.parametrize("vector", load("sentences"), ids=ids(load("sentences")))
def test_sentences(vector):
    text = vector["text"]
    assert [text[s:e] for s, e in sentence_spans(text)] == vector["sentences"]


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_stems(lang):
    """Snowball stems of corpus words (scripts/stem_vector.py): JavaScript must give the same."""
    words = load("stems")[lang]["words"]
    assert len(words) >= 10_000
    wrong = [(word, expected, stem(word, lang)) for word, expected in words]
    assert [w for w in wrong if w[1] != w[2]] == []
