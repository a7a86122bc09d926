"""API errors and the one handler that renders them as `{"error": {"code", "message", "field"}}`."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, jsonify, request
from werkzeug.exceptions import HTTPException

from footnote.store.common import StoreError


class ApiError(Exception):
    """An error the API reports to its caller; subclasses fix the status and code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None, **headers: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.headers = headers

    def to_dict(self) -> dict[str, Any]:
        """The error as the wire format's JSON object."""
        return {"error": {"code": self.code, "message": self.message, "field": self.field}}


class InvalidJson(ApiError):
    """The body is not JSON (or not the JSON the route expects at top level)."""

    code = "invalid_json"


class ValidationError(ApiError):
    """A value is the wrong type, too long, out of range or malformed."""

    code = "validation_error"


class UnknownField(ApiError):
    """The body has a field the route does not accept."""

    code = "unknown_field"


class Unauthorized(ApiError):
    """Missing, malformed or revoked credentials."""

    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    """The caller may read this but not do that."""

    status = 403
    code = "forbidden"


class NotFound(ApiError):
    """No such thing, or the caller may not know it exists."""

    status = 404
    code = "not_found"


class MethodNotAllowed(ApiError):
    """The route exists but not with this method."""

    status = 405
    code = "method_not_allowed"


class Conflict(ApiError):
    """The request conflicts with the current state (a taken username, the set's owner)."""

    status = 409
    code = "conflict"


class PreconditionFailed(ApiError):
    """`If-Match` does not match the current ETag."""

    status = 412
    code = "precondition_failed"


class PayloadTooLarge(ApiError):
    """The body is larger than the route allows."""

    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    """The body is not `application/json`."""

    status = 415
    code = "unsupported_media_type"


class RateLimited(ApiError):
    """Too many attempts; `Retry-After` says when to try again."""

    status = 429
    code = "rate_limited"


_HTTP_TO_API: dict[int, type[ApiError]] = {
    400: ApiError,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    412: PreconditionFailed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    429: RateLimited,
}

JSON_PREFIXES = ("/api/", "/w3c/")


def wants_json_errors() -> bool:
    """True for the API and W3C paths, whose errors are JSON; web pages render their own."""
    return request.path.startswith(JSON_PREFIXES) or request.path in ("/api", "/w3c")


def error_response(error: ApiError) -> Response:
    """Render an ApiError as JSON with its status and headers."""
    response = jsonify(error.to_dict())
    response.status_code = error.status
    for name, value in error.headers.items():
        response.headers[name.replace("_", "-")] = value
    if error.status == 401:
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="footnote"')
    return response


def from_store_error(error: StoreError) -> ApiError:
    """The ApiError a store error means at the edge."""
    from footnote.store import ConflictError, InvalidCursor, NotFoundError, PreconditionError

    mapping: dict[type[StoreError], type[ApiError]] = {
        NotFoundError: NotFound,
        ConflictError: Conflict,
        PreconditionError: PreconditionFailed,
        InvalidCursor: ValidationError,
    }
    for store_cls, api_cls in mapping.items():
        if isinstance(error, store_cls):
            return api_cls(error.message, error.field)
    return ApiError(error.message, error.field)


def html_error_page(error: HTTPException) -> Response:
    """An HTTP error on a web path as the site's own page (not Werkzeug's bare one)."""
    from flask import render_template

    response = error.get_response()
    body = render_template(
        "web/error.html", heading=error.name, message=error.description or error.name
    )
    response.set_data(body)
    response.content_type = "text/html; charset=utf-8"
    return response


def register_error_handlers(app: Flask) -> None:
    """Install the one handler for ApiError and for HTTP errors on JSON paths."""

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError) -> Response:
        return error_response(error)

    @app.errorhandler(StoreError)
    def handle_store_error(error: StoreError) -> Response:
        api_error = from_store_error(error)
        if not wants_json_errors():
            abort(api_error.status, description=api_error.message)
        return error_response(api_error)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> Response | HTTPException:
        if not wants_json_errors():
            return html_error_page(error)
        status = error.code or 500
        cls = _HTTP_TO_API.get(status)
        if cls is None:
            response = jsonify(
                {"error": {"code": "server_error", "message": error.name, "field": None}}
            )
            response.status_code = status
            return response
        messages = {
            404: "no such resource",
            405: f"method {request.method} is not allowed here",
            413: "the request body is too large",
        }
        api_error = cls(messages.get(status, error.description or error.name))
        response = error_response(api_error)
        if status == 405:
            allowed = error.get_response().headers.get("Allow")
            if allowed:
                response.headers["Allow"] = allowed
        return response
