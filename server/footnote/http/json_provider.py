"""Flask's JSON responses written by orjson, with Flask's own encoder as the fallback.

`jsonify` is on every API answer, and for a small body Flask's `json.dumps` path (the encoder
object, `ensure_ascii` escaping, the string-to-bytes copy) is a visible part of the request:
reading one annotation spent about a fifth of its in-process time there. orjson writes the same
JSON as UTF-8 bytes directly. The body's bytes differ only where `json.dumps` escaped non-ASCII
text as `\\uXXXX`; the value a client parses is the same.

What orjson refuses, Flask's encoder writes as before: integers beyond 64 bits (possible in an
imported original), lone surrogates (escaped), non-string keys. Dates, decimals and dataclasses
go through Flask's `default` too (orjson's own date and dataclass forms are turned off), so
nothing changes shape. In debug mode, or with `compact = False`, the indented output is Flask's.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class OrjsonProvider(DefaultJSONProvider):
    """`DefaultJSONProvider` with orjson for compact output; key order kept, as written."""

    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """Compact JSON text; with any `json.dumps` option given, Flask's encoder writes it."""
        if kwargs:
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return super().dumps(obj, separators=(",", ":"))

    def response(self, *args: Any, **kwargs: Any) -> Response:
        """`jsonify`'s response: compact JSON and a newline, as Flask writes it."""
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(
                obj, default=self.default, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE
            )
        except TypeError:
            body = (super().dumps(obj, separators=(",", ":")) + "\n").encode("utf-8")
        return self._app.response_class(body, mimetype=self.mimetype)
