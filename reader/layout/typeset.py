"""Typesetting one block of a book into lines with QTextLayout.

:class:`Typesetter` turns block ``i`` of a :class:`~reader.text.book.Book` into
a :class:`BlockLayout` for a :class:`~reader.layout.style.ReadingStyle` and a
text width: the lines (their tops, heights and source offsets), the space
around the block, and the QTextLayout that draws it. Pagination only needs the
metrics (``line_heights``, ``line_starts``, ``space_before`` …), which is the
contract :mod:`reader.layout.paginate` tests against with a fake typesetter.

The text laid out is the block's *shown* text (``display_block``) with leading
and trailing whitespace trimmed and, when hyphenating, soft hyphens (U+00AD)
inserted into long words; a small index map turns layout indices back into
shown indices and so into source offsets, for hit-testing and highlights.
Qt's positions count UTF-16 code units: they cross into layout indices (code
points) only through the block's :class:`~reader.layout.utf16.Utf16Map`.

Each block takes its own base direction from its text (Unicode rules P2–P3,
:func:`~reader.layout.bidi.is_rtl`): a right-to-left paragraph is aligned,
indented and justified from the right, and QTextLayout orders mixed runs by the
bidi algorithm.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QTextLayout,
    QTextOption,
)

from reader.layout.bidi import is_rtl, needs_bidi
from reader.layout.block_layout import (
    LINE_SEPARATOR,
    ORNAMENT,
    ORNAMENT_FALLBACK,
    BlockLayout,
)
from reader.layout.block_look import BlockLooks, cjk_serif, display_of
from reader.layout.contents_grid import Grid, contents_grid
from reader.layout.hyphenate import (
    MAX_HYPHENATED_RUN,
    SOFT_HYPHEN,
    hyphenator,
    insert_soft_hyphens,
)
from reader.layout.layout_cache import LayoutCache, limits_for
from reader.layout.lines import (
    MAX_SPACE_STRETCH,
    SPACE_SHRINK,
    colour_role,
    fill_rtl_line,
    flat_offsets,
    flush_right,
    grid_formats,
    italic_formats,
    label_format,
    set_ragged,
    without,
    word_hyphens,
)
from reader.layout.note_folds import (
    FOLD_LINK,
    NoteFolds,
    fold_text,
    label_text,
    labelled,
    note_of,
)
from reader.layout.setting import Setting, role_font
from reader.layout.style import ReadingStyle
from reader.layout.title_card import set_title_card
from reader.text.book import BlockKind, Book, Display
from reader.text.notes import is_note_label

MAX_RELAYOUTS = 8
"""Times a block is laid out again to keep hyphenated line ends from running on (each
pass makes whole the words that ended too long runs); after that, hyphens are left."""


class Typesetter(BlockLooks):
    """Lays out blocks of one book for one style and text width (LRU-cached).

    Not thread-safe: a background worker makes its own instance.
    ``keep_layouts=False`` drops each QTextLayout after measuring it (metrics
    only, for counting pages). It keeps at most ``cache_size`` layouts and, given
    ``cache_chars``, about that many characters of laid-out text
    (:class:`~reader.layout.layout_cache.LayoutCache`; :meth:`fit_cache_to_page`).
    """

    def __init__(
        self,
        book: Book,
        style: ReadingStyle,
        width: float,
        cache_size: int = 256,
        keep_layouts: bool = True,
        folds: NoteFolds | None = None,
        cache_chars: int | None = None,
    ) -> None:
        self.book = book
        self.folds = folds or NoteFolds()
        self.style = style
        self.width = max(float(width), 40.0)
        self.keep_layouts = keep_layouts
        self._cache_size = max(cache_size, 4)
        self._cache = LayoutCache(self._cache_size, cache_chars)
        self._kinds = book.blocks.kinds()
        # The first title-page block is the book's title: set larger, a little way down.
        self._book_title = self._kinds.find(bytes([int(BlockKind.TITLE)]))
        body = style.body_font()
        if book.cjk:
            cjk = cjk_serif(book.metadata.language)
            if cjk:
                body.setFamilies([style.resolved_family(), cjk])
        self.body_font = body
        fm = QFontMetricsF(body)
        self.em = fm.height() if book.cjk else max(fm.horizontalAdvance("M"), 1.0)
        self.cjk_em = float(body.pixelSize()) if body.pixelSize() > 0 else fm.height() * 0.82
        self.line_height = fm.lineSpacing()
        self.avg_char = max(fm.averageCharWidth(), 1.0)
        self.advance = float(max(1, round(self.line_height * style.line_spacing)))
        self._fonts: dict[str, QFont] = {"body": body}
        self._spaces: dict[str, float] = {}
        self._hyph = None
        if style.hyphenate and not book.cjk:
            self._hyph = hyphenator(book.metadata.language)
        self._ornament = ORNAMENT if fm.inFontUcs4(ord(ORNAMENT)) else ORNAMENT_FALLBACK

    # fonts ------------------------------------------------------------------

    def _font(self, role: str) -> QFont:
        font = self._fonts.get(role)
        if font is None:
            font = self._fonts[role] = role_font(self.body_font, self.style.font_size, role)
        return font

    # public -----------------------------------------------------------------

    def block(self, index: int) -> BlockLayout | None:
        """The layout of block ``index``, or None when the block shows nothing."""
        cache = self._cache
        if index in cache:
            return cache.use(index)
        result = self._typeset(index)
        cache.put(index, result)
        return result

    metrics = block

    def cached(self, index: int) -> bool:
        """True when block ``index`` is already laid out."""
        return index in self._cache

    def fit_cache_to_page(self, page_lines: int, chars_per_page: float) -> None:
        """Bound the kept layouts for a page of ``page_lines`` body lines and about
        ``chars_per_page`` characters: by their text, never below what a spread of such
        pages shows (:func:`~reader.layout.layout_cache.limits_for`)."""
        self._cache.limit(*limits_for(self._cache_size, page_lines, chars_per_page))

    def char_range(self, offset: int) -> tuple[int, int]:
        """Source ``[start, end)`` of the character a reader sees at source ``offset``.

        That is the whole grapheme cluster containing it (an emoji with its modifiers
        or ZWJ sequence, a flag, a letter with its combining marks); an offset that is
        not shown gives ``(offset, offset + 1)``. :meth:`BlockLayout.hit_test` gives a
        cluster's start; this gives its end, for selections and highlights.
        """
        book = self.book
        offset = min(max(offset, 0), max(len(book.text) - 1, 0))
        b = book.blocks.index_at(offset) if len(book.blocks) else -1
        blk = self.block(b) if b >= 0 else None
        if blk is None:
            return offset, offset + 1
        return blk.char_range(offset, book.text)

    # typesetting -------------------------------------------------------------

    def _typeset(self, index: int) -> BlockLayout | None:
        book = self.book
        style = self.style
        kind = BlockKind(self._kinds[index])
        if kind == BlockKind.MATTER and not style.show_matter:
            return None
        blk = book.blocks[index]
        adv = self.advance
        grid: Grid | None = None
        if kind == BlockKind.STORY_HEADER:
            card = set_title_card(book, index, self.body_font, self.width, adv, self.keep_layouts)
            if card is not None:
                return card
        note, first_of_note = note_of(book, index, kind, blk.start)
        label = ""
        fold = own_label = False
        if note is not None and self.folds.folded(note):
            fold = True
            if not first_of_note:
                return None  # a folded note shows as its first block's one line
            label = fold_text(note)
            disp = Display(label, flat_offsets(blk.start, max(note.end, blk.end), len(label)))
            d0, d1 = 0, len(label)
            text = label
        elif kind == BlockKind.SCENE_BREAK:
            text = self._ornament
            disp = Display(text, flat_offsets(blk.start, blk.end, len(text)))
            d0, d1 = 0, len(text)
        else:
            disp = display_of(book, index, keep=self.keep_layouts)  # a count keeps none
            if note is not None and first_of_note:
                if is_note_label(disp.text):
                    own_label = True  # "Chapter Notes", "**Author's Note:**": the label itself
                else:
                    label = label_text(note) + LINE_SEPARATOR
                    disp = labelled(disp, label, blk.start)
            raw = disp.text
            d0 = len(raw) - len(raw.lstrip())
            d1 = len(raw.rstrip())
            if d1 <= d0:
                return None
            text = raw[d0:d1].replace("\t", " ")
            if kind == BlockKind.CONTENTS:
                grid = self._contents_grid(index, text, disp, d0)
                text = grid.text
            elif kind in (BlockKind.VERSE, BlockKind.HEADING, BlockKind.TITLE):
                text = text.replace("\n", LINE_SEPARATOR)
            else:
                text = text.replace("\n", " ")
        stanza_number = kind == BlockKind.PARAGRAPH and self._is_stanza_number(index, text)
        shy: list[int] = []
        hyphenate = (
            self._hyph is not None
            and kind in (BlockKind.PARAGRAPH, BlockKind.AUTHOR_NOTE)
            and not stanza_number
        )
        # (a label in capitals is never hyphenated; a fold line is not hyphenated at all)
        if hyphenate and self._hyph is not None and not fold and not own_label:
            text, shy = insert_soft_hyphens(text, self._hyph)

        look = self._look(index, kind, blk.start, blk.end, stanza_number, note, label, own_label)
        role, align = look.role, look.align
        left, indent, hanging, spacing = look.left, look.indent, look.hanging, look.spacing
        space_before, space_after, keep = look.space_before, look.space_after, look.keep
        bidi = needs_bidi(text)
        rtl = bidi and kind != BlockKind.SCENE_BREAK and is_rtl(text)
        if rtl and align == Qt.AlignmentFlag.AlignLeft:
            align = Qt.AlignmentFlag.AlignRight  # QTextLayout's alignment is absolute
        font = self._font("notelabel" if own_label else role)
        base = QFontMetricsF(font).lineSpacing() if role != "body" else self.line_height
        ruby_h = 0.0
        rubies = [r for r in disp.ruby if d0 <= r.start < r.end <= d1]
        if rubies:
            ruby_h = float(math.ceil(QFontMetricsF(self._font("ruby")).lineSpacing()))
        label_chars = len(text) if own_label else len(label.rstrip(LINE_SEPARATOR))
        setting = Setting(
            kind,
            role,
            align,
            rtl,
            bidi,
            font,
            left,
            indent,
            hanging,
            spacing,
            base,
            ruby_h,
            grid,
            label_chars,
            fold,
            own_label,
        )
        result = None
        for attempt in range(MAX_RELAYOUTS + 1):
            # The last attempt keeps whatever hyphens remain (never loop without end).
            runs = MAX_HYPHENATED_RUN if attempt < MAX_RELAYOUTS else len(text)
            result, drop = self._set_lines(index, text, shy, disp, d0, d1, setting, runs)
            if not drop:
                break
            # A third hyphenated line end in a row: that word stays whole; lay out again.
            text, shy = without(text, shy, drop)
        if result is None:
            return None
        result.end_offset = disp.offsets[d1] if d1 < len(disp.offsets) else blk.end
        result.space_before = float(space_before)
        result.space_after = float(space_after)
        result.keep_with_next = keep
        if grid is not None and grid.strong:
            heads = {result.source_offset(a) for a, _b in grid.strong}
            result.keep_lines = frozenset(
                i for i, offset in enumerate(result.line_starts) if offset in heads
            )
        if rubies:
            result._ruby_font = self._font("ruby")
            result._ruby = [
                (
                    result.display_to_layout(r.start),
                    result.display_to_layout(r.end, end=True),
                    r.reading,
                )
                for r in rubies
            ]
        if not self.keep_layouts:
            result._layout = None
        return result

    def _set_lines(
        self,
        index: int,
        text: str,
        shy: list[int],
        disp: Display,
        d0: int,
        d1: int,
        s: Setting,
        max_run: int,
    ) -> tuple[BlockLayout | None, set[int]]:
        """Break ``text`` into lines; the layout, or the soft hyphens to take out first
        (those of a word that would end line ``max_run + 1`` of a run of hyphenated ones)."""
        kind, rtl, align = s.kind, s.rtl, s.align
        justify = align == Qt.AlignmentFlag.AlignJustify
        space = self._space_width(s.role)
        shrink = SPACE_SHRINK * space if justify and not self.book.cjk else 0.0
        layout = QTextLayout(text, self._tight_font(s.role, shrink) if shrink else s.font)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        if s.grid is not None and s.grid.tabs:
            option.setTabArray(list(s.grid.tabs))
        layout.setTextOption(option)
        layout.setCacheEnabled(True)
        width = self.width
        result = BlockLayout(
            index, kind, text, disp, d0, shy, layout, colour_role(kind), rtl, s.bidi
        )
        formats = italic_formats(result, disp.italic, d0, d1) if disp.italic else []
        if s.grid is not None:
            formats += grid_formats(result, s.grid.strong, s.grid.spaced, s.grid.gap)
        if s.label_chars:
            result.label_chars = s.label_chars
            link = len(FOLD_LINK) if s.fold else 0
            if not s.caps:  # (a label line of the text is set in the label's own font)
                formats.extend(label_format(result, s.label_chars, s.font, link))
        if formats:
            layout.setFormats(formats)
        tops, heights, starts = result.line_tops, result.line_heights, result.line_starts
        # A justified line is too loose when its word spaces would widen by more than this
        # each (measured from the tight spaces it was broken with): it is set ragged.
        limit = MAX_SPACE_STRETCH * space + shrink
        # CJK text justifies between characters. A typesetter that only measures (the
        # background page count) need not look: a ragged line breaks and stands as it would.
        check_loose = justify and not self.book.cjk and self.keep_layouts
        from_qt = None if result.utf16_trivial else result.from_qt
        n = len(text)
        hyphen_run = 0
        drop: set[int] = set()
        y = 0.0
        layout.beginLayout()
        prev_end = -1
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            qs = line.textStart()
            ts = qs if from_qt is None else from_qt(qs)  # code points (ordinary text: the same)
            x = s.left
            if ts == 0:
                x += s.indent
            elif kind == BlockKind.VERSE and text[ts - 1] != LINE_SEPARATOR:
                x += s.hanging
            line_width = max(width - x, 10.0)
            line.setLineWidth(line_width)
            # A right-to-left line starts from the right: its margin and indent lie there.
            lx = 0.0 if rtl else x
            loose = 0
            if shy or check_loose:
                qe = qs + line.textLength()
                te = qe if from_qt is None else from_qt(qe, True)
                if shy:
                    if 0 < te < n and text[te - 1] == SOFT_HYPHEN:
                        hyphen_run += 1
                        if hyphen_run > max_run:
                            # This word stays whole next time; the rest of the block is still
                            # set, to find the other runs (each pass then mends them all).
                            drop |= word_hyphens(text, shy, te - 1)
                            hyphen_run = 0
                    else:
                        hyphen_run = 0
                if check_loose and te < n and text[te - 1] != LINE_SEPARATOR:
                    b = te
                    while b > ts and text[b - 1] == " ":
                        b -= 1  # trailing spaces hang in the margin; Qt does not stretch them
                    spaces = text.count(" ", ts, b)
                    if spaces and line_width - line.naturalTextWidth() > spaces * limit:
                        loose = spaces
            if loose:
                set_ragged(line, line_width, loose, shrink)
                if rtl:
                    lx += flush_right(result, line, line_width)
            elif justify and rtl and self.keep_layouts:
                lx += fill_rtl_line(result, line, line_width)
            h = line.height()
            advance = float(max(1, round(max(h, s.base) * s.spacing)))
            line.setPosition(QPointF(lx, y + s.ruby_h + math.floor((advance - h) / 2)))
            advance += s.ruby_h
            tops.append(y)
            heights.append(advance)
            starts.append(disp.offsets[result.layout_to_display(ts)])
            y += advance
            if qs <= prev_end:  # no progress guard (cannot happen, but never loop forever)
                break
            prev_end = qs
        layout.endLayout()
        if drop:
            return None, drop
        if not tops:
            return None, set()
        return result, set()

    def _contents_grid(self, index: int, text: str, disp: Display, d0: int) -> Grid:
        """Contents block ``index`` (shown ``text`` from ``d0``) set in columns."""
        font = QFontMetricsF(self._font("contents"))
        strong = QFontMetricsF(self._font("contents_part"))
        return contents_grid(self.book, index, text, disp, d0, self.width, font, strong)

    def _tight_font(self, role: str, shrink: float) -> QFont:
        """The font of ``role`` with word spaces ``shrink`` pixels narrower (for justifying)."""
        key = f"{role}/tight"
        font = self._fonts.get(key)
        if font is None:
            font = QFont(self._font(role))
            font.setWordSpacing(-shrink)
            self._fonts[key] = font
        return font

    def _space_width(self, role: str) -> float:
        """Width of a normal word space in the font of ``role``."""
        width = self._spaces.get(role)
        if width is None:
            width = self._spaces[role] = QFontMetricsF(self._font(role)).horizontalAdvance(" ")
        return width


__all__ = [
    "LINE_SEPARATOR",
    "ORNAMENT",
    "ORNAMENT_FALLBACK",
    "SOFT_HYPHEN",
    "BlockLayout",
    "Typesetter",
    "cjk_serif",
    "hyphenator",
    "insert_soft_hyphens",
]
