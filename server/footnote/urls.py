"""Document identity: one normal form per document URL, and URL patterns for labels."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that identify a campaign or a click, never the document.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref_src",
        "ref_url",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_",)

# Characters left as they are in a path or query; everything else is percent-encoded.
_PATH_SAFE = "/!$&'()*+,;=:@-._~"
_QUERY_SAFE = "!$'()*+,;:@/?-._~"
_HOST_RE = re.compile(
    r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_IPV6_RE = re.compile(r"^\[[0-9a-f:.]+\]$")


class InvalidUrl(ValueError):
    """The value is not an absolute http(s) URL with a host."""


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track campaigns or clicks."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_host(host: str) -> str:
    """Lower-case and IDNA-encode a host name; raise InvalidUrl when it cannot be one."""
    host = host.strip().rstrip(".").lower()
    if _IPV6_RE.match(host):
        return host
    if not host:
        raise InvalidUrl("URL has no host")
    try:
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidUrl(f"host {host!r} is not a valid domain name") from exc
    ascii_host = ascii_host.lower()
    if not _HOST_RE.match(ascii_host) or len(ascii_host) > 253:
        raise InvalidUrl(f"host {host!r} is not a valid domain name")
    return ascii_host


def _requote(part: str, safe: str) -> str:
    """Decode then re-encode percent escapes so equal strings have one spelling."""
    return quote(unquote(part, errors="surrogateescape"), safe=safe, errors="surrogateescape")


def _quote_query(decoded: str) -> str:
    """Percent-encode one already-decoded query key or value."""
    return quote(decoded, safe=_QUERY_SAFE, errors="surrogateescape")


def _normalize_path(path: str) -> str:
    segments = path.split("/")
    # Keep "%2F" inside a segment distinct from "/" by re-quoting segment by segment.
    out = [
        quote(
            unquote(seg, errors="surrogateescape"),
            safe=_PATH_SAFE.replace("/", ""),
            errors="surrogateescape",
        )
        for seg in segments
    ]
    resolved: list[str] = []
    for seg in out[1:] if path.startswith("/") else out:
        if seg == ".":
            continue
        if seg == "..":
            if resolved:
                resolved.pop()
            continue
        resolved.append(seg)
    if segments and segments[-1] in (".", "..") and (not resolved or resolved[-1] != ""):
        resolved.append("")
    return "/" + "/".join(resolved)


def normalize_url(url: str) -> str:
    """Return the one normal form of an http(s) URL used to identify a document.

    Lower-cases scheme and host, IDNA-encodes the host, drops default ports, the fragment,
    tracking parameters (utm_*, fbclid, gclid...) and an empty query, sorts the query, and
    normalises percent-encoding in the path and query. Raises InvalidUrl for anything else.
    """
    if not isinstance(url, str):
        raise InvalidUrl("URL must be a string")
    url = url.strip()
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        raise InvalidUrl("URL contains white space or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"URL is malformed: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidUrl("URL must be absolute http or https")
    if parts.username is not None or parts.password is not None:
        raise InvalidUrl("URL must not contain a user name or password")
    hostname = parts.hostname
    if hostname is None:
        raise InvalidUrl("URL has no host")
    # urlsplit drops the brackets of an IPv6 literal; put them back before checking it.
    host = normalize_host(f"[{hostname}]" if ":" in hostname else unquote(hostname))
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalize_path(parts.path or "/")
    pairs = [
        (_quote_query(k), _quote_query(v))
        for k, v in parse_qsl(parts.query, keep_blank_values=True, errors="surrogateescape")
        if not is_tracking_param(k)
    ]
    pairs.sort()
    query = "&".join(f"{k}={v}" if v else k for k, v in pairs)
    return urlunsplit((scheme, netloc, path, query, ""))


def is_http_url(url: object, max_length: int = 2048) -> bool:
    """True when `url` is an absolute http(s) URL with a host, at most `max_length` chars."""
    if not isinstance(url, str) or len(url) > max_length:
        return False
    try:
        normalize_url(url)
    except InvalidUrl:
        return False
    return True


def same_origin_host(a: str, b: str) -> bool:
    """True when two normalised URLs share scheme and host (the bar for a verified equivalent)."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.netloc) == (pb.scheme, pb.netloc)


def normalize_url_pattern(pattern: str) -> str:
    """Validate and normalise a URL pattern `[*.]host[/path-prefix]` (wire-format.md)."""
    if not isinstance(pattern, str):
        raise InvalidUrl("URL pattern must be a string")
    pattern = pattern.strip()
    if not pattern or len(pattern) > 500:
        raise InvalidUrl("URL pattern must be 1-500 characters")
    if "://" in pattern:
        raise InvalidUrl("URL pattern is host[/path-prefix] without a scheme")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in pattern):
        raise InvalidUrl("URL pattern contains white space or control characters")
    wildcard = pattern.startswith("*.")
    rest = pattern[2:] if wildcard else pattern
    host, slash, path = rest.partition("/")
    if "*" in rest or "?" in rest or "#" in rest or ":" in host or "@" in host:
        raise InvalidUrl("URL pattern is [*.]host[/path-prefix]; no port, query or wildcards")
    host = normalize_host(host)
    prefix = "*." if wildcard else ""
    return f"{prefix}{host}{'/' + _requote(path, _PATH_SAFE) if slash else ''}"


def url_matches_pattern(url: str, pattern: str) -> bool:
    """True when normalised `url` falls under normalised URL `pattern`."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    wildcard = pattern.startswith("*.")
    rest = pattern[2:] if wildcard else pattern
    pattern_host, slash, path = rest.partition("/")
    if wildcard:
        host_ok = host.endswith("." + pattern_host)
    else:
        host_ok = host == pattern_host or host.endswith("." + pattern_host)
    if not host_ok:
        return False
    return not slash or (parts.path or "/").startswith("/" + path)
