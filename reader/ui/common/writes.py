"""Writing to the library from the GUI without ever waiting for its lock.

Every change the ui makes to the library (reading progress, highlights and
notes, bookmarks, the library list, settings) goes through a :class:`Writes`,
which every pane gets through its ports. The window's is a
:class:`BackgroundWrites`: it hands each change to a
:class:`~reader.store.writer.StoreWriter`, which waits for a lock held by
another program on its own thread, and brings the outcome back to the GUI
thread (a queued Qt signal), where the caller's ``done`` or ``failed`` runs.
So the window never blocks on the database, and a change that finally fails
keeps the reader's text as a draft (:mod:`reader.store.drafts`).

:class:`ImmediateWrites` runs each change at once on the GUI's own
connection and calls back before returning: for panes built on their own
(tests, tools) where no writer thread is wanted.

Callbacks: ``done(result)`` on success; ``failed(error)`` with the
:class:`~reader.store.base.StoreError` (a
:class:`~reader.store.writer.WriteFailed` for writes that carry a draft) or
any other exception the job raised. Without ``failed``, the error's message
goes to the :class:`~reader.ui.common.ports.MessageSink` given (else it is
logged). A write replaced by a newer one with the same ``key`` calls neither.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from reader.store.base import READ_WAIT_MS, StoreBusyError, StoreError, transaction
from reader.store.drafts import Draft, Drafts
from reader.store.writer import StoreWriter, WriterState

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.store.drafts import ReplayReport
    from reader.store.models import Annotation, BookRecord
    from reader.ui.common.ports import MessageSink

T = TypeVar("T")
Done = Callable[[Any], object]
Failed = Callable[[BaseException], object]

_log = logging.getLogger(__name__)

SETTLE_S = 0.04
"""How long :meth:`Writes.now_or_later` lets the GUI wait for writes queued before it."""

__all__ = ["BackgroundWrites", "ImmediateWrites", "WriterState", "Writes"]


class Writes(QObject):
    """The ui's way to change the library (see the module docstring); a base class.

    ``state_changed`` (a :class:`~reader.store.writer.WriterState`) is emitted on
    the GUI thread when saving starts to show, waits for another program, or ends.
    """

    state_changed = Signal(object)

    def __init__(
        self, store: Store, messages: MessageSink | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.messages = messages
        self._state = WriterState.IDLE

    # -- to be provided ---------------------------------------------------------------

    def submit(
        self,
        job: Callable[[Store], T],
        *,
        done: Callable[[T], object] | None = None,
        failed: Failed | None = None,
        key: str | None = None,
        draft: Draft | None = None,
        after_commit: Callable[[T], object] | None = None,
    ) -> Future[T]:
        """Run ``job(store)`` in one transaction; report to ``done``/``failed`` on the GUI thread.

        ``key``, ``draft`` and ``after_commit`` as in :meth:`StoreWriter.submit`.
        """
        raise NotImplementedError

    @property
    def drafts(self) -> Drafts:
        """The drafts folder of this library (highlights and notes that could not be saved)."""
        raise NotImplementedError

    def close(self, timeout: float = 2.0) -> bool:
        """Finish the queued writes (waiting up to ``timeout`` s for a lock); True when done."""
        return True

    # -- shared ----------------------------------------------------------------------------

    @property
    def state(self) -> WriterState:
        """The state last reported (IDLE, SAVING, WAITING)."""
        return self._state

    def _set_state(self, state: object) -> None:
        if isinstance(state, WriterState) and state is not self._state:
            self._state = state
            self.state_changed.emit(state)

    def report(self, error: BaseException) -> None:
        """The default ``failed``: the error's message to the message sink (or the log)."""
        if isinstance(error, StoreError) and self.messages is not None:
            self.messages.show_message(str(error))
        elif self.messages is not None:
            _log.error("a write to the library failed", exc_info=error)
            self.messages.show_message(f"A change could not be saved: {error}")
        else:
            _log.error("a write to the library failed", exc_info=error)

    def now_or_later(
        self,
        job: Callable[[Store], T],
        *,
        done: Callable[[T], object] | None = None,
        failed: Failed | None = None,
    ) -> bool:
        """Run ``job`` at once if the library is free (within ~50 ms), else queue it.

        For writes whose result the caller needs right away when it can have it
        (a book's library entry as it opens). True when it ran (and called back) now.
        """
        self.submit(job, done=done, failed=failed)
        return True

    def save_progress(
        self,
        book_id: int,
        offset: int,
        percent: float,
        *,
        done: Callable[[None], object] | None = None,
        failed: Failed | None = None,
    ) -> Future[None]:
        """Save a reading position; a newer one for the same book replaces it in the queue."""
        return self.submit(
            lambda s: s.annotations.save_progress(book_id, offset, percent),
            key=f"progress:{book_id}",
            done=done,
            failed=failed,
        )

    def add_annotation(
        self,
        book: BookRecord,
        start: int,
        end: int,
        quote: str,
        prefix: str,
        suffix: str,
        color: str,
        note: str = "",
        *,
        done: Callable[[Annotation], object] | None = None,
        failed: Failed | None = None,
        draft_id: str | None = None,
    ) -> Future[Annotation]:
        """Add a highlight; kept as a draft (id ``draft_id`` when given) if it finally fails."""
        draft = Draft(
            book_key=book.book_key,
            book_title=book.display_title,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            color=color,
            note=note,
        )
        if draft_id:
            draft.id = draft_id
        book_id = book.id
        return self.submit(
            lambda s: s.annotations.add_annotation(
                book_id, start, end, quote, prefix, suffix, color, note
            ),
            draft=draft,
            done=done,
            failed=failed,
        )

    def update_annotation(
        self,
        book: BookRecord,
        annotation: Annotation,
        *,
        color: str | None = None,
        note: str | None = None,
        done: Callable[[Annotation], object] | None = None,
        failed: Failed | None = None,
        draft_id: str | None = None,
    ) -> Future[Annotation]:
        """Change a highlight's colour and/or note; kept as a draft if it finally fails."""
        draft = Draft.of_annotation(
            annotation, book.book_key, note=note, color=color, book_title=book.display_title
        )
        if draft_id:
            draft.id = draft_id
        annotation_id = annotation.id
        return self.submit(
            lambda s: s.annotations.update_annotation(annotation_id, color=color, note=note),
            draft=draft,
            done=done,
            failed=failed,
        )

    def replay_drafts(
        self, *, done: Callable[[ReplayReport], object] | None = None, failed: Failed | None = None
    ) -> Future[ReplayReport]:
        """Save every draft into the library now (saved ones are removed after the commit)."""
        drafts = self.drafts
        return self.submit(drafts.apply, done=done, failed=failed, after_commit=drafts.finish)

    def keep_draft(self, draft: Draft, *, failed: Failed | None = None) -> None:
        """Write ``draft`` to the drafts folder (off the GUI thread where there is one)."""
        self._off_thread(lambda: self.drafts.save(draft), failed)

    def discard_draft(self, draft_id: str) -> None:
        """Remove a draft that was saved after all (or that the reader threw away)."""
        self._off_thread(lambda: self.drafts.discard(draft_id), None)

    def _off_thread(self, work: Callable[[], object], failed: Failed | None) -> None:
        try:
            work()
        except StoreError as err:
            (failed or self.report)(err)


