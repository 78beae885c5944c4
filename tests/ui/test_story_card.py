"""A story's title card on the page and its Story info view, from the palette and the
notes panel, in the real window (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtGui import QImage, QPainter

from reader.layout.title_card import CardLayout
from reader.text.book import BlockKind
from tests.text.fanfic_gen import alaric_spec, ao3_text, corpus_story, fanficfare_text


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    yield from window_factory(qtbot, tmp_path)


def test_title_card_is_set_on_the_first_page(notes_window: OpenWindow) -> None:
    text = fanficfare_text(alaric_spec(), [("Chapter 1", corpus_story())])
    window, panel = notes_window(text, name="Alaric Leaving.txt")
    book = window.session.book
    assert book is not None and book.story is not None
    assert book.blocks[0].kind == BlockKind.STORY_HEADER
    typesetter = window.view.typesetter()
    card = typesetter.block(0)
    assert isinstance(card, CardLayout)
    assert card.line_count() >= 5  # title, by-line, facts, chips, summary
    assert card.text.startswith("Alaric Leaving\u2028by Nightingale")
    assert len(card.chips) == 5
    assert "<b>very</b>" in card.text  # HTML in a summary is shown as written
    # The raw label lines are not shown.
    assert "Category:" not in card.text and "Story URL" not in card.text
    # Every line maps back into the header, in order.
    starts = card.line_starts
    assert starts == sorted(starts)
    assert all(book.story.header_start <= s < book.story.header_end for s in starts)
    # A click on the title maps to the title's own characters.
    x0, _ = card.line_extent(0)
    hit = card.hit_test(x0 + 2, card.line_tops[0] + 2)
    assert book.text[hit : hit + 6] == "Alaric"
    # It paints.
    image = QImage(600, 600, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    card.draw(painter, image.rect().topLeft().toPointF(), 0, card.line_count() - 1)
    painter.end()
    assert not panel.story_button.isHidden()


def test_story_info_from_the_palette_and_the_panel(notes_window: OpenWindow) -> None:
    window, panel = notes_window(ao3_text(alaric_spec()), name="story.txt")
    command = window.registry.get("book.story_info")
    assert command.title.replace("&", "").startswith("Story Info")
    window.registry.run("book.story_info")
    dialog = panel.story_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.value("Fandom") == "Vampire Diaries"
    assert dialog.value("Relationships") == "Damon/Alaric"
    assert dialog.value("Rating") == "Teen And Up Audiences"
    assert dialog.value("Status") == "In progress"
    assert "<b>very</b>" in dialog.value("Summary")
    dialog.close()
    panel.story_button.click()
    assert panel.story_dialog is not None and panel.story_dialog.isVisible()
    panel.story_dialog.go_to_card()
    lo, _hi = window.view.visible_range()
    assert lo <= window.session.book.story.header_start  # type: ignore[union-attr]


def test_a_book_without_a_header_has_no_story_info(notes_window: OpenWindow) -> None:
    window, panel = notes_window(corpus_story(), name="alaric_leaving.txt")
    assert window.session.book is not None and window.session.book.story is None
    assert panel.story_button.isHidden()
    assert panel.show_story_info() is None
