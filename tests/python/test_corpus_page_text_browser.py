"""Python's page text is the browser's: Chromium parses corpus pages with malformed entities and
markup it must repair, the engine's pageText reads its DOM, and page_text must give the same text.

linkedom (the JavaScript suite's DOM) repairs markup its own way, so this proof runs against
Chromium itself (scripts/ensure-browsers.sh installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from footnote.match import page_text

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FOOTNOTE_SHARED") or ROOT.parent / "shared")
READABILITY = SHARED / "corpus" / "readability"
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not READABILITY.is_dir(), reason=f"{READABILITY} is absent"),
    pytest.mark.skipif(
        not CHROMIUM.exists() or shutil.which("node") is None,
        reason="needs /usr/bin/chromium and node (scripts/ensure-browsers.sh installs them)",
    ),
]

# Entities without their semicolon, unknown entities, misnested and unclosed elements, text a
# table must foster out, nested links and forms: what browsers repair by the HTML standard.
MALFORMED = """<div id="footnote-malformed">
<p>open&nbspsource models &amp co &copy2024 &notit; &ampx &lt3 caf&eacutes &#x26 &#169 &#0;</p>
<p>one<p>two <b>bold <i>both</b> italic</i> after</p>
<table><tr>stray text<td>cell</td></tr>fostered<tr><td>two</table>
<ul><li>one<li>two</ul><a href="#a">outer <a href="#b">inner</a> rest</a>
<p>para <div>div in p</div> tail</p></br><h1>head <h2>sub</h2> more</h1>
<form><form>nested form</form></form><nobr>a<nobr>b</nobr><font><p>font p</font>
<dl><dt>term<dd>definition</dl><caption>stray caption</caption>
</div>"""
LEADING = " \n\ufeff"
BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def malformed(html: str) -> str:
    """The page with the malformed block right after <body> and an unclosed paragraph at its end."""
    m = BODY.search(html)
    at = m.end() if m else 0
    return html[:at] + MALFORMED + html[at:] + "<p>unclosed &hellip at the end"


def browser():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.anchoring import browser as module

    return module


def test_page_text_is_chromiums_on_malformed_corpus_pages():
    helpers = browser()
    pages = sorted(READABILITY.glob("*/source.html"))[::9]
    script = helpers.bundle(ROOT / "bench" / "page_text" / "page_entry.js", "page_text_entry")
    differ = []
    with helpers.chromium() as chromium:
        for source in pages:
            html = malformed(source.read_text("utf-8", errors="replace"))
            page = helpers.open_page(chromium, source, script, html=html)
            theirs = page.evaluate("() => window.footnotePageText()")
            helpers.close_page(page)
            ours = page_text(html)
            # lexbor drops the white space between </head> and <body> that the standard keeps;
            # only the text's leading white space can differ (docs/matching.md §6).
            if (ours.text.lstrip(LEADING), ours.lang) != (
                theirs["text"].lstrip(LEADING),
                theirs["lang"],
            ):
                differ.append(source.parent.name)
    assert len(pages) >= 10
    assert differ == []
