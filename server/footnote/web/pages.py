"""Pages anyone may read: home, set pages, share-link pages, user pages."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from footnote import store
from footnote.db import get_db
from footnote.web import bp, not_found_page
from footnote.web.session import current_user

ANNOTATIONS_SHOWN = 200


def _annotations(set_id: str) -> tuple[list[dict[str, Any]], bool]:
    """The first annotations of a set as wire-format dicts, and whether there are more."""
    items = store.list_all(get_db(), set_id)
    return items[:ANNOTATIONS_SHOWN], len(items) > ANNOTATIONS_SHOWN


@bp.get("/")
def home() -> str:
    """Public sets for everyone; the user's own sets and a create form when signed in."""
    db = get_db()
    user = current_user()
    my_sets = store.list_sets(db, user_id=user["id"]) if user else []
    return render_template(
        "web/home.html", public_sets=store.list_sets(db, public=True), my_sets=my_sets
    )


@bp.get("/sets/<set_id>")
def set_page(set_id: str, **extra: Any) -> str:
    """A set: its annotations for readers; settings, members and share links for its owner."""
    db = get_db()
    user = current_user()
    the_set = store.get_set(db, set_id)
    role = store.role_for(db, set_id, user["id"] if user else None) if the_set else None
    if the_set is None or (role is None and the_set["visibility"] == "private"):
        abort(404)
    annotations, more = _annotations(set_id)
    context: dict[str, Any] = {}
    if role == "owner":
        context["members"] = store.list_members(db, set_id)
        context["share_links"] = store.list_share_links(db, set_id)
    return render_template(
        "web/set.html",
        the_set=the_set,
        role=role,
        annotations=annotations,
        more_annotations=more,
        share_token="",
        **context,
        **extra,
    )


@bp.get("/s/<share_token>")
def share_page(share_token: str) -> str | tuple[str, int]:
    """A share link: the set it grants, with "Follow this set" (or install steps)."""
    db = get_db()
    resolved = store.resolve_share_token(db, share_token)
    if resolved is None:
        return not_found_page(
            heading="This share link does not work",
            message=(
                "The link is unknown or its owner has revoked it. Ask the person who shared it "
                "for a new one."
            ),
        )
    the_set, role = resolved
    annotations, more = _annotations(the_set["id"])
    return render_template(
        "web/share.html",
        the_set=the_set,
        share_role=role,
        share_token=share_token,
        annotations=annotations,
        more_annotations=more,
    )


@bp.get("/users/<name>")
def user_page(name: str) -> str:
    """A user's public sets."""
    db = get_db()
    user = store.get_user_by_name(db, name)
    if user is None:
        abort(404)
    sets = [s for s in store.list_sets(db, public=True) if s.get("owner") == user["username"]]
    return render_template("web/user.html", user_name=user["username"], sets=sets)
