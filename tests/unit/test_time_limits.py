"""Time limits (issue 13): one calendar on the counter and the server, checked against an
independent table of the 2026 and 2027 holidays; limits in working or calendar days; the
unpublished-year caveat; the Art. 42 extension's arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.central.services.calendar import server_calendar
from clerk_app.domain.acceptance import promised_date_for
from clerk_app.domain.cases import CaseEvent
from clerk_app.domain.catalog import HandlingKind, Item
from clerk_app.domain.catalog_rules import limit_problems
from clerk_app.domain.deadlines import extend_promised, legal_deadline
from clerk_app.domain.extensions import (
    EXTENSION_ACTION,
    ApprovedExtension,
    approve_extension,
    extension_detail,
    extension_of,
)
from clerk_app.domain.workdays import LimitUnit, WorkdayCalendar
from clerk_app.printing.documents import DocType
from clerk_app.printing.samples import sample_case
from clerk_app.ui.app import load_calendar

WORKING = LimitUnit.WORKING_DAYS
CALENDAR = LimitUnit.CALENDAR_DAYS


def span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=d) for d in range((last - first).days + 1)]


# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), typed from the notice.
HOLIDAYS_2026 = [
    *span(date(2026, 1, 1), date(2026, 1, 3)),  # 元旦
    *span(date(2026, 2, 15), date(2026, 2, 23)),  # 春节
    *span(date(2026, 4, 4), date(2026, 4, 6)),  # 清明节
    *span(date(2026, 5, 1), date(2026, 5, 5)),  # 劳动节
    *span(date(2026, 6, 19), date(2026, 6, 21)),  # 端午节
    *span(date(2026, 9, 25), date(2026, 9, 27)),  # 中秋节
    *span(date(2026, 10, 1), date(2026, 10, 7)),  # 国庆节
]
WORKING_WEEKENDS_2026 = [  # 调休上班
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]
# 2027: the public holidays fixed by 《全国年节及纪念日放假办法》 (2024 revision), on their 2027
# dates (春节 2027-02-06, 清明 2027-04-05, 端午 2027-06-09, 中秋 2027-09-15). The State Council's
# 2027 notice (its bridge days and 调休 working weekends) is not in any source this project
# holds; when the hall adds its rows, they join this table.
HOLIDAYS_2027 = [
    date(2027, 1, 1),  # 元旦
    *span(date(2027, 2, 5), date(2027, 2, 8)),  # 春节：除夕、正月初一至初三
    date(2027, 4, 5),  # 清明节
    *span(date(2027, 5, 1), date(2027, 5, 2)),  # 劳动节
    date(2027, 6, 9),  # 端午节
    date(2027, 9, 15),  # 中秋节
    *span(date(2027, 10, 1), date(2027, 10, 3)),  # 国庆节
]

COUNTER = load_calendar()
SERVER = server_calendar()
SIDES = pytest.mark.parametrize("calendar", [COUNTER, SERVER], ids=["counter", "server"])


def expected_working(day: date) -> bool:
    """The independent table's answer (weekends rest unless 调休)."""
    if day in HOLIDAYS_2026 or day in HOLIDAYS_2027:
        return False
    return day in WORKING_WEEKENDS_2026 or day.weekday() < 5


@SIDES
def test_both_calendars_follow_the_independent_2026_2027_table(calendar: WorkdayCalendar) -> None:
    wrong = [
        day
        for day in span(date(2026, 1, 1), date(2027, 12, 31))
        if calendar.is_working_day(day) != expected_working(day)
    ]
    assert wrong == []


def test_counter_and_server_are_one_calendar() -> None:
    assert COUNTER.overrides == SERVER.overrides
    assert COUNTER.overrides  # the hall's table is loaded on both sides


@SIDES
def test_issue_example_new_year_2027(calendar: WorkdayCalendar) -> None:
    # 2026-12-31 (Thursday) + 1 working day: not 2027-01-01 (元旦), but Monday 2027-01-04.
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_the_published_calendar_alone_got_it_wrong() -> None:
    # What the server answered before it read the hall's table.
    assert WorkdayCalendar().add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)


# ------------------------------------------------------------------------- calendar days


