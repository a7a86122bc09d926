"""Random inputs through both runtimes: normalisation, claims and anchoring must agree exactly.

Drives the JavaScript engine with node (a required tool of this repository) in one process.
"""

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from footnote.match import anchor_quote, compile_labels, describe_quote, match_claims, normalize

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

SCRIPT = """
import { readFileSync } from 'node:fs';
const m = await import(process.argv[1]);
const cases = JSON.parse(readFileSync(0, 'utf8'));
const cp = (t, u) => m.unitsToCodePoints(t, u);
const out = cases.map((c) => {
  const norm = m.normalize(c.text);
  const matcher = m.compileLabels(c.labels);
  const langs = c.langs && c.langs.map(([s, e, lang]) =>
    ({ start: m.codePointsToUnits(c.text, s), end: m.codePointsToUnits(c.text, e), lang }));
  const hits = m.matchClaims(matcher, c.text, 'https://example.org/a', { lang: c.lang, langs });
  const anchors = (c.quotes || []).map((sel) => {
    const r = m.anchorQuote(c.text, sel);
    return r && [cp(c.text, r.start), cp(c.text, r.end), r.score];
  });
  const described = (c.ranges || []).map(([s, e]) =>
    m.describeQuote(c.text, m.codePointsToUnits(c.text, s), m.codePointsToUnits(c.text, e)));
  return { norm: norm.text, hits: hits.map((h) => [h.id, cp(c.text, h.start), cp(c.text, h.end)]),
           anchors, described };
});
process.stdout.write(JSON.stringify(out));
"""


def run_javascript(cases: list[dict]) -> list[dict]:
    """The JavaScript engine's results for the same cases (one node process)."""
    engine = (ROOT / "extension" / "src" / "match" / "index.js").as_uri()
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", SCRIPT, engine],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


WORDS = [
    "Meta",
    "Llama",
    "4",
    "llamas",
    "open-source",
    "Open‑Source",
    "quelloffen",
    "quelloffene",
    "KI-Modell",
    "ß",
    "İstanbul",
    "ﬁnal",
    "Ｌｌａｍａ",
    "😀",
    "🎉",
    "été",
    "soft\xadhyphen",
    "\u200fRTL\u200e",
    "the",
    "a",
    "of",
    "and",
    "z.",
    "B.",
    "5.",
    "April",
    "model.",
    "Model!",
    "开源",
    "模型",
    "“quoted”",
    "l’IA",
]
SEPARATORS = [" ", " ", " ", "\n", ". ", ", ", " – ", "\u00a0"]


