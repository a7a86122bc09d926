"""`footnote publish`: a set as static files with patches (docs/static-sets.md, issue 12 point 3).

The reader here is a small model of the extension's: it reads only the files written, the way a
static host would serve them (a missing file is a 404), and applies patches by upsert and
tombstone."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import make_annotation, make_set, make_user, payload
from sqlite_utils import Database

from footnote import publish, store, validation
from footnote.cli import main
from footnote.db import connect
from footnote.errors import Conflict

BASE = "https://notes.example"
GOAL_BYTES = 5 * 1024


@pytest.fixture
def desk(db: Database) -> str:
    """A set with three notes and three claim labels."""
    make_user(db, "alice")
    set_id = make_set(db, "alice", title="Desk")["id"]
    for kind in ("note", "note", "note", "claim", "claim", "claim"):
        make_annotation(db, set_id, kind)
    return set_id


def load(folder: Path, relative: str) -> dict:
    return json.loads((folder / relative).read_text(encoding="utf-8"))


def ten_changes(db: Database, set_id: str, after_each=lambda: None) -> None:
    """Four creations, three edits and three deletions: ten set versions."""
    for kind in ("note", "claim", "note", "site"):
        make_annotation(db, set_id, kind)
        after_each()
    live, _ = store.changes_since(db, set_id, 0)
    for record in live[:3]:
        store.update_annotation(
            db, record["id"], validation.validate_annotation(payload("note", verdict="false"))
        )
        after_each()
    for record in live[3:6]:
        store.delete_annotation(db, record["id"])
        after_each()


class Reader:
    """What a follower keeps (version, next patch, annotations by key) and the bytes it fetched."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fetched: list[str] = []
        manifest = self.get(publish.MANIFEST_NAME)
        assert manifest is not None
        self.take_snapshot(manifest)

    def get(self, relative: str) -> dict | None:
        path = self.folder / relative
        if not path.exists():
            return None  # the host's 404
        self.fetched.append(relative)
        return json.loads(path.read_text(encoding="utf-8"))

    def take_snapshot(self, manifest: dict) -> None:
        snapshot = self.get(manifest["snapshot"])
        assert snapshot is not None and snapshot["since"] == 0
        self.annotations = {a["id"]: a for a in snapshot["annotations"]}
        self.version, self.next = snapshot["version"], snapshot["next"]

    def catch_up(self) -> str:
        """Follows the patch chain; on a 404 asks the manifest whether it is current."""
        while (patch := self.get(self.next)) is not None:
            assert patch["type"] == publish.PATCH_TYPE and patch["since"] == self.version
            for item in patch["annotations"]:
                self.annotations[item["id"]] = item
            for tombstone in patch["deleted"]:
                self.annotations.pop(tombstone["id"], None)
            self.version, self.next = patch["version"], patch["next"]
        manifest = self.get(publish.MANIFEST_NAME)
        assert manifest is not None
        if manifest["version"] == self.version:
            return "current"
        self.take_snapshot(manifest)
        return "snapshot"

    def bytes(self, suffix: str = "") -> int:
        return sum((self.folder / f"{name}{suffix}").stat().st_size for name in self.fetched)


def run_watch(app, set_id: str, folder: Path, between_ticks, ticks: int, **options) -> list:
    """Runs `publish.watch` for `ticks` sleeps, calling `between_ticks(n)` at each; returns what
    it published."""
    published: list[publish.PublishResult] = []
    count = {"n": 0}

    def sleep(seconds: float) -> None:
        count["n"] += 1
        between_ticks(count["n"], seconds)

    publish.watch(
        lambda: connect(app.config["DATABASE"]),
        set_id,
        folder,
        BASE,
        on_publish=published.append,
        should_stop=lambda: count["n"] >= ticks,
        sleep=sleep,
        **options,
    )
    return published


