"""The HTTP edge every blueprint shares: request parsing and the mapping of errors to responses.

`api/`, `w3c/` and `web/` import from here; nothing below (store, validation, formats, wire)
imports Flask.
"""
