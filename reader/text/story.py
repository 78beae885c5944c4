"""Fan-fiction story headers: the title page FanFicFare writes and AO3 conversions carry.

A FanFicFare TXT file opens with the title, ``by Author`` and ``Label: value`` lines
(Category, Genre, Characters, Relationships, Status, Published, Updated, Rating,
Chapters, Words, Series, Story URL, Summary …); an AO3 conversion with ``Rating:``,
``Archive Warning:``, ``Fandom:``, ``Relationship:``, ``Additional Tags:``, a
``Stats:`` line and a ``Summary`` heading, its values on the label's line or on the
lines under it. :func:`parse_story_info` reads such a header into a
:class:`StoryInfo` whose ``header_start``/``header_end`` are the header's offsets in the
text — only at the very start of the text: the same lines in the middle of a chapter are
never a title page.

Values are kept as written (HTML or Markdown in them stays literal text). Label lines
the parser does not know stay in :attr:`StoryInfo.other`, so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reader.text import rx
from reader.text.story_labels import LABELS as _LABELS
from reader.text.story_labels import LIST_FIELDS as _LIST_FIELDS

__all__ = ["StoryInfo", "parse_date", "parse_story_info", "rating_code"]

_MAX_SCAN = 400_000
"""Characters looked at for a header (a 50 KB summary and hundreds of tags fit)."""
_MAX_SUMMARY_PARAS = 200_000
"""A summary running over blank lines stops at its first paragraph beyond this size."""
_MAX_VALUE = 120_000
"""Longest value kept for one label (longer ones are cut, the header text stays)."""


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """What a story's header says. Lists are tuples; numbers are None when not given.

    ``status`` is ``"complete"``, ``"wip"`` or ``""``; ``published``/``updated`` are ISO
    dates (``YYYY-MM-DD``) or ``""``; ``header_start``/``header_end`` delimit the header
    block in :attr:`Book.text`; ``other`` keeps label lines not understood
    (``(label, value)``, in order), including repeated single-valued labels.
    """

    title: str = ""
    author: str = ""
    fandoms: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    rating: str = ""
    warnings: tuple[str, ...] = ()
    status: str = ""
    chapters_done: int | None = None
    chapters_planned: int | None = None
    words: int | None = None
    published: str = ""
    updated: str = ""
    series: str = ""
    series_part: int | None = None
    summary: str = ""
    story_url: str = ""
    author_url: str = ""
    language: str = ""
    categories: tuple[str, ...] = ()
    other: tuple[tuple[str, str], ...] = ()
    header_start: int = 0
    header_end: int = 0

    @property
    def complete(self) -> bool:
        """True when the story is finished."""
        return self.status == "complete"

    def chapters_text(self) -> str:
        """``12``, ``3/?`` or ``3/10`` — the chapters as AO3 writes them ('' if unknown)."""
        if self.chapters_done is None:
            return ""
        if self.chapters_planned is not None:
            return f"{self.chapters_done}/{self.chapters_planned}"
        return f"{self.chapters_done}/?" if self.status == "wip" else str(self.chapters_done)


# A label: a short run of words (letters, spaces, apostrophes, parentheses), then a colon.
_LABEL_LINE = rx.lazy_stdlib(
    r"^[ \t]*(?P<label>[^\W\d_][\w '’()/.-]{0,38}?)[ \t]*[:：][ \t]*(?P<value>.*)$"
)
_BY_LINE = rx.lazy_stdlib(
    r"^[ \t]*(?:by|par|von|por|di|от)[ \t]*:?[ \t]+(?P<author>\S.{0,200}?)[ \t]*$", re.I
)
_AO3_POSTED = rx.lazy_stdlib(
    r"^[ \t]*Posted originally on the (?:Archive of Our Own|.{1,60}?) at (?P<url>\S+?)\.?[ \t]*$",
    re.I,
)
_URL = rx.lazy_stdlib(r"https?://\S+", re.I)
_STATS_PART = rx.lazy_stdlib(
    r"(?P<label>Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits)"
    r"[ \t]*:[ \t]*(?P<value>\S+(?:[ \t]\d\d:\d\d(?::\d\d)?)?)",
    re.I,
)
_HEADING_LIKE = rx.lazy_stdlib(
    r"^(?:\t|[ \t]*(?:chapter|ch\.|prologue|epilogue|part)\b|[ \t]*(?:notes?|author'?s note|"
    r"a/n|chapter notes|chapter summary|table of contents)[ \t]*:?[ \t]*$|\*\*)",
    re.I,
)
_SUMMARY_HEAD = rx.lazy_stdlib(
    r"^[ \t]*(?:summary|résumé|zusammenfassung|resumen)[ \t]*:?[ \t]*$", re.I
)
_SERIES_PART_OF = rx.lazy_stdlib(r"^Part[ \t]+(?P<n>\d{1,6})[ \t]+of[ \t]+(?P<name>.+)$", re.I)
_SERIES_BRACKET = rx.lazy_stdlib(r"^(?P<name>.*?)[ \t]*\[(?P<n>\d{1,6})\][ \t]*$")
_CHAPTERS = rx.lazy_stdlib(r"^[ \t]*(?P<done>\d{1,7})(?:[ \t]*/[ \t]*(?P<planned>\d{1,7}|\?))?")
_WORD_NUMBER = rx.lazy_stdlib(r"^[ \t]*(?P<n>\d[\d,. \u00a0\u202f']{0,14})")
_COMPLETE = rx.lazy_stdlib(
    r"\b(?:complete|completed|finished|abgeschlossen|terminé|completo|completa|complet)\b", re.I
)
_WIP = rx.lazy_stdlib(
    r"\b(?:in[- ]progress|wip|ongoing|incomplete|unfinished|en cours|laufend|en curso|hiatus)\b",
    re.I,
)


_WEAK = frozenset({"title", "author", "language", "publisher", "story_url"})
"""Labels any e-book header may have: they do not make a story header on their own."""


class _Line:
    """One line of the text and where it starts and ends."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end


