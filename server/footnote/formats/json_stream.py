"""A JSON document written piece by piece, byte for byte what `json.dumps` writes for it whole.

Exports of large sets are one document with one long list inside (the W3C collection's page
items, the ClaimReview feed's elements). The document around the list is small: it is dumped
once with a marker in place of the list, and the list's items are dumped one at a time and
indented to the marker's depth, so only one item is ever held as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

# Control characters are always escaped by json.dumps, so no stored string can look like this.
_MARKER = "\x00footnote-items\x00"
_NOTHING = object()


def _dumps(value: Any, indent: int | None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def streamed_document(
    envelope: dict[str, Any],
    path: Sequence[str],
    items: Iterable[Any],
    *,
    indent: int = 1,
) -> Iterator[str]:
    """`json.dumps(doc, ensure_ascii=False, indent=indent)` in parts, where `doc` is `envelope`
    with the list at `path` (keys from the top) being `items`. `envelope` is changed in place.
    """
    holder = envelope
    for key in path[:-1]:
        holder = holder[key]
    iterator = iter(items)
    first = next(iterator, _NOTHING)
    if first is _NOTHING:
        holder[path[-1]] = []
        yield _dumps(envelope, indent)
        return
    holder[path[-1]] = [_MARKER]
    text = _dumps(envelope, indent)
    quoted = _dumps(_MARKER, None)
    at = text.index(quoted)
    head, tail = text[:at], text[at + len(quoted) :]
    newline = "\n" + " " * (len(head) - len(head.rstrip(" ")))
    yield head
    yield _dumps(first, indent).replace("\n", newline)
    for item in iterator:
        yield "," + newline + _dumps(item, indent).replace("\n", newline)
    yield tail
