"""The naive claims baseline: one regular expression per alias over the normalised page text.

Same normalisation, same word-boundary rule, same window rule as the engine (docs/matching.md §3);
only the search differs: every alias of every label scans the whole text on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from footnote.match.claims import SENTENCE_MAX, is_word_char, normalize_alias, sentence_starts
from footnote.match.normalize import normalize
from footnote.match.page import primary_language

Alias = tuple[re.Pattern[str], bool, bool]


@dataclass(frozen=True, slots=True)
class RegexLabel:
    """A label compiled to one regular expression per alias."""

    id: object
    groups: list[list[Alias]]
    highlight: int
    window: int | None
    languages: frozenset[str]


def compile_regexes(labels: list[dict]) -> list[RegexLabel]:
    """Compile every alias of every label to its own regular expression."""
    compiled = []
    for label in labels:
        if label.get("include") or label.get("exclude"):
            raise ValueError("the regex baseline does not implement URL patterns")
        groups = []
        for aliases in label.get("all") or []:
            group = []
            for alias in aliases:
                norm, open_left, open_right = normalize_alias(alias)
                if norm:
                    group.append((re.compile(re.escape(norm)), open_left, open_right))
            groups.append(group)
        window = label.get("window", "sentence")
        compiled.append(
            RegexLabel(
                id=label.get("id"),
                groups=groups,
                highlight=int(label.get("highlight", 0) or 0),
                window=None if window in (None, "sentence") else int(window),
                languages=frozenset(x.lower() for x in label.get("languages") or []),
            )
        )
    return compiled


def _occurrences(text: str, aliases: list[Alias]) -> list[tuple[int, int]]:
    n = len(text)
    found = []
    for pattern, open_left, open_right in aliases:
        m = pattern.search(text)
        while m is not None:
            start, end = m.span()
            left_ok = (
                start == 0 or not is_word_char(text[start - 1]) or not is_word_char(text[start])
            )
            right_ok = end == n or not is_word_char(text[end]) or not is_word_char(text[end - 1])
            if (left_ok or open_left) and (right_ok or open_right):
                found.append((start, end))
            m = pattern.search(text, start + 1)
    return found


def regex_claims(compiled: list[RegexLabel], text: str, lang: str | None = None) -> list[dict]:
    """Label hits [{id, start, end}] found label by label, alias by alias."""
    norm = normalize(text)
    flat = norm.text
    primary = primary_language(lang)
    starts: list[int] | None = None

    def sentence(pos: int) -> int:
        nonlocal starts
        if starts is None:
            starts = sentence_starts(flat)
        return bisect_right(starts, pos) - 1

    results = []
    for li, label in enumerate(compiled):
        if label.languages and primary and primary not in label.languages:
            continue
        if not 0 <= label.highlight < len(label.groups):
            continue
        groups = []
        for aliases in label.groups:
            found = _occurrences(flat, aliases)
            if not found:
                break
            groups.append(found)
        if len(groups) < len(label.groups):
            continue
        limit = SENTENCE_MAX if label.window is None else label.window
        taken_end = -1
        for h in sorted(set(groups[label.highlight]), key=lambda h: (h[0], -h[1])):
            if h[0] < taken_end:
                continue
            if all(
                any(
                    not (x[0] < h[1] and h[0] < x[1])
                    and max(x[1], h[1]) - min(x[0], h[0]) <= limit
                    and (
                        label.window is not None
                        or sentence(min(x[0], h[0])) == sentence(max(x[1], h[1]) - 1)
                    )
                    for x in group
                )
                for gi, group in enumerate(groups)
                if gi != label.highlight
            ):
                taken_end = h[1]
                start, end = norm.original_span(h[0], h[1])
                results.append((start, end, li))
    results.sort()
    return [{"id": compiled[li].id, "start": s, "end": e} for s, e, li in results]
