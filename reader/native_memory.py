"""How the C allocator hands memory back: a fixed threshold for large blocks (glibc).

glibc serves blocks of 128 KB and more with ``mmap`` and returns them to the system when
they are freed; but after a large block is freed it raises that threshold to the block's
size (up to 32 MB), and from then on such blocks come from the heap, where a freed one
between live ones is never returned. Opening a long book frees its file's bytes (20 MB
for a 20 MB file) just before its text and structure are built: with the raised threshold
those stayed in the heap and the window kept some 50 MB more for as long as it ran.
Setting the threshold explicitly turns the raising off (``mallopt(M_MMAP_THRESHOLD)``,
as ``MALLOC_MMAP_THRESHOLD_`` would).
"""

from __future__ import annotations

import sys

MMAP_THRESHOLD = 128 * 1024
"""glibc's default threshold, kept fixed."""
_M_MMAP_THRESHOLD = -3


def fix_mmap_threshold() -> bool:
    """Keep large blocks in ``mmap`` (see the module docstring); True when it was set.

    Only on Linux with glibc; anywhere else (or if the call fails) nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # musl or another libc: no mallopt
        return False


__all__ = ["MMAP_THRESHOLD", "fix_mmap_threshold"]
