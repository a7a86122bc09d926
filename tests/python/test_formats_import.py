"""Import files in each format, good and broken, converted and validated before any write."""

import json
from pathlib import Path

import pytest

from footnote.formats import claimreview, hypothesis
from footnote.formats.common import FormatError, RecordError
from footnote.formats.importer import plan_import

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"

ANNO = "http://www.w3.org/ns/anno.jsonld"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_quote(plan, exact):
    for internal in plan.internals:
        for sel in internal["target"].get("selector", []):
            if sel.get("exact") == exact:
                return internal
    raise AssertionError(f"no annotation quotes {exact!r}")


# --------------------------------------------------------------------------- Hypothesis


def test_hypothesis_export_keeps_quotes_tags_dates_users_urls():
    plan = plan_import(read("hypothesis_export.json"))
    assert plan.format == "hypothesis"
    assert len(plan.internals) == 4  # three annotations and a reply
    note = by_quote(plan, "the open-source Llama 4 model family")
    assert note["kind"] == "note"
    assert note["target"]["source"] == "https://news.example.com/2026/04/meta-llama-4-release"
    quote, position = note["target"]["selector"]
    assert quote["prefix"] == "Meta on Saturday released "
    assert quote["suffix"] == ", which it says rivals the best"
    assert position == {"type": "TextPositionSelector", "start": 1204, "end": 1258}
    assert note["tags"] == ["llama", "open-source"]
    assert note["body_text"].startswith("Llama 4's licence")
    assert note["created"] == "2026-11-18T14:03:52.118394Z"
    assert note["modified"] == "2026-11-18T14:05:10.004512Z"
    extra = plan.extras[plan.internals.index(note)]["w3c"]["fields"]
    assert extra["creator"] == {
        "id": "acct:alice@hypothes.is",
        "type": "Person",
        "name": "alice",
    }
    assert extra["via"] == "https://hypothes.is/a/Zx3sT0ZqEe-4Ik9pGKVcNw"
    # The RangeSelector Footnote does not anchor with is kept for the W3C export.
    kept = [s["type"] for s in extra["target"]["selector"]]
    assert kept == ["RangeSelector", "TextPositionSelector", "TextQuoteSelector"]


def test_hypothesis_highlight_page_note_and_reply():
    plan = plan_import(read("hypothesis_export.json"))
    highlight = by_quote(plan, "700 million monthly active users")
    assert highlight["motivation"] == "highlighting"
    assert highlight["body_text"] is None
    page_note = next(i for i in plan.internals if "selector" not in i["target"])
    assert page_note["target"] == {"source": "https://blog.example.org/ai/llama-4-is-open"}
    assert page_note["tags"] == ["press release"]
    summary = plan.summary()
    assert summary["skipped"] == []
    assert (summary["imported"], summary["replies"], summary["threads"]) == (4, 1, 1)
    reply = next(i for i in plan.internals if i["motivation"] == "replying")
    parent = plan.internals[reply["reply_to_index"]]
    assert parent["body_text"].startswith("Llama 4's licence")
    assert plan.internals.index(parent) < plan.internals.index(reply)
    assert reply["body_text"] == "Agreed, see the OSI statement."


def test_hypothesis_search_rows_and_bare_list_import_alike():
    rows = json.loads(read("hypothesis_search.json"))
    from_rows = plan_import(json.dumps(rows))
    from_list = plan_import(json.dumps(rows["rows"]), "hypothesis")
    assert from_rows.format == from_list.format == "hypothesis"
    assert from_rows.internals == from_list.internals
    first = from_rows.internals[0]
    # Tracking parameters are dropped from the page URL, as for every Footnote note.
    assert first["target"]["source"] == "https://www.example.net/science/vaccines-study"
    assert first["created"] == "2026-10-02T11:00:00.000000Z"


def test_hypothesis_user_name():
    assert hypothesis.user_name("acct:bob_k@hypothes.is") == "bob_k"
    assert hypothesis.user_name("someone") == "someone"


# --------------------------------------------------------------------------- ClaimReview


def test_claimreview_feed_becomes_claim_labels():
    plan = plan_import(read("claimreview_feed.json"))
    assert plan.format == "claimreview"
    assert len(plan.internals) == 3
    llama, moon, turnout = plan.internals
    assert llama["kind"] == "claim"
    assert llama["verdict"] == "misleading"
    selector = llama["target"]["selector"]
    assert selector["all"] == [["Meta's Llama 4 is an open-source AI model"]]
    assert selector["languages"] == ["en"]
    assert selector["exclude"] == ["factcheck.example.org"]  # never fires on the fact-check
    assert llama["sources"] == [
        {
            "id": "https://factcheck.example.org/2026/04/llama-4-open-source",
            "title": "No, Llama 4 is not open source",
        }
    ]
    assert "Rated “Mostly false” by Example Fact Check." in llama["body_text"]
    assert "does not meet the OSI definition" in llama["body_text"]
    original = plan.extras[0]["claimReview"]["original"]
    assert original["reviewRating"]["alternateName"] == "Mostly false"
    assert moon["verdict"] == "false"
    assert "Pants on Fire!" in moon["body_text"]
    assert turnout["verdict"] == "correct"
    assert "5 on a scale from 1 (worst) to 5 (best)" in turnout["body_text"]


