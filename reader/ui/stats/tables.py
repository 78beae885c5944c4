"""The text alternative of every chart: a title, a sentence that sums it up, and its table.

Qt-free. Each chart of the Statistics view is drawn from one :class:`ChartTable`:
its summary is the chart's accessible description (what a screen reader says),
and :meth:`ChartTable.as_text` is what "Copy as text" puts on the clipboard and
what the table view shows, so the picture and its words never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from reader.store.stats_models import (
    CHARS,
    BookStats,
    ChapterTime,
    Dashboard,
    PacePoint,
)

__all__ = [
    "HOURS",
    "WEEKDAYS",
    "ChartTable",
    "chapter_table",
    "clock_tables",
    "daily_table",
    "finished_table",
    "format_minutes",
    "heat_table",
    "pace_table",
    "unit_name",
    "weekly_table",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = tuple(f"{h:02d}:00" for h in range(24))


def format_minutes(seconds: float) -> str:
    """``"1 h 05 min"``, ``"12 min"``, ``"0 min"`` (whole minutes)."""
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def unit_name(unit: str) -> str:
    """``"words"`` or ``"characters"``."""
    return "characters" if unit == CHARS else "words"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%b')} {d.year}"


def _mins(seconds: float) -> str:
    return f"{seconds / 60:.0f}"


@dataclass(frozen=True)
class ChartTable:
    """A chart in words: title, one-paragraph summary, and the table it is drawn from."""

    title: str
    summary: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)

    def as_text(self) -> str:
        """Title, summary and the table as tab-separated lines (for the clipboard)."""
        lines = [self.title, self.summary, "", "\t".join(self.columns)]
        lines += ["\t".join(row) for row in self.rows]
        return "\n".join(lines) + "\n"


def daily_table(dash: Dashboard) -> ChartTable:
    """Minutes per day over the last 30 days (and the daily goal)."""
    days = dash.daily
    read = [d for d in days if d.seconds > 0]
    total = sum(d.seconds for d in days)
    goal = dash.goal.goal_minutes if dash.goal is not None else None
    if read:
        best = max(read, key=lambda d: d.seconds)
        summary = (
            f"Over the last {len(days)} days you read {format_minutes(total)} on "
            f"{len(read)} days, most on {_day(best.day)} ({format_minutes(best.seconds)})."
        )
    else:
        summary = f"No reading in the last {len(days)} days."
    columns: tuple[str, ...] = ("Date", "Reading (min)", "Listening (min)")
    if goal is not None:
        met = sum(1 for d in days if d.seconds >= goal * 60)
        summary += f" Your goal of {goal} min a day was reached on {met} of them."
        columns += ("Goal reached",)
    rows: list[tuple[str, ...]] = []
    for d in days:
        row: tuple[str, ...] = (d.day.isoformat(), _mins(d.reading_seconds),
                                _mins(d.listening_seconds))  # fmt: skip
        if goal is not None:
            row += ("yes" if d.seconds >= goal * 60 else "no",)
        rows.append(row)
    return ChartTable("Minutes per day, last 30 days", summary, columns, rows)


def weekly_table(dash: Dashboard) -> ChartTable:
    """Minutes per week over the last 52 weeks."""
    weeks = dash.weekly
    read = [w for w in weeks if w.minutes > 0]
    if read:
        best = max(read, key=lambda w: w.minutes)
        avg = sum(w.minutes for w in weeks) / len(weeks)
        summary = (
            f"You read in {len(read)} of the last {len(weeks)} weeks, {avg:.0f} min a week "
            f"on average; the most in the week of {_day(best.week_start)} "
            f"({format_minutes(best.minutes * 60)})."
        )
    else:
        summary = f"No reading in the last {len(weeks)} weeks."
    rows = [
        (w.week_start.isoformat(), _mins(w.reading_seconds), _mins(w.listening_seconds))
        for w in weeks
    ]
    return ChartTable(
        "Minutes per week, last year",
        summary,
        ("Week of (Monday)", "Reading (min)", "Listening (min)"),
        rows,
    )


def heat_table(dash: Dashboard) -> ChartTable:
    """The calendar of the last year: the days with reading."""
    days = sorted(dash.heat_map.items())
    first = dash.today - timedelta(days=364)
    if days:
        best_day, best = max(days, key=lambda kv: kv[1])
        summary = (
            f"You read on {len(days)} of the last 365 days (since {_day(first)}); "
            f"the most on {_day(best_day)} ({format_minutes(best * 60)})."
        )
    else:
        summary = "No reading in the last year."
    rows = [(d.isoformat(), f"{m:.0f}") for d, m in days]
    return ChartTable("Reading calendar, last year", summary, ("Date", "Minutes"), rows)


def finished_table(dash: Dashboard, titles: Mapping[int, str]) -> ChartTable:
    """Books finished per month over the last 12 months (titles in the table)."""
    months = dash.finished
    total = sum(m.count for m in months)
    if total:
        best = max(months, key=lambda m: m.count)
        summary = (
            f"You finished {total} book{'s' if total != 1 else ''} in the last "
            f"{len(months)} months, the most in {best.month.strftime('%B %Y')} ({best.count})."
        )
    else:
        summary = f"No book finished in the last {len(months)} months."
    rows = [
        (
            m.month.strftime("%Y-%m"),
            str(m.count),
            "; ".join(titles.get(i, f"Book {i}") for i in m.book_ids),
        )
        for m in months
    ]
    return ChartTable("Books finished per month", summary, ("Month", "Books", "Titles"), rows)


def clock_tables(dash: Dashboard) -> tuple[ChartTable, ChartTable]:
    """Time per weekday and per hour of the day, over all history."""
    by_day, by_hour = dash.clock.by_weekday, dash.clock.by_hour
    total = sum(by_day)
    if total:
        day = max(range(7), key=lambda i: by_day[i])
        hour = max(range(24), key=lambda i: by_hour[i])
        day_summary = (
            f"You read most on {WEEKDAYS[day]}s ({format_minutes(by_day[day])} in all) "
            f"and least on {WEEKDAYS[min(range(7), key=lambda i: by_day[i])]}s."
        )
        hour_summary = (
            f"Your favourite hour is {HOURS[hour]}–{(hour + 1) % 24:02d}:00 "
            f"({format_minutes(by_hour[hour])} in all)."
        )
    else:
        day_summary = hour_summary = "No reading recorded yet."
    days = ChartTable(
        "By weekday",
        day_summary,
        ("Weekday", "Minutes"),
        [(WEEKDAYS[i], _mins(by_day[i])) for i in range(7)],
    )
    hours = ChartTable(
        "By hour of the day",
        hour_summary,
        ("Hour", "Minutes"),
        [(HOURS[i], _mins(by_hour[i])) for i in range(24)],
    )
    return days, hours


def chapter_table(
    chapters: Sequence[ChapterTime], names: Sequence[str], what: str = "chapter"
) -> ChartTable:
    """One book's time per chapter (``names`` one per chapter; ``what`` names the parts)."""
    total = sum(c.reading_seconds + c.listening_seconds for c in chapters)
    read = [c for c in chapters if c.reading_seconds + c.listening_seconds > 0]
    if read:
        best = max(read, key=lambda c: c.reading_seconds + c.listening_seconds)
        most = format_minutes(best.reading_seconds + best.listening_seconds)
        summary = (
            f"{format_minutes(total)} over {len(read)} of {len(chapters)} {what}s; the longest "
            f"was {what} {best.index + 1} ({most})."
        )
    else:
        summary = f"No time recorded in this book's {what}s yet."
    rows = [
        (
            str(c.index + 1),
            names[c.index] if c.index < len(names) else "",
            _mins(c.reading_seconds),
            _mins(c.listening_seconds),
            str(c.pages),
        )
        for c in chapters
    ]
    title = "Time per chapter" if what == "chapter" else f"Time per {what} of the book"
    return ChartTable(
        title,
        summary,
        (what.capitalize(), "Title", "Reading (min)", "Listening (min)", "Page views"),
        rows,
    )


