"""Writing to the library on a background thread, so the window never waits for a lock.

Another program (or a second Quire) may hold the library's write lock for seconds.
Writes from the GUI thread would freeze the window for that long and then fail;
the :class:`StoreWriter` takes them off the GUI thread, waits for the lock in the
background, and keeps the reader's text as a draft (:mod:`reader.store.drafts`)
if it finally cannot save it.

Threading contract
------------------
- One StoreWriter per open library (per window). It owns one writer thread and
  its own SQLite connection to the same file (WAL mode, so the GUI's Store can
  keep reading while it writes). The GUI keeps its Store for reads; each read
  fails within ~50 ms rather than wait (see :data:`reader.store.base.READ_WAIT_MS`).
- :meth:`StoreWriter.submit` may be called from any thread and never blocks: it
  queues the job and returns a :class:`concurrent.futures.Future`.
- Jobs run one at a time in submission order, each inside ONE ``BEGIN IMMEDIATE``
  transaction on the writer's connection. A job is a callable that receives the
  writer's :class:`~reader.store.db.Store` and uses the same repository methods as
  synchronous code (``lambda s: s.annotations.add_bookmark(...)``); it must use only
  that Store, touch no GUI object, and not wait for the writer. Its writes are
  committed before its Future is resolved.
- While the lock is held elsewhere the job is retried (each attempt waits inside
  SQLite, with SQLite's own back-off, for at most ``attempt_ms``) until
  ``busy_limit`` seconds after it was submitted, then fails with
  :class:`~reader.store.base.StoreBusyError`. The lock is taken before the job runs,
  so a retried job has never run halfway.
- Futures are resolved, and their done-callbacks run, ON THE WRITER THREAD. A Qt ui
  must not touch widgets there: the callback emits a signal, delivered to the GUI
  thread by a queued connection.
- State listeners get the :class:`WriterState` (IDLE, SAVING after ``saving_delay``
  with a write still pending, WAITING while the library is locked elsewhere). They
  are called on the writer's monitor thread, one call at a time, in order, only
  on changes; the same rule about Qt applies. A listener must return quickly.
- A job submitted with a :class:`~reader.store.drafts.Draft` (a highlight or note)
  that finally fails with a StoreError saves the draft (off the GUI thread) before
  its Future fails with :class:`WriteFailed`, which says whether the draft was kept.
  As soon as such a job has to wait for the lock, its draft is already written,
  so even a crash while it waits loses nothing (the draft is removed once the
  write lands; replaying a leftover one is harmless).
- :meth:`StoreWriter.close` stops taking jobs, lets the queue drain for up to
  ``timeout`` seconds (then jobs still waiting for the lock give up, keeping their
  drafts) and closes the connection. The writer thread is not a daemon: if the
  program ends without close(), it still finishes the queue, giving jobs waiting
  for the lock at most :data:`EXIT_WAIT_S`, then exits.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from reader.store.base import StoreBusyError, StoreError, begin_immediate, store_error
from reader.store.db import Store, open_store
from reader.store.drafts import Draft, DraftError, Drafts, ReplayReport
from reader.store.models import Annotation, BookRecord

__all__ = [
    "BUSY_LIMIT_S",
    "SAVING_DELAY_S",
    "StoreWriter",
    "WriteFailed",
    "WriterState",
]

T = TypeVar("T")

BUSY_LIMIT_S = 30.0
"""How long a write waits for a library locked by another program before it fails."""

SAVING_DELAY_S = 0.2
"""A write pending longer than this shows as :attr:`WriterState.SAVING`."""

ATTEMPT_MS = 100
"""Longest single wait inside SQLite for the lock (also bounds how fast close() reacts)."""

EXIT_WAIT_S = 2.0
"""How long jobs still wait for the lock once the program's main thread has ended."""

_log = logging.getLogger(__name__)


class WriterState(Enum):
    """What the writer is doing, for the window to show."""

    IDLE = "idle"
    """Nothing pending (or nothing pending for long): show nothing."""
    SAVING = "saving"
    """A write has been pending longer than ``saving_delay``: show "Saving…"."""
    WAITING = "waiting"
    """The library is locked by another program and a write is waiting for it."""


