"""Hall time is China Standard Time whatever the PC's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from clerk_app.domain.hall_time import HALL_TZ, hall_now, in_hall_time


def test_utc_and_naive_values_show_in_hall_time(pc_in_london: None) -> None:
    moment = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    assert in_hall_time(moment).strftime("%Y-%m-%d %H:%M") == "2026-11-24 00:30"
    assert in_hall_time(moment.replace(tzinfo=None)) == in_hall_time(moment)
    assert hall_now().utcoffset() == HALL_TZ.utcoffset(None)
