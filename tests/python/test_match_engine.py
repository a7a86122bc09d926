"""Properties of the Python engine beyond the shared vectors."""

from hypothesis import given, settings
from hypothesis import strategies as st

from footnote.match import (
    anchor_quote,
    compile_labels,
    describe_quote,
    match_claims,
    normalize,
    page_text,
)
from footnote.match.myers import search

PIECES = ["a", "B", " ", "\n", "-", "\u00ad", "ß", "İ", "ﬁ", "e\u0301", "😀", "\u200f", "Ｌ", "’"]
tricky_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
words = st.sampled_from(
    [
        "meta",
        "llama",
        "open",
        "source",
        "model",
        "licence",
        "weights",
        "release",
        "critics",
        "say",
        "data",
        "the",
        "a",
        "of",
    ]
)


@given(tricky_text)
def test_normalize_maps_are_monotone_and_cover_the_input(text):
    norm = normalize(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text) + 1
    assert norm.starts[-1] == len(text)
    for i in range(len(norm.text)):
        assert norm.starts[i] <= norm.starts[i + 1]
        assert norm.starts[i] < norm.ends[i]
    assert normalize(norm.text.replace("\n", " ")).text == norm.text.replace("\n", " ")


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=30, max_size=120), st.data())
def test_describe_then_anchor_finds_the_same_text(word_list, data):
    text = " ".join(word_list) + "."
    start = data.draw(st.integers(0, len(text) - 12))
    end = data.draw(st.integers(start + 10, min(len(text), start + 80)))
    got = anchor_quote(text, describe_quote(text, start, end))
    # Never a wrong place: either an orphan (ambiguous repeats) or the very same text.
    if got is not None:
        assert normalize(text[got["start"] : got["end"]]).text.strip() == (
            normalize(text[start:end]).text.strip()
        )
        assert got["score"] == 1.0


def test_anchor_prefers_context_then_position():
    text = "One. Share this. Two. Share this. Three. Share this."
    second = text.index("Share", 10)
    assert anchor_quote(text, {"exact": "Share this", "prefix": "Two. "})["start"] == second
    assert anchor_quote(text, {"exact": "Share this", "start": second + 1})["start"] == second
    last = text.rindex("Share")
    assert anchor_quote(text, {"exact": "Share this"}, hint=last + 3)["start"] == last
    # The hint breaks a tie only within TIE_DISTANCE characters of an occurrence.
    assert anchor_quote(text, {"exact": "Share this"}, hint=len(text)) is None
    assert anchor_quote(text, {"exact": "Share this"}) is None


def test_myers_reports_lowest_error_matches_with_longest_start():
    assert search("xx hello world xx", "helo world", 3) == [(3, 14, 1)]
    assert search("abc", "xyz", 1) == []


def test_ten_thousand_labels_fire_correctly():
    labels = [
        {
            "id": f"l{i}",
            "all": [[f"name{i}", f"alias{i}a", f"alias{i} b"], [f"claim{i}", f"thing{i}"]],
            "highlight": 1,
        }
        for i in range(10000)
    ]
    matcher = compile_labels(labels)
    assert len(matcher.patterns) == 50000
    text = "Alias42 B says thing42. Name7 and claim8 differ. NAME9999 is Claim9999!"
    hits = match_claims(matcher, text, "https://example.org/")
    assert [(h["id"], text[h["start"] : h["end"]]) for h in hits] == [
        ("l42", "thing42"),
        ("l9999", "Claim9999"),
    ]


def test_page_text_segments_point_at_text_nodes():
    page = page_text("<p>Open-<em>Source</em></p><p>Zwei</p>")
    assert page.text == "Open-Source\nZwei"
    assert [(start, node.text_content) for start, node in page.segments] == [
        (0, "Open-"),
        (5, "Source"),
        (12, "Zwei"),
    ]
