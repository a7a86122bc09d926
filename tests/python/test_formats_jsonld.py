"""The W3C round trip compared as RDF: URDNA2015-canonical N-Quads of the original and of the
export (Footnote's own fields removed, the id restored) are identical, and every export, with
Footnote's context (JSON-LD 1.1, lists of lists), is valid JSON-LD.

PyLD (a JSON-LD processor) is a pinned dev dependency for this test.
"""

from __future__ import annotations

import json

import pytest
from w3c_rdf import SHARED_W3C, as_original, load_example, nquads, offline_contexts

from footnote import store, validation
from footnote.db import connect
from footnote.formats.exporter import export_set, record_to_w3c
from footnote.formats.importer import plan_import, run_import

BASE = "https://footnote.example"

pytestmark = pytest.mark.skipif(
    not (SHARED_W3C / "anno.jsonld").is_file(), reason=f"no W3C reference data at {SHARED_W3C}"
)


@pytest.fixture(scope="module", autouse=True)
def offline():
    with offline_contexts():
        yield


@pytest.fixture
def db(tmp_path):
    database = connect(tmp_path / "ld.db", migrate=True)
    yield database
    database.close()


@pytest.fixture
def user(db):
    return store.create_user(db, "ld", "password123", hash_method="pbkdf2:sha256:1")


@pytest.mark.parametrize("number", range(1, 42))
def test_round_trip_is_the_same_rdf_graph(db, user, number):
    original = load_example(number)
    found = store.create_set(db, user["id"], "ld")
    run_import(db, found["id"], plan_import(json.dumps(original), "w3c"), user["id"])
    [record] = store.list_all(db, found["id"])
    exported = record_to_w3c(record, BASE)
    assert nquads(exported)  # the whole export is valid JSON-LD
    assert nquads(as_original(exported, original)) == nquads(original)


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
