"""Write tests/vectors/stems.json: Snowball stems of real words from the page corpus.

For English, German and French: the distinct words of the corpus pages in that language (by
`<html lang>` or the page's metadata; the most frequent first, at most WORDS_PER_LANGUAGE), then
the most frequent words of the other pages until the language has WORDS_PER_LANGUAGE words (the
corpus holds one German and three French pages, too few on their own). Stems come from the
Python engine; the JavaScript suite must reproduce each one.

    .venv/bin/python scripts/stem_vector.py [path/to/shared]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from footnote.match import normalize, page_text
from footnote.match.claims import is_word_char
from footnote.match.stems import ALGORITHMS, stem

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_LANGUAGE = 12_000


def words_of(text: str) -> list[str]:
    """Maximal runs of word characters holding a letter, as the stem view cuts them."""
    norm = normalize(text).text
    out, word = [], []
    for ch in norm + " ":
        if is_word_char(ch):
            word.append(ch)
        elif word:
            w = "".join(word)
            if any(c.isalpha() for c in w):
                out.append(w)
            word = []
    return out


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    corpus = shared / "corpus"
    pages = sorted((corpus / "readability").glob("*/source.html")) + sorted(
        (corpus / "seed").glob("*.html")
    )
    by_lang: dict[str, Counter] = {}
    for path in pages:
        page = page_text(path.read_text("utf-8", errors="replace"))
        lang = page.lang
        meta = path.parent / "expected-metadata.json"
        if meta.is_file():
            lang = (json.loads(meta.read_text("utf-8")).get("lang") or lang or "").split("-")[0]
        by_lang.setdefault((lang or "").lower(), Counter()).update(words_of(page.text))
    vector = {}
    for lang in ALGORITHMS:
        mine = by_lang.get(lang, Counter())
        own = [w for w, _ in sorted(mine.items(), key=lambda kv: (-kv[1], kv[0]))]
        own = own[:WORDS_PER_LANGUAGE]
        others = Counter()
        for other, counts in by_lang.items():
            if other != lang:
                others.update(counts)
        chosen = set(own)
        for word, _ in sorted(others.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(chosen) >= WORDS_PER_LANGUAGE:
                break
            chosen.add(word)
        words = sorted(chosen)
        vector[lang] = {
            "from_pages_in_language": len(own),
            "words": [[w, stem(w, lang)] for w in words],
        }
        print(f"{lang}: {len(words)} words, {len(own)} from pages in that language")
    out = ROOT / "tests" / "vectors" / "stems.json"
    text = json.dumps(vector, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text.replace('],["', '],\n["') + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
