"""Reading statistics out of the store (CSV, JSON) and the ``quire stats`` command.

JSON (``quire-stats``, version 1): a summary (totals, streaks, paces, goal), then
per-book figures, per-day figures (local days with any reading) and the raw page
views. CSV: the page views, one per row, with the book's key, title and author.
Times in exports are ISO-8601 in UTC (``start_time``) plus the epoch second; days
are local to the time zone named in the JSON.

``quire stats`` also imports KOReader's ``statistics.sqlite3`` and clears
statistics (one book's or all). Statistics never leave the local library file
unless exported this way. No Qt here.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reader.store.stats_models import UNITS, BookStats, PageView
from reader.store.stats_time import local_zone

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.store.stats import Stats

__all__ = [
    "CSV_COLUMNS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "StatsCommandError",
    "build_stats_parser",
    "export_csv",
    "export_json",
    "main_stats",
    "run_stats",
]

FORMAT_NAME = "quire-stats"
FORMAT_VERSION = 1
CSV_COLUMNS = (
    "start_time",
    "start_epoch",
    "duration_seconds",
    "kind",
    "book_key",
    "title",
    "author",
    "start_offset",
    "end_offset",
    "offset_scale",
    "units",
    "unit",
    "source",
)

HELP = """\
Print reading statistics (JSON or CSV), import KOReader's, or clear them.

Reading statistics (which pages you read, when and for how long) are kept only in
Quire's local library file and are never sent anywhere. --clear deletes them: all of
them, or one book's with --book. Reading positions, bookmarks and notes are kept."""


class StatsCommandError(Exception):
    """``quire stats`` cannot do what was asked; ``str()`` is a one-line message."""


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    return str(key) if key else str(zone)


def _book_json(b: BookStats) -> dict[str, Any]:
    return {
        "book_key": b.book_key,
        "title": b.title,
        "author": b.author,
        "reading_seconds": b.reading_seconds,
        "listening_seconds": b.listening_seconds,
        "page_views": b.pages,
        "sessions": b.sessions,
        "unit": b.unit,
        "pace_per_minute": round(b.pace.per_minute, 1) if b.pace else None,
        "percent": round(b.percent, 2),
        "length": b.length,
        "started": _when(b.started),
        "last_read": _when(b.last_read),
        "finished": _when(b.finished),
        "seconds_to_finish": round(b.seconds_to_finish)
        if b.seconds_to_finish is not None
        else None,
    }


def _view_json(v: PageView, key: str) -> dict[str, Any]:
    return {
        "book_key": key,
        "start_time": _iso(v.start_time),
        "start_epoch": v.start_time,
        "duration_seconds": v.duration,
        "kind": v.kind.label,
        "start_offset": v.start_offset,
        "end_offset": v.end_offset,
        "offset_scale": v.offset_scale,
        "units": v.units,
        "unit": v.unit,
        "source": v.source,
    }


