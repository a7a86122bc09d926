"""Matching normalisation with an offset map back to the original text (docs/matching.md §2)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# ASCII characters that normalise to themselves (after lower-casing): everything printable except
# space, "-" and "_". Runs of them, and single spaces between them (a lone space is a white-space
# run that maps to itself), take a fast path.
_PLAIN_RUN = re.compile(r"[\x21-\x2c\x2e-\x5e\x60-\x7e]+(?: [\x21-\x2c\x2e-\x5e\x60-\x7e]+)*")
_LINE_BREAKS = frozenset("\n\r\v\f\x85\u2028\u2029")
_SPACES = frozenset("\t\n\v\f\r\x85")
_ASCII_SPACE = frozenset(" \t\n\v\f\r-_")
# The case rule: lower() per character, then these replacements (identical in both runtimes).
CASE_EXCEPTIONS = {"\u0130": "i", "\u00df": "ss", "\u1e9e": "ss", "\u03c2": "\u03c3"}
_EXTRA_DASHES = frozenset("\u2212")
# Typographic quotes read as ASCII quotes ("l’IA" = "l'IA").
QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
}


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text; `starts[i]`/`ends[i]` give the original span of normalised character i."""

    text: str
    starts: list[int]
    ends: list[int]

    @property
    def map(self) -> list[int]:
        """Normalised offset → original offset (start side); `map[len(text)]` = original length."""
        return self.starts

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) back to the original text."""
        if start >= end:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


def _fold(ch: str) -> str:
    exc = CASE_EXCEPTIONS.get(ch) or QUOTES.get(ch)
    if exc is not None:
        return exc
    low = ch.lower()
    if len(low) == 1:
        return CASE_EXCEPTIONS.get(low, low)
    return "".join(CASE_EXCEPTIONS.get(x, x) for x in low)


def _kind(ch: str) -> int:
    """0 = keep, 1 = drop (format character), 2 = white space (or dash), 3 = line break."""
    if ch in _LINE_BREAKS:
        return 3
    cat = unicodedata.category(ch)
    if cat == "Cf":
        return 1
    if ch in _SPACES or cat in ("Zs", "Zl", "Zp"):
        return 3 if cat in ("Zl", "Zp") else 2
    if cat in ("Pd", "Pc") or ch in _EXTRA_DASHES:
        return 2
    return 0


def normalize(text: str) -> Normalized:
    """Normalise text for matching: NFKC, case rule, dashes to spaces, white space collapsed."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    ws_start = -1
    ws_end = -1
    ws_newline = False
    plain_match = _PLAIN_RUN.match
    category = unicodedata.category
    nfkc = unicodedata.normalize
    while i < n:
        m = plain_match(text, i)
        if m is not None:
            j = m.end()
            if ws_start >= 0:
                out.append("\n" if ws_newline else " ")
                starts.append(ws_start)
                ends.append(ws_end)
                ws_start = -1
            # A combining mark after the run belongs to its last character: leave that one to the
            # slow path.
            if j < n and category(text[j])[0] == "M":
                j -= 1
            if j > i:
                out.append(text[i:j].lower())
                starts.extend(range(i, j))
                ends.extend(range(i + 1, j + 1))
                i = j
                continue
        j = i + 1
        ch = text[i]
        # ASCII white space, dash or underscore not followed by a combining mark.
        if ch in _ASCII_SPACE and (j == n or text[j] < "\u0300"):
            if ws_start < 0:
                ws_start, ws_newline = i, False
            ws_end = j
            if ch in _LINE_BREAKS:
                ws_newline = True
            i = j
            continue
        while j < n and category(text[j])[0] == "M":
            j += 1
        seg = text[i:j]
        if not seg.isascii():
            seg = nfkc("NFKC", seg)
        for ch in seg:
            kind = _kind(ch)
            if kind == 1:
                continue
            if kind >= 2:
                if ws_start < 0:
                    ws_start, ws_newline = i, False
                ws_end = j
                if kind == 3:
                    ws_newline = True
                continue
            if ws_start >= 0:
                out.append("\n" if ws_newline else " ")
                starts.append(ws_start)
                ends.append(ws_end)
                ws_start = -1
            folded = _fold(ch)
            out.append(folded)
            for _ in folded:
                starts.append(i)
                ends.append(j)
        i = j
    if ws_start >= 0:
        out.append("\n" if ws_newline else " ")
        starts.append(ws_start)
        ends.append(ws_end)
    starts.append(n)
    ends.append(n)
    return Normalized("".join(out), starts, ends)
