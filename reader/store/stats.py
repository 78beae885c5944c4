"""Reading statistics in the store: page views written in batches, and the figures read back.

``store.stats`` is a :class:`Stats`. The ui records with a
:class:`~reader.store.stats_recorder.PageViewRecorder` (re-exported here), which
hands finished page views to :meth:`Stats.add_views` in batches. Everything else
here is a query: per day, week, month, weekday and hour in the reader's local time
zone (any ``tzinfo``; views are stored in UTC and bucketed at query time); streaks;
pace per unit (words, or CJK characters) for "time left"; one book's figures, time
per chapter and pace over time; the optional daily goal.

A page view counts on the local day (and hour) it *started*: views are capped at
the idle limit (five minutes by default), so at most that much of a view that
spans midnight lands on the day before. Day, week, heat-map, streak and clock
figures add reading and listening together (:class:`DayStat` and
:class:`WeekStat` also keep them apart); pace is reading only.

The day-level figures come from ``stat_hours`` / ``stat_quarters``, sums per UTC
hour and quarter hour kept by triggers, so opening the Statistics view sums a few
thousand rows however long the history. Nothing here leaves the local store; :meth:`Stats.clear`
deletes one book's statistics or all of them.
"""

from __future__ import annotations

from reader.store.stats_books import BookQueries
from reader.store.stats_core import StatBook
from reader.store.stats_days import DayQueries
from reader.store.stats_recorder import PageViewRecorder

__all__ = ["PageViewRecorder", "StatBook", "Stats"]


class Stats(DayQueries, BookQueries):
    """``store.stats``: page views and everything computed from them (see the module
    docstring). Recording: :meth:`add_views` (via :class:`PageViewRecorder`); the
    Statistics view: :meth:`dashboard`, :meth:`book_stats`, :meth:`chapter_times`,
    :meth:`book_pace`; "time left": :meth:`pace` / :meth:`seconds_to_read`; privacy:
    :meth:`clear`."""
