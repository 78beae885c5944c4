"""Chapter and part headings: candidate lines, guards, printed contents, levels.

Headings are found in four steps, all over the whole text with ``re.finditer``
(never a Python loop over every line):

1. *Candidates*: lines that look like a heading in one of the supported forms
   (``CHAPTER I``, ``Chapter 12: Title``, ``BOOK ONE: 1805``, ``PREMIÈRE
   PARTIE``, ``Глава первая``, ``第一回　…``, bare roman numerals, numbered
   titles, Prologue/Epilogue …, Aozora ``［＃「…」は中見出し］``).
2. *Guards*: Latin-script headings must stand alone (a blank line before and
   after, or a strong keyword heading directly followed by prose); a heading
   never sits directly above another heading-like line (that is a list).
3. *Printed contents*: a dense run of headings with hardly any prose between
   them is a table of contents, not chapters (War and Peace, Dracula).
4. *Families and levels*: numbered families must count up (1, 2, 3 … with
   restarts); bare numerals packed closely under real chapters (Onegin's
   stanzas) are not headings; the most major rank present becomes level 1,
   the next level 2.
"""

from __future__ import annotations

import bisect
import itertools
from typing import NamedTuple

from reader.text import rx
from reader.text.heading_forms import (
    PART,
    SPECIAL_RANK,
    SUB,
    Cand,
    aozora_candidates,
    cjk_candidates,
    clean_title,
    latin_candidates,
    latin_line,
    spaced_candidates,
    tight_candidates,
)
from reader.text.spacing import spaced_lines

_WINDOW = 60_000


