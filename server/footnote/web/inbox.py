"""The editors' inbox page: "wrong on this page" reports by label, with one-click fixes.

Each button is an ordinary label edit (`store.resolve_reports`), exactly what the API's
`POST /api/annotations/<id>/reports/actions` does, so followers get the fix by sync.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from footnote import store, validation
from footnote.errors import FootnoteError, NotFound
from footnote.http.connection import get_db
from footnote.vocabulary import REPORT_REASON_LABELS
from footnote.web import bp, no_store
from footnote.web.pages import readable_set
from footnote.web.session import login_required

EDIT_ROLES = ("editor", "owner")
DONE = {
    "exclude-url": "The label no longer fires on that page",
    "exclude-site": "The label no longer fires on that site",
    "add-not": "The 'not' phrase was added",
    "dismiss": "Dismissed",
}


def _editor_set(set_id: str) -> dict:
    the_set, role = readable_set(set_id)
    if role not in EDIT_ROLES:
        abort(403)
    return the_set


@bp.get("/sets/<set_id>/inbox")
@login_required
def inbox_page(set_id: str) -> str:
    """Open reports grouped by label, then by page and sentence (editors and owners)."""
    the_set = _editor_set(set_id)
    entries = store.inbox(get_db(), set_id)
    no_store()  # reports name readers' pages: no shared cache keeps them
    return render_template(
        "web/inbox.html", the_set=the_set, entries=entries, reason_labels=REPORT_REASON_LABELS
    )


@bp.post("/sets/<set_id>/inbox/<annotation_id>")
@login_required
def inbox_action(set_id: str, annotation_id: str) -> Response:
    """One click: exclude the page or site, add the (edited) `not` phrase, or dismiss."""
    _editor_set(set_id)
    db = get_db()
    record = store.get_annotation(db, annotation_id)
    if record is None or record["set_id"] != set_id:
        raise NotFound("no such annotation", "annotation")
    form = {k: v for k, v in request.form.items() if k in ("action", "url", "sentence", "phrase")}
    try:
        action = validation.validate_report_action(form)
        _edited, closed = store.resolve_reports(
            db,
            annotation_id,
            action["action"],
            action["url"],
            phrase=action["phrase"],
            sentence=action.get("sentence"),
        )
    except FootnoteError as error:
        flash(f"Nothing changed: {error.message}.", "error")
        return redirect(url_for("web.inbox_page", set_id=set_id))
    tail = " Followers get the fix at their next sync." if action["action"] != "dismiss" else ""
    flash(f"{DONE[action['action']]}; {closed} report(s) closed.{tail}", "info")
    return redirect(url_for("web.inbox_page", set_id=set_id))
