"""The W3C round trip compared as RDF: URDNA2015-canonical N-Quads of the original and of the
export (Footnote's own fields removed, the id restored) are identical, and every export, with
Footnote's context (JSON-LD 1.1, lists of lists), is valid JSON-LD.

PyLD (a JSON-LD processor) is a pinned dev dependency for this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld

from footnote import store, validation
from footnote.db import connect
from footnote.formats.exporter import export_set, record_to_w3c
from footnote.formats.importer import plan_import, run_import
from footnote.w3c.context import CONTEXT

REPO = Path(__file__).resolve().parents[2]
SHARED_W3C = REPO.parent / "shared" / "w3c"
BASE = "https://footnote.example"
FOOTNOTE_ONLY = ("kind", "verdict", "sources", "tags", "set", "setVersion", "document")
REFUSED = {5, 9, 11, 12, 13, 22, 24, 25, 27, 28, 29, 30, 31, 32, 39, 41}

pytestmark = pytest.mark.skipif(
    not (SHARED_W3C / "anno.jsonld").is_file(), reason=f"no W3C reference data at {SHARED_W3C}"
)


@pytest.fixture(scope="module", autouse=True)
def offline_contexts():
    anno = json.loads((SHARED_W3C / "anno.jsonld").read_text()) if SHARED_W3C.is_dir() else {}

    def loader(url, options=None):
        if url.rstrip("/") in (
            "http://www.w3.org/ns/anno.jsonld",
            "https://www.w3.org/ns/anno.jsonld",
        ):
            document = anno
        elif url.endswith("/ns/footnote.jsonld"):
            document = CONTEXT
        else:
            raise ValueError(f"no network in tests: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(loader)
    yield
    jsonld.set_document_loader(previous)


def nquads(doc):
    return jsonld.normalize(doc, {"algorithm": "URDNA2015", "format": "application/n-quads"})


@pytest.fixture
def db(tmp_path):
    database = connect(tmp_path / "ld.db", migrate=True)
    yield database
    database.close()


@pytest.fixture
def user(db):
    return store.create_user(db, "ld", "password123", hash_method="pbkdf2:sha256:1")


@pytest.mark.parametrize("number", [n for n in range(1, 42) if n not in REFUSED])
def test_round_trip_is_the_same_rdf_graph(db, user, number):
    original = json.loads((SHARED_W3C / "examples" / f"anno{number}.json").read_text())
    found = store.create_set(db, user["id"], "ld")
    run_import(db, found["id"], plan_import(json.dumps(original), "w3c"), user["id"])
    [record] = store.list_all(db, found["id"])
    exported = record_to_w3c(record, BASE)
    assert nquads(exported)  # the whole export is valid JSON-LD
    comparable = {k: v for k, v in exported.items() if k not in FOOTNOTE_ONLY}
    comparable["id"] = original["id"]
    vias = comparable.pop("via")
    vias = [v for v in (vias if isinstance(vias, list) else [vias]) if v != original["id"]]
    if vias:
        comparable["via"] = vias[0] if len(vias) == 1 else vias
    assert nquads(comparable) == nquads(original)


def test_native_claim_label_is_valid_json_ld_with_its_pattern(db, user):
    found = store.create_set(db, user["id"], "native")
    claim = validation.validate_annotation(
        {
            "target": {
                "selector": {
                    "type": "ClaimPatternSelector",
                    "all": [["llama 4", "llama"], ["open source"]],
                    "highlight": 1,
                }
            },
            "verdict": "false",
        }
    )
    store.create_many(db, found["id"], [claim], user["id"])
    quads = nquads(json.loads(export_set(db, found["id"], "w3c", BASE).text))
    assert "<https://w3id.org/footnote/ns#ClaimPatternSelector>" in quads
    assert "<https://w3id.org/footnote/ns#all>" in quads
    assert '"llama 4"' in quads
    assert "<http://www.w3.org/ns/oa#assessing>" in quads
