"""URL text fragments (`:~:text=[prefix-,]start[,end][,-suffix]`) found in page text.

The subset of the Text Fragments spec (https://wicg.github.io/scroll-to-text-fragment/) the
engine implements is in docs/matching.md §4a: terms are percent-decoded, compared in normalised
text (§2, line breaks read as spaces), each at word boundaries; the first match in page order
wins, as in a browser.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from .normalize import Normalized, normalize
from .occurrences import is_word_char

_ESCAPES = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _decode(term: str) -> str | None:
    """Percent-decoded UTF-8, or None (as JavaScript's decodeURIComponent throws)."""
    try:
        return unquote(term, errors="strict")
    except UnicodeDecodeError:
        return None


def parse_text_directive(fragment: str) -> dict | None:
    """{prefix, start, end, suffix} of the first `text=` directive after `:~:`, or None."""
    if ":~:" not in fragment:
        return None
    directives = fragment.split(":~:", 1)[1]
    raw = next((d[5:] for d in directives.split("&") if d.startswith("text=")), None)
    if raw is None or _ESCAPES.search(raw):
        return None
    terms = raw.split(",")
    prefix = suffix = None
    if len(terms) > 1 and terms[0].endswith("-"):
        prefix = _decode(terms.pop(0)[:-1])
    if len(terms) > 1 and terms[-1].startswith("-"):
        suffix = _decode(terms.pop()[1:])
    if len(terms) not in (1, 2):
        return None
    words = [_decode(t) for t in terms]
    if not all(words) or prefix == "" or suffix == "":
        return None
    return {
        "prefix": prefix,
        "start": words[0],
        "end": words[1] if len(words) == 2 else None,
        "suffix": suffix,
    }


def _term(text: str | None) -> str:
    return normalize(text or "").text.replace("\n", " ").strip(" ")


def _edge(flat: str, i: int) -> bool:
    """True when offset i of the normalised text is a word boundary."""
    return i <= 0 or i >= len(flat) or not (is_word_char(flat[i - 1]) and is_word_char(flat[i]))


def _occurrences(flat: str, term: str, start: int):
    i = flat.find(term, start)
    while i != -1:
        if _edge(flat, i) and _edge(flat, i + len(term)):
            yield i
        i = flat.find(term, i + 1)


_last: list = []


def flat_page(text: str) -> tuple[Normalized, str]:
    """The page normalised with line breaks as spaces (the last page is cached)."""
    if not _last or _last[0] is not text:
        norm = normalize(text)
        _last[:] = [text, norm, norm.text.replace("\n", " ")]
    return _last[1], _last[2]


def find_text_fragment(text: str, directive: dict) -> tuple[int, int] | None:
    """The page-text span [start, end) a parsed text directive selects, or None."""
    norm, flat = flat_page(text)
    start, end = _term(directive["start"]), _term(directive.get("end"))
    prefix, suffix = _term(directive.get("prefix")), _term(directive.get("suffix"))
    if not start or (directive.get("end") and not end):
        return None
    for i in _occurrences(flat, start, 0):
        if prefix:
            j = i
            while j > 0 and flat[j - 1] == " ":
                j -= 1
            if not flat.endswith(prefix, 0, j) or not _edge(flat, j - len(prefix)):
                continue
        ends = _occurrences(flat, end, i + len(start)) if end else iter([i])
        for k in ends:
            e = k + len(end or start)
            if suffix:
                m = e
                while m < len(flat) and flat[m] == " ":
                    m += 1
                if not flat.startswith(suffix, m) or not _edge(flat, m + len(suffix)):
                    if not end:
                        break
                    continue
            return norm.original_span(i, e)
    return None
