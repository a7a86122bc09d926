"""Alias occurrences on a page: one automaton per view of the page (normalised text, its stems,
its letters without accents), word edges, compound parts and languages (matching.md §3)."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from .aliases import COMPOUND_MIN, strip_accents
from .normalize import Normalized
from .stems import stem_view

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
class Options:
    """What an alias with options asks of an occurrence (matching.md §3, "Alias options")."""

    lang: str | None  # the element's language must be this one (or unknown)
    compound: bool  # may sit inside a longer word; the whole word is marked
    exact: str | None  # with `accents`: the accented spelling a capital may drop accents from
    endings: tuple[str, ...] = ()  # with `stem compound`: endings a compound part may carry


# One automaton entry: (label, group, open left, open right, options or None for a plain alias).
Entry = tuple[int, int, bool, bool, "Options | None"]


@dataclass(slots=True)
class Search:
    """Patterns of one view of the page in one automaton; `entries[k]` tag pattern k."""

    patterns: list[str] = field(default_factory=list)
    entries: list[list[Entry]] = field(default_factory=list)
    automaton: Any = None
    index: dict[str, int] = field(default_factory=dict)

    def add(self, pattern: str, entry: Entry) -> None:
        k = self.index.get(pattern)
        if k is None:
            k = self.index[pattern] = len(self.patterns)
            self.patterns.append(pattern)
            self.entries.append([])
        if entry not in self.entries[k]:
            self.entries[k].append(entry)

    def build(self) -> None:
        self.automaton = ahocorasick.Automaton()
        for k, pattern in enumerate(self.patterns):
            self.automaton.add_word(pattern, k)
        if self.patterns:
            self.automaton.make_automaton()


@dataclass(slots=True)
class PageView:
    """The page as the hit search reads it: text, normalised text, languages by position."""

    text: str
    norm: Normalized
    lang: str | None
    runs: list[tuple[int, int, str | None]] | None
    run_starts: list[int] = field(default_factory=list)

    def lang_at(self, pos: int) -> str | None:
        """The language of the element holding normalised offset `pos`."""
        if self.runs is None:
            return self.lang
        offset = self.norm.starts[pos]
        k = bisect_right(self.run_starts, offset) - 1
        if k >= 0 and offset < self.runs[k][1] and self.runs[k][2]:
            return self.runs[k][2]
        return self.lang

    def capital_at(self, pos: int) -> bool:
        return unicodedata.category(self.text[self.norm.starts[pos]]) in ("Lu", "Lt")


_HYPHENS = frozenset("-\u2010\u2011")


def _whole_word(page: PageView, start: int, end: int) -> tuple[int, int]:
    """Widen a normalised span to its whole word, across hyphens of the page."""
    norm = page.norm.text
    while True:
        while start > 0 and is_word_char(norm[start - 1]):
            start -= 1
        if (
            start > 1
            and norm[start - 1] == " "
            and page.text[page.norm.starts[start - 1]] in _HYPHENS
            and is_word_char(norm[start - 2])
        ):
            start -= 1
            continue
        break
    n = len(norm)
    while True:
        while end < n and is_word_char(norm[end]):
            end += 1
        if (
            end + 1 < n
            and norm[end] == " "
            and page.text[page.norm.starts[end]] in _HYPHENS
            and is_word_char(norm[end + 1])
        ):
            end += 1
            continue
        break
    return start, end


def _edges_ok(opts: Options | None, open_left, open_right, left_ok, right_ok, length) -> bool:
    if (left_ok or open_left) and (right_ok or open_right):
        return True
    # A compound part: inside a longer word on one side only, and long enough.
    return bool(opts and opts.compound and (left_ok or right_ok) and length >= COMPOUND_MIN)


def _ending_follows(view: str, end: int, endings: tuple[str, ...]) -> bool:
    """Whether one of `endings` and then the end of the word follow `end`."""
    for ending in endings:
        after = end + len(ending)
        if view.startswith(ending, end) and (after == len(view) or not is_word_char(view[after])):
            return True
    return False


def _search(search: Search, view: str, active: set[int], found) -> None:
    n = len(view)
    for last, k in search.automaton.iter(view):
        end = last + 1
        start = end - len(search.patterns[k])
        left_ok = start == 0 or not is_word_char(view[start - 1]) or not is_word_char(view[start])
        right_ok = end == n or not is_word_char(view[end]) or not is_word_char(view[end - 1])
        for li, gi, open_left, open_right, opts in search.entries[k]:
            if li not in active:
                continue
            if opts is None:  # a plain alias: the word edges only
                if (left_ok or open_left) and (right_ok or open_right):
                    found(li, gi, start, end, None)
                continue
            right = right_ok
            if not right and opts is not None and opts.endings and not left_ok:
                right = _ending_follows(view, end, opts.endings)
            if not _edges_ok(opts, open_left, open_right, left_ok, right, end - start):
                continue
            found(li, gi, start, end, opts)


def find_occurrences(
    matcher: Any, page: PageView, active: set[int]
) -> dict[int, list[list[tuple]]]:
    hits: dict[int, list[list[tuple]]] = {}
    norm = page.norm.text

    def record(li: int, gi: int, start: int, end: int, opts: Options | None) -> None:
        if opts is not None:
            if opts.lang and page.lang_at(start) not in (None, opts.lang):
                return
            if opts.compound:
                start, end = _whole_word(page, start, end)
        label = matcher.labels[li]
        if page.runs is not None and label.languages and gi < label.groups:
            element = page.lang_at(start)
            if element is not None and element not in label.languages:
                return
        per_label = hits.get(li)
        if per_label is None:
            # One list per group, then one for the label's `not` phrases.
            per_label = hits[li] = [[] for _ in range(label.groups + 1)]
        per_label[gi].append((start, end))

    if matcher.plain.patterns:
        _search(matcher.plain, norm, active, record)
    if matcher.accents is not None and matcher.accents.patterns:

        def accented(li, gi, start, end, opts):
            # An accent the alias has and the page lacks is allowed only on a capital.
            exact = opts.exact
            for i in range(end - start):
                if norm[start + i] != exact[i] and not page.capital_at(start + i):
                    return
            record(li, gi, start, end, opts)

        _search(matcher.accents, strip_accents(norm), active, accented)
    for lang, search in matcher.stems.items():
        if not search.patterns:
            continue
        view = stem_view(norm, lang, is_word_char)

        def stemmed(li, gi, start, end, opts, view=view):
            # Stems cover whole words: the span goes from the first to the last word touched.
            first = bisect_right(view.view_starts, start) - 1
            last = bisect_left(view.view_ends, end)
            if first < 0 or last >= len(view.view_ends):
                return
            record(li, gi, view.norm_starts[first], view.norm_ends[last], opts)

        _search(search, view.text, active, stemmed)
    return hits
