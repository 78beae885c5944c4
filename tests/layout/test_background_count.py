"""The background page count survives a block the typesetter fails on: it logs the error,
counts that block as one page and finishes (reader/layout/pagination.py)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import pytest
from test_paginate import FakeMetrics, FakeTypesetter, make_book

from reader.layout.pagination import Pagination
from reader.text.book import Book


@dataclass
class Failing(FakeTypesetter):
    """The fake typesetter, raising on one block."""

    bad: int = -1

    def metrics(self, index: int) -> FakeMetrics | None:
        if index == self.bad:
            raise ValueError(f"cannot lay out block {index}")
        return super().metrics(index)


def wait_for_count(p: Pagination) -> None:
    deadline = time.monotonic() + 30
    while not p.background_done() and time.monotonic() < deadline:
        time.sleep(0.01)
    p.poll()


def middle_block(book: Book) -> int:
    return len(book.blocks) // 2


def test_the_count_goes_on_past_a_block_that_fails(caplog: pytest.LogCaptureFixture) -> None:
    book = make_book(chapters=6, paras=30, seed=8)
    bad = middle_block(book)
    healthy = Pagination(book, FakeTypesetter(book), 100.0)
    for s in range(len(healthy.sections)):
        healthy.complete_section(s)
    good_total = healthy.total()[0]
    p = Pagination(
        book, Failing(book, bad=bad), 100.0, source_factory=lambda: Failing(book, bad=bad)
    )
    with caplog.at_level(logging.ERROR, logger="reader.layout.pagination"):
        p.start_background()
        wait_for_count(p)
    assert p.background_done()
    total, exact = p.total()
    assert exact
    # the failing block counts as one page: about the healthy count, never far off
    assert abs(total - good_total) <= 2
    logged = [r for r in caplog.records if f"block {bad}" in r.getMessage()]
    assert len(logged) == 1  # once, with its traceback
    assert logged[0].exc_info is not None
    # the page holding the failing block fails on the page's own thread (the page guard
    # shows why); the pages after it are still found
    start = book.blocks[bad].start
    ref = p.ref_at(start)
    assert ref is not None
    with pytest.raises(ValueError):
        p.page(ref)
    after = p.next_ref(ref)
    assert after is not None
    assert p.page(after).start_offset > start


def test_a_count_whose_typesetter_cannot_be_made_stops_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    book = make_book(chapters=3, paras=10, seed=2)

    def broken() -> FakeTypesetter:
        raise RuntimeError("no fonts")

    p = Pagination(book, FakeTypesetter(book), 100.0, source_factory=broken)
    with caplog.at_level(logging.ERROR, logger="reader.layout.pagination"):
        p.start_background()
        assert p._thread is not None
        p._thread.join(10)
    assert not p._thread.is_alive()
    assert any("Counting pages stopped" in r.getMessage() for r in caplog.records)
    # the page count is an estimate, and pages are still found on this thread
    assert p.total()[0] >= 1
    first = p.first_ref()
    assert first is not None and p.page(first).start_offset >= 0
