"""JSON Schemas of the API's bodies, for the OpenAPI description (footnote.api.openapi)."""

from __future__ import annotations

from typing import Any

from footnote import validation as v
from footnote import vocabulary


def ref(name: str) -> dict[str, str]:
    """A reference to a schema in components."""
    return {"$ref": f"#/components/schemas/{name}"}


def response(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    """A JSON response with `schema`."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ref = ref
_STR = {"type": "string"}
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {
                        "enum": [
                            "invalid_json",
                            "validation_error",
                            "unknown_field",
                            "unauthorized",
                            "forbidden",
                            "not_found",
                            "method_not_allowed",
                            "conflict",
                            "precondition_failed",
                            "payload_too_large",
                            "uri_too_long",
                            "unsupported_media_type",
                            "rate_limited",
                            "headers_too_large",
                            "bad_request",
                            "expectation_failed",
                            "not_implemented",
                            "server_error",
                        ]
                    },
                    "message": _STR,
                    "field": {"type": ["string", "null"]},
                },
            }
        },
    },
    "Registration": {
        "type": "object",
        "required": ["username", "password"],
        "additionalProperties": False,
        "properties": {
            "username": {"type": "string", "pattern": v.USERNAME_RE.pattern},
            "password": {
                "type": "string",
                "minLength": v.MIN_PASSWORD,
                "maxLength": v.MAX_PASSWORD,
            },
        },
    },
    "SignIn": {
        "type": "object",
        "required": ["username", "password"],
        "additionalProperties": False,
        "properties": {
            "username": _STR,
            "password": _STR,
            "name": {"type": "string", "maxLength": v.MAX_TOKEN_NAME},
        },
    },
    "PasswordChange": {
        "type": "object",
        "required": ["currentPassword", "newPassword"],
        "additionalProperties": False,
        "properties": {
            "currentPassword": {"type": "string", "minLength": 1, "maxLength": v.MAX_PASSWORD},
            "newPassword": {
                "type": "string",
                "minLength": v.MIN_PASSWORD,
                "maxLength": v.MAX_PASSWORD,
            },
            "revokeTokens": {"type": "boolean", "default": False},
        },
    },
    "PasswordChanged": {
        "type": "object",
        "properties": {
            "sessionsEnded": {"type": "integer"},
            "tokensRevoked": {"type": "integer"},
        },
    },
    "AccountDeletion": {
        "type": "object",
        "required": ["password"],
        "additionalProperties": False,
        "properties": {"password": {"type": "string", "minLength": 1, "maxLength": v.MAX_PASSWORD}},
    },
    "AccountDeleted": {
        "type": "object",
        "properties": {
            "setsDeleted": {"type": "integer"},
            "setsHandedOver": {"type": "integer"},
            "annotationsUnattributed": {"type": "integer"},
        },
    },
    "User": {"type": "object", "properties": {"username": _STR, "id": _STR, "created": _STR}},
    "Token": {
        "type": "object",
        "properties": {
            "id": _STR,
            "name": _STR,
            "created": _STR,
            "lastUsed": {"type": ["string", "null"]},
        },
    },
    "NewToken": {
        "allOf": [
            _ref("Token"),
            {
                "type": "object",
                "properties": {
                    "token": {"type": "string", "pattern": "^fn_"},
                    "user": _ref("User"),
                },
            },
        ]
    },
    "SetInput": {
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": v.MAX_TITLE},
            "description": {"type": "string", "maxLength": v.MAX_DESCRIPTION},
            "visibility": {"enum": list(vocabulary.VISIBILITIES)},
            "openReplies": {"type": "boolean"},
            "bridging": {"type": "boolean"},
        },
    },
    "SetPatch": {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": v.MAX_TITLE},
            "description": {"type": "string", "maxLength": v.MAX_DESCRIPTION},
            "visibility": {"enum": list(vocabulary.VISIBILITIES)},
            "openReplies": {"type": "boolean"},
            "bridging": {"type": "boolean"},
        },
    },
    "Set": {
        "type": "object",
        "properties": {
            "id": _STR,
            "title": _STR,
            "description": _STR,
            "visibility": {"enum": list(vocabulary.VISIBILITIES)},
            "version": {"type": "integer"},
            "owner": _STR,
            "role": {"enum": [*vocabulary.ROLES, None]},
            "annotationCount": {"type": "integer"},
            "openReplies": {"type": "boolean"},
            "bridging": {"type": "boolean"},
            "created": _STR,
            "modified": _STR,
            "url": _STR,
        },
    },
    "Member": {
        "type": "object",
        "properties": {"username": _STR, "role": {"enum": list(vocabulary.ROLES)}},
    },
    "ShareLink": {
        "type": "object",
        "properties": {"id": _STR, "role": {"enum": list(vocabulary.SHARE_ROLES)}, "created": _STR},
    },
    "NewShareLink": {
        "allOf": [
            _ref("ShareLink"),
            {
                "type": "object",
                "properties": {"token": {"type": "string", "pattern": "^fns_"}, "url": _STR},
            },
        ]
    },
    "AnnotationInput": {
        "type": "object",
        "required": ["target"],
        "description": "A W3C Web Annotation with Footnote's fields; see docs/wire-format.md",
        "properties": {
            "@context": {},
            "type": {"const": "Annotation"},
            "kind": {"enum": list(vocabulary.KINDS)},
            "motivation": {
                "enum": [
                    *vocabulary.NOTE_MOTIVATIONS,
                    *vocabulary.LABEL_MOTIVATIONS,
                    vocabulary.REPLY_MOTIVATION,
                ]
            },
            "body": {},
            "verdict": {"enum": [*vocabulary.VERDICTS, None]},
            "sources": {
                "type": "array",
                "maxItems": v.MAX_SOURCES,
                "items": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "maxLength": v.MAX_URL},
                        "title": {"type": "string", "maxLength": v.MAX_SOURCE_TITLE},
                    },
                },
            },
            "tags": {
                "type": "array",
                "maxItems": v.MAX_TAGS,
                "items": {"type": "string", "minLength": 1, "maxLength": v.MAX_TAG},
            },
            "target": {
                "type": "object",
                "properties": {
                    "source": _STR,
                    # A claim label's selector; notes and site labels: docs/wire-format.md.
                    "selector": {
                        "anyOf": [_ref("ClaimPatternSelector"), {"type": ["object", "array"]}]
                    },
                },
            },
            "document": {
                "type": "object",
                "properties": {
                    "links": {
                        "type": "array",
                        "maxItems": v.MAX_LINKS,
                        "items": {
                            "type": "object",
                            "properties": {"rel": {"enum": list(v.LINK_RELS)}, "href": _STR},
                        },
                    }
                },
            },
        },
    },
    "Annotation": {
        "allOf": [
            _ref("AnnotationInput"),
            {
                "type": "object",
                "properties": {
                    "id": _STR,
                    "creator": {"type": ["object", "null"]},
                    "created": _STR,
                    "modified": _STR,
                    "set": _STR,
                    "setVersion": {"type": "integer"},
                    "ratingStatus": {"enum": list(vocabulary.RATING_STATUS_LABELS)},
                },
            },
        ]
    },
    "Reply": {"allOf": [_ref("Annotation")]},
    "ReplyInput": {
        "type": "object",
        "description": "A reply: a text body (the target is the annotation in the URL)",
        "properties": {"body": {}, "tags": {}, "sources": {}, "motivation": {"const": "replying"}},
    },
    "RatingInput": {
        "type": "object",
        "required": ["helpful"],
        "additionalProperties": False,
        "properties": {
            "helpful": {"type": "boolean"},
            "reason": {"enum": [*vocabulary.RATING_REASONS, None]},
        },
    },
    "Rating": {
        "type": "object",
        "properties": {
            "annotation": _STR,
            "helpful": {"type": "boolean"},
            "reason": {"enum": [*vocabulary.RATING_REASONS, None]},
            "created": _STR,
            "modified": _STR,
        },
    },
    "ReportInput": {
        "type": "object",
        "required": ["url", "sentence"],
        "additionalProperties": False,
        "properties": {
            "url": {
                "type": "string",
                "maxLength": v.MAX_URL,
                "pattern": "^[hH][tT][tT][pP][sS]?://",
            },
            "sentence": {"type": "string", "minLength": 1, "maxLength": v.MAX_SENTENCE},
            "reason": {"enum": [*vocabulary.REPORT_REASONS, None]},
        },
    },
    "Report": {
        "type": "object",
        "properties": {
            "id": _STR,
            "annotation": _STR,
            "url": _STR,
            "sentence": _STR,
            "reason": {"enum": [*vocabulary.REPORT_REASONS, None]},
            "created": _STR,
        },
    },
    "Inbox": {
        "type": "object",
        "properties": {
            "labels": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "annotation": _ref("Annotation"),
                        "count": {"type": "integer"},
                        "reports": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "url": _STR,
                                    "sentence": _STR,
                                    "reasons": {"type": "object"},
                                    "count": {"type": "integer"},
                                    "first": _STR,
                                    "last": _STR,
                                    "proposedNot": {"type": ["string", "null"]},
                                    "excludeUrl": _STR,
                                    "excludeSite": _STR,
                                },
                            },
                        },
                    },
                },
            }
        },
    },
    "ReportAction": {
        "type": "object",
        "required": ["action", "url"],
        "additionalProperties": False,
        "properties": {
            "action": {"enum": list(vocabulary.REPORT_ACTIONS)},
            "url": _STR,
            "sentence": {"type": "string", "maxLength": v.MAX_SENTENCE},
            "phrase": {"type": "string", "minLength": 1, "maxLength": v.MAX_ALIAS},
        },
    },
    "ReportActionResult": {
        "type": "object",
        "properties": {"annotation": _ref("Annotation"), "closedReports": {"type": "integer"}},
    },
    "ClaimPatternSelector": {
        "type": "object",
        "required": ["type", "all"],
        "additionalProperties": False,
        "description": "The target selector of a claim label; see docs/matching.md",
        "properties": {
            "type": {"const": "ClaimPatternSelector"},
            "all": {
                "type": "array",
                "minItems": 1,
                "maxItems": v.MAX_GROUPS,
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": v.MAX_ALIASES,
                    "items": {"type": "string", "minLength": 1, "maxLength": v.MAX_ALIAS},
                },
            },
            "highlight": {"type": "integer", "minimum": 0},
            "window": {
                "anyOf": [
                    {"const": "sentence"},
                    {"type": "integer", "minimum": 1, "maximum": v.MAX_WINDOW},
                ],
                "default": "sentence",
            },
            "languages": {
                "type": "array",
                "maxItems": v.MAX_LANGUAGES,
                "items": {"type": "string", "pattern": v.LANGUAGE_RE.pattern},
            },
            "include": {"type": "array", "maxItems": v.MAX_PATTERNS, "items": _STR},
            "exclude": {"type": "array", "maxItems": v.MAX_PATTERNS, "items": _STR},
            "not": {
                "type": "array",
                "maxItems": v.MAX_NOT_PHRASES,
                "items": {"type": "string", "minLength": 1, "maxLength": v.MAX_ALIAS},
                "description": "Phrases whose occurrences hide the alias occurrences inside them",
            },
        },
    },
    "AnnotationPage": {
        "type": "object",
        "properties": {
            "annotations": {"type": "array", "items": _ref("Annotation")},
            "next": {"type": ["string", "null"]},
        },
    },
    "Changes": {
        "type": "object",
        "properties": {
            "set": _ref("Set"),
            "since": {"type": "integer"},
            "version": {"type": "integer"},
            "annotations": {"type": "array", "items": _ref("Annotation")},
            "deleted": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"id": _STR, "setVersion": {"type": "integer"}, "deleted": _STR},
                },
            },
        },
    },
}
