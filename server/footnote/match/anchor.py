"""Quote anchoring and quote description (docs/matching.md §4 and §5)."""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field

from .claims import is_word_char
from .myers import COMPILED_MIN_TEXT, Encoded, encode_text, mask_encoded, prefix_distances, search
from .normalize import Normalized, normalize
from .similarity import (
    changed_runs,
    common_prefix,
    common_suffix,
    edit_distance_anchored,
    word_tokens,
)

CONTEXT_LENGTH = 32  # code points of prefix and suffix that describe_quote records
MAX_ERROR_RATE = 0.2  # approximate matches may differ from the quote in at most 20 % of it
MIN_APPROX_LENGTH = 20  # shorter quotes are anchored exactly or not at all
MIN_CONTEXT = 0.65  # context similarity that lets an edited quote anchor
MIN_QUOTE_ALONE = 0.95  # quote similarity that anchors without context support …
MAX_ERRORS_ALONE = 2  # … and only for typo-sized differences
WORDS_PER_EDIT = 20  # approximate matches may differ in one run of words per 20 words (at least 1)
START_SLACK = 0.05  # starts within 5 % more edits may win on prefix agreement
MARGIN = 0.1  # the best approximate candidate must beat the next one by this much
MAX_ROUNDS = 4  # approximate search rounds (each finds the next-best distinct matches)
MAX_CANDIDATES = 20
SHORT_QUOTE = 32  # shorter exact hits need context support (or, context all white space, case)
MIN_LENGTH_ALONE = 30  # an approximate match without context support needs a quote this long
TIE_DISTANCE = 8  # the position hint breaks a tie only within this many characters
_MASK = "\uffff"


@dataclass(frozen=True, slots=True)
class Prepared:
    """Page text normalised for anchoring (`flat`: line breaks as spaces; `lined` keeps them)."""

    text: str
    norm: Normalized
    flat: str
    lined: str
    _encoded: list[Encoded | None] = field(default_factory=list, compare=False, repr=False)

    def encoded(self) -> Encoded | None:
        """`flat` as bytes for the compiled scan (long pages only; made on first use)."""
        if not self._encoded:
            long = len(self.flat) >= COMPILED_MIN_TEXT
            self._encoded.append(encode_text(self.flat) if long else None)
        return self._encoded[0]


_cache: list[Prepared] = []


def prepare(text: str) -> Prepared:
    """Normalise page text once for many anchor_quote calls (the last page is cached)."""
    if _cache and _cache[0].text is text:
        return _cache[0]
    norm = normalize(text)
    prepared = Prepared(text, norm, norm.text.replace("\n", " "), norm.text)
    _cache[:] = [prepared]
    return prepared


def split_selector(prefix: str, exact: str, suffix: str) -> tuple[str, str, str]:
    """Normalise prefix+exact+suffix together and split it again.

    Exact has no outer white space and reads line breaks as spaces; prefix and suffix keep them
    (block boundaries count in context).
    """
    norm = normalize(prefix + exact + suffix)
    lined = norm.text
    b1 = bisect_left(norm.starts, len(prefix), 0, len(lined))
    b2 = bisect_left(norm.starts, len(prefix) + len(exact), b1, len(lined))
    pre, ex, suf = lined[:b1], lined[b1:b2], lined[b2:]
    stripped = ex.lstrip(" \n")
    pre += ex[: len(ex) - len(stripped)]
    ex = stripped.rstrip(" \n")
    suf = stripped[len(ex) :] + suf
    return pre, ex.replace("\n", " "), suf


def _is_blank(s: str) -> bool:
    return s.strip(" \n") == ""


def _is_break(s: str, i: int) -> bool:
    return i < 0 or i >= len(s) or s[i] in " \n"


def _prefix_agrees(lined: str, start: int, pre: str) -> int:
    """Prefix characters that agree; spaces alone agree with any white space or the edge."""
    if pre == " ":
        return int(_is_break(lined, start - 1))
    return common_suffix(pre, lined[max(0, start - len(pre)) : start])


def _suffix_agrees(lined: str, end: int, suf: str) -> int:
    """Suffix characters that agree; spaces alone agree with any white space or the edge."""
    if suf == " ":
        return int(_is_break(lined, end))
    return common_prefix(suf, lined[end : end + len(suf)])


