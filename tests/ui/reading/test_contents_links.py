"""pytest-qt tests of a printed contents on the page: its entries are links.

A click on an entry, or Enter with the selection mode's caret on it, goes to the entry's
chapter as a jump (Back returns); the pointer over an entry is a pointing hand and the
entry is underlined; beside an entry nothing happens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.layout.style import ReadingStyle
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    ContentsLink,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.links import link_contents
from reader.text.parse import load_book
from reader.ui.reading.selection import SelectionMode
from reader.ui.reading.view import ReadingView

PROSE = "Some words of the chapter run on across the page until it is quite full of them. "


def book_with_contents(chapters: int = 12) -> Book:
    """A CONTENTS heading, a contents of ``chapters`` entries, then the chapters."""
    titles = [f"Chapter {i + 1}" for i in range(chapters)]
    text = "CONTENTS\n\n"
    blocks = [Block(BlockKind.HEADING, 0, 8)]
    start = len(text)
    text += "\n".join(titles)
    blocks.append(Block(BlockKind.CONTENTS, start, len(text)))
    span = (start, len(text))
    text += "\n\n"
    chs = []
    for title in titles:
        chs.append(Chapter(title, 1, len(text)))
        blocks.append(Block(BlockKind.HEADING, len(text), len(text) + len(title)))
        text += title + "\n\n"
        for _ in range(4):
            body = (PROSE * 6).strip()
            blocks.append(Block(BlockKind.PARAGRAPH, len(text), len(text) + len(body)))
            text += body + "\n\n"
    book = Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=chs,
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="Linked", language="en"),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    book.contents_links = link_contents(text, [span], chs)
    return book


@pytest.fixture
def view(qtbot) -> ReadingView:
    v = ReadingView()
    qtbot.addWidget(v)
    v.set_reading_style(ReadingStyle(font_family="DejaVu Serif", font_size=12, two_pages="off"))
    v.resize(600, 760)
    v.show()
    qtbot.waitExposed(v)
    return v


def entry_point(view: ReadingView, link: ContentsLink) -> QPoint:
    rects = view.range_rects_on_screen(link.start, link.end)
    assert rects, "the entry is on the page"
    return rects[0].center().toPoint()


def move(view: ReadingView, point: QPoint) -> None:
    """The pointer moves to ``point`` with no button down."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(view.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, event)


def test_a_click_on_an_entry_goes_to_its_chapter_and_back_returns(view: ReadingView) -> None:
    book = book_with_contents()
    view.set_book(book, book.blocks[1].start)
    contents_page = view.visible_range()
    link = book.contents_links[6]
    assert link.offset == book.chapters[6].offset
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=entry_point(view, link))
    lo, hi = view.visible_range()
    assert lo <= link.offset < hi
    assert view.position() == book.chapters[6].offset  # the chapter's first page
    assert view.back()
    assert view.visible_range() == contents_page


def test_the_pointer_over_an_entry_is_a_hand_and_beside_it_nothing(view: ReadingView) -> None:
    book = book_with_contents()
    view.set_book(book, book.blocks[1].start)
    link = book.contents_links[0]
    point = entry_point(view, link)
    move(view, point)
    assert view.hovered_link() == link
    assert view.cursor().shape() == Qt.CursorShape.PointingHandCursor
    view.grab()  # paints the underline without error
    # beside the entry (past its end, still on its line): no link, no hand, no jump
    right = max(r.right() for r in view.range_rects_on_screen(link.start, link.end))
    beside = QPoint(int(right) + 40, point.y())
    assert view.link_at(beside) is None or view.link_at(beside) != link
    move(view, QPoint(view.width() // 2, view.height() - 5))
    assert view.hovered_link() is None
    assert view.cursor().shape() != Qt.CursorShape.PointingHandCursor
    before = view.visible_range()
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() // 2, 6))
    assert view.visible_range() == before  # the middle third off the entries turns nothing


def test_enter_with_the_caret_on_an_entry_follows_it(view: ReadingView) -> None:
    book = book_with_contents()
    view.set_book(book, book.blocks[1].start)
    mode = SelectionMode(view, lambda *_a: None, lambda *_a: None)
    assert mode.start()
    first = book.contents_links[0]
    assert mode.caret() == 0  # on the CONTENTS heading, no link
    before = view.visible_range()
    mode.run("enter")
    assert mode.is_active() and view.visible_range() == before
    mode.run("word_next")  # to the first entry
    assert first.start <= mode.caret() < first.end
    mode.run("enter")
    assert not mode.is_active()
    assert view.position() == first.offset
    assert view.back()
    lo, hi = view.visible_range()
    assert lo <= first.start < hi


def test_enter_elsewhere_does_nothing_before_the_selection_starts(view: ReadingView) -> None:
    book = book_with_contents()
    view.set_book(book, book.chapters[2].offset)
    mode = SelectionMode(view, lambda *_a: None, lambda *_a: None)
    assert mode.start()
    before = view.visible_range()
    mode.run("enter")
    assert mode.is_active() and view.visible_range() == before


def test_war_and_peace_contents_links(view: ReadingView, corpus: Path) -> None:
    book = load_book(corpus / "gutenberg" / "war_and_peace__pg2600-0.txt")
    start = next(b.start for b in book.blocks if b.kind == BlockKind.CONTENTS)
    view.set_book(book, start)
    on_page = [
        link for link in book.contents_links if view.range_rects_on_screen(link.start, link.end)
    ]
    assert len(on_page) > 60  # several columns of entries on one page
    target = on_page[-1]
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=entry_point(view, target))
    assert view.position() == target.offset
    assert book.chapters[target.chapter].offset == target.offset
    assert view.back()
    lo, hi = view.visible_range()
    assert lo <= target.start < hi
