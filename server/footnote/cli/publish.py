"""`footnote publish`: a set as static files with differential updates (docs/static-sets.md)."""

from __future__ import annotations

from pathlib import Path

import click

from footnote import publish
from footnote.cli.common import db_option, open_db
from footnote.cli.formats import BASE_URL_DEFAULT_HELP, service_base_url
from footnote.db import connect
from footnote.errors import FootnoteError


def _report(result: publish.PublishResult, folder: str) -> None:
    if not result.changed:
        click.echo(f"{folder} already holds version {result.version}.")
        return
    since = "a first snapshot" if result.previous is None else f"a patch from {result.previous}"
    click.echo(f"Published version {result.version} to {folder} ({since}).")
    if result.removed:
        click.echo(f"Removed {len(result.removed)} expired file(s).")


@click.command("publish")
@click.argument("set_id")
@click.option(
    "--to",
    "folder",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write (a web server's, an object store's or a CDN's upload folder).",
)
@click.option(
    "--base-url",
    default=None,
    show_default=BASE_URL_DEFAULT_HELP,
    help="The service URL the annotation ids are minted under.",
)
@click.option(
    "--keep-days",
    default=7.0,
    show_default=True,
    type=click.FloatRange(min=0.0, max=365.0),
    help="Keep each patch this long after it is written; readers further behind take a snapshot.",
)
@click.option("--watch", is_flag=True, help="Keep running and republish when the set changes.")
@click.option(
    "--interval",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=publish.MIN_INTERVAL_SECONDS, max=publish.MAX_INTERVAL_SECONDS),
    help="With --watch: seconds between checks of the set's version (edits in between share "
    "one patch).",
)
@db_option
def publish_command(
    set_id: str,
    folder: str,
    base_url: str | None,
    keep_days: float,
    watch: bool,
    interval: float,
    db_path: str,
) -> None:
    """Write SET_ID to a folder as static files: a manifest, a snapshot and small patches, so
    readers following the manifest's URL download only what changed."""

    retention = round(keep_days * 24 * 3600)
    target = Path(folder)
    with open_db(db_path) as db:  # migrates once; a watch's ticks then only read
        base_url = service_base_url(db, base_url)
    try:
        if watch:
            click.echo(f"Watching set {set_id!r} every {interval:g} s; Ctrl-C stops.")
            try:
                publish.watch(
                    lambda: connect(db_path),
                    set_id,
                    target,
                    base_url,
                    interval=interval,
                    retention_seconds=retention,
                    on_publish=lambda result: _report(result, folder),
                    on_error=lambda error: click.echo(f"Could not publish: {error}", err=True),
                )
            except KeyboardInterrupt:
                click.echo("Stopped.")
            return
        with open_db(db_path) as db:
            result = publish.publish_set(db, set_id, target, base_url, retention_seconds=retention)
    except FootnoteError as exc:
        raise click.ClickException(exc.message) from exc
    _report(result, folder)


commands: list[click.Command] = [publish_command]
