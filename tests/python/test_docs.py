"""Docs that cannot drift: every API route is in docs/api.md, every command's help in docs/cli.md.

After changing a command: FOOTNOTE_UPDATE_DOCS=1 pytest tests/python/test_docs.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from click.testing import CliRunner

from footnote.cli import main

DOCS = Path(__file__).resolve().parents[2] / "docs"
CLI_HEADER = """# Footnote command line

Every command takes `--db PATH` (default: `$FOOTNOTE_DB`, else `instance/footnote.db`); the
database and its folder are created and migrated on first use. This page is generated from the
commands' `--help`; `tests/python/test_docs.py` fails when it is out of date (regenerate with
`FOOTNOTE_UPDATE_DOCS=1 .venv/bin/pytest tests/python/test_docs.py`).
"""


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand under `group`, as argument paths."""
    paths = [prefix]
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner(env={"COLUMNS": "90"}).invoke(main, [*path, "--help"], prog_name="footnote")
    assert result.exit_code == 0, result.output
    return result.output.rstrip()


def render_cli_docs() -> str:
    parts = [CLI_HEADER]
    for path in command_paths(main):
        title = " ".join(("footnote", *path))
        parts.append(f"## `{title}`\n\n```text\n{help_text(path)}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current():
    expected = render_cli_docs()
    target = DOCS / "cli.md"
    if os.environ.get("FOOTNOTE_UPDATE_DOCS"):
        target.write_text(expected, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: run FOOTNOTE_UPDATE_DOCS=1 pytest tests/python/test_docs.py"
    )


def test_every_command_has_help():
    for path in command_paths(main):
        command = main
        for name in path:
            command = command.commands[name]
        assert (command.help or "").strip(), f"footnote {' '.join(path)} has no help text"


def test_every_api_route_is_documented(app):
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([A-Z]+) (/api/\S+)$", text, flags=re.MULTILINE))
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            routes.update((m, path) for m in rule.methods - {"HEAD", "OPTIONS"})
    assert routes - documented == set(), "routes missing from docs/api.md"
    assert documented - routes == set(), "docs/api.md documents routes that do not exist"
