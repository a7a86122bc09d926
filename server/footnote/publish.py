"""Publishing a set as static files with differential updates (docs/static-sets.md).

A folder any web server, object store or CDN can host: a manifest readers follow, the newest
snapshot, and one small patch per publish. The patch from version v is written when the next
version is published, at the address every earlier file already named, so until then a host
answers 404 there: "no update yet". No Flask; the CLI's `footnote publish` wraps it.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from footnote import store, wire
from footnote.errors import Conflict, NotFound

MANIFEST_NAME = "footnote-set.json"
LOCK_NAME = ".footnote-publish.lock"
MANIFEST_TYPE = "FootnoteStaticSet"
SNAPSHOT_TYPE = "FootnoteStaticSnapshot"
PATCH_TYPE = "FootnoteStaticPatch"
FORMAT_VERSION = 1
DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600
SNAPSHOTS_KEPT = 2
MIN_INTERVAL_SECONDS = 1.0
MAX_INTERVAL_SECONDS = 3600.0


@dataclass
class PublishResult:
    """What one publish did: the version now published, the one before, files written/removed."""

    version: int
    previous: int | None
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything was published (False when the folder was already current)."""
        return bool(self.written)


def snapshot_path(version: int) -> str:
    """Where the snapshot of a version lives, relative to the manifest."""
    return f"snapshots/{version}.json"


def patch_path(since: int) -> str:
    """Where the patch from version `since` to the next published version will appear."""
    return f"patches/{since}.json"


def write_atomic(path: Path, data: bytes) -> None:
    """Writes a file through a temporary file and a rename, so a host never serves half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes 0600; the web server's user must read it
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_document(folder: Path, relative: str, document: dict[str, Any]) -> list[str]:
    """Writes a JSON file and its gzip twin (`.json.gz`, for nginx `gzip_static` and hosts that
    serve precompressed files), each atomically; the twin first, so it is never the older one."""
    data = _encode(document)
    write_atomic(folder / f"{relative}.gz", gzip.compress(data, compresslevel=9, mtime=0))
    write_atomic(folder / relative, data)
    return [relative, f"{relative}.gz"]


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest published in `folder`, or None before the first publish."""
    path = Path(folder) / MANIFEST_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _annotation(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """The API's wire form without the per-annotation `@context` (the manifest carries it once)."""
    item = wire.annotation_to_wire(record, base_url)
    del item["@context"]
    return item


def _set_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether the set's own fields a reader shows changed (a patch then carries the set)."""
    return any(before.get(name) != after.get(name) for name in ("title", "description"))


def _read_consistently(
    db: Database, set_id: str, since: int | None
) -> tuple[dict[str, Any], list, list, list]:
    """The set, its live annotations, and (from `since`) the changes, all from one read snapshot."""
    started = not db.conn.in_transaction
    if started:
        db.conn.execute("BEGIN")
    try:
        found = store.get_set(db, set_id)
        if found is None:
            raise NotFound(f"no set {set_id!r}", "set")
        live, _ = store.changes_since(db, set_id, 0)
        changed, tombstones = store.changes_since(db, set_id, since) if since else ([], [])
    finally:
        if started:
            db.conn.execute("COMMIT")
    return found, live, changed, tombstones


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One publisher at a time per folder (a watcher and a cron job may overlap): two publishes
    from the same version would write two different patches at the same address."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish_set(
    db: Database,
    set_id: str,
    folder: Path,
    base_url: str,
    *,
    retention_seconds: int = DEFAULT_RETENTION_SECONDS,
    now: float | None = None,
) -> PublishResult:
    """Publishes the set's current version into `folder` (nothing when it is already current);
    other publishers of the same folder wait their turn."""
    folder = Path(folder)
    with _folder_lock(folder):
        return _publish_locked(
            db, set_id, folder, base_url, retention_seconds=retention_seconds, now=now
        )


