"""Deadline warnings, suspension and extension counted in working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.cases import CaseStatus
from clerk_app.domain.deadlines import (
    DeadlineLevel,
    case_deadline_level,
    deadline_level,
    extend_promised,
    legal_deadline,
    promised_after_suspension,
    suspended_working_days,
    working_days_left,
)
from clerk_app.domain.workdays import WorkdayCalendar

CAL = WorkdayCalendar()
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
ORDER = [DeadlineLevel.GREEN, DeadlineLevel.YELLOW, DeadlineLevel.RED]


def test_known_dates_around_national_day() -> None:
    # 2026-10-01..07 is the National Day holiday; Friday 2026-09-25 → promised Thursday 10-08.
    promised = date(2026, 10, 8)
    assert deadline_level(promised, date(2026, 9, 25), CAL) is DeadlineLevel.GREEN
    # From 09-30, only 10-08 itself is left (a week of holiday in between): yellow.
    assert working_days_left(promised, date(2026, 9, 30), CAL) == 1
    assert deadline_level(promised, date(2026, 9, 30), CAL) is DeadlineLevel.YELLOW
    assert deadline_level(promised, promised, CAL) is DeadlineLevel.YELLOW  # due today
    assert deadline_level(promised, date(2026, 10, 9), CAL) is DeadlineLevel.RED
    assert deadline_level(None, promised, CAL) is DeadlineLevel.NONE


def test_yellow_threshold_is_configurable() -> None:
    today, promised = date(2026, 11, 23), date(2026, 11, 27)  # Monday → Friday: 4 left
    assert deadline_level(promised, today, CAL) is DeadlineLevel.GREEN
    assert deadline_level(promised, today, CAL, yellow_days=4) is DeadlineLevel.YELLOW
    assert deadline_level(promised, today, CAL, yellow_days=0) is DeadlineLevel.GREEN


def test_overdue_over_a_weekend_is_negative() -> None:
    # Promised Saturday, today Sunday: no working day in between, still overdue.
    assert working_days_left(date(2026, 11, 28), date(2026, 11, 29), CAL) == -1


def test_case_level_by_status() -> None:
    today, promised = date(2026, 11, 23), date(2026, 11, 20)
    assert case_deadline_level(CaseStatus.IN_REVIEW, promised, today, CAL) is DeadlineLevel.RED
    assert case_deadline_level(CaseStatus.SUSPENDED, promised, today, CAL) is DeadlineLevel.PAUSED
    assert case_deadline_level(CaseStatus.REFUSED, promised, today, CAL) is DeadlineLevel.NONE
    ready = CaseStatus.RESULT_READY
    assert (
        case_deadline_level(ready, promised, today, CAL, finished_on=date(2026, 11, 19))
        is DeadlineLevel.GREEN
    )
    assert (
        case_deadline_level(ready, promised, today, CAL, finished_on=date(2026, 11, 21))
        is DeadlineLevel.RED
    )
    assert case_deadline_level(ready, promised, today, CAL) is DeadlineLevel.NONE


@given(days, days, st.integers(0, 5))
def test_level_rule(promised: date, today: date, yellow: int) -> None:
    level = deadline_level(promised, today, CAL, yellow_days=yellow)
    assert (level is DeadlineLevel.RED) == (promised < today)
    if promised >= today:
        left = CAL.working_days_between(today, promised)
        assert (level is DeadlineLevel.YELLOW) == (left <= yellow)
        assert working_days_left(promised, today, CAL) == left >= 0
    else:
        assert working_days_left(promised, today, CAL) < 0


@given(days, days, st.integers(1, 40))
def test_level_never_improves_as_days_pass(promised: date, today: date, later: int) -> None:
    now = deadline_level(promised, today, CAL)
    then = deadline_level(promised, today + timedelta(days=later), CAL)
    assert ORDER.index(then) >= ORDER.index(now)


@given(days, days, st.integers(0, 30))
def test_suspension_moves_promised_date_by_the_days_suspended(
    promised: date, suspended_on: date, length: int
) -> None:
    resumed_on = suspended_on + timedelta(days=length)
    moved, lost = promised_after_suspension(promised, suspended_on, resumed_on, CAL)
    assert lost == suspended_working_days(suspended_on, resumed_on, CAL)
    assert lost == CAL.working_days_between(suspended_on, resumed_on)
    assert moved >= promised
    if CAL.is_working_day(promised):
        assert CAL.working_days_between(promised, moved) == lost
    # Resumed the same day: nothing moves.
    assert promised_after_suspension(promised, suspended_on, suspended_on, CAL) == (promised, 0)


@given(days, st.integers(1, 30), st.integers(0, 30), st.integers(1, 20), st.integers(0, 10))
def test_extension_never_passes_the_legal_limit(
    received: date, promised_days: int, legal_extra: int, extra: int, suspended: int
) -> None:
    legal_days = promised_days + legal_extra
    promised = CAL.add_working_days(received, promised_days)
    limit = legal_deadline(received, legal_days, CAL, suspended_days=suspended)
    try:
        result = extend_promised(
            promised,
            extra,
            received=received,
            legal_days=legal_days,
            calendar=CAL,
            suspended_days=suspended,
        )
    except ValueError as exc:
        assert "法定办结时限" in str(exc)
        assert CAL.add_working_days(promised, extra) > limit
    else:
        assert result.new_promised == CAL.add_working_days(promised, extra)
        assert result.new_promised <= result.limit == limit
        assert extra <= result.max_extra_days


def test_extension_messages() -> None:
    received = date(2026, 11, 2)
    promised = CAL.add_working_days(received, 10)
    with pytest.raises(ValueError, match="至少为1天"):
        extend_promised(promised, 0, received=received, legal_days=20, calendar=CAL)
    with pytest.raises(ValueError, match="最多还能延长10个工作日"):
        extend_promised(promised, 11, received=received, legal_days=20, calendar=CAL)
    limit = CAL.add_working_days(received, 20)
    with pytest.raises(ValueError, match="不能再延长"):
        extend_promised(limit, 1, received=received, legal_days=20, calendar=CAL)
    ok = extend_promised(promised, 10, received=received, legal_days=20, calendar=CAL)
    assert ok.new_promised == limit
