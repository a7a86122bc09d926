"""Import files into a set and export a set: /api/sets/<id>/import and /api/sets/<id>/export."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from footnote.errors import ValidationError
from footnote.formats.common import FormatError, RecordError
from footnote.formats.detect import FORMATS
from footnote.formats.exporter import EXPORT_FORMATS, EXTENSIONS
from footnote.formats.importer import plan_import, run_import
from footnote.http.auth import current_principal, require_role, set_for
from footnote.http.connection import get_db
from footnote.http.exports import export_response
from footnote.http.request import check_query, request_body
from footnote.http.streaming import read_cache_headers

interchange_bp = Blueprint("api_interchange", __name__)


def import_limit() -> int:
    """The largest import body accepted (FOOTNOTE_IMPORT_MAX_BYTES), bigger than API bodies."""
    return int(current_app.config.get("IMPORT_MAX_CONTENT_LENGTH") or 64 * 1024 * 1024)


def record_error(exc: RecordError) -> ValidationError:
    """A refused record as the API's validation error, its field prefixed by `records[i]`."""
    field = f"records[{exc.index}]" + (f".{exc.field}" if exc.field else "")
    return ValidationError(exc.message, field)


@interchange_bp.post("/sets/<set_id>/import")
def import_file(set_id: str) -> tuple[Response, int]:
    """Import a W3C, Hypothesis or ClaimReview file (editor): all records or none.

    `?skip=unsupported` imports the rest when some records cannot be represented (and lists
    them as skipped); invalid records still stop the import."""
    check_query(("format", "skip"))
    require_role(set_id, "editor")
    request.max_content_length = import_limit()
    fmt = request.args.get("format") or request.form.get("format") or "auto"
    if fmt not in ("auto", *FORMATS):
        raise ValidationError(f"format must be auto, {', '.join(FORMATS)}", "format")
    upload = request.files.get("file")
    raw = upload.read() if upload is not None else request_body(cache=False)
    try:
        plan = plan_import(
            raw,
            fmt,
            max_bytes=import_limit(),
            skip_unsupported=request.args.get("skip") == "unsupported",
        )
    except RecordError as exc:
        raise record_error(exc) from exc
    except FormatError as exc:
        raise ValidationError(exc.message, exc.field or "file") from exc
    summary = run_import(get_db(), set_id, plan, current_principal())
    return jsonify(summary), 201


@interchange_bp.get("/sets/<set_id>/export")
def export(set_id: str) -> Response:
    """The whole set as W3C JSON-LD (a static file the extension can follow), ClaimReview or
    Markdown; conditional GETs get 304, public sets are cacheable by shared caches."""
    check_query(("format", "download"))
    found, _role = set_for(set_id)
    fmt = request.args.get("format", "w3c")
    if fmt not in EXPORT_FORMATS:
        raise ValidationError(f"format must be one of {', '.join(EXPORT_FORMATS)}", "format")
    headers = read_cache_headers(found["visibility"])
    filename = (
        f"{set_id}.{EXTENSIONS[fmt]}" if request.args.get("download") in ("1", "true") else None
    )
    return export_response(set_id, fmt, headers, filename=filename)
