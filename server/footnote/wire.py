"""Store records → wire-format JSON (docs/wire-format.md), and the URLs that name them.

No Flask: the caller passes the service's base URL. The API, the W3C container, the web pages
and the exporters all present records through here.
"""

from __future__ import annotations

from typing import Any

from footnote.match.selectors import not_placeable, page_targets, target_source
from footnote.store.common import display_time
from footnote.urls import is_http_url, same_origin_host

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The creator of an annotation written through a share link: there is no account to name.
LINK_EDITOR_NAME = "anonymous editor via link"


def footnote_context(base_url: str) -> str:
    """The URL of Footnote's extra JSON-LD context."""
    return f"{base_url}/ns/footnote.jsonld"


def annotation_url(base_url: str, annotation_id: str) -> str:
    """The API URL (and W3C id) of an annotation."""
    return f"{base_url}/api/annotations/{annotation_id}"


def user_url(base_url: str, username: str) -> str:
    """The IRI naming a user as a creator."""
    return f"{base_url}/users/{username}"


def container_url(base_url: str, set_id: str) -> str:
    """The Web Annotation Protocol container of a set (ends in a slash, as the protocol says)."""
    return f"{base_url}/w3c/sets/{set_id}/"


def w3c_annotation_url(base_url: str, set_id: str, annotation_id: str) -> str:
    """An annotation's IRI inside its set's container."""
    return container_url(base_url, set_id) + annotation_id


