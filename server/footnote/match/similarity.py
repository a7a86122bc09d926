"""Similarity measures used by quote anchoring (docs/matching.md §4)."""

from __future__ import annotations

import unicodedata

from .occurrences import UNSPACED


def common_suffix(a: str, b: str) -> int:
    """Length of the longest common suffix of two strings."""
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of two strings."""
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def edit_distance_anchored(pattern: str, text: str) -> int:
    """Fewest edits turning `pattern` into some prefix of `text` (the prefix length is free)."""
    prev = list(range(len(text) + 1))
    for i, pc in enumerate(pattern, 1):
        cur = [i]
        for j, tc in enumerate(text, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pc != tc)))
        prev = cur
    return min(prev)


def word_tokens(text: str) -> list[str]:
    """Runs of letters, digits and marks; in scripts without spaces, every character."""
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if unicodedata.category(ch)[0] in "LNM":
            cp = ord(ch)
            if any(lo <= cp <= hi for lo, hi in UNSPACED):
                if run:
                    out.append("".join(run))
                    run = []
                out.append(ch)
            else:
                run.append(ch)
        elif run:
            out.append("".join(run))
            run = []
    if run:
        out.append("".join(run))
    return out


def changed_runs(a: list[str], b: list[str]) -> int:
    """Number of separate places where token list `a` must change to become `b`.

    Walks one longest common subsequence (ties: drop from `a` first) and counts the maximal
    runs of deletions and insertions.
    """
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        x = a[i]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if x == b[j] else max(below[j], row[j + 1])
    i = j = runs = 0
    in_run = False
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j] and table[i][j] == table[i + 1][j + 1] + 1:
            i, j, in_run = i + 1, j + 1, False
            continue
        if not in_run:
            runs += 1
            in_run = True
        if j >= m or (i < n and table[i + 1][j] >= table[i][j + 1]):
            i += 1
        else:
            j += 1
    return runs
