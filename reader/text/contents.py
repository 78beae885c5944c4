"""Printed contents lists of plain titles, and story titles found through them.

A collection such as O. Henry's prints its contents as bare titles under a
``CONTENTS`` line ("The Gift of the Magi", "A Cosmopolite in a Café" …), and
its stories then start with those titles alone on a line, with no number or
keyword a heading pattern could catch. :func:`titled_lists` finds such lists;
:func:`listed_titles` turns body lines that repeat their entries, in order,
into level-1 headings.
"""

from __future__ import annotations

import bisect
import re

from reader.text.heading_forms import clean_title
from reader.text.headings import Heading

Range = tuple[int, int]

_CONTENTS_TITLE = re.compile(
    r"[ \t]*(?:(?:table\s+of\s+)?contents|table\s+des\s+mati[eè]res|sommaire|"
    r"inhalt(?:sverzeichnis)?|содержание|оглавление|[íi]ndice)[ \t.:]*",
    re.I,
)
_SCAN = 60_000  # a printed contents list sits near the front
_MAX_ENTRY = 70
_TRAIL = re.compile(r"(?:[\s.·…_-]+(?:\d+|[ivxlcdm]+))?[\s.·…_-]*$")
_WS = re.compile(r"\s+")


def entry_key(line: str) -> str:
    """A contents entry or heading line reduced for comparison: case-folded,
    whitespace collapsed, trailing page numbers, roman numerals and dots removed."""
    s = _WS.sub(" ", line.replace("_", "")).strip().casefold()
    return _TRAIL.sub("", s).strip()


def _lines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every line in ``text[a:b]``."""
    out = []
    while a < b:
        e = text.find("\n", a, b)
        e = b if e < 0 else e
        out.append((a, e))
        a = e + 1
    return out


def titled_lists(text: str, lo: int, hi: int, taken: list[Range]) -> list[Range]:
    """Spans of contents lists under a ``CONTENTS`` line whose entries are plain titles.

    Entries are short lines separated by at most one blank line; the list ends
    at a longer gap, a long line, or a repeat of its first entry (the body).
    Lists overlapping ``taken`` (contents already found) are left alone.
    """
    lines = _lines(text, lo, min(hi, lo + _SCAN))
    for i, (s, e) in enumerate(lines):
        if not _CONTENTS_TITLE.fullmatch(text, s, e):
            continue
        if i > 0 and text[lines[i - 1][0] : lines[i - 1][1]].strip():
            continue  # must stand alone
        entries: list[Range] = []
        blanks = 0
        for s2, e2 in lines[i + 1 :]:
            line = text[s2:e2].strip()
            if not line:
                blanks += 1
                if blanks > (3 if not entries else 1):
                    break
                continue
            if len(line) > _MAX_ENTRY or line[-1] in ",;":
                break
            if entries and entry_key(line) == entry_key(text[entries[0][0] : entries[0][1]]):
                break
            entries.append((s2, e2))
            blanks = 0
        if len(entries) < 3:
            continue
        span = (entries[0][0], entries[-1][1])
        if any(a < span[1] and span[0] < b for a, b in taken):
            continue
        return [span]
    return []


def _standalone(text: str, s: int, e: int, lo: int, hi: int) -> bool:
    before = text.rfind("\n", lo, max(s - 1, lo))
    if s > lo and text[max(before + 1, lo) : s].strip():
        return False
    nxt = text.find("\n", e + 1, hi)
    return e >= hi or not text[e + 1 : hi if nxt < 0 else nxt].strip()


def listed_titles(text: str, headings: list[Heading], toc: list[Range], hi: int) -> list[Heading]:
    """``headings`` plus the body lines (after the contents) that repeat a contents entry.

    A line counts when it stands alone (blank lines around it), is short, is not
    inside or right after a heading already found, and the matches follow the
    contents order; at least two must be found, else nothing is added.
    """
    if not toc:
        return headings
    order: dict[str, int] = {}
    for a, b in toc:
        for s, e in _lines(text, a, b):
            k = entry_key(text[s:e])
            if k and k not in order:
                order[k] = len(order)
    if len(order) < 2:
        return headings
    body = max(b for _a, b in toc)
    words = sorted(order, key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, k.split(" "))) for k in words)
    rx = re.compile(rf"\n[ \t]*\n(?P<line>[ \t]*(?:{alts})[ \t.·…_-]*)[ \t]*(?=\n|\Z)", re.I)
    hstarts = [h.start for h in headings]
    found: list[Heading] = []
    last = -1
    for m in rx.finditer(text, max(body - 1, 0), hi):
        s, e = m.start("line"), m.end("line")
        line = text[s:e]
        idx = order.get(entry_key(line))
        if idx is None or idx <= last or not _standalone(text, s, e, body, hi):
            continue
        # inside a heading, or right after one (its subtitle or the same title again)
        j = bisect.bisect_right(hstarts, s) - 1
        if j >= 0 and (s < headings[j].end or not text[headings[j].end : s].strip()):
            continue
        found.append(Heading(s, e, clean_title(line), 1, True))
        last = idx
    if len(found) < 2:
        return headings
    return sorted(headings + found)
