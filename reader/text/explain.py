"""Why the engine read a book as it did: the parts of ``quire info`` that explain.

Which title candidate won and why (and the others), where a new book opens, which
lines are kept out of sight and why (page numbers, running headers, banners,
credits …), and how each entry of a printed contents was linked to its chapter
(exactly, or fuzzily with a score). :func:`explain` gives the facts as a
JSON-ready dict; :func:`explain_lines` the same in words.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from reader.text.book import BlockKind, Book, Dropped

__all__ = ["explain", "explain_lines", "opening_kind"]

_SHOWN_LINES = 6  # examples per kind in the plain summary


def _line(book: Book, start: int, end: int, limit: int = 80) -> str:
    """The text of ``[start, end)``, one line, at most ``limit`` characters."""
    s = " ".join(book.text[start:end].split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def opening_kind(book: Book) -> str:
    """What a new book opens on: ``title page``, ``first chapter``, ``text`` or ``empty``."""
    blocks = book.blocks
    if not blocks:
        return "empty"
    i = blocks.index_at(book.opening_offset)
    kind = blocks[i].kind
    if kind == BlockKind.TITLE:
        return "title page"
    if any(c.offset == blocks[i].start for c in book.chapters) or kind == BlockKind.HEADING:
        return "first chapter"
    return "text"


def _dropped_rows(book: Book, rows: list[Dropped], where: str) -> list[dict[str, Any]]:
    return [
        {
            "start": d.start,
            "end": d.end,
            "reason": d.reason,
            "where": where,
            "text": _line(book, d.start, d.end),
        }
        for d in rows
    ]


def _contents(book: Book) -> list[dict[str, Any]]:
    rows = []
    for link in book.contents_links:
        title = book.chapters[link.chapter].title if link.chapter >= 0 else ""
        how = "none" if link.chapter < 0 else "exact" if link.score >= 100 else "fuzzy"
        rows.append(
            {
                "entry": _line(book, link.start, link.end),
                "start": link.start,
                "end": link.end,
                "chapter": link.chapter,
                "chapter_title": title,
                "offset": link.offset,
                "score": round(float(link.score), 1),
                "match": how,
            }
        )
    return rows


def explain(book: Book) -> dict[str, Any]:
    """The explaining facts of ``quire info --json``.

    Keys: ``title_candidates`` (``source``, ``title``, ``author``, ``chosen``, ``note``),
    ``opening`` (``offset``, ``kind``, ``text``), ``hidden_lines`` (``start``, ``end``,
    ``reason``, ``where`` — ``text``, ``front matter`` or ``back matter`` — and
    ``text``), ``footnotes`` (how many) and ``contents`` (each printed contents entry:
    ``entry``, ``start``, ``end``, ``chapter``, ``chapter_title``, ``offset``, ``score``
    and ``match`` — ``exact``, ``fuzzy`` or ``none``).
    """
    front = {(s, e) for s, e in book.front_matter}
    line_end = book.text.find("\n", book.opening_offset)
    line_end = len(book.text) if line_end < 0 else line_end
    notes_front = [d for d in book.matter_notes if any(a <= d.start < b for a, b in front)]
    notes_back = [d for d in book.matter_notes if d not in notes_front]
    return {
        "title_candidates": [
            {
                "source": c.source,
                "title": c.title,
                "author": c.author,
                "chosen": c.chosen,
                "note": c.note,
            }
            for c in book.metadata.candidates
        ],
        "opening": {
            "offset": book.opening_offset,
            "kind": opening_kind(book),
            "text": _line(book, book.opening_offset, line_end),
        },
        "hidden_lines": [
            *_dropped_rows(book, notes_front, "front matter"),
            *_dropped_rows(book, book.dropped, "text"),
            *_dropped_rows(book, notes_back, "back matter"),
        ],
        "footnotes": sum(1 for k in book.blocks.kinds() if k == BlockKind.FOOTNOTE),
        "contents": _contents(book),
    }


def _quoted(value: str) -> str:
    return f"“{value}”" if value else "(none)"


def explain_lines(book: Book, facts: dict[str, Any] | None = None) -> list[str]:
    """:func:`explain` in words, for the plain ``quire info`` (lines without a newline;
    book strings still to be made terminal-safe by the caller)."""
    facts = explain(book) if facts is None else facts
    out: list[str] = []
    cands = facts["title_candidates"]
    if cands:
        won = cands[0]
        out.append(f"Title from:  {won['source']} — {won['note']}")
        for c in cands[1:]:
            what = _quoted(c["title"]) + (f" by {c['author']}" if c["author"] else "")
            out.append(f"             also {c['source']}: {what} — {c['note']}")
    opening = facts["opening"]
    out.append(
        f"Opens at:    the {opening['kind']}, character {opening['offset']:,}"
        f" ({_quoted(opening['text'])})"
    )
    hidden = facts["hidden_lines"]
    if hidden:
        counts = Counter(row["reason"] for row in hidden)
        summary = ", ".join(f"{n:,} {reason}{'s' if n > 1 else ''}" for reason, n in counts.items())
        out.append(f"Not shown:   {len(hidden):,} line(s) — {summary}")
        for reason in counts:
            rows = [r for r in hidden if r["reason"] == reason][:_SHOWN_LINES]
            for r in rows:
                out.append(
                    f"             {reason} at {r['start']:,} ({r['where']}): {_quoted(r['text'])}"
                )
    else:
        out.append("Not shown:   no lines (no page numbers, running headers or banners found)")
    if facts["footnotes"]:
        out.append(f"Footnotes:   {facts['footnotes']:,}, set apart from the text")
    contents = facts["contents"]
    if contents:
        linked = sum(1 for r in contents if r["match"] != "none")
        fuzzy = [r for r in contents if r["match"] == "fuzzy"]
        out.append(
            f"Contents:    {len(contents):,} printed entries, {linked:,} linked to their chapters"
            f" ({len(fuzzy):,} matched fuzzily)"
        )
        for r in fuzzy[:_SHOWN_LINES]:
            out.append(
                f"             {_quoted(r['entry'])} → {_quoted(r['chapter_title'])}"
                f" (score {r['score']:.0f} of 100)"
            )
        missing = [r for r in contents if r["match"] == "none"]
        for r in missing[:_SHOWN_LINES]:
            out.append(f"             {_quoted(r['entry'])} leads to no chapter")
    return out
