"""Statistics exported as CSV and JSON, and the ``quire stats`` command (called directly)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_koreader import T as KO_T
from test_koreader import make_koreader_db

from reader.paths import resolve_paths
from reader.store.db import Store, open_store
from reader.store.stats_export import (
    CSV_COLUMNS,
    build_stats_parser,
    export_csv,
    export_json,
    main_stats,
    run_stats,
)
from reader.store.stats_models import Kind, PageView
from reader.text.identity import book_key_of_file, partial_md5_of_file

BERLIN = ZoneInfo("Europe/Berlin")
T = int(datetime(2024, 6, 14, 21, 0, tzinfo=BERLIN).timestamp())  # Friday evening
NOW = T + 86400


def fill(store: Store, folder: Path) -> tuple[int, int, Path]:
    """Two books with a few page views; the first one's file exists on disk."""
    file = folder / "persuasion.txt"
    file.write_text("Sir Walter Elliot, of Kellynch Hall…\n" * 500, encoding="utf-8")
    a, _ = store.library.upsert_book(
        book_key=book_key_of_file(file),
        path=str(file),
        title="Persuasion",
        author="Jane Austen",
        length=20_000,
    )
    b, _ = store.library.upsert_book(
        book_key="b" * 32 + "-77",
        path=str(folder / "gone.txt"),
        title='Commas, "quotes"\nand lines',
        author="Ånon",
        length=9_000,
        length_unit="chars",
    )
    store.annotations.save_progress(a.id, 2_000, 10.0)
    store.stats.add_views(
        [
            PageView(a.id, 0, 1500, T, 120, Kind.READING, 500),
            PageView(a.id, 1500, 3000, T + 120, 180, Kind.READING, 520),
            PageView(a.id, 3000, 4500, T + 86400 - 3600, 90, Kind.LISTENING, 480),
            PageView(b.id, 100, 600, T + 600, 150, Kind.READING, 500, "chars"),
        ],
        finished={b.id: T + 600},
    )
    return a.id, b.id, file


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, int, int, Path]:
    base = tmp_path / "home"
    with open_store(resolve_paths(base).database) as store:
        a, b, file = fill(store, tmp_path)
    return base, a, b, file


def test_csv_has_one_page_view_per_row(tmp_path: Path) -> None:
    with open_store(tmp_path / "library.db") as store:
        _a, b, _ = fill(store, tmp_path)
        text = export_csv(store.stats)
        one = export_csv(store.stats, book_id=b)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 5
    assert rows[1] == [
        "2024-06-14T19:00:00+00:00",
        str(T),
        "120",
        "reading",
        rows[1][4],
        "Persuasion",
        "Jane Austen",
        "0",
        "1500",
        "0",
        "500",
        "words",
        "quire",
    ]
    assert rows[1][4].endswith(f"-{(tmp_path / 'persuasion.txt').stat().st_size}")
    assert [r[3] for r in rows[1:]] == ["reading", "reading", "reading", "listening"]
    # A title with a comma, quotes and a line break survives the round trip.
    assert rows[3][5] == 'Commas, "quotes"\nand lines' and rows[3][6] == "Ånon"
    assert rows[3][11] == "chars"
    only = list(csv.DictReader(io.StringIO(one)))
    assert [(r["title"], r["start_epoch"]) for r in only] == [(rows[3][5], str(T + 600))]


def test_json_has_summary_books_days_and_views(tmp_path: Path) -> None:
    with open_store(tmp_path / "library.db") as store:
        a, _b, _ = fill(store, tmp_path)
        store.stats.set_goal_minutes(30)
        doc = json.loads(export_json(store.stats, zone=BERLIN, now=NOW, exported="X"))
        single = json.loads(export_json(store.stats, book_id=a, zone=BERLIN, now=NOW))
    assert (doc["format"], doc["version"], doc["exported"]) == ("quire-stats", 1, "X")
    assert doc["time_zone"] == "Europe/Berlin"
    assert doc["summary"] == {
        "reading_seconds": 450,
        "listening_seconds": 90,
        "page_views": 4,
        "books": 2,
        "books_finished": 1,
        "days_read": 2,
        "current_streak_days": 2,
        "longest_streak_days": 2,
        "longest_streak_start": "2024-06-14",
        "longest_streak_end": "2024-06-15",
        "pace_per_minute": {"words": 204.0, "chars": 200.0},
        "daily_goal_minutes": 30,
    }
    persuasion, other = doc["books"]
    assert persuasion["title"] == "Persuasion" and persuasion["sessions"] == 2
    assert (persuasion["reading_seconds"], persuasion["listening_seconds"]) == (300, 90)
    assert persuasion["pace_per_minute"] == 204.0 and persuasion["percent"] == 10.0
    assert persuasion["started"] == "2024-06-14T21:00:00+02:00"
    assert persuasion["finished"] is None
    assert persuasion["seconds_to_finish"] == round(18_000 * 300 / 1020)
    assert other["finished"] == "2024-06-14T21:10:00+02:00" and other["unit"] == "chars"
    assert doc["days"] == [
        {"date": "2024-06-14", "reading_seconds": 450, "listening_seconds": 0, "page_views": 3},
        {"date": "2024-06-15", "reading_seconds": 0, "listening_seconds": 90, "page_views": 1},
    ]
    assert [v["start_epoch"] for v in doc["page_views"]] == [T, T + 120, T + 600, T + 82800]
    assert doc["page_views"][2] == {
        "book_key": "b" * 32 + "-77",
        "start_time": "2024-06-14T19:10:00+00:00",
        "start_epoch": T + 600,
        "duration_seconds": 150,
        "kind": "reading",
        "start_offset": 100,
        "end_offset": 600,
        "offset_scale": 0,
        "units": 500,
        "unit": "chars",
        "source": "quire",
    }
    assert single["summary"] == {
        "reading_seconds": 300,
        "listening_seconds": 90,
        "page_views": 3,
        "books": 1,
        "books_finished": 0,
        "days_read": 2,
    }
    assert [d["date"] for d in single["days"]] == ["2024-06-14", "2024-06-15"]
    assert len(single["page_views"]) == 3 and single["books"][0]["title"] == "Persuasion"


