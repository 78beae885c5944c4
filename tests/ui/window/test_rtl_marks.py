"""Right-to-left books in the real window (issue 9, item 7): selection, highlights and search
marks sit on the right words of Arabic and Hebrew paragraphs.

The layout sets RTL paragraphs right to left; here the page is painted (offscreen) and the
pixels are read back: a mark over the first words of a paragraph (in reading order) is at the
right end of its first line, and the hit test agrees with what is painted. Set
``QUIRE_SHOT_DIR`` to keep the painted pages as PNGs for looking at them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from reader.app import build_window
from reader.layout.style import ReadingStyle
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.common.marks import CURRENT_HIT, SEARCH_HIT
from reader.ui.notes.panel import NotesPanel
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

HEBREW = (
    "בראשית ברא אלוהים את השמים ואת הארץ. והארץ הייתה תוהו ובוהו, וחושך על פני תהום, "
    "ורוח אלוהים מרחפת על פני המים. ויאמר אלוהים יהי אור ויהי אור."
)
ARABIC = (
    "في البدء خلق الله السماوات والأرض. وكانت الأرض خربة وخالية، وعلى وجه الغمر ظلمة، "
    "وروح الله يرف على وجه المياه. وقال الله ليكن نور فكان نور."
)
BOOKS = {"hebrew": HEBREW, "arabic": ARABIC}


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, NotesPanel]]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(760, 620)
    win.show()
    win.set_reading_style(ReadingStyle(font_family="DejaVu Sans", font_size=14))
    panel = win.notes_panel()
    assert panel is not None
    yield win, panel
    win.close()
    win.shutdown()


def _open(window: MainWindow, tmp_path: Path, script: str) -> str:
    text = "\n\n".join([BOOKS[script]] * 6) + "\n"
    path = tmp_path / f"{script}.txt"
    path.write_text(text, encoding="utf-8")
    assert window.open_path(str(path))
    book = window.session.book
    assert book is not None
    return book.text


def _first_line(window: MainWindow, offset: int) -> tuple[float, float, float, float]:
    """Widget y of the middle of the line holding ``offset``, and the text area's left/right,
    and the line's own right end (from the page the view shows)."""
    view = window.view
    geom, ts = view._geom, view.typesetter()
    assert geom is not None and ts is not None
    (page,) = view._pages()[:1]
    trect = geom.text[0]
    for (b, first, last), top in zip(page.items, page.tops, strict=True):
        blk = ts.block(b)
        if blk is None or not blk.line_starts[first] <= offset < blk.line_range(last)[1]:
            continue
        for i in range(first, last + 1):
            a, z = blk.line_range(i)
            if a <= offset < z:
                y = trect.top() + top + blk.line_tops[i] - blk.line_tops[first]
                mid = y + blk.line_heights[i] / 2
                return mid, trect.left(), trect.right(), trect.right()
    raise AssertionError(f"offset {offset} is not on the page")


def _paint(window: MainWindow, name: str) -> QImage:
    window.view.repaint()
    QApplication.processEvents()
    image = window.view.grab().toImage()
    folder = os.environ.get("QUIRE_SHOT_DIR")
    if folder:
        image.save(str(Path(folder) / f"{name}.png"))
    return image


def _tinted(image: QImage, x: float, y: float, paper: QColor) -> bool:
    """True when the area around (x, y) is mostly not paper: a mark lies under the text there
    (glyphs cover only part of it, so plain text leaves most of it paper)."""
    paper_like = total = 0
    for dx in range(-8, 9, 2):
        for dy in range(-6, 7, 2):
            colour = image.pixelColor(int(x) + dx, int(y) + dy)
            total += 1
            near = abs(colour.red() - paper.red()) + abs(colour.green() - paper.green())
            paper_like += near + abs(colour.blue() - paper.blue()) < 12
    return paper_like < total / 4


def _xs_of(
    window: MainWindow, y: float, lo: int, hi: int, left: float, right: float
) -> list[float]:
    """Widget x positions on the line at ``y`` whose character is in ``[lo, hi)``."""
    xs = []
    x = left + 1
    while x < right:
        hit = window.view.hit_test(QPointF(x, y))
        if hit is not None and lo <= hit < hi:
            xs.append(x)
        x += 3
    return xs


@pytest.mark.parametrize("script", list(BOOKS))
def test_marks_sit_on_the_words_of_rtl_paragraphs(
    qtbot, window, tmp_path: Path, script: str
) -> None:  # type: ignore[no-untyped-def]
    win, panel = window
    text = _open(win, tmp_path, script)
    words = BOOKS[script].split()
    first_word = words[0]
    start = text.index(first_word)
    end = start + len(first_word)
    y, left, right, _ = _first_line(win, start)
    # In reading order the paragraph starts at the right: its first word is in the right half.
    xs = _xs_of(win, y, start, end, left, right)
    assert xs and min(xs) > (left + right) / 2, (xs, left, right)
    # The hit test increases from right to left along the line.
    hits = [
        h
        for x in (right - 20, (left + right) / 2, left + 60)
        if (h := win.view.hit_test(QPointF(x, y))) is not None
    ]
    assert hits == sorted(hits) and len(set(hits)) == 3

    paper = win.view.reading_style().colours().color("background")
    plain = _paint(win, f"{script}-plain")
    assert not _tinted(plain, sum(xs) / len(xs), y, paper)

    # A highlight over the first word: painted where the word is, not at the line's left end.
    ann = panel.highlight(start, end, "green")
    assert ann is not None
    marked = _paint(win, f"{script}-highlight")
    assert _tinted(marked, sum(xs) / len(xs), y, paper)
    assert not _tinted(marked, left + 30, y, paper)

    # The selection: the same place.
    panel.session.delete_annotation(ann.id)
    win.view.set_selection((start, end))
    selected = _paint(win, f"{script}-selection")
    assert _tinted(selected, sum(xs) / len(xs), y, paper)
    assert not _tinted(selected, left + 30, y, paper)
    win.view.clear_selection()

    # Search marks: every hit of the last word of the paragraph, the first one on its line.
    last_word = words[-1].rstrip(".")
    panel.search_for(last_word)
    hit_start = text.index(last_word, start)
    qtbot.waitUntil(lambda: any(d[0] == hit_start for d in win.view._decorations.items))
    marks = {d[2] for d in win.view._decorations.items if d[0] == hit_start}
    assert marks & {SEARCH_HIT, CURRENT_HIT}
    y2, *_ = _first_line(win, hit_start)
    xs2 = _xs_of(win, y2, hit_start, hit_start + len(last_word), left, right)
    assert xs2
    searched = _paint(win, f"{script}-search")
    assert _tinted(searched, sum(xs2) / len(xs2), y2, paper)
