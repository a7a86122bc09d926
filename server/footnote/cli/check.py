"""`footnote check`: test a set's labels and notes against pages before publishing them."""

from __future__ import annotations

import json

import click

from footnote.checking import (
    CheckError,
    annotations_from_file,
    annotations_from_store,
    load_page,
)
from footnote.cli.common import db_option
from footnote.match.check import check_page, format_result


@click.command("check")
@click.argument("pages", nargs=-1, required=True)
@click.option("--set", "set_id", help="Check the annotations of this stored set.")
@click.option(
    "--file",
    "set_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Check the annotations in this JSON file (a list, or {'annotations': [...]}).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@db_option(help="SQLite database for --set (default: $FOOTNOTE_DB, else instance/footnote.db).")
def check(
    pages: tuple[str, ...], set_id: str | None, set_file: str | None, as_json: bool, db_path: str
) -> None:
    """Show where a set's labels fire and its notes anchor on PAGES (HTML files or URLs).

    \b
    Under each label hit, why it fired:
          alias 'opensource [de compound]' (group 2), rule: compound modifier; language here: de
          with 'llama 4' (group 1): 'Llama 4'
          sentence: 'Meta nennt das Opensourcemodell Llama 4.'

    The alias as the label writes it and its group (from 1); the rule that found the words:
    exact, stem (another form of the word), compound modifier / head / (whole word) / (closed
    up) for German compounds, fold (ae oe ue for ä ö ü), accents (a French capital without its
    accent), or options joined by + when only together they match; the language of the element
    there (lang on it or an ancestor); the other groups' aliases in the window; the sentence.
    With --json each claim has the same as "why" (group from 0, as "highlight"; "support" for
    the other groups).
    """
    if (set_id is None) == (set_file is None):
        raise click.UsageError("give exactly one of --set ID or --file SET.json")
    try:
        if set_file is not None:
            annotations = annotations_from_file(set_file)
        else:
            annotations = annotations_from_store(db_path, str(set_id))
    except CheckError as exc:
        raise click.ClickException(str(exc)) from exc
    results = []
    failed = False
    for source in pages:
        try:
            page = load_page(source)
        except CheckError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        result = check_page(page, annotations)
        results.append(result)
        if not as_json:
            click.echo(format_result(result))
    if as_json:
        click.echo(json.dumps({"pages": results}, ensure_ascii=False, indent=2))
    if failed:
        raise SystemExit(1)


commands: list[click.Command] = [check]
