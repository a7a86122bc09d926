"""The JSON API under /api: one blueprint per resource."""

from flask import Blueprint, Flask, Response, jsonify

from footnote.api import accounts, annotations, sets, talkback
from footnote.api.interchange import interchange_bp
from footnote.api.openapi import spec
from footnote.http.auth import check_write_allowed
from footnote.http.connection import write_bookkeeping
from footnote.http.request import base_url

meta = Blueprint("api_meta", __name__)

BLUEPRINTS = (accounts.bp, sets.bp, annotations.bp, talkback.bp, interchange_bp, meta)
for _blueprint in BLUEPRINTS:
    _blueprint.before_request(check_write_allowed)
    _blueprint.after_request(write_bookkeeping)  # the rate event, if no write took it along


@meta.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description of these routes."""
    return jsonify(spec(base_url()))


def register(app: Flask) -> None:
    """Register every API blueprint under /api, each with the write rate limit."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint, url_prefix="/api")
