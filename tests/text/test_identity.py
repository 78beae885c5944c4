"""Book identity: KOReader-compatible partial MD5 and the book key."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reader.text.identity import (
    SAMPLE_OFFSETS,
    book_key_of_bytes,
    book_key_of_file,
    partial_md5_of_bytes,
    partial_md5_of_file,
)


def _generated() -> bytes:
    """300,000 deterministic bytes (the expectations below were computed from them with
    ``tail -c +$((off+1)) FILE | head -c 1024`` at each KOReader offset, piped to md5sum)."""
    return bytes((i * 7 + i // 256) % 251 for i in range(300_000))


def test_offsets_are_koreaders() -> None:
    # lshift(1024, 2*i) for i = -1 … 10 in LuaJIT: the i = -1 shift wraps to offset 0.
    assert SAMPLE_OFFSETS == (
        0,
        1024,
        4096,
        16384,
        65536,
        262144,
        1048576,
        4194304,
        16777216,
        67108864,
        268435456,
        1073741824,
    )


def test_partial_md5_matches_an_independent_computation(tmp_path: Path) -> None:
    data = _generated()
    path = tmp_path / "gen.bin"
    path.write_bytes(data)
    expected = "4cdf5d609e8fdc4a62c422f8d99799e5"  # md5sum over the shell-cut samples
    assert partial_md5_of_bytes(data) == expected
    assert partial_md5_of_file(path) == expected
    assert book_key_of_file(path) == f"{expected}-300000"
    assert book_key_of_bytes(data) == f"{expected}-300000"


def test_partial_md5_is_not_the_whole_file_md5_for_big_files() -> None:
    data = _generated()
    assert partial_md5_of_bytes(data) != hashlib.md5(data).hexdigest()
    # Bytes outside every sample do not matter …
    changed = bytearray(data)
    changed[2048] ^= 0xFF
    assert partial_md5_of_bytes(bytes(changed)) == partial_md5_of_bytes(data)
    # … bytes inside one do.
    changed[4096 + 10] ^= 0xFF
    assert partial_md5_of_bytes(bytes(changed)) != partial_md5_of_bytes(data)


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 2000, 4096, 4097])
def test_small_files_hash_what_exists_at_each_offset(size: int, tmp_path: Path) -> None:
    data = _generated()[:size]
    path = tmp_path / "small.txt"
    path.write_bytes(data)
    # Below 4 KiB + 1 the samples at 0 and 1024 together are the whole file.
    if size <= 2048:
        expected = hashlib.md5(data).hexdigest()
    else:
        expected = hashlib.md5(data[:2048] + data[4096:5120]).hexdigest()
    assert partial_md5_of_bytes(data) == expected
    assert partial_md5_of_file(path) == expected
    assert book_key_of_file(path) == f"{expected}-{size}"


def test_empty_file_key() -> None:
    assert book_key_of_bytes(b"") == "d41d8cd98f00b204e9800998ecf8427e-0"


def test_renamed_file_keeps_its_key(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(_generated()[:50_000])
    key = book_key_of_file(a)
    b = tmp_path / "sub" / "renamed.txt"
    b.parent.mkdir()
    a.rename(b)
    assert book_key_of_file(b) == key


def test_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        book_key_of_file(tmp_path / "nope.txt")


@pytest.mark.corpus
def test_corpus_keys_match_shell_computation(corpus: Path) -> None:
    # Computed with dd/tail + md5sum over KOReader's offsets, independently of this code.
    wp = corpus / "gutenberg/war_and_peace__pg2600-0.txt"
    assert book_key_of_file(wp) == "3a96e4d82a445fa25c7523e779bfdcca-3359542"
    assert book_key_of_bytes(wp.read_bytes()) == "3a96e4d82a445fa25c7523e779bfdcca-3359542"
    dm = corpus / "fanfic/desperate_measures.txt"
    assert partial_md5_of_file(dm) == "2fb1e884f1c370d4ac3598fcd4377cd6"
    sg = corpus / "chinese_gbk/sanguo_yanyi.txt"
    assert partial_md5_of_file(sg) == "7754fa8ec8d03e6e1057e9a59fe6f47e"
