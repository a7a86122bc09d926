"""The exports' JSON writer (footnote.formats.json_stream): orjson writes the items, and what it
writes is made byte for byte what `json.dumps(..., ensure_ascii=False, indent=N)` writes, for any
value Footnote can store; where orjson would write something else, `json.dumps` writes it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from footnote.formats.json_stream import streamed_document

# What can be stored: strict_json refuses NaN and infinities, and unpaired surrogates.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too, which orjson refuses
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"]))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def streamed(items: list, indent: int) -> str:
    envelope = {"@context": "x", "first": {"id": "p", "items": []}, "last": "p"}
    return "".join(streamed_document(envelope, ("first", "items"), items, indent=indent))


def whole(items: list, indent: int) -> str:
    doc = {"@context": "x", "first": {"id": "p", "items": items}, "last": "p"}
    return json.dumps(doc, ensure_ascii=False, indent=indent)


@settings(max_examples=100, deadline=None)
@given(st.lists(VALUES, max_size=4), st.sampled_from([1, 2, 4]))
def test_streamed_items_are_what_json_dumps_writes(items, indent):
    assert streamed(items, indent) == whole(items, indent)


def test_numbers_orjson_writes_otherwise_are_written_by_json_dumps():
    items = [
        {"small": 1e-05, "tiny": -1.5e-07, "huge": 1e16, "big": 2**64, "neg": -(2**63) - 1},
        [1e-300, 0.0001, 123456789012345678.0],
        {"text": "1e-7 looks like a number, 0.00001 too", "id": "4a9e-2b1e+9"},
        {1: "a key that is not a string"},
    ]
    assert streamed(items, 1) == whole(items, 1)


def test_every_character_is_escaped_as_json_dumps_does():
    code_points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    text = "".join(map(chr, code_points))
    items = [
        {"text": text[i : i + 8192], "list": list(text[i : i + 64])}
        for i in range(0, len(text), 8192)
    ]
    assert streamed(items, 1) == whole(items, 1)
