"""Both runtimes extract the same text from every corpus page (after normalisation), and the same
text in each element language.

beautifulsoup4 (html.parser) here, linkedom in node: different parsers, one extraction rule.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from footnote.match import normalize, page_text

ROOT = Path(__file__).resolve().parents[2]
READABILITY = (
    Path(os.environ.get("FOOTNOTE_SHARED") or ROOT.parent / "shared") / "corpus" / "readability"
)
NODE = shutil.which("node")
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not READABILITY.is_dir(), reason=f"{READABILITY} is absent"),
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
]

SCRIPT = """
import { readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
const m = await import(process.argv[1]);
const dir = process.argv[2];
const out = {};
for (const name of readdirSync(dir)) {
  for (const file of ['source.html', 'expected.html']) {
    const html = readFileSync(`${dir}/${name}/${file}`, 'utf8');
    const page = m.pageText(parseHTML(html).document);
    const langs = {};
    for (const r of page.langs) {
      langs[r.lang] = (langs[r.lang] ?? '') + ' ' + page.text.slice(r.start, r.end);
    }
    for (const lang of Object.keys(langs)) langs[lang] = m.normalize(langs[lang]).text;
    out[`${name}/${file}`] = { text: m.normalize(page.text).text, langs };
  }
}
process.stdout.write(JSON.stringify(out));
"""


def comparable(normalised: str) -> str:
    return re.sub(r"\s+", " ", normalised).strip()


def test_page_text_agrees_on_every_corpus_page():
    engine = (ROOT / "extension" / "src" / "match" / "index.js").as_uri()
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", SCRIPT, engine, str(READABILITY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,  # so node resolves linkedom from node_modules
    )
    theirs = json.loads(result.stdout)
    assert len(theirs) == 182
    differ, languages = [], []
    for key, their in sorted(theirs.items()):
        html = (READABILITY / key).read_text(encoding="utf-8", errors="replace")
        page = page_text(html)
        if comparable(normalize(page.text).text) != comparable(their["text"]):
            differ.append(key)
        # The text each language covers (element `lang` attributes) agrees too.
        ours: dict[str, str] = {}
        for start, end, lang in page.langs:
            ours[lang] = ours.get(lang, "") + " " + page.text[start:end]
        mine = {lang: comparable(normalize(text).text) for lang, text in ours.items()}
        if mine != {lang: comparable(text) for lang, text in their["langs"].items()}:
            languages.append(key)
    assert differ == []
    assert languages == []
