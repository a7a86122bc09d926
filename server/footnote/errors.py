"""The one family of errors Footnote raises, from validation, the store, importers and views.

Plain exceptions with no web framework in them: each names the problem and, where there is one,
the field (`sources[2].id`, `If-Match`). `footnote.http.errors` maps each class to an HTTP status
and renders `{"error": {"code", "message", "field"}}`; the CLI prints the message.
"""

from __future__ import annotations

from typing import Any


class FootnoteError(Exception):
    """Base of every error Footnote reports to a caller; `code` is its wire name."""

    code = "bad_request"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        """The error as the wire format's JSON object."""
        return {"error": {"code": self.code, "message": self.message, "field": self.field}}


class ValidationError(FootnoteError):
    """A value is the wrong type, too long, out of range or malformed."""

    code = "validation_error"


class InvalidJson(ValidationError):
    """The body is not JSON (or not the JSON the route expects at top level)."""

    code = "invalid_json"


class UnknownField(ValidationError):
    """The body has a field the route does not accept."""

    code = "unknown_field"


class InvalidCursor(ValidationError):
    """A paging cursor that this service did not hand out."""


class Unauthorized(FootnoteError):
    """Missing, malformed or revoked credentials."""

    code = "unauthorized"


class Forbidden(FootnoteError):
    """The caller may read this but not do that."""

    code = "forbidden"


class NotFound(FootnoteError):
    """No such user, set, member, link or annotation, or the caller may not know it exists."""

    code = "not_found"


class MethodNotAllowed(FootnoteError):
    """The route exists but not with this method; `allow` lists the methods it takes."""

    code = "method_not_allowed"

    def __init__(self, message: str, field: str | None = None, *, allow: str | None = None) -> None:
        super().__init__(message, field)
        self.allow = allow


class Conflict(FootnoteError):
    """The write conflicts with existing state (a taken username, the set's owner)."""

    code = "conflict"


class PreconditionFailed(FootnoteError):
    """`If-Match` (or `if_match`) names a version that is no longer current."""

    code = "precondition_failed"


class PayloadTooLarge(FootnoteError):
    """The body is larger than the route allows."""

    code = "payload_too_large"


class UriTooLong(FootnoteError):
    """The request's URL is longer than the service reads."""

    code = "uri_too_long"


class HeadersTooLarge(FootnoteError):
    """A request header, or the number of them, is beyond the service's limits."""

    code = "headers_too_large"


class UnsupportedMediaType(FootnoteError):
    """The body is not in a media type the route reads."""

    code = "unsupported_media_type"


class RateLimited(FootnoteError):
    """Too many attempts; `retry_after` says in how many seconds to try again."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, None)
        self.retry_after = retry_after


# Wire codes for statuses the HTTP stack (Werkzeug, gunicorn) answers without a Footnote error.
STACK_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    411: "length_required",
    413: "payload_too_large",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    501: "not_implemented",
}


def stack_error(status: int, message: str) -> dict[str, Any]:
    """The wire-format error for a status the stack answers itself (5xx: `server_error`)."""
    code = STACK_CODES.get(status) or ("server_error" if status >= 500 else "bad_request")
    return {"error": {"code": code, "message": message, "field": None}}
