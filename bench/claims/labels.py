"""Deterministic claim labels for the claims benchmark: corpus words, synthetic terms, the demo.

Most labels are made of synthetic terms that occur nowhere (they cost the naive baseline a full
scan each and the automaton nothing); about one in four carries words or word pairs taken from
the corpus text, written with capitals and hyphens now and then, so that some labels fire, alone
or as two term groups inside one window.
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("FOOTNOTE_SHARED") or REPO.parent / "shared") / "corpus"
SEED = 20261128
ALIASES_PER_LABEL = 5
DEMO_LABEL = {
    "id": "demo-llama-open-source",
    "all": [
        ["llama 4", "llama-4", "llama"],
        ["open source", "open-source", "opensource", "quelloffen", "code source ouvert"],
    ],
    "highlight": 1,
    "window": "sentence",
    "languages": ["en", "de", "fr"],
    "include": [],
    "exclude": [],
}
_WORD = re.compile(r"[^\W\d_]{4,}")
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ae", "ou")]


def corpus_vocabulary(corpus: Path = CORPUS) -> tuple[list[str], list[str]]:
    """Mid-frequency words and word pairs of the readability articles, sorted (deterministic)."""
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for page in sorted((corpus / "readability").glob("*/expected.html")):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        for line in text.splitlines():
            tokens = _WORD.findall(line.lower())
            words.update(tokens)
            pairs.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    vocabulary = sorted(w for w, n in words.items() if 2 <= n <= 40)
    phrases = sorted(p for p, n in pairs.items() if 2 <= n <= 20)
    return vocabulary, phrases


def _synthetic(rng: random.Random) -> str:
    term = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 5)))
    if rng.random() < 0.2:
        term += " " + "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return term


def _styled(term: str, rng: random.Random) -> str:
    """Write a term the way curators do: sometimes capitalised, sometimes hyphenated."""
    roll = rng.random()
    if roll < 0.15:
        return term.title()
    if roll < 0.25:
        return term.replace(" ", "-")
    if roll < 0.3:
        return term.upper()
    return term


def generate(count: int = 10_000, seed: int = SEED, corpus: Path = CORPUS) -> list[dict]:
    """`count` labels of five aliases each (the demo label, with eight, is the last one)."""
    rng = random.Random(seed)
    vocabulary, phrases = corpus_vocabulary(corpus)
    labels: list[dict] = []
    for i in range(count - 1):
        roll = rng.random()
        real = [rng.choice(vocabulary if rng.random() < 0.6 else phrases) for _ in range(2)]
        fake = [_synthetic(rng) for _ in range(ALIASES_PER_LABEL)]
        if roll < 0.75:
            groups = [fake]
        elif roll < 0.88:
            groups = [[real[0], *fake[:4]]]
        else:
            groups = [[real[0], fake[0], fake[1]], [real[1], fake[2]]]
        labels.append(
            {
                "id": f"bench-{i:05d}",
                "all": [[_styled(term, rng) for term in group] for group in groups],
                "highlight": rng.randrange(len(groups)),
                "window": "sentence" if rng.random() < 0.8 else rng.choice([80, 150, 300]),
                "languages": [],
                "include": [],
                "exclude": [],
            }
        )
    labels.append(DEMO_LABEL)
    return labels