def _publish_locked(
    db: Database,
    set_id: str,
    folder: Path,
    base_url: str,
    *,
    retention_seconds: int = DEFAULT_RETENTION_SECONDS,
    now: float | None = None,
) -> PublishResult:
    """Publishes under the folder's lock.

    Order matters for readers polling meanwhile: the patch from the previous version first, then
    the snapshot, then the manifest that names them; old files are pruned last.
    """
    folder = Path(folder)
    moment = time.time() if now is None else now
    base_url = base_url.rstrip("/")
    manifest = read_manifest(folder)
    previous: int | None = None
    if manifest is not None:
        if manifest.get("type") != MANIFEST_TYPE or manifest.get("set", {}).get("id") != set_id:
            raise Conflict(f"{folder} holds another set's files: publish to an empty folder", "to")
        previous = int(manifest["version"])
    found, live, changed, tombstones = _read_consistently(db, set_id, previous)
    version = found["version"]
    result = PublishResult(version=version, previous=previous)
    if previous is not None and version < previous:
        raise Conflict(
            f"{folder} is at version {previous}, ahead of the set ({version}): was the database "
            "restored? Publish to an empty folder so readers start again from a snapshot",
            "to",
        )
    if previous == version:
        return result

    published = _timestamp(moment)
    set_record = wire.set_to_wire(found, None, base_url)
    next_patch = patch_path(version)
    if previous is not None:
        patch = {
            "type": PATCH_TYPE,
            "formatVersion": FORMAT_VERSION,
            "since": previous,
            "version": version,
            "published": published,
            "next": next_patch,
            "annotations": [_annotation(r, base_url) for r in changed],
            "deleted": [wire.tombstone_to_wire(t, base_url) for t in tombstones],
        }
        if manifest is not None and _set_changed(manifest["set"], set_record):
            patch["set"] = set_record
        result.written += write_document(folder, patch_path(previous), patch)
    snapshot = {
        "type": SNAPSHOT_TYPE,
        "formatVersion": FORMAT_VERSION,
        "since": 0,
        "version": version,
        "published": published,
        "next": next_patch,
        "set": set_record,
        "annotations": [_annotation(r, base_url) for r in live],
        "deleted": [],
    }
    result.written += write_document(folder, snapshot_path(version), snapshot)
    result.removed = _prune(folder, version, moment, retention_seconds)
    new_manifest = {
        "@context": [wire.ANNO_CONTEXT, wire.footnote_context(base_url)],
        "type": MANIFEST_TYPE,
        "formatVersion": FORMAT_VERSION,
        "set": set_record,
        "version": version,
        "published": published,
        "snapshot": snapshot_path(version),
        "next": next_patch,
        "oldestPatch": _oldest_patch(folder),
        "patchRetentionSeconds": retention_seconds,
    }
    result.written += write_document(folder, MANIFEST_NAME, new_manifest)
    return result


def _numbered(directory: Path) -> list[tuple[int, Path]]:
    """The `<number>.json` files of a folder, by number."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.json"):
        if path.stem.isdigit():
            found.append((int(path.stem), path))
    return sorted(found)


def _oldest_patch(folder: Path) -> int | None:
    patches = _numbered(folder / "patches")
    return patches[0][0] if patches else None


def _prune(folder: Path, version: int, moment: float, retention_seconds: int) -> list[str]:
    """Removes patches superseded more than `retention_seconds` ago (a patch file is written when
    its version is superseded, so its modification time says when) and all but the newest
    snapshots (the one before stays for readers that read the previous manifest)."""
    removed = []
    expired = [
        path
        for _since, path in _numbered(folder / "patches")
        if path.stat().st_mtime < moment - retention_seconds
    ]
    snapshots = [(v, p) for v, p in _numbered(folder / "snapshots") if v <= version]
    for path in expired + [path for _v, path in snapshots[:-SNAPSHOTS_KEPT]]:
        path.unlink()  # the JSON first: a reader never finds a twin whose JSON is gone
        Path(f"{path}.gz").unlink(missing_ok=True)
        removed.append(f"{path.parent.name}/{path.name}")
    return removed


def bounded_interval(seconds: float) -> float:
    """The watch interval clamped to 1 s – 1 h."""
    return min(max(seconds, MIN_INTERVAL_SECONDS), MAX_INTERVAL_SECONDS)


def watch(
    open_database: Callable[[], Database],
    set_id: str,
    folder: Path,
    base_url: str,
    *,
    interval: float,
    retention_seconds: int = DEFAULT_RETENTION_SECONDS,
    on_publish: Callable[[PublishResult], None] = lambda _result: None,
    on_error: Callable[[OSError], None] = lambda _error: None,
    should_stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Publishes whenever the set's version moved, checking every `interval` seconds.

    One indexed read per tick while nothing changes; a burst of edits within one interval becomes
    one patch. The database is opened per tick so the watcher holds no connection while idle.
    A failed write (a full disk, a folder briefly unmounted) is reported and retried at the next
    tick; a set that no longer exists stops the watch.
    """
    interval = bounded_interval(interval)
    published: int | None = None
    while not should_stop():
        db = open_database()
        try:
            found = store.get_set(db, set_id)
            if found is None:
                raise NotFound(f"no set {set_id!r}", "set")
            if found["version"] != published:
                result = publish_set(
                    db, set_id, folder, base_url, retention_seconds=retention_seconds
                )
                published = result.version
                if result.changed:
                    on_publish(result)
        except OSError as error:
            on_error(error)
        finally:
            db.close()
        if should_stop():
            break
        sleep(interval)
