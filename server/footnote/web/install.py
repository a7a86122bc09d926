"""The "install the extension" page and the zip of the built extension, made in memory."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

from flask import Response, current_app, render_template, send_file

from footnote.web import bp

REPO_ROOT = Path(__file__).resolve().parents[3]
ZIP_NAME = "footnote-extension.zip"


def extension_dir() -> Path:
    """The built extension's folder: config or environment `FOOTNOTE_EXTENSION_DIR`, else dist."""
    configured = current_app.config.get("FOOTNOTE_EXTENSION_DIR") or os.environ.get(
        "FOOTNOTE_EXTENSION_DIR"
    )
    return Path(configured) if configured else REPO_ROOT / "extension" / "dist"


def extension_is_built(folder: Path) -> bool:
    """True when `folder` holds a built extension (a manifest.json at its top)."""
    return (folder / "manifest.json").is_file()


def extension_version(folder: Path) -> str | None:
    """The `version` in the built manifest, or None when it cannot be read."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    return version if isinstance(version, str) else None


def zip_folder(folder: Path) -> bytes:
    """A deflated zip of every regular file under `folder`, paths relative to it, sorted."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@bp.get("/install")
def install() -> str:
    """Steps to load the extension in Chrome and Firefox, and the zip download when it is built."""
    folder = extension_dir()
    try:
        shown = folder.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        shown = str(folder)
    built = extension_is_built(folder)
    return render_template(
        "web/install.html",
        extension_built=built,
        extension_version=extension_version(folder) if built else None,
        extension_dir_display=shown,
    )


@bp.get(f"/install/{ZIP_NAME}")
def extension_zip() -> Response | tuple[str, int]:
    """The built extension as a zip, or a 404 page saying how to build it."""
    folder = extension_dir()
    if not extension_is_built(folder):
        return (
            render_template(
                "web/error.html",
                heading="The extension is not built yet",
                message=(
                    "This server has no built extension to offer. In the repository run "
                    "`make build` (or `npm ci && npm run build`), which writes extension/dist, "
                    "then download the zip again."
                ),
            ),
            404,
        )
    return send_file(
        io.BytesIO(zip_folder(folder)),
        mimetype="application/zip",
        as_attachment=True,
        download_name=ZIP_NAME,
        max_age=0,
    )
