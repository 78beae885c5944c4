"""One book in the Statistics view: a book chooser, its figures, time per chapter, pace over time.

The chooser lists the library (as the statistics know it: one query), most
recently read first, and starts on the open book. The open book's chapters are
known; another book's are read from its file (through the parse cache). When they
cannot be (the file is gone, or the book has no chapters) the time is shown per
tenth of the book instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reader.store.base import StoreError
from reader.text.book import Chapter, ParagraphMode
from reader.text.errors import BookError
from reader.ui.stats.card import ChartCard, plain_label
from reader.ui.stats.charts import BarData, bar_chart, chart_view, every_nth, line_chart
from reader.ui.stats.tables import (
    ChartTable,
    book_summary,
    chapter_table,
    pace_table,
    unit_name,
)

if TYPE_CHECKING:
    from pathlib import Path

    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.store.stats import StatBook
    from reader.ui.stats.colours import ChartColours
    from reader.ui.stats.ports import StatsContext

__all__ = ["BookSection", "ChapterPlan", "chapter_plan"]

MAX_LABELS = 16
"""At most this many chapter numbers under the bars (every n-th one beyond)."""


@dataclass(frozen=True)
class ChapterPlan:
    """Where one book's chapters (or tenths) start, their names, and the text length."""

    starts: list[int]
    names: list[str]
    what: str
    """``chapter`` or ``tenth``."""
    text_length: int | None


def _finest(chapters: Sequence[Chapter]) -> list[Chapter]:
    """The chapters of the finest level (a book's parts leave out of the count the few
    lines of their own headings), or all entries when that level has fewer than two."""
    if not chapters:
        return []
    deepest = max(c.level for c in chapters)
    finest = [c for c in chapters if c.level == deepest]
    return finest if len(finest) >= 2 else list(chapters)