class _Lines:
    """The lines of ``text[:limit]``, each made when first asked for: a text without a
    story header is given up on within its first lines, and splitting the whole scan
    limit up front would cost several milliseconds on the way to every first page."""

    __slots__ = ("_count", "_limit", "_made", "_pos", "_text")

    def __init__(self, text: str, limit: int) -> None:
        n = min(len(text), limit)
        self._text = text
        self._limit = n
        self._made: list[_Line] = []
        self._pos = 0
        # a line starts at 0 and after every line break but a last one at the limit
        self._count = 0 if n == 0 else text.count("\n", 0, n) + (text[n - 1] != "\n")

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> _Line:
        if not 0 <= index < self._count:
            raise IndexError(index)
        made, text, n = self._made, self._text, self._limit
        while len(made) <= index:
            pos = self._pos
            nl = text.find("\n", pos, n)
            end = n if nl < 0 else nl
            made.append(_Line(text[pos:end], pos, end))
            self._pos = end + 1
        return made[index]


def _known(label: str) -> str | None:
    return _LABELS.get(" ".join(label.lower().split()))


def _label_of(line: str) -> tuple[str, str] | None:
    """``(label, value)`` when ``line`` reads ``Label: value`` (a label is short)."""
    if _URL.match(line.lstrip()):
        return None
    m = _LABEL_LINE.match(line)
    if m is None:
        return None
    label = m.group("label").strip()
    if len(label.split()) > 4:
        return None
    return label, m.group("value").strip()


def _is_blank(line: _Line) -> bool:
    return not line.text.strip()


def parse_story_info(text: str) -> StoryInfo | None:
    """The story header at the start of ``text``, or None when the text has none.

    A header needs at least two label lines this module knows (``Rating:``, ``Fandom:``,
    ``Words:`` … — not ``Title:``, ``Author:`` or ``Language:``, which any e-book may
    have) among its first lines, before any prose. Never raises on odd input.
    """
    try:
        return _parse(text)
    except (ValueError, IndexError, OverflowError, RecursionError):
        return None


