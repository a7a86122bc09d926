"""W3C Web Annotation Protocol container per set, at /w3c/sets/<id>/.

The blueprint also publishes Footnote's extra JSON-LD context at the application level,
`/ns/footnote.jsonld` (outside the blueprint's /w3c prefix), when it is registered.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, json
from flask.blueprints import BlueprintSetupState

from footnote.w3c.context import CONTEXT

bp = Blueprint("w3c", __name__)

CONTEXT_PATH = "/ns/footnote.jsonld"


def footnote_context_document() -> Response:
    """Footnote's JSON-LD context, cacheable for a day by browsers and shared caches."""
    response = Response(json.dumps(CONTEXT, indent=1), content_type="application/ld+json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.record_once
def _publish_context(state: BlueprintSetupState) -> None:
    app: Flask = state.app
    app.add_url_rule(CONTEXT_PATH, endpoint="footnote_context", view_func=footnote_context_document)


from footnote.w3c import container  # noqa: E402,F401  (registers the container's routes)
