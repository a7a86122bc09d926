"""Fixtures for the extension's browser suite: real Chromium, real service, pages on loopback."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, sync_playwright

from .extension import CHROMIUM, EXTENSION_DIR, Browser
from .servers import FOOTNOTE, REPO, SHARED, Service, StaticSite, run_cli

PAGES = Path(__file__).parent / "pages"
CORPUS = SHARED / "corpus"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "seed" / "meta-avocado-de.html").exists(),
    reason=f"the shared corpus is absent ({CORPUS} not found)",
)


@pytest.fixture(scope="session", autouse=True)
def built_extension() -> Path:
    """Builds extension/dist once per session (the suite tests what a reader would load)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browsers.sh")
    if not FOOTNOTE.exists():
        pytest.fail(f"{FOOTNOTE} is missing: run make setup")
    subprocess.run(["node", "extension/build.mjs"], cwd=REPO, check=True, capture_output=True)
    assert (EXTENSION_DIR / "manifest.json").exists()
    return EXTENSION_DIR


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright driver for the session."""
    with sync_playwright() as driver:
        yield driver


def start_service(folder: Path) -> Service:
    """A migrated database with the demo set, served on a free loopback port."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "footnote.db"
    run_cli("db", "migrate", db=db)
    run_cli("demo", db=db)
    return Service(db=db, log=folder / "requests.log").start()


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The session's Footnote service."""
    svc = start_service(tmp_path_factory.mktemp("service"))
    yield svc
    svc.stop()


@pytest.fixture
def fresh_service(tmp_path: Path) -> Iterator[Service]:
    """A service of the test's own (for tests that stop it)."""
    svc = start_service(tmp_path / "service")
    yield svc
    svc.stop()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    """Corpus pages at /corpus/, fixture pages at /pages/, set files at /sets/."""
    sets = tmp_path_factory.mktemp("sets")
    roots = {"pages": PAGES, "sets": sets}
    if CORPUS.exists():
        roots["corpus"] = CORPUS
    server = StaticSite(roots).start()
    server.sets_dir = sets  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture
def make_browser(playwright: Playwright, tmp_path: Path) -> Iterator:
    """Factory for browsers with a fresh profile each (a fresh extension install)."""
    opened: list[Browser] = []

    def make(name: str = "profile", **context_options: object) -> Browser:
        browser = Browser(playwright, tmp_path / name, **context_options)
        opened.append(browser)
        return browser

    yield make
    for browser in opened:
        browser.close()


@pytest.fixture(scope="session")
def shared_browser(
    playwright: Playwright, service: Service, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """One browser for the session, pointed at the session service and following the demo set."""
    browser = Browser(playwright, tmp_path_factory.mktemp("shared-profile"))
    browser.set_service(service.url)
    reply = browser.send({"type": "footnote/follow-set", "setId": service.demo_set_id()})
    assert reply.get("status") == "ok", reply
    yield browser
    browser.close()


@pytest.fixture
def seed_copy(site: StaticSite) -> str:
    """URL of the seed article on the loopback site."""
    if not (CORPUS / "seed" / "meta-avocado-de.html").exists():
        pytest.skip(f"the shared corpus is absent ({CORPUS} not found)")
    return f"{site.url}/corpus/seed/meta-avocado-de.html"


def copy_page(site: StaticSite, source: Path, name: str) -> str:
    """Copies a page into the set-file folder (served at /sets/) and returns its URL."""
    shutil.copy(source, site.sets_dir / name)  # type: ignore[attr-defined]
    return f"{site.url}/sets/{name}"
