"""Forms that change a set: create it, edit its settings, members and share links."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from footnote import validation
from footnote.errors import FootnoteError
from footnote.http.connection import get_db
from footnote.http.request import base_url
from footnote.store import sets
from footnote.web import bp, no_store
from footnote.web.pages import readable_set, set_page
from footnote.web.session import current_user, login_required


def _require_owner(set_id: str) -> str:
    """The signed-in owner's user id; 404 if they may not read the set, 403 if not its owner."""
    _the_set, role = readable_set(set_id)
    if role != "owner":
        abort(403)
    user = current_user()
    assert user is not None
    return user["id"]


def _back(set_id: str) -> Response:
    """Redirect to the set page (post/redirect/get)."""
    return redirect(url_for("web.set_page", set_id=set_id))


def _set_form() -> dict[str, str]:
    """Title, description and visibility as submitted."""
    return {
        "title": request.form.get("title", ""),
        "description": request.form.get("description", "").replace("\r\n", "\n"),
        "visibility": request.form.get("visibility", "private"),
    }


@bp.post("/sets")
@login_required
def create_set() -> Response:
    """Create a set owned by the signed-in user and open it."""
    user = current_user()
    assert user is not None
    try:
        fields = validation.validate_set(_set_form())
    except FootnoteError as error:
        flash(f"The set was not created: {error.message}.", "error")
        return redirect(url_for("web.home"))
    created = sets.create_set(get_db(), user["id"], **fields)
    flash("Set created.", "info")
    return _back(created["id"])


@bp.post("/sets/<set_id>/settings")
@login_required
def edit_set(set_id: str) -> Response:
    """Save title, description, visibility, open replies and bridging status."""
    _require_owner(set_id)
    form = {
        **_set_form(),
        # Unticked checkboxes are not sent: absent means off.
        "openReplies": request.form.get("openReplies") == "on",
        "bridging": request.form.get("bridging") == "on",
    }
    try:
        fields = validation.validate_set(form)
    except FootnoteError as error:
        flash(f"Nothing was saved: {error.message}.", "error")
    else:
        sets.update_set(get_db(), set_id, fields)
        flash("Settings saved.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/members")
@login_required
def add_member(set_id: str) -> Response:
    """Add a member, or change an existing member's role."""
    _require_owner(set_id)
    username = request.form.get("username", "").strip()
    try:
        role = validation.validate_member({"role": request.form.get("role", "")})
        sets.put_member(get_db(), set_id, username, role)
    except FootnoteError as error:
        flash(f"Member not added: {error.message}.", "error")
    else:
        flash(f"{username} is now {role}.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/members/<username>/remove")
@login_required
def remove_member(set_id: str, username: str) -> Response:
    """Remove a member (the owner cannot be removed)."""
    _require_owner(set_id)
    try:
        sets.delete_member(get_db(), set_id, username)
    except FootnoteError as error:
        flash(f"Member not removed: {error.message}.", "error")
    else:
        flash(f"{username} removed.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/share-links")
@login_required
def create_share_link(set_id: str) -> str | Response:
    """Create a share link and show its URL once, in this response only."""
    user_id = _require_owner(set_id)
    try:
        role = validation.validate_share_link({"role": request.form.get("role", "")})
    except FootnoteError as error:
        flash(f"No link created: {error.message}.", "error")
        return _back(set_id)
    _link, token = sets.create_share_link(get_db(), set_id, role, user_id)
    new_url = f"{base_url()}/s/{token}"
    no_store()
    return set_page(set_id, new_share_url=new_url, new_share_role=role)


@bp.post("/sets/<set_id>/share-links/<link_id>/revoke")
@login_required
def revoke_share_link(set_id: str, link_id: str) -> Response:
    """Revoke a share link: its holders lose access at once."""
    _require_owner(set_id)
    try:
        sets.revoke_share_link(get_db(), set_id, link_id)
    except FootnoteError as error:
        flash(f"Nothing revoked: {error.message}.", "error")
    else:
        flash("Share link revoked.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/delete")
@login_required
def delete_set(set_id: str) -> Response:
    """Delete the set with its annotations, members and share links, once the owner confirms."""
    _require_owner(set_id)
    if request.form.get("confirm") != "yes":
        flash("Nothing was deleted: tick the box to confirm.", "error")
        return _back(set_id)
    sets.delete_set(get_db(), set_id)
    flash("Set deleted.", "info")
    return redirect(url_for("web.home"))
