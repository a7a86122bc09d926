"""The OpenAPI 3.1 description of /api, served at /api/openapi.json (a test keeps it true)."""

from __future__ import annotations

from typing import Any

from footnote import vocabulary
from footnote.api.schemas import SCHEMAS
from footnote.api.schemas import ref as _ref
from footnote.api.schemas import response as _json

_ERROR = {"$ref": "#/components/responses/Error"}


def _path_param(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


SET_ID = _path_param("set_id", "Set id")
ANNOTATION_ID = _path_param("annotation_id", "Annotation id")
NO_CONTENT = {"description": "Done, no content"}

# (path, method, summary, parameters, request body schema, success status, success response)
ROUTES: list[tuple[str, str, str, list[dict[str, Any]], dict[str, Any] | None, str, Any]] = [
    (
        "/api/users",
        "post",
        "Register an account (if registration is on)",
        [],
        _ref("Registration"),
        "201",
        _json(_ref("User"), "Created"),
    ),
    (
        "/api/tokens",
        "post",
        "Sign in: username and password give an API token",
        [],
        _ref("SignIn"),
        "201",
        _json(_ref("NewToken"), "Created; the token is shown only now"),
    ),
    (
        "/api/tokens",
        "get",
        "The caller's active API tokens",
        [],
        None,
        "200",
        _json(
            {"type": "object", "properties": {"tokens": {"type": "array", "items": _ref("Token")}}}
        ),
    ),
    (
        "/api/tokens/current",
        "delete",
        "Sign out: revoke the token this request carries",
        [],
        None,
        "204",
        NO_CONTENT,
    ),
    (
        "/api/tokens/{token_id}",
        "delete",
        "Revoke one of the caller's tokens",
        [_path_param("token_id", "Token id")],
        None,
        "204",
        NO_CONTENT,
    ),
    ("/api/profile", "get", "The signed-in account", [], None, "200", _json(_ref("User"))),
    (
        "/api/users/me/password",
        "put",
        "Change the caller's password (current one required); ends web sessions",
        [],
        _ref("PasswordChange"),
        "200",
        _json(_ref("PasswordChanged")),
    ),
    (
        "/api/users/me",
        "delete",
        "Delete the caller's account (password required); its sets as docs/api.md says",
        [],
        _ref("AccountDeletion"),
        "200",
        _json(_ref("AccountDeleted")),
    ),
    (
        "/api/sets",
        "get",
        "Public sets (?public=1) or the caller's sets",
        [_query("public", {"type": "string", "enum": ["1", "true"]}, "List public sets")],
        None,
        "200",
        _json({"type": "object", "properties": {"sets": {"type": "array", "items": _ref("Set")}}}),
    ),
    (
        "/api/sets",
        "post",
        "Create a set",
        [],
        _ref("SetInput"),
        "201",
        _json(_ref("Set"), "Created"),
    ),
    ("/api/sets/{set_id}", "get", "One set", [SET_ID], None, "200", _json(_ref("Set"))),
    (
        "/api/sets/{set_id}",
        "patch",
        "Change a set (owner)",
        [SET_ID],
        _ref("SetPatch"),
        "200",
        _json(_ref("Set")),
    ),
    ("/api/sets/{set_id}", "delete", "Delete a set (owner)", [SET_ID], None, "204", NO_CONTENT),
    (
        "/api/sets/{set_id}/members",
        "get",
        "Owner and members (members only)",
        [SET_ID],
        None,
        "200",
        _json(
            {
                "type": "object",
                "properties": {"members": {"type": "array", "items": _ref("Member")}},
            }
        ),
    ),
    (
        "/api/sets/{set_id}/members/{username}",
        "put",
        "Add a member or change a role (owner)",
        [SET_ID, _path_param("username", "Username")],
        {
            "type": "object",
            "required": ["role"],
            "additionalProperties": False,
            "properties": {"role": {"enum": list(vocabulary.ROLES)}},
        },
        "200",
        _json(_ref("Member")),
    ),
    (
        "/api/sets/{set_id}/members/{username}",
        "delete",
        "Remove a member (owner)",
        [SET_ID, _path_param("username", "Username")],
        None,
        "204",
        NO_CONTENT,
    ),
    (
        "/api/sets/{set_id}/share-links",
        "get",
        "Active share links (owner)",
        [SET_ID],
        None,
        "200",
        _json(
            {
                "type": "object",
                "properties": {"shareLinks": {"type": "array", "items": _ref("ShareLink")}},
            }
        ),
    ),
    (
        "/api/sets/{set_id}/share-links",
        "post",
        "Create a share link (owner)",
        [SET_ID],
        {
            "type": "object",
            "required": ["role"],
            "additionalProperties": False,
            "properties": {"role": {"enum": list(vocabulary.SHARE_ROLES)}},
        },
        "201",
        _json(_ref("NewShareLink"), "Created; the token is shown only now"),
    ),
    (
        "/api/sets/{set_id}/share-links/{link_id}",
        "delete",
        "Revoke a share link (owner)",
        [SET_ID, _path_param("link_id", "Share link id")],
        None,
        "204",
        NO_CONTENT,
    ),
    (
        "/api/share/{token}",
        "get",
        "What a share token opens (no other auth)",
        [_path_param("token", "Share token (fns_…)")],
        None,
        "200",
        _json(
            {
                "type": "object",
                "properties": {"set": _ref("Set"), "role": {"enum": list(vocabulary.SHARE_ROLES)}},
            }
        ),
    ),
    (
        "/api/sets/{set_id}/annotations",
        "get",
        "A page of annotations, newest first",
        [
            SET_ID,
            _query(
                "uri",
                {"type": "string"},
                "Notes on this document (normalised; verified equivalents count)",
            ),
            _query("kind", {"enum": list(vocabulary.KINDS)}, "Only this kind"),
            _query("tag", {"type": "string"}, "Only annotations with this tag"),
            _query("q", {"type": "string"}, "Full-text search"),
            _query("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "Page size (50)"),
            _query("cursor", {"type": "string"}, "The `next` value of the previous page"),
        ],
        None,
        "200",
        _json(_ref("AnnotationPage")),
    ),
    (
        "/api/sets/{set_id}/annotations",
        "post",
        "Add an annotation (editor)",
        [SET_ID],
        _ref("AnnotationInput"),
        "201",
        _json(_ref("Annotation"), "Created"),
    ),
    (
        "/api/sets/{set_id}/changes",
        "get",
        "Sync: what changed after a version",
        [SET_ID, _query("since", {"type": "integer", "minimum": 0}, "Last version seen (0)")],
        None,
        "200",
        _json(_ref("Changes")),
    ),
    (
        "/api/annotations/{annotation_id}",
        "get",
        "One annotation, with ETag",
        [ANNOTATION_ID],
        None,
        "200",
        _json(_ref("Annotation")),
    ),
    (
        "/api/annotations/{annotation_id}",
        "put",
        "Replace an annotation (editor; If-Match)",
        [ANNOTATION_ID],
        _ref("AnnotationInput"),
        "200",
        _json(_ref("Annotation")),
    ),
    (
        "/api/annotations/{annotation_id}",
        "patch",
        "Change some fields (editor; If-Match)",
        [ANNOTATION_ID],
        {"type": "object"},
        "200",
        _json(_ref("Annotation")),
    ),
    (
        "/api/annotations/{annotation_id}",
        "delete",
        "Delete, leaving a tombstone (editor)",
        [ANNOTATION_ID],
        None,
        "204",
        NO_CONTENT,
    ),
    (
        "/api/annotations/{annotation_id}/replies",
        "post",
        "Reply to an annotation (members, editor links; anyone signed in where replies are open)",
        [ANNOTATION_ID],
        _ref("ReplyInput"),
        "201",
        _json(_ref("Reply"), "Created"),
    ),
    (
        "/api/annotations/{annotation_id}/rating",
        "get",
        "The caller's own rating (signed-in readers)",
        [ANNOTATION_ID],
        None,
        "200",
        _json(_ref("Rating")),
    ),
    (
        "/api/annotations/{annotation_id}/rating",
        "put",
        "Rate helpful or not helpful; one rating per reader, a second PUT replaces it",
        [ANNOTATION_ID],
        _ref("RatingInput"),
        "200",
        _json(_ref("Rating"), "Replaced (201 when new)"),
    ),
    (
        "/api/annotations/{annotation_id}/rating",
        "delete",
        "Withdraw the caller's rating",
        [ANNOTATION_ID],
        None,
        "204",
        NO_CONTENT,
    ),
    (
        "/api/annotations/{annotation_id}/reports",
        "post",
        "Report a claim label as wrong on a page: its URL and the matched sentence",
        [ANNOTATION_ID],
        _ref("ReportInput"),
        "201",
        _json(_ref("Report"), "Created"),
    ),
    (
        "/api/annotations/{annotation_id}/reports/actions",
        "post",
        "Act on a label's reports (editor; If-Match): exclude page or site, add a not, dismiss",
        [ANNOTATION_ID],
        _ref("ReportAction"),
        "200",
        _json(_ref("ReportActionResult")),
    ),
    (
        "/api/sets/{set_id}/reports",
        "get",
        "The editors' inbox: open reports by label, page and sentence (editor)",
        [SET_ID],
        None,
        "200",
        _json(_ref("Inbox")),
    ),
    (
        "/api/sets/{set_id}/import",
        "post",
        "Import a W3C, Hypothesis or ClaimReview file (editor): every record or none",
        [
            SET_ID,
            _query(
                "format",
                {"enum": ["auto", "w3c", "hypothesis", "claimreview"]},
                "The file's format (auto)",
            ),
        ],
        {"type": "object", "description": "The file itself as the body, or multipart field `file`"},
        "201",
        _json({"type": "object"}, "Imported; how many records of each kind"),
    ),
    (
        "/api/sets/{set_id}/export",
        "get",
        "The whole set as W3C JSON-LD, ClaimReview or Markdown (ETag, 304)",
        [
            SET_ID,
            _query("format", {"enum": ["w3c", "claimreview", "markdown"]}, "Format (w3c)"),
            _query("download", {"type": "string"}, "1 to be sent as a file attachment"),
        ],
        None,
        "200",
        _json({"type": "object"}, "The exported set"),
    ),
    ("/api/openapi.json", "get", "This description", [], None, "200", _json({"type": "object"})),
]


def spec(base_url: str = "") -> dict[str, Any]:
    """The OpenAPI document for this service."""
    paths: dict[str, dict[str, Any]] = {}
    for path, method, summary, params, body, status, ok in ROUTES:
        operation: dict[str, Any] = {
            "summary": summary,
            "parameters": params,
            "responses": {status: ok, "4XX": _ERROR},
        }
        if body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": body}},
            }
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Footnote API",
            "version": "1",
            "description": "Fact annotations on the web. Contract: docs/wire-format.md; "
            "reference: docs/api.md.",
        },
        "servers": [{"url": base_url or "/"}],
        "security": [{"bearer": []}, {}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "API token fn_… or share token fns_…",
                }
            },
            "responses": {"Error": _json(_ref("Error"), "Error")},
        },
    }
