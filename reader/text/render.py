"""What a block shows: wrapped lines joined, notation removed, with an exact offset map.

:func:`display_block` turns one block's source text into the text the layout
draws, plus the source offset of every shown character (see
:class:`~reader.text.book.Display`). The map is exact: each shown character is
the source character at its offset, except for a joining space (mapped to the
line break it replaces) and a tab or U+2028/U+2029 shown as a space.

Rules by block kind:

* prose (paragraph, author's note, title, matter): lines joined with one
  space (nothing between CJK characters, nothing after a dash that ends a
  line); indentation and trailing spaces dropped;
* verse: lines kept (joined with ``\\n``), the indentation common to all lines
  removed and the rest kept;
* heading, scene break and printed contents: each line stripped, lines joined
  with ``\\n`` (in contents, long runs of spaces shown as two).

Everywhere: C0/C1 control characters (U+0085 included), NUL, DEL and
U+FEFF are dropped; tab, U+2028 and U+2029 show as a space; in Aozora books
``［＃…］`` annotations are removed and ``《reading》`` becomes ruby over its base.

Smart quotes (paragraph, author's note, verse and title blocks of books that
are not CJK, see :func:`smarten_quotes`): a straight ``"`` shows as “ or ” and
``'`` as ‘ or ’. One character for one, so the offset map is unchanged; the
source text (search, annotations) keeps its straight quotes.

Emphasis (paragraph, author's note, verse, title and heading blocks of books that
are not CJK, see :func:`emphasize`): ``_words_`` show as *words* — the two
underscores are dropped (their offsets simply leave the map) and the range is
listed in :attr:`Display.italic`. Smart quotes are chosen on the text without them.
"""

from __future__ import annotations

import bisect
import threading
from array import array
from collections import OrderedDict
from typing import TYPE_CHECKING

from reader.text import aozora, rx
from reader.text.book import BlockKind, Display, GluedWord, Ruby
from reader.text.glued_display import repair_glued
from reader.text.spacing import spaced_gaps
from reader.text.story_card import story_card
from reader.text.typography import (
    DASHES as _DASHES,
)
from reader.text.typography import (
    EMPHASIS_MAX,
    SMART_QUOTES,
    em_dashes,
    emphasize,
    smarten_quotes,
    typographic,
)

# the typography lived here first: its names are still found here
__all__ = [
    "EMPHASIS_MAX",
    "SMART_QUOTES",
    "clear_cache",
    "display_block",
    "display_problems",
    "em_dashes",
    "emphasize",
    "is_wide",
    "render_block",
    "render_range",
    "repair_glued",
    "smarten_quotes",
    "typographic",
]

if TYPE_CHECKING:
    from reader.text.book import Book

DROP_RE = rx.lazy_stdlib(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ufeff]|([\t\u2028\u2029])")
"""Characters never shown; group 1 is the ones shown as a space."""
SPECIAL_RE = rx.lazy_stdlib(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\t\u2028\u2029]")
AOZORA_MARKS_RE = rx.lazy_stdlib(r"[［《｜]")
_GAP_RE = rx.lazy_stdlib(r"[ \t\u3000]{3,}")

_CACHE_SIZE = 256
_CACHE_CHARS = 120_000
"""Source characters the shown-text cache keeps at most: each costs some 12 bytes (its
shown text and an offset per shown character), and the page keeps its own layouts of
the last eight pages (~16,000 characters) besides. A block over a tenth of this is not
cached at all."""
_cache: OrderedDict[
    tuple[int, int], tuple[tuple[int, int, int, bool, bool, bool], str, Display]
] = OrderedDict()
_cache_chars = 0
_cache_lock = threading.Lock()  # layout may render on a worker thread

