"""Compare W3C annotations as RDF: URDNA2015-canonical N-Quads (PyLD), offline contexts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyld import jsonld

from footnote.formats.w3c import FOOTNOTE_FIELDS
from footnote.w3c.context import CONTEXT

REPO = Path(__file__).resolve().parents[2]
SHARED_W3C = REPO.parent / "shared" / "w3c"
FOOTNOTE_ONLY = FOOTNOTE_FIELDS


@contextmanager
def offline_contexts() -> Iterator[None]:
    """Resolve the anno and Footnote contexts from disk; any other URL is an error."""
    anno = json.loads((SHARED_W3C / "anno.jsonld").read_text()) if SHARED_W3C.is_dir() else {}

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        if url.rstrip("/") in (
            "http://www.w3.org/ns/anno.jsonld",
            "https://www.w3.org/ns/anno.jsonld",
        ):
            document = anno
        elif url.endswith("/ns/footnote.jsonld"):
            document = CONTEXT
        else:
            raise ValueError(f"no network in tests: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(loader)
    try:
        yield
    finally:
        jsonld.set_document_loader(previous)


def nquads(doc: Any) -> str:
    """The canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(doc, {"algorithm": "URDNA2015", "format": "application/n-quads"})


def as_original(exported: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """An export with Footnote's own fields removed and the original id restored (the minted
    id moved the original into `via`)."""
    comparable = {k: v for k, v in exported.items() if k not in FOOTNOTE_ONLY}
    if "creator" not in original:
        # Who added it, set by the service: more than the original said, nothing lost.
        comparable.pop("creator", None)
    comparable["id"] = original["id"]
    if "@context" not in comparable and "@context" in original:
        comparable["@context"] = original["@context"]
    vias = comparable.pop("via", None)
    vias = [] if vias is None else vias if isinstance(vias, list) else [vias]
    vias = [v for v in vias if v != original["id"]]
    if vias:
        comparable["via"] = vias[0] if len(vias) == 1 else vias
    return comparable


def load_example(number: int) -> dict[str, Any]:
    """Example `number` of the Web Annotation Data Model Recommendation."""
    return json.loads((SHARED_W3C / "examples" / f"anno{number}.json").read_text())
