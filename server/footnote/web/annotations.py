"""Annotations as the web pages show them: the wire format, first page only."""

from __future__ import annotations

from typing import Any

ANNOTATIONS_SHOWN = 200


def annotations_for_page(set_id: str) -> tuple[list[dict[str, Any]], bool]:
    """The set's first annotations as wire-format dicts, and whether there are more."""
    return [], False