_VERSE = BlockKind.VERSE
_LINEWISE = (BlockKind.HEADING, BlockKind.SCENE_BREAK, BlockKind.CONTENTS)
_SMART_KINDS = frozenset(
    (
        BlockKind.PARAGRAPH,
        BlockKind.AUTHOR_NOTE,
        BlockKind.VERSE,
        BlockKind.TITLE,
        BlockKind.HEADING,
        BlockKind.CONTENTS,
        BlockKind.FOOTNOTE,
    )
)
_EMPHASIS_KINDS = frozenset(
    (
        BlockKind.PARAGRAPH,
        BlockKind.AUTHOR_NOTE,
        BlockKind.VERSE,
        BlockKind.TITLE,
        BlockKind.HEADING,
    )
)


def is_wide(ch: str) -> bool:
    """True for CJK characters (lines are joined without a space around them)."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
    )


def display_block(book: Book, index: int, *, keep: bool = True) -> Display:
    """The shown text of block ``index`` and the source offset of each shown character.

    Results for recently shown blocks are cached (keyed by the book's identity
    and checked against the block's range, kind and source text, so a re-parsed
    book never gets a stale result). Safe to call from several threads. ``keep``
    False uses a cached result but does not cache a new one: for a pass through the
    whole book (the page count), which would only push out what the page shows.
    """
    global _cache_chars
    kinds = book.blocks.kinds()
    start = book.blocks.starts()[index]
    end = book.blocks.ends()[index]
    key = (id(book), index)
    what = (start, end, kinds[index], book.aozora, book.cjk, book.repair_italics)
    source = book.text[start:end]
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == what and hit[1] == source:
            _cache.move_to_end(key)
            return hit[2]
    shown = render_block(book, index)
    if not keep or len(source) > _CACHE_CHARS // 10:
        return shown
    with _cache_lock:
        old = _cache.pop(key, None)
        if old is not None:
            _cache_chars -= len(old[1])
        _cache[key] = (what, source, shown)
        _cache_chars += len(source)
        while len(_cache) > _CACHE_SIZE or _cache_chars > _CACHE_CHARS:
            _key, dropped = _cache.popitem(last=False)
            _cache_chars -= len(dropped[1])
    return shown


def render_block(book: Book, index: int) -> Display:
    """What :func:`display_block` shows for block ``index``, rendered afresh (no cache):
    for previews built on another thread, and the single place that decides how a book's
    blocks are rendered (quotes, emphasis, Aozora notation, dropped lines)."""
    start = book.blocks.starts()[index]
    end = book.blocks.ends()[index]
    kind = BlockKind(book.blocks.kinds()[index])
    if kind == BlockKind.STORY_HEADER:
        card = story_card(book)  # the header's lines are shown as its title card
        if card is not None:
            return card.display
    return render_range(
        book.text,
        start,
        end,
        kind,
        aozora_marks=book.aozora,
        smart_quotes=not book.cjk,
        emphasis=not book.cjk,
        hidden=_dropped_in(book, start, end),
        glued=_glued_in(book, start, end) if book.repair_italics else None,
    )


def _glued_in(book: Book, start: int, end: int) -> list[GluedWord]:
    """The glued words of ``book`` inside ``[start, end)``."""
    glued = book.glued_words
    if not glued:
        return []
    i = bisect.bisect_left(glued, start, key=lambda g: g.start)
    out = []
    while i < len(glued) and glued[i].start < end:
        if glued[i].end <= end:
            out.append(glued[i])
        i += 1
    return out


def _dropped_in(book: Book, start: int, end: int) -> list[tuple[int, int]]:
    """The dropped lines of ``book`` inside ``[start, end)``."""
    dropped = book.dropped
    if not dropped:
        return []
    i = bisect.bisect_left(dropped, (start,))
    out = []
    while i < len(dropped) and dropped[i].start < end:
        out.append((dropped[i].start, dropped[i].end))
        i += 1
    return out


def clear_cache() -> None:
    """Forget every cached display (tests, or after a book is closed)."""
    global _cache_chars
    with _cache_lock:
        _cache.clear()
        _cache_chars = 0


def _line_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            out.append((pos, end))
            return out
        out.append((pos, nl))
        pos = nl + 1


def _strip_range(text: str, a: int, b: int, left: bool = True) -> tuple[int, int]:
    """``[a, b)`` without surrounding whitespace (only trailing when ``left`` is False)."""
    seg = text[a:b]
    r = seg.rstrip()
    if left:
        stripped = r.lstrip()
        return a + len(r) - len(stripped), a + len(r)
    return a, a + len(r)


def render_range(
    text: str,
    start: int,
    end: int,
    kind: BlockKind,
    *,
    aozora_marks: bool = False,
    smart_quotes: bool = False,
    emphasis: bool = False,
    hidden: list[tuple[int, int]] | None = None,
    glued: list[GluedWord] | None = None,
) -> Display:
    """Render ``text[start:end]`` as a block of ``kind`` (see the module docstring).

    ``glued`` are words run together where italics were lost (:mod:`reader.text.italics`)
    to show apart, the restored word in italics (in emphasis blocks only).

    Lines starting inside a range of ``hidden`` (sorted: the book's dropped lines, such
    as a page number inside a paragraph that runs over a page break) are not shown.

    With ``smart_quotes`` (pass ``not book.cjk``), straight quotes in prose, verse
    and title blocks are shown curly (:func:`smarten_quotes`) and ``--`` as an em dash
    (:func:`em_dashes`). With ``emphasis``
    (pass ``not book.cjk``), ``_words_`` in prose, verse, title and heading blocks
    are shown in italics without the underscores (:func:`emphasize`), before the
    quotes are chosen.
    """
    shown = _render(text, start, end, kind, aozora_marks, hidden or [])
    if kind == BlockKind.AUTHOR_NOTE and "**" in shown.text:
        shown = _without_bold_marks(shown)
    if smart_quotes and kind in _SMART_KINDS and text.find("--", start, end) >= 0:
        shown = em_dashes(shown)
    if emphasis and kind in _EMPHASIS_KINDS and text.find("_", start, end) >= 0:
        shown = emphasize(shown)
    if glued and kind in _EMPHASIS_KINDS and not shown.ruby:
        shown = repair_glued(shown, glued)
    if smart_quotes and kind in _SMART_KINDS:
        curly = smarten_quotes(shown.text)
        if curly is not shown.text:
            return Display(curly, shown.offsets, shown.ruby, shown.italic, shown.repaired)
    return shown


_BOLD_RE = rx.lazy_stdlib(r"\*\*")


def _without_bold_marks(shown: Display) -> Display:
    """``shown`` without Markdown's ``**`` bold marks ("**Author's Note:**")."""
    keep = array("q")
    parts = []
    pos = 0
    text = shown.text
    for m in _BOLD_RE.finditer(text):
        parts.append(text[pos : m.start()])
        keep.extend(shown.offsets[pos : m.start()])
        pos = m.end()
    parts.append(text[pos:])
    keep.extend(shown.offsets[pos:])
    return Display("".join(parts), keep, shown.ruby)