def context_similarity(
    lined: str, start: int, end: int, pre: str, suf: str, blank_counts: bool = True
) -> float:
    """Similarity of the text around [start, end) to prefix and suffix, 0..1.

    A side of spaces alone scores 1 next to white space or the edge, else 0; with `blank_counts`
    false it is left out (it cannot support a short exact hit).
    """
    scores = []
    if pre == " ":
        if blank_counts:
            scores.append(float(_is_break(lined, start - 1)))
    elif pre:
        window = lined[max(0, start - len(pre) - len(pre) // 2) : start]
        dist = edit_distance_anchored(pre[::-1], window[::-1])
        scores.append(max(0.0, 1 - dist / len(pre)))
    if suf == " ":
        if blank_counts:
            scores.append(float(_is_break(lined, end)))
    elif suf:
        window = lined[end : end + len(suf) + len(suf) // 2]
        dist = edit_distance_anchored(suf, window)
        scores.append(max(0.0, 1 - dist / len(suf)))
    if not scores:
        return 0.0
    return sum(scores) / len(scores)


def _few_word_changes(ex: str, found: str) -> bool:
    """An edit changes words in few places; a lookalike passage changes them all over."""
    a, b = word_tokens(ex), word_tokens(found)
    return changed_runs(a, b) <= max(1, len(a) // WORDS_PER_EDIT)


def _edges_fit(flat: str, start: int, end: int, pre: str, ex: str, suf: str) -> bool:
    """A match may only cut into a word where the original selection did."""
    cuts_start = start > 0 and is_word_char(flat[start - 1]) and is_word_char(flat[start])
    if cuts_start and not (pre and is_word_char(pre[-1]) and is_word_char(ex[0])):
        return False
    cuts_end = end < len(flat) and is_word_char(flat[end]) and is_word_char(flat[end - 1])
    return not (cuts_end and not (suf and is_word_char(suf[0]) and is_word_char(ex[-1])))


def _hint_position(prepared: Prepared, selector: dict, hint: int | None) -> int | None:
    offset = hint if hint is not None else selector.get("start")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        return None
    return bisect_left(prepared.norm.starts, offset, 0, len(prepared.flat))


def letters(text: str) -> str:
    """The letters of a string, case kept (to tell occurrences that differ only in case)."""
    return "".join(ch for ch in text if ch.isalpha())


def _exact(prepared: Prepared, pre: str, ex: str, suf: str, pos: int | None, same_case):
    """Exact occurrence; ties go to the selector's case, then to the hint within TIE_DISTANCE.

    A short quote, or one found in another case, needs its context to agree. Returns the offset,
    None when the quote does not occur, or -1 when no occurrence is a confident anchor.
    """
    flat, lined = prepared.flat, prepared.lined
    found = []
    i = flat.find(ex)
    while i >= 0 and len(found) < 10000:
        found.append(i)
        i = flat.find(ex, i + 1)
    if not found:
        return None
    best_ctx, best = -1, []
    for i in found:
        ctx = _prefix_agrees(lined, i, pre) + _suffix_agrees(lined, i + len(ex), suf)
        if ctx > best_ctx:
            best_ctx, best = ctx, [i]
        elif ctx == best_ctx:
            best.append(i)
    if len(best) > 1:
        cased = [i for i in best if same_case(i)]
        if cased:
            best = cased
    if len(best) > 1:
        if pos is None:
            return -1
        best = [i for i in best if abs(i - pos) <= TIE_DISTANCE]
        if len(best) != 1:
            return -1
    at = best[0]
    cased = same_case(at)
    if (len(ex) >= SHORT_QUOTE and cased) or (not pre and not suf):
        return at
    if _is_blank(pre) and _is_blank(suf):
        return at if cased else -1
    support = context_similarity(lined, at, at + len(ex), pre, suf, blank_counts=False)
    return at if support >= MIN_CONTEXT else -1


def _settle_edges(flat: str, cluster: list, pre: str, ex: str, suf: str, max_errors: int):
    """Pick a cluster's end where the suffix agrees most, then the start where the prefix does.

    Line breaks read as spaces in `flat`, `pre` and `suf` here.

    Starts within a few edits of the best one compete on prefix agreement (an inserted word at
    the quote's start must not pull in the word before it); ties take fewer edits, then the
    longer match. Returns (start, end, errors).
    """
    best = min(
        cluster,
        key=lambda m: (
            -_suffix_agrees(flat, m.end, suf),
            abs((m.end - m.start) - len(ex)),
            m.start,
        ),
    )
    end = best.end
    lo = max(0, end - len(ex) - max_errors)
    dist = prefix_distances(ex[::-1], flat[lo:end][::-1])  # dist[j]: ex vs flat[end - j : end]
    slack = max(2, int(len(ex) * START_SLACK))
    least = min(dist)
    choices = [(end - j, d) for j, d in enumerate(dist) if d <= min(least + slack, max_errors)]
    start, errors = min(
        choices,
        key=lambda c: (-_prefix_agrees(flat, c[0], pre), c[1], c[0]),
    )
    return (start, end, errors)


def _approximate(prepared: Prepared, pre: str, ex: str, suf: str, pos: int | None):
    if len(ex) < MIN_APPROX_LENGTH:
        return None
    max_errors = int(len(ex) * MAX_ERROR_RATE)
    # Edges are settled on words, so line breaks read as spaces there.
    pre_flat, suf_flat = pre.replace("\n", " "), suf.replace("\n", " ")
    masked = prepared.flat
    encoded = prepared.encoded()
    candidates: list[tuple[int, int, int]] = []
    bound = 1
    for _ in range(MAX_ROUNDS):
        matches = search(masked, ex, max_errors, bound, encoded)
        if not matches:
            break
        bound = matches[0].errors  # later rounds find nothing better
        clusters: list[list] = []
        for m in matches:
            if clusters and m.start < clusters[-1][-1].end:
                clusters[-1].append(m)
            else:
                clusters.append([m])
        for cluster in clusters:
            candidates.append(
                _settle_edges(prepared.flat, cluster, pre_flat, ex, suf_flat, max_errors)
            )
            lo, hi = cluster[0].start, max(m.end for m in cluster)
            masked = masked[:lo] + _MASK * (hi - lo) + masked[hi:]
            if encoded is not None:
                encoded = mask_encoded(encoded, lo, hi)
        if len(candidates) >= MAX_CANDIDATES:
            break
    scored = []
    for start, end, errors in candidates:
        quote = 1 - errors / len(ex)
        ctx = context_similarity(prepared.lined, start, end, pre, suf)
        alone = quote >= MIN_QUOTE_ALONE and errors <= MAX_ERRORS_ALONE
        if ctx < MIN_CONTEXT and not (alone and len(ex) >= MIN_LENGTH_ALONE):
            continue
        if not _edges_fit(prepared.flat, start, end, pre, ex, suf):
            continue
        if not _few_word_changes(ex, prepared.flat[start:end]):
            continue
        near = 0.0
        if pos is not None:
            near = 1 - min(1.0, abs(start - pos) / max(1, len(prepared.flat)))
        score = (quote + ctx) / 2
        scored.append((score + near * 0.01, score, start, end))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[2]))
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
        return None
    return scored[0][1:]


def merge_selectors(selectors: dict | list[dict]) -> dict:
    """Merge a W3C selector list (quote + position) into {exact, prefix, suffix, start, end}."""
    if isinstance(selectors, dict):
        return selectors
    merged: dict = {}
    for sel in selectors:
        if sel.get("type") == "TextQuoteSelector":
            merged.update({k: sel.get(k) for k in ("exact", "prefix", "suffix")})
        elif sel.get("type") == "TextPositionSelector":
            merged.update({k: sel.get(k) for k in ("start", "end")})
    return merged


def anchor_quote(text: str, selector: dict | list[dict], hint: int | None = None) -> dict | None:
    """Find the quote of a selector {exact, prefix, suffix, start?, end?} in page text, or None.

    Returns {start, end, score}; offsets are code points into `text`. `hint` (a text offset)
    overrides the selector's position.
    """
    selector = merge_selectors(selector)
    exact = selector.get("exact") or ""
    prepared = prepare(text)
    pre, ex, suf = split_selector(selector.get("prefix") or "", exact, selector.get("suffix") or "")
    if not ex:
        return None
    pos = _hint_position(prepared, selector, hint)
    exact_letters = letters(exact)

    def same_case(i: int) -> bool:
        start, end = prepared.norm.original_span(i, i + len(ex))
        found = letters(text[start:end])
        return found == exact_letters or found.lower() != exact_letters.lower()

    i = _exact(prepared, pre, ex, suf, pos, same_case)
    if i == -1:
        return None
    if i is not None:
        start, end = prepared.norm.original_span(i, i + len(ex))
        return {"start": start, "end": end, "score": 1.0}
    found = _approximate(prepared, pre, ex, suf, pos)
    if found is None:
        return None
    score, s, e = found
    start, end = prepared.norm.original_span(s, e)
    return {"start": start, "end": end, "score": math.floor(min(score, 1.0) * 10000 + 0.5) / 10000}


def describe_quote(text: str, start: int, end: int) -> list[dict]:
    """W3C TextQuoteSelector (32 code points of context) and TextPositionSelector for a range."""
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_LENGTH) : start],
            "suffix": text[end : end + CONTEXT_LENGTH],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]
