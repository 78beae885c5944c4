"""pytest-qt tests of the page widget: turning, positions, resizing, painting."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from reader import timings
from reader.layout.style import ReadingStyle
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.parse import load_book
from reader.ui.reading.view import ReadingView

PROSE = "the quick brown fox jumps over a lazy dog while evening light falls across quiet"
WORDS = PROSE.split(" ")


def hand_book(chapters: int = 5, paras: int = 25, seed: int = 1) -> Book:
    """A book with a title, ``chapters`` chapters and random prose paragraphs."""
    rng = random.Random(seed)
    text = ""
    blocks: list[Block] = []
    chs: list[Chapter] = []

    def add(kind: BlockKind, body: str) -> None:
        nonlocal text
        blocks.append(Block(kind, len(text), len(text) + len(body)))
        text += body + "\n\n"

    add(BlockKind.TITLE, "A Hand-Made Book")
    for c in range(chapters):
        chs.append(Chapter(f"Chapter {c + 1}", 1, len(text)))
        add(BlockKind.HEADING, f"Chapter {c + 1}")
        for p in range(paras):
            if p == 7:
                add(BlockKind.SCENE_BREAK, "* * *")
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 140))]
            add(BlockKind.PARAGRAPH, " ".join(words).capitalize() + ".")
    return Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=chs,
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="Hand-Made", language="en"),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )


def load_war_and_peace(corpus: Path) -> Book:
    """War and Peace through the real parser."""
    path = corpus / "gutenberg" / "war_and_peace__pg2600-0.txt"
    return load_book(path)


@pytest.fixture
def view(qtbot) -> ReadingView:
    v = ReadingView()
    qtbot.addWidget(v)
    v.set_reading_style(ReadingStyle(font_family="DejaVu Serif", font_size=12, two_pages="off"))
    v.resize(600, 760)
    v.show()
    qtbot.waitExposed(v)
    return v


def turn_and_back(view: ReadingView, n: int) -> None:
    forward = [view.visible_range()]
    for _ in range(n):
        assert view.next_page()
        forward.append(view.visible_range())
    backward = [view.visible_range()]
    for _ in range(n):
        assert view.prev_page()
        backward.append(view.visible_range())
    assert backward == forward[::-1]
    starts = [r[0] for r in forward]
    assert starts == sorted(starts) and len(set(starts)) == n + 1


def test_first_page_and_info(view: ReadingView) -> None:
    book = hand_book()
    view.set_book(book)
    assert view.book() is book
    start, end = view.visible_range()
    assert start == 0 and end > start
    assert "A Hand-Made Book" in view.visible_text()
    info = view.page_info()
    assert info.page == 1 and info.total >= 1
    assert info.percent == 0.0  # the position's percent: the first page starts at 0 %
    assert not view.prev_page()


def test_forward_20_back_20_same_pages(view: ReadingView) -> None:
    view.set_book(hand_book(chapters=4, paras=30))
    turn_and_back(view, 20)


def test_positions_kept_across_resize_and_font_change(view: ReadingView, qtbot) -> None:
    book = hand_book()
    view.set_book(book, book.chapters[2].offset + 900)
    for _ in range(3):
        view.next_page()
    top = view.position()
    assert view.visible_range()[0] == top
    view.resize(420, 560)
    qtbot.waitUntil(lambda: view.width() == 420)
    a, b = view.visible_range()
    assert a <= top < b
    view.set_reading_style(view.reading_style().with_(font_size=17))
    a, b = view.visible_range()
    assert a <= top < b
    assert view.position() == top  # repeated changes do not drift
    view.resize(600, 760)
    view.set_reading_style(view.reading_style().with_(font_size=12))
    qtbot.waitUntil(lambda: view.width() == 600)
    assert view.visible_range()[0] <= top < view.visible_range()[1]
    assert view.next_page()
    assert view.position() == view.visible_range()[0] > top


def test_wheel_and_click_thirds(view: ReadingView, qtbot) -> None:
    view.set_book(hand_book())
    first = view.position()

    def wheel(dy: int) -> None:
        pos = QPointF(view.width() / 2, view.height() / 2)
        ev = QWheelEvent(
            pos,
            view.mapToGlobal(pos),
            QPoint(0, 0),
            QPoint(0, dy),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(view, ev)

    wheel(-120)
    second = view.position()
    assert second > first
    wheel(-60)
    assert view.position() == second  # half a notch does nothing yet
    wheel(-60)
    assert view.position() > second
    wheel(240)
    assert view.position() == first
    h = view.height() // 2
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() - 20, h))
    assert view.position() == second
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() // 2, h))
    assert view.position() == second
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(20, h))
    assert view.position() == first
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_navigation_commands(view: ReadingView, qtbot) -> None:
    book = hand_book(chapters=5)
    view.set_book(book)
    view.next_chapter()
    assert view.position() == book.chapters[0].offset
    assert view.page_info().chapter_title == "Chapter 1"
    view.next_chapter()
    assert view.page_info().chapter_title == "Chapter 2"
    view.next_page()
    view.prev_chapter()
    assert view.position() == book.chapters[1].offset
    view.prev_chapter()
    assert view.position() == book.chapters[0].offset
    view.last_page()
    assert not view.next_page()
    end = view.visible_range()[1]
    assert end >= book.blocks[len(book.blocks) - 1].end - 1
    assert view.page_info().percent == pytest.approx(100, abs=0.5)
    view.first_page()
    assert view.position() == 0
    view.go_to_percent(50)
    a, b = view.visible_range()
    assert a <= len(book.text) // 2 < b + 3
    qtbot.waitUntil(lambda: not view.page_info().approximate, timeout=5000)
    total = view.page_info().total
    view.go_to_page(7)
    assert view.page_info().page == 7
    view.go_to_page(total + 50)
    assert view.page_info().page == total
    target = book.chapters[3].offset + 500
    view.go_to(target)
    a, b = view.visible_range()
    assert a <= target < b


def test_two_pages_side_by_side(view: ReadingView, qtbot) -> None:
    view.set_reading_style(view.reading_style().with_(two_pages="auto"))
    view.resize(1300, 700)
    qtbot.waitUntil(lambda: view.width() == 1300)
    view.set_book(hand_book())
    view.next_chapter()
    qtbot.waitUntil(lambda: not view.page_info().approximate, timeout=5000)
    n = view.page_info().page
    # a chapter starts on the left page of a spread
    assert view.visible_range()[0] == view.book().chapters[0].offset
    view.next_page()
    assert view.page_info().page == n + 2
    top = view.position()
    single = view.reading_style().with_(two_pages="off")
    view.set_reading_style(single)
    one_page = view.visible_range()
    assert one_page[0] <= top < one_page[1]
    view.set_reading_style(single.with_(two_pages="on"))
    spread = view.visible_range()
    assert spread[0] <= top < spread[1]
    assert view.position() == top
    assert spread[1] - spread[0] > one_page[1] - one_page[0]
    turn_and_back(view, 6)


def test_message_and_decorations_paint(view: ReadingView) -> None:
    book = hand_book()
    view.set_book(book, book.chapters[0].offset + 10)
    plain = view.grab().toImage()
    a, b = view.visible_range()
    view.set_decorations([(a, b, "yellow"), (a + 5, a + 9, "search"), (b + 10, b + 20, "blue")])
    marked = view.grab().toImage()
    assert count_colour(marked, lambda r, g, bl: r > 230 and g > 200 and bl < 180) > 500
    assert count_colour(plain, lambda r, g, bl: r > 230 and g > 200 and bl < 180) == 0
    view.set_decorations([])
    view.set_message("Could not open <b>book</b>")
    msg = view.grab().toImage()
    assert msg != plain
    assert view.hit_test(QPoint(100, 100)) is None
    view.set_message(None)
    assert view.grab().toImage() == plain


def ink(img: QImage) -> int:
    """Sampled pixels dark enough to be text or a message on the light theme's sheet."""
    return count_colour(img, lambda r, g, b: max(r, g, b) < 160)


