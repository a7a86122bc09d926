"""W3C Web Annotation Protocol container per set, at /w3c/sets/<id>/."""

from flask import Blueprint

bp = Blueprint("w3c", __name__)
