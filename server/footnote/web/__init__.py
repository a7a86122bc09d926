"""Server-rendered web pages (home, sets, sign in, tokens, install)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from footnote.errors import FootnoteError, NotFound
from footnote.http.errors import status_of
from footnote.http.request import base_url
from footnote.vocabulary import KIND_LABELS, VERDICT_LABELS
from footnote.web.html_body import sanitized_html
from footnote.web.label_options import ALIAS_FLAGS, ALIAS_LANGUAGES
from footnote.web.session import current_user, registration_open
from footnote.wire import LINK_EDITOR_NAME, imported_creator_name, not_placeable_reason

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)

VISIBILITY_CHOICES = [
    ("private", "Private: members and share-link holders"),
    ("unlisted", "Unlisted: anyone with the link"),
    ("public", "Public: listed on the home page"),
]
MEMBER_ROLES = ["viewer", "editor", "owner"]


def http_url(value: Any) -> str:
    """`value` if it is an http(s) URL, else "#": user data never becomes a javascript: link."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://")) else "#"


bp.add_app_template_filter(http_url, "http_url")
bp.add_app_template_filter(sanitized_html, "sanitized_html")
bp.add_app_template_filter(not_placeable_reason, "not_placeable_reason")
bp.add_app_template_filter(imported_creator_name, "imported_creator_name")


def count_of(count: int, noun: str) -> str:
    """`1 annotation`, `2 annotations`: a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


bp.add_app_template_filter(count_of, "count_of")


@bp.context_processor
def page_context() -> dict[str, Any]:
    """Values every web template may use: the signed-in user and the label tables."""
    return {
        "current_user": current_user(),
        "registration_open": registration_open(),
        "service_url": base_url(),
        "verdict_labels": VERDICT_LABELS,
        "alias_flags": ALIAS_FLAGS,
        "alias_languages": ALIAS_LANGUAGES,
        "kind_labels": KIND_LABELS,
        "visibility_choices": VISIBILITY_CHOICES,
        "member_roles": MEMBER_ROLES,
        "link_editor_name": LINK_EDITOR_NAME,
        "api_docs_url": request.script_root + "/api/openapi.json",
    }


# Defence in depth: one script may run, static/copy.js (the Copy buttons), named by its full URL
# so no other file of this origin, no inline script and no upload can; forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src {copy_script}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def content_security_policy() -> str:
    """The web pages' CSP, allowing the one script by its URL on this request's origin."""
    copy_script = request.host_url.rstrip("/") + url_for("web.static", filename="copy.js")
    return CONTENT_SECURITY_POLICY.format(copy_script=copy_script)


@bp.after_request
def security_headers(response: Response) -> Response:
    """Web pages: a strict CSP, no framing, no sniffing; pages with secrets are never stored."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if g.get("web_no_store"):
        response.headers["Cache-Control"] = "no-store"
    return response


def no_store() -> None:
    """Mark this response as holding a secret (a new token, a share link): never cache it."""
    g.web_no_store = True


def not_found_page(message: str | None = None, heading: str | None = None) -> tuple[str, int]:
    """The web's 404 page with an optional explanation."""
    return render_template("web/error.html", message=message, heading=heading), 404


@bp.errorhandler(404)
def web_not_found(_error: Exception) -> tuple[str, int]:
    """A 404 raised inside a web view renders the HTML page, not JSON."""
    return not_found_page()


@bp.errorhandler(CSRFError)
def web_csrf_error(_error: CSRFError) -> tuple[str, int]:
    """A form without a valid CSRF token changes nothing and says how to retry."""
    message = (
        "This form was missing its security token or the token had expired, so nothing was "
        "changed. Go back, reload the page and submit the form again."
    )
    return render_template("web/error.html", heading="Form expired", message=message), 400


@bp.errorhandler(NotFound)
def web_store_not_found(_error: NotFound) -> tuple[str, int]:
    """A store lookup that finds nothing renders the 404 page."""
    return not_found_page()


@bp.errorhandler(FootnoteError)
def web_api_error(error: FootnoteError) -> tuple[str, int]:
    """A store error inside a web view renders as an HTML page with its message and status."""
    if isinstance(error, NotFound):
        return not_found_page()
    return (
        render_template("web/error.html", heading="Something went wrong", message=error.message),
        status_of(error),
    )


from footnote.web import (  # noqa: E402, F401  (register routes)
    account,
    account_settings,
    inbox,
    install,
    interchange,
    labels,
    pages,
    set_admin,
)
