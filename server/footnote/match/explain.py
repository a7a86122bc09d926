"""Why a label fired on a page: the alias, its group, the rule that matched and the sentence.

`footnote check` shows this beside each hit so a curator can see which of a label's aliases and
options found the words (matching.md §3). It re-runs the engine one alias at a time, so it costs
far more than `match_claims` and is meant for a few pages, not for the extension's hot path.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from .aliases import parse_alias, split_options
from .claims import SENTENCE_MAX, compile_labels, match_claims
from .normalize import normalize
from .page import primary_language
from .sentences import sentence_spans

# Checked in this order when an alias has several options: the first one that finds the words
# alone names the rule.
_FLAG_ORDER = ("stem", "compound", "fold", "accents")


class _Finder:
    """Occurrences of single aliases on one page, each alias searched once."""

    def __init__(self, text: str, url: str | None, lang: str | None, langs) -> None:
        self.text = text
        self.url = url
        self.lang = lang
        self.langs = langs
        self._cache: dict[tuple[str, tuple[str, ...]], set[tuple[int, int]]] = {}

    def spans(self, alias: str, languages: tuple[str, ...]) -> set[tuple[int, int]]:
        """The page spans one alias marks on its own (no window, no `not` phrases)."""
        key = (alias, languages)
        if key not in self._cache:
            label = {"id": 0, "all": [[alias]], "highlight": 0, "window": 10**9}
            if languages:
                label["languages"] = list(languages)
            hits = match_claims(compile_labels([label]), self.text, self.url, self.lang, self.langs)
            self._cache[key] = {(h["start"], h["end"]) for h in hits}
        return self._cache[key]


def _with_options(core: str, lang: str | None, flags: tuple[str, ...]) -> str:
    words = ([lang] if lang else []) + list(flags)
    return f"{core} [{' '.join(words)}]" if words else core


def _rule(finder: _Finder, alias: str, span: tuple[int, int], languages) -> str:
    """The option that found `span` for `alias`: exact, stem, compound head/modifier, fold,
    accents, or the options together when no single one does."""
    core, lang, flags = split_options(alias)
    if not flags or span in finder.spans(_with_options(core, lang, ()), languages):
        return "exact"
    for flag in _FLAG_ORDER:
        if flag in flags and span in finder.spans(_with_options(core, lang, (flag,)), languages):
            return _compound_part(finder.text, alias, span) if flag == "compound" else flag
    together = [f for f in _FLAG_ORDER if f in flags]
    if "compound" in together:
        together[together.index("compound")] = _compound_part(finder.text, alias, span)
    return " + ".join(together)


def _compound_part(text: str, alias: str, span: tuple[int, int]) -> str:
    """Where a `compound` alias sits in the word it marked."""
    wanted = parse_alias(alias).text
    found = normalize(text[span[0] : span[1]]).text.strip()
    if found == wanted:
        return "compound (whole word)"
    if " " in wanted and found == wanted.replace(" ", ""):
        return "compound (closed up)"
    if found.startswith(wanted) or found.replace(" ", "").startswith(wanted.replace(" ", "")):
        return "compound modifier"
    return "compound head"


def _language_at(langs, lang: str | None, pos: int) -> str | None:
    if langs is None:
        return primary_language(lang)
    starts = [r[0] for r in langs]
    i = bisect_right(starts, pos) - 1
    if i >= 0 and langs[i][0] <= pos < langs[i][1]:
        return primary_language(langs[i][2])
    return None


def explain_hits(
    labels: list[dict[str, Any]],
    hits: list[dict[str, Any]],
    text: str,
    url: str | None,
    lang: str | None = None,
    langs: list[tuple[int, int, str]] | None = None,
) -> list[dict[str, Any]]:
    """For each hit of `match_claims(compile_labels(labels), text, url, lang, langs)`: the alias
    (as written), its group, the rule that matched, the element's language, the sentence, and
    the aliases of the other groups that supported it in the window."""
    by_id = {}
    for label in labels:
        by_id.setdefault(label.get("id"), label)
    finder = _Finder(text, url, lang, langs)
    sentences = sentence_spans(text)
    sentence_starts = [s for s, _ in sentences]
    out = []
    for hit in hits:
        label = by_id.get(hit["id"]) or {}
        groups = label.get("all") or []
        highlight = int(label.get("highlight", 0) or 0)
        languages = tuple(label.get("languages") or ())
        span = (hit["start"], hit["end"])
        k = bisect_right(sentence_starts, span[0]) - 1
        sentence = sentences[k] if k >= 0 and span[0] < sentences[k][1] else span
        why: dict[str, Any] = {
            "alias": None,
            "group": highlight,
            "rule": None,
            "language": _language_at(langs, lang, span[0]),
            "sentence": " ".join(text[sentence[0] : sentence[1]].split()),
            "support": [],
        }
        for alias in groups[highlight] if 0 <= highlight < len(groups) else []:
            if span in finder.spans(alias, languages):
                why["alias"] = alias
                why["rule"] = _rule(finder, alias, span, languages)
                _, alias_lang, _ = split_options(alias)
                if alias_lang:
                    why["alias_language"] = alias_lang
                break
        window = label.get("window", "sentence")
        limit = SENTENCE_MAX if window in (None, "sentence") else int(window)
        for gi, aliases in enumerate(groups):
            if gi == highlight:
                continue
            for alias in aliases:
                near = [
                    x
                    for x in sorted(finder.spans(alias, languages))
                    if not (x[0] < span[1] and span[0] < x[1])
                    and max(x[1], span[1]) - min(x[0], span[0]) <= limit
                    and (window not in (None, "sentence") or sentence[0] <= x[0] < sentence[1])
                ]
                if near:
                    x = near[0]
                    why["support"].append({"group": gi, "alias": alias, "text": text[x[0] : x[1]]})
                    break
        out.append(why)
    return out
