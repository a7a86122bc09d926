"""Any JSON at all, in any format, is imported or refused with a FormatError or RecordError:
never a crash. Shapes are drawn near the real formats so the converters' branches are reached."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footnote.formats.common import FormatError, RecordError
from footnote.formats.importer import plan_import

URLS = st.sampled_from(
    ["https://example.com/a", "http://example.org/x#frag", "ftp://x", "urn:x:1", "", "nota url"]
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), URLS)
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "@type",
                    "id",
                    "target",
                    "body",
                    "bodyValue",
                    "selector",
                    "source",
                    "exact",
                    "value",
                    "purpose",
                    "format",
                    "items",
                    "first",
                    "uri",
                    "text",
                    "user",
                    "tags",
                    "rows",
                    "annotations",
                    "references",
                    "claimReviewed",
                    "reviewRating",
                    "alternateName",
                    "ratingValue",
                    "itemReviewed",
                    "appearance",
                    "url",
                    "author",
                    "@graph",
                    "dataFeedElement",
                    "item",
                    "kind",
                    "verdict",
                    "sources",
                    "document",
                    "created",
                    "motivation",
                    "@context",
                    "inLanguage",
                ]
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=25,
)
TYPES = st.sampled_from(
    [
        "Annotation",
        "AnnotationPage",
        "AnnotationCollection",
        "ClaimReview",
        "DataFeed",
        "TextualBody",
        "Choice",
        "SpecificResource",
        "TextQuoteSelector",
        "TextPositionSelector",
        "ClaimPatternSelector",
        "Composite",
    ]
)


@st.composite
def typed(draw):
    value = draw(JSON)
    if isinstance(value, dict) and draw(st.booleans()):
        value["type" if draw(st.booleans()) else "@type"] = draw(TYPES)
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=typed(), fmt=st.sampled_from(["auto", "w3c", "hypothesis", "claimreview"]))
def test_any_json_is_imported_or_refused_cleanly(doc, fmt):
    try:
        plan = plan_import(json.dumps(doc), fmt)
    except (FormatError, RecordError):
        return
    assert len(plan.internals) == len(plan.extras)


def test_a_list_whose_record_has_a_non_string_id_is_handled_cleanly():
    """Found by the fuzz test above: an unhashable id once raised TypeError (a 500)."""
    try:
        plan = plan_import(json.dumps([{"id": []}]), "w3c")
    except (FormatError, RecordError):
        return
    assert len(plan.internals) == len(plan.extras)
