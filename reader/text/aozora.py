"""Aozora Bunko notation: detection, ruby (``｜base《reading》``) and ``［＃…］`` annotations.

Aozora Bunko texts mark readings with ``漢字《かんじ》`` (the base is the run of
kanji just before ``《``) or ``｜base《reading》`` (the base starts after ``｜``),
and editor's notes with ``［＃…］``. The renderer removes the notation from the
shown text while keeping every shown character mapped to its source offset;
these helpers find the notation with plain scans (no regex that could
backtrack quadratically on a long line of kanji).
"""

from __future__ import annotations

from typing import NamedTuple

from reader.text import rx

ANNOTATION_RE = rx.lazy(r"［＃[^］\n]*］")
"""An editor's annotation ``［＃…］`` (never spans lines)."""

ANNOTATION_LINE_RE = rx.lazy(r"(?m)^[^\S\n]*+(?:［＃[^］\n]*］[^\S\n]*+)+$")
"""A line made only of annotations (e.g. ``［＃改ページ］``): nothing to read."""

READING_RE = rx.lazy(r"《([^《》\n]*)》")
"""A ruby reading ``《…》``."""

HEADER_NOTE = "【テキスト中に現れる記号について】"
"""The heading of the notation notes in an Aozora Bunko file's header."""

COLOPHON_MARKS = ("青空文庫作成ファイル", "入力：", "校正：", "底本：")

MAX_BASE = 30
"""Longest ruby base accepted (characters); longer runs are not ruby bases."""


def is_kanji(ch: str) -> bool:
    """True for a CJK ideograph or one of the kanji-like marks 々〆ヶ〇 (a ruby base character)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
        or ch in "々〆ヶ〇ヵ"
    )


def is_aozora(text: str) -> bool:
    """True when ``text`` uses Aozora Bunko notation (header notes, colophon, ruby + ［＃…］)."""
    head = text[:20000]
    if HEADER_NOTE in head:
        return True
    annotations = text.count("［＃", 0, 2_000_000)
    if annotations == 0:
        return False
    tail = text[-20000:]
    if "青空文庫" in tail and any(mark in tail for mark in COLOPHON_MARKS):
        return True
    rubies = text.count("《", 0, 2_000_000)
    return annotations >= 3 and rubies >= 3


class RubyMatch(NamedTuple):
    """One ruby found in the source: base ``[base_start, base_end)``, the ``《…》`` span and
    the ``｜`` position (or -1). All offsets are into the scanned string."""

    base_start: int
    base_end: int
    reading: str
    open_at: int
    close_end: int
    bar_at: int


def find_rubies(text: str, start: int = 0, end: int | None = None) -> list[RubyMatch]:
    """Every ruby in ``text[start:end]``, in order.

    The base is the text after the nearest ``｜`` on the same line (when no
    other ruby closes in between), or else the run of kanji right before
    ``《``. A ``《…》`` with no base (e.g. after kana) is not ruby and is kept
    as text.
    """
    if end is None:
        end = len(text)
    out: list[RubyMatch] = []
    floor = start  # nothing before this can belong to the next ruby's base
    for m in READING_RE.finditer(text, start, end):
        lt = m.start()
        reading = m.group(1)
        line_start = text.rfind("\n", floor, lt) + 1 or floor
        line_start = max(line_start, floor)
        bar = text.rfind("｜", line_start, lt)
        if bar >= 0 and lt - bar - 1 <= MAX_BASE * 2 and bar + 1 < lt:
            out.append(RubyMatch(bar + 1, lt, reading, lt, m.end(), bar))
            floor = m.end()
            continue
        b = lt
        if text[lt - 1 : lt] == "］":  # a gaiji: ※［＃description］《reading》
            note = text.rfind("［＃", line_start, lt)
            if note > line_start and text[note - 1] == "※" and "］" not in text[note : lt - 1]:
                b = note - 1
        limit = max(line_start, b - MAX_BASE)
        while b > limit and (is_kanji(text[b - 1]) or text[b - 1] == "※"):
            b -= 1
        if b < lt and reading:
            out.append(RubyMatch(b, lt, reading, lt, m.end(), -1))
            floor = m.end()
    return out


def find_annotations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of every ``［＃…］`` annotation in ``text[start:end]``."""
    if end is None:
        end = len(text)
    return [m.span() for m in ANNOTATION_RE.finditer(text, start, end)]


def strip_notation(text: str) -> str:
    """``text`` with annotations, ruby readings and ``｜`` removed (for titles and previews)."""
    spans = [(s, e) for s, e in find_annotations(text)]
    for r in find_rubies(text):
        spans.append((r.open_at, r.close_end))
        if r.bar_at >= 0:
            spans.append((r.bar_at, r.bar_at + 1))
    if not spans:
        return text
    spans.sort()
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        if s > pos:
            parts.append(text[pos:s])
        pos = max(pos, e)
    parts.append(text[pos:])
    return "".join(parts)