def _render(
    text: str,
    start: int,
    end: int,
    kind: BlockKind,
    aozora_marks: bool,
    hidden: list[tuple[int, int]],
) -> Display:
    lines = _line_ranges(text, start, end)
    if hidden:
        lines = [(a, b) for a, b in lines if not any(hs <= a < he for hs, he in hidden)]
    # kept: (source start, source end) of each line's visible part; joins between them.
    kept: list[tuple[int, int]] = []
    seps: list[tuple[str, int]] = []  # (join text, source offset of the line break)
    if kind == _VERSE:
        indent = min(
            (len(seg) - len(seg.lstrip()) for seg in (text[a:b] for a, b in lines) if seg.strip()),
            default=0,
        )
        for a, b in lines:
            ka, kb = _strip_range(text, a, b, left=False)
            if kb <= ka:
                ka = kb = a
            else:
                ka = min(ka + indent, kb)
            if kept:
                seps.append(("\n", a - 1))
            kept.append((ka, kb))
    elif kind in _LINEWISE:
        for a, b in lines:
            ka, kb = _strip_range(text, a, b)
            if kb > ka:
                if kept:
                    seps.append(("\n", a - 1))
                kept.append((ka, kb))
        if kind == BlockKind.CONTENTS:
            return _assemble(text, start, end, kept, seps, aozora_marks, squeeze=True)
    else:
        note = kind == BlockKind.AUTHOR_NOTE
        for a, b in lines:
            ka, kb = _strip_range(text, a, b)
            if note and ka < kb and text[ka] == ">":  # a quoted line of a note: no marker
                ka, kb = _strip_range(text, ka + 1, kb)
            if kb <= ka:
                continue
            if kept:
                pa, pb = kept[-1]
                last = text[pb - 1]
                first = text[ka]
                dash = False
                if last in _DASHES:
                    d = pb - 1
                    while d > pa and text[d - 1] in _DASHES:
                        d -= 1
                    dash = d > pa and not text[d - 1].isspace()  # "word—" but not "word —"
                join = "" if dash or is_wide(last) or is_wide(first) else " "
                seps.append((join, a - 1))
            kept.append((ka, kb))
    return _assemble(text, start, end, kept, seps, aozora_marks)


