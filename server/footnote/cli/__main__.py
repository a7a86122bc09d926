"""`python -m footnote.cli` runs the `footnote` command."""

from footnote.cli import main

main()
