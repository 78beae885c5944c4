"""The C allocator's large-block threshold is fixed at start-up (reader.native_memory)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_book_bytes_go_back_to_the_system() -> None:
    """After a 20 MB block is freed, a growing 8 MB one is still given back when freed:
    glibc would otherwise have raised its threshold and kept it in the heap."""
    probe = """
import sys
from reader.native_memory import fix_mmap_threshold
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) // 1024
if sys.argv[1] == "fixed":
    assert fix_mmap_threshold()
data = b"x" * 20_000_000
del data
keep = [b"y" * 200_000 for _ in range(40)]  # 8 MB in blocks below the raised threshold
base = rss()
del keep
print(base - rss())
"""
    freed = {}
    for mode in ("default", "fixed"):
        done = subprocess.run(
            [sys.executable, "-c", probe, mode], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        freed[mode] = int(done.stdout)
    assert freed["fixed"] >= 7  # given back
    assert freed["default"] < freed["fixed"]  # what the fix is for
