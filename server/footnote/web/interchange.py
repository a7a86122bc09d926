"""Import and export on the set page: plain forms and download links, the session's access rules.

Both reuse the interchange code the API and the CLI use (`plan_import`, then `run_import`;
`export_set`), so a file imported here is exactly one `POST /api/sets/<id>/import` would accept,
and a download is byte for byte what `GET /api/sets/<id>/export` serves.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from footnote.formats.common import FormatError, RecordError
from footnote.formats.detect import FORMATS
from footnote.formats.exporter import EXPORT_FORMATS
from footnote.formats.importer import ImportPlan, plan_import, run_import
from footnote.http import auth
from footnote.http.connection import get_db
from footnote.http.exports import export_response
from footnote.http.request import base_url
from footnote.store import sets
from footnote.web import bp, not_found_page
from footnote.web.pages import NOT_SHARED_MESSAGE, readable_set, set_page
from footnote.web.session import login_required

EDIT_ROLES = ("editor", "owner")
IMPORT_FORMATS = ("auto", *FORMATS)
IMPORT_FORMAT_LABELS = {
    "auto": "Detect from the file",
    "w3c": "W3C Web Annotation (JSON-LD)",
    "hypothesis": "Hypothesis export or search results (JSON)",
    "claimreview": "ClaimReview feed (JSON-LD) or fact-check article (HTML)",
}
# How a summary names the format it read.
FORMAT_NAMES = {
    "w3c": "W3C Web Annotation",
    "hypothesis": "Hypothesis",
    "claimreview": "ClaimReview",
}
EXPORT_FORMAT_LABELS = {
    "w3c": "W3C Web Annotation (JSON-LD)",
    "claimreview": "ClaimReview feed (JSON-LD)",
    "markdown": "Markdown",
}
# Download names: W3C and ClaimReview are both .jsonld, so the ClaimReview file says what it is.
DOWNLOAD_SUFFIXES = {"w3c": ".jsonld", "claimreview": ".claimreview.jsonld", "markdown": ".md"}
# Skipped records listed in the flash message (the message lives in the session cookie).
MAX_LISTED_SKIPS = 3
MAX_LISTED_ID = 80


def import_limit() -> int:
    """The largest import file accepted, the API's limit (FOOTNOTE_IMPORT_MAX_BYTES)."""
    return int(current_app.config.get("IMPORT_MAX_CONTENT_LENGTH") or 64 * 1024 * 1024)


def size_text(size: int) -> str:
    """A byte count for people: `64 MiB`, `500 KiB`, `900 bytes`."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


@bp.url_value_preprocessor
def raise_body_limit_for_imports(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Let import uploads exceed the 1 MiB body limit of every other request.

    URL value preprocessors run before any before-request function, so the limit is in place
    when CSRF protection parses the multipart form to find its token.
    """
    if endpoint == "web.import_file":
        request.max_content_length = import_limit()


@bp.errorhandler(RequestEntityTooLarge)
def web_too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """A body over the limit renders a page saying what the limit is."""
    if request.endpoint == "web.import_file":
        message = (
            f"The file is larger than the import limit of {size_text(import_limit())}, so "
            "nothing was imported. Split it into smaller files, or import it with the "
            "footnote command."
        )
    else:
        message = "The form sent more data than this page accepts, so nothing was changed."
    return render_template("web/error.html", heading="File too large", message=message), 413


def follow_url(set_id: str) -> str:
    """The set's W3C file on this service: anyone may follow it when the set is not private."""
    return f"{base_url()}/api/sets/{set_id}/export?format=w3c"


@bp.context_processor
def interchange_context() -> dict[str, Any]:
    """The format names and the follow URL the set page's import and export section shows."""
    return {
        "import_format_labels": IMPORT_FORMAT_LABELS,
        "export_format_labels": EXPORT_FORMAT_LABELS,
        "follow_url": follow_url,
        "import_limit_text": size_text(import_limit()),
    }


def _download(found: dict[str, Any], fmt: str, *, shared: bool = False) -> Response:
    """The set exported as a file to save, with the API export's validators and cache rules."""
    if fmt not in EXPORT_FORMATS:
        abort(404)
    set_id = found["id"]
    public = found["visibility"] == "public" and not shared
    headers = {"Cache-Control": "public, max-age=60" if public else "private, no-cache"}
    return export_response(set_id, fmt, headers, filename=f"{set_id}{DOWNLOAD_SUFFIXES[fmt]}")