class WriteFailed(StoreError):
    """A write of the reader's text that finally failed; says whether a draft was kept.

    ``str()`` is one line: the store's reason, then where the text went.
    """

    def __init__(self, message: str, *, cause: StoreError, draft: Draft, draft_kept: bool) -> None:
        super().__init__(message)
        self.cause = cause
        """The StoreError that stopped the write (busy, full, read-only…)."""
        self.draft = draft
        """The reader's text as kept (``kept=False``: only in memory)."""
        self.draft_kept = draft_kept
        """True when the draft is on disk and will be replayed later."""


@dataclass(eq=False, slots=True)
class _Job:
    run: Callable[[Store], Any]
    future: Future[Any]
    submitted: float
    key: str | None
    draft: Draft | None
    after_commit: Callable[[Any], object] | None


class StoreWriter:
    """The background writer of one library file (see the module docstring's contract)."""

    def __init__(
        self,
        path: Path | str,
        *,
        drafts: Drafts | None = None,
        busy_limit: float = BUSY_LIMIT_S,
        saving_delay: float = SAVING_DELAY_S,
        attempt_ms: int = ATTEMPT_MS,
    ) -> None:
        self.path = Path(path).expanduser().absolute()
        self.drafts = drafts if drafts is not None else Drafts.beside(self.path)
        self.busy_limit = busy_limit
        self.saving_delay = saving_delay
        self.attempt_ms = attempt_ms
        self._cond = threading.Condition(threading.Lock())
        self._queue: deque[_Job] = deque()
        self._running: _Job | None = None
        self._waiting = False
        self._closing = False
        self._close_deadline = float("inf")
        self._exit_deadline: float | None = None
        self._finished = False
        self._listeners: list[Callable[[WriterState], None]] = []
        self._state = WriterState.IDLE
        self._store: Store | None = None
        self._thread = threading.Thread(target=self._run, name="quire-store-writer")
        self._monitor = threading.Thread(target=self._watch, name="quire-store-state", daemon=True)
        self._thread.start()
        self._monitor.start()

    # -- the public side (any thread) ------------------------------------------------

    @property
    def state(self) -> WriterState:
        """The state last reported to the listeners."""
        with self._cond:
            return self._state

    @property
    def pending(self) -> int:
        """How many submitted jobs have not finished yet."""
        with self._cond:
            return len(self._queue) + (self._running is not None)

    def add_listener(self, listener: Callable[[WriterState], None]) -> Callable[[], None]:
        """Call ``listener(state)`` on every state change (monitor thread); returns a remover."""
        with self._cond:
            self._listeners.append(listener)

        def remove() -> None:
            with self._cond:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def submit(
        self,
        job: Callable[[Store], T],
        *,
        key: str | None = None,
        draft: Draft | None = None,
        after_commit: Callable[[T], object] | None = None,
    ) -> Future[T]:
        """Queue ``job(store)`` to run in one transaction on the writer thread; never blocks.

        ``key``: a queued (not yet started) job with the same key is dropped and its
        Future cancelled, for writes where only the latest counts (reading progress).
        ``draft``: the reader's text, kept in the drafts folder if the write finally
        fails with a StoreError (the Future then fails with :class:`WriteFailed`).
        ``after_commit(result)`` runs on the writer thread once the transaction is
        committed, before the Future is resolved.
        """
        future: Future[T] = Future()
        new = _Job(job, future, time.monotonic(), key, draft, after_commit)
        dropped: list[_Job] = []
        with self._cond:
            closed = self._closing or self._finished
            if not closed:
                if key is not None and any(j.key == key for j in self._queue):
                    dropped = [j for j in self._queue if j.key == key]
                    self._queue = deque(j for j in self._queue if j.key != key)
                self._queue.append(new)
                self._cond.notify_all()
        for old in dropped:
            old.future.cancel()
        if closed:
            future.set_running_or_notify_cancel()
            self._fail(new, StoreError("Quire is closing, so this change was not saved."))
        return future

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted job has finished; False on timeout. Not for the GUI."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and self._running is None, timeout)

    def close(self, timeout: float = 5.0) -> bool:
        """Finish the queue (jobs waiting for the lock give up after ``timeout`` s), then stop.

        Returns True when the writer thread has ended. Idempotent. Call it from the
        thread that owns the writer (not from a listener or a job).
        """
        with self._cond:
            if not self._closing:
                self._closing = True
                self._close_deadline = time.monotonic() + timeout
                self._cond.notify_all()
        self._thread.join(timeout + 2 * self.attempt_ms / 1000 + 1.0)
        self._monitor.join(1.0)
        return not self._thread.is_alive()

    # -- convenience for the writes that carry the reader's text ------------------------

    def save_progress(self, book_id: int, offset: int, percent: float) -> Future[None]:
        """Queue a reading-position save; a newer one for the same book replaces it."""
        return self.submit(
            lambda s: s.annotations.save_progress(book_id, offset, percent),
            key=f"progress:{book_id}",
        )

    def add_annotation(
        self,
        book: BookRecord,
        start: int,
        end: int,
        quote: str,
        prefix: str,
        suffix: str,
        color: str = "yellow",
        note: str = "",
    ) -> Future[Annotation]:
        """Queue :meth:`Annotations.add_annotation`, with a draft kept if it finally fails."""
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
        book_id = book.id
        return self.submit(
            lambda s: s.annotations.add_annotation(
                book_id, start, end, quote, prefix, suffix, color, note
            ),
            draft=draft,
        )

    def update_annotation(
        self,
        book: BookRecord,
        annotation: Annotation,
        *,
        color: str | None = None,
        note: str | None = None,
    ) -> Future[Annotation]:
        """Queue :meth:`Annotations.update_annotation`, with a draft kept if it finally fails."""
        draft = Draft.of_annotation(
            annotation, book.book_key, note=note, color=color, book_title=book.display_title
        )
        annotation_id = annotation.id
        return self.submit(
            lambda s: s.annotations.update_annotation(annotation_id, color=color, note=note),
            draft=draft,
        )

    def replay_drafts(self) -> Future[ReplayReport]:
        """Queue saving every draft into the library; saved drafts are removed after commit."""
        return self.submit(self.drafts.apply, after_commit=self.drafts.finish)

    # -- the writer thread ---------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._queue:
                        if self._closing or self._main_ended():
                            return
                        self._cond.wait(0.25)
                    job = self._queue.popleft()
                    if not job.future.set_running_or_notify_cancel():
                        continue  # cancelled by its submitter before it started
                    self._running = job
                    self._cond.notify_all()
                try:
                    self._execute(job)
                except Exception as exc:  # a fault of the writer itself: the job must still end
                    if not job.future.done():
                        job.future.set_exception(exc)
                    _log.exception("StoreWriter failed while running a job")
                finally:
                    with self._cond:
                        self._running = None
                        self._waiting = False
                        self._cond.notify_all()
        finally:
            if self._store is not None:
                self._store.close()
            with self._cond:
                self._finished = True
                self._cond.notify_all()

    def _main_ended(self) -> bool:
        """True once the program's main thread has ended (called with the lock held)."""
        if self._exit_deadline is None and not threading.main_thread().is_alive():
            self._exit_deadline = time.monotonic() + EXIT_WAIT_S
        return self._exit_deadline is not None

    def _give_up(self, deadline: float) -> bool:
        """True when a job waiting for the lock should stop waiting now."""
        now = time.monotonic()
        with self._cond:
            self._main_ended()
            exit_deadline = self._exit_deadline
            close_deadline = self._close_deadline
        return now >= min(deadline, close_deadline, exit_deadline or float("inf"))

    def _execute(self, job: _Job) -> None:
        deadline = job.submitted + self.busy_limit
        kept_early = False
        while True:
            try:
                result = self._attempt(job)
            except StoreBusyError as err:
                if job.draft is not None and not kept_early:
                    self._keep_early(job.draft, err)
                    kept_early = True
                if self._give_up(deadline):
                    waited = time.monotonic() - job.submitted
                    self._fail(job, self._busy_failure(err, waited))
                    return
                with self._cond:
                    if not self._waiting:
                        self._waiting = True
                        self._cond.notify_all()
                continue
            except StoreError as err:
                self._fail(job, err)
                return
            except Exception as exc:  # the job's own error (a bug, a ValueError): the caller's
                job.future.set_exception(exc)
                return
            if job.after_commit is not None:
                try:
                    job.after_commit(result)
                except Exception as exc:  # committed, but the follow-up failed: tell the caller
                    job.future.set_exception(exc)
                    return
            if kept_early and job.draft is not None:
                try:
                    self.drafts.discard(job.draft.id)
                except DraftError:
                    _log.warning("a saved note's draft stayed behind", exc_info=True)
                    # harmless: replaying it finds the note already saved
            job.future.set_result(result)
            return

    def _keep_early(self, draft: Draft, err: StoreError) -> None:
        """Put a waiting write's draft on disk now, so a crash while waiting loses nothing."""
        # On DraftError Drafts keeps it in memory; if the write finally fails, _fail reports it.
        with suppress(DraftError):
            self.drafts.save(replace(draft, error=str(err)))

    def _connection(self) -> Store:
        if self._store is None:
            self._store = open_store(
                self.path, check_integrity=False, busy_timeout_ms=self.attempt_ms
            )
        return self._store

    def _attempt(self, job: _Job) -> Any:
        """Run ``job`` once in its own transaction; a lock held elsewhere → StoreBusyError."""
        store = self._connection()
        conn = store.conn
        begin_immediate(conn, self.path, 0)
        try:
            result = job.run(store)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                with suppress(sqlite3.Error):  # SQLite may have rolled back by itself
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise store_error(exc, self.path) from exc
            raise
        return result

    def _busy_failure(self, err: StoreBusyError, waited: float) -> StoreBusyError:
        failure = StoreBusyError(
            f"The library ({self.path}) was busy in another program (or another Quire "
            f"window) for {waited:.0f} s, so this change was not saved."
        )
        failure.__cause__ = err
        return failure

    def _fail(self, job: _Job, err: StoreError) -> None:
        """Fail ``job`` with ``err``, keeping its draft first (when it has one)."""
        if job.draft is None:
            job.future.set_exception(err)
            return
        draft = replace(job.draft, error=str(err))
        try:
            kept = self.drafts.save(draft)
        except DraftError as draft_err:
            failure = WriteFailed(
                f"{err} {draft_err}",
                cause=err,
                draft=replace(draft, kept=False),
                draft_kept=False,
            )
        else:
            failure = WriteFailed(
                f"{err} What you wrote was kept as a draft ({self.drafts.folder}) and will "
                "be saved when the library works again.",
                cause=err,
                draft=kept,
                draft_kept=True,
            )
        failure.__cause__ = err
        job.future.set_exception(failure)

    # -- the monitor thread ----------------------------------------------------------------

    def _desired(self, now: float) -> tuple[WriterState, float | None]:
        """The state to show now, and when to look again (called with the lock held)."""
        jobs = [*self._queue, *([self._running] if self._running is not None else [])]
        if not jobs:
            return WriterState.IDLE, None
        if self._waiting:
            return WriterState.WAITING, None
        oldest = min(j.submitted for j in jobs)
        if now - oldest >= self.saving_delay:
            return WriterState.SAVING, None
        return WriterState.IDLE, oldest + self.saving_delay - now

    def _watch(self) -> None:
        with self._cond:
            while True:
                desired, wake = self._desired(time.monotonic())
                if desired is not self._state:
                    self._state = desired
                    listeners = list(self._listeners)
                    self._cond.release()
                    try:
                        for listener in listeners:
                            self._notify(listener, desired)
                    finally:
                        self._cond.acquire()
                    continue
                if self._finished:
                    return
                self._cond.wait(wake)

    @staticmethod
    def _notify(listener: Callable[[WriterState], None], state: WriterState) -> None:
        try:
            listener(state)
        except Exception:  # a broken listener must not stop the state reports: log it
            _log.exception("StoreWriter state listener failed")
