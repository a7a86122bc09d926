"""`footnote check` on pages on disk and on a loopback HTTP server; sets from files and SQLite."""

import functools
import http.server
import json
import threading

import pytest
from click.testing import CliRunner

from footnote.checking import CheckError, fetch
from footnote.cli.check import check, commands
from footnote.db import connect
from footnote.demo import load_demo

PAGE = """<!DOCTYPE html><html lang="en"><head><title>T</title>
<link rel="canonical" href="https://news.example.com/tech/llama-4"></head>
<body><h1>Meta and its models</h1>
<p>Meta released Llama 4 last April and called it open source, which critics dispute.</p>
<p>The company said the model can be downloaded by anyone who accepts its licence terms.</p>
<p>Open source databases are another story entirely.</p></body></html>"""

CLAIM = {
    "id": "https://svc.test/api/annotations/claim1",
    "kind": "claim",
    "verdict": "disputed",
    "target": {
        "selector": {
            "type": "ClaimPatternSelector",
            "all": [["llama 4", "llama"], ["open source", "open-source"]],
            "highlight": 1,
            "window": "sentence",
            "languages": ["en"],
        }
    },
}


def note(note_id, exact, prefix="", suffix=""):
    return {
        "id": note_id,
        "target": {
            "source": "https://news.example.com/tech/llama-4",
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
            ],
        },
    }


ANNOTATIONS = [
    CLAIM,
    note("exact", "can be downloaded by anyone", "The company said the model ", " who accepts"),
    note("typo", "The company said the modle can be downloaded by anyone who accepts its licence"),
    note("gone", "This sentence is not on the page and never was, not even close."),
    {"id": "page-note", "target": {"source": "https://news.example.com/tech/llama-4"}},
    {
        "id": "site1",
        "kind": "site",
        "verdict": "satire",
        "target": {"selector": {"type": "UrlPatternSelector", "include": ["example.com/tech/"]}},
    },
    {
        "id": "site2",
        "target": {"selector": {"type": "UrlPatternSelector", "include": ["elsewhere.org"]}},
    },
]


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def set_file(tmp_path):
    path = tmp_path / "set.json"
    path.write_text(json.dumps({"set": {"id": "s"}, "annotations": ANNOTATIONS}), "utf-8")
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def server(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "article.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def run(*args):
    return CliRunner().invoke(check, [str(a) for a in args])


def test_check_is_exported_for_the_service_cli():
    assert [c.name for c in commands] == ["check"]


def test_text_report_lists_hits_sites_and_notes(page_file, set_file):
    result = run(page_file, "--file", set_file)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"== {page_file} (url https://news.example.com/tech/llama-4; lang en)"
    assert lines[1].startswith("label claim1 [disputed]: …")
    assert "called it [open source], which" in lines[1]
    assert "site  site1 [satire]: the whole page" in lines
    assert not any("site2" in line for line in lines)
    assert any(line.startswith("note  exact anchored") for line in lines)
    assert any(line.startswith("note  typo anchored") for line in lines)
    assert (
        "note  gone orphaned: 'This sentence is not on the page and never was, not even close.'"
        in lines
    )
    assert not any("page-note" in line for line in lines)
    assert lines[-1] == "1 label hits, 1 site labels, 2 notes anchored, 1 orphaned"


def test_json_report(page_file, set_file):
    result = run(page_file, "--file", set_file, "--json")
    assert result.exit_code == 0, result.output
    (page,) = json.loads(result.stdout)["pages"]
    text = PAGE.split("<p>")[1].split("</p>")[0]
    assert page["lang"] == "en"
    assert [(c["id"], c["text"], c["verdict"]) for c in page["claims"]] == [
        ("claim1", "open source", "disputed")
    ]
    assert "open source" in text
    notes = {n["id"]: n for n in page["notes"]}
    assert notes["exact"]["status"] == "anchored" and notes["exact"]["score"] == 1.0
    assert notes["exact"]["text"] == "can be downloaded by anyone"
    assert notes["typo"]["status"] == "anchored" and notes["typo"]["score"] < 1
    assert notes["typo"]["text"].startswith("The company said the model can")
    assert notes["gone"]["status"] == "orphaned"
    assert page["sites"] == [{"id": "site1", "verdict": "satire"}]


def test_plain_list_file_and_several_pages(tmp_path, page_file):
    other = tmp_path / "other.html"
    other.write_text("<p>Nothing about models here.</p>", encoding="utf-8")
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([CLAIM]), encoding="utf-8")
    result = run(page_file, other, "--file", listing, "--json")
    assert result.exit_code == 0, result.output
    pages = json.loads(result.stdout)["pages"]
    assert [len(p["claims"]) for p in pages] == [1, 0]
    assert pages[1]["url"] == other.resolve().as_uri()


def test_url_pages_are_fetched_and_their_url_used(server, set_file):
    result = run(f"{server}/article.html", "--file", set_file, "--json")
    assert result.exit_code == 0, result.output
    (page,) = json.loads(result.stdout)["pages"]
    assert page["url"] == f"{server}/article.html"
    assert len(page["claims"]) == 1
    assert page["sites"] == []  # the loopback host is not example.com


def test_unreachable_page_is_an_error_but_others_still_run(server, page_file, set_file):
    result = run(f"{server}/missing.html", page_file, "--file", set_file)
    assert result.exit_code == 1
    assert "error: " in result.output and "404" in result.output
    assert "1 label hits" in result.output