def _parse(text: str) -> StoryInfo | None:
    lines = _Lines(text, _MAX_SCAN)
    i = 0
    n = len(lines)
    while i < n and _is_blank(lines[i]):
        i += 1
    if i >= n:
        return None
    start = lines[i].start
    title = author = url = ""
    # The title, a by-line and AO3's "Posted originally" line, in the first few lines.
    prelude_end = i
    for j in range(i, min(n, i + 8)):
        line = lines[j]
        stripped = line.text.strip()
        if not stripped:
            continue
        if (m := _AO3_POSTED.match(line.text)) is not None:
            url = m.group("url")
        elif (m := _BY_LINE.match(line.text)) is not None and not author:
            author = m.group("author")
        elif (lab := _label_of(line.text)) is not None and _known(lab[0]):
            break
        elif not title and _could_be_title(stripped):
            title = stripped
        else:
            break
        prelude_end = j + 1
    other: list[tuple[str, str]] = []
    order: list[tuple[str, str, list[str]]] = []  # (field, label, value lines), in order
    j = prelude_end
    known_count = 0
    end = lines[prelude_end - 1].end if prelude_end > i else start
    current: list[str] | None = None  # the value being continued
    current_field = ""
    blank_run = 0
    summary_size = 0
    while j < n:
        line = lines[j]
        if _is_blank(line):
            blank_run += 1
            j += 1
            continue
        if current is not None and current_field == "stats" and blank_run == 0:
            current.append(line.text.strip())  # AO3's stats run on under their label
            end = line.end
            j += 1
            continue
        lab = _label_of(line.text)
        field = _known(lab[0]) if lab is not None else None
        if lab is not None and field is not None and blank_run < 3:
            label, value = lab
            if field not in _WEAK:
                known_count += 1
            current = [value] if value else []
            current_field = field
            order.append((field, label, current))
            summary_size = len(value)
            blank_run = 0
            end = line.end
            j += 1
            continue
        if (
            lab is not None
            and field is None
            and known_count >= 1
            and blank_run < 2
            and current_field != "summary"
        ):
            other.append(lab)
            current = None
            current_field = ""
            blank_run = 0
            end = line.end
            j += 1
            continue
        if _SUMMARY_HEAD.match(line.text) and known_count >= 2 and blank_run < 3:
            current = []
            current_field = "summary"
            order.append(("summary", "Summary", current))
            summary_size = 0
            blank_run = 0
            end = line.end
            j += 1
            continue
        if known_count >= 2 and blank_run < 3 and _by_after_title(lines, j):
            # AO3 repeats "Title / by Author" after the tags.
            if not title:
                title = line.text.strip()
            j += 1
            while j < n and _is_blank(lines[j]):
                j += 1
            if not author and (m := _BY_LINE.match(lines[j].text)) is not None:
                author = m.group("author")
            end = lines[j].end
            j += 1
            blank_run = 0
            current, current_field = None, ""
            continue
        if current is not None and _continues(current_field, line, blank_run, summary_size):
            if blank_run and current_field == "summary":
                current.append("")
            current.append(line.text.strip())
            summary_size += len(line.text)
            blank_run = 0
            end = line.end
            j += 1
            continue
        break
    if known_count < 2:
        return None
    info: dict[str, Any] = {"title": title, "author": author, "story_url": url}
    lists: dict[str, list[str]] = {f: [] for f in _LIST_FIELDS}
    for field, label, raw in order:
        _apply(field, label, raw, info, lists, other)
    if not lists["fandoms"] and not any(f == "fandoms" for f, _l, _r in order):
        # FanFicFare's "Category" is the fandom; AO3 has both, "Category" being M/M, F/F …
        lists["fandoms"], lists["categories"] = lists["categories"], []
    for f, items in lists.items():
        info[f] = tuple(dict.fromkeys(items))
    if not info.get("status") and info.get("chapters_planned") is not None:
        done, planned = info.get("chapters_done"), info["chapters_planned"]
        info["status"] = "complete" if done is not None and done >= planned else "wip"
    return StoryInfo(**info, other=tuple(other), header_start=start, header_end=end)


def _could_be_title(line: str) -> bool:
    """A line short enough for a title, and not a sentence of prose."""
    words = len(line.split())
    if len(line) > 300 or words > 25:
        return False
    return not (line[-1] in '.!?…"”' and words > 5)


def _by_after_title(lines: _Lines, j: int) -> bool:
    """True when line ``j`` is a short line followed (maybe after a blank) by ``by X``."""
    if len(lines[j].text) > 300 or _HEADING_LIKE.match(lines[j].text):
        return False
    k = j + 1
    while k < len(lines) and k <= j + 2 and _is_blank(lines[k]):
        k += 1
    return k < len(lines) and _BY_LINE.match(lines[k].text) is not None


def _continues(field: str, line: _Line, blank_run: int, size: int) -> bool:
    """Whether ``line`` continues the value of ``field`` after ``blank_run`` blank lines."""
    if field == "summary":
        if _HEADING_LIKE.match(line.text):
            return False
        if blank_run == 0:
            return True
        return blank_run == 1 and size < _MAX_SUMMARY_PARAS
    return blank_run == 0


