"""The hall's time zone: China Standard Time, whatever the PC's own setting says.

The server stores and sends UTC; every screen and printout shows hall time, so a counter PC
with a wrong time zone still prints the same times as the hall display and the server.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

HALL_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")  # no daylight saving since 1991


def hall_now() -> datetime:
    return datetime.now(UTC).astimezone(HALL_TZ)


def hall_today() -> date:
    """The hall's date now: already tomorrow on a UTC-set PC between 16:00 and 24:00 UTC."""
    return hall_now().date()


def in_hall_time(moment: datetime) -> datetime:
    """``moment`` in hall time; a naive value is taken as UTC (SQLite hands those back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(HALL_TZ)
