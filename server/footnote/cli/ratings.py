"""`footnote ratings`: recompute bridging statuses outside the request path (cron, deploys)."""

from __future__ import annotations

import click

from footnote import store
from footnote.cli.common import db_option, open_db


@click.group("ratings")
def ratings_group() -> None:
    """Readers' ratings and the bridging status of public sets that opt in."""


@ratings_group.command("score")
@db_option
def score_command(db_path: str) -> None:
    """Refit the bridging model on every opted-in public set and write changed statuses.

    Each set whose statuses changed gets one new version, so followers sync the changes.
    The service also runs this in the background after ratings change.
    """
    with open_db(db_path) as db:
        result = store.score_ratings(db)
    click.echo(
        f"Scored {result['ratings']} rating(s): {result['changed']} status(es) changed "
        f"in {result['sets']} set(s)."
    )


commands: list[click.Command] = [ratings_group]
