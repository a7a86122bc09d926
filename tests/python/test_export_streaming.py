"""Exports stream from the database in batches, byte for byte what building them whole gave
(issue 12, part 2): every format, through the store, the API (plain and gzipped) and the CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import make_annotation, make_set, make_user, payload
from test_formats_publish import HOSTILE, REVIEW

from footnote import store, validation, wire
from footnote.formats import claimreview, markdown, w3c
from footnote.formats.exporter import EXPORT_FORMATS, export_set, record_to_w3c
from footnote.formats.importer import plan_import, run_import
from footnote.formats.publish import (
    HTTP_SCHEMES,
    SCHEMA_URL_KEYS,
    W3C_IRI_KEYS,
    W3C_SCHEMES,
    drop_unsafe_links,
    script_safe_dumps,
)

BASE = "http://localhost"
FIXTURES = Path(__file__).parent / "fixtures" / "interchange"

W3C_IMPORT = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://elsewhere.example/anno/1",
    "type": "Annotation",
    "motivation": "commenting",
    "via": "https://elsewhere.example/original",
    "rights": "https://creativecommons.org/licenses/by/4.0/",
    "body": {"type": "TextualBody", "value": "Imported " + HOSTILE},
    "target": {
        "source": "https://a.example/one",
        "selector": {"type": "TextQuoteSelector", "exact": "x"},
    },
}


def whole_export(db, set_id: str, fmt: str) -> tuple[str, int]:
    """The oracle: the set read whole, built as one document and dumped at once (the export
    as it was before it streamed, indented by two spaces since), and how many links it left out."""
    found = store.get_set(db, set_id)
    set_info = wire.set_to_wire(found, None, BASE)
    records = store.list_all(db, set_id)
    if fmt == "w3c":
        doc = w3c.collection_to_w3c(
            set_info,
            [record_to_w3c(r, BASE) for r in records],
            collection_id=wire.container_url(BASE, set_id),
            context_url=wire.footnote_context(BASE),
        )
        dropped = drop_unsafe_links(doc, W3C_IRI_KEYS, W3C_SCHEMES)
        return script_safe_dumps(doc, indent=2), dropped
    if fmt == "claimreview":
        reviews = [
            claimreview.annotation_to_review(
                wire.annotation_to_wire(r, BASE),
                r.get("extra"),
                page_url=f"{BASE}/sets/{set_id}#{r['id']}",
            )
            for r in records
        ]
        reviews = [review for review in reviews if review is not None]
        doc = claimreview.feed(set_info, reviews, url=set_info["url"])
        dropped = drop_unsafe_links(doc, SCHEMA_URL_KEYS, HTTP_SCHEMES)
        return script_safe_dumps(doc, indent=2), dropped
    wires = [wire.annotation_to_wire(r, BASE) for r in records]
    return markdown.set_to_markdown(set_info, wires), 0


def _reply(db, set_id: str, parent_id: str, text: str) -> dict:
    item = {
        "motivation": "replying",
        "body": {"value": text},
        "target": f"{BASE}/api/annotations/{parent_id}",
    }
    return store.create_annotation(db, set_id, validation.validate_annotation(item), None)


def _note(db, set_id: str, page: str, text: str) -> dict:
    target = {"source": page, "selector": [{"type": "TextQuoteSelector", "exact": text}]}
    body = [{"type": "TextualBody", "value": text + " " + HOSTILE}]
    return make_annotation(db, set_id, "note", target=target, body=body)


@pytest.fixture
def mixed_set(db) -> dict:
    """Notes on pages that interleave, claim and site labels, threads, a deleted note, imports
    that keep their originals (with links that are left out), more than one batch of rows."""
    make_user(db, "alice")
    found = make_set(db, "alice", title="Mixed " + HOSTILE, visibility="public")
    set_id = found["id"]
    first = _note(db, set_id, "https://b.example/one", "first on b")
    make_annotation(db, set_id, "claim")
    _note(db, set_id, "https://a.example/one", "first on a")
    make_annotation(db, set_id, "site")
    _note(db, set_id, "https://b.example/one", "second on b")
    gone = _note(db, set_id, "https://c.example/gone", "deleted")
    store.delete_annotation(db, gone["id"])
    reply = _reply(db, set_id, first["id"], "a reply")
    _reply(db, set_id, reply["id"], "a nested reply")
    run_import(db, set_id, plan_import(json.dumps(REVIEW), "claimreview"), None)
    run_import(db, set_id, plan_import((FIXTURES / "hypothesis_export.json").read_bytes()), None)
    run_import(db, set_id, plan_import(json.dumps(W3C_IMPORT)), None)
    many = [
        validation.validate_annotation(
            payload(target={"source": f"https://many.example/{i % 7}"}, body=[])
        )
        for i in range(520)  # more than one batch (500 rows)
    ]
    store.create_many(db, set_id, many, None)
    return found


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_streamed_export_is_the_whole_document_byte_for_byte(db, mixed_set, fmt):
    expected, dropped = whole_export(db, mixed_set["id"], fmt)
    result = export_set(db, mixed_set["id"], fmt, BASE)
    assert result.dropped_urls == dropped
    assert "".join(result.parts) == expected
    if fmt != "markdown":
        assert dropped > 0  # imported originals' javascript: and acct: links were counted


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_empty_set_streams_the_same_document(db, fmt):
    make_user(db, "bob")
    empty = make_set(db, "bob", title="Empty")
    assert export_set(db, empty["id"], fmt, BASE).text == whole_export(db, empty["id"], fmt)[0]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_api_export_streams_gzip_with_etag_and_vary(client, db, mixed_set, fmt):
    expected, dropped = whole_export(db, mixed_set["id"], fmt)
    url = f"/api/sets/{mixed_set['id']}/export?format={fmt}"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and plain.is_streamed
    assert plain.get_data(as_text=True) == expected
    assert plain.headers["Footnote-Dropped-Urls"] == str(dropped)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()).decode("utf-8") == expected
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    for response in (plain, zipped):
        assert {"Accept-Encoding", "Authorization"} <= set(response.vary.as_set(True))
    for etag in (plain.headers["ETag"], zipped.headers["ETag"]):
        again = client.get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
        assert again.status_code == 304
        assert again.headers["ETag"] == zipped.headers["ETag"]


def test_web_download_streams_the_same_file(client, db, mixed_set):
    expected, _dropped = whole_export(db, mixed_set["id"], "markdown")
    response = client.get(f"/sets/{mixed_set['id']}/export/markdown")
    assert response.status_code == 200 and response.is_streamed
    assert response.get_data(as_text=True) == expected
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_cli_writes_the_streamed_export_to_a_file(app, db, mixed_set, tmp_path, fmt):
    from footnote.cli import main

    expected, _dropped = whole_export(db, mixed_set["id"], fmt)
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(
        main,
        ["export", mixed_set["id"], "--format", fmt, "--base-url", BASE, "-o", str(out)]
        + ["--db", app.config["DATABASE"]],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == expected
    assert f"({len(expected.encode('utf-8')):,} bytes)" in result.stderr
