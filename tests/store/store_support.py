"""Helpers for the store tests: a hang guard, and another process holding the library's lock."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

HANG_GUARD_S = 20.0
"""Generous: a call that takes this long is hung, not slow (no timing is asserted)."""


class Hung(AssertionError):
    """The guarded call did not return in time."""


def within(seconds: float, call: Callable[[], T]) -> T:
    """Run ``call`` on a daemon thread and return its result; fail if it hangs.

    A hang guard only (pytest-timeout is not a test dependency): the call may
    take any time up to ``seconds``. A hung thread is left behind as a daemon.
    """
    box: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True, name="hang-guard")
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise Hung(f"{call!r} did not return within {seconds} s")
    if errors:
        raise errors[0]
    return box[0]


_HOLDER = r"""
import select, sqlite3, sys, time
path, mode, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
conn = sqlite3.connect(path, isolation_level=None, timeout=10)
if mode == "immediate":
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE IF NOT EXISTS lock_holder_scratch (x)")
    conn.execute("INSERT INTO lock_holder_scratch VALUES (1)")
else:
    conn.execute("BEGIN EXCLUSIVE")
print("locked", time.monotonic(), flush=True)
select.select([sys.stdin], [], [], seconds)
conn.execute("ROLLBACK")
print("released", time.monotonic(), flush=True)
conn.close()
"""


class LockHolder:
    """Another process holding a write transaction on a database until released."""

    def __init__(self, proc: subprocess.Popen[str], locked_at: float) -> None:
        self.proc = proc
        self.locked_at = locked_at
        """``time.monotonic()`` (system-wide on Linux) when the lock was taken."""
        self.released_at: float | None = None

    def release(self) -> float:
        """Let go of the lock now (if not yet); returns the monotonic time it was released."""
        if self.released_at is None:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            try:
                self.proc.stdin.write("release\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                pass  # it already let go by itself (its time was up)
            line = self.proc.stdout.readline().split()
            assert line and line[0] == "released", line
            self.released_at = float(line[1])
            self.proc.wait(10)
        return self.released_at

    def wait_released(self) -> float:
        """Wait until the holder lets go by itself (its time is up); returns when."""
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "released", line
        self.released_at = float(line[1])
        self.proc.wait(10)
        return self.released_at


@contextmanager
def lock_held(db: Path, seconds: float = 30.0, *, mode: str = "immediate") -> Iterator[LockHolder]:
    """Another process holds ``db``'s write lock (``BEGIN IMMEDIATE``, with an uncommitted
    row) for ``seconds`` or until :meth:`LockHolder.release`; rolled back at the end.

    ``mode="exclusive"`` takes ``BEGIN EXCLUSIVE`` instead (on a rollback-journal file
    that also keeps readers out).
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), mode, str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert line and line[0] == "locked", f"lock holder failed: {line}"
        holder = LockHolder(proc, float(line[1]))
        yield holder
        holder.release()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
