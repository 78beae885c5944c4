"""Milestone timings for benchmarks, written as JSON lines to stderr.

Enabled by ``QUIRE_TIMINGS=1``. ``t`` is seconds since the process started
(taken from the OS process start time where available, so interpreter start-up
is included). ``cpu`` is the CPU time the process has used so far (user and
system, all threads): steadier than ``t`` on a busy machine.
"""

from __future__ import annotations

import json
import os
import sys
import time

ENABLED = os.environ.get("QUIRE_TIMINGS") == "1"


def _process_start() -> float:
    """Wall-clock time at which this process started (best effort)."""
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        hz = os.sysconf("SC_CLK_TCK")
        return time.time() - (uptime - start_ticks / hz)
    except (OSError, ValueError, IndexError):  # no /proc: wall clock now
        return time.time()


_START = _process_start() if ENABLED else 0.0


def since_start() -> float:
    """Seconds since the process started."""
    return time.time() - _START


def mark(event: str, **fields: object) -> None:
    """Write one ``{"event": ..., "t": ...}`` line to stderr when timings are enabled."""
    if not ENABLED:
        return
    record: dict[str, object] = {
        "event": event,
        "t": round(since_start(), 4),
        "cpu": round(time.process_time(), 4),
    }
    record.update(fields)
    sys.stderr.write(json.dumps(record) + "\n")
    sys.stderr.flush()