def _windows(lo: int, hi: int) -> list[tuple[int, int]]:
    """Up to three sample windows (start, middle, end) of ``[lo, hi)``."""
    if hi - lo <= 3 * _WINDOW:
        return [(lo, hi)]
    mid = (lo + hi) // 2
    return [(lo, lo + _WINDOW), (mid - _WINDOW // 2, mid + _WINDOW // 2), (hi - _WINDOW, hi)]


def _few_blank_lines(text: str, lo: int, hi: int) -> bool:
    """True when paragraphs are not set apart by blank lines (a PDF export's indented
    paragraphs), judged on samples of the text."""
    lines = blanks = 0
    for a, b in _windows(lo, hi):
        lines += text.count("\n", a, b)
        blanks += text.count("\n\n", a, b)
    return lines >= 20 and blanks < 0.06 * lines


def _next_to(text: str, c: Cand, skip: list[tuple[int, int]], ends: list[int]) -> bool:
    """True when only blank lines lie between ``c`` and a range of ``skip`` (the text has
    the ranges blanked out)."""
    i = bisect.bisect_right(ends, c.start) - 1  # the last range ending before c
    if i >= 0 and not text[skip[i][1] : c.start].strip() and c.start - skip[i][1] < 400:
        return True
    j = i + 1
    return j < len(skip) and skip[j][0] >= c.end and not text[c.end : skip[j][0]].strip()


def _without_running_heads(
    text: str, cands: list[Cand], skip: list[tuple[int, int]], repeats: list[tuple[int, int]] | None
) -> list[Cand]:
    """``cands`` without the repeats of the heading before them next to page furniture."""
    ends = [e for _s, e in skip]
    out: list[Cand] = []
    for c in cands:
        if out and c.title.casefold() == out[-1].title.casefold() and _next_to(text, c, skip, ends):
            if repeats is not None:
                repeats.append((c.start, c.end))
            continue
        out.append(c)
    return out


def _skipped(cands: list[Cand], skip: list[tuple[int, int]]) -> list[Cand]:
    """``cands`` without those that start inside a range of ``skip`` (sorted ranges)."""
    if not skip:
        return cands
    starts = [s for s, _e in skip]
    out = []
    for c in cands:
        i = bisect.bisect_right(starts, c.start) - 1
        if i >= 0 and c.start < skip[i][1]:
            continue
        out.append(c)
    return out


class Heading(NamedTuple):
    """A heading: its source range ``[start, end)`` (whole lines), title and level.

    ``level`` is 1 for parts/books (or chapters in a book without parts) and 2
    for chapters under a part. ``toc`` is False for sub-section headings that
    are shown as headings but are too deep for the two-level contents.
    """

    start: int
    end: int
    title: str
    level: int
    toc: bool = True


def _blank_before(text: str, s: int, lo: int) -> bool:
    if s <= lo:
        return True
    p = text.rfind("\n", lo, s - 1)
    return not text[max(p + 1, lo) : s - 1].strip()


def _blank_after(text: str, e: int, hi: int) -> bool:
    if e >= hi:
        return True
    n = text.find("\n", e + 1, hi)
    return not text[e + 1 : hi if n < 0 else n].strip()


def _list_follows(text: str, e: int, hi: int) -> bool:
    """True when the line after ``e`` is heading-like too (a list, such as a contents page)."""
    if e + 1 >= hi:
        return False
    n = text.find("\n", e + 1, hi)
    return latin_line(text, e + 1, hi if n < 0 else n) is not None


def _gap_is_thin(text: str, a: int, b: int) -> bool:
    """True when ``text[a:b]`` holds at most two short non-blank lines (a contents gap)."""
    if b - a > 600:
        return False
    gap = text[a:b]
    lines = [ln for ln in gap.split("\n") if ln.strip()]
    words = sum(len(ln.split()) for ln in lines)
    return len(lines) <= 2 and words <= 12 and sum(len(ln.strip()) for ln in lines) <= 120


def _key(c: Cand) -> str:
    return c.title.casefold()


def _drop_contents(
    text: str, cands: list[Cand], hi: int
) -> tuple[list[Cand], list[tuple[int, int]]]:
    """Remove printed tables of contents: runs of ≥3 headings with thin gaps."""
    keep: list[Cand] = []
    spans: list[tuple[int, int]] = []
    n = len(cands)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and _gap_is_thin(text, cands[j].end, cands[j + 1].start):
            j += 1
        # cands[i..j-1] have thin gaps after them; cands[j] is followed by prose (or is last)
        if j - i < 3:
            keep.extend(cands[i : j + 1])
            i = j + 1
            continue
        # the body may start inside the run: a part heading right above the first chapter
        body = [cands[j]]
        if j == n - 1 and len("".join(text[cands[j].end : hi].split())) < 200:
            body = []  # a contents at the back of the book: nothing follows it
        k = j - 1
        while (
            body
            and k > i
            and _rank(cands[k]) < _rank(body[-1])
            and cands[k].indent == cands[j].indent
        ):
            body.append(cands[k])
            k -= 1
        toc_end = k if body else j
        # a contents list followed by prose (a dedication) and then its first entry again
        if len(body) == 1 and j + 1 < n and _key(cands[j + 1]) == _key(cands[i]):
            toc_end = j
            body = []
        spans.append((cands[i].start, cands[toc_end].end))
        keep.extend(reversed(body))
        i = j + 1
    return keep, spans


def _rank(c: Cand) -> int:
    return PART if c.rank == SPECIAL_RANK else c.rank


def _counts_up(nums: list[int | None]) -> bool:
    """True when a numbered family mostly counts 1, 2, 3 … (restarts allowed)."""
    vals = [v for v in nums if v is not None]
    if len(vals) < 2:
        return False
    steps = sum(1 for a, b in itertools.pairwise(vals) if b == a + 1 or b in (0, 1))
    return steps >= 0.6 * (len(vals) - 1)


_PARA = rx.lazy(r"[ \t]*+\S[^\n]*+(?:\n[ \t]*+\S[^\n]*+)*+")
_DENSE_SCAN = 60_000  # printed contents sit near the front; never scan a whole book


def _dense_lists(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Printed contents with no blank lines between entries, in ``text[lo:hi]``.

    A paragraph of three or more lines, every one of them heading-like
    (Madame Bovary's ``PREMIÈRE PARTIE`` / ``I`` / ``II`` …, Sherlock Holmes'
    right-aligned ``  II. The Red-headed League``), whose numbers count up.
    """
    spans: list[tuple[int, int]] = []
    hi = min(hi, lo + _DENSE_SCAN)
    pos = lo
    while pos < hi:
        m = _PARA.search(text, pos, hi)
        if m is None:
            break
        pos = m.end() + 1
        if m.group().count("\n") < 2:
            continue
        s = max(lo, text.rfind("\n", lo, m.start()) + 1)
        cands: list[Cand] = []
        a = s
        while a < m.end():
            b = text.find("\n", a, m.end())
            b = m.end() if b < 0 else b
            c = latin_line(text, a, b)
            if c is None:
                break
            cands.append(c)
            a = b + 1
        else:
            nums = [c.number for c in cands if c.family in ("roman", "roman-title")]
            nums += [c.number for c in cands if c.family in ("arabic", "arabic-title")]
            if len(nums) < 2 or _counts_up(nums):
                spans.append((s, m.end()))
    return spans


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _in_spans(x: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= x < b for a, b in spans)


def find_headings(
    text: str,
    lo: int = 0,
    hi: int | None = None,
    *,
    aozora: bool = False,
    skip: list[tuple[int, int]] | None = None,
    repeats: list[tuple[int, int]] | None = None,
) -> tuple[list[Heading], list[tuple[int, int]]]:
    """Headings in ``text[lo:hi]`` and the spans of printed tables of contents.

    Lines starting inside a range of ``skip`` (sorted: page furniture, footnotes) are
    never headings. A heading that repeats the one before it right next to page
    furniture is a running header: it is left out, and its line is added to ``repeats``.
    """
    hi = len(text) if hi is None else hi
    cands: list[Cand] = []
    if aozora or ("］" in text and "見出し］" in text):  # one character is found faster
        cands = aozora_candidates(text, lo, hi)
    if not cands:
        cands = latin_candidates(text, lo, hi) + cjk_candidates(text, lo, hi)
        if any(spaced_lines(text, a, b) for a, b in _windows(lo, hi)):
            cands += spaced_candidates(text, lo, hi)
        if _few_blank_lines(text, lo, hi):
            cands += tight_candidates(text, lo, hi)
    cands = _skipped(cands, skip or [])
    if not cands:
        return [], []
    cands.sort(key=lambda c: (c.start, c.rank, not c.strict))
    uniq: list[Cand] = []
    for c in cands:  # one candidate per line (a line can match two forms)
        if not uniq or c.start >= uniq[-1].end:
            uniq.append(c)
    starts = {c.start for c in uniq}

    alone: list[Cand] = []
    for c in uniq:
        c.indent = len(text[c.start : c.end]) - len(text[c.start : c.end].lstrip(" \t\u3000"))
        if c.strict:
            alone.append(c)
            continue
        if not _blank_before(text, c.start, lo):
            continue
        # a bare "CHAPTER I" may sit right above its text; "Part I. He said …" is prose
        if _blank_after(text, c.end, hi) or (c.bare and not _list_follows(text, c.end, hi)):
            alone.append(c)

    if skip:
        alone = _without_running_heads(text, alone, skip, repeats)

    toc_spans: list[tuple[int, int]]
    if alone and alone[0].family.startswith("aozora:"):
        kept, toc_spans = alone, []  # annotated headings are never a printed contents list
    else:
        kept, toc_spans = _drop_contents(text, alone, hi)
        # dense lists only before the first real heading (contents precede the body)
        first = next((c.start for c in kept), hi)
        lists = [d for d in _dense_lists(text, lo, first) if not _overlaps(d, toc_spans)]
        if lists:
            kept = [c for c in kept if not _in_spans(c.start, lists)]
            toc_spans = sorted(toc_spans + lists)

    # numbered families must count up; bare numerals packed under chapters are stanzas
    fams: dict[str, list[Cand]] = {}
    for c in kept:
        fams.setdefault(c.family, []).append(c)
    bad = {
        f
        for f, cs in fams.items()
        if f in ("roman", "roman-title", "arabic", "arabic-title")
        and not _counts_up([c.number for c in cs])
    }
    major = any(_rank(c) < SUB for f, cs in fams.items() if f not in bad for c in cs)
    for f in ("roman", "arabic"):
        cs = fams.get(f, [])
        # stanza numbers: many bare numerals only a few hundred characters apart
        dense = len(cs) > 1 and (cs[-1].start - cs[0].start) / (len(cs) - 1) < 2500
        if f not in bad and major and dense:
            bad.add(f)
    kept = [c for c in kept if c.family not in bad]

    ranks = sorted({c.rank for c in kept if c.rank != SPECIAL_RANK})
    out: list[Heading] = []
    for c in kept:
        lvl = 1 if c.rank == SPECIAL_RANK else ranks.index(c.rank) + 1
        end, title = c.end, c.title
        if c.bare:
            end, title = _with_subtitle(text, c, hi, starts)
        out.append(Heading(c.start, end, title, min(lvl, 2), lvl <= 2))
    return out, toc_spans


_SUBTITLE = rx.lazy(r"\n[ \t]*\n(?P<line>[ \t]*[^\s][^\n]{0,70})(?=\n[ \t]*\n|\n?\Z)")


def _with_subtitle(text: str, c: Cand, hi: int, starts: set[int]) -> tuple[int, str]:
    """Join an all-capitals line after a bare ``CHAPTER I`` (Dracula's "JONATHAN HARKER'S …")."""
    m = _SUBTITLE.match(text, c.end, hi)
    if not m:
        return c.end, c.title
    line = m.group("line")
    letters = [ch for ch in line if ch.isalpha()]
    if m.start("line") in starts:
        return c.end, c.title
    upper = sum(ch.isupper() for ch in letters)
    if len(letters) < 3 or upper < 0.6 * len(letters) or line.rstrip()[-1:] in ",;":
        return c.end, c.title
    return m.end("line"), f"{c.title.rstrip(' .:-–—')}: {clean_title(line)}"
