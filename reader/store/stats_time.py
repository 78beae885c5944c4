"""Local days in any time zone, for SQL that buckets UTC epoch seconds.

Page views are stored in UTC; days, weeks, hours and streaks are computed at query
time in a given zone (the local one by default), so a reader who travels or a day
that has 23 or 25 hours (daylight-saving changes) is still bucketed right. Within a
span of UTC time the zone's offset is piecewise constant: :func:`offset_segments`
finds the pieces, and :func:`local_sql` turns them into a ``CASE`` expression that
adds the right offset to a UTC column, so SQLite can group by local day or hour.
"""

from __future__ import annotations

import itertools
import os
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from typing import Any

__all__ = [
    "DAY",
    "EPOCH_ORDINAL",
    "SAMPLE_SECONDS",
    "day_number",
    "day_of_number",
    "local_datetime",
    "local_sql",
    "local_zone",
    "midnight_utc",
    "offset_segments",
]

DAY = 86400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
"""``date.toordinal()`` of 1970-01-01: local day numbers count from there."""


def local_zone() -> tzinfo:
    """The reader's time zone: ``$TZ`` if it names a zone, else the system's
    (``/etc/localtime``), else the current fixed UTC offset as a last resort."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # not before a first page (~2 ms)

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    for path in ("/etc/localtime", "/var/db/timezone/localtime"):
        # Usually a link into the zone database: its name is worth keeping (exports say it).
        target = os.path.realpath(path)
        _, sep, name = target.partition("/zoneinfo/")
        if sep and name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                pass
        try:
            with open(path, "rb") as fh:
                return ZoneInfo.from_file(fh, key="localtime")
        except (OSError, ValueError):
            continue
    fixed = datetime.now().astimezone().tzinfo
    return fixed if fixed is not None else UTC


def _offset(zone: tzinfo, epoch: int) -> int:
    off = datetime.fromtimestamp(epoch, zone).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


SAMPLE_SECONDS = 6 * DAY
"""Offsets are sampled this far apart, and each change found to the second. Two changes
closer than this that cancel out would be missed: no zone has had any since 1990 (the
closest, Brazil's in October 2000, were 7 days apart)."""


def offset_segments(zone: tzinfo, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """``((from_utc, offset), …)``: the zone's UTC offset in seconds over ``[start, end)``.

    The first segment starts at ``start``; each later one where the offset changes,
    found to the second (see :data:`SAMPLE_SECONDS`).
    """
    start, end = int(start), max(int(end), int(start) + 1)
    found = _segments(zone, start, end // DAY + 1)  # cached per day of ``end``
    return tuple(seg for i, seg in enumerate(found) if i == 0 or seg[0] < end)


@lru_cache(maxsize=64)
def _segments(zone: tzinfo, start: int, last_day: int) -> tuple[tuple[int, int], ...]:
    current = _offset(zone, start)
    out = [(start, current)]
    t = start
    limit = (last_day + 1) * DAY
    while t < limit:
        nxt = min(t + SAMPLE_SECONDS, limit)
        off = _offset(zone, nxt)
        if off == current:
            t = nxt
            continue
        lo, hi = t, nxt  # offset(lo) == current != offset(hi): find the first change
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _offset(zone, mid) == current:
                lo = mid
            else:
                hi = mid
        current = _offset(zone, hi)
        out.append((hi, current))
        t = hi  # there may be another change before ``nxt``
    return tuple(out)


def local_sql(column: str, segments: tuple[tuple[int, int], ...]) -> tuple[str, list[Any]]:
    """SQL for ``column`` (UTC epoch seconds) shifted to local wall-clock seconds, and its
    parameters. ``local / 86400`` is then the local day number (see :func:`day_number`),
    ``local % 86400 / 3600`` the local hour."""
    if len(segments) == 1:
        return f"({column} + ?)", [segments[0][1]]
    parts: list[str] = []
    params: list[Any] = []
    for (_, off), (nxt, _) in itertools.pairwise(segments):
        parts.append(f"WHEN {column} < ? THEN ?")
        params += [nxt, off]
    params.append(segments[-1][1])
    return f"({column} + CASE {' '.join(parts)} ELSE ? END)", params


def day_number(day: date) -> int:
    """Days since 1970-01-01 (the local day number of ``day``)."""
    return day.toordinal() - EPOCH_ORDINAL


def day_of_number(number: int) -> date:
    """The date of a local day number."""
    return date.fromordinal(number + EPOCH_ORDINAL)


def midnight_utc(day: date, zone: tzinfo) -> int:
    """UTC epoch seconds of the start of local ``day`` (the first existing local instant)."""
    naive = datetime.combine(day, time(0))
    aware = naive.replace(tzinfo=zone)
    epoch = int(aware.timestamp())
    # A midnight that does not exist (a spring-forward at 00:00) resolves past it; one
    # that exists twice resolves to the first (fold=0). Step back while still `day`.
    while datetime.fromtimestamp(epoch - 900, zone).date() == day:
        epoch -= 900
    return epoch


def local_datetime(epoch: float, zone: tzinfo) -> datetime:
    """``epoch`` as an aware local datetime in ``zone``."""
    return datetime.fromtimestamp(epoch, zone)
