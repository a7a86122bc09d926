"""The baseline for bench/http_load.py: a bare Flask app under the same gunicorn, answering with
the same JSON bodies Footnote sent, with nothing behind them but what a minimal service needs.

`/annotation` and `/changes` return the bodies Footnote returned for the same requests (read
once into BARE_SAMPLES), `/changes` answers If-None-Match with 304, `POST /annotations` parses
the JSON body and answers 201. `/snapshot` is the read-and-serialise floor for a full snapshot:
one SELECT of the set's rows from the same database (BARE_DB, BARE_SET), JSON columns decoded,
one `json.dumps`, gzipped when the client accepts it.
Run by bench/http_load.py: `gunicorn -c deploy/gunicorn.conf.py --chdir bench bare_flask:app`.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from pathlib import Path

from flask import Flask, Response, jsonify, request

app = Flask(__name__)
app.json.sort_keys = False  # type: ignore[attr-defined]
SAMPLES = json.loads(Path(os.environ["BARE_SAMPLES"]).read_text())
COLUMNS = (
    "id, kind, motivation, body_text, verdict, sources, tags, target, links, creator_id, "
    "created, modified, set_version"
)
JSON_COLUMNS = ("sources", "tags", "target", "links")


@app.get("/annotation")
def annotation() -> Response:
    """One annotation's JSON, as Footnote sent it."""
    return jsonify(SAMPLES["annotation"])


@app.post("/annotations")
def create() -> tuple[Response, int]:
    """Parse the posted JSON and answer 201 with an annotation."""
    payload = request.get_json()
    assert isinstance(payload, dict)
    return jsonify(SAMPLES["annotation"]), 201


@app.get("/changes")
def changes() -> Response | tuple[str, int]:
    """A delta's JSON with its ETag; 304 when the client has it."""
    if request.if_none_match.contains_raw(SAMPLES["etag"]):
        return "", 304
    response = jsonify(SAMPLES["delta"])
    response.headers["ETag"] = SAMPLES["etag"]
    return response


@app.get("/snapshot")
def snapshot() -> Response:
    """Every row of the set read and serialised once; gzipped when accepted."""
    connection = sqlite3.connect(os.environ["BARE_DB"])
    connection.row_factory = sqlite3.Row
    rows = connection.execute(
        f"SELECT {COLUMNS} FROM annotations "  # noqa: S608 (fixed column list)
        "WHERE set_id = ? AND deleted IS NULL ORDER BY set_version, id",
        [os.environ["BARE_SET"]],
    ).fetchall()
    connection.close()
    annotations = []
    for row in rows:
        record = dict(row)
        for column in JSON_COLUMNS:
            record[column] = json.loads(record[column]) if record[column] else None
        annotations.append(record)
    body = json.dumps({"annotations": annotations, "deleted": []}).encode()
    response = Response(body, mimetype="application/json")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(body, compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
    return response