@bp.get("/sets/<set_id>/export/<fmt>")
def export_file(set_id: str, fmt: str) -> Response:
    """Download the whole set as W3C JSON-LD, a ClaimReview feed or Markdown (any reader)."""
    found, _role = readable_set(set_id)
    return _download(found, fmt)


@bp.get("/s/<share_token>/export/<fmt>")
def share_export_file(share_token: str, fmt: str) -> Response | tuple[str, int]:
    """The same downloads for whoever holds a share link (viewer or editor), no account needed."""
    db = get_db()
    link = sets.resolve_share_token(db, share_token)
    found = sets.get_set(db, link["set_id"]) if link else None
    if found is None:
        return not_found_page(heading="This share link does not work", message=NOT_SHARED_MESSAGE)
    return _download(found, fmt, shared=True)


def _short(text: str | None) -> str:
    """A record id cut to a length that fits in a message."""
    text = text or ""
    return text if len(text) <= MAX_LISTED_ID else text[: MAX_LISTED_ID - 1] + "…"


def summary_messages(plan: ImportPlan, summary: dict[str, Any]) -> list[str]:
    """What an import did, as one or two sentences for the set page."""
    count = summary["imported"]
    noun = "annotation" if count == 1 else "annotations"
    label = FORMAT_NAMES.get(plan.format, plan.format)
    messages = [
        f"Imported {count} {noun} from a {label} file; the set is now at version "
        f"{summary['version']}. Readers following it get them at their next sync."
    ]
    if summary.get("replies"):
        threads = summary["threads"]
        messages.append(
            f"{summary['replies']} of them are replies, shown under their annotation "
            f"({threads} thread{'s' if threads != 1 else ''})."
        )
    skipped = summary["skipped"]
    if skipped:
        listed = "; ".join(
            f"record {s['index']}"
            + (f" (id {_short(s['id'])})" if s["id"] else "")
            + f": {s['reason']}"
            for s in skipped[:MAX_LISTED_SKIPS]
        )
        more = len(skipped) - MAX_LISTED_SKIPS
        tail = f"; and {more} more" if more > 0 else ""
        messages.append(f"Skipped {len(skipped)} on purpose: {listed}{tail}.")
    return messages


def _sentence(text: str) -> str:
    """`text` ending in one full stop."""
    return text.rstrip().rstrip(".") + "."


def _refused(set_id: str, message: str, fmt: str) -> tuple[str, int]:
    """The set page again with the import form open and the reason nothing was imported."""
    form = {"format": fmt, "skip_unsupported": request.form.get("skip_unsupported")}
    return set_page(set_id, import_error=message, import_form=form), 400


@bp.post("/sets/<set_id>/import")
@login_required
def import_file(set_id: str) -> Response | tuple[str, int]:
    """Import a W3C, Hypothesis or ClaimReview file (editors and owners): all records or none."""
    _the_set, role = readable_set(set_id)
    if role not in EDIT_ROLES:
        abort(403)
    fmt = request.form.get("format") or "auto"
    if fmt not in IMPORT_FORMATS:
        return _refused(set_id, f"Choose a format: auto, {', '.join(FORMATS)}.", "auto")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _refused(set_id, "Choose a file to import.", fmt)
    try:
        plan = plan_import(
            upload.read(),
            fmt,
            max_bytes=import_limit(),
            skip_unsupported=request.form.get("skip_unsupported") == "yes",
        )
    except RecordError as error:
        where = f" (field {error.field})" if error.field else ""
        reason = _sentence(error.message.rstrip(". ") + where)
        reason = reason[:1].upper() + reason[1:]
        return _refused(set_id, f"Nothing was imported. {reason}", fmt)
    except FormatError as error:
        return _refused(set_id, f"Nothing was imported: {_sentence(error.message)}", fmt)
    principal = auth.current_principal(use_session=True)
    summary = run_import(get_db(), set_id, plan, principal)
    for message in summary_messages(plan, summary):
        flash(message, "info")
    return redirect(url_for("web.set_page", set_id=set_id))
