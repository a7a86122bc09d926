"""The app's JSON provider: orjson's bytes where it can, Flask's encoder where it cannot, and
the same values for the client either way."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider

from footnote.http.json_provider import OrjsonProvider


@pytest.fixture
def plain() -> Flask:
    """A Flask app with only the provider (the `app` fixture is the whole service)."""
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    return app


def body(app: Flask, value) -> bytes:
    with app.app_context():
        response = jsonify(value)
    assert response.mimetype == "application/json"
    return response.get_data()


def flask_default(value) -> bytes:
    """What Flask's own provider writes for `value`, compact, keys in order."""
    app = Flask(__name__)
    app.json = DefaultJSONProvider(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    return body(app, value)


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": [True, None, 1.5, "x"]},  # key order kept
        {"text": "Open-Source-KI-Modell — « désinformation » 日本 \u202e evil"},
        {"when": datetime(2026, 12, 1, 8, 0, tzinfo=UTC), "price": Decimal("1.10")},
        {"huge": 2**70, "negative": -(2**64)},  # beyond orjson's 64-bit integers
        {"lone": "a\ud800b"},  # a lone surrogate: orjson refuses it
        {1: "non-string key"},
    ],
    ids=["plain", "non-ascii", "date-decimal", "big-int", "surrogate", "int-key"],
)
def test_same_value_as_flasks_encoder(plain, value):
    ours, theirs = body(plain, value), flask_default(value)
    assert ours.endswith(b"\n") and b"\n" not in ours[:-1]
    assert json.loads(ours) == json.loads(theirs)
    assert list(json.loads(ours)) == list(json.loads(theirs))  # the same key order


def test_non_ascii_text_is_sent_as_utf8_not_escaped(plain):
    assert body(plain, {"t": "Schöne Grüße"}) == '{"t":"Schöne Grüße"}\n'.encode()


def test_big_integers_keep_their_exact_value(plain):
    assert json.loads(body(plain, {"n": 2**70 + 1}))["n"] == 2**70 + 1


def test_debug_mode_and_explicit_options_use_flasks_encoder(plain):
    plain.debug = True
    assert body(plain, {"a": 1}) == b'{\n  "a": 1\n}\n'
    assert plain.json.dumps({"a": 1}, indent=1) == '{\n "a": 1\n}'
    assert plain.json.dumps({"é": 1}) == '{"é":1}'


def test_unknown_types_still_fail(plain):
    with pytest.raises(TypeError), plain.app_context():
        jsonify({"x": object()})


def test_the_service_uses_it(client):
    assert isinstance(client.application.json, OrjsonProvider)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.get_data().endswith(b"\n")
