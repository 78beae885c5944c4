"""The page boundary: a page that cannot be laid out or painted shows why, and nothing else breaks.

An unexpected exception while typesetting, paginating or painting one page
(a bug in the layout, a font that misbehaves on some text) must not take the
window down, nor make Quire crash again at the next start. The reading view
catches it where one page is computed or painted, logs it with its traceback
(:mod:`reader.logs` writes warnings and errors to the log file), and shows a
:class:`PageFailure` in place of that page: a readable message, while turning
to other pages, jumping elsewhere and opening another book keep working.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.layout.paginate import PageRef
from reader.layout.pagination import Pagination

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from reader.text.book import Book

    _ViewBase = QWidget
else:
    _ViewBase = object

_log = logging.getLogger(__name__)

MAX_DETAIL_CHARS = 200
"""The exception's own text is cut to this length on the page (the log has all of it)."""


@dataclass(frozen=True)
class PageFailure:
    """A page that could not be shown, and where it sits in the book.

    ``ref`` is the page's place when it is known (the page exists but could not
    be painted); None when the pages could not even be found there (laying out
    its text failed), so turning on skips to the next section.
    """

    message: str
    """What the page says instead of its text (plain text)."""
    section: int
    """The pagination section the failure is in (-1: the book as a whole)."""
    anchor: int
    """Source offset the failure stands for (the reading position while it is shown)."""
    ref: PageRef | None = None
    came_from: PageRef | None = None
    """The page the reader turned from (a good page), to go back to."""
    forward: bool = True
    """The direction of the turn that arrived here."""


def failure_message(exc: BaseException, log_file: object | None) -> str:
    """The text shown on a page that failed with ``exc`` (plain text, one paragraph)."""
    detail = " ".join(str(exc).split())
    if len(detail) > MAX_DETAIL_CHARS:
        detail = detail[: MAX_DETAIL_CHARS - 1] + "…"
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    where = f"The error was logged to {log_file}." if log_file else "The error was logged."
    return (
        f"This page could not be shown: {what}.\n\n"
        "The rest of the book can still be read: turn the page, or go to another chapter. "
        f"{where}"
    )


def log_page_failure(what: str, book_key: str, anchor: int, exc: BaseException) -> None:
    """Log ``exc`` with its traceback to the log file (see :mod:`reader.logs`)."""
    _log.exception(
        "%s failed (book %s, near offset %d)", what, book_key or "?", anchor, exc_info=exc
    )


def current_log_file() -> object | None:
    """Where :mod:`reader.logs` writes (None when logging to a file is not set up)."""
    from reader.logs import log_file

    return log_file()


class PageFailures(_ViewBase):
    """Mixin of the reading view: showing a failed page, and turning away from it.

    Needs the view's pagination state and its ``_move`` (declared for type checkers).
    """

    _failure: PageFailure | None = None

    if TYPE_CHECKING:
        _book: Book | None
        _pagination: Pagination | None
        _ref: PageRef | None
        _anchor: int
        _pending_timing: tuple[str, float] | None
        page_changed: SignalInstance
        position_changed: SignalInstance

        def _move(self, ref: PageRef | None, record: bool = False) -> bool: ...
        def _align(self, ref: PageRef | None) -> PageRef | None: ...
        def _step(self) -> int: ...
        def _start_turn(self) -> Pagination | None: ...

    def failure(self) -> str | None:
        """The message shown in place of a page that could not be laid out or painted."""
        return self._failure.message if self._failure is not None else None

    def _book_key(self) -> str:
        book = self._book
        if book is None:
            return ""
        return book.book_key or f"id:{id(book)}"

    def _fail(
        self,
        exc: BaseException,
        what: str,
        *,
        anchor: int,
        section: int,
        ref: PageRef | None = None,
        came_from: PageRef | None = None,
        forward: bool = True,
    ) -> None:
        """Log ``exc`` and show a failed page in place of the page at ``anchor``.

        ``section`` -2 means "find it from ``anchor``" (-1: the whole book failed).
        """
        log_page_failure(what, self._book_key(), anchor, exc)
        pag = self._pagination
        if section == -2:
            section = pag.section_at(anchor) if pag is not None else -1
        self._anchor = max(0, anchor)
        self._failure = PageFailure(
            failure_message(exc, current_log_file()),
            section,
            self._anchor,
            ref,
            came_from,
            forward,
        )
        self._pending_timing = None
        self.update()

    def _go(
        self,
        find: Callable[[Pagination, PageRef | None], PageRef | None],
        *,
        aim: int,
        forward: bool = True,
        record: bool = False,
    ) -> bool:
        """Show the page ``find`` picks (from the page on screen, which may be None);
        ``record``: a jump, remembered for Back.

        When finding or laying out that page fails, a failed page stands in for it
        at ``aim`` (a source offset), with the reason; True when the page changed.
        """
        pag = self._start_turn()
        if pag is None:
            return False
        here = self._ref
        target: PageRef | None = None
        try:
            target = find(pag, here)
            return self._move(target, record=record)
        except Exception as exc:  # the page boundary: shown on the page and logged
            came_from = here if self._failure is None else self._failure.came_from
            # A page whose place is known (its section's breaks are, from the background
            # count) but whose text fails: turns go on from its place, past it.
            self._ref = self._align(target) if target is not None else None
            self._fail(
                exc, "Turning the page", anchor=aim, section=-2, came_from=came_from,
                forward=forward,
            )  # fmt: skip
            self.page_changed.emit()
            self.position_changed.emit(self._anchor)
            return True

    def _around_failure(self, pag: Pagination, forward: bool) -> PageRef | None:
        """From a failed page whose text could not be laid out: the page to turn to."""
        failure = self._failure
        assert failure is not None
        if failure.came_from is not None and failure.forward != forward:
            return failure.came_from  # back where the reader came from
        s = failure.section
        if forward:
            nxt = s + 1
            return pag.ref_at(pag.sections[nxt].start_offset) if nxt < len(pag.sections) else None
        first = PageRef(s, 0)
        try:
            if pag.exists(first) and pag.page(first).start_offset < failure.anchor:
                return first
        except Exception:  # that section's first page is the broken one: go before it
            pass
        step = self._step()
        return pag.prev_ref(first, step, align=step) if s >= 0 else None

    def _here(self, pag: Pagination, ref: PageRef | None, forward: bool) -> PageRef | None:
        """The page a turn starts from, or (from a failed page with no place) where it goes."""
        if ref is None and self._failure is not None:
            return self._around_failure(pag, forward)
        return ref

    def _failed_ref(self, pag: Pagination) -> PageRef | None:
        """A stand-in place for a failed page with none (its section's start), for chapter jumps."""
        failure = self._failure
        if failure is None or failure.section < 0:
            return None
        return PageRef(failure.section, 0)


__all__ = [
    "PageFailure",
    "PageFailures",
    "current_log_file",
    "failure_message",
    "log_page_failure",
]