def _greenish(r: int, g: int, b: int) -> bool:
    return g > r + 20 and g > b + 10


def count_colour(img: QImage, pred) -> int:
    n = 0
    for y in range(0, img.height(), 3):
        for x in range(0, img.width(), 3):
            c = img.pixelColor(x, y)
            n += pred(c.red(), c.green(), c.blue())
    return n


def test_hit_test_and_selection(view: ReadingView, qtbot) -> None:
    book = hand_book()
    view.set_book(book, book.chapters[1].offset + 2000)
    a, b = view.visible_range()
    before = view.position()
    assert a <= before == book.chapters[1].offset + 2000 < b
    mid = QPoint(view.width() // 2, view.height() // 2)
    off = view.hit_test(mid)
    assert off is not None and a <= off < b
    with qtbot.waitSignal(view.selection_changed) as sig:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=mid)
        qtbot.mouseMove(view, QPoint(mid.x() + 60, mid.y() + 60))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(mid.x() + 60, mid.y() + 60))
    start, end = sig.args[0]
    assert a <= start < end <= b
    assert view.selection() == (start, end)
    assert view.visible_range() == (a, b)  # dragging does not turn the page


def test_empty_book_and_no_book(view: ReadingView) -> None:
    empty = Book(
        text="",
        blocks=Blocks(),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "empty"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    view.set_book(empty)
    assert not view.next_page() and not view.prev_page()
    view.last_page()
    view.go_to_page(3)
    assert view.page_info().total == 0 and view.visible_text() == ""
    assert ink(view.grab().toImage()) > 50  # "This book has no text to show."
    view.set_book(None)
    assert view.book() is None and view.position() == 0 and view.page_info().page == 0
    assert ink(view.grab().toImage()) == 0  # a blank sheet: no book, no message


def test_timings_marks(view: ReadingView, monkeypatch, capsys) -> None:
    monkeypatch.setattr(timings, "ENABLED", True)
    view.set_book(hand_book())
    view.repaint()
    view.next_page()
    view.repaint()
    view.set_reading_style(view.reading_style().with_(font_size=15))
    view.repaint()
    events = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
    names = [e["event"] for e in events]
    assert names.count("first_page_painted") == 1
    turn = next(e for e in events if e["event"] == "page_turn_painted")
    # A hang guard only: how fast a turn paints is measured by tests/bench/bench_pages.py.
    assert 0 <= turn["ms"] < 60_000
    assert "restyle_painted" in names


def test_signals_on_turns(view: ReadingView, qtbot) -> None:
    view.set_book(hand_book())
    with qtbot.waitSignal(view.position_changed) as pos, qtbot.waitSignal(view.page_changed):
        view.next_page()
    assert pos.args == [view.position()]


@pytest.mark.corpus
def test_war_and_peace(view: ReadingView, corpus: Path, qtbot) -> None:
    book = load_war_and_peace(corpus)
    lo, hi = book.reading_range()
    middle = (lo + hi) // 2
    view.set_book(book, middle)
    a, b = view.visible_range()
    assert a <= middle < b
    info = view.page_info()
    assert info.approximate or info.total > 1000
    assert 40 < info.percent < 60
    turn_and_back(view, 20)
    top = view.position()
    assert top == view.visible_range()[0]
    view.set_reading_style(view.reading_style().with_(font_size=16))
    a, b = view.visible_range()
    assert a <= top < b
    view.resize(500, 900)
    qtbot.waitUntil(lambda: view.width() == 500)
    a, b = view.visible_range()
    assert a <= top < b
    qtbot.waitUntil(lambda: not view.page_info().approximate, timeout=30000)
    assert view.page_info().total > 1000
    assert view._pagination is not None and view._pagination.disagreements() == 0
    a2, b2 = view.visible_range()
    assert (a2, b2) == (a, b)  # completing the count never moves the page on screen


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "japanese_sjis/wagahaiwa_nekodearu.txt",
        "chinese_gbk/sanguo_yanyi.txt",
        "russian_cp1251/evgeniy_onegin.txt",
        "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
        "fanfic/alaric_leaving.txt",
    ],
)
def test_corpus_books_page_through(view: ReadingView, corpus: Path, name: str) -> None:
    book = load_book(corpus / name)
    lo, hi = book.reading_range()
    view.set_book(book, lo + (hi - lo) // 3)
    assert view.visible_text().strip()
    turn_and_back(view, 3)
    a, b = view.visible_range()
    shown = view.visible_text().replace("\n", "")
    if book.cjk:
        # CJK text is shown as is: a run of the page's text appears verbatim in the source
        source = book.text[a:b]
        assert sum(shown[i : i + 4] in source for i in range(0, 80, 4)) >= 10
    plain = view.grab().toImage()
    assert ink(plain) > 200  # the page's text is drawn
    view.set_decorations([(a, b, "green")])
    marked = view.grab().toImage()
    assert count_colour(marked, _greenish) > 100 > count_colour(plain, _greenish)
    view.next_chapter()
    view.prev_chapter()


def test_the_look_ahead_sets_again_the_blocks_of_a_page_found_before(view: ReadingView) -> None:
    """Turning back, the idle look-ahead lays out the page before even when the pagination
    still knows that page and the typesetter let its layouts go (its text budget)."""
    book = hand_book(chapters=4, paras=30)
    view.set_book(book, book.chapters[2].offset)
    assert view.next_page() and view.prev_page()  # turning back: the look-ahead goes back
    ts, pag, ref = view._typesetter, view._pagination, view._ref
    assert ts is not None and pag is not None and ref is not None
    before = pag.prev_ref(ref, 1, align=1)
    assert before is not None
    blocks = [b for b, _first, _last in pag.page(before).items]
    for index in range(len(book.blocks) - 1, len(book.blocks) // 2, -1):
        ts.block(index)  # the last chapters laid out: the earlier layouts let go
    assert not any(ts.cached(b) for b in blocks)
    view._prefetch()
    assert all(ts.cached(b) for b in blocks)
