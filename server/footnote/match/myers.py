"""Myers' bit-parallel approximate search with the result rules of approx-string-match 2.0.0.

`search(text, pattern, max_errors)` returns exactly what the JavaScript package returns: every
match whose error count equals the lowest one found (at most `max_errors`), each with the end
position, and the start chosen to make the match as long as possible. Python integers are
arbitrary-width bit vectors, so one "block" holds the whole pattern.
"""

from __future__ import annotations

from typing import NamedTuple


class Match(NamedTuple):
    """An approximate match: text[start:end] is within `errors` edits of the pattern."""

    start: int
    end: int
    errors: int


def _match_ends(text: str, pattern: str, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) of every lowest-error match, as approx-string-match's findMatchEnds."""
    m = len(pattern)
    if m == 0:
        return []
    max_errors = min(max_errors, m)
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
            found.append((j + 1, score))
            max_errors = score
    return found


def search(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Lowest-error approximate matches of `pattern` in `text` (approx-string-match semantics)."""
    ends = _match_ends(text, pattern, max_errors)
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
