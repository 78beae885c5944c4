"""The page count survives a block that cannot be laid out (issue 11): the background count
logs it, counts it as one page and finishes; the page holding the block says why, and the
pages around it, in its chapter too, still show."""

from __future__ import annotations

import logging

import pytest
from test_reading_view import hand_book

from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.ui.reading.view import ReadingView


@pytest.fixture
def view(qtbot) -> ReadingView:  # type: ignore[no-untyped-def]
    v = ReadingView()
    qtbot.addWidget(v)
    v.set_reading_style(ReadingStyle(font_family="DejaVu Serif", font_size=12, two_pages="off"))
    v.resize(600, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_a_block_that_fails_leaves_the_count_exact_and_the_pages_readable(
    view: ReadingView, qtbot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    book = hand_book(chapters=4, paras=25, seed=3)
    # a paragraph in the middle of chapter 2
    chapter2 = book.chapters[1].offset
    bad = next(
        i for i, b in enumerate(book.blocks) if b.start > chapter2 and b.kind.name == "PARAGRAPH"
    )
    bad += 10
    real = Typesetter._typeset

    def typeset(self: Typesetter, index: int):  # type: ignore[no-untyped-def]
        if index == bad:
            raise IndexError("array index out of range")
        return real(self, index)

    monkeypatch.setattr(Typesetter, "_typeset", typeset)
    caplog.set_level(logging.ERROR, logger="reader.layout.pagination")
    view.set_book(book, 0)
    assert view.failure() is None
    qtbot.waitUntil(lambda: not view.page_info().approximate, timeout=30000)
    assert view.page_info().total > 4
    assert any(f"block {bad}" in r.getMessage() for r in caplog.records)

    start = book.blocks[bad].start
    view.go_to(start)
    view.repaint()
    assert view.failure() is not None  # the page with the block says why
    assert view.next_page()  # the next page, in the same chapter, shows as usual
    view.repaint()
    assert view.failure() is None
    lo = view.visible_range()[0]
    assert start < lo < book.chapters[2].offset
    assert view.prev_page() and view.failure() is not None  # back to the broken page
    # Turning back goes on past it (the page just before may need the broken block to know
    # where it ends, and fail too), and never stays put.
    seen = []
    for _ in range(3):
        assert view.prev_page()
        view.repaint()
        seen.append(view.position())
        if view.failure() is None:
            break
    assert view.failure() is None and view.visible_range()[1] <= start
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)
