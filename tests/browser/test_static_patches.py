"""Issue 12 point 3: a set published by `footnote publish` and served by nginx is followed in
Chromium patch by patch: ten edits later the reader fetches one small patch, not the set."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .extension import marks
from .nginx import Nginx
from .servers import FOOTNOTE, Service

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (apt-get install nginx-light)",
)
GOAL_BYTES = 5 * 1024
SENTENCES = [
    "The river rose by forty per cent last year.",
    "Grain prices doubled in the spring.",
    "The bridge opened in 1932 after six years of work.",
    "Turnout was the highest since 1990.",
    "The mayor resigned on a Tuesday.",
    "Three schools closed for the winter.",
    "The museum lent two paintings abroad.",
    "Rail traffic fell by a third in March.",
    "The harbour was dredged twice.",
]
ARTICLE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Town news</title></head>"
    "<body><article><h1>Town news</h1>"
    + "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
    + "</article></body></html>"
)


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Nginx]:
    """nginx serving a folder on loopback: the town article and, under /desk/, the published set."""
    server = Nginx(prefix=tmp_path / "nginx", root=tmp_path / "www").start()
    (server.root / "town.html").write_text(ARTICLE)
    yield server
    server.stop()


def quote(index: int) -> str:
    """A few words from one sentence of the article (what a note marks)."""
    return " ".join(SENTENCES[index].rstrip(".").split()[-3:])


def note(page_url: str, index: int, text: str = "Source?") -> dict:
    return {
        "motivation": "commenting",
        "body": [{"type": "TextualBody", "value": text, "purpose": "commenting"}],
        "target": {
            "source": page_url,
            "selector": [{"type": "TextQuoteSelector", "exact": quote(index)}],
        },
    }


def publish_cli(service: Service, set_id: str, folder: Path, *options: str) -> str:
    """Runs `footnote publish`; the id goes after `--` because a set id may start with "-"."""
    command = [str(FOOTNOTE), "publish", "--to", str(folder), "--base-url", service.url]
    command += [*options, "--db", str(service.db), "--", set_id]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def set_requests(host: Nginx) -> list:
    """What nginx served from the published folder, in order."""
    return [line for line in host.access() if line.path.startswith("/desk/")]


def logged(browser, host: Nginx, count: int) -> list:
    """The folder's requests once there are `count`: nginx writes a request's log line after
    its response, so the client can have its answer a moment before the line is there."""
    browser.wait_for(lambda: len(set_requests(host)) >= count, what=f"{count} logged requests")
    return set_requests(host)


def drawn(page) -> set[str]:
    return {m["text"] for m in marks(page) if not m["fake"] and m["tabindex"] is not None}


def test_follow_a_published_set_and_apply_one_patch(make_browser, service, host) -> None:
    token = service.user("patch-publisher")  # the service is shared by the session
    desk = service.ok("POST", "/api/sets", {"title": "Town desk", "visibility": "public"}, token)
    page_url = f"{host.url}/town.html"
    created = [
        service.ok("POST", f"/api/sets/{desk['id']}/annotations", note(page_url, i), token)
        for i in range(3)
    ]
    folder = host.root / "desk"

    def publish() -> str:
        return publish_cli(service, desk["id"], folder)

    assert "a first snapshot" in publish()
    manifest_url = f"{host.url}/desk/footnote-set.json"
    start = service.ok("GET", f"/api/sets/{desk['id']}", token=token)["version"]

    browser = make_browser()
    reply = browser.send({"type": "footnote/follow-static", "url": manifest_url})
    assert reply.get("status") == "ok", reply
    follow = browser.follows()[f"url:{manifest_url}"]
    assert follow["mode"] == "patches" and follow["title"] == "Town desk"
    assert follow["version"] == start
    assert follow["nextPatch"] == f"{host.url}/desk/patches/{start}.json"
    first = [(line.path, line.status) for line in logged(browser, host, 2)]
    assert first == [("/desk/footnote-set.json", 200), (f"/desk/snapshots/{start}.json", 200)]

    page = browser.context.new_page()
    page.goto(page_url)
    browser.wait_for(lambda: drawn(page) == {quote(0), quote(1), quote(2)}, what="three marks")

    # Nothing published yet: the next patch is a 404, which means "no update yet".
    browser.sync_now()
    assert [(line.path, line.status) for line in logged(browser, host, 3)[2:]] == [
        (f"/desk/patches/{start}.json", 404)
    ]
    assert browser.follows()[f"url:{manifest_url}"]["status"] == "ok"

    # Ten edits: four notes added, three edited (one moves to another sentence), three deleted.
    added = [
        service.ok("POST", f"/api/sets/{desk['id']}/annotations", note(page_url, i), token)
        for i in (3, 4, 5, 6)
    ]
    ids = [a["id"].rsplit("/", 1)[1] for a in created + added]
    service.ok(
        "PATCH",
        f"/api/annotations/{ids[0]}",
        {"body": {"type": "TextualBody", "value": "Which survey?"}},
        token,
    )
    service.ok("PATCH", f"/api/annotations/{ids[3]}", {"verdict": "false"}, token)
    moved = note(page_url, 7)["target"]
    service.ok("PATCH", f"/api/annotations/{ids[4]}", {"target": moved}, token)
    for gone in (ids[1], ids[2], ids[5]):
        assert service.api("DELETE", f"/api/annotations/{gone}", token=token)[0] == 204
    assert f"a patch from {start}" in publish()
    patches = sorted(p.name for p in (folder / "patches").iterdir())
    assert patches == [f"{start}.json", f"{start}.json.gz"]

    before = len(set_requests(host))
    browser.sync_now()
    update = logged(browser, host, before + 2)[before:]
    assert [(line.path, line.status) for line in update] == [
        (f"/desk/patches/{start}.json", 200),
        (f"/desk/patches/{start + 10}.json", 404),
    ]
    assert update[0].encoding == "gzip"  # the .gz twin, through gzip_static
    fetched = sum(line.bytes_sent for line in update)
    print(
        f"update after 10 edits: {fetched} bytes through nginx (headers included), "
        f"patch body {update[0].body_bytes} bytes"
    )
    assert fetched < GOAL_BYTES

    follow = browser.follows()[f"url:{manifest_url}"]
    assert follow["version"] == start + 10
    assert follow["nextPatch"].endswith(f"/desk/patches/{start + 10}.json")
    stored = browser.storage()[f"set:url:{manifest_url}"]["annotations"]
    assert sorted(stored) == sorted([ids[0], ids[3], ids[4], ids[6]])
    assert stored[ids[0]]["body"][0]["value"] == "Which survey?"

    expected = {quote(0), quote(3), quote(7), quote(6)}
    page.reload()
    browser.wait_for(lambda: drawn(page) == expected, what="the patched marks")
    for deleted in (quote(1), quote(2), quote(5), quote(4)):
        assert deleted not in drawn(page)


def test_a_reader_whose_patch_expired_takes_the_snapshot(make_browser, service, host) -> None:
    token = service.user("archivist")
    desk = service.ok("POST", "/api/sets", {"title": "Short memory", "visibility": "public"}, token)
    page_url = f"{host.url}/town.html"
    folder = host.root / "desk"
    kept = service.ok("POST", f"/api/sets/{desk['id']}/annotations", note(page_url, 0), token)

    def publish() -> None:
        publish_cli(service, desk["id"], folder, "--keep-days", "0")

    publish()
    manifest_url = f"{host.url}/desk/footnote-set.json"
    browser = make_browser()
    assert browser.send({"type": "footnote/follow-static", "url": manifest_url})["status"] == "ok"
    held = browser.follows()[f"url:{manifest_url}"]["version"]

    # Two publishes with no patch retention: the patch from the reader's version is gone.
    service.ok("POST", f"/api/sets/{desk['id']}/annotations", note(page_url, 8), token)
    publish()
    kept_id = kept["id"].rsplit("/", 1)[1]
    assert service.api("DELETE", f"/api/annotations/{kept_id}", token=token)[0] == 204
    publish()
    assert not (folder / f"patches/{held}.json").exists()

    before = len(set_requests(host))
    browser.sync_now()
    newest = held + 2
    assert [(line.path, line.status) for line in logged(browser, host, before + 3)[before:]] == [
        (f"/desk/patches/{held}.json", 404),
        ("/desk/footnote-set.json", 200),
        (f"/desk/snapshots/{newest}.json", 200),
    ]
    follow = browser.follows()[f"url:{manifest_url}"]
    assert follow["status"] == "ok" and follow["version"] == newest
    page = browser.context.new_page()
    page.goto(page_url)
    browser.wait_for(lambda: drawn(page) == {quote(8)}, what="the snapshot's one mark")
