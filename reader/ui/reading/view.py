"""The page widget: paints the pages around the reading position and turns them.

:class:`ReadingView` owns the pagination of the current book for the current
style and widget size. It lays out lazily (only the chapter around the
position), completes the page count on a background thread, keeps the offset
that was at the top of the page across resizes and style changes, and paints
one page or a two-page spread with highlights under the text. It takes no key
shortcuts itself: the main window's commands call its methods.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from reader import timings
from reader.layout.geometry import PageGeometry, page_geometry
from reader.layout.note_folds import NoteFolds
from reader.layout.paginate import Page, PageRef
from reader.layout.pagination import Pagination, stop_all_workers
from reader.layout.style import ReadingStyle, Theme
from reader.layout.typeset import Typesetter
from reader.text.book import Book
from reader.ui.common.marks import SELECTION
from reader.ui.reading.page_guard import PageFailure, log_page_failure
from reader.ui.reading.page_info import EMPTY_PAGE_INFO, PageInfo, page_info_for
from reader.ui.reading.painter import (
    SPOKEN_SENTENCE,
    SPOKEN_WORD,
    Decoration,
    Decorations,
    hit_test_page,
    paint_message,
    paint_page,
    paint_sheets,
)
from reader.ui.reading.scrubbing import Scrubbing

POLL_MS = 100
BACKGROUND_DELAY_MS = 50
"""The background page count starts this long after the layout (after the first paint)."""
BACKGROUND_AT_LATEST_MS = 1000
"""A view not painted yet starts its page count after this long all the same."""
EMPTY_MESSAGE = "This book has no text to show."
KEPT_LAYOUTS = 128
"""Most blocks whose typesetting (``QTextLayout`` and lines) the page keeps, most recent
first (more on a page of more than 32 lines: a spread of one-line paragraphs is never set
twice on a repaint). Their text bounds them too, so that the memory follows the text kept
(~60 bytes a character): eight pages' worth, at least 8,000 characters, and never less
than the spread on screen (``Typesetter.fit_cache_to_page``). 128 paragraphs of War and
Peace added 4 MB over 500 pages; eight pages' worth adds 1 MB."""

__all__ = ["EMPTY_MESSAGE", "PageInfo", "ReadingView"]


