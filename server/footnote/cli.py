"""The `footnote` command: serve, migrate, create users and tokens, load the demo set."""

from __future__ import annotations

import sys

import click

from footnote import DEFAULT_DB

DB_OPTION_HELP = "SQLite database file (default: $FOOTNOTE_DB, else instance/footnote.db)."


def db_option(func):  # type: ignore[no-untyped-def]
    """The `--db PATH` option every command takes."""
    return click.option(
        "--db",
        "db_path",
        envvar="FOOTNOTE_DB",
        default=DEFAULT_DB,
        show_default=False,
        type=click.Path(dir_okay=False),
        help=DB_OPTION_HELP,
    )(func)


def open_db(db_path: str):  # type: ignore[no-untyped-def]
    """Open (creating the folder) and migrate the database."""
    from footnote.db import connect

    return connect(db_path, migrate=True)


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

    For production run gunicorn 'footnote:create_app()' instead.
    """
    from footnote import create_app

    open_db(db_path).close()
    app = create_app({"DATABASE": db_path})
    click.echo(f"Footnote is serving http://{host}:{port}/ (database {db_path})")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@main.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("migrate")
@db_option
def db_migrate(db_path: str) -> None:
    """Create the database if needed and apply pending migrations (safe to repeat)."""
    from footnote.db import connect
    from footnote.migrations import migrate

    with connect(db_path) as db:
        applied = migrate(db)
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
    from pathlib import Path

    from footnote.db import backup, connect

    if not Path(db_path).is_file():
        raise click.ClickException(f"no database at {db_path}")
    with connect(db_path) as db:
        try:
            size = backup(db, path)
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
    from footnote import store, validation
    from footnote.errors import ApiError

    try:
        username = validation.username(name, "NAME")
        password = validation.password(_read_password())
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    with open_db(db_path) as db:
        try:
            store.create_user(db, username, password)
        except store.ConflictError as exc:
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
    from footnote import store

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
    from footnote.demo import load_demo

    with open_db(db_path) as db:
        result = load_demo(db)
    found = result["set"]
    if result["created"] or result["updated"]:
        click.echo(
            f"Demo set {found['title']!r} ({found['id']}): {result['created']} created, "
            f"{result['updated']} updated."
        )
    else:
        click.echo(f"Demo set {found['title']!r} ({found['id']}) is up to date.")


def _register_plugins() -> None:
    from footnote.formats.cli import commands as format_commands
    from footnote.match.cli import commands as match_commands

    for command in [*match_commands, *format_commands]:
        main.add_command(command)


_register_plugins()


if __name__ == "__main__":
    main()
