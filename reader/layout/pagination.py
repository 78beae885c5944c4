"""Lazy pagination of a whole book, completed in the background.

:class:`Pagination` keeps, per section, only the break records of the pages
found so far (block, line and offset arrays: a 30 MB book needs a few hundred
kilobytes). Pages are found on demand from a section's start up to the page
asked for; a worker thread with its own typesetter completes every section's
count meanwhile, and :meth:`Pagination.poll` adopts its results on the UI
thread. Until then totals are estimates from characters per page.
"""

from __future__ import annotations

import atexit
import bisect
import logging
import math
import threading
import time
import weakref
from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from reader.layout.paginate import (
    BlockMetrics,
    MetricsSource,
    Page,
    PageRef,
    build_sections,
    fill_page,
)
from reader.text.book import Book

_LIVE: weakref.WeakSet[Pagination] = weakref.WeakSet()
_log = logging.getLogger(__name__)


@atexit.register
def stop_all_workers() -> None:
    """Stop every background worker (before Qt and the interpreter shut down)."""
    for pagination in list(_LIVE):
        pagination.cancel(wait=1.0)


class _SectionPages:
    """Break records of one section's pages found so far."""

    __slots__ = ("blocks", "complete", "lines", "next", "offsets")

    def __init__(self, first_block: int) -> None:
        self.blocks = array("q")
        self.lines = array("l")
        self.offsets = array("q")
        self.next: tuple[int, int] | None = (first_block, 0)
        self.complete = False


