"""The words Footnote uses, once: kinds, verdicts, roles, visibilities and how they read.

Validation, the web pages, the Markdown and ClaimReview exports all take their lists from here;
the extension keeps the same lists in `extension/src/shared/vocabulary.js`, and both are held to
`tests/vectors/vocabulary.json`.
"""

from __future__ import annotations

KIND_LABELS: dict[str, str] = {"note": "Note", "claim": "Claim label", "site": "Site label"}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

VERDICT_LABELS: dict[str, str] = {
    "false": "False",
    "misleading": "Misleading",
    "disputed": "Disputed",
    "missing-context": "Missing context",
    "unproven": "Unproven",
    "correct": "Correct",
    "satire": "Satire",
}
VERDICTS: tuple[str, ...] = tuple(VERDICT_LABELS)

NOTE_MOTIVATIONS = ("commenting", "highlighting", "questioning")
LABEL_MOTIVATIONS = ("assessing",)

ROLES = ("viewer", "editor", "owner")
SHARE_ROLES = ("viewer", "editor")
VISIBILITIES = ("private", "unlisted", "public")


def verdict_label(verdict: str | None, *, none: str = "No verdict") -> str:
    """How a verdict reads to a person ("Missing context"); `none` when there is no verdict."""
    return VERDICT_LABELS.get(verdict or "", none)


# Talking back (design.md §4): replies, ratings and "wrong on this page" reports.
REPLY_MOTIVATION = "replying"
RATING_REASON_LABELS: dict[str, str] = {
    "wrong-verdict": "Wrong verdict",
    "bad-source": "Bad source",
    "outdated": "Outdated",
    "off-topic": "Off-topic",
    "other": "Other",
}
RATING_REASONS: tuple[str, ...] = tuple(RATING_REASON_LABELS)
REPORT_REASON_LABELS: dict[str, str] = {
    "refutes-claim": "The page argues against the claim",
    "quotes-claim": "The page only quotes or reports the claim",
    "different-subject": "The page is about something else",
    "other": "Other",
}
REPORT_REASONS: tuple[str, ...] = tuple(REPORT_REASON_LABELS)
REPORT_ACTIONS = ("exclude-url", "exclude-site", "add-not", "dismiss")
RATING_STATUS_LABELS: dict[str, str] = {
    "helpful": "Rated helpful",
    "not-helpful": "Rated not helpful",
    "needs-more-ratings": "Needs more ratings",
}