@SIDES
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 9, 28), 15, date(2026, 10, 13)),  # ends on a Tuesday: stays
        (date(2026, 9, 16), 15, date(2026, 10, 8)),  # ends 10-01 (国庆): next working day
        (date(2026, 9, 19), 15, date(2026, 10, 8)),  # ends 10-04 (国庆)
        (date(2026, 9, 25), 15, date(2026, 10, 10)),  # ends Saturday 10-10, a 调休 working day
        (date(2026, 11, 13), 15, date(2026, 11, 30)),  # ends Saturday 11-28: Monday
        (date(2026, 12, 17), 15, date(2027, 1, 4)),  # ends 2027-01-01 (元旦)
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_calendar_day_limits(
    calendar: WorkdayCalendar, start: date, days: int, expected: date
) -> None:
    assert calendar.add_days(start, days, CALENDAR) == expected


def passport_item(unit: LimitUnit) -> Item:
    return Item(
        "HZ01",
        "普通护照签发",
        "黄石市公安局出入境管理支队",
        legal_days=15,
        promised_days=15,
        legal_unit=unit,
        promised_unit=unit,
    )


def test_passport_limit_counts_calendar_days_at_the_counter() -> None:
    # 护照法 Art. 6: 十五日. Received Monday 2026-11-23: due Tuesday 12-08, not 12-14.
    received = date(2026, 11, 23)
    assert promised_date_for(passport_item(CALENDAR), received, COUNTER) == date(2026, 12, 8)
    assert promised_date_for(passport_item(WORKING), received, COUNTER) == date(2026, 12, 14)
    immediate = Item("JB01", "即办", "部门", handling=HandlingKind.IMMEDIATE, promised_days=0)
    assert promised_date_for(immediate, received, COUNTER) == received


def test_item_unit_round_trips_and_defaults_to_working_days() -> None:
    item = passport_item(CALENDAR)
    assert Item.from_dict(item.to_dict()) == item
    old = item.to_dict()
    del old["legal_unit"], old["promised_unit"]
    assert Item.from_dict(old).legal_unit is WORKING
    assert Item.from_dict(old).promised_unit is WORKING


def test_legal_deadline_in_calendar_days_with_suspension() -> None:
    received = date(2026, 11, 23)
    assert legal_deadline(received, 15, COUNTER, unit=CALENDAR) == date(2026, 12, 8)
    # 3 calendar days suspended: 12-11 (Friday)
    assert legal_deadline(received, 15, COUNTER, unit=CALENDAR, suspended_days=3) == date(
        2026, 12, 11
    )


@pytest.mark.parametrize(
    ("legal", "legal_unit", "promised", "promised_unit", "ok"),
    [
        (20, WORKING, 20, WORKING, True),
        (20, WORKING, 21, WORKING, False),
        (15, CALENDAR, 15, CALENDAR, True),
        (15, CALENDAR, 10, WORKING, True),  # 10 working days span 12 calendar days at least
        (15, CALENDAR, 12, WORKING, False),  # ... 12 span 16
        (10, WORKING, 10, CALENDAR, True),  # calendar days never end after as many working
        (10, WORKING, 11, CALENDAR, False),
    ],
)
def test_promised_limit_never_passes_the_legal_one(
    legal: int, legal_unit: LimitUnit, promised: int, promised_unit: LimitUnit, ok: bool
) -> None:
    problems = list(limit_problems(legal, legal_unit, promised, promised_unit))
    assert (problems == []) is ok
    if not ok:
        assert problems[0][0] == "promised_days" and "法定办结时限" in problems[0][1]


# ------------------------------------------------------------------------- unpublished years


def test_unpublished_years() -> None:
    published_only = WorkdayCalendar()
    assert published_only.unpublished_years(date(2026, 12, 1), date(2028, 1, 5)) == [2027, 2028]
    assert published_only.unpublished_years(date(2026, 1, 1), date(2026, 12, 31)) == []
    # The hall's table has 2027 rows: only 2028 is left.
    assert COUNTER.unpublished_years(date(2028, 1, 5), date(2026, 12, 1)) == [2028]
    assert (
        WorkdayCalendar({date(2028, 1, 1): False}).unpublished_years(
            date(2028, 1, 1), date(2028, 2, 1)
        )
        == []
    )


# ------------------------------------------------------------------------- properties

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=80)


@given(days, counts, st.integers(1, 30))
def test_working_day_addition_is_monotonic(start: date, n: int, later: int) -> None:
    for calendar in (COUNTER, SERVER):
        assert calendar.add_working_days(start, n) < calendar.add_working_days(start, n + 1)
        moved = start + timedelta(days=later)
        assert calendar.add_working_days(start, n) <= calendar.add_working_days(moved, n)


