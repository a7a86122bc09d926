"""Server-rendered web pages (home, sets, sign in, tokens, install)."""

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static")