def annotation_to_wire(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """An annotation record as the API returns it."""
    kind = record["kind"]
    body = []
    if record["body_text"]:
        body.append(
            {
                "type": "TextualBody",
                "value": record["body_text"],
                "format": record.get("body_format") or "text/plain",
                "purpose": "commenting" if kind == "note" else "describing",
            }
        )
    wire: dict[str, Any] = {
        "@context": [ANNO_CONTEXT, footnote_context(base_url)],
        "id": annotation_url(base_url, record["id"]),
        "type": "Annotation",
        "kind": kind,
        "motivation": record["motivation"],
        "body": body,
        "verdict": record["verdict"],
        "sources": record["sources"],
        "tags": record["tags"],
        "target": record["target"],
    }
    parent = record.get("reply_to")
    if parent:
        # A reply's target is the annotation it answers, named by this service's IRI for it.
        wire["target"] = {"source": annotation_url(base_url, parent)}
    elif kind == "note":
        source = record["target"]["source"]
        wire["document"] = {
            "uri": source,
            "equivalents": [
                {
                    "href": link["href"],
                    "rel": link["rel"],
                    "verified": same_origin_host(link["href"], source),
                }
                for link in record["links"]
            ],
        }
    reason = not_placeable_reason(record)
    if reason is not None:
        wire["placeable"] = False
        wire["placeableReason"] = reason
    targets = original_targets(record) if kind == "note" and not parent else None
    if targets:
        wire["targets"] = targets
    wire["creator"] = creator_to_wire(record, base_url)
    imported = imported_creator(record)
    if imported is not None:
        wire["importedCreator"] = imported
    wire["created"] = display_time(record["created"])
    wire["modified"] = display_time(record["modified"])
    wire["set"] = record["set_id"]
    wire["setVersion"] = record["set_version"]
    if record.get("rating_status"):
        wire["ratingStatus"] = record["rating_status"]
    return wire


def creator_to_wire(record: dict[str, Any], base_url: str) -> dict[str, Any] | None:
    """Who added the annotation to Footnote: the account, or the share link's anonymous editor.

    Set by the service from the authenticated caller, never from what a client sends.
    """
    creator = record.get("creator")
    if creator:
        return {"type": "Person", "id": user_url(base_url, creator), "name": creator}
    if (record.get("extra") or {}).get("addedVia") == "share-link":
        return {"type": "Person", "name": LINK_EDITOR_NAME}
    return None


def imported_creator(record: dict[str, Any]) -> Any:
    """The original creator an imported annotation named (an IRI, an agent, or a list), or None.

    An imported attribution: shown as such, never as a local account.
    """
    fields = ((record.get("extra") or {}).get("w3c") or {}).get("fields") or {}
    return fields.get("creator")


def imported_creator_name(record: dict[str, Any]) -> str | None:
    """A readable name for an imported attribution (its name, nickname or IRI)."""
    value = imported_creator(record)
    first = value[0] if isinstance(value, list) and value else value
    if isinstance(first, dict):
        first = first.get("name") or first.get("nickname") or first.get("id")
    return first if isinstance(first, str) and first else None


def _stand_in(record: dict[str, Any]) -> dict[str, Any] | None:
    """The kept W3C form of an import stored with a stand-in target (still unedited), or None."""
    w3c = (record.get("extra") or {}).get("w3c") or {}
    kept = w3c.get("unplaceable")
    if isinstance(kept, dict) and kept.get("target") == record.get("target"):
        return w3c
    return None


def original_targets(record: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The original W3C targets the engine places (docs/matching.md §4a), for an import stored
    with a stand-in target: [{source, selector?}] for each web-page target, or None."""
    w3c = _stand_in(record)
    if w3c is None:
        return None
    original = (w3c.get("fields") or {}).get("target")
    out = []
    for target in page_targets(original):
        source = target_source(target)
        if not_placeable(target) is None and source and is_http_url(source):
            placed: dict[str, Any] = {"source": source}
            if isinstance(target, dict) and "selector" in target:
                placed["selector"] = target["selector"]
            out.append(placed)
    return out or None


def not_placeable_reason(record: dict[str, Any]) -> str | None:
    """Why the extension cannot place this annotation on a page, or None when it can.

    An import Footnote cannot store as one target of its own (several targets, structural
    selectors) keeps its original target beside a stand-in page target; it is placeable when
    the engine can place one of the original targets, and once someone gives it a target of
    Footnote's own.
    """
    w3c = _stand_in(record)
    if w3c is None or original_targets(record):
        return None
    return str(w3c["unplaceable"].get("reason") or "Footnote cannot place this target on a page")


def tombstone_to_wire(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A deleted annotation as sync reports it, its id a URL like a live annotation's."""
    return {
        "id": annotation_url(base_url, record["id"]),
        "setVersion": record.get("setVersion", record.get("set_version")),
        "deleted": display_time(record["deleted"]),
    }


def set_to_wire(record: dict[str, Any], role: str | None, base_url: str) -> dict[str, Any]:
    """A set as the API returns it, with the caller's role."""
    return {
        "id": record["id"],
        "title": record["title"],
        "description": record["description"],
        "visibility": record["visibility"],
        "version": record["version"],
        "owner": record["owner"],
        "role": role,
        "annotationCount": record["annotation_count"],
        "openReplies": bool(record.get("open_replies")),
        "bridging": bool(record.get("bridging")),
        "created": display_time(record["created"]),
        "modified": display_time(record["modified"]),
        "url": f"{base_url}/sets/{record['id']}",
    }


def share_link_to_wire(record: dict[str, Any]) -> dict[str, Any]:
    """A share link without its token (the token is shown once, at creation)."""
    return {
        "id": record["id"],
        "role": record["role"],
        "created": display_time(record["created"]),
    }


def token_to_wire(record: dict[str, Any]) -> dict[str, Any]:
    """An API token's metadata (never its plaintext)."""
    return {
        "id": record["id"],
        "name": record["name"],
        "created": display_time(record["created"]),
        "lastUsed": display_time(record.get("last_used")),
    }


def user_to_wire(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A user's public profile."""
    return {
        "username": record["username"],
        "id": user_url(base_url, record["username"]),
        "created": display_time(record["created"]),
    }


def rating_to_wire(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A reader's own rating of an annotation."""
    return {
        "annotation": annotation_url(base_url, record["annotation_id"]),
        "helpful": bool(record["helpful"]),
        "reason": record["reason"],
        "created": display_time(record["created"]),
        "modified": display_time(record["modified"]),
    }


def report_to_wire(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A "wrong on this page" report as its reader sees it after sending it."""
    return {
        "id": record["id"],
        "annotation": annotation_url(base_url, record["annotation_id"]),
        "url": record["url"],
        "sentence": record["sentence"],
        "reason": record["reason"],
        "created": display_time(record["created"]),
    }


def inbox_to_wire(entries: list[dict[str, Any]], base_url: str) -> list[dict[str, Any]]:
    """The editors' inbox: open reports grouped by annotation, then by page and sentence."""
    return [
        {
            "annotation": annotation_to_wire(entry["annotation"], base_url),
            "count": entry["count"],
            "reports": [
                {
                    "url": group["url"],
                    "sentence": group["sentence"],
                    "reasons": group["reasons"],
                    "count": group["count"],
                    "first": display_time(group["first"]),
                    "last": display_time(group["last"]),
                    "proposedNot": group["proposed_not"],
                    "excludeUrl": group["exclude_url"],
                    "excludeSite": group["exclude_site"],
                }
                for group in entry["groups"]
            ],
        }
        for entry in entries
    ]
