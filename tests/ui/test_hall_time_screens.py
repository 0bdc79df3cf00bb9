"""Screens and printouts give hall time (China Standard Time) even on a PC set to another zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from clerk_app.domain.cases import CaseEvent, CaseStatus
from clerk_app.ui.case_list import format_dt
from clerk_app.ui.print_preview import make_print_context

EIGHT_HOURS = timedelta(hours=8)


def test_printed_at_is_hall_time(pc_in_london: None, context: Any) -> None:
    printed = make_print_context(context).printed_at
    assert printed.utcoffset() == EIGHT_HOURS
    assert abs(printed - datetime.now(UTC)) < timedelta(minutes=1)


def test_history_shows_hall_time(pc_in_london: None) -> None:
    late_evening_utc = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    assert format_dt(late_evening_utc) == "2026-11-24 00:30"


def test_ready_day_is_the_hall_day(pc_in_london: None, qtbot: Any) -> None:
    from clerk_app.domain.result_notice import ready_on

    case = type("CaseLike", (), {})()
    case.events = [
        CaseEvent(
            datetime(2026, 11, 23, 17, 0, tzinfo=UTC), "clerk01", "1", "status",
            CaseStatus.RESULT_READY,
        )
    ]  # fmt: skip
    # 17:00 UTC is 01:00 the next morning in the hall; London still says the 23rd.
    assert ready_on(case).isoformat() == "2026-11-24"


def test_local_store_stamps_hall_time(pc_in_london: None, store: Any) -> None:
    store.settings.note_sync("push")
    stamped = store.settings.last_sync("push")
    assert stamped is not None and stamped.utcoffset() == EIGHT_HOURS
