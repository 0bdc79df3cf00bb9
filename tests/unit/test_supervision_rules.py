"""The supervisor's alert dates agree with the deadline warnings of the department pages."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.deadlines import DeadlineLevel, deadline_level
from clerk_app.domain.supervision import (
    FollowupRecord,
    close_refusal,
    followup_due,
    yellow_horizon,
)
from clerk_app.domain.workdays import WorkdayCalendar

CALENDAR = WorkdayCalendar()
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@given(today=DAYS, offset=st.integers(min_value=-20, max_value=40), days=st.integers(0, 10))
def test_an_alert_date_is_exactly_a_yellow_or_red_deadline(
    today: date, offset: int, days: int
) -> None:
    promised = today + timedelta(days=offset)
    alerted = promised <= yellow_horizon(today, days, CALENDAR)
    level = deadline_level(promised, today, CALENDAR, yellow_days=days)
    assert alerted == (level in (DeadlineLevel.YELLOW, DeadlineLevel.RED))


def test_a_followup_is_due_five_working_days_after_the_rating_over_holidays() -> None:
    # Rated on Monday 2026-09-28: 10-01…10-07 are the National Day holidays and Saturday 10-10
    # a 调休 working day, so the fifth working day is 2026-10-10 (09-29, 09-30, 10-08, 10-09).
    assert followup_due(date(2026, 9, 28), 5, CALENDAR) == date(2026, 10, 10)
    assert followup_due(date(2026, 11, 23), 5, CALENDAR) == date(2026, 11, 30)


def test_a_followup_closes_only_with_every_step_written() -> None:
    assert close_refusal(FollowupRecord(contact="电话")) == (
        "办结差评回访前请填写：核实情况、整改措施、答复内容"
    )
    whole = FollowupRecord(
        contact="电话", finding="属实", rectification="增开窗口", answer="已答复"
    )
    assert close_refusal(whole) == ""
    assert close_refusal(
        FollowupRecord(contact="  ", finding="属实", rectification="x", answer="y")
    )
