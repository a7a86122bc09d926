"""The install page and the zip of the built extension, made in memory from its folder."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import Flask
from web_fixtures import *  # noqa: F403  (fixtures)
from web_fixtures import Browser, soup_of

from footnote.web.install import REPO_ROOT, extension_dir

FILES = {
    "manifest.json": b'{"manifest_version": 3, "name": "Footnote", "version": "0.3.1"}',
    "background.js": b"export {};\n",
    "popup/popup.html": "<!doctype html><title>Pop\u00fcp</title>".encode(),
    "icons/icon-16.png": bytes(range(256)),
}


def build_extension(folder: Path) -> None:
    """Write a small stand-in for extension/dist."""
    for name, content in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def test_install_page_gives_the_steps_for_both_browsers(browser: Browser) -> None:
    soup = browser.page("/install")
    chrome = soup.select_one("#chrome-steps").get_text(" ", strip=True)
    for step in ("chrome://extensions", "Developer mode", "Load unpacked", "extension/dist"):
        assert step in chrome
    firefox = soup.select_one("#firefox-steps").get_text(" ", strip=True)
    for step in ("about:debugging", "Load Temporary Add-on"):
        assert step in firefox


def test_without_a_build_the_page_says_how_and_the_zip_is_a_clear_404(
    browser: Browser,
) -> None:
    soup = browser.page("/install")
    assert soup.select_one("#download-zip") is None
    assert "make build" in soup.select_one("#not-built").get_text()
    response = browser.get("/install/footnote-extension.zip")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = soup_of(response)
    assert page.find("h1").get_text(strip=True) == "The extension is not built yet"
    assert "make build" in page.select_one("#not-found-message").get_text()


def test_zip_holds_every_file_of_the_built_extension(
    web_app: Flask, browser: Browser, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    build_extension(dist)
    web_app.config["FOOTNOTE_EXTENSION_DIR"] = str(dist)
    soup = browser.page("/install")
    assert soup.select_one("#extension-version").get_text() == "version 0.3.1"
    link = soup.select_one("#download-zip")
    assert link["href"] == "/install/footnote-extension.zip"
    response = browser.get(link["href"])
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "footnote-extension.zip" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(FILES)
        for name, content in FILES.items():
            assert archive.read(name) == content


def test_default_extension_folder_is_the_repositorys_dist(web_app: Flask) -> None:
    web_app.config.pop("FOOTNOTE_EXTENSION_DIR")
    with web_app.app_context():
        assert extension_dir() == REPO_ROOT / "extension" / "dist"
    assert (REPO_ROOT / "pyproject.toml").is_file()
