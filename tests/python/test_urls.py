"""Document identity: URL normalisation properties and the shared tests/vectors/urls.json."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footnote.urls import (
    TRACKING_PARAMS,
    TRACKING_PREFIXES,
    InvalidUrl,
    is_tracking_param,
    normalize_url,
    normalize_url_pattern,
    url_matches_pattern,
)

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "urls.json").read_text(encoding="utf-8")
)

labels = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?", fullmatch=True)
hosts = st.lists(labels, min_size=1, max_size=4).map(".".join)
path_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs"), exclude_characters="\\?#"),
    max_size=12,
)
segments = st.lists(
    st.one_of(path_text, st.sampled_from([".", "..", "%2e", "%7E", "%c3%a9"])), max_size=5
)
param_names = st.one_of(
    st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
    st.sampled_from(sorted(TRACKING_PARAMS)),
    st.from_regex(r"(utm|UTM|Utm)_[a-z]{0,6}", fullmatch=True),
)
param_values = st.one_of(st.from_regex(r"[a-zA-Z0-9%+ ]{0,6}", fullmatch=True), path_text)
queries = st.lists(st.tuples(param_names, st.one_of(st.none(), param_values)), max_size=6)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(hosts)
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/" + "/".join(draw(segments))
    pairs = draw(queries)
    query = "&".join(k if v is None else f"{k}={v}" for k, v in pairs)
    fragment = draw(st.sampled_from(["", "#top", "#a?b=c"]))
    query = query.replace(" ", "%20").replace("#", "%23")
    return f"{scheme}://{host}{port}{path}" + (f"?{query}" if pairs else "") + fragment


@settings(max_examples=150, deadline=None)
@given(urls())
def test_normalising_twice_changes_nothing(url):
    once = normalize_url(url)
    assert normalize_url(once) == once


@settings(max_examples=150, deadline=None)
@given(urls())
def test_tracking_parameters_never_survive(url):
    query = urlsplit(normalize_url(url)).query
    names = [pair.partition("=")[0] for pair in query.split("&") if pair]
    assert not any(is_tracking_param(name) for name in names)


@settings(max_examples=150, deadline=None)
@given(urls())
def test_result_is_lower_case_without_fragment_default_port_or_empty_query(url):
    result = normalize_url(url)
    parts = urlsplit(result)
    assert parts.scheme in ("http", "https")
    assert parts.netloc == parts.netloc.lower()
    assert not parts.fragment and "#" not in result
    assert not result.endswith("?")
    assert parts.port not in (80, 443) or (parts.scheme, parts.port) in (
        ("http", 443),
        ("https", 80),
    )
    assert all(0x20 < ord(ch) < 0x7F for ch in result)  # ASCII only: escapes and punycode


@settings(max_examples=100, deadline=None)
@given(urls(), st.randoms(use_true_random=False))
def test_query_order_does_not_matter(url, rnd):
    parts = urlsplit(url)
    # `a` and `a=` sort as equals and keep their order (as in the extension), so keep one of each.
    seen: dict[str, str] = {}
    for pair in (p for p in parts.query.split("&") if p):
        name, _eq, value = pair.partition("=")
        seen.setdefault(f"{name}={value}", pair)
    pairs = list(seen.values())
    rnd.shuffle(pairs)
    shuffled = parts._replace(query="&".join(pairs)).geturl()
    # Pairs with the same name and value keep one order, so shuffling must not change the result.
    assert normalize_url(shuffled) == normalize_url(
        parts._replace(query="&".join(sorted(pairs))).geturl()
    )


@settings(deadline=None)
@given(hosts, st.sampled_from(["", "/a", "/a/b?x=1"]))
def test_host_case_and_fragment_do_not_change_identity(host, rest):
    base = f"https://{host}{rest}"
    assert normalize_url(f"HTTPS://{host.upper()}{rest}") == normalize_url(base)
    assert normalize_url(base + "#frag") == normalize_url(base)


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [(c["name"], c["input"], c["output"]) for c in VECTORS["cases"]],
    ids=[c["name"] for c in VECTORS["cases"]],
)
def test_shared_vectors(name, raw, expected):
    assert normalize_url(raw) == expected
    assert normalize_url(expected) == expected


@pytest.mark.parametrize("raw", VECTORS["notHttp"])
def test_non_http_urls_are_refused(raw):
    with pytest.raises(InvalidUrl):
        normalize_url(raw)


def test_vector_file_lists_the_tracking_parameters_the_service_drops():
    assert sorted(TRACKING_PARAMS) == VECTORS["trackingParams"]
    assert list(TRACKING_PREFIXES) == VECTORS["trackingPrefixes"]


@pytest.mark.parametrize(
    "raw",
    [
        "https://user:pw@example.com/",
        "https://exa mple.com/",
        "https://example.com:99999/",
        "https://[::1/",
        "https://ex%41mple.com/",
        "https://-bad-.example/",
        "https:example.com/a",
        "https://example.com/\\evil",
    ],
)
def test_malformed_urls_are_refused(raw):
    with pytest.raises(InvalidUrl):
        normalize_url(raw)


@pytest.mark.parametrize(
    ("pattern", "url", "matches"),
    [
        ("example.com", "https://example.com/a", True),
        ("example.com", "http://news.example.com:8080/x", True),
        ("example.com", "https://badexample.com/", False),
        ("*.example.com", "https://example.com/", False),
        ("*.example.com", "https://a.b.example.com/", True),
        ("example.com/news/", "https://example.com/news/2026/x", True),
        ("example.com/news/", "https://example.com/sport/", False),
        ("Example.COM/News/", "https://example.com/news/", False),
    ],
)
def test_url_patterns(pattern, url, matches):
    assert url_matches_pattern(normalize_url(url), normalize_url_pattern(pattern)) is matches


@pytest.mark.parametrize(
    "pattern", ["https://example.com", "exa*mple.com", "example.com:8080", "", "a b.com", "*."]
)
def test_bad_url_patterns_are_refused(pattern):
    with pytest.raises(InvalidUrl):
        normalize_url_pattern(pattern)
