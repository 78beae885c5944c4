"""Giving the C heap's free pages back to the system after a large transient (Qt-free).

glibc's ``malloc`` keeps the memory a program frees for its next allocations: pages in
the middle of a heap stay resident even when nothing on them is in use, and so do those
of a thread's arena after the thread is done. Opening a book frees megabytes that way
(the parse's working lists, the first page's layouts, the decode's buffers) just before
the window settles, and nothing would use them again soon. :func:`release_free_memory`
asks glibc to return them (``malloc_trim``), which it does page by page, keeping every
block in use where it is. Elsewhere (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` from the process's own C library (None: there is none)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        found = ctypes.CDLL(None).malloc_trim  # the C library already loaded
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    found.argtypes = [ctypes.c_size_t]
    found.restype = ctypes.c_int
    return found


def release_free_memory() -> bool:
    """Return the free pages of the C heap (every arena) to the system; False when this
    platform cannot. Takes a millisecond or two: for moments after a large transient,
    never a loop."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


__all__ = ["release_free_memory"]
