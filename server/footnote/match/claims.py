"""Claim patterns: one Aho-Corasick pass over all aliases, then a window check (matching.md §3)."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from .aliases import ENDINGS, STEM_LANGUAGES, parse_alias, spellings, strip_accents
from .normalize import Normalized, normalize
from .occurrences import (
    Entry,
    Options,
    PageView,
    Search,
    find_occurrences,
    is_word_char,
)
from .page import primary_language
from .sentences import sentence_starts
from .stems import stem_phrase
from .urls import url_matches

SENTENCE_MAX = 300


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
    """Compiled labels: one automaton over the normalised page for plain aliases (and those
    whose options need no other view), one per language over the page's stems (`stem`), one
    over the page without accents (`accents`).

    A `not` phrase of a label is tagged with the group index one past the label's last group.
    """

    labels: list[_Label]
    plain: Search
    stems: dict[str, Search]
    accents: Search | None
    # Labels with no URL or language limit apply everywhere; only the others are checked per page.
    unlimited: list[int] = field(default_factory=list)
    limited: list[int] = field(default_factory=list)

    @property
    def patterns(self) -> list[str]:
        """The patterns of the plain automaton."""
        return self.plain.patterns

    @property
    def entries(self) -> list[list[Entry]]:
        """The entries of the plain automaton."""
        return self.plain.entries


def normalize_alias(alias: str) -> tuple[str, bool, bool]:
    """Normalised alias text and whether its left/right edge is open (a `*` wildcard)."""
    parsed = parse_alias(alias)
    return parsed.text, parsed.open_left, parsed.open_right


def _add_alias(matcher: Matcher, label: _Label, li: int, gi: int, raw: str) -> None:
    alias = parse_alias(raw)
    if not alias.text:
        return
    if alias.plain:
        matcher.plain.add(alias.text, (li, gi, alias.open_left, alias.open_right, None))
        return
    stem_lang = alias.lang
    if stem_lang is None and len(label.languages) == 1:
        stem_lang = next(iter(label.languages))
    stem = alias.stem and stem_lang in STEM_LANGUAGES
    for text in spellings(alias):
        exact = text if alias.accents and not stem else None
        entry = (
            li,
            gi,
            alias.open_left,
            alias.open_right,
            Options(alias.lang, alias.compound, exact),
        )
        if stem and alias.compound:
            # Snowball stems a compound as one word (its R2 region moves), so parts are found on
            # the page's own spelling, with an inflection ending allowed after the part.
            endings = Options(alias.lang, True, exact, ENDINGS[stem_lang])
            matcher.plain.add(text, (li, gi, alias.open_left, alias.open_right, endings))
        if stem:
            search = matcher.stems.setdefault(stem_lang, Search())
            search.add(stem_phrase(text, stem_lang, is_word_char), entry)
            if alias.accents:
                bare = stem_phrase(strip_accents(text), stem_lang, is_word_char)
                search.add(bare, entry)
        elif alias.accents:
            if matcher.accents is None:
                matcher.accents = Search()
            matcher.accents.add(strip_accents(text), entry)
        else:
            matcher.plain.add(text, entry)


def compile_labels(labels: list[dict]) -> Matcher:
    """Compile claim labels ({id, all, highlight, window, languages, include, exclude, not})."""
    matcher = Matcher([], Search(), {}, None)
    for li, label in enumerate(labels):
        groups = label.get("all") or []
        window = label.get("window", "sentence")
        compiled = _Label(
            id=label.get("id"),
            groups=len(groups),
            highlight=int(label.get("highlight", 0) or 0),
            window=None if window in (None, "sentence") else int(window),
            languages=frozenset(x.lower() for x in label.get("languages") or []),
            include=tuple(label.get("include") or ()),
            exclude=tuple(label.get("exclude") or ()),
        )
        matcher.labels.append(compiled)
        limited = compiled.include or compiled.exclude or compiled.languages
        (matcher.limited if limited else matcher.unlimited).append(li)
        # The `not` phrases join the same automata, tagged as the extra group len(groups).
        for gi, aliases in enumerate([*groups, label.get("not") or []]):
            for alias in aliases:
                _add_alias(matcher, compiled, li, gi, alias)
    for search in [matcher.plain, *matcher.stems.values(), matcher.accents]:
        if search is not None:
            search.build()
    return matcher


def label_applies(label: _Label, url: str | None, lang: str | None) -> bool:
    """URL include/exclude and language filters of one label."""
    return _applies(label, url, primary_language(lang))


def _applies(label: _Label, url: str | None, primary: str | None) -> bool:
    if label.include and not url_matches(list(label.include), url):
        return False
    if label.exclude and url_matches(list(label.exclude), url):
        return False
    return not (label.languages and primary and primary not in label.languages)


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
    matcher: Matcher,
    text: str,
    url: str | None,
    lang: str | None = None,
    langs: list[tuple[int, int, str]] | None = None,
) -> list[dict]:
    """Label hits [{id, start, end}] in page text (code points), spanning the highlighted alias.

    `lang` is the page's language. `langs` (PageText.langs: [start, end, language] runs of page
    text) gives each element's own; with it, labels and aliases are filtered per occurrence.
    """
    runs = None if langs is None else [(int(s), int(e), primary_language(x)) for s, e, x in langs]
    page_lang = primary_language(lang)
    filter_lang = None if runs is not None else lang
    primary = primary_language(filter_lang)
    active = set(matcher.unlimited)
    active.update(li for li in matcher.limited if _applies(matcher.labels[li], url, primary))
    if not active or not (matcher.plain.patterns or matcher.stems or matcher.accents):
        return []
    norm: Normalized = normalize(text)
    page = PageView(text, norm, page_lang, runs, [r[0] for r in runs or []])
    hits = find_occurrences(matcher, page, active)
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
