"""Decoding a long file holds little more than its text (issue 12: a first open's peak)."""

from __future__ import annotations

import codecs
import io
import sys
import tracemalloc

import pytest

from reader.text import decode as decode_module
from reader.text.decode import decode, decode_utf8_stream

LINE = "“Well, Prince,” said Anna Pávlovna — «so Genoa and Lucca» — l’été\r\n"
LINE_ENDS = "a\r\n\r\nb\rc\r\r\nd — é\r" * 5 + "€\r\n𝄞\r"
"""CRLF, lone CRs and runs of them, with characters of 2–4 bytes: every chunk edge case."""


def _peak_above_text(data: bytes) -> tuple[str, float]:
    """The text of ``data`` and the decode's traced peak beyond the text's own size."""
    tracemalloc.start()
    try:
        text, _report = decode(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return text, (peak - sys.getsizeof(text)) / sys.getsizeof(text)


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_long_crlf_file_is_decoded_within_a_fifth_more_than_its_text(bom: bytes) -> None:
    body = LINE * 60_000  # 4 MB of UTF-8, beyond Latin-1 (two bytes a character as text)
    text, extra = _peak_above_text(bom + body.encode("utf-8"))
    assert text == body.replace("\r\n", "\n")
    # Decoding at once held the bytes with their line ends changed and a one-byte draft
    # of the text as well: some 0.9 of the text more.
    assert extra < 0.2


def test_mostly_utf8_with_a_bad_byte_is_decoded_as_little_and_counted() -> None:
    body = (LINE * 60_000).encode("utf-8")
    data = body[:1_500_000] + b"\xff" + body[1_500_000:]  # past the 1 MB checked first
    text, extra = _peak_above_text(data)
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == (LINE * 60_000).replace("\r\n", "\n")
    assert extra < 0.2


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_chunks_never_split_a_line_end_or_a_character(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decode_module, "_DECODE_CHUNK", chunk)
    body = LINE_ENDS
    for data, name in ((body.encode("utf-8"), "utf-8"), (body.encode("cp1252", "replace"), "")):
        text, report = decode(data, name or None)
        expected = data.decode(report.name, "replace").replace("\r\n", "\n").replace("\r", "\n")
        assert text == expected


def test_a_streamed_file_is_decoded_without_its_bytes() -> None:
    """``decode_utf8_stream`` (the whole of a book whose head was shown first) reads the
    file a chunk at a time: the peak is the text and little more, never the bytes too."""
    body = LINE * 60_000
    stream = io.BytesIO(body.encode("utf-8"))
    tracemalloc.start()
    try:
        text = decode_utf8_stream(stream.read)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text == body.replace("\r\n", "\n")
    assert (peak - sys.getsizeof(text)) / sys.getsizeof(text) < 0.1


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_a_stream_reads_as_decode_reads_it_whatever_its_chunks(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decode_module, "_DECODE_CHUNK", chunk)
    data = LINE_ENDS.encode("utf-8")
    assert decode_utf8_stream(io.BytesIO(data).read) == decode(data)[0]
    broken = data[:20] + b"\xff" + data[20:]
    assert decode_utf8_stream(io.BytesIO(broken).read) is None  # not UTF-8: decode decides
