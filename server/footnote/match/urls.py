"""URL patterns: `host[/path-prefix]`, optionally `*.host` (docs/wire-format.md, "URL patterns")."""

from __future__ import annotations

from urllib.parse import urlsplit


def _split_pattern(pattern: str) -> tuple[str, str]:
    pattern = pattern.strip()
    if "://" in pattern:
        pattern = pattern.split("://", 1)[1]
    host, slash, path = pattern.partition("/")
    return host.lower().rstrip("."), (slash + path)


def url_matches(patterns: list[str], url: str | None) -> bool:
    """True when any pattern matches the URL (hosts case-insensitive, path prefixes exact)."""
    if not url or not patterns:
        return False
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return False
    if not host:
        return False
    path = parts.path or "/"
    for pattern in patterns:
        phost, ppath = _split_pattern(pattern)
        if not phost:
            continue
        if phost.startswith("*."):
            base = phost[2:]
            host_ok = bool(base) and host.endswith("." + base)
        else:
            host_ok = host == phost or host.endswith("." + phost)
        if host_ok and (not ppath or path.startswith(ppath)):
            return True
    return False
