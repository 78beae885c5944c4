"""Which bytes of a legacy file to judge its encoding by.

Only non-ASCII bytes tell code pages apart, and a book can hide them: an English
book may have its first accented word 47 KB in, a Russian one may open with a
Latin licence. So the evidence is the *lines that hold non-ASCII bytes*, taken
from windows spread evenly over the whole file and from the first non-UTF-8
byte on; when those windows hold few such bytes, the file is searched for more
lines that do. Chunks start and end at line breaks where one is near, else at
a character boundary that holds in every ASCII-compatible multi-byte code page
(:func:`_boundary`), so no decoder — and no chardet validity check — sees a
character cut in two.

The cost is bounded on any file size: a few ``rfind``/``find`` calls per window,
and for sparse files one regular-expression scan that stops once enough is found.
"""

from __future__ import annotations

import re

HIGH_BYTES = bytes(range(0x80, 0x100))
BUDGET = 16 * 1024
"""Bytes of evidence gathered (about: whole lines are kept)."""
WINDOWS = 16
"""Windows spread over a file longer than :data:`BUDGET`."""
ENOUGH = 2048
"""Non-ASCII bytes that make the windows enough; below, the file is searched for more."""
_LINE_REACH = 64 * 1024
"""How far back a window looks for the start of its line (Aozora lines run to 22 KB)."""
_HIGH = re.compile(rb"[\x80-\xff]")


def high_byte_count(chunk: bytes) -> int:
    """Number of bytes 0x80–0xFF in ``chunk``."""
    return len(chunk) - len(chunk.translate(None, HIGH_BYTES))


def evidence(data: bytes, first_bad: int = 0) -> list[bytes]:
    """Chunks of ``data`` (``\\n`` line endings) that show its encoding best.

    A file no longer than :data:`BUDGET` is its own evidence.
    """
    n = len(data)
    if n <= BUDGET:
        return [data]
    step = BUDGET // WINDOWS
    starts = [first_bad, *(i * (n - step) // (WINDOWS - 1) for i in range(WINDOWS))]
    chunks: list[bytes] = []
    covered: list[tuple[int, int]] = []
    found = 0
    for pos in starts:
        start, end = _window(data, pos, step)
        if any(s <= start < e for s, e in covered):
            continue
        covered.append((start, end))
        chunk = _non_ascii_lines(data[start:end])
        if chunk:
            chunks.append(chunk)
            found += high_byte_count(chunk)
    if found < ENOUGH:
        chunks.extend(_search(data, first_bad, BUDGET - sum(map(len, chunks)), covered))
    return chunks or [data[:BUDGET]]


def thin(chunks: list[bytes], budget: int) -> list[bytes]:
    """About ``budget`` bytes of ``chunks``: the head of each, cut at a character boundary."""
    total = sum(map(len, chunks))
    if total <= budget:
        return chunks
    share = max(64, budget // len(chunks))
    out = []
    for chunk in chunks:
        if len(chunk) <= share:
            out.append(chunk)
            continue
        nl = chunk.rfind(b"\n", 0, share)
        cut = nl + 1 if nl > share // 2 else _boundary(chunk, share)
        out.append(chunk[:cut])
    return out


def _window(data: bytes, pos: int, size: int) -> tuple[int, int]:
    """About ``size`` bytes from ``pos``, widened to whole lines where line breaks are near."""
    n = len(data)
    pos = max(0, min(pos, n - 1))
    start = pos
    if pos > 0:
        nl = data.rfind(b"\n", max(0, pos - _LINE_REACH), pos)
        start = nl + 1 if nl != -1 else _boundary(data, pos)
    end = min(n, start + size)
    if end < n:
        nl = data.find(b"\n", end, end + size)
        end = nl + 1 if nl != -1 else _boundary(data, end)
    return start, max(start, end)


def _boundary(data: bytes, pos: int) -> int:
    """A character boundary at or just after ``pos``, whatever the legacy encoding.

    In Shift_JIS, GBK, Big5, EUC and UHC a byte below 0x80 always ends a
    character (it is ASCII or a trail byte), so the next byte starts one; in
    GB18030 a digit after a byte of 0x80 or more may be the second byte of a
    four-byte sequence, so that case needs two such bytes in a row. A long run
    of bytes of 0x80 and above with none below is EUC (two bytes a character),
    so an even distance from the start of the run is a boundary.
    """
    n = len(data)
    for i in range(max(pos, 2), min(n, pos + 256)):
        prev = data[i - 1]
        if prev < 0x80 and (not 0x30 <= prev <= 0x39 or data[i - 2] < 0x80):
            return i
    if pos >= n:
        return n
    lo = max(0, pos - _LINE_REACH)
    run_start = lo + len(data[lo:pos].rstrip(HIGH_BYTES))
    return min(n, pos + (pos - run_start) % 2)


def _non_ascii_lines(chunk: bytes) -> bytes:
    """The lines of ``chunk`` that hold at least one non-ASCII byte, joined."""
    if chunk.isascii():
        return b""
    return b"\n".join(line for line in chunk.split(b"\n") if not line.isascii())


def _search(data: bytes, start: int, budget: int, covered: list[tuple[int, int]]) -> list[bytes]:
    """Lines holding non-ASCII bytes, from ``start`` on (then from the top), up to
    ``budget`` bytes, skipping the ``covered`` ranges."""
    found: list[bytes] = []
    size = 0
    for origin, stop in ((start, len(data)), (0, start)):
        pos = origin
        while size < budget:
            match = _HIGH.search(data, pos, stop)
            if match is None:
                break
            at = match.start()
            inside = [e for s, e in covered if s <= at < e]
            if inside:  # already in the evidence: look on after that window
                pos = max(inside)
                continue
            line_start = data.rfind(b"\n", max(origin, at - _LINE_REACH), at)
            if line_start == -1:
                line_start = _boundary(data, max(origin, at - 256))
            else:
                line_start += 1
            line_end = data.find(b"\n", at, min(stop, at + budget))
            line_end = line_end if line_end != -1 else min(stop, _boundary(data, at + 256))
            line = data[line_start:line_end]
            found.append(line)
            size += len(line) + 1
            pos = max(line_end, match.start() + 1)
    return found
