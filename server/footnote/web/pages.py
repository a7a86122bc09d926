"""Pages anyone may read: home, set pages, share-link pages, user pages."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from footnote import store
from footnote.http import auth
from footnote.http.connection import get_db
from footnote.store import sets, users
from footnote.web import bp, no_store, not_found_page
from footnote.web.annotations import annotations_for_page
from footnote.web.session import current_user

NOT_SHARED_MESSAGE = (
    "This share link is unknown, or the set's owner has revoked it. Ask the person who shared it "
    "with you for a new link."
)


def readable_set(set_id: str) -> tuple[dict[str, Any], str | None]:
    """The set and the signed-in user's role on it; 404 when they may not read it."""
    return auth.set_for(set_id, auth.current_principal(use_session=True))


@bp.get("/")
def home() -> str:
    """Public sets for everyone; the user's own sets and a create form when signed in."""
    db = get_db()
    user = current_user()
    my_sets = sets.list_sets(db, user_id=user["id"]) if user else []
    principal = auth.current_principal(use_session=True)
    for mine in my_sets:
        mine["role"] = sets.role_for(db, mine["id"], principal)
    return render_template(
        "web/home.html", public_sets=sets.list_sets(db, public=True), my_sets=my_sets
    )


@bp.get("/sets/<set_id>")
def set_page(set_id: str, **extra: Any) -> str:
    """A set: its annotations for readers; settings, members and share links for its owner."""
    the_set, role = readable_set(set_id)
    page = annotations_for_page(set_id)
    owner_context: dict[str, Any] = {}
    if role == "owner":
        db = get_db()
        owner_context["members"] = sets.list_members(db, set_id)
        owner_context["share_links"] = sets.list_share_links(db, set_id)
    return render_template(
        "web/set.html",
        the_set=the_set,
        role=role,
        page=page,
        share_token="",
        **owner_context,
        **extra,
    )


@bp.get("/annotations/<annotation_id>")
def annotation_page(annotation_id: str) -> str:
    """One annotation, for a card's permalink: readable by whoever may read its set."""
    record = store.get_annotation(get_db(), annotation_id)
    if record is None:
        abort(404)
    the_set, role = readable_set(record["set_id"])
    return render_template("web/annotation.html", a=record, the_set=the_set, role=role)


@bp.get("/s/<share_token>")
def share_page(share_token: str) -> str | tuple[str, int]:
    """A share link: the set it grants, with "Follow this set" (or install steps)."""
    db = get_db()
    link = sets.resolve_share_token(db, share_token)
    the_set = sets.get_set(db, link["set_id"]) if link else None
    if link is None or the_set is None:
        return not_found_page(heading="This share link does not work", message=NOT_SHARED_MESSAGE)
    page = annotations_for_page(the_set["id"])
    no_store()
    return render_template(
        "web/share.html",
        the_set=the_set,
        share_role=link["role"],
        share_token=share_token,
        page=page,
    )


@bp.get("/users/<name>")
def user_page(name: str) -> str:
    """A user's public sets."""
    db = get_db()
    user = users.get_user_by_name(db, name)
    if user is None:
        abort(404)
    owned = [s for s in sets.list_sets(db, public=True) if s["owner_id"] == user["id"]]
    return render_template("web/user.html", user_name=user["username"], sets=owned)
