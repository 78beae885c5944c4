"""Regression tests for defects found in review (R1)."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from reader.ui.reading.page_info import PageInfo
from reader.ui.reading.status import StatusLine


def _shown(tooltip: str) -> str:
    """What Qt displays for a tooltip string (rich-looking text is rendered as HTML)."""
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


def test_status_chapter_tooltip_shows_markup_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    status = StatusLine()
    qtbot.addWidget(status)
    title = "Chapter <b>One</b> &amp; Two"
    status.show_info(PageInfo(3, 10, False, title, 30.0, 100))
    assert status.texts()["chapter"] == title
    assert _shown(status.chapter.toolTip()) == title
    status.clear()
    assert status.chapter.toolTip() == "" and status.texts()["chapter"] == ""
