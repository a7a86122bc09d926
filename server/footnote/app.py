"""The application factory: config, database (migrated), API, web pages, W3C container."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect

from footnote import api, db, migrations, w3c, web
from footnote.config import EXTENSION_ORIGINS, load_config
from footnote.http.connection import close_db
from footnote.http.errors import register_error_handlers
from footnote.jobs import ScoringWorker


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Footnote app: config, database (migrated), API, web pages, W3C container."""
    app = Flask(__name__)
    app.config.update(load_config(test_config))
    app.json.sort_keys = False  # type: ignore[attr-defined]

    with db.connect(app.config["DATABASE"]) as connection:
        migrations.migrate(connection)
    app.teardown_appcontext(close_db)
    if app.config["SCORING"] == "background":
        app.extensions["footnote_scoring"] = ScoringWorker(app.config["DATABASE"])

    register_error_handlers(app)
    api.register(app)
    app.register_blueprint(web.bp, url_prefix="")
    app.register_blueprint(w3c.bp, url_prefix="/w3c")

    csrf = CSRFProtect(app)
    for blueprint in (*api.BLUEPRINTS, w3c.bp):
        csrf.exempt(blueprint)

    origins = [*EXTENSION_ORIGINS, *app.config["CORS_ORIGINS"]]
    cors = {
        "origins": origins,
        "allow_headers": ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Prefer"],
        "expose_headers": [
            *("ETag", "Location", "Retry-After", "Link", "Allow", "Content-Location", "Vary"),
            *("Accept-Post", "Preference-Applied"),
        ],
        "supports_credentials": False,
        "max_age": 600,
    }
    CORS(app, resources={r"/api/*": cors, r"/w3c/*": cors})
    return app