def _apply(
    field: str,
    label: str,
    raw: list[str],
    info: dict[str, Any],
    lists: dict[str, list[str]],
    other: list[tuple[str, str]],
) -> None:
    """Put one label's value (its lines, ``raw``) into ``info``/``lists``/``other``."""
    joined = _paragraphs(raw) if field == "summary" else " ".join(s for s in raw if s).strip()
    value = joined[:_MAX_VALUE]
    if field in _LIST_FIELDS:
        lists[field].extend(_split_list(raw))
        return
    if field == "stats":
        for m in _STATS_PART.finditer(value):
            sub = m.group("label").lower()
            _apply(_LABELS.get(sub, sub), m.group("label"), [m.group("value")], info, lists, other)
        return
    scalar = _scalar(field, value, info)
    if scalar is not None and label.lower() == "completed" and not info.get("status"):
        scalar["status"] = "complete"  # AO3's stats say "Completed: <date>"
    if scalar is None:
        other.append((label, value))
        return
    for key in scalar:
        if key != "status" and info.get(key) not in (None, ""):
            other.append((label, value))
            return
    info.update(scalar)


def _scalar(field: str, value: str, info: dict[str, Any]) -> dict[str, Any] | None:
    """The StoryInfo fields one single-valued label sets, or None when not understood."""
    if not value:
        return {}
    if field in ("title", "author", "rating", "language", "summary", "author_url"):
        return {field: value}
    if field == "story_url":
        return {"story_url": value}
    if field == "status":
        if _COMPLETE.search(value):
            return {"status": "complete"}
        if _WIP.search(value):
            return {"status": "wip"}
        return None
    if field in ("published", "updated"):
        iso = parse_date(value)
        if not iso:
            return None
        return {field: iso}
    if field == "chapters":
        m = _CHAPTERS.match(value)
        if m is None:
            return None
        planned = m.group("planned")
        out: dict[str, Any] = {"chapters_done": int(m.group("done"))}
        if planned and planned != "?":
            out["chapters_planned"] = int(planned)
        elif planned == "?" and not info.get("status"):
            out["status"] = "wip"
        return out
    if field == "words":
        m = _WORD_NUMBER.match(value)
        if m is None:
            return None
        digits = re.sub(r"\D", "", m.group("n"))
        return {"words": int(digits)} if digits else None
    if field == "series":
        if (m := _SERIES_PART_OF.match(value)) is not None:
            return {"series": m.group("name").strip(), "series_part": int(m.group("n"))}
        if (m := _SERIES_BRACKET.match(value)) is not None and m.group("name"):
            return {"series": m.group("name").strip(), "series_part": int(m.group("n"))}
        return {"series": value}
    return None  # packaged, publisher and others: kept as written


def _paragraphs(raw: list[str]) -> str:
    """Summary lines as text: wrapped lines joined, paragraphs (``""`` between) kept."""
    paras: list[list[str]] = [[]]
    for line in raw:
        if line:
            paras[-1].append(line)
        elif paras[-1]:
            paras.append([])
    return "\n\n".join(" ".join(p) for p in paras if p)


def _split_list(raw: list[str]) -> list[str]:
    """The items of a list value: comma-separated, one per line under AO3 labels."""
    out: list[str] = []
    for line in raw:
        for part in line.split(","):
            item = part.strip()
            if item:
                out.append(item[:500])
    return out


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
)


def parse_date(value: str) -> str:
    """An ISO date (``YYYY-MM-DD``) for a date as headers write it, or ''."""
    s = value.strip()[:60]
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return ""
    s = re.sub(r"[ \t]+\d{1,2}:\d\d(?::\d\d)?(?:[ \t]*[AP]M)?$", "", s, flags=re.I).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


_RATING_CODES = (
    (rx.lazy_stdlib(r"^(?:general audiences|g|k|all ages)$", re.I), "G"),
    (
        rx.lazy_stdlib(
            r"^(?:teen and up audiences|teen|t|k\+|pg|pg-13|fiction k\+|fiction t)$", re.I
        ),
        "T",
    ),
    (rx.lazy_stdlib(r"^(?:mature|m|fiction m|r)$", re.I), "M"),
    (rx.lazy_stdlib(r"^(?:explicit|e|nc-17|fiction ma|ma)$", re.I), "E"),
    (rx.lazy_stdlib(r"^(?:not rated|nr)$", re.I), "NR"),
)


def rating_code(rating: str) -> str:
    """A short code for a rating (``Teen And Up Audiences`` → ``T``), or the rating itself."""
    r = " ".join(rating.split())
    for rating_re, code in _RATING_CODES:
        if rating_re.match(r):
            return code
    return r
