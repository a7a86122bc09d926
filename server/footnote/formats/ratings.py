"""Real-world fact-check ratings (ClaimReview `reviewRating`) mapped to Footnote verdicts.

Ratings are free text in practice (`False`, `FALSE`, `False Context`, `Pants on Fire!`,
`Mostly False`, `Four Pinocchios`, `Falso`). The table is the specification; a few word rules
catch the long tail; a numeric `ratingValue` between `worstRating` and `bestRating` is the last
resort. The original rating text is always kept by the importer.
"""

from __future__ import annotations

import re
import unicodedata

from footnote.vocabulary import VERDICTS, verdict_label

# Normalised rating text → verdict. Keys are lower case, accents and punctuation removed.
RATING_TABLE: dict[str, str] = {
    # false
    "false": "false",
    "fake": "false",
    "fake news": "false",
    "incorrect": "false",
    "wrong": "false",
    "pants on fire": "false",
    "four pinocchios": "false",
    "hoax": "false",
    "fabricated": "false",
    "fabricated content": "false",
    "scam": "false",
    "not true": "false",
    "baseless": "false",
    "falso": "false",
    "faux": "false",
    "falsch": "false",
    "fake photo": "false",
    "altered": "false",
    "altered photo": "false",
    "altered video": "false",
    "manipulated": "false",
    "manipulated media": "false",
    "doctored": "false",
    "three pinocchios": "misleading",
    # misleading
    "misleading": "misleading",
    "mostly false": "misleading",
    "partly false": "misleading",
    "partially false": "misleading",
    "half false": "misleading",
    "mostly inaccurate": "misleading",
    "distorts the facts": "misleading",
    "exaggerated": "misleading",
    "exaggeration": "misleading",
    "inaccurate": "misleading",
    "two pinocchios": "misleading",
    "enganoso": "misleading",
    "trompeur": "misleading",
    "irrefuhrend": "misleading",
    # missing context
    "false context": "missing-context",
    "missing context": "missing-context",
    "needs context": "missing-context",
    "lacks context": "missing-context",
    "out of context": "missing-context",
    "cherry picks": "missing-context",
    "half true": "missing-context",
    "half truth": "missing-context",
    "one pinocchio": "missing-context",
    "spins the facts": "missing-context",
    # disputed
    "disputed": "disputed",
    "mixture": "disputed",
    "mixed": "disputed",
    "contested": "disputed",
    "partly true": "disputed",
    "partially true": "disputed",
    "half right": "disputed",
    # unproven
    "unproven": "unproven",
    "unverified": "unproven",
    "unsubstantiated": "unproven",
    "unsupported": "unproven",
    "no evidence": "unproven",
    "research in progress": "unproven",
    "not proven": "unproven",
    "unclear": "unproven",
    "undetermined": "unproven",
    "sin evidencia": "unproven",
    # correct
    "true": "correct",
    "correct": "correct",
    "accurate": "correct",
    "mostly true": "correct",
    "mostly correct": "correct",
    "geppetto checkmark": "correct",
    "verdadero": "correct",
    "vrai": "correct",
    "richtig": "correct",
    "wahr": "correct",
    # satire
    "satire": "satire",
    "labeled satire": "satire",
    "parody": "satire",
    "satirical": "satire",
    "satira": "satire",
}

_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("satire", "satira", "satirical", "parody"), "satire"),
    (("context",), "missing-context"),
    (
        ("mostly false", "partly false", "partially false", "misleading", "distort", "exaggerat"),
        "misleading",
    ),
    (("unproven", "unverified", "unsubstantiated", "no evidence", "unsupported"), "unproven"),
    (("false", "fake", "incorrect", "hoax", "fabricated", "falso", "faux", "falsch"), "false"),
    (("mixture", "mixed", "disputed", "half"), "disputed"),
    (("mostly true", "true", "correct", "accurate"), "correct"),
)


def normalise_rating(text: str) -> str:
    """Lower case, accents and punctuation removed, white space collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s]+", " ", text)
    return " ".join(text.split())


def verdict_for_text(text: str | None) -> str | None:
    """The verdict a rating text maps to, or None when it says nothing recognisable."""
    if not text or not isinstance(text, str):
        return None
    key = normalise_rating(text)
    if key in RATING_TABLE:
        return RATING_TABLE[key]
    padded = f" {key} "
    for needles, verdict in _RULES:
        if any(f" {needle}" in padded for needle in needles):
            return verdict
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def verdict_for_scale(value: object, best: object, worst: object) -> str | None:
    """The verdict for a numeric rating on a worst..best scale (defaults 1..5)."""
    v, b, w = _number(value), _number(best), _number(worst)
    if v is None:
        return None
    b = 5.0 if b is None else b
    w = 1.0 if w is None else w
    if b == w or not min(w, b) <= v <= max(w, b):
        return None
    position = (v - w) / (b - w)
    if position < 0.2:
        return "false"
    if position < 0.45:
        return "misleading"
    if position < 0.6:
        return "disputed"
    return "correct"


def verdict_for_rating(text: str | None, value: object, best: object, worst: object) -> str | None:
    """Rating text first (it is what the fact-checker wrote), then the numeric scale."""
    return verdict_for_text(text) or verdict_for_scale(value, best, worst)


# Verdict → (rating text, ratingValue on 1..5 or None) for ClaimReview export.
EXPORT_RATING_VALUES: dict[str, int | None] = {
    "false": 1,
    "misleading": 2,
    "missing-context": 3,
    "disputed": 3,
    "unproven": None,
    "correct": 5,
    "satire": None,
}
EXPORT_RATINGS: dict[str | None, tuple[str, int | None]] = {
    **{v: (verdict_label(v), EXPORT_RATING_VALUES[v]) for v in VERDICTS},
    None: (verdict_label(None, none="Not rated"), None),
}
