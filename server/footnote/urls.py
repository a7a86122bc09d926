"""Document identity: one normal form per document URL, and URL patterns for labels."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

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

# Characters the WHATWG URL parser percent-encodes (besides controls, space and non-ASCII), so
# this normaliser and the extension's (`new URL()` based) agree on every input.
_PATH_ENCODE = frozenset('"#<>?`{}')
_QUERY_ENCODE = frozenset("\"#<>'")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_HOST_RE = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$")
_IPV6_RE = re.compile(r"^\[[0-9a-f:.]+\]$")


class InvalidUrl(ValueError):
    """The value is not an absolute http(s) URL with a host."""


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track campaigns or clicks."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_host(host: str) -> str:
    """Lower-case and IDNA-encode a host name; raise InvalidUrl when it cannot be one."""
    host = host.strip().lower()
    if _IPV6_RE.match(host):
        return host
    if not host or host == ".":
        raise InvalidUrl("URL has no host")
    try:
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidUrl(f"host {host!r} is not a valid domain name") from exc
    ascii_host = ascii_host.lower()
    if not _HOST_RE.match(ascii_host) or len(ascii_host) > 253:
        raise InvalidUrl(f"host {host!r} is not a valid domain name")
    return ascii_host


def _encode(part: str, extra: frozenset[str]) -> str:
    """Percent-encode what a browser would: controls, space, non-ASCII and `extra`."""
    out: list[str] = []
    for ch in part:
        if ord(ch) <= 0x20 or ord(ch) >= 0x7F or ch in extra:
            try:
                data = ch.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InvalidUrl("URL contains an unpaired surrogate") from exc
            out.extend(f"%{b:02X}" for b in data)
        else:
            out.append(ch)
    return "".join(out)


def normalize_escapes(part: str) -> str:
    """Upper-case percent escapes and decode those that stand for unreserved characters."""

    def fix(match: re.Match[str]) -> str:
        ch = chr(int(match.group(1), 16))
        return ch if ch in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE_RE.sub(fix, part)


def _remove_dot_segments(path: str) -> str:
    segments = path.split("/")[1:]
    resolved: list[str] = []
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                resolved.append("")
            continue
        if seg == "..":
            if resolved:
                resolved.pop()
            if last:
                resolved.append("")
            continue
        resolved.append(seg)
    return "/" + "/".join(resolved)


def _decoded_name(raw: str) -> str:
    return unquote_plus(raw)


def normalize_url(url: str) -> str:
    """Return the one normal form of an http(s) URL used to identify a document.

    Lower-cases scheme and host, IDNA-encodes the host, drops default ports, the fragment,
    tracking parameters (utm_*, fbclid, gclid...) and an empty query, sorts the query pairs
    (stable, by name then value), percent-encodes what browsers encode, upper-cases escapes and
    decodes escaped unreserved characters, and resolves `.` and `..` path segments. `+`, `=`
    and empty values are kept as written. Raises InvalidUrl for anything that is not an
    absolute http(s) URL with a host (and for URLs carrying a user name or password).
    """
    if not isinstance(url, str):
        raise InvalidUrl("URL must be a string")
    url = url.strip()
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in url):
        raise InvalidUrl("URL contains white space or control characters")
    if "\\" in url:
        raise InvalidUrl("URL contains a backslash")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"URL is malformed: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidUrl("it must start with http:// or https://")
    if not url[len(scheme) + 1 :].startswith("//"):
        raise InvalidUrl("it must start with http:// or https://")
    if "@" in parts.netloc:
        raise InvalidUrl("URL must not contain a user name or password")
    hostname = parts.hostname
    if not hostname:
        raise InvalidUrl("URL has no host")
    if "%" in hostname:
        raise InvalidUrl("URL host must not be percent-encoded")
    # urlsplit drops the brackets of an IPv6 literal; put them back before checking it.
    host = normalize_host(f"[{hostname}]" if ":" in hostname else hostname)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(normalize_escapes(_encode(parts.path or "/", _PATH_ENCODE)))
    pairs: list[tuple[str, str | None]] = []
    for raw in parts.query.split("&"):
        if not raw:
            continue
        name, eq, value = raw.partition("=")
        if is_tracking_param(_decoded_name(name)):
            continue
        pairs.append(
            (
                normalize_escapes(_encode(name, _QUERY_ENCODE)),
                normalize_escapes(_encode(value, _QUERY_ENCODE)) if eq else None,
            )
        )
    pairs.sort(key=lambda pair: (pair[0], pair[1] or ""))
    query = "&".join(name if value is None else f"{name}={value}" for name, value in pairs)
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
    return f"{prefix}{host}{'/' + normalize_escapes(_encode(path, _PATH_ENCODE)) if slash else ''}"


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
