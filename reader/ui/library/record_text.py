"""How a library record reads: folded search keys, the shown title, dates and lengths.

Qt-free text formatters the library's model, its delegate and its pane share, tested
directly: :func:`fold` (no accents, no case), :func:`shown_title`, :func:`search_key`,
:func:`relative_day` ("3 days ago"), :func:`format_length` ("52k words") and
:func:`new_chapters_text`.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import UTC, datetime

from reader.store.models import BookRecord


def fold(text: str) -> str:
    """``text`` without accents and case: "Eugène Onéguine" → "eugene oneguine".

    Decomposes (NFKD), drops combining marks, then case-folds; characters that
    do not decompose (CJK, Cyrillic) are kept as they are.
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def shown_title(record: BookRecord) -> str:
    """The title the list shows: the reader's or detected title, else the file name."""
    return record.display_title or os.path.splitext(os.path.basename(record.path))[0]


def search_key(record: BookRecord) -> str:
    """The folded text free words search: title, author and file name, and for a story
    its fandoms, series and status (``complete`` or ``wip``) — the library's columns, so
    no story JSON is read for it."""
    name = os.path.basename(record.path)
    key = f"{shown_title(record)}\n{record.display_author}\n{name}"
    if record.story:
        status = {"complete": "complete", "wip": "wip in progress"}.get(record.story_status, "")
        extra = (record.fandom, record.series, status)
        key += "\n" + "\n".join(e for e in extra if e)
    return fold(key)


def parse_time(stamp: str | None) -> datetime | None:
    """An ISO-8601 timestamp from the store as an aware datetime (None if absent or bad)."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:  # a malformed stamp reads as "never"
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def relative_day(stamp: str | None, now: datetime | None = None) -> str:
    """When a book was last read, as people say it: "today", "3 days ago", "not opened"."""
    when = parse_time(stamp)
    if when is None:
        return "not opened"
    now = now or datetime.now(UTC)
    days = (now.astimezone().date() - when.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 365:
        return f"{days // 30} months ago"
    years = days // 365
    return "a year ago" if years == 1 else f"{years} years ago"


def format_length(length: int, unit: str) -> str:
    """A book's length: "8,450 words", "52k words", "≈ 1.2M characters".

    A negative length is an estimate made at import (from the file size); it is
    replaced by the real count the first time the book is opened.
    """
    if length == 0:
        return ""
    estimate = length < 0
    n = abs(length)
    noun = "characters" if unit.startswith("char") else "words"
    if n < 10_000:
        text = f"{n:,}"
    elif n < 1_000_000:
        text = f"{round(n / 1000):,}k"
    else:
        text = f"{n / 1_000_000:.1f}M"
    return f"{'≈ ' if estimate else ''}{text} {noun}"


def new_chapters_text(record: BookRecord) -> str:
    """ "1 new chapter", "3 new chapters" for a story updated since it was last opened."""
    n = record.new_chapters
    if n <= 0 or record.missing:
        return ""
    return f"{n} new chapter" if n == 1 else f"{n:,} new chapters"


__all__ = [
    "fold",
    "format_length",
    "new_chapters_text",
    "parse_time",
    "relative_day",
    "search_key",
    "shown_title",
]
