"""How each kind of block is set: its font role, alignment, indents and the space around it.

:class:`BlockLooks` is a base of :class:`~reader.layout.typeset.Typesetter`: for a block
about to be typeset, :meth:`BlockLooks._look` says how it looks on the page (a
:class:`Look`), from its kind, its neighbours, the book's script and the reading style —
a paragraph's first-line indent, a heading's drop and level, verse's hanging indent, a
stanza number kept with its stanza, an author's note under its own label. :func:`cjk_serif`
names the installed Mincho/Song face a CJK book's text is set in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from reader.text.book import AuthorNote, BlockKind, Book, Display
from reader.text.notes import is_note_label
from reader.text.rejoin import continues_paragraph
from reader.text.render import display_block

if TYPE_CHECKING:
    from reader.layout.style import ReadingStyle

_STANZA_NUMBER_RE = re.compile(r"(?:[IVXLCDM]{1,8}|[0-9]{1,8})\.?")
"""A stanza number alone on its line: a roman or arabic numeral, maybe with a full stop."""
BOOK_TITLE_DROP = 3.0
"""The book's title starts this many body lines down its page."""
_INDENTED_AFTER = (
    BlockKind.PARAGRAPH,
    BlockKind.AUTHOR_NOTE,
    BlockKind.VERSE,
    BlockKind.FOOTNOTE,
)
"""A paragraph after one of these starts with an indent (in the "indent" style)."""


@dataclass(frozen=True, slots=True)
class Look:
    """How one block is set (see the module docstring); lengths in pixels."""

    role: str
    align: Qt.AlignmentFlag
    left: float
    indent: float
    hanging: float
    spacing: float
    space_before: float
    space_after: float
    keep: bool
    """Kept on the same page as the block after it."""


class BlockLooks:
    """The look of each kind of block (see the module docstring)."""

    if TYPE_CHECKING:
        book: Book
        style: ReadingStyle
        advance: float
        em: float
        cjk_em: float
        _kinds: bytes
        _book_title: int

    def _look(
        self,
        index: int,
        kind: BlockKind,
        start: int,
        end: int,
        stanza_number: bool,
        note: AuthorNote | None,
        label: str,
        own_label: bool,
    ) -> Look:
        """How block ``index`` (of ``kind``, source ``start``–``end``) is set."""
        book = self.book
        style = self.style
        adv = self.advance
        role = "body"
        align = Qt.AlignmentFlag.AlignJustify if style.justify else Qt.AlignmentFlag.AlignLeft
        indent = 0.0
        hanging = 0.0
        left = 0.0
        space_before = space_after = 0.0
        keep = False
        spacing = style.line_spacing
        para_gap = round(adv * 0.5)
        if stanza_number:
            # A stanza number ("XIV") above verse: centred, and never left at the foot
            # of a page without its stanza.
            align = Qt.AlignmentFlag.AlignHCenter
            space_before = para_gap
            keep = True
        elif kind == BlockKind.PARAGRAPH:
            prev = self._kinds[index - 1] if index > 0 else -1
            # The rest of a paragraph a page's footnotes interrupted: no new first line.
            continued = prev == BlockKind.FOOTNOTE and continues_paragraph(book, index)
            if book.cjk and not continued:
                indent = 2 * self.cjk_em
            elif style.paragraph_style == "indent" and prev in _INDENTED_AFTER and not continued:
                indent = 1.5 * self.em
            if style.paragraph_style == "spacing":
                space_after = para_gap
        elif kind == BlockKind.HEADING:
            level = self._heading_level(start, end)
            role = "heading1" if level <= 1 else "heading2"
            align = Qt.AlignmentFlag.AlignHCenter
            spacing = min(spacing, 1.25)
            space_before = round(adv * (3.0 if level <= 1 else 2.0))
            space_after = round(adv * 1.2)
            keep = True
        elif kind == BlockKind.SCENE_BREAK:
            align = Qt.AlignmentFlag.AlignHCenter
            space_before = space_after = para_gap
        elif kind == BlockKind.VERSE:
            align = Qt.AlignmentFlag.AlignLeft
            left = 2 * self.em
            hanging = 1.0 * self.em
            space_before = space_after = para_gap
        elif kind == BlockKind.TITLE:
            role = "title"
            align = Qt.AlignmentFlag.AlignHCenter
            space_after = para_gap
            if index == self._book_title:
                role = "booktitle"
                spacing = min(spacing, 1.25)
                space_before = round(adv * BOOK_TITLE_DROP)
                space_after = adv
        elif kind == BlockKind.CONTENTS:
            # Smaller, in columns (contents_grid), each entry a link to its chapter.
            role = "contents"
            align = Qt.AlignmentFlag.AlignLeft
            spacing = min(spacing, 1.15)
            space_before = space_after = para_gap
        elif kind == BlockKind.AUTHOR_NOTE:
            role = "note"
            align = Qt.AlignmentFlag.AlignLeft
            space_before = space_after = para_gap
            if label or own_label:
                space_before = adv
                if own_label:
                    space_after = 0.0
            elif note is not None and self._under_own_label(index, note):
                space_before = 0.0
        elif kind == BlockKind.FOOTNOTE:
            role = "footnote"
            spacing = min(spacing, 1.25)
            space_before = space_after = para_gap
        elif kind == BlockKind.MATTER:
            role = "matter"
            align = Qt.AlignmentFlag.AlignLeft
            space_after = para_gap
        return Look(role, align, left, indent, hanging, spacing, space_before, space_after, keep)

    def _under_own_label(self, index: int, note: AuthorNote) -> bool:
        """True when block ``index`` follows its note's first block, a bare label line."""
        first = self.book.blocks.index_at(note.start)
        return first == index - 1 and is_note_label(display_of(self.book, first).text)

    def _heading_level(self, start: int, end: int) -> int:
        book = self.book
        ci = book.chapter_index_at(end - 1) if end > start else -1
        if ci >= 0 and start <= book.chapters[ci].offset < end:
            return book.chapters[ci].level
        return 2

    def _is_stanza_number(self, index: int, text: str) -> bool:
        """True when block ``index`` (shown as ``text``) is a bare numeral heading verse."""
        kinds = self._kinds
        return (
            index + 1 < len(kinds)
            and kinds[index + 1] == BlockKind.VERSE
            and _STANZA_NUMBER_RE.fullmatch(text) is not None
        )


def display_of(book: Book, index: int, *, keep: bool = True) -> Display:
    """``display_block(book, index, keep=keep)``, retried once: the renderer's LRU cache is
    shared with the background thread, and an entry evicted between its lookup and refresh
    raises KeyError."""
    try:
        return display_block(book, index, keep=keep)
    except KeyError:
        return display_block(book, index, keep=keep)


_CJK_SERIFS = {
    "ja": ("Noto Serif CJK JP", "Source Han Serif JP", "IPAexMincho", "IPAMincho"),
    "ko": ("Noto Serif CJK KR", "Source Han Serif KR"),
    "zh_tw": ("Noto Serif CJK TC", "Source Han Serif TC"),
    "zh_hk": ("Noto Serif CJK HK", "Noto Serif CJK TC"),
    "zh": ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
}


def cjk_serif(language: str) -> str | None:
    """An installed Mincho/Song face for a CJK language (Chinese Simplified by default)."""
    code = language.lower().replace("-", "_")
    names = _CJK_SERIFS.get(code) or _CJK_SERIFS.get(code[:2]) or _CJK_SERIFS["zh"]
    families = set(QFontDatabase.families())
    return next((n for n in names if n in families), None)
