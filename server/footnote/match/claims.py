"""Claim patterns: one Aho-Corasick pass over all aliases, then a window check (matching.md §3)."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .normalize import Normalized, normalize
from .page import primary_language
from .sentences import sentence_starts
from .urls import url_matches

SENTENCE_MAX = 300
# Scripts written without spaces between words: no word-boundary check next to them.
UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0xA4CF),  # CJK radicals … Yi (kana, bopomofo, CJK unified ideographs)
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana
    (0x20000, 0x3FFFF),  # CJK extensions
)


_WORD_CHARS: dict[str, bool] = {}


def is_word_char(ch: str) -> bool:
    """Letters, digits and marks of space-separated scripts take part in word boundaries."""
    known = _WORD_CHARS.get(ch)
    if known is None:
        cp = ord(ch)
        known = unicodedata.category(ch)[0] in "LNM" and not any(
            lo <= cp <= hi for lo, hi in UNSPACED
        )
        if len(_WORD_CHARS) < 100_000:
            _WORD_CHARS[ch] = known
    return known


@dataclass(frozen=True, slots=True)
class _Label:
    id: Any
    groups: int
    highlight: int
    window: int | None  # None = sentence
    languages: frozenset[str]
    include: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(slots=True)
class Matcher:
    """Compiled labels: one automaton; `entries[k]` lists (label, group, open left, open right).

    A `not` phrase of a label is tagged with the group index one past the label's last group.
    """

    labels: list[_Label]
    patterns: list[str]
    entries: list[list[tuple[int, int, bool, bool]]]
    automaton: Any


def normalize_alias(alias: str) -> tuple[str, bool, bool]:
    """Normalised alias text and whether its left/right edge is open (a `*` wildcard)."""
    text = alias.strip()
    open_left = text.startswith("*")
    open_right = text.endswith("*") and len(text) > 1
    text = text.strip("*")
    norm = normalize(text).text.replace("\n", " ").strip(" ")
    return norm, open_left, open_right


def compile_labels(labels: list[dict]) -> Matcher:
    """Compile claim labels ({id, all, highlight, window, languages, include, exclude, not})."""
    compiled: list[_Label] = []
    index: dict[str, int] = {}
    patterns: list[str] = []
    entries: list[list[tuple[int, int, bool, bool]]] = []
    for li, label in enumerate(labels):
        groups = label.get("all") or []
        window = label.get("window", "sentence")
        compiled.append(
            _Label(
                id=label.get("id"),
                groups=len(groups),
                highlight=int(label.get("highlight", 0) or 0),
                window=None if window in (None, "sentence") else int(window),
                languages=frozenset(x.lower() for x in label.get("languages") or []),
                include=tuple(label.get("include") or ()),
                exclude=tuple(label.get("exclude") or ()),
            )
        )
        # The `not` phrases join the same automaton, tagged as the extra group len(groups).
        for gi, aliases in enumerate([*groups, label.get("not") or []]):
            for alias in aliases:
                norm, open_left, open_right = normalize_alias(alias)
                if not norm:
                    continue
                k = index.get(norm)
                if k is None:
                    k = index[norm] = len(patterns)
                    patterns.append(norm)
                    entries.append([])
                entry = (li, gi, open_left, open_right)
                if entry not in entries[k]:
                    entries[k].append(entry)
    automaton = ahocorasick.Automaton()
    for k, pattern in enumerate(patterns):
        automaton.add_word(pattern, k)
    if patterns:
        automaton.make_automaton()
    return Matcher(compiled, patterns, entries, automaton)


def label_applies(label: _Label, url: str | None, lang: str | None) -> bool:
    """URL include/exclude and language filters of one label."""
    if label.include and not url_matches(list(label.include), url):
        return False
    if label.exclude and url_matches(list(label.exclude), url):
        return False
    primary = primary_language(lang)
    return not (label.languages and primary and primary not in label.languages)


def _find_hits(matcher: Matcher, norm: str, active: set[int]) -> dict[int, list[list[tuple]]]:
    hits: dict[int, list[list[tuple]]] = {}
    n = len(norm)
    for last, k in matcher.automaton.iter(norm):
        end = last + 1
        start = end - len(matcher.patterns[k])
        left_ok = start == 0 or not is_word_char(norm[start - 1]) or not is_word_char(norm[start])
        right_ok = end == n or not is_word_char(norm[end]) or not is_word_char(norm[end - 1])
        for li, gi, open_left, open_right in matcher.entries[k]:
            if li not in active or not (left_ok or open_left) or not (right_ok or open_right):
                continue
            per_label = hits.get(li)
            if per_label is None:
                # One list per group, then one for the label's `not` phrases.
                per_label = hits[li] = [[] for _ in range(matcher.labels[li].groups + 1)]
            per_label[gi].append((start, end))
    return hits


def _drop_excepted(group: list[tuple[int, int]], nots: list[tuple[int, int]]) -> list:
    """The occurrences of `group` (sorted) that no `not` occurrence (sorted) contains."""
    if not nots:
        return group
    not_starts = [n[0] for n in nots]
    reach: list[int] = []  # reach[i]: the furthest end of nots[0..i]
    for _, end in nots:
        reach.append(max(end, reach[-1]) if reach else end)
    kept = []
    for x in group:
        i = bisect_right(not_starts, x[0])
        if i == 0 or reach[i - 1] < x[1]:
            kept.append(x)
    return kept


def _supported(h: tuple[int, int], groups: list[list[tuple]], starts: list[list[int]], label, sent):
    limit = SENTENCE_MAX if label.window is None else label.window
    for gi, group in enumerate(groups):
        if gi == label.highlight:
            continue
        ok = False
        # Only hits starting within `limit` of the highlighted one can share its window.
        for k in range(bisect_left(starts[gi], h[0] - limit), len(group)):
            x = group[k]
            if x[0] > h[0] + limit:
                break
            if x[0] < h[1] and h[0] < x[1]:
                continue  # overlaps the highlighted words
            lo, hi = min(x[0], h[0]), max(x[1], h[1])
            if hi - lo > limit:
                continue
            if label.window is None and sent(lo) != sent(hi - 1):
                continue
            ok = True
            break
        if not ok:
            return False
    return True


def match_claims(
    matcher: Matcher, text: str, url: str | None, lang: str | None = None
) -> list[dict]:
    """Label hits [{id, start, end}] in page text (code points), spanning the highlighted alias."""
    active = {li for li, label in enumerate(matcher.labels) if label_applies(label, url, lang)}
    if not active or not matcher.patterns:
        return []
    norm: Normalized = normalize(text)
    hits = _find_hits(matcher, norm.text, active)
    starts: list[int] | None = None

    def lower_at(i: int) -> bool:
        return unicodedata.category(text[norm.starts[i]]) == "Ll"

    def sent(pos: int) -> int:
        nonlocal starts
        if starts is None:
            starts = sentence_starts(norm.text, lower_at)
        return bisect_right(starts, pos) - 1

    results: list[tuple[int, int, int]] = []
    for li in sorted(hits):
        label = matcher.labels[li]
        *groups, nots = hits[li]
        if not 0 <= label.highlight < len(groups):
            continue
        not_spans = sorted(set(nots))
        groups = [_drop_excepted(sorted(set(group)), not_spans) for group in groups]
        starts_of = [[x[0] for x in group] for group in groups]
        candidates = sorted(groups[label.highlight], key=lambda h: (h[0], -h[1]))
        taken_end = -1
        for h in candidates:
            if h[0] < taken_end or not _supported(h, groups, starts_of, label, sent):
                continue
            taken_end = h[1]
            start, end = norm.original_span(h[0], h[1])
            results.append((start, end, li))
    results.sort()
    return [{"id": matcher.labels[li].id, "start": s, "end": e} for s, e, li in results]