def test_cli_prints_json_and_csv(library: tuple[Path, int, int, Path], capsys) -> None:
    base, *_ = library
    assert main_stats(["--basedir", str(base), "--tz", "Europe/Berlin"], now=NOW) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["page_views"] == 4 and doc["time_zone"] == "Europe/Berlin"
    assert main_stats(["--basedir", str(base), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5 and rows[3][5] == 'Commas, "quotes"\nand lines'


def test_cli_one_book_to_a_file(library: tuple[Path, int, int, Path], tmp_path: Path) -> None:
    base, _a, _b, file = library
    moved = tmp_path / "moved" / "renamed.txt"
    moved.parent.mkdir()
    file.rename(moved)  # found by its content, wherever it is now
    out = tmp_path / "out.csv"
    ns = build_stats_parser().parse_args(
        ["--basedir", str(base), "--format", "csv", "--book", str(moved), "-o", str(out)]
    )
    assert run_stats(ns) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["title"] for r in rows] == ["Persuasion"] * 3


def test_cli_clears_one_book_then_everything(library: tuple[Path, int, int, Path], capsys) -> None:
    base, a, b, file = library
    assert main_stats(["--basedir", str(base), "--clear", "--book", str(file)]) == 0
    assert capsys.readouterr().out == (
        "Deleted 3 page views: the reading statistics of Persuasion.\n"
    )
    with open_store(resolve_paths(base).database) as store:
        assert (store.stats.count(a), store.stats.count(b)) == (0, 1)
        assert store.annotations.get_progress(a) is not None
    assert main_stats(["--basedir", str(base), "--clear"]) == 0
    assert "Deleted 1 page views: the reading statistics of every book." in capsys.readouterr().out
    with open_store(resolve_paths(base).database) as store:
        assert store.stats.count() == 0
        assert store.stats.days(date(2024, 6, 14), date(2024, 6, 15), zone=BERLIN)[0].pages == 0


def test_cli_imports_koreader(library: tuple[Path, int, int, Path], tmp_path: Path, capsys) -> None:
    base, a, _b, file = library
    ko = make_koreader_db(
        tmp_path / "statistics.sqlite3",
        [
            ("Persuasion", "Jane Austen", partial_md5_of_file(file), 20),
            ("Lost", "N/A", "0" * 32, 9),
        ],
        [(1, 5, KO_T, 60, 20), (1, 6, KO_T + 60, 70, 20), (2, 1, KO_T, 65, 9)],
    )
    assert main_stats(["--basedir", str(base), "--import-koreader", str(ko)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Imported 2 new page views from statistics.sqlite3")
    assert out[1] == "Matched 1 of 2 books (1 by document key, 0 by title and author)."
    assert out[2:] == ["Not in the library (1):", "  Lost: 1 of 9 pages, 1 min, 1 page views"]
    with open_store(resolve_paths(base).database) as store:
        assert store.stats.count(a) == 5


def test_cli_errors_are_one_line(
    tmp_path: Path, library: tuple[Path, int, int, Path], capsys
) -> None:
    base, *_ = library
    cases = [
        (["--basedir", str(tmp_path / "empty")], "No Quire library at"),
        (["--basedir", str(base), "--book", str(tmp_path / "nope.txt")], "No such file"),
        (["--basedir", str(base), "--tz", "Mars/Olympus"], "Unknown time zone: Mars/Olympus"),
        (["--basedir", str(base), "--import-koreader", str(tmp_path)], "No such file"),
        (["--basedir", str(base), "-o", str(tmp_path / "no" / "dir.json")], "Cannot write"),
    ]
    stranger = tmp_path / "stranger.txt"
    stranger.write_text("not in the library", encoding="utf-8")
    cases.append((["--basedir", str(base), "--book", str(stranger)], "is not in the Quire library"))
    for argv, message in cases:
        assert main_stats(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("quire stats: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "empty" / "library.db").exists()


def test_cli_usage(capsys) -> None:
    with pytest.raises(SystemExit):
        main_stats(["--clear", "--import-koreader", "x"])
    assert "not allowed with" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main_stats(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "never sent anywhere" in text and "one book's with --book" in text
