"""A set as Markdown for people who just want to read it: labels first, then notes by page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from footnote.formats.common import as_list, body_text_of
from footnote.vocabulary import verdict_label

_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")
_LINE_START = re.compile(r"^\s*([#>+-]|\d+[.)])")
_HTTP_URL = re.compile(r"^https?://[^\s<>]+$", re.IGNORECASE)


def _escaped(text: str) -> str:
    """Markdown's inline specials backslashed; most text has none, and a search that finds none
    costs a fraction of a substitution that changes nothing."""
    return _SPECIAL.sub(r"\\\1", text) if _SPECIAL.search(text) else text


def escape(text: str) -> str:
    """Escape Markdown's inline specials so user text reads as typed, on one line."""
    return _escaped(" ".join(str(text).split()))


def link(url: str) -> str:
    """An http(s) URL as an autolink; anything else as escaped text a renderer cannot follow."""
    if _HTTP_URL.match(url):
        return f"<{url}>"
    return escape(url) or "*no page*"


def paragraphs(text: str) -> str:
    """User text as Markdown paragraphs (line breaks kept, specials and line starts escaped)."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = _escaped(line.rstrip())
        if _LINE_START.match(line):
            line = "\\" + line.lstrip()
        out.append(line + "  " if line else "")
    return "\n".join(out).strip()


def _verdict(annotation: Mapping[str, Any]) -> str:
    return verdict_label(annotation.get("verdict"))


def _agent_name(value: Any) -> str | None:
    first = value[0] if isinstance(value, list) and value else value
    if isinstance(first, dict):
        first = first.get("name") or first.get("nickname") or first.get("id")
    return first if isinstance(first, str) and first else None


def _byline(annotation: Mapping[str, Any]) -> str:
    parts = []
    creator = annotation.get("creator")
    name = creator.get("name") if isinstance(creator, dict) else creator
    imported = _agent_name(annotation.get("importedCreator"))
    if imported:
        # An imported attribution is never presented as a local account.
        parts.append(f"by {escape(imported)} (imported attribution)")
        if name:
            parts.append(f"added by {escape(name)}")
    elif name:
        parts.append(f"by {escape(name)}")
    created = annotation.get("created")
    if isinstance(created, str):
        parts.append(created[:10])
    modified = annotation.get("modified")
    if isinstance(modified, str) and isinstance(created, str) and modified[:10] != created[:10]:
        parts.append(f"edited {modified[:10]}")
    tags = annotation.get("tags") or []
    if tags:
        parts.append("tags: " + ", ".join(escape(t) for t in tags))
    return "*" + " · ".join(parts) + "*" if parts else ""


def _sources(annotation: Mapping[str, Any]) -> list[str]:
    lines = []
    for source in annotation.get("sources") or []:
        title = source.get("title") or source.get("id")
        lines.append(f"- [{escape(title)}](<{source['id']}>)")
    return ["Sources:", "", *lines] if lines else []


def _join(words: list[str]) -> str:
    quoted = [f"“{escape(w)}”" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _claim_section(annotation: Mapping[str, Any]) -> list[str]:
    sel = annotation["target"]["selector"]
    groups = sel.get("all") or []
    title = " + ".join(f"“{escape(g[0])}”" for g in groups if g)
    lines = [f"### {_verdict(annotation)}: {title}", ""]
    window = sel.get("window", "sentence")
    where = "in one sentence" if window == "sentence" else f"within {window} characters"
    terms = "; ".join(_join(g) for g in groups if g)
    facts = [f"Fires on pages that mention {terms}" + (f" {where}." if len(groups) > 1 else ".")]
    if sel.get("languages"):
        facts.append(f"Languages: {', '.join(sel['languages'])}.")
    if sel.get("include"):
        facts.append(f"Only on: {', '.join(escape(p) for p in sel['include'])}.")
    if sel.get("exclude"):
        facts.append(f"Never on: {', '.join(escape(p) for p in sel['exclude'])}.")
    if sel.get("not"):
        facts.append(f"Not inside: {'; '.join(f'“{escape(p)}”' for p in sel['not'])}.")
    return lines + ["  \n".join(facts)]


def _site_section(annotation: Mapping[str, Any]) -> list[str]:
    sel = annotation["target"]["selector"]
    include = ", ".join(escape(p) for p in sel.get("include", []))
    lines = [f"### {_verdict(annotation)}: {include}", ""]
    facts = [f"Shown as a banner on every page of {include}."]
    if sel.get("exclude"):
        facts.append(f"Except: {', '.join(escape(p) for p in sel['exclude'])}.")
    return lines + ["  \n".join(facts)]


def _common(annotation: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    text = body_text_of(annotation)
    if text:
        lines += ["", paragraphs(text)]
    sources = _sources(annotation)
    if sources:
        lines += ["", *sources]
    byline = _byline(annotation)
    if byline:
        lines += ["", byline]
    return lines + [""]


Replies = Callable[[Mapping[str, Any]], Iterable[Mapping[str, Any]]]


def _text_and_thread(annotation: Mapping[str, Any], replies: Replies, depth: int = 0) -> list[str]:
    """An annotation's text, sources and byline, then its replies (indented, oldest first)."""
    lines = _common(annotation) if depth == 0 else []
    for reply in replies(annotation):
        indent = "  " * depth
        text = " ".join((body_text_of(reply) or "").split())
        byline = _byline(reply)
        lines.append(f"{indent}- **Reply**: {escape(text)}" + (f" ({byline})" if byline else ""))
        lines += _text_and_thread(reply, replies, depth + 1)
    if depth == 0 and lines and lines[-1] != "":
        lines.append("")
    return lines


