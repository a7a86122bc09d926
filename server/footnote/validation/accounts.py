"""Sets, accounts, sign-in, members and share links: request bodies → validated values."""

from __future__ import annotations

import unicodedata
from typing import Any

from footnote.errors import ValidationError
from footnote.validation.primitives import (
    MAX_DESCRIPTION,
    MAX_PASSWORD,
    MAX_TITLE,
    MAX_TOKEN_NAME,
    MIN_PASSWORD,
    USERNAME_RE,
    _type_name,
    check_fields,
    choice,
    require_object,
    text,
)
from footnote.vocabulary import ROLES, SHARE_ROLES, VISIBILITIES


def validate_set(data: object, *, partial: bool = False) -> dict[str, Any]:
    """Validate a set's title, description and visibility (all optional when `partial`)."""
    data = require_object(data)
    check_fields(
        data,
        ("title", "description", "visibility", "openReplies", "bridging"),
        required=() if partial else ("title",),
    )
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = text(
            data["title"],
            "title",
            min_length=1,
            max_length=MAX_TITLE,
            multiline=False,
            strip=True,
        )
    if "description" in data:
        out["description"] = text(data["description"], "description", max_length=MAX_DESCRIPTION)
    if "visibility" in data:
        out["visibility"] = choice(data["visibility"], "visibility", VISIBILITIES)
    for key, column in (("openReplies", "open_replies"), ("bridging", "bridging")):
        if key in data:
            if not isinstance(data[key], bool):
                raise ValidationError(f"{key} must be true or false", key)
            out[column] = int(data[key])
    if partial and not out:
        raise ValidationError(
            "nothing to change: give title, description, visibility, openReplies or bridging", None
        )
    return out


def username(value: object, field: str = "username") -> str:
    """Validate a username: 2-32 characters, letters, digits, `_`, `.`, `-`."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, not {_type_name(value)}", field)
    if not USERNAME_RE.match(value):
        raise ValidationError(
            f"{field} must be 2-32 letters, digits, '_', '.' or '-',"
            " starting with a letter or digit",
            field,
        )
    return value


def password(value: object, field: str = "password") -> str:
    """Validate a new password's length (8-200 characters)."""
    value = text(
        value,
        field,
        min_length=MIN_PASSWORD,
        max_length=MAX_PASSWORD,
        multiline=False,
        verbatim=True,
    )
    return unicodedata.normalize("NFC", value)


def validate_registration(data: object) -> dict[str, str]:
    """Validate `{"username", "password"}` for a new account."""
    data = require_object(data)
    check_fields(data, ("username", "password"), required=("username", "password"))
    return {"username": username(data["username"]), "password": password(data["password"])}


def current_password(value: object, field: str = "password") -> str:
    """Validate a password being checked (not set): any non-empty bounded string, NFC."""
    value = text(value, field, min_length=1, max_length=MAX_PASSWORD, multiline=False)
    return unicodedata.normalize("NFC", value)


def validate_password_change(data: object) -> dict[str, Any]:
    """Validate `{"currentPassword", "newPassword", "revokeTokens"?}`."""
    data = require_object(data)
    fields = ("currentPassword", "newPassword", "revokeTokens")
    check_fields(data, fields, required=("currentPassword", "newPassword"))
    revoke = data.get("revokeTokens", False)
    if not isinstance(revoke, bool):
        raise ValidationError(
            f"revokeTokens must be true or false, not {_type_name(revoke)}", "revokeTokens"
        )
    return {
        "current": current_password(data["currentPassword"], "currentPassword"),
        "new": password(data["newPassword"], "newPassword"),
        "revoke_tokens": revoke,
    }


def validate_account_deletion(data: object) -> str:
    """Validate `{"password"}` confirming an account's deletion; return the password."""
    data = require_object(data)
    check_fields(data, ("password",), required=("password",))
    return current_password(data["password"])


def validate_sign_in(data: object) -> dict[str, str]:
    """Validate `{"username", "password", "name"?}` for a new API token."""
    data = require_object(data)
    check_fields(data, ("username", "password", "name"), required=("username", "password"))
    name = data.get("name", "API token")
    return {
        "username": text(
            data["username"], "username", min_length=1, max_length=64, multiline=False
        ),
        "password": unicodedata.normalize(
            "NFC",
            text(
                data["password"],
                "password",
                min_length=1,
                max_length=MAX_PASSWORD,
                multiline=False,
                verbatim=True,
            ),
        ),
        "name": token_name(name),
    }


def token_name(value: object, field: str = "name") -> str:
    """Validate a token's display name."""
    return text(
        value,
        field,
        min_length=1,
        max_length=MAX_TOKEN_NAME,
        multiline=False,
        strip=True,
    )


def validate_member(data: object) -> str:
    """Validate `{"role"}` for a member; return the role."""
    data = require_object(data)
    check_fields(data, ("role",), required=("role",))
    return choice(data["role"], "role", ROLES)


def validate_share_link(data: object) -> str:
    """Validate `{"role"}` for a share link (viewer or editor); return the role."""
    data = require_object(data)
    check_fields(data, ("role",), required=("role",))
    return choice(data["role"], "role", SHARE_ROLES)
