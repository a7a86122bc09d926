"""The text engine: page text, normalisation, claim patterns, quote anchoring (docs/matching.md)."""

from .anchor import anchor_quote, describe_quote, prepare
from .claims import Matcher, compile_labels, match_claims
from .normalize import Normalized, normalize
from .page import PageText, page_text
from .selectors import DomPage, anchor_target, load_page
from .sentences import sentence_spans
from .urls import url_matches

__all__ = [
    "DomPage",
    "Matcher",
    "Normalized",
    "PageText",
    "anchor_quote",
    "anchor_target",
    "compile_labels",
    "describe_quote",
    "load_page",
    "match_claims",
    "normalize",
    "page_text",
    "prepare",
    "sentence_spans",
    "url_matches",
]
