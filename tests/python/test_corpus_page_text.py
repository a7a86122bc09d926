"""Both runtimes extract the same text from every corpus page (after normalisation).

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
    out[`${name}/${file}`] = m.normalize(m.pageText(parseHTML(html).document).text).text;
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
    differ = []
    for key, text in sorted(theirs.items()):
        html = (READABILITY / key).read_text(encoding="utf-8", errors="replace")
        if comparable(normalize(page_text(html).text).text) != comparable(text):
            differ.append(key)
    assert differ == []
