"""The core of the statistics repository: settings, writing page views, reading them back, pace.

See :mod:`reader.store.stats` for the whole picture; :class:`StatsCore` is the part
the other query mixins build on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.store.base import Repository, reading
from reader.store.settings import Settings
from reader.store.stats_models import (
    CHARS,
    DEFAULT_IDLE_LIMIT_SECONDS,
    GOAL_SETTING,
    IDLE_LIMIT_SETTING,
    MAX_PLAUSIBLE_PACE,
    MIN_PACE_SECONDS,
    PACE_DAYS,
    RECORDING_SETTING,
    UNITS,
    WORDS,
    Kind,
    Pace,
    PageView,
)
from reader.store.stats_time import DAY

__all__ = ["NOT_SKIMMED_SQL", "PACE_FALLBACK_DAYS", "StatBook", "StatsCore", "now_or_time"]

_VIEW_COLUMNS = (
    "book_id, start_offset, end_offset, start_time, duration, kind, units, unit, "
    "offset_scale, source"
)
NOT_SKIMMED_SQL = (
    "units > 0 AND units * 60 <= duration * "
    f"(CASE unit WHEN '{CHARS}' THEN {MAX_PLAUSIBLE_PACE[CHARS]} "
    f"ELSE {MAX_PLAUSIBLE_PACE[WORDS]} END)"
)
"""SQL: the view was read at a plausible pace (skimmed pages are left out of pace)."""
PACE_FALLBACK_DAYS = 365
"""When the last :data:`PACE_DAYS` hold too little reading, pace looks back this far."""


@dataclass(frozen=True, slots=True)
class StatBook:
    """What matching imported statistics to a library book needs to know about it."""

    id: int
    book_key: str
    title: str
    author: str
    path: str
    length: int
    unit: str
    text_length: int | None
    last_read: str | None


def _view(row: Sequence[Any]) -> PageView:
    return PageView(
        book_id=row[0],
        start_offset=row[1],
        end_offset=row[2],
        start_time=row[3],
        duration=row[4],
        kind=Kind(row[5]),
        units=row[6],
        unit=row[7],
        offset_scale=row[8],
        source=row[9],
    )


def now_or_time(now: float | None) -> float:
    """``now`` if given (tests), else the current epoch time."""
    import time

    return time.time() if now is None else now


class StatsCore(Repository):
    """Page views in and out, the statistics settings, and the reader's pace."""

    def __init__(self, conn: Any, path: Any) -> None:
        super().__init__(conn, path)
        self._settings = Settings(conn, path)

    # -- settings -----------------------------------------------------------------

    def idle_limit(self) -> int:
        """Seconds a page view is capped at (the ``stats.idle_limit_seconds`` setting)."""
        value = self._settings.get(IDLE_LIMIT_SETTING, DEFAULT_IDLE_LIMIT_SECONDS)
        return (
            int(value)
            if isinstance(value, int | float) and value >= 10
            else (DEFAULT_IDLE_LIMIT_SECONDS)
        )

    def set_idle_limit(self, seconds: int | None) -> None:
        """Set the idle limit (at least 10 s); None goes back to the default."""
        if seconds is None:
            self._settings.delete(IDLE_LIMIT_SETTING)
        else:
            self._settings.set(IDLE_LIMIT_SETTING, max(10, int(seconds)))

    def recording_enabled(self) -> bool:
        """Whether the reader lets Quire record page views (default yes)."""
        return self._settings.get(RECORDING_SETTING, True) is not False

    def set_recording_enabled(self, enabled: bool) -> None:
        """Turn recording on or off (what was recorded stays until cleared)."""
        self._settings.set(RECORDING_SETTING, bool(enabled))

    def goal_minutes(self) -> int | None:
        """The daily reading goal in minutes, or None when the reader set none."""
        value = self._settings.get(GOAL_SETTING)
        return int(value) if isinstance(value, int | float) and value > 0 else None

    def set_goal_minutes(self, minutes: int | None) -> None:
        """Set the daily goal (minutes > 0), or remove it with None or 0."""
        if not minutes or minutes <= 0:
            self._settings.delete(GOAL_SETTING)
        else:
            self._settings.set(GOAL_SETTING, int(minutes))

    # -- writing ------------------------------------------------------------------

    def add_views(
        self,
        views: Iterable[PageView],
        *,
        finished: Mapping[int, int] | None = None,
        text_lengths: Mapping[int, int] | None = None,
    ) -> int:
        """Store ``views`` in one transaction; return how many were new.

        A view with the same book and start second as a stored one is skipped (so an
        import run twice adds nothing). ``finished`` maps book id → when a page at or
        beyond :data:`FINISHED_PERCENT` was read (the earliest is kept);
        ``text_lengths`` maps book id → length of its text in code points, which also
        turns imported fractional offsets of that book into real ones.
        """
        return sum(
            self.add_view_groups({0: views}, finished=finished, text_lengths=text_lengths).values()
        )

    def add_view_groups(
        self,
        groups: Mapping[int, Iterable[PageView]],
        *,
        finished: Mapping[int, int] | None = None,
        text_lengths: Mapping[int, int] | None = None,
    ) -> dict[int, int]:
        """:meth:`add_views` for several groups of views in one transaction (an import,
        one group per book); return group key → how many of its views were new."""
        added: dict[int, int] = {}
        with self._tx() as conn:
            for key, views in groups.items():
                rows = [
                    (v.book_id, int(v.start_offset), int(v.end_offset), int(v.start_time),
                     int(v.duration), int(v.kind), int(v.units), v.unit, int(v.offset_scale),
                     v.source)
                    for v in views
                    if v.duration > 0
                ]  # fmt: skip
                cur = conn.executemany(
                    f"INSERT OR IGNORE INTO page_views({_VIEW_COLUMNS}) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?)",
                    rows,
                )
                added[key] = max(0, cur.rowcount)
            for book_id, length in (text_lengths or {}).items():
                self._set_text_length(conn, book_id, length)
            for book_id, when in (finished or {}).items():
                conn.execute(
                    """INSERT INTO stat_books(book_id, finished_at) VALUES (?, ?)
                       ON CONFLICT(book_id) DO UPDATE SET finished_at =
                         min(coalesce(finished_at, excluded.finished_at), excluded.finished_at)""",
                    (book_id, int(when)),
                )
        return added

    def set_text_length(self, book_id: int, text_length: int) -> None:
        """Record the length of a book's text (code points); rescales its imported views."""
        with self._tx() as conn:
            self._set_text_length(conn, book_id, text_length)

    @staticmethod
    def _set_text_length(conn: Any, book_id: int, text_length: int) -> None:
        length = max(0, int(text_length))
        conn.execute(
            """INSERT INTO stat_books(book_id, text_length) VALUES (?, ?)
               ON CONFLICT(book_id) DO UPDATE SET text_length = excluded.text_length""",
            (book_id, length),
        )
        conn.execute(
            """UPDATE page_views SET start_offset = start_offset * ? / offset_scale,
                 end_offset = end_offset * ? / offset_scale, offset_scale = 0
               WHERE book_id = ? AND offset_scale > 0""",
            (length, length, book_id),
        )

    def clear(self, book_id: int | None = None) -> int:
        """Delete the statistics of one book, or of every book; return the page views deleted.

        Reading positions, bookmarks and notes are not touched.
        """
        with self._tx() as conn:
            if book_id is None:
                deleted = conn.execute("SELECT count(*) FROM page_views").fetchone()[0]
                # The delete trigger stands by while the sums are emptied wholesale.
                conn.execute("INSERT INTO stat_bulk_delete(active) VALUES (1)")
                conn.execute("DELETE FROM page_views")
                conn.execute("DELETE FROM stat_hours")
                conn.execute("DELETE FROM stat_quarters")
                conn.execute("DELETE FROM stat_bulk_delete")
                conn.execute("DELETE FROM stat_books")
            else:
                deleted = conn.execute("DELETE FROM page_views WHERE book_id = ?", (book_id,))
                deleted = deleted.rowcount
                conn.execute("DELETE FROM stat_books WHERE book_id = ?", (book_id,))
        return int(deleted)

    # -- reading rows -------------------------------------------------------------

    def iter_views(self, book_id: int | None = None) -> Iterator[PageView]:
        """Stored page views (of one book, or all), oldest first, read in chunks."""
        where, params = ("WHERE book_id = ?", (book_id,)) if book_id is not None else ("", ())
        with reading(self._path):
            cur = self._conn.execute(
                f"SELECT {_VIEW_COLUMNS} FROM page_views {where} ORDER BY start_time, book_id",
                params,
            )
            while chunk := cur.fetchmany(2000):
                yield from (_view(r) for r in chunk)

    def views(self, book_id: int | None = None) -> list[PageView]:
        """All stored page views (of one book, or all), oldest first."""
        return list(self.iter_views(book_id))

    def count(self, book_id: int | None = None) -> int:
        """How many page views are stored (for one book, or all)."""
        if book_id is None:
            return int(self._one("SELECT count(*) FROM page_views")[0])
        return int(self._one("SELECT count(*) FROM page_views WHERE book_id = ?", (book_id,))[0])

    def library_books(self) -> list[StatBook]:
        """Every library book with what statistics know of it (for matching imports)."""
        rows = self._all(
            """SELECT b.id, b.book_key, coalesce(b.title_override, b.title),
                 coalesce(b.author_override, b.author), b.path, b.length, b.length_unit,
                 s.text_length, b.last_read
               FROM books b LEFT JOIN stat_books s ON s.book_id = b.id ORDER BY b.id"""
        )
        return [StatBook(*r) for r in rows]

    # -- pace ---------------------------------------------------------------------

    def pace(
        self, unit: str = WORDS, *, days: int = PACE_DAYS, now: float | None = None
    ) -> Pace | None:
        """The reader's reading pace in ``unit`` over the last ``days`` days (skims left out).

        With too little recent reading it looks back up to :data:`PACE_FALLBACK_DAYS`;
        None when even that holds less than :data:`MIN_PACE_SECONDS`.
        """
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        t = int(now_or_time(now))
        for span in (days, PACE_FALLBACK_DAYS):
            units, seconds = self._one(
                f"""SELECT coalesce(sum(units), 0), coalesce(sum(duration), 0) FROM page_views
                    WHERE start_time >= ? AND kind = 0 AND unit = ? AND {NOT_SKIMMED_SQL}""",
                (t - span * DAY, unit),
            )
            if seconds >= MIN_PACE_SECONDS:
                return Pace(unit, int(units), int(seconds))
        return None

    def seconds_to_read(
        self, units: int, unit: str = WORDS, *, now: float | None = None
    ) -> float | None:
        """Estimated seconds to read ``units`` words (or CJK characters) at the reader's
        recent pace — what "time left" shows; None while no pace is known."""
        pace = self.pace(unit, now=now)
        return pace.seconds_for(units) if pace is not None and pace.units > 0 else None
