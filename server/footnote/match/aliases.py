"""Alias syntax: `*` open edges and a trailing option list `[de stem compound]` (matching.md §3)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .normalize import normalize

FLAGS = frozenset(["stem", "compound", "fold", "accents"])
STEM_LANGUAGES = frozenset(["en", "de", "fr"])
# A compound part found inside a longer word must have at least this many code points.
COMPOUND_MIN = 4
# With `stem compound`, a part found inside a longer word may carry one of these endings (the
# inflections of Snowball's first step): "Störung" is the head of "Autismusstörungen".
ENDINGS = {
    "de": ("e", "em", "en", "ern", "er", "es", "s", "n", "ens"),
    "en": ("s", "es", "'s"),
    "fr": ("s", "x", "e", "es"),
}
_OPTIONS = re.compile(r"^(.*?)\s*\[([^\[\]]*)\]\s*$", re.DOTALL)
_LANGUAGE = re.compile("[a-z]{2}")
_FOLDS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"))


@dataclass(frozen=True, slots=True)
class Alias:
    """One parsed alias: its normalised text, open edges and options."""

    text: str
    open_left: bool = False
    open_right: bool = False
    lang: str | None = None
    stem: bool = False
    compound: bool = False
    fold: bool = False
    accents: bool = False

    @property
    def plain(self) -> bool:
        """No option at all: matched exactly as before options existed."""
        return not (self.lang or self.stem or self.compound or self.fold or self.accents)


def split_options(alias: str) -> tuple[str, str | None, frozenset[str]]:
    """The alias text, its language and its flags; a trailing `[...]` is an option list only
    when every word in it is a flag or a two-letter language code (at most one)."""
    text = alias.strip()
    m = _OPTIONS.match(text)
    if not m:
        return text, None, frozenset()
    words = [w.lower() for w in re.split(r"[\s,]+", m.group(2).strip()) if w]
    langs = [w for w in words if w not in FLAGS]
    if not words or len(langs) > 1 or any(not _LANGUAGE.fullmatch(w) for w in langs):
        return text, None, frozenset()
    return m.group(1).strip(), (langs[0] if langs else None), frozenset(words) & FLAGS


def parse_alias(alias: str) -> Alias:
    """Parse one alias string of a claim label."""
    text, lang, flags = split_options(str(alias))
    open_left = text.startswith("*")
    open_right = text.endswith("*") and len(text) > 1
    text = text.strip("*")
    norm = normalize(text).text.replace("\n", " ").strip(" ")
    return Alias(
        norm,
        open_left,
        open_right,
        lang,
        "stem" in flags,
        "compound" in flags,
        "fold" in flags,
        "accents" in flags,
    )


def spellings(alias: Alias) -> list[str]:
    """The normalised texts an alias is looked up as: itself; with `fold`, the umlauts written
    as ae/oe/ue and the other way round; with `compound`, a multi-word alias also closed up."""
    out = [alias.text]
    if alias.fold:
        folded = alias.text
        unfolded = alias.text
        for umlaut, pair in _FOLDS:
            folded = folded.replace(umlaut, pair)
            unfolded = unfolded.replace(pair, umlaut)
        out += [folded, unfolded]
    if alias.compound:
        out += [t.replace(" ", "") for t in out if " " in t]
    unique: list[str] = []
    for t in out:
        if t and t not in unique:
            unique.append(t)
    return unique


def strip_accent(ch: str) -> str:
    """The base letter of a letter with marks ("é" → "e"); other characters unchanged (one code
    point for one, so offsets stay)."""
    if ch < "\u00c0":
        return ch
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) > 1 and all(unicodedata.category(c) == "Mn" for c in parts[1:]):
        return parts[0]
    return ch


def strip_accents(text: str) -> str:
    """`strip_accent` on every code point."""
    return "".join(strip_accent(ch) for ch in text)
