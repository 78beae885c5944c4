"""When the cyclic garbage collector walks what: the app's one policy (Qt-free).

CPython's collector walks every tracked object of the generations it collects. A
full (generation 2) collection therefore grows with the heap: with a library of
10,000 stories it took 100–200 ms, and an import triggered one every few batches,
each a freeze of the UI (the per-batch work itself is ~10 ms). Most of that heap
lives as long as the app: modules, classes, the window, the library's rows.

The policy: objects that have proved long-lived are moved to the permanent
generation (``gc.freeze``), which collections never walk, at a few known moments —
after start-up, after the library model loads, and after it grows by an import batch
(:func:`settle`). Collections then walk only what was made since, so they stay short
however large the library. The collector stays on at its usual thresholds; objects
freed by reference counting (a removed book's record) are freed as always, frozen or
not.

What freezing costs: a reference cycle that was alive when frozen and dies later
is not collected while frozen. :func:`settle` first collects what is not frozen yet,
so no cycle that is already garbage is ever frozen; :func:`audit` gives everything
back to the collector, collects it all once and freezes the survivors again, so such
cycles — a closed dialog's signal lambdas, say — are reclaimed. That full walk is the
pause the policy avoids, so :func:`tidy` runs it only after an import (when a pause
interrupts nothing) and only once the frozen heap has grown by :data:`AUDIT_GROWTH`
since the last audit: cycles that died frozen never hold more than that share of the
heap, and dropping a few books into the library costs no pause.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from typing import Final

AUDIT_GROWTH: Final = 0.25
""":func:`tidy` audits once the frozen objects are this much more than after the last
audit (the share of the heap that cycles which died frozen can hold at most)."""


@dataclass(slots=True)
class GcState:
    """What the policy has done so far (for logs, benches and tests)."""

    settles: int = 0
    audits: int = 0
    collected: int = 0
    """Unreachable objects found by the collections the policy ran."""
    last_settle_ms: float = 0.0
    last_audit_ms: float = 0.0
    frozen_after_audit: int = 0


STATE = GcState()


def settle() -> None:
    """Freeze what is alive now, after collecting what is garbage among the unfrozen.

    Call after start-up and whenever many long-lived objects were just made (the
    library loaded, or an import batch added to it). The collection walks only
    objects not frozen yet, so it is short once the rest is. While the collector is
    off (start-up switches it off) nothing is collected, only frozen.
    """
    started = time.perf_counter()
    if gc.isenabled():
        STATE.collected += gc.collect()
    gc.freeze()
    STATE.settles += 1
    STATE.last_settle_ms = (time.perf_counter() - started) * 1000
    # not gc.get_freeze_count() here: it walks every frozen object


def audit() -> int:
    """Collect everything once, frozen or not, then freeze the survivors again.

    The one full walk of the heap: call it rarely, where a pause of a few tens of
    milliseconds interrupts nothing (after an import has finished). Returns the number
    of unreachable objects found.
    """
    started = time.perf_counter()
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    STATE.audits += 1
    STATE.last_audit_ms = (time.perf_counter() - started) * 1000
    STATE.frozen_after_audit = gc.get_freeze_count()
    STATE.collected += found
    return found


def tidy() -> bool:
    """:func:`audit` if the frozen objects grew by :data:`AUDIT_GROWTH` since the last
    audit (always the first time); True if it did. Call it where a pause interrupts
    nothing: after an import."""
    if gc.get_freeze_count() <= STATE.frozen_after_audit * (1 + AUDIT_GROWTH):
        return False
    audit()
    return True
