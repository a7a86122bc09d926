"""The compiled Myers scan (edlib) gives exactly the pure Python scan's matches (matching.md §4).

The Python scan is the reference: it follows approx-string-match 2.0.0 line by line. edlib only
replaces the scan over long texts, so every case here is run both ways and must agree.
"""

from __future__ import annotations

import random

import pytest

from footnote.match import anchor, myers
from footnote.match.myers import encode_text, mask_encoded, search

pytestmark = pytest.mark.skipif(myers.edlib is None, reason="edlib not installed")

ALPHABETS = {
    "ascii": "abcde fghij",
    "two-letters": "ab",
    "unicode": "aäöüß éè€ 字文😀",
}


def _edited(rng: random.Random, text: str, edits: int, alphabet: str) -> str:
    chars = list(text)
    for _ in range(edits):
        i = rng.randrange(len(chars) + 1)
        kind = rng.randrange(3)
        if kind == 0 and i < len(chars):
            del chars[i]
        elif kind == 1 and i < len(chars):
            chars[i] = rng.choice(alphabet)
        else:
            chars.insert(i, rng.choice(alphabet))
    return "".join(chars)


def _cases(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        name = rng.choice(sorted(ALPHABETS))
        alphabet = ALPHABETS[name]
        unit = "".join(rng.choice(alphabet) for _ in range(rng.randrange(20, 400)))
        text = unit * rng.randrange(1, 6) + "".join(rng.choice(alphabet) for _ in range(50))
        start = rng.randrange(len(text) - 10)
        pattern = text[start : start + rng.randrange(5, 90)] or "ab"
        pattern = _edited(rng, pattern, rng.randrange(0, 6), alphabet) or "a"
        yield text, pattern, rng.randrange(0, len(pattern) + 2)


@pytest.mark.parametrize("seed", range(6))
def test_compiled_and_python_scans_find_the_same_matches(seed: int) -> None:
    for text, pattern, max_errors in _cases(seed, 150):
        encoded = encode_text(text)
        assert search(text, pattern, max_errors, 1, encoded) == search(text, pattern, max_errors), (
            text,
            pattern,
            max_errors,
        )


def test_masked_spans_match_nothing_in_both() -> None:
    text = "the quick brown fox jumps over the quick brown fox " * 40
    pattern = "quick brwn fox"
    encoded = encode_text(text)
    first = search(text, pattern, 3, 1, encoded)
    assert first == search(text, pattern, 3)
    lo, hi = first[0].start, first[0].end
    masked = text[:lo] + "\uffff" * (hi - lo) + text[hi:]
    assert search(masked, pattern, 3, 1, mask_encoded(encoded, lo, hi)) == search(
        masked, pattern, 3
    )


def test_characters_beyond_the_byte_alphabet_fall_back_to_python() -> None:
    rare = "".join(chr(0x4E00 + i) for i in range(400))
    text = rare * 3
    encoded = encode_text(text)
    assert len(encoded.codes) == 255
    pattern = rare[300:340]  # characters with no code: the Python scan answers
    assert search(text, pattern, 4, 1, encoded) == search(text, pattern, 4)


def test_anchoring_a_long_page_is_the_same_with_and_without_edlib(monkeypatch) -> None:
    rng = random.Random(13)
    words = ["claim", "label", "vaccine", "Impfung", "réchauffement", "open", "source", "llama"]
    text = " ".join(rng.choice(words) for _ in range(6000))
    assert len(text) >= myers.COMPILED_MIN_TEXT
    quotes = []
    for _ in range(30):
        start = rng.randrange(0, len(text) - 200)
        exact = text[start : start + rng.randrange(25, 120)]
        quotes.append({"exact": _edited(rng, exact, 2, "abc "), "prefix": text[start - 32 : start]})
    compiled = [anchor.anchor_quote(text, q, hint=len(text) // 2) for q in quotes]
    monkeypatch.setattr(myers, "edlib", None)
    anchor._cache.clear()
    pure = [anchor.anchor_quote(text, q, hint=len(text) // 2) for q in quotes]
    assert compiled == pure
