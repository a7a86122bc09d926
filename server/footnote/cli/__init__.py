"""The `footnote` command: serve, migrate, create users and tokens, load the demo set."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from footnote import db as db_module
from footnote import demo as demo_set
from footnote import migrations, store, validation
from footnote.app import create_app
from footnote.cli import check, formats, publish, ratings
from footnote.cli.common import JsonErrorRequestHandler, db_option, open_db
from footnote.db import connect
from footnote.errors import Conflict, FootnoteError


@click.group()
@click.version_option(package_name="footnote")
def main() -> None:
    """Footnote: fact annotations on the web pages people read."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@db_option
def serve(host: str, port: int, db_path: str) -> None:
    """Serve the API and web pages with the threaded development server.

    For production run gunicorn 'footnote:create_app()' instead. What this server refuses
    before the app runs (a request line over 64 KiB) is answered as the API's JSON error too.
    """
    open_db(db_path).close()
    app = create_app({"DATABASE": db_path})
    click.echo(f"Footnote is serving http://{host}:{port}/ (database {db_path})")
    app.run(
        host=host,
        port=port,
        threaded=True,
        use_reloader=False,
        request_handler=JsonErrorRequestHandler,
    )


@main.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("migrate")
@db_option
def db_migrate(db_path: str) -> None:
    """Create the database if needed and apply pending migrations (safe to repeat)."""
    with connect(db_path) as db:
        applied = migrations.migrate(db)
    if applied:
        click.echo(f"Applied {len(applied)} migration(s) to {db_path}: {', '.join(applied)}")
    else:
        click.echo(f"{db_path} is up to date.")


@db_group.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
def db_backup(path: str, db_path: str) -> None:
    """Copy the database to PATH, consistently, while the service keeps writing.

    PATH must not exist. To restore, stop the service and put the copy in place of the database.
    """
    if not Path(db_path).is_file():
        raise click.ClickException(f"no database at {db_path}")
    with connect(db_path) as db:
        try:
            size = db_module.backup(db, path)
        except FileExistsError as exc:
            raise click.ClickException(f"{path} exists; choose a new file") from exc
    click.echo(f"Backed up {db_path} to {path} ({size:,} bytes).")


@main.group("user")
def user_group() -> None:
    """Manage accounts."""


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@user_group.command("create")
@click.argument("name")
@db_option
def user_create(name: str, db_path: str) -> None:
    """Create the account NAME; the password is prompted for, or read from stdin when piped."""
    try:
        username = validation.username(name, "NAME")
        password = validation.password(_read_password())
    except FootnoteError as exc:
        raise click.ClickException(exc.message) from exc
    with open_db(db_path) as db:
        try:
            store.create_user(db, username, password)
        except Conflict as exc:
            raise click.ClickException(exc.message) from exc
    click.echo(f"Created user {username}.")


@main.group("token")
def token_group() -> None:
    """Manage API tokens."""


@token_group.command("create")
@click.argument("user")
@click.option("--name", default="CLI token", show_default=True, help="A name to recognise it by.")
@db_option
def token_create(user: str, name: str, db_path: str) -> None:
    """Create an API token for USER and print it (it is shown only once)."""
    with open_db(db_path) as db:
        found = store.get_user_by_name(db, user)
        if found is None or found["is_system"]:
            raise click.ClickException(f"no user named {user!r}")
        _token, plaintext = store.create_token(db, found["id"], name)
    click.echo(plaintext)


@main.command()
@db_option
def demo(db_path: str) -> None:
    """Load the public demo set "Open-source AI claims" (safe to repeat; changes nothing then)."""
    with open_db(db_path) as db:
        result = demo_set.load_demo(db)
    found = result["set"]
    if result["created"] or result["updated"]:
        click.echo(
            f"Demo set {found['title']!r} ({found['id']}): {result['created']} created, "
            f"{result['updated']} updated."
        )
    else:
        click.echo(f"Demo set {found['title']!r} ({found['id']}) is up to date.")


for command in [*check.commands, *formats.commands, *publish.commands, *ratings.commands]:
    main.add_command(command)
