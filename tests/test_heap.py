"""reader.heap: the C heap's free pages go back to the system after a large transient."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from reader.heap import release_free_memory

ROOT = Path(__file__).resolve().parents[1]

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"

_FREE_THEN_RELEASE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from reader.heap import release_free_memory

def rss():
    with open("/proc/self/status") as f:
        return int(f.read().split("VmRSS:")[1].split()[0]) / 1024

kept, freed = [], []
for i in range(1500):  # 30 MB in blocks malloc serves from its heap, not by mmap
    (kept if i % 10 == 0 else freed).append(bytearray(20_000))
del freed  # nine tenths free, held between the blocks still in use
before = rss()
done = release_free_memory()
print(json.dumps([done, before, rss(), sum(map(len, kept))]))
"""


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_freed_heap_pages_leave_the_resident_size() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _FREE_THEN_RELEASE, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    done, before, after, kept = json.loads(out.stdout)
    assert done is True
    assert kept == 150 * 20_000  # the blocks in use are still there
    assert before - after > 15, (before, after)  # most of the 27 MB freed went back


def test_without_glibc_it_says_so_and_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.heap as heap

    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert release_free_memory() is False
