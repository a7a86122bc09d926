"""A JSON document written piece by piece, byte for byte what `json.dumps` writes for it whole.

Exports of large sets are one document with one long list inside (the W3C collection's page
items, the ClaimReview feed's elements). The document around the list is small: it is dumped
once with a marker in place of the list, and the list's items are dumped one at a time and
indented to the marker's depth, so only one item is ever held as text.

The items are written by orjson, compiled, in a fraction of the time of the standard library's
encoder (which is pure Python as soon as it indents), and its output is made the bytes
`json.dumps` writes: orjson indents by two spaces, the exports' indentation, so only the
newlines change (another indent is rewritten); where the two would differ (a float under 1e-4,
which Python writes with an exponent of at least two digits, an integer over 64 bits, a key that
is not a string, an unpaired surrogate) `json.dumps` writes that item. NaN and infinities, which
orjson would write as `null`, are never stored: request bodies and imports are read with
`strict_json`, which refuses them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

# Control characters are always escaped by json.dumps, so no stored string can look like this.
_MARKER = "\x00footnote-items\x00"
_NOTHING = object()


def _unlike_python(raw: bytes) -> bool:
    """Whether orjson may have written a number unlike `json.dumps`: a float under 1e-4 as
    0.0000… (Python: 1e-05), or any with an exponent (orjson e-7, Python e-07). A string that
    merely holds such text only costs that item the slower encoder."""
    if b"0.0000" in raw:
        return True
    for exponent in (b"e-", b"e+"):
        at = raw.find(exponent)
        while at > 0:
            if raw[at - 1] in _DIGITS:
                return True
            at = raw.find(exponent, at + 2)
    return False


_DIGITS = frozenset(b"0123456789")


def _dumps(value: Any, indent: int | None, newline: str = "\n") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)`, its newlines written `newline`."""
    if indent is not None and isinstance(value, dict | list):
        try:
            raw = orjson.dumps(value, option=orjson.OPT_INDENT_2)
        except TypeError:  # orjson.JSONEncodeError: see the module's docstring
            pass
        else:
            if not _unlike_python(raw):
                return _reindented(raw, indent, newline.encode()).decode()
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if newline == "\n" else text.replace("\n", newline)


def _reindented(raw: bytes, indent: int, newline: bytes) -> bytes:
    """orjson's two-space indentation as `indent` spaces, newlines as `newline`.

    Every newline orjson writes is between tokens (a newline in a string is written \\n), so
    each line's depth is its leading spaces over two. Deepest first, each depth's lines are
    marked with NUL (which orjson writes as \\u0000, so a NUL is always one of these marks) and
    the marks become `newline` at the end.
    """
    if indent == 2:  # orjson's own: only the newlines change
        return raw.replace(b"\n", newline) if newline != b"\n" else raw
    depth = 0
    while b"\n" + b"  " * (depth + 1) in raw:
        depth += 1
    for level in range(depth, 0, -1):
        raw = raw.replace(b"\n" + b"  " * level, b"\x00" + b" " * (indent * level))
    return raw.replace(b"\n", newline).replace(b"\x00", newline)


def streamed_document(
    envelope: dict[str, Any],
    path: Sequence[str],
    items: Iterable[Any],
    *,
    indent: int = 2,
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
    yield _dumps(first, indent, newline)
    for item in iterator:
        yield "," + newline + _dumps(item, indent, newline)
    yield tail
