"""Tooltips built from book text show it literally, never as HTML."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument

from reader.ui.common.plain import plain_tooltip


def _shown(tooltip: str) -> str:
    """What Qt displays for a tooltip string (it renders rich-looking text as HTML)."""
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


def test_markup_in_book_text_is_shown_literally(qapp: object) -> None:
    text = "<b>Bold</b> &amp; <i>not</i>\nsecond   line"
    shown = _shown(plain_tooltip(text))
    assert "<b>Bold</b> &amp; <i>not</i>" in shown
    assert shown.splitlines()[-1] == "second   line"


def test_plain_text_is_unchanged(qapp: object) -> None:
    assert _shown(plain_tooltip("Pride and Prejudice")) == "Pride and Prejudice"


@given(st.text())
def test_escaping_is_html_escape(text: str) -> None:
    """The tooltip body escapes exactly what ``html.escape`` would (without importing it)."""
    expected = "<br>".join(html.escape(line) for line in text.split("\n"))
    assert plain_tooltip(text) == f"<qt><p style='white-space:pre-wrap'>{expected}</p></qt>"
