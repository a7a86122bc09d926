"""Interchange formats: W3C Web Annotation, Hypothesis, ClaimReview, Markdown."""
