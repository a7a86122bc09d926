"""Quotes described on each corpus page's source.html and re-anchored on its expected.html.

The same article in a very different DOM: every quote whose text survives must anchor, none may
anchor in a wrong place, edited quotes must be recovered and lookalike passages never taken.
The JavaScript twin is extension/test/corpus-anchoring.test.js (same picking rules).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from footnote.match import anchor_quote, describe_quote, normalize, page_text
from footnote.match.anchor import SHORT_QUOTE

SHARED = Path(
    os.environ.get("FOOTNOTE_SHARED") or Path(__file__).resolve().parents[2].parent / "shared"
)
READABILITY = SHARED / "corpus" / "readability"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not READABILITY.is_dir(), reason=f"{READABILITY} is absent"),
]

MAX_SENTENCES = 20
MAX_SPANS = 10
SENTENCE_SPLIT = re.compile(r"(?<=[.!?。！？])\s+|\n")


def flat(text: str) -> str:
    """The normalised form quotes are compared in."""
    return normalize(text).text.replace("\n", " ").strip(" ")


def pick_quotes(text: str) -> list[tuple[int, int]]:
    """Sentences (40–300 code points) and 8-word spans at fixed strides through the text."""
    sentences = []
    pos = 0
    for m in SENTENCE_SPLIT.finditer(text + "\n"):
        raw = text[pos : m.start()]
        lead = len(raw) - len(raw.lstrip())
        s, e = pos + lead, pos + len(raw.rstrip())
        if 40 <= e - s <= 300:
            sentences.append((s, e))
        pos = m.end()
    picked = sentences[:: max(1, len(sentences) // MAX_SENTENCES)][:MAX_SENTENCES]
    words = [m.span() for m in re.finditer(r"\S+", text)]
    spans = []
    if len(words) > 8:
        for k in range(0, len(words) - 8, max(1, (len(words) - 8) // MAX_SPANS))[:MAX_SPANS]:
            s, e = words[k][0], words[k + 7][1]
            if "\n" not in text[s:e] and e - s >= 30:
                spans.append((s, e))
    return picked + spans


def shift(word: str) -> str:
    """A lookalike of a word: every letter or digit moved to the next code point."""
    return "".join(chr(ord(c) + 1) if c.isalnum() else c for c in word)


def tokens(quote: str) -> list[str]:
    parts = quote.split(" ")
    if len(parts) >= 6:
        return parts
    return [quote[i : i + 2] for i in range(0, len(quote), 2)]


def join_tokens(quote: str, toks: list[str]) -> str:
    return " ".join(toks) if len(quote.split(" ")) >= 6 else "".join(toks)


def lookalike(quote: str, every: int) -> str | None:
    """The quote with every `every`-th token changed; None when that changes under 3 tokens."""
    toks = tokens(quote)
    changed = [i for i in range(len(toks)) if i % every == 1 and any(c.isalnum() for c in toks[i])]
    if len(changed) < 3:
        return None
    return join_tokens(quote, [shift(t) if i in changed else t for i, t in enumerate(toks)])


def typo(quote: str) -> str:
    mid = len(quote) // 2
    a, b = quote[mid], quote[mid + 1]
    if a != b and a.isalnum() and b.isalnum():
        return quote[:mid] + b + a + quote[mid + 2 :]
    return quote[:mid] + ("x" if a != "x" else "y") + quote[mid + 1 :]


def insert_word(quote: str) -> str:
    mid = quote.find(" ", len(quote) // 2)
    if mid < 0:
        mid = len(quote) // 2
    return quote[:mid] + " really" + quote[mid:]


@dataclass
class Tally:
    pages: int = 0
    quotes: int = 0
    surviving: int = 0
    anchored: int = 0
    orphaned: int = 0
    wrong: list[str] = field(default_factory=list)
    edited: int = 0
    recovered: int = 0
    edited_orphaned: list[str] = field(default_factory=list)
    lookalikes: int = 0
    lookalikes_taken: list[str] = field(default_factory=list)
    moved: int = 0
    moved_anchored: int = 0
    moved_orphaned: list[str] = field(default_factory=list)
    moved_edited: int = 0
    moved_recovered: int = 0


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def locate(page_flat: str, norm, quote_flat: str) -> tuple[int, int] | None:
    """First occurrence of a normalised quote, as a span of the page text."""
    i = page_flat.find(quote_flat)
    if i < 0:
        return None
    return norm.original_span(i, i + len(quote_flat))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def run_page(name: str, tally: Tally) -> None:
    src = page_text(read(READABILITY / name / "source.html")).text
    exp = page_text(read(READABILITY / name / "expected.html")).text
    src_norm = normalize(src)
    src_flat = src_norm.text.replace("\n", " ")
    tally.pages += 1
    for k, (qs, qe) in enumerate(pick_quotes(exp)):
        tally.quotes += 1
        quote = exp[qs:qe]
        qflat = flat(quote)
        where = locate(src_flat, src_norm, qflat)
        if where is None or not qflat:
            continue  # the text does not survive in both versions
        tally.surviving += 1
        selectors = describe_quote(src, *where)
        got = anchor_quote(exp, selectors)
        if got is None:
            tally.orphaned += 1
        elif flat(exp[got["start"] : got["end"]]) == qflat:
            tally.anchored += 1
        else:
            tally.wrong.append(f"{name}: {quote!r} -> {exp[got['start'] : got['end']]!r}")
        if k % 3:
            continue
        edited_typo = [dict(selectors[0], exact=typo(selectors[0]["exact"])), selectors[1]]
        for edit in (typo, insert_word):
            tally.edited += 1
            edited = [dict(selectors[0], exact=edit(selectors[0]["exact"])), selectors[1]]
            got = anchor_quote(exp, edited)
            if got is None:
                tally.edited_orphaned.append(f"{name}: {edited[0]['exact']!r}")
            elif flat(exp[got["start"] : got["end"]]) == qflat or (
                overlap((got["start"], got["end"]), (qs, qe)) >= 0.9 * (qe - qs)
            ):
                tally.recovered += 1
            else:
                tally.wrong.append(f"{name} edited: {edited[0]['exact']!r} -> {got}")
        # The quote's text moved to the end of the page, as is and with a typo.
        page = exp[:qs] + exp[qe:] + "\n" + quote
        moved_span = (len(page) - len(quote), len(page))
        for selector_list, edited_flag in ((selectors, False), (edited_typo, True)):
            got = anchor_quote(page, selector_list)
            if edited_flag:
                tally.moved_edited += 1
            else:
                tally.moved += 1
            if got is None:
                # Only a quote found once on the page counts: identical occurrences may orphan.
                page_flat = normalize(page).text.replace("\n", " ")
                once = page_flat.find(qflat) == page_flat.rfind(qflat)
                if not edited_flag and once:
                    tally.moved_orphaned.append(qflat)
                continue
            span = (got["start"], got["end"])
            if flat(page[span[0] : span[1]]) == qflat or overlap(span, moved_span) >= 0.9 * len(
                quote
            ):
                if edited_flag:
                    tally.moved_recovered += 1
                else:
                    tally.moved_anchored += 1
            else:
                tally.wrong.append(f"{name} moved: {quote!r} -> {page[span[0] : span[1]]!r}")
        # A lookalike in the quote's place, and one elsewhere with the original gone.
        for every, placed in ((3, "in place"), (4, "elsewhere")):
            fake = lookalike(quote, every)
            if fake is None:
                continue
            tally.lookalikes += 1
            if placed == "in place":
                page = exp[:qs] + fake + exp[qe:]
                fake_span = (qs, qs + len(fake))
            else:
                page = exp[:qs] + exp[qe:] + "\n" + fake
                fake_span = (len(page) - len(fake), len(page))
            got = anchor_quote(page, selectors)
            if got is not None and overlap((got["start"], got["end"]), fake_span):
                taken = page[got["start"] : got["end"]]
                tally.lookalikes_taken.append(f"{name} {placed}: {quote!r} -> {taken!r} {got}")


def test_corpus_quotes_anchor_on_the_reader_view():
    tally = Tally()
    for name in sorted(p.name for p in READABILITY.iterdir() if p.is_dir()):
        run_page(name, tally)
    share = tally.anchored / tally.surviving
    print(
        f"\npython corpus: {tally.pages} pages, {tally.quotes} quotes, "
        f"{tally.surviving} surviving, "
        f"{tally.anchored} anchored ({share:.2%}), {tally.orphaned} orphaned, "
        f"{len(tally.wrong)} wrong; edited {tally.recovered}/{tally.edited} recovered; "
        f"lookalikes taken {len(tally.lookalikes_taken)}/{tally.lookalikes}; "
        f"moved {tally.moved_anchored}/{tally.moved} anchored, "
        f"moved with a typo {tally.moved_recovered}/{tally.moved_edited} recovered"
    )
    assert tally.wrong == []
    assert tally.lookalikes_taken == []
    assert tally.pages == 91
    assert tally.surviving >= 91 * 10
    assert share >= 0.98
    assert tally.recovered >= 0.95 * tally.edited, tally.edited_orphaned[:20]
    # A moved quote has lost its context: short ones need it (docs/matching.md §4.2) and may
    # orphan, never anchor elsewhere; every unique quote of SHORT_QUOTE characters or more is found.
    print(f"moved and orphaned: {tally.moved_orphaned}")
    assert [q for q in tally.moved_orphaned if len(q) >= SHORT_QUOTE] == []
    assert tally.moved_anchored >= 0.99 * tally.moved
