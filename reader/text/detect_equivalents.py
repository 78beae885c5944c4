"""Code pages that read the evidence alike: which one reads the whole file right, and its name.

The evidence is a sample. ISO-8859-1, ISO-8859-15 and cp1252 read a French book
alike until its first ``œ`` (ISO-8859-15 only), its first curly quote (cp1252
only) — which, in a long book, the sample may have missed. So for each rival of
the chosen code page, the bytes the two read differently are looked up in the
file itself (``bytes.find``: memchr speed); where some occur, the lines around
them decide which reading is plausible. Rivals that read the whole file the
same way are *equivalent*, and the first of them in preference order gives
the name (a Latin-1 file without 0x80–0x9F bytes is ``iso8859-1``, not
``cp1252``).

Only single-byte code pages are compared this way (a byte means the same
thing wherever it is). Files longer than :data:`SCAN_LIMIT` are looked up in
their first :data:`SCAN_LIMIT` bytes; beyond, only the evidence windows speak.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

SCAN_LIMIT = 16 * 1024 * 1024
"""Bytes of a file searched for the bytes two code pages read differently."""
_OCCURRENCES = 8
"""Occurrences of each such byte looked at."""
_REACH = 160
"""Bytes of context on either side of an occurrence."""

Judge = Callable[[list[bytes], str, str], str]
"""(chunks, a, b) → whichever of code pages ``a`` and ``b`` reads the chunks more plausibly."""


class _FileBytes:
    """Which high byte values a file holds, looked up lazily and remembered."""

    def __init__(self, data: bytes, evidence: Sequence[bytes]) -> None:
        self.data = data
        self.limit = min(len(data), SCAN_LIMIT)
        self.known: dict[int, bool] = dict.fromkeys(set(b"".join(evidence)), True)

    def present(self, values: bytes) -> bytes:
        """The values of ``values`` that occur in the file."""
        found = []
        for value in values:
            if value not in self.known:
                self.known[value] = self.data.find(bytes([value]), 0, self.limit) != -1
            if self.known[value]:
                found.append(value)
        return bytes(found)

    def around(self, values: bytes) -> list[bytes]:
        """Some context around the first occurrences of each of ``values``."""
        chunks = []
        for value in values:
            pos = 0
            for _ in range(_OCCURRENCES):
                pos = self.data.find(bytes([value]), pos, self.limit)
                if pos == -1:
                    break
                chunks.append(self.data[max(0, pos - _REACH) : pos + _REACH])
                pos += 1
        return chunks


def settle(
    data: bytes,
    evidence: Sequence[bytes],
    winner: str,
    same: Sequence[str],
    single_byte: frozenset[str],
    judge: Judge,
) -> str:
    """The name to read ``data`` with, given the ``winner`` on the evidence.

    ``same`` are the plausible code pages that decoded the evidence exactly as
    ``winner`` did, in order of preference; ``judge`` picks the more plausible
    of two readings of some chunks.
    """
    if winner not in single_byte:
        return winner
    rivals = [name for name in same if name in single_byte and name != winner]
    if not rivals:
        return winner
    file_bytes = _FileBytes(data, evidence)
    for rival in rivals:
        present = file_bytes.present(differing_bytes(winner, rival))
        if present:
            winner = judge(file_bytes.around(present), winner, rival)
    for name in same:
        if name == winner:
            return winner
        if name in single_byte and not file_bytes.present(differing_bytes(name, winner)):
            return name
    return winner


@functools.cache
def differing_bytes(a: str, b: str) -> bytes:
    """The byte values two single-byte code pages decode differently."""
    return bytes(
        byte
        for byte in range(0x80, 0x100)
        if bytes([byte]).decode(a, "replace") != bytes([byte]).decode(b, "replace")
    )