@given(days, st.integers(1, 80))
def test_working_day_addition_never_lands_on_a_rest_day(start: date, n: int) -> None:
    end = COUNTER.add_working_days(start, n)
    assert COUNTER.is_working_day(end) and SERVER.is_working_day(end)
    assert end == SERVER.add_working_days(start, n)


@given(days, st.integers(1, 80))
def test_calendar_day_limit_ending_on_a_rest_day_moves_to_the_next_working_day(
    start: date, n: int
) -> None:
    """The rule (民法典 Art. 203): the limit ends ``n`` days after the start; when that day is a
    rest day, on the first working day after it, and no later."""
    plain = start + timedelta(days=n)
    end = COUNTER.add_days(start, n, CALENDAR)
    assert end >= plain
    assert COUNTER.is_working_day(end)
    assert all(not COUNTER.is_working_day(d) for d in span(plain, end - timedelta(days=1)))
    assert (end == plain) is COUNTER.is_working_day(plain)
    assert end == SERVER.add_days(start, n, CALENDAR)


@given(days, st.integers(0, 60), st.integers(0, 60))
def test_calendar_day_limits_are_monotonic(start: date, n: int, extra: int) -> None:
    assert COUNTER.add_days(start, n, CALENDAR) <= COUNTER.add_days(start, n + extra, CALENDAR)


@given(days, st.integers(1, 60))
def test_calendar_days_never_end_after_as_many_working_days(start: date, n: int) -> None:
    assert COUNTER.add_days(start, n, CALENDAR) <= COUNTER.add_days(start, n, WORKING)


# ------------------------------------------------------------------------- Art. 42


def approve(**overrides: object) -> ApprovedExtension:
    kwargs: dict[str, object] = {
        "today": date(2026, 12, 10),
        "working_days": 10,
        "reason": "需组织专家评审",
        "approved_by": "王建国",
        "joint": False,
        "limit_before": date(2026, 12, 21),
        "calendar": COUNTER,
        "already_extended": False,
    }
    kwargs.update(overrides)
    return approve_extension(**kwargs)  # type: ignore[arg-type]  # the test's own kwargs


def test_art42_extension_adds_ten_working_days_once() -> None:
    approved = approve()
    assert approved.limit_after == COUNTER.add_working_days(date(2026, 12, 21), 10)
    with pytest.raises(ValueError, match="1至10个工作日"):
        approve(working_days=11)
    with pytest.raises(ValueError, match="只允许延长一次"):
        approve(already_extended=True)
    with pytest.raises(ValueError, match="届满"):
        approve(today=date(2026, 12, 22))
    with pytest.raises(ValueError, match="理由"):
        approve(reason=" ")


def test_joint_handling_allows_fifteen() -> None:
    approved = approve(joint=True, working_days=15)
    assert "第二款" in approved.article
    with pytest.raises(ValueError, match="1至15个工作日"):
        approve(joint=True, working_days=16)


def test_art42_event_reads_back_at_the_window() -> None:
    approved = approve(joint=True, working_days=12, reason="需现场核查；另涉及消防验收")
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    event = CaseEvent(
        datetime(2026, 12, 10, 9, 0),
        "head01",
        "黄石市公安局",
        EXTENSION_ACTION,
        None,
        extension_detail(approved),
    )
    found = extension_of(case.with_event(event))
    assert found is not None and found[1] == approved
    assert extension_of(case) is None


def test_extend_past_the_legal_limit_needs_the_heads_approval() -> None:
    received = date(2026, 11, 2)
    promised = COUNTER.add_working_days(received, 20)  # already at the legal limit
    with pytest.raises(ValueError, match="须经本机关负责人批准延期"):
        extend_promised(promised, 5, received=received, legal_days=20, calendar=COUNTER)
    extended = extend_promised(
        promised,
        10,
        received=received,
        legal_days=20,
        calendar=COUNTER,
        approved_extension_days=10,
    )
    assert extended.new_promised == COUNTER.add_working_days(received, 30)
    with pytest.raises(ValueError, match=r"不能再延长$"):
        extend_promised(
            extended.new_promised,
            1,
            received=received,
            legal_days=20,
            calendar=COUNTER,
            approved_extension_days=10,
        )
