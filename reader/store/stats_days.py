"""Statistics per local day, week, month, weekday and hour; streaks; the goal; the dashboard.

Day-level figures come from ``stat_quarters`` (per-quarter-hour sums kept by
triggers), bucketed into local days of any time zone at query time.
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
    local_sql,
    local_zone,
    midnight_utc,
    offset_segments,
)

__all__ = ["DayQueries"]


class DayQueries(StatsCore):
    """The overall figures and the series the Statistics view charts."""

    # -- days, weeks, months ------------------------------------------------------

    def _day_totals(self, first: date, last: date, zone: tzinfo) -> dict[int, list[int]]:
        """Local day number → [reading s, listening s, views] over ``first`` … ``last``."""
        t0, t1 = midnight_utc(first, zone), midnight_utc(last + timedelta(days=1), zone)
        local, params = local_sql(f"quarter * {QUARTER_SECONDS}", offset_segments(zone, t0, t1))
        rows = self._all(
            f"""SELECT l / {DAY}, kind, sum(seconds), sum(views) FROM (
                  SELECT {local} AS l, kind, seconds, views FROM stat_quarters
                  WHERE quarter >= ? AND quarter < ?)
                GROUP BY 1, 2""",
            (*params, t0 // QUARTER_SECONDS, -(-t1 // QUARTER_SECONDS)),
        )
        out: dict[int, list[int]] = {}
        for day, kind, seconds, views in rows:
            entry = out.setdefault(int(day), [0, 0, 0])
            entry[1 if kind == Kind.LISTENING else 0] += int(seconds)
            entry[2] += int(views)
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
        row = self._one("SELECT min(quarter) FROM stat_quarters")
        if row is None or row[0] is None:
            return None
        return local_datetime(int(row[0]) * QUARTER_SECONDS, zone).date()

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
        over all history (or since the epoch second ``since``)."""
        zone = zone or local_zone()
        t1 = int(now_or_time(now)) + DAY
        row = self._one("SELECT min(quarter) FROM stat_quarters")
        first_q = int(row[0]) if row and row[0] is not None else t1 // QUARTER_SECONDS
        t0 = max(first_q * QUARTER_SECONDS, int(since or 0))
        local, params = local_sql(f"quarter * {QUARTER_SECONDS}", offset_segments(zone, t0, t1))
        rows = self._all(
            f"""SELECT (l / {DAY} + 3) % 7, l % {DAY} / 3600, sum(seconds) FROM (
                  SELECT {local} AS l, seconds FROM stat_quarters
                  WHERE quarter >= ? AND quarter < ?)
                GROUP BY 1, 2""",
            (*params, t0 // QUARTER_SECONDS, -(-t1 // QUARTER_SECONDS)),
        )
        grid = [[0] * 24 for _ in range(7)]
        for wd, hour, seconds in rows:
            grid[int(wd)][int(hour)] += int(seconds)
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
        first = min(d for d in (start, year_ago, first_week) if d is not None)
        totals = self._day_totals(first, today, zone)
        all_days = self._day_list(totals, first, today)
        goal = self.goal_minutes()
        paces = {u: p for u in UNITS if (p := self.pace(u, now=now)) is not None}
        return Dashboard(
            today=today,
            daily=all_days[-30:],
            weekly=self._weeks(all_days, 52, today),
            heat_map=self._heat(all_days, year_ago),
            finished=self.finished_per_month(12, zone=zone, now=now),
            streaks=self._streaks(totals, today, MIN_DAY_SECONDS),
            clock=self.clock(zone=zone, now=now),
            goal=GoalProgress(goal, all_days[-1].seconds) if goal is not None else None,
            total_reading_seconds=sum(d.reading_seconds for d in all_days),
            total_listening_seconds=sum(d.listening_seconds for d in all_days),
            paces=paces,
        )


def _add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