def chapter_plan(chapters: Sequence[Chapter], text_length: int | None) -> ChapterPlan | None:
    """Chapters to bucket a book's time by: its chapters, else tenths of its text (None when
    neither is known)."""
    finest = _finest(chapters)
    if len(finest) >= 2:
        return ChapterPlan(
            [c.offset for c in finest], [c.title for c in finest], "chapter", text_length
        )
    if text_length:
        starts = [text_length * i // 10 for i in range(10)]
        names = [f"{i * 10}–{(i + 1) * 10}%" for i in range(10)]
        return ChapterPlan(starts, names, "tenth", text_length)
    return None


def _read_chapters(
    record: BookRecord, cache_dir: Path | None, store: Store
) -> tuple[list[Chapter], int] | None:
    """A library book's chapters (with the reader's chapter rules) and text length from its
    file (None when unreadable)."""
    from reader.text.parse import load_book

    if not os.path.isfile(record.path):
        return None
    try:
        mode = (
            ParagraphMode(record.paragraph_mode_override)
            if record.paragraph_mode_override
            else None
        )
        book = load_book(
            record.path,
            encoding=record.encoding_override,
            paragraph_mode=mode,
            cache_dir=cache_dir,
            rules=store.chapter_rules.for_parsing(record.id),
        )
    except (BookError, LookupError, OSError, ValueError, StoreError):  # tenths instead
        return None
    return book.chapters, len(book.text)


class BookSection(QWidget):
    """The chooser, figures and two charts of one book (see the module docstring)."""

    def __init__(
        self,
        context: StatsContext,
        books: Sequence[StatBook],
        colours: ChartColours,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsBookSection")
        self.context = context
        self.colours = colours
        self.books: dict[int, StatBook] = {}
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("statsBookChooser")
        self.chooser.setAccessibleName("Book")
        self.chooser.setMaxVisibleItems(20)
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(30)
        self._fill(books)
        label = QLabel("&Book:", self)
        label.setBuddy(self.chooser)
        self.figures = plain_label("", self, wrap=True)
        self.figures.setObjectName("statsBookFigures")
        self.cards = QHBoxLayout()
        self.cards.setSpacing(12)
        self.chapter_card: ChartCard | None = None
        self.pace_card: ChartCard | None = None
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.figures)
        layout.addLayout(self.cards)
        self.book_id: int | None = None
        self.chooser.currentIndexChanged.connect(self._chosen)

    def _fill(self, books: Sequence[StatBook]) -> None:
        self.books = {b.id: b for b in books}
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([b.title or os.path.basename(b.path) for b in books])
        for i, b in enumerate(books):
            self.chooser.setItemData(i, b.id)
        self.chooser.blockSignals(False)

    def set_books(self, books: Sequence[StatBook]) -> None:
        """Offer ``books`` in the chooser, keeping the book shown."""
        shown = self.book_id
        self._fill(books)
        if shown is not None and shown not in self.books:  # gone meanwhile: offer it still
            return
        index = self.chooser.findData(shown) if shown is not None else -1
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(max(index, 0))
        self.chooser.blockSignals(False)

    def _chosen(self, index: int) -> None:
        book_id = self.chooser.itemData(index)
        if isinstance(book_id, int):
            self.set_book(book_id)

    def choose(self, book_id: int | None) -> None:
        """Select ``book_id`` in the chooser (the first book when None or unknown)."""
        index = self.chooser.findData(book_id) if book_id is not None else -1
        index = max(index, 0)
        if self.chooser.count() == 0:
            self.figures.setText("No books in the library yet.")
            return
        if index == self.chooser.currentIndex() and self.book_id is not None:
            return
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        self._chosen(index)

    def _plan(self, book: StatBook) -> ChapterPlan | None:
        open_book = self.context.open_book
        shown = open_book.book
        if open_book.record is not None and open_book.record.id == book.id and shown is not None:
            return chapter_plan(shown.chapters, len(shown.text))
        record = self.context.store.library.get(book.id)
        store = self.context.store
        read = _read_chapters(record, self.context.cache_dir, store) if record else None
        if read is not None:
            return chapter_plan(*read)
        return chapter_plan([], self._known_length(book))

    def _known_length(self, book: StatBook) -> int | None:
        """The book's text length as the statistics know it (recorded while it was read,
        else the end of the furthest page viewed), for tenths of a book that cannot be read."""
        if book.text_length:
            return book.text_length
        views = self.context.store.stats.iter_views(book.id)
        ends = [v.end_offset for v in views if not v.offset_scale]
        return max(ends) if ends else None

    def set_book(self, book_id: int) -> None:
        """Show the figures and charts of library book ``book_id``."""
        self.book_id = book_id
        book = self.books.get(book_id)
        stats = self.context.store.stats
        if book is None:
            return
        try:
            figures = stats.book_stats(book_id)
            plan = self._plan(book)
            chapters = (
                stats.chapter_times(book_id, plan.starts, text_length=plan.text_length)
                if plan is not None
                else []
            )
            points = stats.book_pace(book_id)
        except StoreError as err:
            self.figures.setText(f"This book's statistics could not be read: {err}")
            return
        unit = figures.unit if figures is not None else book.unit
        if figures is None or figures.pages == 0:
            self.figures.setText(
                "Nothing recorded for this book yet: its charts fill in as you read it."
            )
        else:
            self.figures.setText(book_summary(figures))
        if plan is not None:
            table = chapter_table(chapters, plan.names, plan.what)
        else:
            table = ChartTable(
                "Time per chapter",
                "The book's file cannot be read, so its chapters are unknown.",
                ("Chapter", "Title", "Reading (min)", "Listening (min)", "Page views"),
            )
        chapter_chart = bar_chart(
            len(chapters),
            every_nth([str(c.index + 1) for c in chapters], MAX_LABELS),
            [
                BarData("Reading", [c.reading_seconds / 60 for c in chapters], "reading"),
                BarData("Listening", [c.listening_seconds / 60 for c in chapters], "listening"),
            ],
            self.colours,
        )
        pace = pace_table(points, unit)
        pace_chart = line_chart(
            [(p.start, p.per_minute) for p in points],
            self.colours,
            y_title=f"{unit_name(unit).capitalize()} a minute",
        )
        self._replace_cards(
            ChartCard(table, chart_view(chapter_chart), self),
            ChartCard(pace, chart_view(pace_chart, smooth=True), self),
        )

    def _replace_cards(self, chapter: ChartCard, pace: ChartCard) -> None:
        for old in (self.chapter_card, self.pace_card):
            if old is not None:
                self.cards.removeWidget(old)
                old.hide()
                old.deleteLater()
        chapter.setObjectName("statsChapterCard")
        pace.setObjectName("statsPaceCard")
        self.chapter_card, self.pace_card = chapter, pace
        self.cards.addWidget(chapter, 1)
        self.cards.addWidget(pace, 1)
