"""`footnote check`."""

commands: list = []
