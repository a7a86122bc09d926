"""Sentence starts in normalised text, with the abbreviations of EN/DE/FR (matching.md §3)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .normalize import normalize

_CANDIDATE = re.compile("[.!?\u2026\u3002\uff01\uff1f\n]")
# Closing marks that may follow the end mark; after normalisation all double quotes are '"'.
_CLOSERS = frozenset("\"'\u201d\u2019\u00bb\u203a)]")
_FULL_WIDTH_ENDS = frozenset("\u3002\uff01\uff1f")
_OPENERS = frozenset(" \n([\"'")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations (normalised, without their final dot) after which a "." never ends a sentence:
# titles and the words that are abbreviated inside running text in English, German and French.
ABBREVIATIONS = _words(
    # English
    "mr mrs ms dr prof st vs cf approx fig figs vol gen gov sen rep rev hon mt dept al "
    # German
    "bzw ca vgl ggf evtl inkl sog bspw bzgl zzgl nr hr hrn abs dipl ing mag dres mio mrd ebd "
    "jh jhd geb gest tel usf "
    # French
    "mme mlle mmes mlles pr ex env av bd ste chap coll éd resp"
)
# Month names: "5. April", "1. Mai", "3. oct." are dates, not sentence ends.
MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "januar jänner februar märz mai juni juli oktober dezember "
    "janvier février mars avril juin juillet août septembre octobre novembre décembre"
)
# Words before "N." that make it a German ordinal ("am 5.", "der 3. Platz", "zum 2. Mal").
ORDINAL_CONTEXT = _words(
    "am an im vom zum zur beim bis ab seit der die das den dem des ein eine einen einem einer "
    "jeden jedem jeder jede ihr ihre ihrem ihren sein seine seinem seinen"
)
_NUMBER = re.compile("[0-9]{1,2}")
_TOKEN_REACH = 12


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "L"


def _is_alnum(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _is_initialism(token: str) -> bool:
    """Single letters joined by dots, the last one's dot excluded: "u.s", "z.b", "e.g"."""
    return (
        len(token) >= 3
        and len(token) % 2 == 1
        and all(_is_letter(c) for c in token[::2])
        and all(c == "." for c in token[1::2])
    )


def _word_after(text: str, pos: int) -> str:
    j = pos
    while j < len(text) and _is_alnum(text[j]):
        j += 1
    return text[pos:j]


def _token_before(text: str, dot: int) -> tuple[str, int]:
    """The run of characters before `dot` back to a space, line break or opening bracket/quote."""
    b = dot
    while b > 0 and dot - b <= _TOKEN_REACH and text[b - 1] not in _OPENERS:
        b -= 1
    if b > 0 and text[b - 1] not in _OPENERS:
        return "", b  # too long to be an abbreviation
    return text[b:dot], b


def _word_before(text: str, pos: int) -> str:
    """The word that ends right before `pos` (skipping spaces), or ""."""
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = i
    while j > 0 and _is_alnum(text[j - 1]):
        j -= 1
    return text[j:i]


def _is_dot_without_end(text: str, dot: int, after: int) -> bool:
    """A "." that ends no sentence: abbreviation, initialism, single letter, ordinal or date."""
    if dot >= 3 and text[dot - 3 : dot + 2] in ("[...]", "(...)"):
        return True  # an elision inside a quotation
    token, start = _token_before(text, dot)
    if not token:
        return False
    if token in ABBREVIATIONS or _is_initialism(token):
        return True
    if len(token) == 1 and _is_letter(token):
        return True  # "z. B.", "J. R. R.", "p. ex."
    if _NUMBER.fullmatch(token):
        if _word_after(text, after) in MONTHS:
            return True
        return _word_before(text, start) in ORDINAL_CONTEXT
    return False


def sentence_starts(text: str, lower_at: Callable[[int], bool] | None = None) -> list[int]:
    """Offsets in normalised `text` where sentences start (0 first).

    `lower_at(i)` tells whether normalised character i was a lower-case letter on the page; a
    sentence never starts with one. Without it (case unknown) that rule is not applied.
    """
    starts = [0]
    n = len(text)
    for m in _CANDIDATE.finditer(text):
        i = m.start()
        ch = text[i]
        end = -1
        if ch == "\n" or ch in _FULL_WIDTH_ENDS:
            end = i + 1
        else:
            j = i + 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            if j < n and text[j] == "." and ch == ".":
                continue  # inside "..."; the last dot decides
            if j < n and text[j] in " \n":
                end = j
        if end < 0:
            continue
        while end < n and text[end] in " \n":
            end += 1
        if text[i] != "\n" and text[i] not in _FULL_WIDTH_ENDS:
            # A closing quote after a space (French « … », "texte ."): still the same end.
            while end < n and text[end] in '"\u00bb\u203a)]' and _closes(text, end):
                end += 1
                while end < n and text[end] in " \n":
                    end += 1
            if "\n" not in text[i:end]:
                if end < n and lower_at is not None and lower_at(end):
                    continue  # "etc.) cause", "… and", "?" he asked": the sentence goes on
                if ch == "." and _is_dot_without_end(text, i, end):
                    continue
        if end > starts[-1]:
            starts.append(end)
    return starts


def _closes(text: str, i: int) -> bool:
    """A quote or bracket after a space closes when a space, line break or the end follows it."""
    return i + 1 >= len(text) or text[i + 1] in " \n.,;:!?"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of page text as [start, end) spans of `text`, trimmed of white space."""
    norm = normalize(text)

    def lower_at(i: int) -> bool:
        return unicodedata.category(text[norm.starts[i]]) == "Ll"

    starts = sentence_starts(norm.text, lower_at)
    spans = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(norm.text)
        while e > s and norm.text[e - 1] in " \n":
            e -= 1
        while s < e and norm.text[s] in " \n":
            s += 1
        if s < e:
            spans.append(norm.original_span(s, e))
    return spans