def export_json(
    stats: Stats,
    *,
    book_id: int | None = None,
    zone: tzinfo | None = None,
    now: float | None = None,
    exported: str | None = None,
) -> str:
    """All statistics (or one book's) as a ``quire-stats`` JSON document."""
    zone = zone or local_zone()
    books = (
        [b for b in [stats.book_stats(book_id, zone=zone, now=now)] if b is not None]
        if book_id is not None
        else stats.all_book_stats(zone=zone, now=now)
    )
    keys = {b.book_id: b.book_key for b in books}
    if book_id is not None:
        days = stats.book_days(book_id, zone=zone)
    else:
        first = min((b.started.date() for b in books if b.started), default=None)
        last = max((b.last_read.date() for b in books if b.last_read), default=None)
        days = stats.days(first, last, zone=zone) if first and last else []
        days = [d for d in days if d.seconds > 0 or d.pages > 0]
    streaks = stats.streaks(zone=zone, now=now)
    summary: dict[str, Any] = {
        "reading_seconds": sum(b.reading_seconds for b in books),
        "listening_seconds": sum(b.listening_seconds for b in books),
        "page_views": sum(b.pages for b in books),
        "books": len(books),
        "books_finished": sum(1 for b in books if b.finished is not None),
        "days_read": len(days),
    }
    if book_id is None:
        paces = {u: stats.pace(u, now=now) for u in UNITS}
        summary |= {
            "current_streak_days": streaks.current,
            "longest_streak_days": streaks.longest,
            "longest_streak_start": streaks.longest_start.isoformat()
            if streaks.longest_start
            else None,
            "longest_streak_end": streaks.longest_end.isoformat() if streaks.longest_end else None,
            "pace_per_minute": {u: round(p.per_minute, 1) if p else None for u, p in paces.items()},
            "daily_goal_minutes": stats.goal_minutes(),
        }
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": exported or datetime.now(UTC).isoformat(timespec="seconds"),
        "time_zone": _zone_name(zone),
        "summary": summary,
        "books": [_book_json(b) for b in books],
        "days": [
            {
                "date": d.day.isoformat(),
                "reading_seconds": d.reading_seconds,
                "listening_seconds": d.listening_seconds,
                "page_views": d.pages,
            }
            for d in days
        ],
        "page_views": [_view_json(v, keys.get(v.book_id, "")) for v in stats.iter_views(book_id)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def export_csv(stats: Stats, *, book_id: int | None = None) -> str:
    """The page views (all, or one book's) as CSV, one view per row (see :data:`CSV_COLUMNS`)."""
    names = {b.id: b for b in stats.library_books()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in stats.iter_views(book_id):
        book = names.get(v.book_id)
        writer.writerow(
            [
                _iso(v.start_time),
                v.start_time,
                v.duration,
                v.kind.label,
                book.book_key if book else "",
                book.title if book else "",
                book.author if book else "",
                v.start_offset,
                v.end_offset,
                v.offset_scale,
                v.units,
                v.unit,
                v.source,
            ]
        )
    return out.getvalue()


# ---------------------------------------------------------------- command line


def build_stats_parser() -> argparse.ArgumentParser:
    """The parser of ``quire stats`` (arguments after the word ``stats``)."""
    p = argparse.ArgumentParser(prog="quire stats", description=HELP)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("--format", choices=("json", "csv"), default="json", help="(default: json)")
    p.add_argument("--book", metavar="FILE", help="only this book (found by content, else path)")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    p.add_argument("--basedir", metavar="DIR", help="per-user data folder")
    p.add_argument("--tz", metavar="ZONE", help="time zone for days (default: this computer's)")
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--import-koreader",
        metavar="PATH",
        help="import KOReader's statistics.sqlite3 (books matched by content, then title)",
    )
    action.add_argument(
        "--clear",
        action="store_true",
        help="delete reading statistics: all of them, or one book's with --book",
    )
    return p


def _find_book(store: Store, file: str) -> BookRecord:
    from reader.text.identity import book_key_of_file

    path = os.path.abspath(file)
    book = None
    if os.path.isfile(path):
        try:
            book = store.library.find_by_key(book_key_of_file(path))
        except OSError:
            book = None
    if book is None:
        book = store.library.find_by_path(path)
    if book is None:
        if not os.path.exists(path):
            raise StatsCommandError(f"No such file: {file}")
        raise StatsCommandError(f"{file} is not in the Quire library (open it in Quire first)")
    return book


def _write(data: str, output: str | None) -> None:
    if output is None or output == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data.encode("utf-8"))
            buffer.flush()
        else:
            sys.stdout.write(data)
        return
    try:
        Path(output).write_text(data, encoding="utf-8", newline="")
    except OSError as exc:
        raise StatsCommandError(f"Cannot write {output}: {exc.strerror or exc}") from None


def _zone(name: str | None) -> tzinfo:
    if not name:
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise StatsCommandError(f"Unknown time zone: {name}") from None


def run_stats(ns: argparse.Namespace, *, now: float | None = None) -> int:
    """Carry out a parsed ``quire stats`` command; return the exit status (0 or 1).

    Errors are one line on standard error; nothing is written to the library on error.
    """
    from reader.paths import resolve_paths
    from reader.store.base import StoreError
    from reader.store.db import open_store
    from reader.store.koreader import KOReaderImportError, import_koreader

    paths = resolve_paths(ns.basedir)
    try:
        zone = _zone(ns.tz)
        if not paths.database.is_file():
            raise StatsCommandError(f"No Quire library at {paths.database}: no statistics yet")
        with open_store(paths.database, check_integrity=False) as store:
            book = _find_book(store, ns.book) if ns.book else None
            book_id = book.id if book is not None else None
            if ns.import_koreader:
                report = import_koreader(store.stats, ns.import_koreader)
                _write("\n".join(report.lines()) + "\n", ns.output)
            elif ns.clear:
                deleted = store.stats.clear(book_id)
                which = f"of {book.display_title}" if book is not None else "of every book"
                _write(f"Deleted {deleted} page views: the reading statistics {which}.\n", None)
            elif ns.format == "csv":
                _write(export_csv(store.stats, book_id=book_id), ns.output)
            else:
                _write(export_json(store.stats, book_id=book_id, zone=zone, now=now), ns.output)
    except (StatsCommandError, StoreError, KOReaderImportError) as exc:
        print(f"quire stats: {exc}", file=sys.stderr)
        return 1
    return 0


def main_stats(argv: Sequence[str], *, now: float | None = None) -> int:
    """``quire stats …`` from the arguments after ``stats`` (exits via argparse on bad usage)."""
    return run_stats(build_stats_parser().parse_args(list(argv)), now=now)