def test_fetch_refuses_pages_over_the_size_cap(server):
    with pytest.raises(CheckError, match="larger than 100 bytes"):
        fetch(f"{server}/article.html", max_bytes=100)
    with pytest.raises(CheckError, match="only http and https"):
        fetch("file:///etc/passwd")


def test_set_from_the_database(tmp_path, page_file):
    db_path = tmp_path / "footnote.db"
    db = connect(db_path, migrate=True)
    demo = load_demo(db)
    db.conn.close()
    set_id = demo["set"]["id"]
    result = run(page_file, "--set", set_id, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    (page,) = json.loads(result.stdout)["pages"]
    assert [c["text"] for c in page["claims"]] == ["open source"]
    assert page["claims"][0]["verdict"] == "disputed"


def test_unknown_set_and_usage_errors(tmp_path, page_file, set_file):
    result = run(page_file, "--set", "nope", "--db", tmp_path / "f.db")
    assert result.exit_code == 1
    assert "no set 'nope'" in result.output
    assert run(page_file).exit_code == 2
    assert run(page_file, "--set", "x", "--file", set_file).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"annotations": 3}', encoding="utf-8")
    result = run(page_file, "--file", bad)
    assert result.exit_code == 1 and "expected a list of annotations" in result.output


WHY_PAGE = """<!DOCTYPE html><html lang="en"><body>
<p>Meta released Llama 4 and called it open-source, critics say.</p>
<p lang="de">Meta nennt das Opensourcemodell Llama 4. Die Autismusstörung kommt nicht.</p>
<p lang="de">Die Erderwaermung ist real.</p>
<p lang="fr">LE RECHAUFFEMENT CLIMATIQUE EST REEL.</p>
<p>They are vaccinating kids, and vaccines cause autism, he says.</p>
<p>Impfung hilft, says the English text.</p>
</body></html>"""


def claim(claim_id, groups, highlight=0, **extra):
    selector = {"type": "ClaimPatternSelector", "all": groups, "highlight": highlight}
    return {"id": claim_id, "kind": "claim", "target": {"selector": {**selector, **extra}}}


WHY_LABELS = [
    claim("llama", [["llama 4"], ["open source", "opensource [de compound]"]], highlight=1),
    claim("vax", [["vaccinate [en stem]"], ["autism"]]),
    claim("stoerung", [["Störung [de compound]"]]),
    claim("warm", [["Erderwärmung [de fold]"]]),
    claim("rechauffement", [["réchauffement [fr accents]"]]),
    claim("impfung", [["Impfung [de]"]]),
]


@pytest.fixture
def why_files(tmp_path):
    page = tmp_path / "why.html"
    page.write_text(WHY_PAGE, encoding="utf-8")
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps(WHY_LABELS), encoding="utf-8")
    return page, labels


def test_json_says_which_alias_group_rule_and_sentence(why_files):
    page, labels = why_files
    result = run(page, "--file", labels, "--json")
    assert result.exit_code == 0, result.output
    (checked,) = json.loads(result.stdout)["pages"]
    why = {(c["id"], c["text"]): c["why"] for c in checked["claims"]}
    assert set(why) == {
        ("llama", "open-source"),
        ("llama", "Opensourcemodell"),
        ("vax", "vaccinating"),
        ("vax", "vaccines"),  # Snowball gives both the stem "vaccin"
        ("stoerung", "Autismusstörung"),
        ("warm", "Erderwaermung"),
        ("rechauffement", "RECHAUFFEMENT"),
    }, "'Impfung [de]' stays off the English paragraph"
    exact = why["llama", "open-source"]
    assert (exact["alias"], exact["group"], exact["rule"], exact["language"]) == (
        "open source",
        1,
        "exact",
        "en",
    )
    assert exact["sentence"] == "Meta released Llama 4 and called it open-source, critics say."
    assert exact["support"] == [{"group": 0, "alias": "llama 4", "text": "Llama 4"}]
    modifier = why["llama", "Opensourcemodell"]
    assert (modifier["alias"], modifier["rule"], modifier["language"]) == (
        "opensource [de compound]",
        "compound modifier",
        "de",
    )
    assert modifier["alias_language"] == "de"
    assert modifier["sentence"] == "Meta nennt das Opensourcemodell Llama 4."
    assert why["vax", "vaccinating"]["rule"] == "stem"
    assert why["vax", "vaccinating"]["support"][0]["text"] == "autism"
    assert why["stoerung", "Autismusstörung"]["rule"] == "compound head"
    assert why["warm", "Erderwaermung"]["rule"] == "fold"
    assert why["rechauffement", "RECHAUFFEMENT"]["rule"] == "accents"
    assert why["rechauffement", "RECHAUFFEMENT"]["language"] == "fr"


def test_text_report_says_why_under_each_hit(why_files):
    page, labels = why_files
    result = run(page, "--file", labels)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "[Opensourcemodell]" in line)
    assert lines[at + 1] == (
        "      alias 'opensource [de compound]' (group 2), rule: compound modifier; "
        "language here: de"
    )
    assert lines[at + 2] == "      with 'llama 4' (group 1): 'Llama 4'"
    assert lines[at + 3] == "      sentence: 'Meta nennt das Opensourcemodell Llama 4.'"
    assert any(
        line.startswith("      alias 'vaccinate [en stem]'") and "rule: stem" in line
        for line in lines
    )
