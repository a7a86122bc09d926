"""Snowball stems of normalised words, and the stem view of a page (docs/matching.md §3).

snowballstemmer 2.2.0 here and snowball-stemmers 0.6.0 in the extension implement the same
Snowball algorithms; tests/vectors/stems.json proves that they agree word for word.
"""

from __future__ import annotations

from dataclasses import dataclass

import snowballstemmer

from .normalize import normalize

ALGORITHMS = {"en": "english", "de": "german", "fr": "french"}
_STEMMERS: dict[str, object] = {}
_CACHE: dict[str, dict[str, str]] = {lang: {} for lang in ALGORITHMS}
_CACHE_LIMIT = 200_000
# snowballstemmer 2.2 reads French "ë" as a vowel of its own ("noël"), the JavaScript port as a
# plain letter; both agree once it is "e", so French words are stemmed with "ë" read as "e".
_FRENCH_BEFORE = str.maketrans("ë", "e")


def stem(word: str, lang: str) -> str:
    """The Snowball stem of one normalised (lower-case) word in `lang` (en, de or fr)."""
    cache = _CACHE[lang]
    known = cache.get(word)
    if known is None:
        stemmer = _STEMMERS.get(lang)
        if stemmer is None:
            stemmer = _STEMMERS[lang] = snowballstemmer.stemmer(ALGORITHMS[lang])
        source = word.translate(_FRENCH_BEFORE) if lang == "fr" else word
        known = stemmer.stemWord(source)  # type: ignore[attr-defined]
        if len(cache) < _CACHE_LIMIT:
            cache[word] = known
    return known


@dataclass(slots=True)
class StemView:
    """Normalised text with each word replaced by its stem; words keep their separators.

    Word k spans `view[view_starts[k]:view_ends[k]]` and `norm[norm_starts[k]:norm_ends[k]]`.
    """

    text: str
    view_starts: list[int]
    view_ends: list[int]
    norm_starts: list[int]
    norm_ends: list[int]


def stem_view(norm_text: str, lang: str, is_word_char) -> StemView:
    """The stem view of normalised text: words are maximal runs of word characters."""
    parts: list[str] = []
    view_starts: list[int] = []
    view_ends: list[int] = []
    norm_starts: list[int] = []
    norm_ends: list[int] = []
    length = 0
    i = 0
    n = len(norm_text)
    while i < n:
        j = i
        while j < n and is_word_char(norm_text[j]):
            j += 1
        if j > i:
            word = stem(norm_text[i:j], lang)
            view_starts.append(length)
            norm_starts.append(i)
            norm_ends.append(j)
            parts.append(word)
            length += len(word)
            view_ends.append(length)
            i = j
        else:
            parts.append(norm_text[i])
            length += 1
            i += 1
    return StemView("".join(parts), view_starts, view_ends, norm_starts, norm_ends)


def stem_phrase(norm_alias: str, lang: str, is_word_char) -> str:
    """A normalised alias with each of its words stemmed."""
    return stem_view(norm_alias, lang, is_word_char).text


def stem_text(text: str, lang: str, is_word_char) -> str:
    """Normalise `text` and stem its words (for the shared vectors and tests)."""
    return stem_phrase(normalize(text).text, lang, is_word_char)
