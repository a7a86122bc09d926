"""Myers' bit-parallel approximate search with the result rules of approx-string-match 2.0.0.

`search(text, pattern, max_errors)` returns exactly what the JavaScript package returns: every
match whose error count equals the lowest one found (at most `max_errors`), each with the end
position, and the start chosen to make the match as long as possible. Python integers are
arbitrary-width bit vectors, so one "block" holds the whole pattern.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

try:  # a compiled Myers scan (C++); without it the pure Python scan gives the same results
    import edlib
except ImportError:  # pragma: no cover - edlib is a dependency; kept optional for embedding
    edlib = None

# Texts at least this long are scanned by edlib (on shorter ones the Python scan costs less than
# encoding the text).
COMPILED_MIN_TEXT = 20_000


class Match(NamedTuple):
    """An approximate match: text[start:end] is within `errors` edits of the pattern."""

    start: int
    end: int
    errors: int


def _regions(text: str, pattern: str, max_errors: int) -> list[tuple[int, int]] | None:
    """Disjoint text regions holding every match with at most `max_errors` errors, or None.

    A match with k errors leaves at least one of k + 1 pattern pieces intact (pigeonhole), so
    only the neighbourhoods of piece occurrences need the bit-parallel scan.
    """
    m = len(pattern)
    pieces = max_errors + 1
    size = m // pieces
    if size < 4:
        return None
    windows = []
    for k in range(pieces):
        offset = k * size
        piece = pattern[offset : offset + size]
        i = text.find(piece)
        while i >= 0:
            windows.append((max(0, i - offset - max_errors), i - offset + m + max_errors))
            if len(windows) > 20000:
                return None
            i = text.find(piece, i + 1)
    windows.sort()
    regions: list[tuple[int, int]] = []
    for lo, hi in windows:
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], hi))
        else:
            regions.append((lo, min(hi, len(text))))
    return regions


def _match_ends(text: str, pattern: str, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) of every lowest-error match, as approx-string-match's findMatchEnds."""
    m = len(pattern)
    if m == 0:
        return []
    max_errors = min(max_errors, m)
    regions = _regions(text, pattern, max_errors) if len(text) > 4 * m else None
    if regions is None:
        return _scan(text, pattern, max_errors, 0)
    found: list[tuple[int, int]] = []
    for lo, hi in regions:
        ends = _scan(text[lo:hi], pattern, max_errors, lo)
        if ends:
            if ends[0][1] < max_errors:
                found.clear()
            found.extend(ends)
            max_errors = ends[0][1]
    return found


def _scan(text: str, pattern: str, max_errors: int, base: int) -> list[tuple[int, int]]:
    """The bit-parallel scan: lowest-error ends (offset by `base`) within `max_errors`."""
    m = len(pattern)
    peq: dict[str, int] = {}
    for idx, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << idx)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv = mask
    mv = 0
    score = m
    found: list[tuple[int, int]] = []
    get = peq.get
    for j, ch in enumerate(text):
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score <= max_errors:
            if score < max_errors:
                found.clear()
            found.append((base + j + 1, score))
            max_errors = score
    return found


class Encoded(NamedTuple):
    """A text as one byte a character for edlib: its 255 most frequent characters get codes
    1-255, every other character 0 (so it never equals a pattern character)."""

    data: bytes
    codes: dict[str, int]


def encode_text(text: str) -> Encoded | None:
    """The byte form of `text` for the compiled scan, or None without edlib."""
    if edlib is None:
        return None
    common = [ch for ch, _ in Counter(text).most_common(255)]
    codes = {ch: i + 1 for i, ch in enumerate(common)}
    table = {ord(ch): chr(code) for ch, code in codes.items()}
    rare = set(text).difference(codes)
    if rare:
        table.update(dict.fromkeys(map(ord, rare), "\0"))
    return Encoded(text.translate(table).encode("latin-1"), codes)


def mask_encoded(encoded: Encoded, lo: int, hi: int) -> Encoded:
    """`encoded` with [lo, hi) replaced by code 0 (a masked span matches nothing)."""
    data = encoded.data
    return Encoded(data[:lo] + bytes(hi - lo) + data[hi:], encoded.codes)


def _compiled_ends(encoded: Encoded, pattern: str, max_errors: int) -> list[tuple[int, int]] | None:
    """The lowest-error ends by edlib, or None when a pattern character has no code."""
    codes = encoded.codes
    if not all(ch in codes for ch in pattern):
        return None
    query = bytes(codes[ch] for ch in pattern)
    found = edlib.align(query, encoded.data, mode="HW", task="locations", k=max_errors)
    errors = found["editDistance"]
    if errors < 0:
        return []
    return sorted({(end + 1, errors) for _, end in found["locations"]})


def _lowest_ends(
    text: str,
    pattern: str,
    max_errors: int,
    bound: int = 1,
    encoded: Encoded | None = None,
) -> list[tuple[int, int]]:
    if encoded is not None and pattern:
        ends = _compiled_ends(encoded, pattern, min(max_errors, len(pattern)))
        if ends is not None:
            return ends
    # Only the lowest-error matches are reported, so a smaller bound gives the same answer
    # whenever it admits any match; small bounds keep the pigeonhole pieces long and selective.
    bound = max(1, bound)
    while bound < max_errors:
        ends = _match_ends(text, pattern, bound)
        if ends:
            return ends
        bound = bound * 2 + 1
    return _match_ends(text, pattern, max_errors)


def prefix_distances(pattern: str, text: str) -> list[int]:
    """Edit distance between `pattern` and every prefix of `text` (bit-parallel, global)."""
    m = len(pattern)
    if m == 0:
        return list(range(len(text) + 1))
    peq: dict[str, int] = {}
    for idx, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << idx)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out = [m]
    get = peq.get
    for ch in text:
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        out.append(score)
    return out


def search(
    text: str,
    pattern: str,
    max_errors: int,
    first_bound: int = 1,
    encoded: Encoded | None = None,
) -> list[Match]:
    """Lowest-error approximate matches of `pattern` in `text` (approx-string-match semantics).

    `first_bound` only changes the speed: the search tries growing error bounds from it.
    `encoded` (`encode_text(text)`) lets edlib scan the text; the matches are the same.
    """
    ends = _lowest_ends(text, pattern, max_errors, first_bound, encoded)
    pat_rev = pattern[::-1]
    result = []
    for end, errors in ends:
        min_start = max(0, end - len(pattern) - errors)
        text_rev = text[min_start:end][::-1]
        start = end
        for rev_end, _ in _match_ends(text_rev, pat_rev, errors):
            start = min(start, end - rev_end)
        result.append(Match(start, end, errors))
    return result