def _quote(annotation: Mapping[str, Any]) -> str | None:
    for sel in as_list((annotation.get("target") or {}).get("selector")):
        if isinstance(sel, dict) and sel.get("type") == "TextQuoteSelector":
            return sel.get("exact")
    return None


def set_to_markdown(set_info: Mapping[str, Any], annotations: list[Mapping[str, Any]]) -> str:
    """The whole set as one Markdown document (from wire-form annotations, oldest first)."""
    replies: dict[str, list[Mapping[str, Any]]] = {}
    for a in annotations:
        if a.get("motivation") == "replying":
            replies.setdefault((a.get("target") or {}).get("source", ""), []).append(a)
    annotations = [a for a in annotations if a.get("motivation") != "replying"]
    by_page: dict[str, list[Mapping[str, Any]]] = {}
    for a in annotations:
        if a.get("kind") not in ("claim", "site"):
            by_page.setdefault(_page(a), []).append(a)
    return "".join(
        markdown_parts(
            set_info,
            len(annotations),
            claims=[a for a in annotations if a.get("kind") == "claim"],
            sites=[a for a in annotations if a.get("kind") == "site"],
            notes=[a for items in by_page.values() for a in items],
            replies=lambda a: replies.get(str(a.get("id")), []),
        )
    )


def _page(annotation: Mapping[str, Any]) -> Any:
    return (annotation.get("target") or {}).get("source", "")


def markdown_parts(
    set_info: Mapping[str, Any],
    count: int,
    *,
    claims: Iterable[Mapping[str, Any]],
    sites: Iterable[Mapping[str, Any]],
    notes: Iterable[Mapping[str, Any]],
    replies: Replies,
) -> Iterator[str]:
    """The Markdown document in parts: `count` annotations that are not replies, given as
    claim labels, site labels and notes (grouped by page, pages in order), each an iterable
    read once; `replies(annotation)` gives the replies that answer one (oldest first)."""

    def _common(annotation: Mapping[str, Any]) -> list[str]:
        return _text_and_thread(annotation, replies)

    def lines() -> Iterator[str]:
        lines = [f"# {escape(set_info.get('title') or 'Untitled set')}", ""]
        if set_info.get("description"):
            lines += [paragraphs(set_info["description"]), ""]
        facts = [f"{count} annotation{'s' if count != 1 else ''}"]
        if set_info.get("version") is not None:
            facts.append(f"version {set_info['version']}")
        if set_info.get("modified"):
            facts.append(f"last changed {str(set_info['modified'])[:10]}")
        if set_info.get("url"):
            facts.append(link(set_info["url"]))
        lines += ["*" + " · ".join(facts) + "*", ""]
        if not count:
            lines += ["This set has no annotations yet.", ""]
        yield "\n".join(lines)
        for title, intro, items, section in (
            (
                "## Claim labels",
                ["Labels that appear wherever a page makes the claim.", ""],
                claims,
                _claim_section,
            ),
            ("## Site labels", [], sites, _site_section),
        ):
            started = False
            for a in items:
                if not started:
                    yield "\n".join([title, "", *intro])
                    started = True
                yield "\n".join(section(a) + _common(a))
        page: Any = _NO_PAGE
        for a in notes:
            if page is _NO_PAGE:
                yield "## Notes\n"
            if _page(a) != page:
                page = _page(a)
                yield f"### {link(page)}\n"
            quote = _quote(a)
            out = ["> " + escape(quote) if quote else "*About the whole page.*"]
            if a.get("verdict"):
                out += ["", f"**{_verdict(a)}**"]
            yield "\n".join(out + _common(a))

    # Each part is one or more whole lines (one annotation's, usually): a part for every line
    # made a large set's export spend most of its time passing them along.
    return _rstripped(_joined_lines(lines()))


_NO_PAGE = object()


def _joined_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines (each one or more whole lines) joined by line breaks, in parts."""
    first = True
    for line in lines:
        yield line if first else "\n" + line
        first = False


def _rstripped(parts: Iterable[str]) -> Iterator[str]:
    """The parts joined, trailing white space removed and one line break added, in parts:
    trailing white space is held back until something follows it."""
    pending = ""
    for part in parts:
        kept = part.rstrip()
        if kept:
            yield pending + kept
            pending = part[len(kept) :]
        else:
            pending += part
    yield "\n"