def pace_table(points: Sequence[PacePoint], unit: str) -> ChartTable:
    """One book's reading pace per session, oldest first."""
    name = unit_name(unit)
    if points:
        paces = [p.per_minute for p in points]
        summary = (
            f"{len(points)} reading session{'s' if len(points) != 1 else ''}, from "
            f"{paces[0]:.0f} to {paces[-1]:.0f} {name} a minute (slowest {min(paces):.0f}, "
            f"fastest {max(paces):.0f})."
        )
    else:
        summary = "No reading pace measured in this book yet."
    rows = [
        (
            p.start.strftime("%Y-%m-%d %H:%M"),
            _mins(p.seconds),
            str(p.units),
            f"{p.per_minute:.0f}",
        )
        for p in points
    ]
    return ChartTable(
        "Pace over time",
        summary,
        ("Session start", "Minutes", name.capitalize(), f"{name.capitalize()} a minute"),
        rows,
    )


def book_summary(stats: BookStats) -> str:
    """One book's figures in a sentence or two (plain text)."""
    parts = [f"{format_minutes(stats.reading_seconds)} reading"]
    if stats.listening_seconds:
        parts.append(f"{format_minutes(stats.listening_seconds)} listening")
    parts.append(f"{stats.sessions} session{'s' if stats.sessions != 1 else ''}")
    if stats.pace is not None:
        parts.append(f"{stats.pace.per_minute:.0f} {unit_name(stats.unit)} a minute")
    parts.append(f"{stats.percent:.0f}% read")
    text = ", ".join(parts) + "."
    dates = []
    if stats.started is not None:
        dates.append(f"Started {_day(stats.started.date())}")
    if stats.finished is not None:
        dates.append(f"finished {_day(stats.finished.date())}")
    elif stats.seconds_to_finish is not None and stats.percent < 100:
        dates.append(f"about {format_minutes(stats.seconds_to_finish)} to the end")
    if dates:
        text += " " + ", ".join(dates) + "."
    return text
