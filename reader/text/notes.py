"""Author's notes in fan fiction, and what kind each one is.

Fan fiction saved as text carries the author's voice beside the story: ``A/N:``
paragraphs, ``**Author's Note:**`` or ``Notes:`` followed by ``> ``-quoted lines (AO3
and FanFicFare), AO3's "Chapter Summary", "Chapter Notes" and "Chapter End Notes",
"End Notes" or "Afterword" at the end, and FanFicFare's closing ``End file.``.
:func:`find_notes` finds them all in a range of the text and gives each an
:class:`AuthorNote`: its ``[start, end)`` and its :class:`NoteKind` —

* ``summary``: a chapter or story summary ("Chapter Summary", "Summary" over quoted lines);
* ``end``: a note after the last prose of a chapter or of the book, or labelled so
  ("Chapter End Notes", "End Notes", "Afterword", ``End file.``);
* ``opening``: a note before the first chapter heading;
* ``chapter``: any other note (at the head of a chapter or inside it).

Qt-free. Every pattern is anchored at a line start and uses possessive repeats, so
a file of nothing but notes, or a 5 MB note, is scanned in linear time.
"""

from __future__ import annotations

import bisect
import re

from reader.text import rx
from reader.text.book import AuthorNote, NoteKind
from reader.text.matter import author_notes

__all__ = ["AuthorNote", "NoteKind", "find_notes", "is_note_label", "note_label"]

Range = tuple[int, int]


_LABELS = {
    NoteKind.OPENING: "Author's note",
    NoteKind.CHAPTER: "Author's note",
    NoteKind.END: "End notes",
    NoteKind.SUMMARY: "Chapter summary",
}


def note_label(kind: NoteKind | str) -> str:
    """The small label a note of ``kind`` is shown under ("Author's note", "End notes" …)."""
    try:
        return _LABELS[NoteKind(kind)]
    except ValueError:
        return _LABELS[NoteKind.CHAPTER]


# A label line: the whole line is the label (bold or not, a colon or not), or the label and
# a colon start a paragraph ("Notes: thanks for reading"). Group "word" says which label.
_LABEL_WORDS = (
    r"(?P<word>Chapter[ \t]+Summary|Chapter[ \t]+End[ \t]+Notes?|Chapter[ \t]+Notes?"
    r"|End[ \t]+Notes?|Afterword|Notes?|Summary|End[ \t]+file)"
)
_LABEL_BODY = (
    r"(?P<line>[ \t]*+(?:\*\*|__)?+[ \t]*+" + _LABEL_WORDS + r"[ \t]*+(?:\*\*|__)?+"
    r"(?:(?P<colon>:)|\.)?+[ \t]*+(?:\*\*|__)?+(?P<rest>[^\n]*+))"
)
# "\n" first so re skips from line to line (the range's first line is matched on its own)
_LABEL = rx.lazy(r"\n(?=[ \t]*+[*_CcEeAaNnSs])" + _LABEL_BODY)
_LABEL_AT = rx.lazy(_LABEL_BODY)
_QUOTED = rx.lazy(r"[ \t]*+>[^\n]*+(?:\n(?:[ \t]*+>[^\n]*+|[ \t]*+(?=\n[ \t]*+>)))*+")
_PARAGRAPH = rx.lazy(r"[ \t]*+\S[^\n]*+(?:\n[ \t]*+\S[^\n]*+)*+")
_BLANKS = rx.lazy(r"\s*+")
_WORD_END = ("summary", "end notes", "end note", "afterword", "end file", "chapter end")
_END_BODY_MAX = 60_000
"""An end note ("Afterword", "End Notes") runs on to the next chapter, but no further than
this many characters (then it is its one paragraph)."""


_BARE_LABEL = rx.lazy_stdlib(
    r"[\s*_]*(?:chapter\s+summary|chapter\s+end\s+notes?|chapter\s+notes?|end\s+notes?"
    r"|afterword|notes?|summary|author['’]?s?\s+notes?|a/n)[\s*_]*:?[\s*_]*",
    re.IGNORECASE,
)


