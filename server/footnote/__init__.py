"""Footnote: fact annotations on the web. `create_app()` is the application factory.

The package is layered; each layer imports only those below it (tests/python/test_layout.py):
`match` (the text engine, a leaf) < `errors`, `vocabulary`, `config`, `urls`, `strict_json` <
`transaction`, `migrations`, `db` < `store`, `validation` < `wire` < `formats`, `checking`, `demo` <
`http` < `api`, `w3c`, `web` < `app`, `cli`.
"""

from footnote.app import create_app

__all__ = ["create_app"]
