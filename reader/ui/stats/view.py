"""The Statistics view: reading time, streaks, pace and finished books, charted.

A window of its own over the main window (``S``, View ▸ Reading Statistics, or
the palette). On open it writes the page views recorded so far, reads
everything it shows in one go (:meth:`reader.store.stats.Stats.dashboard`, one
book's figures) and builds:

- the overall figures: current and longest streak, total time, books finished,
  pace, the daily goal;
- minutes per day for the last 30 days (with the goal as a line) and per week for
  the last year;
- a calendar heat map of the last year;
- books finished per month, and time per weekday and per hour;
- one book's time per chapter and its pace over time (a book chooser, on the open
  book).

Every chart sits in a :class:`~reader.ui.stats.card.ChartCard` with its text
alternative. Colours follow the reading theme. The view says that statistics
stay on this computer, and offers import, export and clearing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reader import timings
from reader.store.base import StoreError
from reader.store.stats import StatBook
from reader.store.stats_models import CHARS, WORDS, Dashboard
from reader.ui.stats.book_section import BookSection
from reader.ui.stats.card import ChartCard, plain_label
from reader.ui.stats.charts import BarData, bar_chart, chart_view, every_nth
from reader.ui.stats.colours import ChartColours, chart_colours, view_palette
from reader.ui.stats.heatmap import HeatMap
from reader.ui.stats.tables import (
    WEEKDAYS,
    clock_tables,
    daily_table,
    finished_table,
    format_minutes,
    heat_table,
    weekly_table,
)

if TYPE_CHECKING:
    from reader.ui.stats.ports import StatsContext

__all__ = ["EMPTY_TEXT", "PRIVACY_TEXT", "StatisticsView", "overall_figures"]

PRIVACY_TEXT = (
    "Your reading statistics stay on this computer, in Quire's library file: nothing is "
    "sent anywhere. Settings ▸ Statistics turns recording off; Clear deletes them."
)
EMPTY_TEXT = (
    "No reading recorded yet.\n\n"
    "Quire notes each page you read and how long it stayed on screen while the window "
    "was in front. Pages flipped past in under two seconds don't count, and a page left "
    "open longer than the idle limit (five minutes) counts as only that much. As you "
    "read, this view fills with your minutes per day and week, your streaks, your pace "
    "and the books you finish.\n\n"
    "Read a few pages, or bring in your history from KOReader with "
    "“Import KOReader statistics…”."
)
ALL_TIME_MONTHS = 600
"""Books finished "in all" are counted over this many months (50 years)."""


def overall_figures(dash: Dashboard, finished_all: int | None) -> list[tuple[str, str]]:
    """The overall figures as (label, value) pairs, in the order shown (``finished_all``:
    books finished in all, when known)."""
    s = dash.streaks
    longest = f"{s.longest} day{'s' if s.longest != 1 else ''}"
    if s.longest_start is not None and s.longest_end is not None and s.longest > 1:
        longest += f" ({s.longest_start:%d %b %Y} – {s.longest_end:%d %b %Y})"
    total = dash.total_reading_seconds + dash.total_listening_seconds
    total_text = format_minutes(total)
    if dash.total_listening_seconds:
        total_text += f" ({format_minutes(dash.total_listening_seconds)} listening)"
    year = sum(m.count for m in dash.finished)
    paces = []
    for unit, name in ((WORDS, "words"), (CHARS, "characters")):
        pace = dash.paces.get(unit)
        if pace is not None:
            paces.append(f"{pace.per_minute:.0f} {name} a minute")
    figures = [
        ("Current streak", f"{s.current} day{'s' if s.current != 1 else ''}"),
        ("Longest streak", longest),
        ("Total time", total_text),
        (
            "Books finished",
            f"{finished_all} ({year} in the last 12 months)"
            if finished_all is not None
            else f"{year} in the last 12 months",
        ),
        ("Pace (last 30 days)", "; ".join(paces) if paces else "not measured yet"),
    ]
    if dash.goal is not None:
        figures.append(
            (
                "Daily goal",
                f"{dash.goal.goal_minutes} min — today {format_minutes(dash.goal.today_seconds)}"
                + (" (reached)" if dash.goal.met else ""),
            )
        )
    return figures


class StatisticsView(QWidget):
    """The Statistics window (see the module docstring)."""

    def __init__(
        self,
        context: StatsContext,
        data_changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statisticsView")
        self.setWindowTitle("Reading Statistics — Quire")
        self.setAccessibleName("Reading statistics")
        self.context = context
        self._data_changed = data_changed
        self.dashboard: Dashboard | None = None
        self.cards: dict[str, ChartCard] = {}
        """The chart cards by name: daily, weekly, heat, finished, weekday, hour."""
        self.book_section: BookSection | None = None
        self.heat_map: HeatMap | None = None
        self.colours: ChartColours = chart_colours(context.theme())
        self._rest_pending = False

        title = plain_label("Reading statistics", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.privacy = plain_label(PRIVACY_TEXT, self, wrap=True)
        self.privacy.setObjectName("statsPrivacy")
        self.import_button = QPushButton("&Import KOReader statistics…", self)
        self.export_button = QPushButton("&Export…", self)
        self.clear_button = QPushButton("C&lear…", self)
        close = QPushButton("Close", self)
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        self.clear_button.clicked.connect(self._clear)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        self.scroller = QScrollArea(self)
        self.scroller.setObjectName("statsScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.privacy)
        layout.addLayout(buttons)
        layout.addWidget(self.scroller, 1)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence.StandardKey.Close):
            QShortcut(keys, self, self.close)
        self._size_to_parent(parent)

    def _size_to_parent(self, parent: QWidget | None) -> None:
        width, height = 1100, 900
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(max(width, 640), max(height, 480))

    # --- opening and reading ------------------------------------------------------------

    def open_view(self) -> None:
        """Read the statistics, build the charts and show the window in front."""
        started = time.perf_counter()
        self.reload()
        self.show()
        self.raise_()
        self.activateWindow()
        timings.mark("stats_view_built", ms=round((time.perf_counter() - started) * 1000, 1))

    def reload(self) -> None:
        """Read everything again and rebuild the charts (after an import, a clear, or a
        change of theme).

        What is not on screen at once (the count of books finished in all, the rest of
        the book chooser) is read right after the view is painted."""
        context = self.context
        context.flush()
        self.colours = chart_colours(context.theme())
        self.setPalette(view_palette(QApplication.palette(), self.colours))
        try:
            dash = context.store.stats.dashboard()
            first = self._first_book()
            titles = self._titles(dash)
        except StoreError as err:
            self._set_content(self._message(f"The statistics could not be read: {err}"))
            return
        self.dashboard = dash
        has_data = bool(
            dash.total_reading_seconds
            or dash.total_listening_seconds
            or any(m.count for m in dash.finished)
        )
        self.export_button.setEnabled(has_data)
        self.clear_button.setEnabled(has_data)
        if not has_data:
            self._set_content(self._message(EMPTY_TEXT, empty=True))
            return
        content = self._build(dash, first, titles)
        self._set_content(content)
        self._rest_pending = True
        content.installEventFilter(self)

    def _first_book(self) -> list[StatBook]:
        """The book the chooser starts on: the open one, else the one read last."""
        record = self.context.open_book.record
        if record is None:
            recent = self.context.store.library.recent(1)
            record = recent[0] if recent else None
        if record is None:
            return []
        return [StatBook(record.id, record.book_key, record.display_title,
                         record.display_author, record.path, record.length,
                         record.length_unit, None, record.last_read)]  # fmt: skip

    def _titles(self, dash: Dashboard) -> dict[int, str]:
        """The titles of the books finished in the last year (for its table)."""
        library = self.context.store.library
        ids = {i for m in dash.finished for i in m.book_ids}
        return {i: r.display_title for i in ids if (r := library.get(i)) is not None}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Once the charts are painted, read what is not on screen at once."""
        if self._rest_pending and event.type() == QEvent.Type.Paint:
            self._rest_pending = False
            QTimer.singleShot(0, self._read_the_rest)
        return False

    def _read_the_rest(self) -> None:
        """After the first paint: books finished in all, and every book in the chooser."""
        stats = self.context.store.stats
        section = self.book_section
        if section is None:
            return
        try:
            finished_all = sum(m.count for m in stats.finished_per_month(ALL_TIME_MONTHS))
            books = sorted(
                stats.library_books(), key=lambda b: (b.last_read or "", b.id), reverse=True
            )
        except StoreError as err:
            self.context.messages.show_message(f"The statistics could not be read: {err}")
            return
        label = self.findChild(QLabel, "statsFigureBooksFinished")
        if label is not None and self.dashboard is not None:
            year = sum(m.count for m in self.dashboard.finished)
            label.setText(f"{finished_all} ({year} in the last 12 months)")
        section.set_books(books)

    def _set_content(self, content: QWidget) -> None:
        old = self.scroller.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroller.setWidget(content)

    def _message(self, text: str, *, empty: bool = False) -> QWidget:
        self.cards = {}
        self.book_section = None
        self.heat_map = None
        box = QWidget()
        box.setObjectName("statsEmpty" if empty else "statsError")
        label = plain_label(text, box, wrap=True)
        label.setObjectName("statsEmptyText" if empty else "statsErrorText")
        label.setMaximumWidth(640)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return box

    # --- building ----------------------------------------------------------------------

    def _build(self, dash: Dashboard, books: list[StatBook], titles: dict[int, str]) -> QWidget:
        c = self.colours
        content = QWidget()
        content.setObjectName("statsContent")
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 8, 8, 8)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        cards: dict[str, ChartCard] = {}

        grid.addWidget(self._figures(dash, content), 0, 0, 1, 6)

        daily = daily_table(dash)
        goal = dash.goal.goal_minutes if dash.goal is not None else None
        days = [d.day for d in dash.daily]
        daily_chart = bar_chart(
            len(days),
            [(i, f"{d.day} {d:%b}") for i, d in enumerate(days) if d.weekday() == 0],
            [
                BarData("Reading", [d.reading_seconds / 60 for d in dash.daily], "reading"),
                BarData("Listening", [d.listening_seconds / 60 for d in dash.daily], "listening"),
            ],
            c,
            goal=float(goal) if goal is not None else None,
        )
        cards["daily"] = ChartCard(daily, chart_view(daily_chart), content)

        weekly = weekly_table(dash)
        starts = [w.week_start for w in dash.weekly]
        weekly_chart = bar_chart(
            len(starts),
            [
                (i, f"{d:%b}")
                for i, d in enumerate(starts)
                if i > 0 and d.month != starts[i - 1].month
            ],
            [
                BarData("Reading", [w.reading_seconds / 60 for w in dash.weekly], "reading"),
                BarData("Listening", [w.listening_seconds / 60 for w in dash.weekly], "listening"),
            ],
            c,
        )
        cards["weekly"] = ChartCard(weekly, chart_view(weekly_chart), content)
        grid.addWidget(cards["daily"], 1, 0, 1, 3)
        grid.addWidget(cards["weekly"], 1, 3, 1, 3)

        self.heat_map = HeatMap(dash.heat_map, dash.today, c, content)
        cards["heat"] = ChartCard(heat_table(dash), self.heat_map, content)
        grid.addWidget(cards["heat"], 2, 0, 1, 6)

        finished = finished_table(dash, titles)
        months = [m.month for m in dash.finished]
        finished_chart = bar_chart(
            len(months),
            every_nth([f"{m:%b}" if m.month != 1 else f"{m:%b %y}" for m in months], 4),
            [BarData("Books finished", [float(m.count) for m in dash.finished], "reading")],
            c,
            y_title="Books",
        )
        cards["finished"] = ChartCard(finished, chart_view(finished_chart), content)
        by_day, by_hour = clock_tables(dash)
        weekday_chart = bar_chart(
            7,
            [(i, w[:3]) for i, w in enumerate(WEEKDAYS)],
            [BarData("Time", [s / 60 for s in dash.clock.by_weekday], "reading")],
            c,
        )
        cards["weekday"] = ChartCard(by_day, chart_view(weekday_chart), content)
        hour_chart = bar_chart(
            24,
            [(h, f"{h}h") for h in range(0, 24, 3)],
            [BarData("Time", [s / 60 for s in dash.clock.by_hour], "reading")],
            c,
        )
        cards["hour"] = ChartCard(by_hour, chart_view(hour_chart), content)
        grid.addWidget(cards["finished"], 3, 0, 1, 2)
        grid.addWidget(cards["weekday"], 3, 2, 1, 2)
        grid.addWidget(cards["hour"], 3, 4, 1, 2)

        heading = plain_label("One book", content)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        grid.addWidget(heading, 4, 0, 1, 6)
        section = BookSection(self.context, books, c, content)
        open_record = self.context.open_book.record
        section.choose(open_record.id if open_record is not None else None)
        grid.addWidget(section, 5, 0, 1, 6)
        grid.setRowStretch(6, 1)
        for column in range(6):
            grid.setColumnStretch(column, 1)
        for name, card in cards.items():
            card.chart.setObjectName(f"stats_{name}_chart")
        self.cards = cards
        self.book_section = section
        return content

    def _figures(self, dash: Dashboard, parent: QWidget) -> QWidget:
        box = QFrame(parent)
        box.setObjectName("statsFigures")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        figures = overall_figures(dash, None)
        columns = 3
        for i, (label, value) in enumerate(figures):
            name = plain_label(label, box)
            font = QFont(name.font())
            font.setPointSizeF(font.pointSizeF() * 0.9)
            name.setFont(font)
            shown = plain_label(value, box)
            strong = QFont(shown.font())
            strong.setBold(True)
            shown.setFont(strong)
            shown.setAccessibleName(label)
            shown.setObjectName("statsFigure" + label.title().replace(" ", "").split("(")[0])
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(name)
            cell.addWidget(shown)
            grid.addLayout(cell, i // columns, i % columns)
        box.setAccessibleName("Overall figures")
        box.setAccessibleDescription("; ".join(f"{k}: {v}" for k, v in figures))
        return box

    # --- commands ----------------------------------------------------------------------

    def _import(self) -> None:
        from reader.ui.stats.manage import import_koreader_dialog

        import_koreader_dialog(self.context, self._data_changed, parent=self)

    def _export(self) -> None:
        from reader.ui.stats.manage import export_dialog

        export_dialog(self.context, parent=self)

    def _clear(self) -> None:
        from reader.ui.stats.manage import clear_dialog

        clear_dialog(self.context, self._data_changed, parent=self)

    # --- events ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the view after the reading theme changed: recolour the charts."""
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and chart_colours(self.context.theme()).name != self.colours.name
        ):
            self.reload()
        super().changeEvent(event)

    def chart_cards(self) -> dict[str, ChartCard]:
        """Every chart card shown, the book's two included (for tests and the bench)."""
        cards = dict(self.cards)
        section = self.book_section
        if section is not None:
            if section.chapter_card is not None:
                cards["chapters"] = section.chapter_card
            if section.pace_card is not None:
                cards["pace"] = section.pace_card
        return cards
