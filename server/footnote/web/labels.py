"""Editors write claim and site labels, and delete annotations, from the set page.

The form is turned into the wire format and goes through the API's own validation and the
store's one write path, so a label made here is exactly one the API would have accepted.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from footnote import store, validation
from footnote.errors import FootnoteError, NotFound, ValidationError
from footnote.http import auth
from footnote.http.connection import get_db
from footnote.web import bp
from footnote.web.label_options import (
    ALIAS_FLAGS,
    ALIAS_LANGUAGES,
    stem_needs_language,
    with_options,
)
from footnote.web.pages import readable_set, set_page
from footnote.web.session import login_required

LABEL_KINDS = ("claim", "site")
EDIT_ROLES = ("editor", "owner")
_ALIAS_SEPARATORS = re.compile(r"\s*[,;|]\s*")


def _lines(value: str) -> list[str]:
    """Non-empty, stripped lines of a textarea."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def _commas(value: str) -> list[str]:
    """Non-empty, stripped comma-separated items."""
    return [item.strip() for item in value.split(",") if item.strip()]


def _sources(value: str) -> list[dict[str, str]]:
    """One source a line: the URL, then optionally its title after a space."""
    sources = []
    for line in _lines(value):
        url, _, title = line.partition(" ")
        sources.append({"id": url, "title": title.strip()})
    return sources


def _number(value: str, field: str, default: int) -> int:
    """A whole number typed into a form field (`default` when empty)."""
    value = value.strip()
    if not value:
        return default
    if not value.isdigit():
        raise ValidationError(f"{field} must be a whole number", field)
    return int(value)


def _alias_options(form: MultiDict[str, str]) -> tuple[str, list[str]]:
    """The aliases' language and the ticked option flags of a label form."""
    lang = form.get("alias_lang", "").strip().lower()
    if lang not in {code for code, _ in ALIAS_LANGUAGES}:
        raise ValidationError(
            "the language of the aliases must be English, German or French", "alias_lang"
        )
    return lang, [flag for flag, _ in ALIAS_FLAGS if form.get(f"alias_{flag}")]


def label_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The wire-format annotation a label form describes (not yet validated)."""
    kind = form.get("kind", "")
    if kind not in LABEL_KINDS:
        raise ValidationError("kind must be claim or site", "kind")
    include, exclude = _lines(form.get("include", "")), _lines(form.get("exclude", ""))
    if kind == "claim":
        groups = [_ALIAS_SEPARATORS.split(line) for line in _lines(form.get("terms", ""))]
        lang, flags = _alias_options(form)
        window_text = form.get("window", "").strip()
        selector: dict[str, Any] = {
            "type": "ClaimPatternSelector",
            "all": [[with_options(a, lang, flags) for a in group if a] for group in groups],
            "highlight": _number(form.get("highlight", ""), "highlight", 1) - 1,
            "window": _number(window_text, "window", 0) if window_text else "sentence",
            "languages": _commas(form.get("languages", "")),
            "include": include,
            "exclude": exclude,
        }
        exceptions = _lines(form.get("not", ""))
        if exceptions:
            selector["not"] = exceptions
    else:
        selector = {"type": "UrlPatternSelector", "include": include, "exclude": exclude}
    wire: dict[str, Any] = {
        "kind": kind,
        "motivation": "assessing",
        "target": {"selector": selector},
        "verdict": form.get("verdict") or None,
        "sources": _sources(form.get("sources", "")),
        "tags": _commas(form.get("tags", "")),
    }
    explanation = form.get("explanation", "").replace("\r\n", "\n").strip()
    if explanation:
        wire["body"] = {"type": "TextualBody", "value": explanation, "purpose": "describing"}
    return wire


def label_form_errors(form: MultiDict[str, str]) -> list[str]:
    """Every problem the form itself shows, at once (the API's validation then checks the rest)."""
    errors: list[str] = []
    kind = form.get("kind", "")
    if kind not in LABEL_KINDS:
        errors.append("Kind must be claim or site.")
    for field, name in (("highlight", "Highlight line"), ("window", "Window")):
        value = form.get(field, "").strip()
        if value and not value.isdigit():
            errors.append(f"{name} must be a whole number.")
    terms = _lines(form.get("terms", ""))
    if kind == "claim":
        if not terms:
            errors.append("Claim terms: write at least one line of aliases.")
        highlight = form.get("highlight", "").strip()
        if highlight.isdigit() and terms and not 1 <= int(highlight) <= len(terms):
            errors.append(f"Highlight line must be between 1 and {len(terms)}.")
    if kind == "claim":
        lang = form.get("alias_lang", "").strip().lower()
        flags = [flag for flag, _ in ALIAS_FLAGS if form.get(f"alias_{flag}")]
        if lang not in {code for code, _ in ALIAS_LANGUAGES}:
            errors.append("Language of the aliases must be English, German or French.")
        elif stem_needs_language(lang, flags, _commas(form.get("languages", ""))):
            errors.append(
                "Other forms of the word: choose the language of the aliases (English, German "
                "or French), or give the label exactly one of these languages."
            )
    if kind == "site" and not _lines(form.get("include", "")):
        errors.append("Only on sites: a site label needs at least one site pattern.")
    for line in _lines(form.get("sources", "")):
        if not line.lower().startswith(("http://", "https://")):
            errors.append(f"Sources: “{line[:60]}” does not start with http:// or https://.")
    return errors


@bp.post("/sets/<set_id>/labels")
@login_required
def create_label(set_id: str) -> Response | tuple[str, int]:
    """Add a claim or site label (editors and owners)."""
    _the_set, role = readable_set(set_id)
    principal = auth.current_principal(use_session=True)
    if role not in EDIT_ROLES:
        abort(403)
    errors = label_form_errors(request.form)
    if errors:
        return set_page(set_id, label_errors=errors, label_form=request.form), 400
    try:
        item = validation.validate_annotation(label_from_form(request.form))
    except FootnoteError as error:
        where = f" ({error.field})" if error.field and error.field not in error.message else ""
        page = set_page(set_id, label_errors=[f"{error.message}{where}"], label_form=request.form)
        return page, 400
    store.create_annotation(get_db(), set_id, item, principal)
    flash("Label added. Readers following this set get it at their next sync.", "info")
    return redirect(url_for("web.set_page", set_id=set_id))


@bp.post("/sets/<set_id>/annotations/<annotation_id>/delete")
@login_required
def delete_annotation(set_id: str, annotation_id: str) -> Response:
    """Delete an annotation (editors and owners); followers get a tombstone when they sync."""
    _the_set, role = readable_set(set_id)
    db = get_db()
    record = store.get_annotation(db, annotation_id)
    if record is None or record["set_id"] != set_id:
        raise NotFound("no such annotation", "annotation")
    if role not in EDIT_ROLES:
        abort(403)
    store.delete_annotation(db, annotation_id)
    flash("Annotation deleted.", "info")
    return redirect(url_for("web.set_page", set_id=set_id))
