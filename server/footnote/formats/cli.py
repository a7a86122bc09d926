"""`footnote import` and `footnote export`."""

commands: list = []