def not_phrases(rng: random.Random, parts: list[str]) -> list[str]:
    """Up to three `not` phrases cut from the page (word, separator, word), some with `*`."""
    phrases = []
    for _ in range(rng.randint(0, 3)):
        i = 2 * rng.randrange(len(parts) // 2 - 1)
        phrase = "".join(parts[i : i + 3])
        phrases.append(phrase + rng.choice(["", "", "*"]))
    return phrases


def make_case(rng: random.Random, exceptions: random.Random) -> dict:
    parts = []
    for _ in range(rng.randint(20, 120)):
        parts.append(rng.choice(WORDS))
        parts.append(rng.choice(SEPARATORS))
    text = "".join(parts)
    labels = [
        {
            "id": f"l{i}",
            "all": [rng.sample(WORDS, 2), rng.sample(WORDS, 3)],
            "highlight": rng.randint(0, 1),
            "window": rng.choice(["sentence", 25, 60]),
            "languages": rng.choice([[], ["de"], ["en", "fr"]]),
            "not": not_phrases(exceptions, parts),
        }
        for i in range(8)
    ]
    quotes, ranges = [], []
    for _ in range(6):
        start = rng.randrange(max(1, len(text) - 30))
        end = min(len(text), start + rng.randint(8, 60))
        ranges.append([start, end])
        quote, position = describe_quote(text, start, end)
        sel = {**{k: quote[k] for k in ("exact", "prefix", "suffix")}, "start": position["start"]}
        edit = rng.choice(["none", "typo", "insert", "drop-context"])
        exact = sel["exact"]
        mid = len(exact) // 2
        if edit == "typo":
            sel["exact"] = exact[:mid] + "x" + exact[mid + 1 :]
        elif edit == "insert":
            sel["exact"] = exact[:mid] + " really " + exact[mid:]
        elif edit == "drop-context":
            sel = {"exact": exact}
        quotes.append(sel)
    return {
        "text": text,
        "labels": labels,
        "lang": rng.choice([None, "de", "en"]),
        "quotes": quotes,
        "ranges": ranges,
    }


def test_both_runtimes_agree_on_random_pages():
    rng = random.Random(20261128)
    exceptions = random.Random(4)  # apart, so the pages and quotes stay as they were
    cases = [make_case(rng, exceptions) for _ in range(150)]
    js = run_javascript(cases)
    anchored = excepted = 0
    for case, theirs in zip(cases, js, strict=True):
        assert normalize(case["text"]).text == theirs["norm"]
        matcher = compile_labels(case["labels"])
        hits = match_claims(matcher, case["text"], "https://example.org/a", lang=case["lang"])
        assert [[h["id"], h["start"], h["end"]] for h in hits] == theirs["hits"]
        plain = [{k: v for k, v in label.items() if k != "not"} for label in case["labels"]]
        excepted += len(
            match_claims(compile_labels(plain), case["text"], "https://example.org/a", case["lang"])
        ) - len(hits)
        for sel, their in zip(case["quotes"], theirs["anchors"], strict=True):
            ours = anchor_quote(case["text"], sel)
            assert (ours and [ours["start"], ours["end"], ours["score"]]) == their, sel
            anchored += ours is not None
        assert [describe_quote(case["text"], s, e) for s, e in case["ranges"]] == theirs[
            "described"
        ]
    assert anchored > 300  # the cases exercise anchoring, not only orphans
    print(f"{excepted} hits removed by `not` phrases")
    assert excepted > 50  # and `not` phrases remove hits


OPTION_WORDS = [
    "Impfstoff",
    "Impfstoffen",
    "Impfstoffe",
    "Erderwärmung",
    "Erderwaermung",
    "ERDERWAERMUNG",
    "Störung",
    "Autismusstörungen",
    "Open-Source-Modells",
    "Opensourcemodell",
    "quelloffene",
    "vaccinating",
    "vaccinated",
    "vaccine",
    "provoqueraient",
    "provoquer",
    "réchauffement",
    "RECHAUFFEMENT",
    "Rechauffement",
    "École",
    "ECOLE",
    "noël",
    "Straße",
    "z.B.",
    "Dr.",
    "U.S.",
    "etc.)",
    "…",
    "«",
    "»",
    "am 5.",
    "April",
    "Llama 4.",
    "Open",
    "😀",
    "KI-Modell",
]
OPTIONS = [
    "",
    "",
    "[de stem]",
    "[en stem]",
    "[fr stem]",
    "[de compound]",
    "[de stem compound]",
    "[de fold]",
    "[fr accents]",
    "[fr stem accents]",
    "[fr]",
    "[de]",
    "[stem]",
]


def make_option_case(rng: random.Random) -> dict:
    parts = []
    for _ in range(rng.randint(20, 80)):
        parts.append(rng.choice(OPTION_WORDS + WORDS))
        parts.append(rng.choice(SEPARATORS))
    text = "".join(parts)
    labels = [
        {
            "id": f"o{i}",
            "all": [
                [f"{w} {rng.choice(OPTIONS)}".strip() for w in rng.sample(OPTION_WORDS, 2)],
                [f"{w} {rng.choice(OPTIONS)}".strip() for w in rng.sample(OPTION_WORDS + WORDS, 3)],
            ],
            "highlight": rng.randint(0, 1),
            "window": rng.choice(["sentence", "sentence", 40]),
            "languages": rng.choice([[], ["de"], ["fr"], ["en", "fr"]]),
        }
        for i in range(8)
    ]
    langs = None
    if rng.random() < 0.7:
        cuts = sorted(rng.sample(range(len(text) + 1), 4))
        langs = [[cuts[0], cuts[1], rng.choice(["de", "fr", "en"])], [cuts[2], cuts[3], "de"]]
    return {"text": text, "labels": labels, "lang": rng.choice([None, "de", "en"]), "langs": langs}


def test_both_runtimes_agree_on_alias_options_and_languages():
    """Stems, compounds, spellings, accents and per-element languages on random pages."""
    rng = random.Random(13)
    cases = [make_option_case(rng) for _ in range(150)]
    total = 0
    for case, theirs in zip(cases, run_javascript(cases), strict=True):
        langs = [tuple(r) for r in case["langs"]] if case["langs"] else None
        matcher = compile_labels(case["labels"])
        hits = match_claims(matcher, case["text"], "https://example.org/a", case["lang"], langs)
        assert [[h["id"], h["start"], h["end"]] for h in hits] == theirs["hits"], case
        total += len(hits)
    print(f"{total} hits with alias options")
    assert total > 100
