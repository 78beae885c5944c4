"""One book's statistics: its figures, time per day and per chapter, pace over time."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any, Literal

from reader.store.stats_core import NOT_SKIMMED_SQL, StatsCore
from reader.store.stats_models import (
    MIN_PACE_SECONDS,
    SESSION_GAP_SECONDS,
    UNITS,
    BookStats,
    ChapterTime,
    DayStat,
    Kind,
    Pace,
    PacePoint,
)
from reader.store.stats_time import (
    DAY,
    day_of_number,
    local_datetime,
    local_sql,
    local_zone,
    midnight_utc,
    offset_segments,
)

__all__ = ["BookQueries"]


class BookQueries(StatsCore):
    """Per-book figures and charts."""

    # -- one book -----------------------------------------------------------------

    def book_stats(
        self, book_id: int, *, zone: tzinfo | None = None, now: float | None = None
    ) -> BookStats | None:
        """One book's figures, or None when the book is not in the library."""
        found = self._book_stats(book_id, zone or local_zone(), now)
        return found[0] if found else None

    def all_book_stats(
        self, *, zone: tzinfo | None = None, now: float | None = None
    ) -> list[BookStats]:
        """Figures for every book that has statistics (page views or a finish), by id."""
        return self._book_stats(None, zone or local_zone(), now)

    def _book_stats(self, book_id: int | None, zone: tzinfo, now: float | None) -> list[BookStats]:
        one = "WHERE book_id = ?" if book_id is not None else ""
        params: tuple[Any, ...] = (book_id,) if book_id is not None else ()
        times: dict[int, dict[str, int]] = {}
        for bid, kind, seconds, views, first, last in self._all(
            f"""SELECT book_id, kind, sum(duration), count(*), min(start_time),
                  max(start_time + duration) FROM page_views {one} GROUP BY book_id, kind""",
            params,
        ):
            t = times.setdefault(bid, {"r": 0, "l": 0, "v": 0, "first": first, "last": last})
            t["l" if kind == Kind.LISTENING else "r"] += seconds
            t["v"] += views
            t["first"], t["last"] = min(t["first"], first), max(t["last"], last)
        sessions = dict(
            self._all(
                f"""SELECT book_id, count(*) FROM (
                      SELECT book_id, start_time - lag(start_time + duration)
                        OVER (PARTITION BY book_id ORDER BY start_time) AS gap
                      FROM page_views {one})
                    WHERE gap IS NULL OR gap >= ? GROUP BY book_id""",
                (*params, SESSION_GAP_SECONDS),
            )
        )
        paces: dict[tuple[int, str], tuple[int, int]] = {
            (bid, unit): (units, secs)
            for bid, unit, units, secs in self._all(
                f"""SELECT book_id, unit, sum(units), sum(duration) FROM page_views
                    WHERE kind = 0 AND {NOT_SKIMMED_SQL} {one.replace("WHERE", "AND")}
                    GROUP BY book_id, unit""",
                params,
            )
        }
        books = self._all(
            f"""SELECT b.id, coalesce(b.title_override, b.title),
                  coalesce(b.author_override, b.author), b.book_key, b.length, b.length_unit,
                  coalesce(p.percent, 0), s.finished_at
                FROM books b LEFT JOIN progress p ON p.book_id = b.id
                LEFT JOIN stat_books s ON s.book_id = b.id
                {"WHERE b.id = ?" if book_id is not None else ""} ORDER BY b.id""",
            params,
        )
        reader_pace: dict[str, Pace | None] = {}
        out: list[BookStats] = []
        for bid, title, author, key, length, unit, percent, finished_at in books:
            spent = times.get(bid)
            if book_id is None and spent is None and finished_at is None:
                continue
            pace = None
            units, secs = paces.get((bid, unit), (0, 0))
            if secs >= MIN_PACE_SECONDS and units > 0:
                pace = Pace(unit, units, secs)
            projected = pace
            if projected is None and unit in UNITS:
                if unit not in reader_pace:
                    reader_pace[unit] = self.pace(unit, now=now)
                projected = reader_pace[unit]
            remaining = max(0.0, length * (100.0 - float(percent)) / 100.0)
            to_finish = None
            if projected is not None and projected.units > 0 and length > 0:
                to_finish = projected.seconds_for(round(remaining))
            out.append(
                BookStats(
                    book_id=bid,
                    title=title,
                    author=author,
                    book_key=key,
                    reading_seconds=spent["r"] if spent else 0,
                    listening_seconds=spent["l"] if spent else 0,
                    pages=spent["v"] if spent else 0,
                    sessions=int(sessions.get(bid, 0)),
                    unit=unit,
                    pace=pace,
                    percent=float(percent),
                    started=local_datetime(spent["first"], zone) if spent else None,
                    last_read=local_datetime(spent["last"], zone) if spent else None,
                    finished=local_datetime(finished_at, zone) if finished_at is not None else None,
                    length=int(length),
                    seconds_to_finish=to_finish,
                )
            )
        return out

    def book_days(self, book_id: int, *, zone: tzinfo | None = None) -> list[DayStat]:
        """One book's reading per local day, for the days it was read (oldest first)."""
        zone = zone or local_zone()
        row = self._one(
            "SELECT min(start_time), max(start_time) FROM page_views WHERE book_id = ?",
            (book_id,),
        )
        if row is None or row[0] is None:
            return []
        local, params = local_sql("start_time", offset_segments(zone, row[0], row[1] + 1))
        totals: dict[int, list[int]] = {}
        for day, kind, seconds, views in self._all(
            f"""SELECT {local} / {DAY}, kind, sum(duration), count(*) FROM page_views
                WHERE book_id = ? GROUP BY 1, 2 ORDER BY 1""",
            (*params, book_id),
        ):
            entry = totals.setdefault(int(day), [0, 0, 0])
            entry[1 if kind == Kind.LISTENING else 0] += int(seconds)
            entry[2] += int(views)
        return [DayStat(day_of_number(n), *v) for n, v in sorted(totals.items())]

    def chapter_times(
        self, book_id: int, chapter_starts: Sequence[int], *, text_length: int | None = None
    ) -> list[ChapterTime]:
        """Time per chapter of one book: page views bucketed by their start offset into the
        chapters starting at ``chapter_starts`` (ascending; a view before the first
        chapter counts in the first). Imported views whose offsets are still fractions
        are placed with ``text_length`` (or the stored one) and left out without either."""
        starts = list(chapter_starts)
        if not starts:
            return []
        if text_length is None:
            row = self._one("SELECT text_length FROM stat_books WHERE book_id = ?", (book_id,))
            text_length = row[0] if row and row[0] else None
        sums = [[0, 0, 0] for _ in starts]
        for offset, scale, kind, duration in self._all(
            "SELECT start_offset, offset_scale, kind, duration FROM page_views WHERE book_id = ?",
            (book_id,),
        ):
            if scale:
                if not text_length:
                    continue
                offset = offset * text_length // scale
            i = max(0, bisect.bisect_right(starts, offset) - 1)
            sums[i][1 if kind == Kind.LISTENING else 0] += duration
            sums[i][2] += 1
        return [ChapterTime(i, s, *sums[i]) for i, s in enumerate(starts)]

    def book_pace(
        self,
        book_id: int,
        *,
        by: Literal["session", "day"] = "session",
        zone: tzinfo | None = None,
    ) -> list[PacePoint]:
        """One book's reading pace per session (a gap of :data:`SESSION_GAP_SECONDS` starts
        a new one) or per local day, oldest first; skimmed pages are left out."""
        zone = zone or local_zone()
        rows = self._all(
            f"""SELECT start_time, duration, units, unit FROM page_views
                WHERE book_id = ? AND kind = 0 AND {NOT_SKIMMED_SQL} ORDER BY start_time""",
            (book_id,),
        )
        groups: list[list[Any]] = []  # [start epoch or day, seconds, units, unit, last end]
        for start, duration, units, unit in rows:
            if by == "day":
                key = local_datetime(start, zone).date()
                new = not groups or groups[-1][0] != key
            else:
                key = start
                new = not groups or start - groups[-1][4] >= SESSION_GAP_SECONDS
            if new:
                groups.append([key, 0, 0, unit, start])
            g = groups[-1]
            g[1] += duration
            g[2] += units
            g[4] = start + duration
        out = []
        for key, seconds, units, unit, _ in groups:
            if by == "day":
                when = local_datetime(midnight_utc(key, zone), zone)
            else:
                when = local_datetime(key, zone)
            out.append(PacePoint(when, seconds, units, unit))
        return out
