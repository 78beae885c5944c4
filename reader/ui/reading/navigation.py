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
from reader.ui.reading.page_guard import PageFailures
from reader.ui.reading.places import PlaceHistory

if TYPE_CHECKING:
    from reader.layout.geometry import PageGeometry
    from reader.layout.pagination import Pagination
    from reader.text.book import Book


class PageTurns(PageFailures, PageMouse):
    """Page turns, jumps and the history of jumps (see the module docstring).

    Every move goes through :meth:`PageFailures._go`: a page that cannot be found or laid
    out is replaced by a failed page that says why (and is logged), and turning on or
    back from it still works.
    """

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
        if ref is None or (ref == self._ref and self._failure is None):
            self._pending_timing = None
            return False
        if record and self._book is not None and self._ref is not None:
            self._places.jumped(self._book_key(), self.position())
        pag = self._pagination
        # Laid out before anything changes: if it raises, the page on screen stays as it was.
        anchor = pag.page(ref).start_offset if pag is not None else self._anchor
        self._ref = ref
        self._failure = None
        self._anchor = anchor
        self.update()
        self.page_changed.emit()
        self.position_changed.emit(self._anchor)
        QTimer.singleShot(0, self._prefetch)
        return True

    def _step(self) -> int:
        return 2 if self._geom is not None and self._geom.spread else 1

    def _start_turn(self) -> Pagination | None:
        self._pending_timing = ("page_turn_painted", time.perf_counter())
        pag = self._ensure_layout()
        if pag is not None:
            pag.hold_background()
        else:
            self._pending_timing = None
        return pag

    # --- page turns -----------------------------------------------------------------------

    def next_page(self) -> bool:
        """Turn forward one page (a spread moves by two); False at the end."""
        self._forward = True
        step = self._step()

        def find(pag: Pagination, ref: PageRef | None) -> PageRef | None:
            if ref is None:
                return self._here(pag, ref, True)
            return pag.next_ref(ref, step)

        return self._go(find, aim=self.visible_range()[1])

    def prev_page(self) -> bool:
        """Turn back one page (or spread); False at the beginning."""
        self._forward = False
        step = self._step()

        def find(pag: Pagination, ref: PageRef | None) -> PageRef | None:
            if ref is None:
                return self._here(pag, ref, False)
            return pag.prev_ref(ref, step, align=step)

        return self._go(find, aim=max(self.visible_range()[0] - 1, 0), forward=False)

    # --- jumps ----------------------------------------------------------------------------

    def first_page(self) -> None:
        """Go to the first page."""
        self._go(lambda pag, _ref: pag.first_ref(), aim=0, record=True)

    def last_page(self) -> None:
        """Go to the last page."""
        book = self._book
        self._go(lambda pag, _ref: pag.last_ref(), aim=len(book.text) if book else 0, record=True)

    def go_to(self, offset: int, record: bool = True) -> None:
        """Show the page containing source ``offset`` (``record``: remember the page left,
        for Back; the keyboard caret following itself does not)."""
        self._go(lambda pag, _ref: pag.ref_at(int(offset)), aim=int(offset), record=record)

    def go_to_page(self, number: int) -> None:
        """Show global page ``number`` (1-based; clamped to the book)."""
        self._go(
            lambda pag, _ref: pag.ref_for_number(int(number)), aim=self.position(), record=True
        )

    def go_to_percent(self, percent: float) -> None:
        """Show the page at ``percent`` (0–100) of the reading range."""

        def target(pag: Pagination) -> int:
            lo, hi = pag.range
            frac = min(max(float(percent), 0.0), 100.0) / 100.0
            return min(lo + int((hi - lo) * frac), max(hi - 1, lo))

        pag = self._pagination
        aim = target(pag) if pag is not None else self.position()
        self._go(lambda pag, _ref: pag.ref_at(target(pag)), aim=aim, record=True)

    def next_chapter(self) -> None:
        """Go to the start of the next chapter (or part)."""
        if not self._go(
            lambda pag, ref: pag.next_chapter_ref(ref or self._failed_ref(pag)),
            aim=self.visible_range()[1],
            record=True,
        ):
            self._pending_timing = None

    def prev_chapter(self) -> None:
        """Go to the start of this chapter, or of the previous one when already there."""
        step = self._step()
        self._go(
            lambda pag, ref: pag.prev_chapter_ref(ref or self._failed_ref(pag), step),
            aim=self.position(),
            forward=False,
            record=True,
        )

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
        moved = self._go(lambda pag, _ref: pag.ref_at(place), aim=place)
        if moved and self._failure is None:
            self._anchor = place  # the very place, even after a change of size or font
        return moved

    def _prefetch(self) -> None:
        """Lay out the next page during idle time so the next turn is quick."""
        pag = self._pagination
        if pag is None or self._ref is None:
            return
        step = self._step()
        try:
            if self._forward:
                nxt = pag.next_ref(self._ref, step)
            else:
                nxt = pag.prev_ref(self._ref, step, align=step)
            if nxt is not None:
                pages = [pag.page(nxt)]
                right = PageRef(nxt.section, nxt.index + 1)
                if step == 2 and pag.exists(right):
                    pages.append(pag.page(right))
                ts = self._typesetter
                if ts is not None:
                    # A page found before may have had its blocks' layouts let go since.
                    for page in pages:
                        for b, _first, _last in page.items:
                            ts.block(b)
        except Exception:  # only a head start: the turn to that page shows (and logs) the error
            return

    def _visible_pages(self) -> list[Page]:
        """The page(s) on screen (none while a page failure is shown; see
        :meth:`ReadingView._pages`)."""
        pag = self._ensure_layout()
        ref = self._ref
        if pag is None or ref is None or self._failure is not None:
            return []
        try:
            pages = [pag.page(ref)]
            if self._geom is not None and self._geom.spread:
                right = PageRef(ref.section, ref.index + 1)
                if pag.exists(right):
                    pages.append(pag.page(right))
        except Exception as exc:  # the page boundary: shown on the page and logged
            self._fail(
                exc, "Laying out the page", anchor=self._anchor, section=ref.section, ref=ref
            )
            return []
        return pages


__all__ = ["PageTurns"]
