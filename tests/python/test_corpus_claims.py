"""The demo label fires on the seed article's Llama 4 sentence, not on the name of the Open Source
Initiative (its `not` phrases), and on no readability page.

The JavaScript twin is extension/test/corpus-claims.test.js.
"""

import json
import os
from pathlib import Path

import pytest

from footnote.match import compile_labels, match_claims, page_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("FOOTNOTE_SHARED") or ROOT.parent / "shared") / "corpus"
SEED = CORPUS / "seed" / "meta-avocado-de.html"
SEED_URL = "https://news.example.org/tech/meta-avocado-gebuehren-ki-modelle"
LLAMA_SENTENCE = (
    "Das vergangene Jahr war geprägt von der Einführung des Open-Source-KI-Modells “Llama 4” "
    "durch Meta."
)
OSI_SENTENCE = (
    "Allerdings ist der Begriff ‘Open Source’ etwas umstritten, da die Open Source Initiative "
    "dieser Einstufung von Llama 4 widersprochen hat."
)
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent"),
]


def demo_matcher():
    label = json.loads((ROOT / "tests" / "vectors" / "demo-label.json").read_text("utf-8"))
    return compile_labels([label])


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_demo_label_fires_on_the_llama_4_sentence():
    page = page_text(read(SEED))
    hits = match_claims(demo_matcher(), page.text, SEED_URL, lang=page.lang)
    for hit in hits:
        print(
            f"seed hit {page.text[hit['start'] : hit['end']]!r} in …"
            f"{page.text[max(0, hit['start'] - 60) : hit['end'] + 40]!r}…"
        )
    sentence = page.text.index(LLAMA_SENTENCE)
    inside = [h for h in hits if sentence <= h["start"] < sentence + len(LLAMA_SENTENCE)]
    assert [page.text[h["start"] : h["end"]] for h in inside] == ["Open-Source"]
    # The seed page's elements carry no other language: the same hits per element.
    assert match_claims(demo_matcher(), page.text, SEED_URL, page.lang, page.langs) == hits


def test_demo_label_leaves_the_open_source_initiative_unmarked():
    page = page_text(read(SEED))
    hits = match_claims(demo_matcher(), page.text, SEED_URL, lang=page.lang)
    sentence = page.text.index(OSI_SENTENCE)
    osi = page.text.index("Open Source Initiative", sentence)
    inside = [h for h in hits if sentence <= h["start"] < sentence + len(OSI_SENTENCE)]
    # The disputed term itself is still marked; the organisation's name is not.
    assert [h["start"] - sentence for h in inside] == [OSI_SENTENCE.index("Open Source’")]
    assert not any(
        h["start"] < osi + len("Open Source Initiative") and osi < h["end"] for h in hits
    )
    # Without its `not` phrases the same label marks the name: the exception is what removes it.
    label = json.loads((ROOT / "tests" / "vectors" / "demo-label.json").read_text("utf-8"))
    del label["not"]
    plain = match_claims(compile_labels([label]), page.text, SEED_URL, lang=page.lang)
    assert any(h["start"] == osi for h in plain)


def test_demo_label_fires_on_no_readability_page():
    matcher = demo_matcher()
    fired = []
    pages = sorted(p for p in (CORPUS / "readability").iterdir() if p.is_dir())
    for folder in pages:
        for name in ("source.html", "expected.html"):
            page = page_text(read(folder / name))
            # Without the language filter too: the words themselves must not fire.
            # And with the languages of the page's elements.
            for lang, langs in ((page.lang, None), (None, None), (page.lang, page.langs)):
                url = f"https://{folder.name}.test/"
                for hit in match_claims(matcher, page.text, url, lang, langs):
                    fired.append(
                        f"{folder.name}/{name}: {page.text[hit['start'] - 80 : hit['end'] + 80]!r}"
                    )
    print(f"\ndemo label on {len(pages)} readability pages: {len(fired)} hits")
    assert len(pages) == 91
    assert fired == []
