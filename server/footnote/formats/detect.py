"""Read an import file and tell its format: W3C, Hypothesis, ClaimReview JSON-LD or article HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from footnote import strict_json
from footnote.formats import claimreview, hypothesis
from footnote.formats.common import MAX_IMPORT_BYTES, FormatError, as_list

FORMATS = ("w3c", "hypothesis", "claimreview")


@dataclass(frozen=True)
class HtmlPage:
    """An import file that is an HTML page (a fact-check article), not JSON."""

    text: str


W3C_TYPES = ("Annotation", "AnnotationPage", "AnnotationCollection")


def decode(raw: bytes | str, *, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    """The file as text: size-checked, UTF-8 (a BOM is dropped)."""
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > max_bytes:
        raise FormatError(
            f"the file is {size:,} bytes; an import may be at most {max_bytes:,} bytes"
        )
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"the file is not UTF-8 text (byte {exc.start} is invalid)") from exc


def is_html(text: str) -> bool:
    """True when the text is an HTML page rather than JSON."""
    head = text.lstrip()[:200].lower()
    return head.startswith("<")


def parse_json(text: str) -> Any:
    """Parse JSON, turning errors into a FormatError that says where."""
    if not text.strip():
        raise FormatError("the file is empty")
    try:
        return strict_json.loads(text)
    except strict_json.JsonProblem as exc:
        raise FormatError(f"the file is {exc.message}", exc.field) from exc


def _w3c_types(doc: Any) -> bool:
    items = doc if isinstance(doc, list) else [doc]
    for item in items[:5]:
        if isinstance(item, dict):
            types = as_list(item.get("type", item.get("@type")))
            if any(t in W3C_TYPES for t in types if isinstance(t, str)):
                return True
    return False


def detect(doc: Any) -> str:
    """The format of a parsed JSON document, or a FormatError saying it cannot tell."""
    if _w3c_types(doc):
        return "w3c"
    if claimreview.looks_like(doc):
        return "claimreview"
    if hypothesis.looks_like(doc):
        return "hypothesis"
    raise FormatError(
        "cannot tell the file's format: expected W3C Web Annotation JSON-LD (type Annotation, "
        "AnnotationPage or AnnotationCollection), a Hypothesis export or search result, or "
        "schema.org ClaimReview; name it with format=w3c|hypothesis|claimreview"
    )


def load(
    raw: bytes | str, fmt: str = "auto", *, max_bytes: int = MAX_IMPORT_BYTES
) -> tuple[str, Any]:
    """Decode, parse and detect: return (format, parsed JSON or an HtmlPage)."""
    if fmt not in ("auto", *FORMATS):
        raise FormatError(f"format must be auto, {', '.join(FORMATS)}; not {fmt!r}", "format")
    text = decode(raw, max_bytes=max_bytes)
    if is_html(text):
        if fmt not in ("auto", "claimreview"):
            raise FormatError(f"the file is HTML, not {fmt} JSON")
        return "claimreview", HtmlPage(text)
    doc = parse_json(text)
    return (detect(doc) if fmt == "auto" else fmt), doc
