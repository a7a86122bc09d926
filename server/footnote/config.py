"""Configuration: the database path, limits and origins, from the environment (no Flask)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_DB = "instance/footnote.db"
API_MAX_CONTENT_LENGTH = 1024 * 1024
IMPORT_MAX_CONTENT_LENGTH = 64 * 1024 * 1024
EXTENSION_ORIGINS = [r"chrome-extension://[a-z]{32}", r"moz-extension://[0-9a-f-]{36}"]


def default_db_path() -> str:
    """FOOTNOTE_DB, else instance/footnote.db (relative to the working directory)."""
    return os.environ.get("FOOTNOTE_DB") or DEFAULT_DB


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "on", "true", "yes")


def _tristate(value: str | None) -> bool | None:
    """`on`/`off` as True/False; empty or `auto` as None (decide per request)."""
    if value is None or value.strip().lower() in ("", "auto"):
        return None
    return _flag(value, False)


def _int(name: str, default: int) -> int:
    """An integer from the environment, else `default`."""
    value = os.environ.get(name)
    return int(value) if value else default


def _secret_key(db_path: str) -> str:
    """FOOTNOTE_SECRET_KEY, else a key generated once and kept next to the database."""
    configured = os.environ.get("FOOTNOTE_SECRET_KEY")
    if configured:
        return configured
    key_file = Path(db_path).parent / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when two workers start at once, one writes and the other reads its key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load_config(test_config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Configuration from the environment, overridden by `test_config`."""
    test_config = dict(test_config or {})
    db_path = str(test_config.get("DATABASE") or default_db_path())
    origins = os.environ.get("FOOTNOTE_CORS_ORIGINS", "").replace(",", " ").split()
    config: dict[str, Any] = {
        "DATABASE": db_path,
        "REGISTRATION": _flag(os.environ.get("FOOTNOTE_REGISTRATION"), True),
        "CORS_ORIGINS": origins,
        "BASE_URL": (os.environ.get("FOOTNOTE_BASE_URL") or "").rstrip("/") or None,
        "MAX_CONTENT_LENGTH": API_MAX_CONTENT_LENGTH,
        "IMPORT_MAX_CONTENT_LENGTH": int(
            os.environ.get("FOOTNOTE_IMPORT_MAX_BYTES") or IMPORT_MAX_CONTENT_LENGTH
        ),
        # How many reverse proxies in front of the service set X-Forwarded-For/-Proto.
        "TRUSTED_PROXIES": _int("FOOTNOTE_TRUSTED_PROXIES", 0),
        "SIGN_IN_LIMIT": 10,
        "SIGN_IN_IP_FREE": 20,
        "SIGN_IN_IP_WINDOW": 3600,
        "SIGN_IN_BACKOFF_CAP": 60,
        "SIGN_IN_WINDOW": 300,
        "SIGN_IN_TRUST_SECONDS": 30 * 24 * 3600,
        "WRITE_LIMIT": _int("FOOTNOTE_WRITE_LIMIT", 600),
        "WRITE_WINDOW": 60,
        # Talking back, per account per hour (on top of the write limit).
        "REPLY_LIMIT": 60,
        "RATING_LIMIT": 300,
        "REPORT_LIMIT": 30,
        "TALK_WINDOW": 3600,
        # "background": rescore in a worker thread after rating writes; "off": only the CLI.
        "SCORING": os.environ.get("FOOTNOTE_SCORING") or "background",
        "PASSWORD_HASH_METHOD": "scrypt",
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # None: Secure exactly when the request came over HTTPS (after the trusted proxies).
        "SESSION_COOKIE_SECURE": _tristate(os.environ.get("FOOTNOTE_SECURE_COOKIES")),
        "SESSION_IDLE_SECONDS": _int("FOOTNOTE_SESSION_IDLE", 7 * 24 * 3600),
        "SESSION_MAX_SECONDS": _int("FOOTNOTE_SESSION_MAX_AGE", 30 * 24 * 3600),
    }
    config.update(test_config)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _secret_key(config["DATABASE"])
    return config