def test_claimreview_graph_and_note_fallback():
    plan = plan_import(read("claimreview_graph.json"))
    label, note = plan.internals
    assert label["verdict"] == "missing-context"
    assert label["target"]["selector"]["languages"] == ["de"]
    # "Fake!" is too short to be a pattern: a note on where the claim appeared instead.
    assert note["kind"] == "note"
    assert note["target"] == {"source": "https://social.example.com/@someone/112233"}
    assert note["verdict"] == "satire"


def test_claimreview_from_article_html_skips_broken_blocks():
    plan = plan_import(read("factcheck_article.html"))
    assert plan.format == "claimreview"
    assert len(plan.internals) == 1
    assert plan.internals[0]["verdict"] == "false"
    assert plan.internals[0]["target"]["selector"]["all"] == [["Wind turbine noise causes cancer"]]


def test_claimreview_without_claim_or_appearance_names_the_record():
    doc = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/x",
        "reviewRating": {"alternateName": "False"},
    }
    with pytest.raises(RecordError) as info:
        plan_import(json.dumps([doc, doc]))
    assert info.value.index == 0
    assert info.value.record_id == "https://factcheck.example.org/x"
    assert "claimReviewed is missing" in info.value.message


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "/relative/review", "ftp://x.example/r"])
def test_claimreview_with_a_non_http_url_stops_the_import_naming_the_record(bad):
    good = {
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/ok",
        "claimReviewed": "Llama 4 is open source",
        "reviewRating": {"alternateName": "False"},
    }
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [good]}, {**good, "url": bad}],
    }
    with pytest.raises(RecordError) as info:
        plan_import(json.dumps(feed))
    assert info.value.index == 1
    assert info.value.field == "url"
    assert "http(s)" in info.value.message


def test_claim_alias_is_conservative():
    assert (
        claimreview.claim_alias("“Vaccines contain microchips.”") == "Vaccines contain microchips"
    )
    assert claimreview.claim_alias("Fake!") is None
    assert claimreview.claim_alias("word " * 60) is None


def test_html_without_claimreview_is_refused():
    with pytest.raises(FormatError, match="no ClaimReview"):
        plan_import(b"<html><head><title>x</title></head><body>hi</body></html>")


# --------------------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_json.txt", "not valid JSON at line 1, column 1"),
        ("truncated.json", "not valid JSON at line 1"),
        ("wrong_shape.json", "cannot tell the file's format"),
    ],
)
def test_broken_files_get_clear_errors(name, message):
    with pytest.raises(FormatError, match=message):
        plan_import(read(name))


def test_bad_record_names_index_and_id_and_imports_nothing():
    with pytest.raises(RecordError) as info:
        plan_import(read("w3c_bad_record.json"))
    assert info.value.index == 2
    assert info.value.record_id == "https://annotations.example.org/a3"
    assert "not an http(s) URL" in info.value.message


def test_validation_errors_name_record_and_field():
    doc = [
        {"@context": ANNO, "type": "Annotation", "bodyValue": "ok", "target": "https://e.com/"},
        {
            "@context": ANNO,
            "id": "urn:x:2",
            "type": "Annotation",
            "bodyValue": "x" * 10_001,
            "target": "https://example.com/",
        },
    ]
    with pytest.raises(RecordError) as info:
        plan_import(json.dumps(doc))
    assert (info.value.index, info.value.record_id) == (1, "urn:x:2")
    assert info.value.field == "body[0].value"


def test_huge_file_is_refused_before_parsing():
    with pytest.raises(FormatError, match="at most 1,000 bytes"):
        plan_import(b"[" + b" " * 2000 + b"]", max_bytes=1000)


def test_too_many_records():
    doc = [
        {"@context": ANNO, "type": "Annotation", "target": f"https://example.com/{i}"}
        for i in range(5)
    ]
    with pytest.raises(FormatError, match="more than 3 records"):
        plan_import(json.dumps(doc), max_records=3)


def test_empty_and_non_utf8_files():
    with pytest.raises(FormatError, match="empty"):
        plan_import(b"  ")
    with pytest.raises(FormatError, match="not UTF-8"):
        plan_import(b'{"a": "\xff"}')
    with pytest.raises(FormatError, match="no annotations"):
        plan_import(b"[]", "w3c")


def test_named_format_must_be_known():
    with pytest.raises(FormatError, match="format must be"):
        plan_import(b"[]", "csv")


def test_skip_unsupported_imports_the_rest_and_reports():
    rows = [
        {
            "id": "pdf1",
            "uri": "urn:x-pdf:abc",
            "text": "on a local PDF",
            "target": [{"source": "file:///home/u/paper.pdf"}],
        },
        {
            "id": "web1",
            "uri": "https://example.com/",
            "text": "fine",
            "target": [{"source": "https://example.com/"}],
        },
    ]
    with pytest.raises(RecordError, match="record 0 \\(id pdf1\\)"):
        plan_import(json.dumps({"rows": rows}))
    plan = plan_import(json.dumps({"rows": rows}), skip_unsupported=True)
    assert [i["body_text"] for i in plan.internals] == ["fine"]
    [skipped] = plan.summary()["skipped"]
    assert skipped["index"] == 0 and skipped["id"] == "pdf1"
    assert "not an http(s) URL" in skipped["reason"]


def test_skip_unsupported_still_stops_on_invalid_data():
    rows = [
        {
            "id": "long",
            "uri": "https://example.com/",
            "text": "x",
            "tags": ["t" * 65],
            "target": [{"source": "https://example.com/"}],
        },
    ]
    with pytest.raises(RecordError, match="record 0 \\(id long\\)"):
        plan_import(json.dumps(rows), "hypothesis", skip_unsupported=True)
