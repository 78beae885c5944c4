"""Bad input for the decoder (issue 11, "Bad input"): nothing raises, nothing hangs.

Generated, not stored: each matrix encoding's bytes go through every other
encoding's decoder path (``decode`` with that encoding as the override), and the
detector gets random bytes, binary formats, truncated and spliced files. Each
call runs under a generous hang guard (SIGALRM), never a timing assertion.
"""

from __future__ import annotations

import random

import pytest

from reader.text.decode import decode, detect, looks_binary
from tests.text.encoding_matrix import ROWS, Case, Row, hang_guard, source_texts

GUARD = 20.0
"""Seconds any single call may take before it counts as a hang (real calls: milliseconds)."""

# Quire's own names (the supersets it reads with, and the BOM-sniffing Unicode codecs).
EXTRA_OVERRIDES = ("cp932", "gb18030", "cp949", "cp950", "utf-16", "utf-32", "utf-8-sig")
OVERRIDES = tuple(dict.fromkeys([row.codec for row in ROWS] + list(EXTRA_OVERRIDES)))


def _sample(row: Row, length: str = "2KB") -> bytes | None:
    """A generated file in ``row``'s encoding (the first text that encoding can hold)."""
    for text_id in source_texts():
        for start in ("mid", "head"):
            built = Case(text_id, row.label, "CRLF", start, length).build()
            if built is not None:
                return built[0]
    return None


def _check(data: bytes, override: str | None = None) -> None:
    with hang_guard(GUARD):
        text, report = decode(data, override)
    assert isinstance(text, str)
    assert "\r" not in text
    assert report.replaced_bytes >= 0
    if report.replaced_bytes:
        assert "\ufffd" in text  # every replaced byte shows as U+FFFD
    if override is not None:
        assert report.method == "override"


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_each_encoding_through_every_other_decoder(row: Row) -> None:
    data = _sample(row)
    assert data is not None
    for override in OVERRIDES:
        _check(data, override)
    _check(data)


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes(seed: int) -> None:
    rng = random.Random(seed)
    for size in (0, 1, 2, 3, 4, 5, 7, 64, 1000, 4096, 20_000, 70_000):
        data = rng.randbytes(size)
        _check(data)
        with hang_guard(GUARD):
            assert isinstance(looks_binary(data), bool)
            detect(data)
    # High bytes only, and high bytes with newlines: all "non-ASCII evidence".
    _check(bytes(rng.randrange(0x80, 0x100) for _ in range(50_000)))
    _check(bytes(rng.choice(b"\n\xa1\xb0\xe0\xff") for _ in range(50_000)))


BINARY = [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    b"PK\x03\x04" + b"\x00" * 5000,
    b"\x00" * 70_000,
    b"\xff\xfe" + b"\x00\xd8" * 5000,  # UTF-16 BOM, then lone surrogates
    b"\xfe\xff" + b"\xd8\x00" * 5000,
    b"\xff\xfe\x00\x00" + b"\xff\xff\xff\x7f" * 3000,  # UTF-32 BOM, then code points > U+10FFFF
    b"\x00\x00\xfe\xff" + b"\x00\x11\x00\x00" * 3000,
    bytes(range(32)) * 3000,
    b"\x1b$B" + b"\x7f" * 10_000,  # ISO-2022-JP escape, then garbage
    b"\x1b$)C\x0e" + b"\x21" * 9999,  # ISO-2022-KR, odd number of bytes in SO
    b"\x1b" * 30_000,
    b"\r" * 30_000 + b"\xe9",
    b"\n" * 100_000 + b"\x85",
    (b"\x81" * 64 + b"\n") * 2000,  # lead bytes with no trail bytes
    (b"\x8f\xa1" + b"\n") * 20_000,  # an EUC-JP three-byte lead, cut short
    b"\x81\x30" * 30_000,  # GB18030 four-byte sequences, cut short
    bytes(range(0x80, 0x100)) * 500,
]


@pytest.mark.parametrize("index", range(len(BINARY)))
def test_binary_and_malformed_files(index: int) -> None:
    data = BINARY[index]
    _check(data)
    with hang_guard(GUARD):
        looks_binary(data)
        detect(data)


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_truncated_files(row: Row) -> None:
    data = _sample(row, "20KB")
    assert data is not None
    rng = random.Random(row.label)
    cuts = {1, 2, 3, 5, 17, len(data) - 1, len(data) - 3, *rng.sample(range(len(data)), 12)}
    for cut in sorted(cuts):
        _check(data[:cut])
        _check(data[cut:])  # starts in the middle of a character, or of a UTF-16 unit


def test_spliced_files() -> None:
    rng = random.Random(11)
    samples = [s for s in (_sample(row) for row in ROWS) if s]
    for _ in range(150):
        a, b = rng.sample(samples, 2)
        _check(a[: rng.randrange(len(a))] + b[rng.randrange(len(b)) :])
        _check(a + b)
