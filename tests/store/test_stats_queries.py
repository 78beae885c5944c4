"""Statistics figures: chart data for a known history, streaks across days, zones and DST,
pace, one book's figures, the goal, and clearing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reader.store.db import Store, open_store
from reader.store.stats_models import (
    CHARS,
    FRACTION_SCALE,
    MIN_DAY_SECONDS,
    ChapterTime,
    DayStat,
    Kind,
    Pace,
    PageView,
    WeekStat,
)
from reader.store.stats_time import midnight_utc, offset_segments

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def at(zone: ZoneInfo, y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> int:
    """UTC epoch seconds of a local wall-clock time (the first one, if it occurs twice)."""
    return int(datetime(y, mo, d, h, mi, tzinfo=zone).timestamp())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "library.db") as s:
        yield s


def book(
    store: Store, key: str, title: str = "", length: int = 100_000, unit: str = "words"
) -> int:
    rec, _ = store.library.upsert_book(
        book_key=key,
        path=f"/books/{key}.txt",
        title=title or key,
        author="A. Writer",
        length=length,
        length_unit=unit,
    )
    return rec.id


def view(
    book_id: int, when: int, seconds: int, *, kind: Kind = Kind.READING, units: int = 0,
    start: int = 0, unit: str = "words",
) -> PageView:  # fmt: skip
    return PageView(book_id, start, start + 1000, when, seconds, kind, units, unit)


# ------------------------------------------------------------ a known history, Berlin


@pytest.fixture
def history(store: Store) -> dict[str, int]:
    """Two books read in Berlin in May and June 2024; "now" is Sat 15 June 2024, 20:00."""
    a, b = book(store, "aaa-1", "Anna"), book(store, "bbb-2", "Bleak")
    z = BERLIN
    views = [
        # a four-day run in May
        *(view(a, at(z, 2024, 5, d, 21), 120, units=300) for d in (1, 2, 3, 4)),
        view(b, at(z, 2024, 6, 3, 7, 30), 600, units=1500),  # Monday of the week before
        view(a, at(z, 2024, 6, 10, 19), 200, units=500),  # Monday
        view(a, at(z, 2024, 6, 11, 19), 30, units=75),  # Tuesday: below the streak minimum
        view(a, at(z, 2024, 6, 12, 6, 15), 90, units=220),
        view(b, at(z, 2024, 6, 14, 22), 600, units=1600),
        view(b, at(z, 2024, 6, 14, 23), 120, kind=Kind.LISTENING, units=300),
        *(view(b, at(z, 2024, 6, 15, 8) + 100 * i, 100, units=260) for i in range(3)),
    ]
    assert store.stats.add_views(
        views, finished={a: at(z, 2024, 5, 4, 21), b: at(z, 2024, 6, 14, 22)}
    ) == len(views)
    return {"a": a, "b": b, "now": at(z, 2024, 6, 15, 20)}


def test_daily_series(store: Store, history: dict[str, int]) -> None:
    days = store.stats.daily(6, zone=BERLIN, now=history["now"])
    assert days == [
        DayStat(date(2024, 6, 10), 200, 0, 1),
        DayStat(date(2024, 6, 11), 30, 0, 1),
        DayStat(date(2024, 6, 12), 90, 0, 1),
        DayStat(date(2024, 6, 13), 0, 0, 0),
        DayStat(date(2024, 6, 14), 600, 120, 2),
        DayStat(date(2024, 6, 15), 300, 0, 3),
    ]
    thirty = store.stats.daily(zone=BERLIN, now=history["now"])
    assert len(thirty) == 30 and thirty[0].day == date(2024, 5, 17) and thirty[-1] == days[-1]
    assert days[4].minutes == 12.0


def test_weekly_series(store: Store, history: dict[str, int]) -> None:
    weeks = store.stats.weekly(3, zone=BERLIN, now=history["now"])
    assert weeks == [
        WeekStat(date(2024, 5, 27), 0, 0, 0),
        WeekStat(date(2024, 6, 3), 600, 0, 1),
        WeekStat(date(2024, 6, 10), 200 + 30 + 90 + 600 + 300, 120, 8),
    ]
    year = store.stats.weekly(zone=BERLIN, now=history["now"])
    assert len(year) == 52 and year[-1] == weeks[-1]
    assert year[-7].week_start == date(2024, 4, 29) and year[-7].reading_seconds == 480


def test_heat_map(store: Store, history: dict[str, int]) -> None:
    heat = store.stats.heat_map(zone=BERLIN, now=history["now"])
    assert heat == {
        date(2024, 5, 1): 2.0,
        date(2024, 5, 2): 2.0,
        date(2024, 5, 3): 2.0,
        date(2024, 5, 4): 2.0,
        date(2024, 6, 3): 10.0,
        date(2024, 6, 10): 200 / 60,
        date(2024, 6, 11): 0.5,
        date(2024, 6, 12): 1.5,
        date(2024, 6, 14): 12.0,
        date(2024, 6, 15): 5.0,
    }
    assert store.stats.heat_map(40, zone=BERLIN, now=history["now"]).keys() == {
        date(2024, 6, d) for d in (3, 10, 11, 12, 14, 15)
    }


def test_streaks(store: Store, history: dict[str, int]) -> None:
    streaks = store.stats.streaks(zone=BERLIN, now=history["now"])
    assert (streaks.current, streaks.longest) == (2, 4)
    assert (streaks.longest_start, streaks.longest_end) == (date(2024, 5, 1), date(2024, 5, 4))
    assert streaks.min_seconds == MIN_DAY_SECONDS
    # Sunday morning, nothing read yet: the streak is still alive…
    sunday = at(BERLIN, 2024, 6, 16, 9)
    assert store.stats.streaks(zone=BERLIN, now=sunday).current == 2
    # …and broken on Monday.
    assert store.stats.streaks(zone=BERLIN, now=at(BERLIN, 2024, 6, 17, 9)).current == 0
    # A lower minimum lets Tuesday's 30 s count: 10–12 June joins up.
    low = store.stats.streaks(zone=BERLIN, now=history["now"], min_seconds=30)
    assert (low.current, low.longest, low.longest_start) == (2, 4, date(2024, 5, 1))
    assert store.stats.streaks(zone=BERLIN, now=history["now"], min_seconds=1).longest == 4


def test_clock(store: Store, history: dict[str, int]) -> None:
    clock = store.stats.clock(zone=BERLIN, now=history["now"])
    assert clock.grid[5][8] == 300  # Saturday 8:00
    assert clock.grid[4][22] == 600 and clock.grid[4][23] == 120  # Friday evening
    assert clock.grid[0][7] == 600 and clock.grid[0][19] == 200  # Mondays
    assert clock.by_hour[21] == 480 and clock.by_hour[19] == 230
    assert clock.by_weekday == (800, 30, 210, 120, 840, 420, 0)
    assert sum(clock.by_hour) == sum(clock.by_weekday) == 2420
    since = store.stats.clock(zone=BERLIN, now=history["now"], since=at(BERLIN, 2024, 6, 14, 0))
    assert sum(since.by_weekday) == 1020


def test_books_finished_per_month(store: Store, history: dict[str, int]) -> None:
    months = store.stats.finished_per_month(zone=BERLIN, now=history["now"])
    assert [m.month for m in months] == [date(2023, 7, 1)] + [
        date(2023 + (6 + i) // 12, (6 + i) % 12 + 1, 1) for i in range(1, 12)
    ]
    assert {m.month: m.book_ids for m in months if m.count} == {
        date(2024, 5, 1): (history["a"],),
        date(2024, 6, 1): (history["b"],),
    }


def test_dashboard_bundles_the_same_figures(store: Store, history: dict[str, int]) -> None:
    now = history["now"]
    store.stats.set_goal_minutes(10)
    dash = store.stats.dashboard(zone=BERLIN, now=now)
    assert dash.today == date(2024, 6, 15)
    assert dash.daily == store.stats.daily(zone=BERLIN, now=now)
    assert dash.weekly == store.stats.weekly(zone=BERLIN, now=now)
    assert dash.heat_map == store.stats.heat_map(zone=BERLIN, now=now)
    assert dash.finished == store.stats.finished_per_month(zone=BERLIN, now=now)
    assert dash.streaks == store.stats.streaks(zone=BERLIN, now=now)
    assert dash.clock == store.stats.clock(zone=BERLIN, now=now)
    assert dash.goal is not None and (dash.goal.goal_minutes, dash.goal.today_seconds) == (10, 300)
    assert dash.goal.fraction == 0.5 and not dash.goal.met
    assert (dash.total_reading_seconds, dash.total_listening_seconds) == (2300, 120)
    assert dash.paces["words"] == Pace("words", 4675, 1820)  # June views (30 days back)
    assert "chars" not in dash.paces


def test_an_empty_store_has_empty_figures(store: Store) -> None:
    now = at(BERLIN, 2024, 6, 15)
    dash = store.stats.dashboard(zone=BERLIN, now=now)
    assert all(d.seconds == 0 for d in dash.daily) and len(dash.daily) == 30
    assert dash.heat_map == {} and dash.streaks.current == dash.streaks.longest == 0
    assert sum(dash.clock.by_hour) == 0 and all(m.count == 0 for m in dash.finished)
    assert dash.goal is None and dash.paces == {}
    assert store.stats.pace(now=now) is None and store.stats.seconds_to_read(500, now=now) is None


# ------------------------------------------------------------ days and time zones


def test_offset_segments_find_the_daylight_saving_changes() -> None:
    t0, t1 = at(BERLIN, 2024, 1, 1, 0), at(BERLIN, 2025, 1, 1, 0)
    assert offset_segments(BERLIN, t0, t1) == (
        (t0, 3600),
        (int(datetime(2024, 3, 31, 1, tzinfo=UTC).timestamp()), 7200),
        (int(datetime(2024, 10, 27, 1, tzinfo=UTC).timestamp()), 3600),
    )
    # A span that ends just before a change has one segment, and its days hold only theirs.
    before = at(BERLIN, 2024, 3, 29, 0), at(BERLIN, 2024, 3, 31, 0)
    assert offset_segments(BERLIN, *before) == ((before[0], 3600),)
    # A midnight that does not exist (Chile springs forward at 00:00): the day starts at 01:00.
    santiago = ZoneInfo("America/Santiago")
    start = midnight_utc(date(2024, 9, 8), santiago)
    assert datetime.fromtimestamp(start, UTC) == datetime(2024, 9, 8, 4, tzinfo=UTC)


def test_streak_across_the_spring_forward_night_in_berlin(store: Store) -> None:
    """31 March 2024 has 23 hours; 00:30 on 1 April is still 31 March in UTC."""
    a = book(store, "spring-1")
    store.stats.add_views(
        [
            view(a, at(BERLIN, 2024, 3, 30, 23, 30), 120),
            view(a, at(BERLIN, 2024, 3, 31, 23, 30), 120),
            view(a, at(BERLIN, 2024, 4, 1, 0, 30), 120),
            view(a, at(BERLIN, 2024, 4, 2, 0, 5), 120),
        ]
    )
    assert datetime.fromtimestamp(at(BERLIN, 2024, 4, 1, 0, 30), UTC).day == 31
    before = store.stats.days(date(2024, 3, 29), date(2024, 3, 30), zone=BERLIN)
    assert [d.reading_seconds for d in before] == [0, 120]  # nothing from after the range
    now = at(BERLIN, 2024, 4, 2, 20)
    streaks = store.stats.streaks(zone=BERLIN, now=now)
    assert (streaks.current, streaks.longest) == (4, 4)
    days = store.stats.days(date(2024, 3, 30), date(2024, 4, 2), zone=BERLIN)
    assert [(d.day.day, d.reading_seconds) for d in days] == [
        (30, 120),
        (31, 120),
        (1, 120),
        (2, 120),
    ]
    # The same views bucketed in UTC: 1 April's view lands on 31 March, and 1 April has none.
    utc_days = store.stats.days(date(2024, 3, 30), date(2024, 4, 2), zone=UTC)
    assert [(d.day.day, d.reading_seconds) for d in utc_days] == [
        (30, 120),
        (31, 240),
        (1, 120),
        (2, 0),
    ]
    assert store.stats.streaks(zone=UTC, now=now).current == 3


def test_the_25_hour_day_in_autumn_is_one_day(store: Store) -> None:
    a = book(store, "autumn-1")
    store.stats.add_views(
        [
            view(a, at(BERLIN, 2024, 10, 26, 23, 50), 300),  # CEST
            view(a, at(BERLIN, 2024, 10, 27, 0, 10), 60),  # CEST, Sunday's first minutes
            view(a, int(datetime(2024, 10, 27, 1, 30, tzinfo=UTC).timestamp()), 90),  # 02:30 again
            view(a, at(BERLIN, 2024, 10, 27, 23, 50), 200),  # CET, 25 hours after midnight
            view(a, at(BERLIN, 2024, 10, 28, 0, 5), 100),
        ]
    )
    days = store.stats.days(date(2024, 10, 26), date(2024, 10, 28), zone=BERLIN)
    assert [(d.day.day, d.reading_seconds, d.pages) for d in days] == [
        (26, 300, 1),
        (27, 350, 3),
        (28, 100, 1),
    ]
    clock = store.stats.clock(zone=BERLIN, now=at(BERLIN, 2024, 10, 29))
    assert clock.grid[6][2] == 90  # Sunday 02:30 (the second, CET one)


def test_new_york_daylight_saving_and_a_traveller_seeing_the_same_views(store: Store) -> None:
    a = book(store, "ny-1")
    store.stats.add_views(
        [
            view(a, at(NEW_YORK, 2024, 3, 9, 23, 30), 120),
            view(a, at(NEW_YORK, 2024, 3, 10, 23, 30), 120),  # the 23-hour day
            view(a, at(NEW_YORK, 2024, 11, 2, 23, 0), 120),
            view(a, at(NEW_YORK, 2024, 11, 3, 23, 30), 120),  # the 25-hour day
            view(a, at(NEW_YORK, 2024, 11, 4, 0, 10), 120),
        ]
    )
    spring = store.stats.days(date(2024, 3, 9), date(2024, 3, 10), zone=NEW_YORK)
    assert [d.reading_seconds for d in spring] == [120, 120]
    autumn = store.stats.streaks(zone=NEW_YORK, now=at(NEW_YORK, 2024, 11, 4, 9))
    assert (autumn.current, autumn.longest) == (3, 3)
    # Stored in UTC, bucketed at query time: seen from Tokyo, the late-evening views
    # fall on the next day.
    tokyo = store.stats.days(date(2024, 3, 10), date(2024, 3, 11), zone=TOKYO)
    assert [d.reading_seconds for d in tokyo] == [120, 120]
    tokyo_nov = store.stats.days(date(2024, 11, 3), date(2024, 11, 4), zone=TOKYO)
    assert [d.reading_seconds for d in tokyo_nov] == [120, 240]


def test_zones_a_half_or_quarter_hour_from_utc(store: Store) -> None:
    """India is UTC+5:30, Nepal +5:45: an hour of UTC holds two local days there."""
    kolkata, kathmandu = ZoneInfo("Asia/Kolkata"), ZoneInfo("Asia/Kathmandu")
    a = book(store, "india-1")
    before, after = at(kolkata, 2024, 2, 1, 23, 40), at(kolkata, 2024, 2, 2, 0, 10)
    assert before // 3600 == after // 3600  # the same UTC hour
    store.stats.add_views([view(a, before, 120), view(a, after, 60)])
    days = store.stats.days(date(2024, 2, 1), date(2024, 2, 2), zone=kolkata)
    assert [(d.reading_seconds, d.pages) for d in days] == [(120, 1), (60, 1)]
    clock = store.stats.clock(zone=kolkata, now=after + 3600)
    assert (clock.grid[3][23], clock.grid[4][0]) == (120, 60)  # Thursday 23:40, Friday 0:10
    nepal = store.stats.clock(zone=kathmandu, now=after + 3600)
    assert (nepal.grid[3][23], nepal.grid[4][0]) == (120, 60)  # 23:55 and 0:25 there
    assert store.stats.streaks(zone=kolkata, now=after + 3600).current == 2
    assert store.stats.streaks(zone=BERLIN, now=after + 3600).current == 1  # 19:10 and 19:40


def test_a_view_across_midnight_counts_on_the_day_it_started(store: Store) -> None:
    a = book(store, "midnight-1")
    store.stats.add_views([view(a, at(BERLIN, 2024, 7, 1, 23, 58), 300)])
    days = store.stats.days(date(2024, 7, 1), date(2024, 7, 2), zone=BERLIN)
    assert [(d.reading_seconds, d.pages) for d in days] == [(300, 1), (0, 0)]
    assert store.stats.streaks(zone=BERLIN, now=at(BERLIN, 2024, 7, 2, 1)).current == 1


# ------------------------------------------------------------ pace and one book


def test_pace_per_unit_leaves_out_skims_and_old_reading(store: Store) -> None:
    en, zh = book(store, "en-1"), book(store, "zh-1", length=300_000, unit=CHARS)
    now = at(BERLIN, 2024, 6, 30, 12)
    store.stats.add_views(
        [
            view(en, now - 86400 * 2, 60, units=250),
            view(en, now - 86400 * 2 + 60, 120, units=500),
            view(en, now - 86400 * 2 + 180, 3, units=300),  # skimmed: 6000 wpm
            view(en, now - 86400 * 40, 600, units=1000),  # older than 30 days
            view(zh, now - 86400, 150, units=1000, unit=CHARS),
            view(en, now - 86400, 100, kind=Kind.LISTENING, units=900),  # listening: no pace
        ]
    )
    assert store.stats.pace("words", now=now) == Pace("words", 750, 180)
    assert store.stats.pace("words", now=now).per_minute == 250.0  # type: ignore[union-attr]
    assert store.stats.pace(CHARS, now=now) == Pace(CHARS, 1000, 150)
    assert store.stats.seconds_to_read(1000, now=now) == 240.0
    assert store.stats.seconds_to_read(400, CHARS, now=now) == 60.0
    # Ten weeks later the last 30 days are empty: pace looks back further.
    later = now + 86400 * 70
    assert store.stats.pace("words", now=later) == Pace("words", 1750, 780)
    with pytest.raises(ValueError):
        store.stats.pace("syllables", now=now)


def test_one_books_figures(store: Store) -> None:
    a = book(store, "book-1", length=90_000)
    t = at(BERLIN, 2024, 6, 1, 20)
    store.stats.add_views(
        [
            view(a, t, 120, units=500),
            view(a, t + 120 + 29 * 60, 120, units=500),  # 29 min later: same session
            view(a, t + 240 + 29 * 60 + 30 * 60, 120, units=500),  # 30 min later: a new one
            view(a, t + 86400, 240, units=1000),  # next day
            view(a, t + 86400 + 240, 60, kind=Kind.LISTENING, units=400),
        ],
        finished={},
    )
    store.annotations.save_progress(a, 40_000, 30.0)
    stats = store.stats.book_stats(a, zone=BERLIN, now=t + 2 * 86400)
    assert stats is not None
    assert (stats.reading_seconds, stats.listening_seconds, stats.pages) == (600, 60, 5)
    assert stats.sessions == 3
    assert stats.pace == Pace("words", 2500, 600) and stats.unit == "words"
    assert stats.percent == 30.0 and stats.length == 90_000
    assert stats.started == datetime(2024, 6, 1, 20, tzinfo=BERLIN)
    assert stats.last_read == datetime(2024, 6, 2, 20, 5, tzinfo=BERLIN)
    assert stats.finished is None
    assert stats.seconds_to_finish == pytest.approx(63_000 / (2500 / 600))
    assert (stats.title, stats.author, stats.book_key) == ("book-1", "A. Writer", "book-1")
    assert store.stats.book_stats(999) is None
    # A book with no views of its own is projected with the reader's recent pace.
    b = book(store, "book-2", length=10_000)
    other = store.stats.book_stats(b, zone=BERLIN, now=t + 2 * 86400)
    assert other is not None and other.pace is None and other.pages == 0
    assert other.seconds_to_finish == pytest.approx(10_000 / (2500 / 600))
    assert [s.book_id for s in store.stats.all_book_stats(zone=BERLIN, now=t)] == [a]
    days = store.stats.book_days(a, zone=BERLIN)
    assert days == [DayStat(date(2024, 6, 1), 360, 0, 3), DayStat(date(2024, 6, 2), 240, 60, 2)]


def test_time_per_chapter_and_pace_over_time(store: Store) -> None:
    a = book(store, "chap-1")
    t = at(BERLIN, 2024, 6, 1, 20)
    store.stats.add_views(
        [
            view(a, t, 100, start=50, units=300),  # before the first chapter: counted in it
            view(a, t + 100, 100, start=1000, units=400),
            view(a, t + 200, 200, start=5000, units=500),
            view(a, t + 400, 60, start=5500, kind=Kind.LISTENING, units=200),
            view(a, t + 86400, 300, start=9000, units=1500),
            view(a, t + 86400 + 300, 2, start=9800, units=900),  # skimmed
            PageView(a, 950_000, 960_000, t + 86400 * 3, 50, offset_scale=FRACTION_SCALE),
        ]
    )
    assert store.stats.chapter_times(a, [100, 4000, 9000]) == [
        ChapterTime(0, 100, 200, 0, 2),
        ChapterTime(1, 4000, 200, 60, 2),
        ChapterTime(2, 9000, 302, 0, 2),  # the fractional view is left out: no length known
    ]
    with_length = store.stats.chapter_times(a, [100, 4000, 9000], text_length=10_000)
    assert with_length[2] == ChapterTime(2, 9000, 352, 0, 3)  # 95 % of 10,000 code points
    assert store.stats.chapter_times(a, []) == []
    sessions = store.stats.book_pace(a, zone=BERLIN)
    assert [(p.start, p.seconds, p.units) for p in sessions] == [
        (datetime(2024, 6, 1, 20, tzinfo=BERLIN), 400, 1200),
        (datetime(2024, 6, 2, 20, tzinfo=BERLIN), 300, 1500),
    ]
    assert sessions[0].per_minute == 180.0
    by_day = store.stats.book_pace(a, by="day", zone=BERLIN)
    assert [(p.start, p.seconds) for p in by_day] == [
        (datetime(2024, 6, 1, tzinfo=BERLIN), 400),
        (datetime(2024, 6, 2, tzinfo=BERLIN), 300),
    ]


# ------------------------------------------------------------ goal, settings, clearing


def test_goal_and_settings(store: Store) -> None:
    a = book(store, "goal-1")
    now = at(BERLIN, 2024, 6, 1, 21)
    assert store.stats.goal_progress(zone=BERLIN, now=now) is None
    store.stats.set_goal_minutes(15)
    assert store.settings.get("stats.daily_goal_minutes") == 15
    store.stats.add_views([view(a, at(BERLIN, 2024, 6, 1, 8), 300), view(a, now - 600, 600)])
    store.stats.add_views([view(a, at(BERLIN, 2024, 5, 31, 23), 300)])  # yesterday
    goal = store.stats.goal_progress(zone=BERLIN, now=now)
    assert goal is not None and goal.today_seconds == 900 and goal.met and goal.fraction == 1.0
    store.stats.set_goal_minutes(None)
    assert store.stats.goal_minutes() is None
    assert store.stats.idle_limit() == 300
    store.stats.set_idle_limit(120)
    assert store.stats.idle_limit() == 120
    store.stats.set_idle_limit(None)
    assert store.stats.idle_limit() == 300
    assert store.stats.recording_enabled()
    store.stats.set_recording_enabled(False)
    assert not store.stats.recording_enabled()


def _summary_matches(store: Store) -> bool:
    """Both sums the triggers keep agree with the page views, bucket by bucket."""
    ok = True
    for table, col, size in (("stat_hours", "hour", 3600), ("stat_quarters", "quarter", 900)):
        sums = store.conn.execute(
            f"SELECT {col}, kind, seconds, views FROM {table} ORDER BY 1, 2"
        ).fetchall()
        views = store.conn.execute(
            f"SELECT start_time / {size}, kind, sum(duration), count(*) FROM page_views "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        ok = ok and sums == views
    return ok


def test_the_sums_follow_inserts_updates_and_deletes(store: Store, history: dict[str, int]) -> None:
    assert _summary_matches(store)
    store.conn.execute("UPDATE page_views SET start_time = start_time + 1800 WHERE id % 2 = 0")
    store.conn.execute("UPDATE page_views SET kind = 1, duration = 7 WHERE id % 3 = 0")
    store.conn.execute("UPDATE page_views SET start_offset = 5 WHERE id % 5 = 0")
    assert _summary_matches(store)
    store.conn.execute("DELETE FROM page_views WHERE id % 4 = 0")
    assert _summary_matches(store)


def test_clear_one_book_then_all(store: Store, history: dict[str, int]) -> None:
    a, b, now = history["a"], history["b"], history["now"]
    store.annotations.save_progress(a, 5000, 5.0)
    assert store.stats.clear(a) == 7
    assert store.stats.count(a) == 0 and store.stats.count(b) == 6
    assert _summary_matches(store)
    book_a = store.stats.book_stats(a, zone=BERLIN, now=now)
    assert book_a is not None and book_a.finished is None and book_a.pages == 0
    assert store.annotations.get_progress(a) is not None  # the reading position stays
    assert store.stats.heat_map(zone=BERLIN, now=now).keys() == {
        date(2024, 6, 3),
        date(2024, 6, 14),
        date(2024, 6, 15),
    }
    assert store.stats.clear() == 6
    assert store.stats.count() == 0 and _summary_matches(store)
    assert store.conn.execute("SELECT count(*) FROM stat_quarters").fetchone()[0] == 0
    assert all(m.count == 0 for m in store.stats.finished_per_month(zone=BERLIN, now=now))
    assert store.stats.streaks(zone=BERLIN, now=now).longest == 0


def test_removing_a_book_removes_its_statistics_and_keeps_the_sums_right(
    store: Store, history: dict[str, int]
) -> None:
    store.library.remove(history["b"])
    assert store.stats.count() == 7 and _summary_matches(store)
    assert store.stats.daily(2, zone=BERLIN, now=history["now"])[-1].seconds == 0


def test_importing_the_same_views_twice_counts_them_once(store: Store) -> None:
    a = book(store, "twice-1")
    views = [view(a, at(BERLIN, 2024, 6, 1, 9) + 60 * i, 50) for i in range(4)]
    assert store.stats.add_views(views) == 4
    assert store.stats.add_views(views) == 0
    assert store.stats.count() == 4 and _summary_matches(store)
    assert store.stats.days(date(2024, 6, 1), date(2024, 6, 1), zone=BERLIN)[0].pages == 4


def test_weekly_series_for_a_week_starting_before_the_history(store: Store) -> None:
    a = book(store, "weeks-1")
    now = at(BERLIN, 2024, 1, 3, 12)  # a Wednesday; the week began on Monday 1 January
    store.stats.add_views([view(a, at(BERLIN, 2023, 12, 31, 23, 30), 600), view(a, now - 60, 60)])
    weeks = store.stats.weekly(2, zone=BERLIN, now=now)
    assert [(w.week_start, w.reading_seconds) for w in weeks] == [
        (date(2023, 12, 25), 600),
        (date(2024, 1, 1), 60),
    ]
    assert weeks[0].week_start + timedelta(weeks=1) == weeks[1].week_start


def test_the_local_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.store.stats_time import local_zone

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_zone() == TOKYO
    monkeypatch.setenv("TZ", "No/Such_Zone")  # falls back to the system's zone
    assert local_zone().utcoffset(datetime(2024, 1, 1)) is not None