def test_first_publish_writes_manifest_and_snapshot(db, desk, tmp_path):
    folder = tmp_path / "site"
    result = publish.publish_set(db, desk, folder, BASE)
    version = store.get_set(db, desk)["version"]
    assert result.previous is None and result.version == version
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == [
        ".footnote-publish.lock",
        "footnote-set.json",
        "footnote-set.json.gz",
        f"snapshots/{version}.json",
        f"snapshots/{version}.json.gz",
    ]
    manifest = load(folder, "footnote-set.json")
    assert manifest["type"] == "FootnoteStaticSet" and manifest["formatVersion"] == 1
    assert manifest["version"] == version and manifest["set"]["title"] == "Desk"
    assert manifest["snapshot"] == f"snapshots/{version}.json"
    assert manifest["next"] == f"patches/{version}.json"
    assert manifest["oldestPatch"] is None
    assert manifest["patchRetentionSeconds"] == publish.DEFAULT_RETENTION_SECONDS
    snapshot = load(folder, manifest["snapshot"])
    assert snapshot["since"] == 0 and snapshot["next"] == manifest["next"]
    assert len(snapshot["annotations"]) == 6 and snapshot["deleted"] == []
    first = snapshot["annotations"][0]
    assert "@context" not in first and first["id"].startswith(f"{BASE}/api/annotations/")
    for path in folder.rglob("*.json*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by the web server
    twin = gzip.decompress((folder / "footnote-set.json.gz").read_bytes())
    assert twin == (folder / "footnote-set.json").read_bytes()


def test_republish_writes_one_patch_at_the_address_already_named(db, desk, tmp_path):
    folder = tmp_path / "site"
    first = publish.publish_set(db, desk, folder, BASE)
    assert not (folder / f"patches/{first.version}.json").exists()  # a 404: no update yet
    assert not publish.publish_set(db, desk, folder, BASE).changed  # nothing new, nothing written
    ten_changes(db, desk)
    second = publish.publish_set(db, desk, folder, BASE)
    assert second.previous == first.version and second.version == first.version + 10
    patch = load(folder, f"patches/{first.version}.json")
    assert patch["type"] == "FootnoteStaticPatch"
    assert (patch["since"], patch["version"]) == (first.version, second.version)
    assert patch["next"] == f"patches/{second.version}.json"
    assert len(patch["annotations"]) == 4 + 3 and len(patch["deleted"]) == 3
    assert "set" not in patch  # title and description did not change
    manifest = load(folder, "footnote-set.json")
    assert manifest["version"] == second.version and manifest["oldestPatch"] == first.version


def test_a_patch_carries_the_set_when_its_title_changes(db, desk, tmp_path):
    folder = tmp_path / "site"
    first = publish.publish_set(db, desk, folder, BASE)
    store.update_set(db, desk, {"title": "Desk (archived)"})
    make_annotation(db, desk, "note")
    publish.publish_set(db, desk, folder, BASE)
    assert load(folder, f"patches/{first.version}.json")["set"]["title"] == "Desk (archived)"


@pytest.mark.parametrize("publish_each_edit", [False, True], ids=["one-publish", "every-edit"])
def test_a_reader_ten_changes_behind_downloads_under_5_kb(db, desk, tmp_path, publish_each_edit):
    folder = tmp_path / "site"
    publish.publish_set(db, desk, folder, BASE)
    reader = Reader(folder)
    reader.fetched.clear()

    def republish() -> None:
        if publish_each_edit:
            publish.publish_set(db, desk, folder, BASE)

    ten_changes(db, desk, republish)
    publish.publish_set(db, desk, folder, BASE)
    assert reader.catch_up() == "current"
    patches = [name for name in reader.fetched if name.startswith("patches/")]
    assert len(patches) == (10 if publish_each_edit else 1)
    compressed = reader.bytes(".gz")
    print(f"reader 10 changes behind: {reader.bytes()} bytes raw, {compressed} gzip")
    assert compressed < GOAL_BYTES
    fresh = Reader(folder)
    assert reader.annotations == fresh.annotations and reader.version == fresh.version


def test_patches_expire_and_a_reader_too_far_behind_takes_the_snapshot(db, desk, tmp_path):
    folder = tmp_path / "site"
    first = publish.publish_set(db, desk, folder, BASE, retention_seconds=3600)
    stale = Reader(folder)
    make_annotation(db, desk, "note")
    second = publish.publish_set(db, desk, folder, BASE, retention_seconds=3600)
    old_patch = folder / f"patches/{first.version}.json"
    hours_ago = old_patch.stat().st_mtime - 2 * 3600
    os.utime(old_patch, (hours_ago, hours_ago))
    make_annotation(db, desk, "claim")
    third = publish.publish_set(db, desk, folder, BASE, retention_seconds=3600)
    assert f"patches/{first.version}.json" in third.removed
    assert not old_patch.exists() and not Path(f"{old_patch}.gz").exists()
    assert (folder / f"patches/{second.version}.json").exists()
    assert load(folder, "footnote-set.json")["oldestPatch"] == second.version
    assert stale.catch_up() == "snapshot"  # 404 on its patch, and the manifest is newer
    assert stale.version == third.version and len(stale.annotations) == 8


def test_only_the_two_newest_snapshots_are_kept(db, desk, tmp_path):
    folder = tmp_path / "site"
    versions = []
    for _ in range(4):
        versions.append(publish.publish_set(db, desk, folder, BASE).version)
        make_annotation(db, desk, "note")
    kept = sorted(p.name for p in (folder / "snapshots").glob("*.json"))
    assert kept == sorted(f"{v}.json" for v in versions[-2:])
    assert len(list((folder / "patches").glob("*.json"))) == 3  # patches outlive snapshots


def test_refuses_a_folder_of_another_set_or_ahead_of_the_set(db, desk, tmp_path):
    folder = tmp_path / "site"
    publish.publish_set(db, desk, folder, BASE)
    other = make_set(db, "alice", title="Other")["id"]
    with pytest.raises(Conflict, match="another set"):
        publish.publish_set(db, other, folder, BASE)
    manifest = load(folder, "footnote-set.json")
    publish.write_atomic(
        folder / "footnote-set.json", json.dumps({**manifest, "version": 999}).encode()
    )
    with pytest.raises(Conflict, match="ahead of the set"):
        publish.publish_set(db, desk, folder, BASE)


def test_atomic_write_leaves_the_old_file_and_no_temporary_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "footnote-set.json"
    publish.write_atomic(target, b"old")

    def broken_replace(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        publish.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["footnote-set.json"]


def test_watch_republishes_only_when_the_version_moved(db, desk, tmp_path, app):
    folder = tmp_path / "site"
    # Between ticks: two edits (one patch), then nothing (no publish), then one edit.
    edits = {1: 2, 2: 0, 3: 1}

    def between_ticks(tick: int, seconds: float) -> None:
        assert seconds == 1.0  # clamped up from 0.01
        for _ in range(edits.get(tick, 0)):
            make_annotation(db, desk, "note")

    published = run_watch(app, desk, folder, between_ticks, 4, interval=0.01)
    assert [(r.previous, r.version) for r in published] == [(None, 6), (6, 8), (8, 9)]
    assert sorted(p.name for p in (folder / "patches").glob("*.json")) == ["6.json", "8.json"]


def test_cli_publish(db, desk, tmp_path, app):
    folder = tmp_path / "site"
    args = ["publish", desk, "--to", str(folder), "--db", app.config["DATABASE"]]
    first = CliRunner().invoke(main, [*args, "--base-url", BASE])
    assert first.exit_code == 0, first.output
    assert f"Published version 6 to {folder} (a first snapshot)." in first.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "already holds version 6" in again.output
    make_annotation(db, desk, "note")
    third = CliRunner().invoke(main, [*args, "--keep-days", "1"])
    assert "Published version 7" in third.output and "(a patch from 6)" in third.output
    assert load(folder, "footnote-set.json")["patchRetentionSeconds"] == 86400
    missing = CliRunner().invoke(main, ["publish", "nope", "--to", str(tmp_path / "x"), *args[4:]])
    assert missing.exit_code != 0 and "no set 'nope'" in missing.output


def test_watch_reports_a_failed_write_and_retries_at_the_next_tick(db, desk, tmp_path, app):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "snapshots").write_text("a file where a folder must be")
    errors: list[OSError] = []

    def between_ticks(_tick: int, _seconds: float) -> None:
        if (folder / "snapshots").is_file():
            (folder / "snapshots").unlink()  # the operator fixes the folder

    published = run_watch(app, desk, folder, between_ticks, 2, interval=5, on_error=errors.append)
    assert len(errors) == 1 and [r.version for r in published] == [6]


def test_a_second_publisher_of_the_folder_waits_for_the_first(db, desk, tmp_path, app):
    folder = tmp_path / "site"
    folder.mkdir()
    done = threading.Event()

    def second_publisher() -> None:
        with connect(app.config["DATABASE"]) as other:
            publish.publish_set(other, desk, folder, BASE)
        done.set()

    with open(folder / publish.LOCK_NAME, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # the first publisher, mid-publish
        thread = threading.Thread(target=second_publisher)
        thread.start()
        assert not done.wait(0.5)
        assert publish.read_manifest(folder) is None
        fcntl.flock(held, fcntl.LOCK_UN)
    thread.join(10)
    assert done.is_set() and publish.read_manifest(folder)["version"] == 6
