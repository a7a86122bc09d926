"""Footnote: fact annotations on the web."""