@contextmanager
def _no_waiting(store: Store) -> Iterator[None]:
    """SQLite gives up at once on a lock held elsewhere (instead of its ~50 ms busy wait)."""
    store.conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA busy_timeout = {READ_WAIT_MS}")


class ImmediateWrites(Writes):
    """Each change runs at once on the GUI's connection (tests, tools); callbacks before return.

    Waits for a locked library like any synchronous write (up to
    :data:`reader.store.base.WRITE_WAIT_S`): not for the window, which uses
    :class:`BackgroundWrites`.
    """

    def __init__(
        self, store: Store, messages: MessageSink | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(store, messages, parent)
        self._drafts = Drafts.beside(store.path)

    @property
    def drafts(self) -> Drafts:
        """The drafts folder beside the library."""
        return self._drafts

    def submit(
        self,
        job: Callable[[Store], T],
        *,
        done: Callable[[T], object] | None = None,
        failed: Failed | None = None,
        key: str | None = None,
        draft: Draft | None = None,
        after_commit: Callable[[T], object] | None = None,
    ) -> Future[T]:
        """Run ``job`` now in one transaction and call back (see :class:`Writes`)."""
        future: Future[T] = Future()
        future.set_running_or_notify_cancel()
        try:
            with transaction(self.store.conn, self.store.path):
                result = job(self.store)
            if after_commit is not None:
                after_commit(result)
        except Exception as exc:  # handed to the caller's ``failed`` below
            future.set_exception(exc)
            (failed or self.report)(exc)
            return future
        future.set_result(result)
        if done is not None:
            done(result)
        return future


class BackgroundWrites(Writes):
    """The window's writes: a :class:`StoreWriter` thread, outcomes back on the GUI thread."""

    _finished = Signal(object, object, object)
    _state_seen = Signal(object)
    _drafted = Signal(object, object)

    def __init__(
        self,
        store: Store,
        writer: StoreWriter,
        messages: MessageSink | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(store, messages, parent)
        self.writer = writer
        queued = Qt.ConnectionType.QueuedConnection
        self._finished.connect(self._deliver, queued)
        self._state_seen.connect(self._set_state, queued)
        self._drafted.connect(self._drafted_done, queued)
        self._remove_listener = writer.add_listener(self._from_thread(self._state_seen))
        self._pool: ThreadPoolExecutor | None = None

    @property
    def drafts(self) -> Drafts:
        """The writer's drafts folder."""
        return self.writer.drafts

    def _from_thread(self, signal: Any) -> Callable[..., None]:
        """A callable for another thread that emits ``signal`` while this object lives."""

        def emit(*args: object) -> None:
            if shiboken6.isValid(self):
                signal.emit(*args)

        return emit

    def submit(
        self,
        job: Callable[[Store], T],
        *,
        done: Callable[[T], object] | None = None,
        failed: Failed | None = None,
        key: str | None = None,
        draft: Draft | None = None,
        after_commit: Callable[[T], object] | None = None,
    ) -> Future[T]:
        """Queue ``job`` on the writer thread (never blocks); see :class:`Writes`."""
        future = self.writer.submit(job, key=key, draft=draft, after_commit=after_commit)
        self.then(future, done, failed)
        return future

    def _deliver(self, future: Future[Any], done: Done | None, failed: Failed | None) -> None:
        """On the GUI thread: the outcome of one write, to its callbacks."""
        if future.cancelled():
            return  # replaced by a newer write with the same key
        error = future.exception()
        if error is not None:
            (failed or self.report)(error)
        elif done is not None:
            done(future.result())

    def now_or_later(
        self,
        job: Callable[[Store], T],
        *,
        done: Callable[[T], object] | None = None,
        failed: Failed | None = None,
    ) -> bool:
        """Run ``job`` now if that costs the GUI thread at most ~50 ms, else in the background.

        Nothing queued: one try at the lock on the GUI's connection, giving up at once
        if another program holds it. Writes queued (their order is kept): ``job``
        joins them, and unless the writer is already waiting for a lock the GUI
        waits up to :data:`SETTLE_S` for it. A lock held elsewhere: the writer waits
        for it in the background.
        """
        locked = self.writer.state is WriterState.WAITING
        if self.writer.pending == 0:
            try:
                with _no_waiting(self.store), transaction(self.store.conn, self.store.path, wait=0):
                    result = job(self.store)
            except StoreBusyError:
                locked = True  # held elsewhere: the writer waits for it instead (below)
            except Exception as exc:  # handed to the caller's ``failed``
                (failed or self.report)(exc)
                return True
            else:
                if done is not None:
                    done(result)
                return True
        future = self.writer.submit(job)
        if not locked:  # only writes of this window are queued: they are quick
            wait([future], timeout=SETTLE_S)
        if future.done():
            self._deliver(future, done, failed)
            return True
        self.then(future, done, failed)
        return False

    def then(self, future: Future[T], done: Done | None, failed: Failed | None) -> None:
        """Call ``done``/``failed`` on the GUI thread once ``future`` (a write) is resolved."""
        emit = self._from_thread(self._finished)
        future.add_done_callback(lambda f: emit(f, done, failed))

    def _off_thread(self, work: Callable[[], object], failed: Failed | None) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quire-drafts")
        future = self._pool.submit(work)
        emit = self._from_thread(self._drafted)
        future.add_done_callback(lambda f: emit(f, failed))

    def _drafted_done(self, future: Future[Any], failed: Failed | None) -> None:
        error = future.exception()
        if error is not None:
            (failed or self.report)(error)

    def close(self, timeout: float = 2.0) -> bool:
        """Finish the queue (giving a lock held elsewhere ``timeout`` s) and stop the writer."""
        self._remove_listener()
        ended = self.writer.close(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        return ended

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Tests and benchmarks: wait for the queue, then deliver the outcomes (not for the ui)."""
        idle = True
        for _round in range(4):  # outcomes may queue follow-up writes (a note after its highlight)
            idle = self.writer.wait_idle(timeout) and idle
            if self._pool is not None:
                self._pool.submit(lambda: None).result(timeout)
            QCoreApplication.processEvents()
        return idle and self.writer.pending == 0
