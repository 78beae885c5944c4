"""The encoding conformance matrix (issue 11), as the suite runs it.

Every corpus text and every text of :mod:`tests.text.encoding_texts`, in every
encoding of :data:`tests.text.encoding_matrix.ROWS` that can hold it, with LF,
CRLF and CR line endings, from the book's head and from its middle:

- the whole-file column: every case decodes to exactly its text. "Whole" is
  capped at the first 200 KB of each text here, to keep the suite fast
  (``tests/bench/bench_encodings.py`` reads the whole files);
- 20 KB excerpts: every case right; 2 KB excerpts: at least 97 % per encoding;
- over all three lengths, no legacy text is read as UTF-16/32 and no UTF-16/32
  text as anything else.

A hang guard (SIGALRM) bounds each decode; there is no timing assertion.
"""

from __future__ import annotations

import pytest

from reader.text.decode import decode, decode_head
from tests.text.encoding_matrix import ROWS, Row, cases, hang_guard, is_wide, same_text

WHOLE_CAP = 200 * 1024
"""Bytes of each text that count as the whole file in the suite."""
MIN_SHARE = {"2KB": 0.97, "20KB": 1.0, "whole": 1.0}


def _run(row: Row, length: str) -> tuple[int, list[str], list[str]]:
    """Decode every case of one cell: (cases, wrong decodings, UTF-16/32 confusions)."""
    total = 0
    wrong: list[str] = []
    confused: list[str] = []
    for case in cases(lengths=(length,), whole_cap=WHOLE_CAP, rows=(row,)):
        built = case.build()
        if built is None:
            continue
        data, expected = built
        total += 1
        with hang_guard(30):
            text, report = decode(data)
        if not same_text(text, expected):
            wrong.append(f"{case.name} read as {report.name} ({report.method})")
        if is_wide(report.name) != row.wide:
            confused.append(f"{case.name} read as {report.name}")
    return total, wrong, confused


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
@pytest.mark.parametrize("length", ["whole", "20KB", "2KB"])
def test_matrix_cell(row: Row, length: str) -> None:
    total, wrong, confused = _run(row, length)
    if total == 0:
        pytest.skip(f"no text for {row.label} (the corpus is absent)")
    assert confused == [], "UTF-16/32 confused with other encodings"
    right = total - len(wrong)
    assert right >= MIN_SHARE[length] * total, f"{right}/{total} right; wrong: {wrong}"


HEAD_LIMITS = (3 * 1024, 50 * 1024)
"""Byte limits the head column decodes with (a 200 KB "whole" case is longer than both)."""


@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_matrix_head_column(row: Row) -> None:
    """A new book's head, decoded alone before its first page (``decode_head``), is in
    every case of the matrix either refused or exactly the start of the whole file's text,
    read the way the whole file is read (a legacy file only where its head is ASCII); a
    UTF-8 file longer than the head with a line end in it is never refused (that is the
    file whose first page it speeds up)."""
    total = 0
    for case in cases(lengths=("whole",), whole_cap=WHOLE_CAP, rows=(row,)):
        built = case.build()
        if built is None:
            continue
        data, _expected = built
        with hang_guard(30):
            text, report = decode(data)
        for limit in HEAD_LIMITS:
            head = decode_head(data, limit)
            if head is None:
                # only a head without a whole line (CR ends, a long first line) is not read
                refused = row.codec != "utf-8" or len(data) <= limit or b"\n" not in data[:limit]
                assert refused, f"{case.name} refused"
                continue
            total += 1
            head_text, head_report, used = head
            assert 0 < used <= limit
            assert text.startswith(head_text), case.name
            assert len(head_text) < len(text)
            if report.name != "utf-8":
                # A legacy file read whole in its code page: its head was plain ASCII.
                assert head_text.isascii(), case.name
                continue
            assert (head_report.name, head_report.method, head_report.bom) == (
                report.name,
                report.method,
                report.bom,
            ), case.name
    if row.codec == "utf-8" and total == 0:
        pytest.skip("no text for the UTF-8 rows (the corpus is absent)")
