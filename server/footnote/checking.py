"""`footnote check`'s input: pages from files or http(s), annotations from a file or the store.

The engine part (`footnote.match.check`) takes the loaded HTML and wire-format annotations.
"""

from __future__ import annotations

import json
import re
import urllib.request
from email.message import Message
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from footnote.db import connect
from footnote.match.check import Page
from footnote.store.annotations import list_all
from footnote.store.sets import get_set
from footnote.wire import original_targets

FETCH_TIMEOUT = 10  # seconds
MAX_PAGE_BYTES = 10 * 1024 * 1024


class CheckError(Exception):
    """A page or an annotation set that cannot be read."""


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_PAGE_BYTES) -> Page:
    """Download an http(s) page (bounded in time and size); the final URL is the page URL."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise CheckError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": "footnote-check/1"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(max_bytes + 1)
            final_url = response.geturl()
            headers: Message = response.headers
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise CheckError(f"{url}: {exc}") from exc
    if len(body) > max_bytes:
        raise CheckError(f"{url}: larger than {max_bytes} bytes")
    charset = headers.get_content_charset() or "utf-8"
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    return Page(url, final_url, html)


def _declared_url(html: str) -> str | None:
    """The page's canonical or og:url link, if it declares one."""
    soup = BeautifulSoup(html, "html.parser")
    link = soup.find("link", rel="canonical")
    if link is not None and link.get("href"):
        return str(link.get("href"))
    meta = soup.find("meta", property="og:url")
    if meta is not None and meta.get("content"):
        return str(meta.get("content"))
    return None


def load_page(source: str) -> Page:
    """An http(s) URL is fetched; anything else is an HTML file (its URL from canonical/og:url)."""
    if re.match(r"https?://", source, re.IGNORECASE):
        return fetch(source)
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CheckError(f"{source}: {exc.strerror or exc}") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise CheckError(f"{source}: larger than {MAX_PAGE_BYTES} bytes")
    html = data.decode("utf-8", errors="replace")
    return Page(source, _declared_url(html) or path.resolve().as_uri(), html)


def annotations_from_file(path: str) -> list[dict[str, Any]]:
    """Wire-format annotations from a JSON file: a list, or an object with `annotations`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckError(f"{path}: {exc}") from exc
    items = data.get("annotations") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise CheckError(f"{path}: expected a list of annotations or {{'annotations': [...]}}")
    return [item for item in items if isinstance(item, dict)]


def annotations_from_store(db_path: str, set_id: str) -> list[dict[str, Any]]:
    """Every live annotation of a stored set, shaped like wire-format annotations."""
    db = connect(db_path, migrate=True)
    try:
        if get_set(db, set_id) is None:
            raise CheckError(f"no set {set_id!r} in {db_path}")
        records = list_all(db, set_id)
    finally:
        db.conn.close()
    out = []
    for record in records:
        annotation = {
            "id": record["id"],
            "kind": record.get("kind"),
            "verdict": record.get("verdict"),
            "target": record.get("target") or {},
            "body": [{"value": record["body_text"]}] if record.get("body_text") else [],
        }
        targets = original_targets(record)  # an import placed through its W3C targets
        if targets and record.get("kind") == "note":
            annotation["targets"] = targets
        out.append(annotation)
    return out
