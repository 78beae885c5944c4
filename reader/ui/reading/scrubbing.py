"""The position scrubber over the bottom of the page, and what its preview says.

:class:`Scrubbing` is a base of :class:`~reader.ui.reading.view.ReadingView`. The
scrubber itself (:mod:`reader.ui.reading.scrubber`) is built the first time it is shown,
not at start-up; the chosen place is emitted as the view's ``scrub_requested``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from reader.ui.common.chapter_title import shown_chapter_title
from reader.ui.reading.measure import PageMeasure

if TYPE_CHECKING:
    from reader.layout.pagination import Pagination
    from reader.ui.reading.scrubber import Scrubber


class Scrubbing(PageMeasure):
    """Showing the scrubber and describing its places (see the module docstring)."""

    if TYPE_CHECKING:
        _pagination: Pagination | None
        _message: str | None
        scrub_requested: SignalInstance

        def position(self) -> int: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scrubber: Scrubber | None = None

    def show_scrubber(self, focus: bool = True) -> bool:
        """Show the position scrubber over the bottom of the page (``focus``: for the keys);
        False without a book."""
        pag = self._ensure_layout()
        book = self._book
        if pag is None or book is None or self._message:
            return False
        if self._scrubber is None:
            from reader.ui.reading.scrubber import Scrubber  # on demand: not at start-up

            self._scrubber = Scrubber(self)
            self._scrubber.committed.connect(self.scrub_requested.emit)
        lo, hi = pag.range
        chapters = [c.offset for c in book.chapters]
        page_chars = int(pag.chars_per_page())
        self._scrubber.open(
            lo, hi, self.position(), chapters, page_chars, self._describe, focus=focus
        )
        return True

    def scrubber(self) -> Scrubber | None:
        """The scrubber (None until first shown)."""
        return self._scrubber

    def scrubber_shown(self) -> bool:
        """True while the scrubber is on screen."""
        return self._scrubber is not None and self._scrubber.isVisible()

    def _describe(self, offset: int) -> str:
        """The scrubber's preview of ``offset``: chapter title and page."""
        book, pag = self._book, self._pagination
        if book is None or pag is None:
            return ""
        ci = book.chapter_index_at(offset)
        title = book.metadata.title
        if ci >= 0:
            chapter = book.chapters[ci]
            title = shown_chapter_title(" ".join(chapter.title.split()), book.metadata.language)
            part = next((p for p in reversed(book.chapters[:ci]) if p.level < chapter.level), None)
            if part is not None:  # chapter numbers start again in every part
                title = f"{' '.join(part.title.split())} — {title}"
        number, exact = pag.number_at(offset)
        total, total_exact = pag.total()
        approx = "" if exact and total_exact else "~"
        page = f"page {approx}{number:,} of {'' if total_exact else '~'}{max(total, number):,}"
        return f"{title} — {page}" if title else page
