"""Forms that change a set: create it, edit its settings, members and share links."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from footnote import store
from footnote.db import get_db
from footnote.errors import ApiError
from footnote.web import bp
from footnote.web.pages import set_page
from footnote.web.session import current_user, login_required


def _require_owner(set_id: str) -> str:
    """The signed-in user's id if they own the set; 404 if they may not see it, 403 otherwise."""
    db = get_db()
    user = current_user()
    assert user is not None
    the_set = store.get_set(db, set_id)
    role = store.role_for(db, set_id, user["id"]) if the_set else None
    if the_set is None or (role is None and the_set["visibility"] == "private"):
        abort(404)
    if role != "owner":
        abort(403)
    return user["id"]


def _back(set_id: str) -> Response:
    """Redirect to the set page (post/redirect/get)."""
    return redirect(url_for("web.set_page", set_id=set_id))


def _set_fields() -> dict[str, str]:
    """Title, description and visibility from the submitted form."""
    return {
        "title": request.form.get("title", "").strip(),
        "description": request.form.get("description", "").strip(),
        "visibility": request.form.get("visibility", "private"),
    }


@bp.post("/sets")
@login_required
def create_set() -> Response:
    """Create a set owned by the signed-in user and open it."""
    user = current_user()
    assert user is not None
    try:
        created = store.create_set(get_db(), user["id"], **_set_fields())
    except ApiError as error:
        flash(f"The set was not created: {error.message}", "error")
        return redirect(url_for("web.home"))
    flash("Set created.", "info")
    return _back(created["id"])


@bp.post("/sets/<set_id>/settings")
@login_required
def edit_set(set_id: str) -> Response:
    """Save title, description and visibility."""
    _require_owner(set_id)
    try:
        store.update_set(get_db(), set_id, **_set_fields())
    except ApiError as error:
        flash(f"Nothing was saved: {error.message}", "error")
    else:
        flash("Settings saved.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/members")
@login_required
def add_member(set_id: str) -> Response:
    """Add a member, or change an existing member's role."""
    _require_owner(set_id)
    username = request.form.get("username", "").strip()
    role = request.form.get("role", "viewer")
    try:
        store.put_member(get_db(), set_id, username, role)
    except ApiError as error:
        flash(f"Member not added: {error.message}", "error")
    else:
        flash(f"{username} is now {role}.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/members/<username>/remove")
@login_required
def remove_member(set_id: str, username: str) -> Response:
    """Remove a member (the owner cannot remove themselves here)."""
    _require_owner(set_id)
    try:
        store.delete_member(get_db(), set_id, username)
    except ApiError as error:
        flash(f"Member not removed: {error.message}", "error")
    else:
        flash(f"{username} removed.", "info")
    return _back(set_id)


@bp.post("/sets/<set_id>/share-links")
@login_required
def create_share_link(set_id: str) -> str | Response:
    """Create a share link and show its URL once, in this response only."""
    user_id = _require_owner(set_id)
    role = request.form.get("role", "viewer")
    try:
        _link, token = store.create_share_link(get_db(), set_id, role, user_id)
    except ApiError as error:
        flash(f"No link created: {error.message}", "error")
        return _back(set_id)
    new_url = url_for("web.share_page", share_token=token, _external=True)
    return set_page(set_id, new_share_url=new_url, new_share_role=role)


@bp.post("/sets/<set_id>/share-links/<link_id>/revoke")
@login_required
def revoke_share_link(set_id: str, link_id: str) -> Response:
    """Revoke a share link: its holders lose access at once."""
    _require_owner(set_id)
    store.revoke_share_link(get_db(), set_id, link_id)
    flash("Share link revoked.", "info")
    return _back(set_id)