def _assemble(
    text: str,
    start: int,
    end: int,
    kept: list[tuple[int, int]],
    seps: list[tuple[str, int]],
    aozora_marks: bool,
    *,
    squeeze: bool = False,
) -> Display:
    """Build the shown text and offsets from kept ranges, joins and in-line edits.

    With ``squeeze``, runs of three or more spaces inside a line (a contents
    list's leaders up to a page number) are shown as two.
    """
    # edits: (source start, source end, replacement) inside kept ranges, sorted.
    edits: list[tuple[int, int, str]] = []
    rubies: list[aozora.RubyMatch] = []
    if squeeze:
        for a, b in kept:
            for m in _GAP_RE.finditer(text, a, b):
                edits.append((m.start() + 2, m.end(), ""))
    if SPECIAL_RE.search(text, start, end):
        for a, b in kept:
            for m in DROP_RE.finditer(text, a, b):
                edits.append((m.start(), m.end(), " " if m.group(1) else ""))
    for a, b in kept:
        if b - a >= 5 and text[a + 1] in " \u3000":  # letter-spaced: shown as its words
            edits.extend((s, e, "") for s, e in spaced_gaps(text, a, b))
    if aozora_marks and AOZORA_MARKS_RE.search(text, start, end):
        for a, b in kept:
            notes = aozora.find_annotations(text, a, b)
            for s, e in notes:
                edits.append((s, e, ""))
            for r in aozora.find_rubies(text, a, b):
                rubies.append(r)
                edits.append((r.open_at, r.close_end, ""))
                if r.bar_at >= 0:
                    edits.append((r.bar_at, r.bar_at + 1, ""))
    edits.sort()

    parts: list[str] = []
    offsets = array("q")
    ei = 0
    n_edits = len(edits)
    for li, (a, b) in enumerate(kept):
        if li:
            join, at = seps[li - 1]
            if join:
                parts.append(join)
                offsets.extend([at] * len(join))
        pos = a
        while ei < n_edits and edits[ei][0] < b:
            s, e, rep = edits[ei]
            ei += 1
            if e <= pos:
                continue  # overlapped by an earlier edit
            s = max(s, pos)
            if s > pos:
                parts.append(text[pos:s])
                offsets.extend(range(pos, s))
            if rep:
                parts.append(rep)
                offsets.append(s)
            pos = e
        if b > pos:
            parts.append(text[pos:b])
            offsets.extend(range(pos, b))
    offsets.append(end)
    shown = "".join(parts)
    ruby: tuple[Ruby, ...] = ()
    if rubies:
        limit = len(shown)
        found = []
        for r in rubies:
            ds = bisect.bisect_left(offsets, r.base_start, 0, limit)
            de = bisect.bisect_left(offsets, r.base_end, 0, limit)
            if de > ds:
                found.append(Ruby(ds, de, r.reading))
        ruby = tuple(found)
    return Display(shown, offsets, ruby)


