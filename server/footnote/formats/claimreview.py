"""schema.org ClaimReview: import from JSON-LD (feeds, arrays, @graph) and article HTML; export.

An imported ClaimReview becomes one claim label: `claimReviewed` turned conservatively into a
claim pattern (the whole claim as one alias, so it fires on pages that repeat the claim, never
on the fact-check itself), the rating mapped to a verdict, the review URL as the source. When the
claim text cannot be a pattern (too short, too long) but `itemReviewed` names where the claim
appeared, the review becomes a page note on that URL instead. The original review is kept in
`extra["claimReview"]` and comes back verbatim on export while the label is unedited.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from footnote import strict_json
from footnote.formats.common import (
    Converted,
    FormatError,
    Unsupported,
    as_list,
    clip,
    fingerprint_wire,
    store_time,
)
from footnote.formats.ratings import EXPORT_RATINGS, verdict_for_rating
from footnote.urls import is_http_url

SCHEMA_CONTEXT = "https://schema.org"
MIN_CLAIM_CHARS = 12
MIN_CLAIM_WORDS = 3
MAX_ALIAS = 200
MAX_BODY = 10_000
MAX_DEPTH = 12
_QUOTES = "\"'“”„‘’«»‹›「」"


def _is_type(node: object, name: str) -> bool:
    if not isinstance(node, dict):
        return False
    for value in as_list(node.get("@type", node.get("type"))):
        if isinstance(value, str) and value.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name:
            return True
    return False


def find_reviews(doc: object) -> list[dict[str, Any]]:
    """Every ClaimReview in a JSON-LD value: bare, arrays, @graph, DataFeed items, nested."""
    found: list[dict[str, Any]] = []

    def walk(node: object, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            if _is_type(node, "ClaimReview"):
                found.append(node)
                return
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value, depth + 1)

    walk(doc, 0)
    return found


def json_ld_blocks(html: str) -> list[Any]:
    """The parsed `<script type="application/ld+json">` blocks of a page (bad ones skipped)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    blocks: list[Any] = []
    for script in soup.find_all("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        raw = script.string if script.string is not None else script.get_text()
        try:
            blocks.append(strict_json.loads(raw))
        except (TypeError, ValueError):
            continue
    return blocks


def reviews_in_html(html: str) -> list[dict[str, Any]]:
    """ClaimReviews embedded in a fact-check article."""
    reviews = find_reviews(json_ld_blocks(html))
    if not reviews:
        raise FormatError(
            'no ClaimReview found in the page\'s <script type="application/ld+json"> blocks'
        )
    return reviews


def reviews_in_json(doc: object) -> list[dict[str, Any]]:
    """ClaimReviews in a JSON-LD document; a FormatError when there are none."""
    reviews = find_reviews(doc)
    if not reviews:
        raise FormatError(
            "no ClaimReview found (expected a ClaimReview, a list, @graph or DataFeed)"
        )
    return reviews


def looks_like(doc: object) -> bool:
    """True when a JSON document contains schema.org ClaimReview nodes."""
    return bool(find_reviews(doc))


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _url(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("id")
    if isinstance(value, list):
        value = next((v for v in value if _url(v)), None)
        return _url(value) if value is not None else None
    return value if is_http_url(value) else None


def _language(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str):
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def claim_alias(claim: str | None) -> str | None:
    """The claim text as one alias, or None when it is too short or too long to be safe."""
    if not claim:
        return None
    text = " ".join(claim.split()).strip(_QUOTES + " ").rstrip(".").strip(_QUOTES + " ")
    if len(text) < MIN_CLAIM_CHARS or len(text.split()) < MIN_CLAIM_WORDS:
        return None
    if len(text) > MAX_ALIAS:
        return None
    return text


def rating_of(review: Mapping[str, Any]) -> tuple[str | None, str | None, dict[str, Any]]:
    """(rating text, verdict, rating object) of a review."""
    rating = review.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return None, None, {}
    text = _text(rating.get("alternateName")) or _text(rating.get("name"))
    value = rating.get("ratingValue")
    if text is None and isinstance(value, str) and not value.strip().lstrip("-").isdigit():
        text = value.strip()
    verdict = verdict_for_rating(text, value, rating.get("bestRating"), rating.get("worstRating"))
    return text, verdict, rating


def _scale_text(rating: Mapping[str, Any]) -> str | None:
    value = rating.get("ratingValue")
    if value is None or isinstance(value, dict | list):
        return None
    best, worst = rating.get("bestRating", 5), rating.get("worstRating", 1)
    return f"{value} on a scale from {worst} (worst) to {best} (best)"


def review_to_annotation(review: Mapping[str, Any]) -> Converted:
    """One ClaimReview as a Footnote claim label (or page note) plus its original in `extra`."""
    if not isinstance(review, dict):
        raise Unsupported("a ClaimReview must be a JSON object")
    raw_url = review.get("url")
    if isinstance(raw_url, str) and raw_url.strip() and not is_http_url(raw_url):
        # The review's own address becomes the label's source and comes back on export: a
        # `javascript:` or relative URL must stop the import, not vanish or travel on.
        raise Unsupported("url must be an absolute http(s) URL", "url")
    url = _url(raw_url) or _url(review.get("@id"))
    claim = _text(review.get("claimReviewed"))
    rating_text, verdict, rating = rating_of(review)
    author = _text(review.get("author"))
    item = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else {}
    appearance = _url(item.get("appearance")) or _url(item.get("firstAppearance"))
    if appearance is None and _is_type(item, "CreativeWork"):
        appearance = _url(item)

    lines = []
    who = f" by {author}" if author else ""
    scale = _scale_text(rating)
    if rating_text:
        lines.append(f"Rated “{rating_text}”{who}.")
    elif scale:
        lines.append(f"Rated {scale}{who}.")
    elif author:
        lines.append(f"Reviewed{who}.")
    if claim:
        lines.append(f"Claim: “{claim}”")
    explanation = _text(rating.get("ratingExplanation")) or _text(review.get("reviewBody"))
    explanation = explanation or _text(review.get("description"))
    if explanation:
        lines.append(explanation)
    body = clip("\n".join(lines), MAX_BODY) if lines else None
    # clip() folds new lines; keep the paragraphs when the text is short enough anyway.
    if lines and len("\n".join(lines)) <= MAX_BODY:
        body = "\n".join(lines)

    wire: dict[str, Any] = {}
    alias = claim_alias(claim)
    if alias is not None:
        language = _language(review.get("inLanguage")) or _language(item.get("inLanguage"))
        selector: dict[str, Any] = {
            "type": "ClaimPatternSelector",
            "all": [[alias]],
            "highlight": 0,
            "window": min(1000, len(alias) + 20),
            "languages": [language] if language else [],
        }
        host = urlsplit(url).hostname if url else None
        if host:
            selector["exclude"] = [host]
        wire.update(kind="claim", motivation="assessing", target={"selector": selector})
    elif appearance is not None:
        wire.update(kind="note", motivation="commenting", target={"source": appearance})
    else:
        reason = (
            "claimReviewed is missing"
            if not claim
            else (
                f"claimReviewed is too short or too long to be a claim pattern "
                f"({MIN_CLAIM_WORDS}+ words, {MIN_CLAIM_CHARS}-{MAX_ALIAS} characters)"
            )
        )
        raise Unsupported(
            f"{reason} and itemReviewed names no appearance URL to put a note on",
            "claimReviewed",
        )
    if body:
        purpose = "describing" if wire["kind"] == "claim" else "commenting"
        wire["body"] = [
            {"type": "TextualBody", "value": body, "format": "text/plain", "purpose": purpose}
        ]
    wire["verdict"] = verdict
    if url:
        title = _text(review.get("headline")) or _text(review.get("name"))
        title = title or (f"{author} fact-check" if author else "Fact-check")
        wire["sources"] = [{"id": url, "title": clip(title, 300)}]
    extra: dict[str, Any] = {"claimReview": {"original": dict(review)}}
    if author:
        kind = "Organization" if _is_type(review.get("author"), "Organization") else "Person"
        creator: dict[str, Any] = {"type": kind, "name": author}
        author_url = _url(review.get("author"))
        if author_url:
            creator["id"] = author_url
        extra["w3c"] = {"fields": {"creator": creator}}
    return Converted(
        wire=wire,
        extra=extra,
        record_id=url or _text(review.get("@id")),
        created=store_time(review.get("datePublished")),
        modified=store_time(review.get("dateModified")),
    )


def convert(reviews: list[dict[str, Any]]) -> Iterator[tuple[int, Any, Converted]]:
    """Yield (index, review, converted) for each review; Unsupported propagates per record."""
    for index, review in enumerate(reviews):
        yield index, review, review_to_annotation(review)


# --------------------------------------------------------------------------- export


def _claim_text(annotation: Mapping[str, Any]) -> str | None:
    selector = (annotation.get("target") or {}).get("selector")
    if not isinstance(selector, dict):
        return None
    if selector.get("type") == "ClaimPatternSelector":
        groups = selector.get("all") or []
        if len(groups) == 1 and groups[0]:
            return groups[0][0]
        mentions = " together with ".join(f"“{g[0]}”" for g in groups if g)
        return f"Claims that mention {mentions}"
    if selector.get("type") == "UrlPatternSelector":
        return "Content published on " + ", ".join(selector.get("include") or [])
    return None


def annotation_to_review(
    annotation: Mapping[str, Any], extra: Mapping[str, Any] | None, *, page_url: str
) -> dict[str, Any] | None:
    """A claim or site label as a ClaimReview; None for notes."""
    if annotation.get("kind") not in ("claim", "site"):
        return None
    stored = (extra or {}).get("claimReview") or {}
    original = stored.get("original")
    if original and stored.get("fp") == fingerprint_wire(annotation):
        review = dict(original)
        review.setdefault("@context", SCHEMA_CONTEXT)
        return review
    rating_text, rating_value = EXPORT_RATINGS.get(annotation.get("verdict"), EXPORT_RATINGS[None])
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating_text}
    if rating_value is not None:
        rating.update(ratingValue=rating_value, bestRating=5, worstRating=1)
    sources = annotation.get("sources") or []
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": sources[0]["id"] if sources else page_url,
        "claimReviewed": _claim_text(annotation),
        "reviewRating": rating,
    }
    created = annotation.get("created")
    if isinstance(created, str):
        review["datePublished"] = created[:10]
    creator = annotation.get("creator") or {}
    if isinstance(creator, dict) and creator.get("name"):
        review["author"] = {"@type": "Person", "name": creator["name"]}
    text = next(
        (
            b.get("value")
            for b in as_list(annotation.get("body"))
            if isinstance(b, dict) and b.get("purpose") != "tagging"
        ),
        None,
    )
    if text:
        review["reviewBody"] = text
    item: dict[str, Any] = {"@type": "Claim"}
    selector = (annotation.get("target") or {}).get("selector") or {}
    if selector.get("type") == "UrlPatternSelector":
        item["appearance"] = [
            {"@type": "CreativeWork", "url": f"https://{p.removeprefix('*.')}"}
            for p in selector.get("include", [])
        ]
    if original:
        for key in ("author", "itemReviewed", "inLanguage"):
            if key in original:
                review[key] = original[key]
    review.setdefault("itemReviewed", item)
    if len(sources) > 1:
        review["citation"] = [{"@type": "CreativeWork", "url": s["id"]} for s in sources[1:]]
    return review


def feed(set_info: Mapping[str, Any], reviews: list[dict[str, Any]], *, url: str) -> dict[str, Any]:
    """A DataFeed of the set's reviews, the shape fact-check feeds publish."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": set_info.get("title", ""),
        "url": url,
        "dateModified": set_info.get("modified"),
        "dataFeedElement": [feed_element(review) for review in reviews],
    }


def feed_element(review: dict[str, Any]) -> dict[str, Any]:
    """One review as an element of the feed (whose `@context` it then shares)."""
    review.pop("@context", None)
    return {"@type": "DataFeedItem", "dateCreated": review.get("datePublished"), "item": [review]}