class ReadingView(Scrubbing):
    """Paginated, painted pages of a book; see the module docstring."""

    position_changed = Signal(int)
    page_changed = Signal()
    selection_changed = Signal(object)
    first_painted = Signal()
    """The widget finished its first paint (whatever it showed): the window is on screen."""
    book_shown = Signal()
    """The book given to :meth:`set_book` was painted (once per book; never for a book whose
    page failed until one of its pages is painted)."""
    history_requested = Signal(int)
    """The mouse's back (-1) or forward (1) button was pressed over the page."""
    scrub_requested = Signal(int)
    """The reader chose a place on the scrubber: its source offset (the window jumps there)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Book page")
        self.setMinimumSize(200, 160)
        self._book: Book | None = None
        self._style = ReadingStyle()
        self._theme: Theme = self._style.colours()
        self._message: str | None = None
        self._pagination: Pagination | None = None
        self._typesetter: Typesetter | None = None
        self._geom: PageGeometry | None = None
        self._geom_for: tuple[QSize, ReadingStyle] | None = None
        self._ref: PageRef | None = None
        self._anchor = 0
        self._decorations = Decorations()
        self._speech_marks: list[Decoration] = []
        self._selection: tuple[int, int] | None = None
        self._press: QPoint | None = None
        self._dragging = False
        self._wheel = 0
        self._pending_timing: tuple[str, float] | None = None
        self._first_painted = False
        self._painted_once = False
        self._failure: PageFailure | None = None
        self._book_shown = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_background)
        self._background_after_paint = False
        self._count_pages = True
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(stop_all_workers)

    # --- book and style -----------------------------------------------------

    def set_book(
        self,
        book: Book | None,
        position: int = 0,
        folds: NoteFolds | None = None,
        *,
        count_pages: bool = True,
    ) -> None:
        """Show ``book`` at the page containing source offset ``position`` (None clears),
        its author's notes folded or not as ``folds`` says (default: shown).

        ``count_pages`` False: no background page count (a provisional book, whose whole
        takes its place soon: see :mod:`reader.text.quick_open`).
        """
        self._drop_layout()
        self._folds = folds or NoteFolds()
        self._count_pages = count_pages
        self._book = book
        self._book_shown = False
        self._message = None
        self._selection = None
        self._decorations = Decorations()
        self._speech_marks = []
        self._anchor = max(0, int(position))
        if book is not None:
            self._ensure_layout()
        self.update()
        self.page_changed.emit()
        if book is not None:
            self.position_changed.emit(self.position())

    def book(self) -> Book | None:
        """The book shown (None when none)."""
        return self._book

    def book_was_shown(self) -> bool:
        """True once the current book was painted (see :attr:`book_shown`)."""
        return self._book_shown

    def set_reading_style(self, style: ReadingStyle) -> None:
        """Change the style, keeping the offset at the top of the page on screen."""
        if style == self._style:
            return
        keep = self._anchor
        self._style = style
        self._theme = style.colours()
        self._follow_measure()
        if self._book is not None:
            self._drop_layout()
            self._anchor = keep
            self._pending_timing = ("restyle_painted", time.perf_counter())
            self._ensure_layout()
            self.page_changed.emit()
        self.update()

    def reading_style(self) -> ReadingStyle:
        """The current reading style."""
        return self._style

    def message(self) -> str | None:
        """The message shown instead of the pages (None: the pages, or a failed page's)."""
        return self._message

    def set_message(self, text: str | None) -> None:
        """Show a centred plain-text message instead of the pages (None goes back to pages)."""
        self._message = text or None
        self.update()

    def set_decorations(self, ranges: list[tuple[int, int, str]]) -> None:
        """Highlights and search hits to paint under the text: ``(start, end, colour)``."""
        self._decorations = Decorations(ranges)
        self.update()

    def set_speech_marks(
        self, sentence: tuple[int, int] | None, word: tuple[int, int] | None
    ) -> None:
        """Mark the sentence being read aloud and its word being spoken (source ranges; None
        clears). Kept apart from :meth:`set_decorations`, which the notes replace."""
        marks: list[Decoration] = []
        if sentence is not None and sentence[1] > sentence[0]:
            marks.append((int(sentence[0]), int(sentence[1]), SPOKEN_SENTENCE))
        if word is not None and word[1] > word[0]:
            marks.append((int(word[0]), int(word[1]), SPOKEN_WORD))
        if marks != self._speech_marks:
            self._speech_marks = marks
            self.update()

    def speech_marks(self) -> list[Decoration]:
        """The read-aloud marks shown now (sentence first, then word)."""
        return list(self._speech_marks)

    def selection(self) -> tuple[int, int] | None:
        """The mouse selection as a source range, if any."""
        return self._selection

    def set_selection(self, rng: tuple[int, int] | None) -> None:
        """Show source ``[start, end)`` as selected (the keyboard selection mode); None clears."""
        self._selection = (min(rng), max(rng)) if rng is not None else None
        self.selection_changed.emit(self._selection)
        self.update()

    def typesetter(self) -> Typesetter | None:
        """The layout of the current book, style and size (None before the first layout)."""
        return self._typesetter if self._ensure_layout() is not None else None

    def clear_selection(self) -> None:
        """Remove the mouse selection."""
        if self._selection is not None:
            self._selection = None
            self.selection_changed.emit(None)
            self.update()

    # --- layout --------------------------------------------------------------

    def _drop_layout(self) -> None:
        if self._pagination is not None:
            self._pagination.cancel(wait=0.5)
        self._pagination = None
        self._typesetter = None
        self._geom = None
        self._geom_for = None
        self._ref = None
        self._failure = None
        self._poll.stop()

    def _ensure_layout(self) -> Pagination | None:
        """(Re)build the pagination for the current size and style if needed.

        A failure to lay out shows on the page (:meth:`failure`) instead of raising.
        """
        book = self._book
        if book is None:
            return None
        if self._pagination is not None and self._geom_for == (self.size(), self._style):
            return self._pagination
        if self._pagination is None and self._failure is not None:
            return None  # this book cannot be laid out at this size and style: the page says why
        geom = page_geometry(self._style, self.width(), self.height())
        self._update_spread_tip(geom)
        if self._pagination is not None and self._geom is not None:
            if geom.key() == self._geom.key():
                self._geom = geom
                self._geom_for = (self.size(), self._style)
                return self._pagination
            self._drop_layout()
        self._geom = geom
        self._geom_for = (self.size(), self._style)
        style, width, height = self._style, geom.text_width, geom.text_height

        folds = self._folds

        def factory() -> Typesetter:
            return Typesetter(book, style, width, cache_size=8, keep_layouts=False, folds=folds)

        try:
            ts = Typesetter(book, style, width, cache_size=KEPT_LAYOUTS, folds=folds)
            lines = max(int(height // ts.advance), 1)
            cpp = width / (ts.cjk_em if book.cjk else ts.avg_char) * lines * 0.92
            ts.fit_cache_to_page(lines, cpp)
            pag = Pagination(book, ts, height, style.show_matter, factory, cpp)
        except Exception as exc:  # the page boundary: shown on the page and logged
            self._fail(exc, "Laying out the book", anchor=self._anchor, section=-1)
            return None
        self._typesetter = ts
        self._pagination = pag
        try:
            self._ref = self._align(pag.ref_at(self._anchor))
        except Exception as exc:  # the page boundary: shown on the page and logged
            self._ref = None
            self._fail(exc, "Laying out the page", anchor=self._anchor, section=-2)
        if not self._count_pages:
            return pag
        self._poll.start()
        if self._painted_once:
            QTimer.singleShot(BACKGROUND_DELAY_MS, self._start_background)
        else:
            # At start-up the count waits for the first frame: its thread would take the
            # interpreter from the first page's layout and paint.
            self._background_after_paint = True
            QTimer.singleShot(BACKGROUND_AT_LATEST_MS, self._start_background)
        return pag

    def _start_background(self) -> None:
        self._background_after_paint = False
        if self._pagination is not None:
            self._pagination.start_background()

    def _poll_background(self) -> None:
        pag = self._pagination
        if pag is None:
            self._poll.stop()
            return
        changed = pag.poll()
        if pag.background_done():
            self._poll.stop()
            try:
                for s in range(len(pag.sections)):
                    if not pag.section_count(s)[1]:
                        pag.complete_section(s)
            except Exception as exc:  # the page count stays an estimate; the page shows the error
                log_page_failure("Counting the pages", self._book_key(), self._anchor, exc)
            changed = True
        if changed:
            self.page_changed.emit()

    def _align(self, ref: PageRef | None) -> PageRef | None:
        if ref is None or self._geom is None or not self._geom.spread:
            return ref
        return PageRef(ref.section, ref.index - ref.index % 2)

    def _pages(self) -> list[Page]:
        """The page(s) on screen."""
        return self._visible_pages()

    # --- position ------------------------------------------------------------

    def position(self) -> int:
        """Source offset at the top of the page on screen.

        That is the first character of the (left) page, except after a resize or
        style change, when it stays the earlier top offset (which is on this
        page), so that repeated changes never drift.
        """
        pages = self._pages()
        if not pages:
            return self._anchor if self._book is not None else 0
        start = pages[0].start_offset
        if self._ref is not None and pages[0].start_offset <= self._anchor < pages[-1].end_offset:
            return self._anchor
        return start

    def line_target(self) -> int:
        """The place a command about "this line" means: where the page menu was opened
        (while its command runs), else the caret, else the top of the page."""
        if self.menu_offset is not None:
            return self.menu_offset
        caret = self.caret()
        if caret is not None:
            return caret
        return self.visible_range()[0]

    def visible_range(self) -> tuple[int, int]:
        """Source ``[start, end)`` of the text on screen."""
        pages = self._pages()
        if not pages:
            return (self._anchor, self._anchor) if self._failure is not None else (0, 0)
        return pages[0].start_offset, pages[-1].end_offset

    def visible_text(self) -> str:
        """The shown text of the page(s) on screen, one block per line."""
        ts = self._typesetter
        parts: list[str] = []
        for page in self._pages():
            for b, first, last in page.items:
                blk = ts.block(b) if ts is not None else None
                if blk is not None:
                    parts.append(blk.lines_text(first, last))
        return "\n".join(parts)

    def page_info(self) -> PageInfo:
        """Page number, total, chapter and progress of the page on screen."""
        pag = self._ensure_layout()
        book = self._book
        pages = self._pages()
        if pag is None or book is None or not pages or self._ref is None:
            return EMPTY_PAGE_INFO
        try:
            return page_info_for(book, pag, pages, self._ref)
        except Exception as exc:  # laying out what follows failed: the turn there shows it
            log_page_failure("Numbering the page", self._book_key(), self._anchor, exc)
            return EMPTY_PAGE_INFO

    # --- hit testing ------------------------------------------------------------

    def hit_test(self, point: QPoint | QPointF) -> int | None:
        """Source offset of the character at widget ``point`` (None off the text)."""
        pages = self._pages()
        geom, ts = self._geom, self._typesetter
        if not pages or geom is None or ts is None or self._message:
            return None
        x, y = float(point.x()), float(point.y())
        for page, prect, trect in zip(pages, geom.pages, geom.text, strict=False):
            if prect.left() <= x < prect.right():
                return hit_test_page(page, ts, x - trect.left(), y - trect.top())
        return None

    # --- events -------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Tooltips: the note under the pointer, or why two pages are not shown."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self.page_tooltip(event)
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Relayout lazily (at the next paint), keeping the top offset."""
        super().resizeEvent(event)
        if self._scrubber is not None and self._scrubber.isVisible():
            self._scrubber.place()
        if self._book is not None and self._geom is not None:
            geom = page_geometry(self._style, self.width(), self.height())
            self._geom_for = None
            if geom.key() != self._geom.key():
                keep = self._anchor
                self._drop_layout()
                self._anchor = keep
                self._pending_timing = ("restyle_painted", time.perf_counter())
                QTimer.singleShot(0, self.page_changed.emit)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the desktop's light/dark switch when the theme is "system"."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._theme = self._style.colours()
            self.update()
        super().changeEvent(event)

    # --- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the desk, the page sheet(s), highlights, then the text.

        A page that fails to paint is replaced by its failure message (logged).
        """
        painter = QPainter(self)
        theme = self._theme
        painted_pages = False
        try:
            pages = [] if self._message else self._pages()
            geom = self._geom or page_geometry(self._style, self.width(), self.height())
            paint_sheets(painter, geom, theme, self.width(), self.height())
            message = self._message or self.failure()
            if message is None and self._book is not None and not pages:
                message = EMPTY_MESSAGE
            if message is not None:
                self._paint_message(painter, message)
            elif self._typesetter is not None:
                fill = self.palette().highlight().color()
                fill.setAlpha(110)
                for page, trect in zip(pages, geom.text, strict=False):
                    decos = self._decorations.between(page.start_offset, page.end_offset)
                    decos.extend(
                        d
                        for d in self._speech_marks
                        if d[0] < page.end_offset and d[1] > page.start_offset
                    )
                    if self._selection is not None:
                        decos.append((*self._selection, SELECTION))
                    paint_page(painter, page, trect, self._typesetter, theme, decos, fill)
                    self.paint_caret(painter, page, trect)
                self.paint_link_hover(painter)
                self.paint_markers(painter)
                painted_pages = bool(pages)
        except Exception as exc:  # the page boundary: the page shows why instead (logged)
            painter.end()
            self._fail(exc, "Painting the page", anchor=self._anchor, section=-2, ref=self._ref)
            painter = QPainter(self)
            paint_sheets(painter, page_geometry(self._style, self.width(), self.height()),
                         theme, self.width(), self.height())  # fmt: skip
            self._paint_message(painter, self.failure() or "")
        finally:
            if painter.isActive():
                painter.end()
        if self._book is not None and self._failure is None and not self._book_shown:
            self._book_shown = True  # the book is on screen (its pages, or that it is empty)
            self.book_shown.emit()
        if painted_pages and self._ref is not None:
            if not self._first_painted:
                self._first_painted = True
                timings.mark("first_page_painted")
            if self._pending_timing is not None:
                event_name, t0 = self._pending_timing
                self._pending_timing = None
                timings.mark(event_name, ms=round((time.perf_counter() - t0) * 1000, 2))
        if not self._painted_once:
            self._painted_once = True
            self.first_painted.emit()
        if self._background_after_paint:
            self._background_after_paint = False
            QTimer.singleShot(BACKGROUND_DELAY_MS, self._start_background)

    def _paint_message(self, painter: QPainter, message: str) -> None:
        rect = QRectF(self.rect()).adjusted(40, 40, -40, -40)
        font = self._style.body_font()
        paint_message(painter, rect, message, font, self._theme.color("muted"))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the background worker with the widget."""
        self._drop_layout()
        super().closeEvent(event)
