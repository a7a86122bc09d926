"""`footnote import` and `footnote export`: the same import and export paths as the API."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

import click
from sqlite_utils import Database

from footnote import store
from footnote.cli.common import db_option, open_db
from footnote.errors import NotFound
from footnote.formats.common import FormatError, RecordError
from footnote.formats.exporter import export_set
from footnote.formats.importer import plan_import, run_import

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
BASE_URL_DEFAULT_HELP = (
    "$FOOTNOTE_BASE_URL, else the base URL the service recorded in the database, else "
    + DEFAULT_BASE_URL
)


def service_base_url(db: Database, given: str | None) -> str:
    """The base URL ids are minted under: the option, $FOOTNOTE_BASE_URL, the one the service
    recorded when first reached (so exported ids equal the service's own), else the default."""
    chosen = given or os.environ.get("FOOTNOTE_BASE_URL") or store.recorded_base_url(db)
    return (chosen or DEFAULT_BASE_URL).rstrip("/")


@click.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--set", "set_id", required=True, help="The set to import into.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "w3c", "hypothesis", "claimreview"]),
    default="auto",
    show_default=True,
    help="The file's format; auto tells them apart.",
)
@click.option("--as", "username", help="Account recorded as creator (default: the set's owner).")
@db_option
def import_command(
    file: click.utils.LazyFile, set_id: str, fmt: str, username: str | None, db_path: str
) -> None:
    """Import FILE (W3C, Hypothesis or ClaimReview JSON, or a fact-check article's HTML) into a
    set, in one transaction: a bad record imports nothing and is named."""

    db = open_db(db_path)
    try:
        found = store.get_set(db, set_id)
        if found is None:
            raise click.ClickException(f"no set {set_id!r} in {db_path}")
        user = store.get_user_by_name(db, username or found["owner"])
        if user is None:
            raise click.ClickException(f"no user {username!r}")
        try:
            plan = plan_import(file.read(), fmt)
        except (RecordError, FormatError) as exc:
            name = getattr(file, "name", "FILE")
            raise click.ClickException(f"{name}: {exc.message}; nothing was imported") from exc
        summary = run_import(db, set_id, plan, user["id"])
    finally:
        db.close()
    click.echo(
        f"Imported {summary['imported']} annotation(s) from {summary['format']} into "
        f"{set_id!r} (set version {summary['version']})."
    )
    if summary["replies"]:
        click.echo(f"{summary['replies']} of them are replies, in {summary['threads']} thread(s).")
    for skipped in summary["skipped"]:
        ident = f" (id {skipped['id']})" if skipped["id"] else ""
        click.echo(f"Skipped record {skipped['index']}{ident}: {skipped['reason']}.")


@click.command("export")
@click.argument("set_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["w3c", "claimreview", "markdown"]),
    default="w3c",
    show_default=True,
    help="w3c: one AnnotationCollection any web server can host; claimreview: a DataFeed; "
    "markdown: for reading.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File (default: stdout).")
@click.option(
    "--base-url",
    default=None,
    show_default=BASE_URL_DEFAULT_HELP,
    help="The service URL the ids are minted under.",
)
@db_option
def export_command(
    set_id: str, fmt: str, output: str | None, base_url: str | None, db_path: str
) -> None:
    """Export the set SET_ID as W3C JSON-LD, ClaimReview JSON-LD or Markdown.

    Without --base-url, ids are minted under the base URL the service itself uses
    ($FOOTNOTE_BASE_URL, else the one it recorded when first reached), so an exported
    annotation keeps the id the service serves it under.
    """

    db = open_db(db_path)
    try:
        db.execute("BEGIN")  # one version of the set, however long the writing takes
        result = export_set(db, set_id, fmt, service_base_url(db, base_url))
        if result.dropped_urls:
            click.echo(
                f"Left out {result.dropped_urls} URL(s) that are not http(s) "
                "(javascript:, data:...).",
                err=True,
            )
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                written = _write_parts(handle, result.parts)
            click.echo(f"Wrote {output} ({written:,} bytes).", err=True)
        else:
            _write_parts(sys.stdout, result.parts)
    except NotFound as exc:
        raise click.ClickException(f"no set {set_id!r} in {db_path}") from exc
    finally:
        db.close()


def _write_parts(handle: TextIO, parts: Iterable[str]) -> int:
    """Write the parts as they come (memory stays bounded); how many UTF-8 bytes they were."""
    written = 0
    for part in parts:
        handle.write(part)
        written += len(part.encode("utf-8"))
    return written


commands: list[click.Command] = [import_command, export_command]
