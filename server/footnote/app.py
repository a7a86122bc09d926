"""The application factory: config, database (migrated), API, web pages, W3C container."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from footnote import api, db, migrations, w3c, web
from footnote.config import EXTENSION_ORIGINS, load_config
from footnote.http.connection import close_db
from footnote.http.errors import register_error_handlers
from footnote.http.json_provider import OrjsonProvider
from footnote.http.request import check_request_limits
from footnote.http.sessions import SqliteSessionInterface
from footnote.jobs import ScoringWorker

CORS_PATHS = re.compile(r"/(?:api|w3c)/")  # the JSON API and the W3C container


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Footnote app: config, database (migrated), API, web pages, W3C container."""
    app = Flask(__name__)
    app.config.update(load_config(test_config))
    app.json = OrjsonProvider(app)
    app.session_interface = SqliteSessionInterface()

    with db.connect(app.config["DATABASE"]) as connection:
        migrations.migrate(connection)
    app.teardown_appcontext(close_db)
    if app.config["SCORING"] == "background":
        app.extensions["footnote_scoring"] = ScoringWorker(app.config["DATABASE"])

    register_error_handlers(app)
    app.before_request(check_request_limits)
    api.register(app)
    app.register_blueprint(web.bp, url_prefix="")
    app.register_blueprint(w3c.bp, url_prefix="/w3c")

    csrf = CSRFProtect(app)
    for blueprint in (*api.BLUEPRINTS, w3c.bp):
        csrf.exempt(blueprint)

    cors = {
        "origins": allowed_origins(app.config["CORS_ORIGINS"]),
        "allow_headers": ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Prefer"],
        "expose_headers": [
            *("ETag", "Location", "Retry-After", "Link", "Allow", "Content-Location", "Vary"),
            *("Accept-Post", "Preference-Applied"),
        ],
        "supports_credentials": False,
        "max_age": 600,
    }
    CORS(app, resources={CORS_PATHS: cors})
    trust_proxies(app)
    return app


def allowed_origins(configured: list[str]) -> list[re.Pattern[str]]:
    """The origins CORS answers: the extension's, and the configured ones exactly.

    Compiled and anchored at both ends: flask-cors matches a pattern from the start only, and
    checks plain strings for regex characters on every request (one compiled path pattern and
    compiled origins took its share of a read from about 24 to 11 µs).
    """
    patterns = [*EXTENSION_ORIGINS, *(re.escape(origin) for origin in configured)]
    return [re.compile(f"(?:{pattern})\\Z", re.IGNORECASE) for pattern in patterns]


def trust_proxies(app: Flask) -> None:
    """Read the client address and scheme from the last TRUSTED_PROXIES forwarding hops.

    With the default 0 nothing is trusted, so a client cannot forge its address. Only
    X-Forwarded-For and -Proto are read: the host comes from `Host` or FOOTNOTE_BASE_URL, since
    a proxy that does not overwrite X-Forwarded-Host would let clients choose the ids' base URL.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0
        )
