"""Statistics per local day, week, month, weekday and hour; streaks; the goal; the dashboard.

Day-level figures come from ``stat_hours`` (or ``stat_quarters`` in zones with a
half- or quarter-hour offset): sums kept by triggers, bucketed into local days of any
time zone at query time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta, tzinfo

from reader.store.stats_core import StatsCore, now_or_time
from reader.store.stats_models import (
    MIN_DAY_SECONDS,
    QUARTER_SECONDS,
    UNITS,
    ClockStats,
    Dashboard,
    DayStat,
    GoalProgress,
    Kind,
    MonthFinished,
    Streaks,
    WeekStat,
)
from reader.store.stats_time import (
    DAY,
    day_number,
    day_of_number,
    local_datetime,
    local_zone,
    midnight_utc,
    offset_segments,
)

__all__ = ["DayQueries"]

_Span = tuple[int, int, int]


class DayQueries(StatsCore):
    """The overall figures and the series the Statistics view charts."""

    # -- days, weeks, months ------------------------------------------------------

    def _segments(self, zone: tzinfo, t0: int, t1: int) -> tuple[str, str, int, list[_Span]]:
        """Which sums to read for ``[t0, t1)`` and the spans of constant UTC offset in it.

        The hour sums serve zones that were a whole number of hours from UTC all along
        the span (their midnights and hours are whole UTC hours); the others use the
        quarter-hour sums. Returns (table, column, bucket seconds, spans), each span
        ``(first bucket, end bucket, offset in buckets)``."""
        segments = offset_segments(zone, t0, t1)
        if all(off % 3600 == 0 and at % 3600 == 0 for at, off in segments):
            table, col, size = "stat_hours", "hour", 3600
        else:
            table, col, size = "stat_quarters", "quarter", QUARTER_SECONDS
        ends = [at for at, _ in segments[1:]] + [t1]
        spans = [
            (at // size, -(-end // size), off // size)
            for (at, off), end in zip(segments, ends, strict=True)
        ]
        return table, col, size, spans

    def _day_totals(self, first: date, last: date, zone: tzinfo) -> dict[int, list[int]]:
        """Local day number → [reading s, listening s, views] over ``first`` … ``last``.

        One grouped scan of the sums per span of constant UTC offset: with a fixed
        offset the local day of a bucket is plain arithmetic (no per-row ``CASE``)."""
        t0, t1 = midnight_utc(first, zone), midnight_utc(last + timedelta(days=1), zone)
        table, col, size, spans = self._segments(zone, t0, t1)
        per_day = DAY // size
        out: dict[int, list[int]] = {}
        for lo, hi, shift in spans:
            for day, reading_s, listening_s, views in self._all(
                f"""SELECT ({col} + ?) / {per_day}, sum(seconds * (kind = {Kind.READING:d})),
                      sum(seconds * (kind = {Kind.LISTENING:d})), sum(views) FROM {table}
                    WHERE {col} >= ? AND {col} < ? GROUP BY 1""",
                (shift, lo, hi),
            ):
                entry = out.get(day)
                if entry is None:
                    out[day] = [reading_s, listening_s, views]
                else:  # a day split between two offsets (a daylight-saving change)
                    entry[0] += reading_s
                    entry[1] += listening_s
                    entry[2] += views
        return out

    @staticmethod
    def _day_list(totals: Mapping[int, list[int]], first: date, last: date) -> list[DayStat]:
        n0, n1 = day_number(first), day_number(last)
        out = []
        for n in range(n0, n1 + 1):
            r, li, v = totals.get(n, (0, 0, 0))
            out.append(DayStat(day_of_number(n), r, li, v))
        return out

    def days(self, first: date, last: date, *, zone: tzinfo | None = None) -> list[DayStat]:
        """Reading per local day from ``first`` to ``last`` (inclusive), zeros included."""
        zone = zone or local_zone()
        return self._day_list(self._day_totals(first, last, zone), first, last)

    def today(self, *, zone: tzinfo | None = None, now: float | None = None) -> date:
        """The local date now."""
        return local_datetime(now_or_time(now), zone or local_zone()).date()

    def daily(
        self, count: int = 30, *, zone: tzinfo | None = None, now: float | None = None
    ) -> list[DayStat]:
        """The last ``count`` local days (today last) — the 30-day chart."""
        zone = zone or local_zone()
        today = self.today(zone=zone, now=now)
        return self.days(today - timedelta(days=count - 1), today, zone=zone)

    @staticmethod
    def _weeks(days: Sequence[DayStat], count: int, today: date) -> list[WeekStat]:
        monday = today - timedelta(days=today.weekday())
        first = monday - timedelta(weeks=count - 1)
        sums: dict[date, list[int]] = {first + timedelta(weeks=i): [0, 0, 0] for i in range(count)}
        for d in days:
            if d.day < first or d.day > today:
                continue
            entry = sums[d.day - timedelta(days=d.day.weekday())]
            entry[0] += d.reading_seconds
            entry[1] += d.listening_seconds
            entry[2] += d.pages
        return [WeekStat(k, *v) for k, v in sums.items()]

    def weekly(
        self, count: int = 52, *, zone: tzinfo | None = None, now: float | None = None
    ) -> list[WeekStat]:
        """The last ``count`` local weeks, Monday-based, this week last — the year chart."""
        zone = zone or local_zone()
        today = self.today(zone=zone, now=now)
        first = today - timedelta(days=today.weekday(), weeks=count - 1)
        return self._weeks(self.days(first, today, zone=zone), count, today)

    @staticmethod
    def _heat(days: Sequence[DayStat], first: date) -> dict[date, float]:
        return {d.day: d.minutes for d in days if d.day >= first and d.seconds > 0}

    def heat_map(
        self, count: int = 365, *, zone: tzinfo | None = None, now: float | None = None
    ) -> dict[date, float]:
        """Local day → minutes of reading and listening over the last ``count`` days
        (days without any are left out) — the calendar heat map."""
        zone = zone or local_zone()
        today = self.today(zone=zone, now=now)
        first = today - timedelta(days=count - 1)
        return self._heat(self.days(first, today, zone=zone), first)

    def _history_start(self, zone: tzinfo) -> date | None:
        row = self._one("SELECT min(hour) FROM stat_hours")
        if row is None or row[0] is None:
            return None
        return local_datetime(int(row[0]) * 3600, zone).date()

    @staticmethod
    def _streaks(totals: Mapping[int, list[int]], today: date, min_seconds: int) -> Streaks:
        good = sorted(n for n, (r, li, _) in totals.items() if r + li >= min_seconds)
        longest, best_end, run, prev = 0, None, 0, None
        for n in good:
            run = run + 1 if prev is not None and n == prev + 1 else 1
            if run > longest:
                longest, best_end = run, n
            prev = n
        have = set(good)
        t = day_number(today)
        start = t if t in have else t - 1
        current = 0
        while start - current in have:
            current += 1
        if best_end is None:
            return Streaks(current, 0, None, None, min_seconds)
        return Streaks(
            current,
            longest,
            day_of_number(best_end - longest + 1),
            day_of_number(best_end),
            min_seconds,
        )

    def streaks(
        self,
        *,
        zone: tzinfo | None = None,
        now: float | None = None,
        min_seconds: int = MIN_DAY_SECONDS,
    ) -> Streaks:
        """Current and longest runs of local days with at least ``min_seconds`` of reading."""
        zone = zone or local_zone()
        today = self.today(zone=zone, now=now)
        start = self._history_start(zone)
        if start is None:
            return Streaks(0, 0, None, None, min_seconds)
        return self._streaks(self._day_totals(min(start, today), today, zone), today, min_seconds)

    def clock(
        self, *, zone: tzinfo | None = None, since: float | None = None, now: float | None = None
    ) -> ClockStats:
        """Seconds of reading and listening per local weekday (Monday first) and hour,
        over all history (or since the epoch second ``since``, taken to its whole hour)."""
        zone = zone or local_zone()
        t1 = int(now_or_time(now)) + DAY
        row = self._one("SELECT min(hour) FROM stat_hours")
        first = int(row[0]) * 3600 if row and row[0] is not None else t1
        t0 = max(first, int(since or 0) // 3600 * 3600)
        table, col, size, spans = self._segments(zone, t0, t1)
        per_day, per_hour = DAY // size, 3600 // size
        grid = [[0] * 24 for _ in range(7)]
        for lo, hi, shift in spans:
            # Buckets since a Monday 00:00 local: the epoch was a Thursday (3 days in).
            for slot, seconds in self._all(
                f"""SELECT ({col} + ?) % {7 * per_day}, sum(seconds) FROM {table}
                    WHERE {col} >= ? AND {col} < ? GROUP BY 1""",
                (shift + 3 * per_day, lo, hi),
            ):
                grid[slot // per_day][slot % per_day // per_hour] += int(seconds)
        return ClockStats(
            by_weekday=tuple(sum(r) for r in grid),
            by_hour=tuple(sum(grid[w][h] for w in range(7)) for h in range(24)),
            grid=tuple(tuple(r) for r in grid),
        )

    def finished_per_month(
        self, count: int = 12, *, zone: tzinfo | None = None, now: float | None = None
    ) -> list[MonthFinished]:
        """Books finished in each of the last ``count`` local months (this month last);
        each book counts once, in the month it was first finished."""
        zone = zone or local_zone()
        today = self.today(zone=zone, now=now)
        months = [_add_months(today.replace(day=1), i - count + 1) for i in range(count)]
        t0 = midnight_utc(months[0], zone)
        rows = self._all(
            "SELECT book_id, finished_at FROM stat_books WHERE finished_at >= ? "
            "ORDER BY finished_at, book_id",
            (t0,),
        )
        found: dict[date, list[int]] = {m: [] for m in months}
        for book_id, when in rows:
            month = local_datetime(when, zone).date().replace(day=1)
            if month in found:
                found[month].append(int(book_id))
        return [MonthFinished(m, tuple(ids)) for m, ids in found.items()]

    def goal_progress(
        self, *, zone: tzinfo | None = None, now: float | None = None
    ) -> GoalProgress | None:
        """Today's reading and listening against the daily goal; None when no goal is set."""
        goal = self.goal_minutes()
        if goal is None:
            return None
        (today,) = self.daily(1, zone=zone, now=now)
        return GoalProgress(goal, today.seconds)

    def dashboard(self, *, zone: tzinfo | None = None, now: float | None = None) -> Dashboard:
        """Everything the Statistics view shows on open (one pass over the day sums)."""
        zone = zone or local_zone()
        today = self.today(zone=zone, now=now)
        year_ago = today - timedelta(days=364)
        first_week = today - timedelta(days=today.weekday(), weeks=51)
        start = self._history_start(zone)
        first = min(year_ago, first_week)
        # Streaks need all history, the charts only the last year: one query for both.
        totals = self._day_totals(min(start or first, first), today, zone)
        year = self._day_list(totals, first, today)
        goal = self.goal_minutes()
        paces = {u: p for u in UNITS if (p := self.pace(u, now=now)) is not None}
        return Dashboard(
            today=today,
            daily=year[-30:],
            weekly=self._weeks(year, 52, today),
            heat_map=self._heat(year, year_ago),
            finished=self.finished_per_month(12, zone=zone, now=now),
            streaks=self._streaks(totals, today, MIN_DAY_SECONDS),
            clock=self.clock(zone=zone, now=now),
            goal=GoalProgress(goal, year[-1].seconds) if goal is not None else None,
            total_reading_seconds=sum(r for r, _, _ in totals.values()),
            total_listening_seconds=sum(li for _, li, _ in totals.values()),
            paces=paces,
        )


def _add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
