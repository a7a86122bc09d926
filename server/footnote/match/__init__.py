"""The text engine: page text, normalisation, claim patterns, quote anchoring (docs/matching.md)."""
