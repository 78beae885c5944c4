"""Many files that could not be opened become one short line plus a details list."""

from __future__ import annotations

from reader.open_failures import detail_line, reason_of, summarise_open_failures


def test_nothing_failed() -> None:
    assert summarise_open_failures([]) is None


def test_one_failure_is_shown_as_it_is() -> None:
    summary = summarise_open_failures([("/b/a.txt", "No such file: /b/a.txt")])
    assert summary is not None
    assert summary.text == "No such file: /b/a.txt"
    assert summary.details == [] and not summary.has_details


def test_four_thousand_missing_files_are_one_line() -> None:
    failures = [(f"/gone/{i}.txt", f"No such file: /gone/{i}.txt") for i in range(4000)]
    summary = summarise_open_failures(failures)
    assert summary is not None
    assert summary.text == "4,000 files could not be opened (No such file: 4,000)."
    assert "\n" not in summary.text
    assert summary.has_details
    assert len(summary.details) == 4000
    assert summary.details[0] == "No such file: /gone/0.txt"
    assert summary.details[-1] == "No such file: /gone/3999.txt"


def test_reasons_are_grouped_most_common_first() -> None:
    failures = [(f"/gone/{i}.txt", f"No such file: /gone/{i}.txt") for i in range(5)]
    failures += [("/dev/zero", "/dev/zero is not a regular file")] * 2
    failures += [("/b/x.txt", "x.txt is a folder, not a file")]
    failures += [("/b/y.jpg", "y.jpg looks like a JPEG image, not text")]
    failures += [("/b/z.bin", "Cannot read /b/z.bin: Permission denied")]
    summary = summarise_open_failures(failures)
    assert summary is not None
    assert summary.text == (
        "10 files could not be opened (No such file: 5; is not a regular file: 2; "
        "is a folder, not a file: 1; other reasons: 2)."
    )
    assert summary.details[-1] == "Cannot read /b/z.bin: Permission denied"
    assert summary.details[7] == "/b/x.txt: x.txt is a folder, not a file"


def test_reason_and_detail_helpers() -> None:
    assert reason_of("/b/a.txt", "No such file: /b/a.txt") == "No such file"
    assert reason_of("/b/a.txt", "a.txt is a folder, not a file") == "is a folder, not a file"
    assert reason_of("/b/a.txt", "/b/a.txt") == "/b/a.txt"  # nothing else: keep the message
    assert detail_line("/b/a.txt", "Permission\ndenied") == "/b/a.txt: Permission denied"
