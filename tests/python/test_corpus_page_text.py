"""Both runtimes extract the same text from every corpus page (after normalisation), and the same
text in each element language.

Every source page is also checked with malformed entities and markup added (`malformed`).
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
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
const m = await import(process.argv[1]);
const pages = JSON.parse(readFileSync(0, 'utf8'));
const out = {};
for (const [key, html] of Object.entries(pages)) {
  const page = m.pageText(parseHTML(html).document);
  const langs = {};
  for (const r of page.langs) {
    langs[r.lang] = (langs[r.lang] ?? '') + ' ' + page.text.slice(r.start, r.end);
  }
  for (const lang of Object.keys(langs)) langs[lang] = m.normalize(langs[lang]).text;
  out[key] = { text: m.normalize(page.text).text, langs };
}
process.stdout.write(JSON.stringify(out));
"""
# Malformed entities and markup that linkedom repairs as browsers do (it does not foster text
# out of tables: tests/python/test_corpus_page_text_browser.py holds that against Chromium).
MALFORMED = """<div id="footnote-malformed">
<p>open&nbspsource models &amp co &copy2024 &notit; &ampx &lt3 caf&eacutes &#x26 &#169</p>
<p>one<p>two <b>bold <i>both</b> italic</i> after</p><ul><li>one<li>two</ul>
<p>para <div>div in p</div> tail</p></br><dl><dt>term<dd>definition</dl>
</div>"""
BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def malformed(html: str) -> str:
    """The page with the malformed block right after <body>."""
    m = BODY.search(html)
    at = m.end() if m else 0
    return html[:at] + MALFORMED + html[at:]


def comparable(normalised: str) -> str:
    return re.sub(r"\s+", " ", normalised).strip()


def test_page_text_agrees_on_every_corpus_page():
    pages = {}
    for path in sorted(READABILITY.glob("*/*.html")):
        if path.name in ("source.html", "expected.html"):
            html = path.read_text(encoding="utf-8", errors="replace")
            key = f"{path.parent.name}/{path.name}"
            pages[key] = html
            if path.name == "source.html":
                pages[f"{key} (malformed)"] = malformed(html)
    engine = (ROOT / "extension" / "src" / "match" / "index.js").as_uri()
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", SCRIPT, engine],
        input=json.dumps(pages),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,  # so node resolves linkedom from node_modules
    )
    theirs = json.loads(result.stdout)
    assert len(theirs) == 182 + 91
    differ, languages = [], []
    for key, their in sorted(theirs.items()):
        page = page_text(pages[key])
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