def is_note_label(shown: str) -> bool:
    """True when a note's block shows nothing but its label ("Chapter Notes", "Author's
    Note:"): the page sets it as the note's label instead of adding one."""
    return len(shown) <= 40 and _BARE_LABEL.fullmatch(shown) is not None


def _word_kind(word: str) -> NoteKind | None:
    w = " ".join(word.lower().split())
    if w.endswith("summary"):
        return NoteKind.SUMMARY
    if w.startswith(("chapter end", "end note", "end file")) or w == "afterword":
        return NoteKind.END
    return None


def _quoted_after(text: str, pos: int, hi: int) -> int | None:
    """End of a run of ``>``-quoted lines starting on the first non-blank line at or after
    ``pos`` (blank lines between quoted lines belong to it), or None when there is none."""
    start = _BLANKS.match(text, pos, hi)
    at = start.end() if start else pos
    if at >= hi:
        return None
    at = text.rfind("\n", pos, at) + 1 if at > pos else at
    at = max(at, pos)
    m = _QUOTED.match(text, at, hi)
    if m is None or m.end() <= at:
        return None
    return m.end()


def _paragraph_after(text: str, pos: int, hi: int) -> int | None:
    """End of the first paragraph starting at or after ``pos``, or None."""
    ws = _BLANKS.match(text, pos, hi)
    at = ws.end() if ws else pos
    if at >= hi:
        return None
    at = max(pos, text.rfind("\n", pos, at) + 1)
    m = _PARAGRAPH.match(text, at, hi)
    return m.end() if m else None


def _labelled(
    text: str, lo: int, hi: int, stops: list[int]
) -> list[tuple[int, int, NoteKind | None]]:
    """Notes introduced by a label line, with the kind their label gives (None: by place)."""
    out: list[tuple[int, int, NoteKind | None]] = []
    found = list(_LABEL.finditer(text, max(lo - 1, 0), hi))
    if lo < hi and (lo == 0 or text[lo - 1] == "\n"):
        first = _LABEL_AT.match(text, lo, hi)
        if first:
            found.insert(0, first)
    for m in found:
        s = m.start("line")
        if s < lo or (out and s < out[-1][1]):
            continue
        word = m.group("word")
        kind = _word_kind(word)
        rest = m.group("rest").strip()
        line_end = min(m.end("line"), hi)
        low = word.lower()
        bare = not rest.strip("*_ \t")
        if low.startswith("end") and "file" in low:
            if bare:
                out.append((s, line_end, NoteKind.END))
            continue
        if not bare:
            # "Notes: thanks for reading" is a note; "Summary of the war" is prose
            if m.group("colon") is None or low == "summary":
                continue
            end = _paragraph_after(text, s, hi) or line_end
            quoted = _quoted_after(text, end, hi)
            out.append((s, quoted or end, kind))
            continue
        quoted = _quoted_after(text, line_end, hi)
        if quoted is not None:
            out.append((s, quoted, kind))
            continue
        if low in ("notes", "note", "summary"):
            continue  # a bare "Notes" line over plain prose: an ordinary heading or word
        if kind is NoteKind.END:
            k = bisect.bisect_right(stops, line_end)
            stop = stops[k] if k < len(stops) else hi
            body_end = len(text[line_end:stop].rstrip()) + line_end
            if body_end - line_end > _END_BODY_MAX:
                body_end = _paragraph_after(text, line_end, hi) or line_end
            out.append((s, max(body_end, line_end), kind))
            continue
        after = _paragraph_after(text, line_end, hi)
        out.append((s, after or line_end, kind))
    return out


def _with_quotes(text: str, ranges: list[Range], hi: int) -> list[Range]:
    """``A/N`` notes that are only their label ("**Author's Note:**") take the quoted lines
    under them."""
    out = []
    for s, e in ranges:
        if e - s <= 40 and "\n" not in text[s:e].strip():
            quoted = _quoted_after(text, e, hi)
            if quoted is not None:
                e = quoted
        out.append((s, e))
    return out


