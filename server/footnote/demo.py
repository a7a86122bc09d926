"""The demo set "Open-source AI claims": loaded by `footnote demo`, idempotent."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlite_utils import Database

from footnote import store, validation
from footnote.store.annotations import CONTENT_FIELDS
from footnote.transaction import write_transaction

SYSTEM_USER = "footnote"


def demo_data() -> dict[str, Any]:
    """The demo set as shipped in footnote/data/demo.json."""
    text = resources.files("footnote").joinpath("data/demo.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_demo(db: Database) -> dict[str, Any]:
    """Create or bring up to date the demo set; running it again changes nothing.

    Returns `{"set": <set record>, "created": n, "updated": n}`.
    """
    data = demo_data()
    set_info = data["set"]
    created = updated = 0
    with write_transaction(db):
        owner = store.get_user_by_name(db, data["owner"])
        if owner is None:
            owner = store.create_user(db, data["owner"], None, is_system=True)
        current = store.get_set(db, set_info["id"])
        fields = {k: set_info[k] for k in ("title", "description", "visibility")}
        if current is None:
            store.create_set(db, owner["id"], set_id=set_info["id"], **fields)
        elif any(current[k] != v for k, v in fields.items()):
            store.update_set(db, set_info["id"], fields)
        for raw in data["annotations"]:
            wanted = dict(raw)
            annotation_id = wanted.pop("id")
            item = validation.validate_annotation(wanted)
            existing = store.get_annotation(db, annotation_id, include_deleted=True)
            if existing is None:
                store.create_many(db, set_info["id"], [{**item, "id": annotation_id}], owner["id"])
                created += 1
            elif existing["deleted"] is not None or any(
                existing[k] != item[k] for k in CONTENT_FIELDS
            ):
                if existing["deleted"] is not None:
                    db.execute(
                        "UPDATE annotations SET deleted = NULL WHERE id = ?", [annotation_id]
                    )
                store.update_annotation(db, annotation_id, item)
                updated += 1
    result = store.get_set(db, set_info["id"])
    assert result is not None
    return {"set": result, "created": created, "updated": updated}
