"""Sets, members and share links."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from footnote import store, validation
from footnote.errors import Forbidden, NotFound, Unauthorized
from footnote.http.auth import current_principal, require_role, require_user, set_for
from footnote.http.connection import get_db, request_scoring
from footnote.http.request import base_url, check_query, json_body
from footnote.wire import set_to_wire, share_link_to_wire

bp = Blueprint("api_sets", __name__)


@bp.get("/sets")
def list_sets() -> Response:
    """Public sets (`?public=1`), else the caller's own sets (or a share link's one set)."""
    check_query(("public",))
    db = get_db()
    base = base_url()
    if request.args.get("public") in ("1", "true"):
        principal = current_principal()
        rows = store.list_sets(db, public=True)
        return jsonify(
            {"sets": [set_to_wire(r, store.role_for(db, r["id"], principal), base) for r in rows]}
        )
    principal = current_principal()
    if principal.is_share:
        found, role = set_for(principal.share_set_id or "", principal)
        return jsonify({"sets": [set_to_wire(found, role, base)]})
    if not principal.is_user:
        raise Unauthorized("sign in to list your sets, or ask for ?public=1", "Authorization")
    rows = store.list_sets(db, user_id=principal.user_id)
    return jsonify(
        {"sets": [set_to_wire(r, store.role_for(db, r["id"], principal), base) for r in rows]}
    )


@bp.post("/sets")
def create_set() -> tuple[Response, int, dict[str, str]]:
    """Create a set owned by the caller."""
    principal = require_user()
    data = validation.validate_set(json_body())
    created = store.create_set(get_db(), principal.user_id or "", **data)
    return (
        jsonify(set_to_wire(created, "owner", base_url())),
        201,
        {"Location": f"{base_url()}/api/sets/{created['id']}"},
    )


@bp.get("/sets/<set_id>")
def get_set(set_id: str) -> Response:
    """One set, with the caller's role."""
    found, role = set_for(set_id)
    return jsonify(set_to_wire(found, role, base_url()))


@bp.patch("/sets/<set_id>")
def update_set(set_id: str) -> Response:
    """Change title, description or visibility (owner)."""
    found, _role = require_role(set_id, "owner")
    changes = validation.validate_set(json_body(), partial=True)
    updated = store.update_set(get_db(), set_id, changes)
    scored_before = bool(found["bridging"]) and found["visibility"] == "public"
    if scored_before != (bool(updated["bridging"]) and updated["visibility"] == "public"):
        request_scoring()  # statuses appear or go, in the background
    return jsonify(set_to_wire(updated, "owner", base_url()))


@bp.delete("/sets/<set_id>")
def delete_set(set_id: str) -> tuple[str, int]:
    """Delete a set and everything in it (owner)."""
    require_role(set_id, "owner")
    store.delete_set(get_db(), set_id)
    return "", 204


@bp.get("/sets/<set_id>/members")
def list_members(set_id: str) -> Response:
    """The set's owner and members (any member; not share-link holders)."""
    principal = current_principal()
    _found, role = set_for(set_id, principal)
    if principal.is_share:
        raise Forbidden("share links do not show the member list", "set")
    if role is None:
        if not principal.is_user:
            raise Unauthorized("sign in as a member to see the members", "Authorization")
        raise Forbidden("only members see the member list", "set")
    members = store.list_members(get_db(), set_id)
    return jsonify({"members": [{"username": m["username"], "role": m["role"]} for m in members]})


@bp.put("/sets/<set_id>/members/<username>")
def put_member(set_id: str, username: str) -> Response:
    """Add a member or change their role (owner)."""
    require_role(set_id, "owner")
    role = validation.validate_member(json_body())
    return jsonify(store.put_member(get_db(), set_id, username, role))


@bp.delete("/sets/<set_id>/members/<username>")
def delete_member(set_id: str, username: str) -> tuple[str, int]:
    """Remove a member (owner)."""
    require_role(set_id, "owner")
    store.delete_member(get_db(), set_id, username)
    return "", 204


@bp.get("/sets/<set_id>/share-links")
def list_share_links(set_id: str) -> Response:
    """The set's active share links, without tokens (owner)."""
    require_role(set_id, "owner")
    links = store.list_share_links(get_db(), set_id)
    return jsonify({"shareLinks": [share_link_to_wire(link) for link in links]})


@bp.post("/sets/<set_id>/share-links")
def create_share_link(set_id: str) -> tuple[Response, int]:
    """Create a viewer or editor share link; its token is in this response only (owner)."""
    principal = current_principal()
    require_role(set_id, "owner", principal)
    role = validation.validate_share_link(json_body())
    link, token = store.create_share_link(get_db(), set_id, role, principal.user_id)
    wire = share_link_to_wire(link)
    wire["token"] = token
    wire["url"] = f"{base_url()}/s/{token}"
    return jsonify(wire), 201


@bp.delete("/sets/<set_id>/share-links/<link_id>")
def revoke_share_link(set_id: str, link_id: str) -> tuple[str, int]:
    """Revoke a share link at once (owner)."""
    require_role(set_id, "owner")
    store.revoke_share_link(get_db(), set_id, link_id)
    return "", 204


@bp.get("/share/<token>")
def follow_share_link(token: str) -> Response:
    """What a share token opens: the set and the role it grants (no other auth needed)."""
    db = get_db()
    link = store.resolve_share_token(db, token)
    found = store.get_set(db, link["set_id"]) if link else None
    if link is None or found is None:
        raise NotFound("this share link is unknown or was revoked", "token")
    return jsonify({"set": set_to_wire(found, link["role"], base_url()), "role": link["role"]})