def _merge(found: list[tuple[int, int, NoteKind | None]]) -> list[tuple[int, int, NoteKind | None]]:
    out: list[tuple[int, int, NoteKind | None]] = []
    for s, e, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if s >= e:
            continue
        if out and s < out[-1][1]:
            ps, pe, pk = out[-1]
            out[-1] = (ps, max(pe, e), pk or kind)
        else:
            out.append((s, e, kind))
    return out


def _has_prose(text: str, a: int, b: int) -> bool:
    return a < b and not text[a:b].isspace() and bool(text[a:b].strip())


def find_notes(
    text: str, lo: int, hi: int, stops: list[int] | None = None, taken: list[Range] | None = None
) -> list[AuthorNote]:
    """Every author's note in ``text[lo:hi]`` with its kind (see the module docstring).

    ``stops`` are the starts of the chapter headings (sorted); ``taken`` are ranges that
    are something else (headings, the title page, matter): a note overlapping one is
    cut short before it, or left out when it starts inside it.
    """
    stops = sorted(stops or [])
    plain = _with_quotes(text, author_notes(text, lo, hi, stops), hi)
    found = _merge([*((s, e, None) for s, e in plain), *_labelled(text, lo, hi, stops)])
    found = _outside(text, found, sorted(taken or []))
    notes: list[AuthorNote] = []
    # From the back: a note is an end note when only notes stand between it and the next
    # heading (or the end), and some prose stands before it in its chapter.
    next_stop_clear = True
    following: int | None = None
    kinds: list[NoteKind] = []
    for s, e, kind in reversed(found):
        k = bisect.bisect_right(stops, e - 1)
        stop = stops[k] if k < len(stops) else hi
        gap_end = following if following is not None and following <= stop else stop
        clear = not _has_prose(text, e, gap_end) and (gap_end == stop or next_stop_clear)
        first = bisect.bisect_right(stops, s) - 1
        if kind is None:
            if clear and _prose_before(text, stops, first, s, lo, found):
                kind = NoteKind.END
            elif first < 0:
                kind = NoteKind.OPENING
            else:
                kind = NoteKind.CHAPTER
        kinds.append(kind)
        next_stop_clear = clear
        following = s
    for (s, e, _k), kind in zip(found, reversed(kinds), strict=True):
        notes.append(AuthorNote(s, e, kind))
    return notes


def _prose_before(
    text: str,
    stops: list[int],
    heading: int,
    s: int,
    lo: int,
    found: list[tuple[int, int, NoteKind | None]],
) -> bool:
    """True when the chapter holding ``s`` has prose (outside notes) before ``s``."""
    a = lo
    if heading >= 0:
        a = text.find("\n", stops[heading], s) + 1  # the heading line is not prose
        if a <= 0:
            return False
    i = bisect.bisect_left(found, (a,))
    pos = a
    while i < len(found) and found[i][0] < s:
        if _has_prose(text, pos, found[i][0]):
            return True
        pos = max(pos, found[i][1])
        i += 1
    return _has_prose(text, pos, s)


def _outside(
    text: str, found: list[tuple[int, int, NoteKind | None]], taken: list[Range]
) -> list[tuple[int, int, NoteKind | None]]:
    """``found`` without notes starting inside ``taken``; a note running into one ends there.
    A labelled note whose label is taken (a heading "Afterword") keeps the text under it."""
    if not taken:
        return found
    starts = [a for a, _b in taken]
    out: list[tuple[int, int, NoteKind | None]] = []
    for s, e, kind in found:
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and taken[i][1] > s:
            if kind is None or taken[i][1] >= e:
                continue
            # a label that is a heading too ("Afterword"): the note is the text under it
            s = taken[i][1]
            s += len(text[s:e]) - len(text[s:e].lstrip())
            i += 1
            if i < len(taken) and taken[i][0] < e:
                e = taken[i][0]
            if e > s:
                out.append((s, e, kind))
            continue
        if i + 1 < len(taken) and taken[i + 1][0] < e:
            e = taken[i + 1][0]
        if e > s:
            out.append((s, e, kind))
    return out