class Pagination:
    """Pages of one book for one style and page size, found lazily.

    ``source`` typesets on the calling (UI) thread; ``source_factory``, when
    given, makes a second source for the background thread that completes the
    page count (:meth:`start_background`, :meth:`poll`).
    """

    def __init__(
        self,
        book: Book,
        source: MetricsSource,
        page_height: float,
        show_matter: bool = False,
        source_factory: Callable[[], MetricsSource] | None = None,
        chars_per_page: float = 1500.0,
    ) -> None:
        self.book = book
        self.source = source
        self.height = float(page_height)
        self.sections = build_sections(book, show_matter)
        self._section_starts = [s.start_offset for s in self.sections]
        self._pages = [_SectionPages(s.first_block) for s in self.sections]
        self._factory = source_factory
        self._hint_cpp = max(float(chars_per_page), 50.0)
        self._page_cache: OrderedDict[PageRef, Page] = OrderedDict()
        self._lock = threading.Lock()
        self._bg_results: dict[int, tuple[array, array, array]] = {}
        self._bg_counts: dict[int, int] = {}
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._bg_done = False
        self._quiet_until = 0.0
        self._table: tuple[list[int], bool] | None = None
        lo, hi = (0, book.text_end) if show_matter else book.reading_range()
        self.range = (lo, hi)

    # extent ---------------------------------------------------------------

    def is_empty(self) -> bool:
        """True when there is nothing to show."""
        return self.first_ref() is None

    def _extend(self, s: int) -> bool:
        """Find one more page of section ``s``; False when it is complete."""
        sp = self._pages[s]
        if sp.complete or sp.next is None:
            if not sp.complete:
                sp.complete, self._table = True, None
            return False
        fill = fill_page(self.source, self.sections[s], sp.next, self.height)
        if fill is None:
            sp.complete, sp.next = True, None
            self._table = None
            return False
        self._table = None
        sp.blocks.append(sp.next[0])
        sp.lines.append(sp.next[1])
        sp.offsets.append(fill.start_offset)
        sp.next = fill.next_start
        if sp.next is None:
            sp.complete = True
        return True

    def _ensure(self, s: int, count: int) -> int:
        """Extend section ``s`` until it has ``count`` pages or is complete; its known count."""
        self._adopt(s)
        sp = self._pages[s]
        while len(sp.offsets) < count and self._extend(s):
            pass
        return len(sp.offsets)

    def complete_section(self, s: int) -> int:
        """Paginate section ``s`` to its end (on this thread); its page count."""
        return self._ensure(s, 1 << 60)

    def section_at(self, offset: int) -> int:
        """Index of the section containing ``offset`` (clamped)."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return min(max(i, 0), len(self.sections) - 1)

    # refs ---------------------------------------------------------------------

    def ref_at(self, offset: int) -> PageRef | None:
        """The page containing source ``offset`` (None for an empty book)."""
        if not self.sections:
            return None
        s = self.section_at(offset)
        sp = self._pages[s]
        self._adopt(s)
        while not sp.complete and (not sp.offsets or sp.offsets[-1] <= offset):
            if not self._extend(s):
                break
        if not sp.offsets:
            return self._first_from(s + 1) or self._last_before(s - 1)
        i = bisect.bisect_right(sp.offsets, offset) - 1
        return PageRef(s, max(i, 0))

    def first_ref(self) -> PageRef | None:
        """The first page of the book."""
        return self._first_from(0)

    def last_ref(self) -> PageRef | None:
        """The last page of the book."""
        return self._last_before(len(self.sections) - 1)

    def _first_from(self, s: int) -> PageRef | None:
        for j in range(max(s, 0), len(self.sections)):
            if self._ensure(j, 1):
                return PageRef(j, 0)
        return None

    def _last_before(self, s: int) -> PageRef | None:
        for j in range(min(s, len(self.sections) - 1), -1, -1):
            n = self.complete_section(j)
            if n:
                return PageRef(j, n - 1)
        return None

    def next_ref(self, ref: PageRef, step: int = 1) -> PageRef | None:
        """The page ``step`` after ``ref`` in its section, else the next section's first page."""
        if self._ensure(ref.section, ref.index + step + 1) > ref.index + step:
            return PageRef(ref.section, ref.index + step)
        return self._first_from(ref.section + 1)

    def prev_ref(self, ref: PageRef, step: int = 1, align: int = 1) -> PageRef | None:
        """The page ``step`` before ``ref``, else the previous section's last (aligned down)."""
        if ref.index - step >= 0:
            return PageRef(ref.section, ref.index - step)
        last = self._last_before(ref.section - 1)
        if last is None:
            return None
        return PageRef(last.section, last.index - last.index % align)

    def _chapter_first_section(self, s: int) -> int:
        while s > 0 and not self.sections[s].chapter_start:
            s -= 1
        return s

    def next_chapter_ref(self, ref: PageRef | None) -> PageRef | None:
        """First page of the next chapter (or part) after ``ref``; None at the last."""
        if ref is None:
            return None
        for s in range(ref.section + 1, len(self.sections)):
            if self.sections[s].chapter_start and self.exists(PageRef(s, 0)):
                return PageRef(s, 0)
        return None

    def prev_chapter_ref(self, ref: PageRef | None, step: int = 1) -> PageRef | None:
        """Start of ``ref``'s chapter, or of the previous one when ``ref`` is within its
        first ``step`` pages (a spread's first page)."""
        if ref is None:
            return None
        s = self._chapter_first_section(ref.section)
        if ref.section == s and ref.index < step:
            s = self._chapter_first_section(s - 1) if s > 0 else -1
        while s >= 0 and not self.exists(PageRef(s, 0)):
            s = self._chapter_first_section(s - 1) if s > 0 else -1
        return PageRef(s, 0) if s >= 0 else None

    def exists(self, ref: PageRef) -> bool:
        """True when the page exists."""
        return 0 <= ref.section < len(self.sections) and self._ensure(
            ref.section, ref.index + 1
        ) > max(ref.index, -1)

    def page(self, ref: PageRef) -> Page:
        """The page at ``ref`` (rebuilt from its break record; small LRU cache)."""
        cached = self._page_cache.get(ref)
        if cached is not None:
            self._page_cache.move_to_end(ref)
            return cached
        s, i = ref
        if self._ensure(s, i + 1) <= i:
            raise IndexError(f"no page {ref}")
        sp = self._pages[s]
        section = self.sections[s]
        fill = fill_page(self.source, section, (sp.blocks[i], sp.lines[i]), self.height)
        assert fill is not None
        page = Page(
            s, i, section.chapter, fill.start_offset, fill.end_offset, fill.items, fill.tops
        )
        self._page_cache[ref] = page
        if len(self._page_cache) > 16:
            self._page_cache.popitem(last=False)
        return page

    # counts ---------------------------------------------------------------

    def chars_per_page(self) -> float:
        """Estimated characters per page, from the sections paginated so far."""
        chars = pages = 0
        for sp in self._pages:
            if len(sp.offsets) >= 2:  # full pages only: a section's last one is short
                chars += sp.offsets[-1] - sp.offsets[0]
                pages += len(sp.offsets) - 1
        if pages >= 3:
            return max(chars / pages, 1.0)
        return self._hint_cpp

    def section_count(self, s: int, cpp: float | None = None) -> tuple[int, bool]:
        """Pages in section ``s`` and whether that number is exact."""
        sp = self._pages[s]
        if sp.complete:
            return len(sp.offsets), True
        if s in self._bg_counts:
            return max(self._bg_counts[s], len(sp.offsets)), False
        sec = self.sections[s]
        est = math.ceil((sec.end_offset - sec.start_offset) / (cpp or self.chars_per_page()))
        return max(len(sp.offsets), est, 1), False

    def _count_table(self) -> tuple[list[int], bool]:
        """Pages before each section (prefix sums; last = total) and whether exact; cached."""
        table = self._table
        if table is None:
            cpp = self.chars_per_page()
            prefix = [0]
            exact = True
            for s in range(len(self.sections)):
                n, ex = self.section_count(s, cpp)
                prefix.append(prefix[-1] + n)
                exact = exact and ex
            table = self._table = (prefix, exact)
        return table

    def total(self) -> tuple[int, bool]:
        """Total pages and whether that is exact."""
        prefix, exact = self._count_table()
        return prefix[-1], exact

    def number(self, ref: PageRef) -> int:
        """1-based global page number of ``ref`` (approximate until the total is exact)."""
        prefix, _exact = self._count_table()
        return prefix[ref.section] + ref.index + 1

    def number_at(self, offset: int) -> tuple[int, bool]:
        """The global page number showing source ``offset``, without laying anything out,
        and whether it is exact: exact in a section already paginated, else estimated
        from the characters per page (for previews while the reader scrubs)."""
        if not self.sections:
            return 0, True
        s = self.section_at(offset)
        self._adopt(s)
        prefix, exact = self._count_table()
        sp = self._pages[s]
        if sp.complete or (sp.offsets and sp.offsets[-1] > offset):
            i = max(bisect.bisect_right(sp.offsets, offset) - 1, 0)
            return prefix[s] + i + 1, exact
        sec = self.sections[s]
        i = int((offset - sec.start_offset) / self.chars_per_page())
        count = max(prefix[s + 1] - prefix[s], 1)
        return prefix[s] + min(i, count - 1) + 1, False

    def ref_for_number(self, number: int) -> PageRef | None:
        """The page with 1-based global ``number`` (clamped to the book)."""
        if not self.sections:
            return None
        prefix, _exact = self._count_table()
        want = max(number, 1) - 1
        s = min(bisect.bisect_right(prefix, want) - 1, len(self.sections) - 1)
        s = max(s, 0)
        count = self._ensure(s, want - prefix[s] + 1)
        if count == 0:
            return self._first_from(s) or self._last_before(s)
        return PageRef(s, min(want - prefix[s], count - 1))

    # background -------------------------------------------------------------

    def start_background(self) -> None:
        """Start completing every section's pages on a worker thread (once)."""
        if self._thread is not None or self._factory is None:
            return
        self._thread = threading.Thread(target=self._work, name="quire-paginate", daemon=True)
        _LIVE.add(self)
        self._thread.start()

    def cancel(self, wait: float = 2.0) -> None:
        """Stop the background thread (waiting up to ``wait`` seconds)."""
        self._cancel.set()
        t = self._thread
        if t is not None and t.is_alive() and t is not threading.current_thread():
            t.join(wait)

    def background_done(self) -> bool:
        """True once the worker has finished (or was never started and all is known)."""
        return self._bg_done

    def hold_background(self, seconds: float = 0.15) -> None:
        """Keep the worker from starting new blocks for ``seconds`` (the UI is busy).

        Python code on the worker competes with the UI thread for the GIL; holding
        it off while pages are being turned keeps turns quick.
        """
        self._quiet_until = time.monotonic() + seconds

    def _work(self) -> None:
        try:
            self._count_all()
        except Exception:
            # Not a block's layout (that counts as one page): the total stays an estimate.
            _log.exception("Counting pages stopped")

    def _count_all(self) -> None:
        assert self._factory is not None
        source: MetricsSource = _Throttled(self._factory(), self)
        cancel = self._cancel
        for s, sec in enumerate(self.sections):
            if self._pages[s].complete:
                continue
            blocks, lines, offsets = array("q"), array("l"), array("q")
            nxt: tuple[int, int] | None = (sec.first_block, 0)
            while nxt is not None:
                if cancel.is_set():
                    return
                fill = fill_page(source, sec, nxt, self.height)
                if fill is None:
                    break
                blocks.append(nxt[0])
                lines.append(nxt[1])
                offsets.append(fill.start_offset)
                nxt = fill.next_start
            with self._lock:
                self._bg_results[s] = (blocks, lines, offsets)
        self._bg_done = True

    def _adopt(self, s: int) -> bool:
        """Take the worker's pages for section ``s`` if it has them; True when adopted."""
        if s not in self._bg_results:
            return False
        with self._lock:
            result = self._bg_results.pop(s, None)
        sp = self._pages[s]
        if result is None or sp.complete:
            return False
        blocks, lines, offsets = result
        self._table = None
        k = len(sp.offsets)
        if sp.offsets[:k] == offsets[:k] and sp.blocks[:k] == blocks[:k]:
            sp.blocks, sp.lines, sp.offsets = blocks, lines, offsets
            sp.next, sp.complete = None, True
            return True
        # The worker disagreed with what is on screen: keep ours, use its count.
        self._bg_counts[s] = len(offsets)
        return False

    def poll(self) -> bool:
        """Merge finished background sections; True when any count changed."""
        with self._lock:
            ready = list(self._bg_results)
        changed = False
        for s in ready:
            changed = self._adopt(s) or changed
        return changed or (self._bg_done and bool(ready))

    def disagreements(self) -> int:
        """Sections where the worker's pages differed from those found on the UI thread
        (should be 0: both typeset with the same fonts; kept for diagnosis)."""
        return len(self._bg_counts)


class _Throttled:
    """A metrics source that waits while the pagination is held (see ``hold_background``)."""

    def __init__(self, source: MetricsSource, owner: Pagination) -> None:
        self._source = source
        self._owner = owner
        self._failed: set[int] = set()

    def metrics(self, index: int) -> BlockMetrics | None:
        """Metrics of block ``index``, after any hold has passed.

        A block the typesetter fails on is logged and counted as one page
        (:class:`_FailedBlock`), so that the count goes on to the end of the book; the page
        showing it says why (the page guard).
        """
        owner = self._owner
        wait = owner._quiet_until - time.monotonic()
        while wait > 0 and not owner._cancel.is_set():
            owner._cancel.wait(wait)
            wait = owner._quiet_until - time.monotonic()
        if index not in self._failed:
            try:
                return self._source.metrics(index)
            except Exception:
                _log.exception("Counting pages: block %d could not be laid out", index)
                self._failed.add(index)  # logged once, never laid out again
        _kind, start, end = owner.book.blocks[index]
        return _FailedBlock([owner.height], [start], end)


class _FailedBlock(NamedTuple):
    """Metrics standing in for a block that could not be laid out: one line a page high."""

    line_heights: list[float]
    line_starts: list[int]
    end_offset: int
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
