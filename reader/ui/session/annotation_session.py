"""The open book's bookmarks, highlights and notes: loading, re-anchoring, painting, editing.

:class:`AnnotationSession` is the glue between the store and the page. When a
book is (re)loaded — opened, edited on disk, or re-read with another encoding
or paragraph mode — it checks every stored anchor against the new text and
re-anchors the ones that no longer fit (all of them after the file changed),
persisting the outcome; one that cannot be placed is kept as ``not_found``,
never dropped. It pushes highlights and search hits to the page as
decorations, and performs every create/edit/delete, keeping deleted items for undo.

Every change shows at once and is written through the ui's
:class:`~reader.ui.common.writes.Writes`, which never makes the window wait
for a library locked by another program. A new highlight or bookmark carries a
provisional (negative) id until its write lands, then the saved one takes its
place (:attr:`AnnotationSession.saved`); changes made to it meanwhile wait
for that (:mod:`reader.ui.session.provisional`). A change that fails is undone
on screen and the reader is told; a highlight or note that fails is kept as a
draft (:mod:`reader.store.drafts`).
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.store.db import StoreError, utc_now
from reader.store.export import chapter_label
from reader.store.models import Annotation, Bookmark
from reader.store.writer import WriteFailed
from reader.text.anchor import make_anchor
from reader.ui.common.marks import CURRENT_HIT, DEFAULT_COLOR, SEARCH_HIT
from reader.ui.common.writes import ImmediateWrites, Writes
from reader.ui.session.bookmark_edits import BOOKMARK_QUOTE_CHARS, BookmarkEdits
from reader.ui.session.provisional import Provisional
from reader.ui.session.reanchor import plan_reanchor

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.text.search import SearchHit
    from reader.ui.common.ports import MessageSink
    from reader.ui.session.ports import OpenBook, Page
    from reader.ui.session.reanchor import ReanchorPlan

_log = logging.getLogger(__name__)

MAX_UNDO = 50


def _collapse(text: str) -> str:
    return " ".join(text.split())


HIT_WINDOW = 20_000
"""Search hits this many characters either side of the page are marked (two spreads and more)."""
HIT_WINDOW_COUNT = 2_000
"""Up to this many hits, all are handed to the page at once."""


class AnnotationSession(BookmarkEdits, QObject):
    """Bookmarks and annotations of the open book; see the module docstring.

    Built from the store, the open book (:class:`~reader.ui.session.ports.OpenBook`),
    the page its marks go to (:class:`~reader.ui.session.ports.Page`) and where
    its messages go.
    """

    annotations_changed = Signal()
    bookmarks_changed = Signal()
    reanchored = Signal(int, int)
    """After a load re-anchored notes: (how many were looked at, how many were not found)."""
    saved = Signal(int, int)
    """A highlight or bookmark shown with a provisional id was saved: (provisional id, id)."""
    drafts_changed = Signal()
    """A highlight or note that could not be saved was kept as a draft."""

    def __init__(
        self,
        store: Store,
        open_book: OpenBook,
        page: Page,
        messages: MessageSink,
        parent: QObject | None = None,
        *,
        writes: Writes | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writes = writes if writes is not None else ImmediateWrites(store, messages, self)
        """Where every change goes (the window's writes wait for a busy library off the GUI)."""
        self.open_book = open_book
        self.page = page
        self.messages = messages
        self.provisional = Provisional()
        self._annotations: list[Annotation] = []
        self._bookmarks: list[Bookmark] = []
        self._hits: Sequence[SearchHit] = ()
        self._current_hit: tuple[int, int] | None = None
        self._undo: list[Annotation | Bookmark] = []
        self._deco_timer = QTimer(self)
        self._deco_timer.setSingleShot(True)
        self._deco_timer.setInterval(120)
        self._deco_timer.timeout.connect(self.refresh_decorations)
        # Only hits near the page are handed to the page (a search for "the" in a long book
        # finds hundreds of thousands), so they follow the reader as pages turn.
        page.position_changed.connect(self._hits_moved)

    # --- the open book ---------------------------------------------------------------------

    @property
    def book(self) -> Book | None:
        """The book on screen (None when none)."""
        return self.open_book.book

    @property
    def record(self) -> BookRecord | None:
        """Its library entry (None when it could not be recorded: nothing can be saved)."""
        return self.open_book.record

    def annotations(self) -> list[Annotation]:
        """Every annotation of the open book, in reading order (not-found ones included)."""
        return list(self._annotations)

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark of the open book, in reading order."""
        return list(self._bookmarks)

    def on_book_opened(self, opened: object) -> None:
        """A book was (re)loaded: re-anchor what needs it, then show its notes.

        ``opened`` is a :class:`~reader.ui.session.book_session.Opened`; its ``status``
        is ``changed`` when the file was edited on disk, ``updated`` when it is a new version
        of a story (notes are then placed afresh by their quotes).
        """
        self._undo.clear()
        self._hits = ()
        self._current_hit = None
        force = getattr(opened, "status", "") in ("changed", "updated")
        self.reload(reanchor=True, force=force)

    def reload(self, *, reanchor: bool = False, force: bool = False) -> None:
        """Read the open book's notes from the store (re-anchoring them first if asked).

        Provisional items (still being saved) stay; re-anchored places show at once,
        while their write is queued.
        """
        record, book = self.record, self.book
        unsaved_a = [a for a in self._annotations if self.provisional.real_id(a.id) is None]
        unsaved_b = [b for b in self._bookmarks if self.provisional.real_id(b.id) is None]
        self._annotations, self._bookmarks = [], []
        if record is not None and book is not None:
            try:
                plan = self._reanchor(book.text, force) if reanchor else None
                anns = self.store.annotations.annotations(record.id)
                marks = self.store.annotations.bookmarks(record.id)
                if plan is not None:
                    anns, marks = plan.placed(anns, marks)
                self._annotations = anns + [a for a in unsaved_a if a.book_id == record.id]
                self._bookmarks = marks + [b for b in unsaved_b if b.book_id == record.id]
                self._annotations.sort(key=lambda a: (a.start, a.end, a.id))
                self._bookmarks.sort(key=lambda b: (b.offset, b.id))
            except StoreError as err:
                self.messages.show_message(str(err))
        self.annotations_changed.emit()
        self.bookmarks_changed.emit()
        self.refresh_decorations()

    def reanchor_all(self, text: str, *, force: bool = False) -> tuple[int, int]:
        """Place stored notes in ``text`` again and save the result; (checked, not found).

        Without ``force`` only anchors whose quote is no longer at their offsets
        are looked at (cheap when nothing changed); with it, every one is.
        """
        plan = self._reanchor(text, force)
        return (plan.checked, plan.lost) if plan is not None else (0, 0)

    def _reanchor(self, text: str, force: bool) -> ReanchorPlan | None:
        record = self.record
        if record is None:
            return None
        plan = plan_reanchor(self.store, record.id, text, force=force)
        if plan:
            self.writes.submit(plan.apply)
        if plan.checked:
            self.reanchored.emit(plan.checked, plan.lost)
        return plan

    # --- decorations -------------------------------------------------------------------------

    def set_search_hits(self, hits: Sequence[SearchHit]) -> None:
        """Mark ``hits`` on the page (the list may keep growing; call again to repaint)."""
        self._hits = hits
        if not self._deco_timer.isActive():
            self._deco_timer.start()

    def set_current_hit(self, rng: tuple[int, int] | None) -> None:
        """Mark the search hit at source ``[start, end)`` as the one jumped to (None: no hit)."""
        if rng != self._current_hit:
            self._current_hit = rng
            if not self._deco_timer.isActive():
                self._deco_timer.start()

    def _hits_moved(self, _offset: int) -> None:
        if self._hits:
            self.refresh_decorations()

    def _nearby_hits(self) -> Sequence[SearchHit]:
        """The search hits within :data:`HIT_WINDOW` characters of the page on screen."""
        hits = self._hits
        if len(hits) <= HIT_WINDOW_COUNT:
            return hits
        lo, hi = self.page.visible_range()
        first = bisect.bisect_left(hits, lo - HIT_WINDOW, key=lambda h: h.start)
        last = bisect.bisect_right(hits, hi + HIT_WINDOW, lo=first, key=lambda h: h.start)
        return hits[first:last]

    def refresh_decorations(self) -> None:
        """Push the highlights (status ok) and search hits (the current one marked) to the page."""
        self._deco_timer.stop()
        current = self._current_hit
        ranges = [
            (h.start, h.end, CURRENT_HIT if (h.start, h.end) == current else SEARCH_HIT)
            for h in self._nearby_hits()
        ]
        ranges += [(a.start, a.end, a.color) for a in self._annotations if a.status == "ok"]
        self.page.set_decorations(ranges)

    # --- labels ------------------------------------------------------------------------------

    def chapter_of(self, offset: int) -> str:
        """The chapter title at ``offset`` ("PART — CHAPTER" when nested), or ''."""
        book = self.book
        if book is None or not book.chapters:
            return ""
        return chapter_label(book.chapters, offset) or ""

    # --- highlights and notes ------------------------------------------------------------------

    def _writable(self) -> BookRecord | None:
        record = self.record
        if record is None or self.book is None:
            self.messages.show_message("This book is not in the library, so notes cannot be saved.")
            return None
        return record

    def add_highlight(
        self, start: int, end: int, color: str = DEFAULT_COLOR, note: str = ""
    ) -> Annotation | None:
        """Highlight source ``[start, end)`` (trimmed of blanks around it); saved in the background.

        Returns the highlight as shown: the saved one when the library was quick
        enough, else one with a provisional (negative) id, replaced when it lands
        (:attr:`saved`). If it cannot be saved it goes from the page and is kept
        as a draft, and the reader is told.
        """
        record, book = self._writable(), self.book
        if record is None or book is None:
            return None
        text = book.text
        start, end = max(0, min(start, end)), min(len(text), max(start, end))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        quote, prefix, suffix = make_anchor(text, start, end)
        now = utc_now()
        temp = self.provisional.new_id()
        shown = Annotation(
            temp, record.id, start, end, quote, prefix, suffix, color, note, now, now
        )
        self._annotations.append(shown)
        self._annotations.sort(key=lambda a: (a.start, a.end, a.id))
        self._changed()
        self.writes.add_annotation(
            record, start, end, quote, prefix, suffix, color, note,
            done=lambda ann: self._highlight_saved(temp, ann),
            failed=lambda err: self._highlight_failed(temp, err),
        )  # fmt: skip
        return self.annotation(temp)

    def annotation(self, annotation_id: int) -> Annotation | None:
        """The highlight shown with ``annotation_id`` (a provisional id finds the saved one)."""
        real = self.provisional.real_id(annotation_id)
        wanted = {annotation_id} if real is None else {annotation_id, real}
        return next((a for a in self._annotations if a.id in wanted), None)

    def _highlight_saved(self, temp: int, saved: Annotation) -> None:
        shown = next((a for a in self._annotations if a.id == temp), None)
        if shown is not None:
            # What the reader changed meanwhile is written next (provisional actions).
            saved = replace(shown, id=saved.id, created=saved.created, updated=saved.updated)
            self._annotations = [saved if a.id == temp else a for a in self._annotations]
        self._undo = [replace(u, id=saved.id) if u.id == temp else u for u in self._undo]
        self.provisional.saved(temp, saved.id)
        self.saved.emit(temp, saved.id)
        self._changed()

    def _highlight_failed(self, temp: int, error: BaseException) -> None:
        self._annotations = [a for a in self._annotations if a.id != temp]
        self.provisional.failed(temp, error)
        self._report(error)
        self._changed()

    def retry_highlight(
        self,
        annotation_id: int,
        note: str,
        *,
        done: Callable[[Annotation], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Save again, with ``note``, a new highlight whose saving failed (it was a draft).

        The draft is replaced while this waits, and removed once it is saved.
        """
        error = self.provisional.error(annotation_id)
        record = self.record
        draft = error.draft if isinstance(error, WriteFailed) else None
        if draft is None or record is None or error is None:
            (failed or self._report)(error or StoreError("That highlight no longer exists."))
            return
        self.provisional.retried(annotation_id)
        now = utc_now()
        shown = Annotation(
            annotation_id, record.id, draft.start, draft.end, draft.quote, draft.prefix,
            draft.suffix, draft.color, note, now, now,
        )  # fmt: skip
        self._annotations.append(shown)
        self._annotations.sort(key=lambda a: (a.start, a.end, a.id))
        self._changed()

        def saved(ann: Annotation) -> None:
            self._highlight_saved(annotation_id, ann)
            self.writes.discard_draft(draft.id)
            self.drafts_changed.emit()
            if done is not None:
                done(ann)

        def not_saved(err: BaseException) -> None:
            self._highlight_failed(annotation_id, err)
            if failed is not None:
                failed(err)

        self.writes.add_annotation(
            record, draft.start, draft.end, draft.quote, draft.prefix, draft.suffix,
            draft.color, note, done=saved, failed=not_saved, draft_id=draft.id,
        )  # fmt: skip

    def recolour(self, annotation_id: int, color: str) -> None:
        """Give a highlight another colour (nothing when it has that colour already)."""
        shown = self.annotation(annotation_id)
        if shown is not None and shown.color != color:
            self.update(annotation_id, color=color)

    def update(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        done: Callable[[Annotation], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
        draft_id: str | None = None,
    ) -> None:
        """Change the colour and/or note of a highlight: shown at once, saved in the background.

        ``done(saved)`` runs once it is saved; ``failed(error)`` if it cannot be
        (a :class:`~reader.store.writer.WriteFailed` says whether the text was kept
        as a draft, ``draft_id`` naming the draft to replace). Without ``failed``
        the change is undone on screen and the reader is told.
        """
        record = self.record
        before = self.annotation(annotation_id)
        if record is None or before is None:
            error = StoreError("That highlight no longer exists.")
            (failed or self._report)(error)
            return
        changed = replace(
            before,
            color=before.color if color is None else color,
            note=before.note if note is None else note,
        )
        self._replace_annotation(before.id, changed)

        def gone(error: BaseException) -> None:
            current = self.annotation(annotation_id)
            if failed is None and current is not None:
                undone = replace(current, color=before.color, note=before.note)
                self._replace_annotation(current.id, undone)
            if failed is not None and isinstance(error, WriteFailed):
                self.drafts_changed.emit()
            (failed or self._report)(error)

        def write(real_id: int) -> None:
            saved_before = replace(before, id=real_id)
            self.writes.update_annotation(
                record, saved_before, color=color, note=note, draft_id=draft_id,
                done=lambda new: self._updated(new, done), failed=gone,
            )  # fmt: skip

        self.provisional.when_saved(annotation_id, write, gone)

    def _replace_annotation(self, annotation_id: int, new: Annotation) -> None:
        self._annotations = [new if a.id == annotation_id else a for a in self._annotations]
        self._changed()

    def _updated(self, new: Annotation, done: Callable[[Annotation], object] | None) -> None:
        if any(a.id == new.id for a in self._annotations):
            self._replace_annotation(new.id, new)
        if done is not None:
            done(new)

    def delete_annotation(self, annotation_id: int) -> Annotation | None:
        """Delete a highlight (kept for :meth:`undo`): gone at once, deleted in the background."""
        gone = self.annotation(annotation_id)
        if gone is None:
            self.messages.show_message("That highlight no longer exists.")
            return None
        self._annotations = [a for a in self._annotations if a.id != gone.id]
        self._push_undo(gone)
        self._changed()

        def failed(error: BaseException) -> None:
            self._undo = [u for u in self._undo if u is not gone]
            if self.record is not None and gone.book_id == self.record.id:
                self._annotations.append(gone)
                self._annotations.sort(key=lambda a: (a.start, a.end, a.id))
                self._changed()
            self._report(error)

        self.provisional.when_saved(
            gone.id,
            lambda real: self.writes.submit(
                lambda s: s.annotations.delete_annotation(real), failed=failed
            ),
            lambda _error: None,  # never saved: nothing to delete (its failure was reported)
        )
        return gone

    def _changed(self) -> None:
        self.annotations_changed.emit()
        self.refresh_decorations()

    def _report(self, error: BaseException) -> None:
        """Tell the reader why a change could not be saved."""
        if isinstance(error, WriteFailed):
            self.drafts_changed.emit()
        if isinstance(error, StoreError):
            self.messages.show_message(str(error))
        else:  # a bug, not the library: logged with its traceback
            _log.error("a change to the notes could not be saved", exc_info=error)
            self.messages.show_message(f"A change could not be saved: {error}")

    # --- undo --------------------------------------------------------------------------------

    def _push_undo(self, item: Annotation | Bookmark) -> None:
        self._undo.append(item)
        del self._undo[:-MAX_UNDO]

    def can_undo(self) -> bool:
        """True when a deleted highlight or bookmark can be put back."""
        return bool(self._undo)

    def undo(self) -> bool:
        """Put back the last deleted highlight or bookmark (at once; saved in the background)."""
        if not self._undo:
            return False
        item = self._undo.pop()
        record = self.record
        if record is not None and item.book_id == record.id:
            if isinstance(item, Annotation):
                self._annotations.append(item)
                self._annotations.sort(key=lambda a: (a.start, a.end, a.id))
                self._changed()
            else:
                self._bookmarks.append(item)
                self._bookmarks.sort(key=lambda b: (b.offset, b.id))
                self.bookmarks_changed.emit()

        def failed(error: BaseException) -> None:
            self._report(error)
            self.reload()

        def restore(real: int) -> None:
            saved = replace(item, id=real)
            if isinstance(saved, Annotation):
                job: Callable[[Store], object] = lambda s: s.annotations.restore_annotation(saved)  # noqa: E731
            else:
                job = lambda s: s.annotations.restore_bookmark(saved)  # noqa: E731
            self.writes.submit(job, failed=failed)

        self.provisional.when_saved(item.id, restore, lambda _error: None)  # never saved
        return True


__all__ = ["BOOKMARK_QUOTE_CHARS", "AnnotationSession"]
