"""The one place Footnote's errors become HTTP: statuses, JSON bodies, headers, HTML pages."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from footnote.errors import (
    Conflict,
    FootnoteError,
    Forbidden,
    HeadersTooLarge,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    RateLimited,
    Unauthorized,
    UnsupportedMediaType,
    UriTooLong,
    ValidationError,
    stack_error,
)

STATUS: dict[type[FootnoteError], int] = {
    ValidationError: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    MethodNotAllowed: 405,
    Conflict: 409,
    PreconditionFailed: 412,
    PayloadTooLarge: 413,
    UriTooLong: 414,
    UnsupportedMediaType: 415,
    RateLimited: 429,
    HeadersTooLarge: 431,
}
_FROM_STATUS: dict[int, type[FootnoteError]] = {
    400: FootnoteError,
    **{status: cls for cls, status in STATUS.items() if status != 400},
}
_HTTP_MESSAGES = {
    404: "no such resource",
    413: "the request body is too large",
}

JSON_PREFIXES = ("/api/", "/w3c/")


def status_of(error: FootnoteError) -> int:
    """The HTTP status of an error: that of its nearest mapped class, else 400."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def wants_json_errors() -> bool:
    """True for the API and W3C paths, whose errors are JSON; web pages render their own."""
    return request.path.startswith(JSON_PREFIXES) or request.path in ("/api", "/w3c")


def error_response(error: FootnoteError) -> Response:
    """An error as JSON with its status and headers (Retry-After, WWW-Authenticate)."""
    response = jsonify(error.to_dict())
    response.status_code = status_of(error)
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, Unauthorized):
        response.headers["WWW-Authenticate"] = 'Bearer realm="footnote"'
    if isinstance(error, MethodNotAllowed) and error.allow:
        response.headers["Allow"] = error.allow
    return response


def html_error_page(heading: str, message: str, status: int) -> Response:
    """An error on a web path as the site's own page (not Werkzeug's bare one)."""
    body = render_template("web/error.html", heading=heading, message=message)
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def _from_http(error: HTTPException) -> FootnoteError | None:
    status = error.code or 500
    cls = _FROM_STATUS.get(status)
    if cls is None:
        return None
    if status == 405:
        return cls(f"method {request.method} is not allowed here")
    return cls(_HTTP_MESSAGES.get(status, error.description or error.name))


def register_error_handlers(app: Flask) -> None:
    """Install the one handler for Footnote's errors and for HTTP errors on JSON paths."""

    @app.errorhandler(FootnoteError)
    def handle_footnote_error(error: FootnoteError) -> Response:
        if wants_json_errors():
            return error_response(error)
        status = status_of(error)
        return html_error_page(HTTP_STATUS_CODES.get(status, "Error"), error.message, status)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> Response:
        if not wants_json_errors():
            response = error.get_response()
            description = error.description or error.name
            page = html_error_page(error.name, description, response.status_code)
            response.set_data(page.get_data())
            response.content_type = page.content_type
            return response
        mapped = _from_http(error)
        if mapped is None:
            response = jsonify(stack_error(error.code or 500, error.name))
            response.status_code = error.code or 500
            return response
        response = error_response(mapped)
        if error.code == 405:
            allowed = error.get_response().headers.get("Allow")
            if allowed:
                response.headers["Allow"] = allowed
        return response