def display_problems(book: Book, index: int) -> list[str]:
    """Ways in which block ``index``'s display breaks the offset-map contract (empty when
    it is exact); for tests and debugging.

    The contract: ``len(offsets) == len(text) + 1``, offsets never decrease and stay in
    ``[block.start, block.end]``, the last is ``block.end``, and every shown character is
    its source character, except a space shown for a line break, tab, U+2028 or U+2029,
    and (in smart-quote blocks of non-CJK books) a curly quote for a straight one and an
    em dash for ``--`` (whose second hyphen is not shown).
    Italic ranges are sorted, non-empty, inside the text, only in emphasis blocks of
    non-CJK books, and each is enclosed in the source by an underscore on either side
    that is not shown; outside Aozora books no other underscore is dropped.
    """
    block = book.blocks[index]
    smart = not book.cjk and block.kind in _SMART_KINDS
    emph = not book.cjk and block.kind in _EMPHASIS_KINDS
    shown = display_block(book, index)
    text, offsets = shown.text, shown.offsets
    splits = {g.split for g in book.glued_words} if book.repair_italics else set()
    problems: list[str] = []
    if len(offsets) != len(text) + 1:
        return [f"{len(offsets)} offsets for {len(text)} characters"]
    if offsets[-1] != block.end:
        problems.append(f"last offset {offsets[-1]} is not the block end {block.end}")
    prev = block.start
    for i, ch in enumerate(text):
        at = offsets[i]
        if not block.start <= at < block.end:
            problems.append(f"offset {at} of character {i} is outside the block")
            break
        if at < prev:
            problems.append(f"offset {at} of character {i} goes backwards")
            break
        prev = at
        src = book.text[at]
        if ch != src and not (
            (ch == " " and src in "\n\t\u2028\u2029")
            or (ch == " " and at in splits)
            or (smart and ch in SMART_QUOTES.get(src, ""))
            or (smart and ch == "—" and book.text.startswith("--", at))
        ):
            problems.append(f"character {i} {ch!r} is not its source {src!r} at {at}")
            break
    for r in shown.ruby:
        if not 0 <= r.start < r.end <= len(text):
            problems.append(f"ruby {r} outside the shown text")
    problems.extend(_italic_problems(book, block.start, block.end, shown, emph))
    return problems


def _italic_problems(book: Book, start: int, end: int, shown: Display, emph: bool) -> list[str]:
    """Ways in which ``shown.italic`` breaks the contract (see :func:`display_problems`)."""
    if shown.italic and not emph:
        return [f"italic {shown.italic} in a block that is never emphasised"]
    text, offsets, src = shown.text, shown.offsets, book.text
    delimiters: set[int] = set()
    prev = 0
    for a, b in shown.italic:
        if not prev <= a < b <= len(text):
            return [f"italic range {(a, b)} is empty, unsorted or outside the shown text"]
        prev = b
        if (a, b) in shown.repaired:
            continue  # a word restored from lost italics: no underscores in the source
        # the underscores lie between the shown characters around each end of the range
        before = src.rfind("_", offsets[a - 1] + 1 if a else start, offsets[a])
        after = src.find("_", offsets[b - 1] + 1, offsets[b])
        if before < 0 or after < 0:
            return [f"italic range {(a, b)} is not enclosed in hidden underscores in the source"]
        delimiters.update((before, after))
    if not book.aozora:
        shown_at = {offsets[i] for i, ch in enumerate(text) if ch == "_"}
        pos = src.find("_", start, end)
        while pos >= 0:
            if pos not in shown_at and pos not in delimiters:
                return [f"underscore at {pos} dropped but not an emphasis mark"]
            pos = src.find("_", pos + 1, end)
    return []
