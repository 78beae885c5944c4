"""Moving through the book on the page widget: page turns, jumps, and Back/Forward.

:class:`PageTurns` is a base of :class:`~reader.ui.reading.view.ReadingView`. Page
turns (:meth:`~PageTurns.next_page`, :meth:`~PageTurns.prev_page`) go one page (or
spread) on or back; everything else is a *jump* — to an offset, a page number, a
percentage, a chapter, the first or last page — and a jump that leaves the page on
screen remembers where the reader was, so that :meth:`~PageTurns.back` and
:meth:`~PageTurns.forward` return there (per book, while Quire runs).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

from reader.layout.paginate import Page, PageRef
from reader.ui.reading.mouse import PageMouse
from reader.ui.reading.places import PlaceHistory

if TYPE_CHECKING:
    from reader.layout.geometry import PageGeometry
    from reader.layout.pagination import Pagination
    from reader.text.book import Book


class PageTurns(PageMouse):
    """Page turns, jumps and the history of jumps (see the module docstring)."""

    if TYPE_CHECKING:
        _book: Book | None
        _ref: PageRef | None
        _anchor: int
        _geom: PageGeometry | None
        _pagination: Pagination | None
        _pending_timing: tuple[str, float] | None
        page_changed: SignalInstance
        position_changed: SignalInstance

        def _ensure_layout(self) -> Pagination | None: ...
        def _align(self, ref: PageRef | None) -> PageRef | None: ...
        def position(self) -> int: ...
        def visible_range(self) -> tuple[int, int]: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._forward = True
        self._places = PlaceHistory()

    def _move(self, ref: PageRef | None, record: bool = False) -> bool:
        ref = self._align(ref)
        if ref is None or ref == self._ref:
            self._pending_timing = None
            return False
        if record and self._book is not None and self._ref is not None:
            self._places.jumped(self._book_key(), self.position())
        self._ref = ref
        pag = self._pagination
        if pag is not None:
            self._anchor = pag.page(ref).start_offset
        self.update()
        self.page_changed.emit()
        self.position_changed.emit(self._anchor)
        QTimer.singleShot(0, self._prefetch)
        return True

    def _book_key(self) -> str:
        book = self._book
        if book is None:
            return ""
        return book.book_key or f"id:{id(book)}"

    def _step(self) -> int:
        return 2 if self._geom is not None and self._geom.spread else 1

    def _start_turn(self) -> Pagination | None:
        self._pending_timing = ("page_turn_painted", time.perf_counter())
        pag = self._ensure_layout()
        if pag is not None:
            pag.hold_background()
        return pag if self._ref is not None else None

    # --- page turns -----------------------------------------------------------------------

    def next_page(self) -> bool:
        """Turn forward one page (a spread moves by two); False at the end."""
        self._forward = True
        pag, ref = self._start_turn(), self._ref
        return pag is not None and ref is not None and self._move(pag.next_ref(ref, self._step()))

    def prev_page(self) -> bool:
        """Turn back one page (or spread); False at the beginning."""
        self._forward = False
        pag, ref = self._start_turn(), self._ref
        step = self._step()
        if pag is None or ref is None:
            return False
        return self._move(pag.prev_ref(ref, step, align=step))

    # --- jumps ----------------------------------------------------------------------------

    def first_page(self) -> None:
        """Go to the first page."""
        pag = self._start_turn()
        if pag is not None:
            self._move(pag.first_ref(), record=True)

    def last_page(self) -> None:
        """Go to the last page."""
        pag = self._start_turn()
        if pag is not None:
            self._move(pag.last_ref(), record=True)

    def go_to(self, offset: int, record: bool = True) -> None:
        """Show the page containing source ``offset`` (``record``: remember the page left,
        for Back; the keyboard caret following itself does not)."""
        pag = self._start_turn()
        if pag is not None:
            self._move(pag.ref_at(int(offset)), record=record)

    def go_to_page(self, number: int) -> None:
        """Show global page ``number`` (1-based; clamped to the book)."""
        pag = self._start_turn()
        if pag is not None:
            self._move(pag.ref_for_number(int(number)), record=True)

    def go_to_percent(self, percent: float) -> None:
        """Show the page at ``percent`` (0–100) of the reading range."""
        pag = self._start_turn()
        if pag is not None:
            lo, hi = pag.range
            frac = min(max(float(percent), 0.0), 100.0) / 100.0
            target = min(lo + int((hi - lo) * frac), max(hi - 1, lo))
            self._move(pag.ref_at(target), record=True)

    def next_chapter(self) -> None:
        """Go to the start of the next chapter (or part)."""
        pag = self._start_turn()
        if pag is not None and not self._move(pag.next_chapter_ref(self._ref), record=True):
            self._pending_timing = None

    def prev_chapter(self) -> None:
        """Go to the start of this chapter, or of the previous one when already there."""
        pag = self._start_turn()
        if pag is not None:
            self._move(pag.prev_chapter_ref(self._ref, self._step()), record=True)

    # --- back and forward -----------------------------------------------------------------

    def back(self) -> bool:
        """Return to where the reader was before the last jump; False when there is none."""
        return self._history_step(-1)

    def forward(self) -> bool:
        """Undo a :meth:`back`; False when there is nothing ahead."""
        return self._history_step(1)

    def can_go(self, step: int) -> bool:
        """True when Back (``step`` -1) or Forward (1) has a place to go."""
        return self._book is not None and self._places.can_go(self._book_key(), step)

    def _history_step(self, step: int) -> bool:
        if self._book is None:
            return False
        key, here = self._book_key(), self.position()
        place = self._places.back(key, here) if step < 0 else self._places.forward(key, here)
        if place is None:
            self.show_notice("Nothing to go back to." if step < 0 else "Nothing to go forward to.")
            return False
        pag = self._start_turn()
        if pag is None:
            return False
        ref = pag.ref_at(place)
        moved = self._move(ref)
        if moved and ref is not None:
            self._anchor = place  # the very place, even after a change of size or font
        return moved

    def _prefetch(self) -> None:
        """Lay out the next page during idle time so the next turn is quick."""
        pag = self._pagination
        if pag is None or self._ref is None:
            return
        step = self._step()
        if self._forward:
            nxt = pag.next_ref(self._ref, step)
        else:
            nxt = pag.prev_ref(self._ref, step, align=step)
        if nxt is not None:
            pag.page(nxt)
            right = PageRef(nxt.section, nxt.index + 1)
            if step == 2 and pag.exists(right):
                pag.page(right)

    def _visible_pages(self) -> list[Page]:
        """The page(s) on screen (see :meth:`ReadingView._pages`)."""
        pag = self._ensure_layout()
        if pag is None or self._ref is None:
            return []
        pages = [pag.page(self._ref)]
        if self._geom is not None and self._geom.spread:
            right = PageRef(self._ref.section, self._ref.index + 1)
            if pag.exists(right):
                pages.append(pag.page(right))
        return pages


__all__ = ["PageTurns"]
