"""The garbage-collection policy (reader/gc_policy.py): what it freezes, and that
cycles are still collected — by its effect on the collector, never by timing."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from reader.gc_policy import AUDIT_GROWTH, STATE, audit, settle, tidy


class Node:
    """A plain object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: object = None


def cycle() -> tuple[Node, weakref.ref[Node]]:
    """Two nodes referring to each other; the first, and a weak reference to it."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    return a, weakref.ref(a)


def unfrozen() -> set[int]:
    """Ids of the tracked objects collections still walk (frozen ones are not listed)."""
    return {id(o) for o in gc.get_objects()}


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts and ends with the collector on and nothing frozen."""
    was = gc.isenabled()
    gc.enable()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


def test_settle_freezes_what_lives_and_keeps_the_collector_on() -> None:
    rows = [Node() for _ in range(1000)]
    before, settles = gc.get_freeze_count(), STATE.settles
    settle()
    assert gc.get_freeze_count() >= before + len(rows)
    assert STATE.settles == settles + 1
    assert gc.isenabled()
    walked = unfrozen()
    assert not any(id(r) in walked for r in rows)  # collections no longer walk the rows


def test_settle_collects_a_dead_cycle_instead_of_freezing_it() -> None:
    node, ref = cycle()
    del node
    settle()
    assert ref() is None


def test_audit_reclaims_a_cycle_that_died_after_it_was_frozen() -> None:
    node, ref = cycle()
    settle()
    del node
    gc.collect()
    assert ref() is not None  # frozen: ordinary collections leave it
    audits = STATE.audits
    assert audit() >= 2
    assert ref() is None
    assert STATE.audits == audits + 1
    assert gc.get_freeze_count() > 0  # the survivors are frozen again


def test_while_the_collector_is_off_settle_only_freezes() -> None:
    node, ref = cycle()
    del node
    gc.disable()
    try:
        settle()
        assert ref() is not None  # start-up: no collection, frozen as it is
    finally:
        gc.enable()
    audit()
    assert ref() is None


def test_a_qt_object_in_a_cycle_is_collected_after_an_audit(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject, QTimer

    class Pane(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer()
            self.timer.timeout.connect(self.tick)
            self.later = lambda: self.tick()  # the cycle: pane → lambda → pane

        def tick(self) -> None:
            """Nothing: a slot to connect."""

    pane = Pane()
    ref = weakref.ref(pane)
    settle()
    del pane
    gc.collect()
    assert ref() is not None
    audit()
    assert ref() is None


def test_tidy_audits_only_once_the_frozen_heap_has_grown() -> None:
    settle()
    audit()
    node, ref = cycle()
    settle()
    del node
    assert not tidy()  # a few objects more: no full walk for them
    assert ref() is not None
    grown = [Node() for _ in range(int(gc.get_freeze_count() * AUDIT_GROWTH) + 100)]
    settle()
    audits = STATE.audits
    assert tidy()
    assert STATE.audits == audits + 1
    assert ref() is None  # the cycle that died frozen is reclaimed
    assert not tidy()
    del grown
