"""A chart with its words: title, the chart, and its text alternative one click away.

A :class:`ChartCard` shows a chart (or the heat map) under a plain-text title,
with two buttons: "Table" swaps the chart for the table it is drawn from, and
"Copy as text" puts title, summary and table on the clipboard. The summary is
the chart's accessible description, so a screen reader says what the chart shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.stats.tables import ChartTable

__all__ = ["ChartCard", "plain_label"]


def plain_label(text: str, parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A label that shows ``text`` literally (never as rich text)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    return label


class ChartCard(QFrame):
    """A titled chart with "Table" and "Copy as text" (see the module docstring)."""

    def __init__(self, table: ChartTable, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.table = table
        self.chart = chart
        self._table_view: QTableWidget | None = None
        self.setAccessibleName(table.title)
        self.setAccessibleDescription(table.summary)
        chart.setAccessibleName(f"Chart: {table.title}")
        chart.setAccessibleDescription(table.summary)
        chart.setToolTip(table.summary)

        self.title = plain_label(table.title, self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        # A narrow card cuts its title short rather than push the others off the screen.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(60)
        self.show_table = QToolButton(self)
        self.show_table.setText("Table")
        self.show_table.setCheckable(True)
        self.show_table.setToolTip("Show the numbers behind this chart as a table")
        self.show_table.setAccessibleName(f"Show {table.title} as a table")
        self.show_table.toggled.connect(self.set_table_shown)
        self.copy = QToolButton(self)
        self.copy.setText("Copy as text")
        self.copy.setToolTip("Copy this chart's summary and numbers as text")
        self.copy.setAccessibleName(f"Copy {table.title} as text")
        self.copy.clicked.connect(self.copy_text)
        for button in (self.show_table, self.copy):
            button.setAutoRaise(True)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.show_table)
        header.addWidget(self.copy)
        self.summary = plain_label(table.summary, self, wrap=True)
        self.summary.setObjectName("statsCardSummary")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack)

    def set_table_shown(self, shown: bool) -> None:
        """Show the table (True) or the chart (False) in the card."""
        if shown and self._table_view is None:
            self._table_view = self._make_table()
            self.stack.addWidget(self._table_view)
        self.stack.setCurrentWidget(self._table_view if shown and self._table_view else self.chart)
        if self.show_table.isChecked() != shown:
            self.show_table.setChecked(shown)

    def _make_table(self) -> QTableWidget:
        table = self.table
        view = QTableWidget(len(table.rows), len(table.columns), self)
        view.setObjectName("statsCardTable")
        view.setAccessibleName(f"Table: {table.title}")
        view.setHorizontalHeaderLabels(list(table.columns))
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        for r, row in enumerate(table.rows):
            for col, value in enumerate(row):
                item = QTableWidgetItem(value)  # plain text: titles from books stay literal
                if col > 0 and value.replace(".", "", 1).isdigit():
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                view.setItem(r, col, item)
        view.resizeColumnsToContents()
        view.horizontalHeader().setStretchLastSection(True)
        view.setFixedHeight(self.chart.height())
        return view

    def table_widget(self) -> QTableWidget | None:
        """The table view once it was shown (None before)."""
        return self._table_view

    def copy_text(self) -> None:
        """Put the chart's title, summary and table on the clipboard as plain text."""
        QGuiApplication.clipboard().setText(self.table.as_text())
