"""Bodies Python's json module accepts but Footnote must refuse cleanly: unpaired surrogates,
deep nesting, bodies cut off at the size limit; and a stale write-back that must be a 412."""

from __future__ import annotations

import http.client
import json
import threading

import pytest
from factories import dump
from werkzeug.serving import make_server

from footnote import strict_json

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/sets", '{"title": "a\\udc00"}', "title"),
        ("/api/users", '{"username": "zed", "password": "long enough \\ud800"}', "password"),
        ("/api/tokens", '{"username": "\\udfff", "password": "x"}', "username"),
        (
            "/api/sets/{set}/annotations",
            '{"target": "https://e.org/x", "body": {"type": "TextualBody", "value": "\\ud800"}}',
            "body.value",
        ),
        ("/api/sets/{set}/annotations", DEEP, None),
        ("/api/sets", '{"title": ' + "[" * 5000 + "]" * 5000 + "}", None),
        (
            "/w3c/sets/{set}/",
            '{"type": "Annotation", "bodyValue": "a\\ud800", "target": "https://e.org/"}',
            "bodyValue",
        ),
        ("/w3c/sets/{set}/", "[" * 50_000 + "]" * 50_000, None),
    ],
    ids=[
        "set title",
        "registration",
        "sign in",
        "annotation body",
        "annotation nested 100,000 deep",
        "set title nested 5,000 deep",
        "W3C container surrogate",
        "W3C container nested",
    ],
)
def test_refused_with_invalid_json_and_nothing_changes(client, db, seeded, path, body, field):
    owner = seeded["owner"]
    before = dump(db)
    response = client.post(
        path.format(set=seeded["set"]),
        data=body.encode(),
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.json["error"]
    assert error["code"] == "invalid_json"
    assert error["field"] == field
    assert ("surrogate" in error["message"]) is (field is not None)
    assert dump(db) == before


def test_import_with_a_surrogate_names_it_and_imports_nothing(client, db, seeded):
    before = dump(db)
    doc = '[{"type": "Annotation", "bodyValue": "ok", "target": "https://e.org/"},'
    doc += ' {"type": "Annotation", "bodyValue": "\\ud800", "target": "https://e.org/"}]'
    response = client.post(
        f"/api/sets/{seeded['set']}/import",
        data=doc.encode(),
        headers={**seeded["owner"].headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "surrogate" in response.json["error"]["message"]
    assert response.json["error"]["field"] == "[1].bodyValue"
    assert dump(db) == before


def test_a_chunked_body_over_the_limit_is_413_not_a_cut_off_write(app, db, seeded):
    """Without Content-Length Werkzeug stops reading at the limit; the write must not go through.

    Sent over a real loopback HTTP connection, since only a real server sees chunked bodies.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        before = dump(db)
        body = b'{"tags": ["chunked"]}' + b" " * (1024 * 1024 + 200_000)
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        connection.putrequest("PATCH", f"/api/annotations/{seeded['note']}")
        for name, value in seeded["owner"].headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        for start in range(0, len(body), 65536):
            chunk = body[start : start + 65536]
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        connection.send(b"0\r\n\r\n")
        response = connection.getresponse()
        answer = json.loads(response.read())
        connection.close()
        assert response.status == 413
        assert answer["error"]["code"] == "payload_too_large"
        assert dump(db) == before
    finally:
        server.shutdown()
        server.server_close()


def test_writing_back_a_stale_copy_is_412_not_a_read_only_complaint(client, db, seeded):
    """GET, someone else edits, PUT the old copy with its old ETag: the answer is 412."""
    owner = seeded["owner"]
    url = f"/api/annotations/{seeded['note']}"
    first = client.get(url, headers=owner.headers)
    old_tag, old_copy = first.headers["ETag"], first.json
    edited = client.patch(
        url, json={"tags": ["edited"]}, headers={**owner.headers, "If-Match": old_tag}
    )
    assert edited.status_code == 200
    before = dump(db)
    stale = client.put(url, json=old_copy, headers={**owner.headers, "If-Match": old_tag})
    assert stale.status_code == 412
    assert stale.json["error"]["code"] == "precondition_failed"
    assert dump(db) == before
    # With the current ETag the same stale copy is a read-only conflict the client must fix.
    current = edited.headers["ETag"]
    again = client.put(url, json=old_copy, headers={**owner.headers, "If-Match": current})
    assert again.status_code == 400


def test_strict_json_names_the_path_and_allows_real_astral_characters():
    assert strict_json.loads('{"a": ["\\ud83d\\ude00 ok"]}') == {"a": ["\U0001f600 ok"]}
    with pytest.raises(strict_json.JsonProblem) as bad:
        strict_json.loads('{"a": [{"b": "x"}, {"\\ud800": 1}]}')
    assert bad.value.field == "a[1].\ud800"
    with pytest.raises(strict_json.JsonProblem, match="NaN"):
        strict_json.loads('{"a": NaN}')
    nested = '{"a": ' * 65 + "1" + "}" * 65
    with pytest.raises(strict_json.JsonProblem, match="nested"):
        strict_json.loads(nested)
    assert strict_json.loads('{"a": ' * 63 + "1" + "}" * 63)
