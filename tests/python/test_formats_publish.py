"""Exports are safe to publish: JSON-LD that can sit in a <script> element, links only over
http(s), and a count of what was left out (issue 11, point 5)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from footnote import store, validation
from footnote.db import connect
from footnote.formats.exporter import export_set
from footnote.formats.importer import plan_import, run_import
from footnote.formats.publish import (
    HTTP_SCHEMES,
    SCHEMA_URL_KEYS,
    drop_unsafe_links,
    script_safe_dumps,
)

BASE = "https://footnote.example"
HOSTILE = "</script><script>alert(1)</script> & <!-- a > b"
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/review-1",
    "claimReviewed": "The moon landing was filmed in a studio " + HOSTILE,
    "author": {
        "@type": "Organization",
        "name": "Checkers " + HOSTILE,
        "url": "javascript:alert(document.domain)",
        "sameAs": ["https://checkers.example/", "data:text/html,<script>alert(1)</script>"],
    },
    "itemReviewed": {
        "@type": "Claim",
        "appearance": [
            {"@type": "CreativeWork", "url": "javascript:alert(2)"},
            {"@type": "CreativeWork", "url": "https://source.example/post"},
        ],
    },
    "reviewRating": {"@type": "Rating", "alternateName": "False " + HOSTILE},
    "datePublished": "2026-01-02",
}


@pytest.fixture
def db(tmp_path):
    database = connect(tmp_path / "publish.db", migrate=True)
    yield database
    database.close()


@pytest.fixture
def hostile_set(db):
    user = store.create_user(db, "eve </script>", "password123", hash_method="pbkdf2:sha256:1")
    found = store.create_set(
        db, user["id"], "Title " + HOSTILE, description="Desc " + HOSTILE, visibility="public"
    )
    run_import(db, found["id"], plan_import(json.dumps(REVIEW), "claimreview"), user["id"])
    note = validation.validate_annotation(
        {
            "body": [{"type": "TextualBody", "value": "Note " + HOSTILE}],
            "tags": ["<b>tag</b>"],
            "sources": [{"id": "https://e.example/?a=1&b=<2>", "title": HOSTILE}],
            "target": {
                "source": "https://page.example/a",
                "selector": [{"type": "TextQuoteSelector", "exact": "quote " + HOSTILE}],
            },
        }
    )
    claim = validation.validate_annotation(
        {
            "target": {"selector": {"type": "ClaimPatternSelector", "all": [["</script>x"]]}},
            "verdict": "false",
            "body": [{"type": "TextualBody", "value": HOSTILE}],
        }
    )
    store.create_many(db, found["id"], [note, claim], user["id"])
    return found


def strings_in(doc):
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield key
            yield from strings_in(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from strings_in(item)
    elif isinstance(doc, str):
        yield doc


@pytest.mark.parametrize("fmt", ["w3c", "claimreview"])
def test_json_ld_exports_escape_markup_characters_inside_strings(db, hostile_set, fmt):
    exported = export_set(db, hostile_set["id"], fmt, BASE)
    for char in "<>&\u2028\u2029":
        assert char not in exported.text
    assert "\\u003c/script\\u003e" in exported.text
    doc = json.loads(exported.text)
    assert any(HOSTILE in s for s in strings_in(doc))  # the text itself is kept as written


def test_claimreview_export_keeps_only_http_urls_and_counts_the_rest(db, hostile_set):
    exported = export_set(db, hostile_set["id"], "claimreview", BASE)
    doc = json.loads(exported.text)
    urls = [s for s in strings_in(doc) if ":" in s and s.split(":", 1)[0].isalpha()]
    assert not [u for u in urls if u.lower().startswith(("javascript:", "data:"))]
    assert exported.dropped_urls == 3
    assert "https://checkers.example/" in exported.text
    assert "https://source.example/post" in exported.text


def test_markdown_export_cannot_be_read_as_markup(db, hostile_set):
    text = export_set(db, hostile_set["id"], "markdown", BASE).text
    assert "<script>" not in text and "</script>" not in text
    assert "\\&" in text


@pytest.mark.parametrize(
    ("doc", "dropped", "left"),
    [
        ({"url": "javascript:x"}, 1, {}),
        ({"url": " JavaScript:x"}, 1, {}),
        ({"url": "vbscript:x"}, 1, {}),
        ({"url": "/relative"}, 1, {}),
        ({"url": "https://ok.example/"}, 0, {"url": "https://ok.example/"}),
        ({"sameAs": ["http://a/", "data:x"]}, 1, {"sameAs": ["http://a/"]}),
        ({"a": {"b": [{"image": "file:///etc/passwd"}]}}, 1, {"a": {"b": [{}]}}),
        ({"name": "javascript:is a language"}, 0, {"name": "javascript:is a language"}),
    ],
    ids=["js", "js-spaced", "vbscript", "relative", "https", "list", "nested", "not-a-url-key"],
)
def test_drop_unsafe_links_table(doc, dropped, left):
    assert drop_unsafe_links(doc, SCHEMA_URL_KEYS, HTTP_SCHEMES) == dropped
    assert doc == left


def test_script_safe_dumps_round_trips():
    doc = {"a": "</script>&\u2028", "<k>": ["x > y"]}
    text = script_safe_dumps(doc)
    assert not set(text) & set("<>&\u2028")
    assert json.loads(text) == doc


def test_cli_export_reports_dropped_urls(tmp_path, db, hostile_set):
    from footnote.cli import main

    path = tmp_path / "publish.db"
    result = CliRunner().invoke(
        main,
        ["export", hostile_set["id"], "--format", "claimreview", "--db", str(path)],
    )
    assert result.exit_code == 0, result.output
    assert "Left out 3 URL(s)" in result.stderr
