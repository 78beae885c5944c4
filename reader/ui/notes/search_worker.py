"""Searching a book on a worker thread: hits are posted to the UI in batches as they are found.

:class:`SearchRunner` owns at most one running search. Starting a new one
cancels the old one (its late batches are ignored by generation number), so
typing a new query or opening another book never waits for a search to end.
The worker runs :func:`reader.text.search.search_book`, which releases the GIL
inside the regular-expression engine, so the window keeps painting.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

from reader.text.search import SearchError, SearchTimeout, search_book

if TYPE_CHECKING:
    from reader.text.book import Book
    from reader.text.search import SearchOptions

CHUNK_CHARS = 250_000
MAX_HITS = 50_000
"""Hits kept for one search; the panel says "stopped after N" when a search reaches it."""


class _SearchThread(QThread):
    """One search over one book; emits batches tagged with its generation number."""

    batch = Signal(int, object)
    done = Signal(int, int, str, bool)
    """(generation, hit count, error message or '', timed out)."""

    def __init__(
        self, book: Book, opts: SearchOptions, generation: int, chunk_chars: int, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._opts = opts
        self._chunk_chars = chunk_chars
        self.generation = generation

    def run(self) -> None:
        """Search and post every non-empty batch; errors become a message, never an exception."""
        count = 0
        error = ""
        timed_out = False
        try:
            for hits in search_book(
                self._book,
                self._opts,
                chunk_chars=self._chunk_chars,
                cancelled=self.isInterruptionRequested,
            ):
                if self.isInterruptionRequested():
                    return
                if hits:
                    count += len(hits)
                    self.batch.emit(self.generation, hits)
        except SearchTimeout as exc:
            error, timed_out = str(exc), True
        except SearchError as exc:
            error = str(exc)
        except (MemoryError, RecursionError) as exc:  # a pathological pattern
            error = f"The search could not be completed: {exc.__class__.__name__}"
        if not self.isInterruptionRequested():
            self.done.emit(self.generation, count, error, timed_out)


class SearchRunner(QObject):
    """Runs one search at a time in the background; see the module docstring."""

    hits_found = Signal(object)
    """A batch of :class:`~reader.text.search.SearchHit` of the current search, in text order."""
    finished = Signal(int, str, bool)
    """The current search ended: (hit count, error message or '', timed out)."""

    def __init__(self, parent: QObject | None = None, chunk_chars: int = CHUNK_CHARS) -> None:
        super().__init__(parent)
        self.chunk_chars = chunk_chars
        """Characters searched per batch (smaller: earlier first hits, more batches)."""
        self._generation = 0
        self._thread: _SearchThread | None = None
        self._old: list[_SearchThread] = []

    def start(self, book: Book, opts: SearchOptions) -> None:
        """Cancel any running search and start searching ``book`` for ``opts``."""
        self.cancel()
        self._generation += 1
        if opts.max_hits is None or opts.max_hits > MAX_HITS:
            opts = dataclasses.replace(opts, max_hits=MAX_HITS)
        thread = _SearchThread(book, opts, self._generation, self.chunk_chars, self)
        thread.batch.connect(self._on_batch)
        thread.done.connect(self._on_done)
        thread.finished.connect(lambda t=thread: self._reap(t))
        self._thread = thread
        thread.start(QThread.Priority.LowPriority)

    def cancel(self) -> None:
        """Stop the running search (its remaining batches are dropped)."""
        thread, self._thread = self._thread, None
        self._generation += 1
        if thread is not None:
            thread.requestInterruption()
            if thread.isRunning():
                self._old.append(thread)

    def is_running(self) -> bool:
        """True while the current search is still going."""
        return self._thread is not None and self._thread.isRunning()

    def shutdown(self, wait_ms: int = 3000) -> None:
        """Cancel and wait for every worker thread (before the application quits)."""
        self.cancel()
        for thread in self._old:
            thread.wait(wait_ms)
        self._old = [t for t in self._old if t.isRunning()]

    def _on_batch(self, generation: int, hits: list) -> None:
        if generation == self._generation:
            self.hits_found.emit(hits)

    def _on_done(self, generation: int, count: int, error: str, timed_out: bool) -> None:
        if generation == self._generation:
            self.finished.emit(count, error, timed_out)

    def _reap(self, thread: _SearchThread) -> None:
        if thread in self._old:
            self._old.remove(thread)
        if thread is self._thread:
            self._thread = None
        thread.deleteLater()


__all__ = ["CHUNK_CHARS", "MAX_HITS", "SearchRunner"]
