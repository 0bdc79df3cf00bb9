"""Working days (clerk_app.domain.workdays): published facts, arithmetic properties, the
hall's override table."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain import workdays
from clerk_app.domain.workdays import WorkdayCalendar, load_overrides

CAL = WorkdayCalendar()

# 2026 as published by the State Council and carried by chinesecalendar 1.11.
NATIONAL_DAY_2026 = [date(2026, 10, d) for d in range(1, 8)]
SPRING_FESTIVAL_2026 = [date(2026, 2, d) for d in range(15, 24)]
# 调休: weekend days that are working days in 2026.
MAKE_UP_DAYS_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


@pytest.mark.parametrize("day", NATIONAL_DAY_2026 + SPRING_FESTIVAL_2026)
def test_2026_holidays(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", MAKE_UP_DAYS_2026)
def test_2026_make_up_working_days(day: date) -> None:
    assert day.weekday() >= 5  # a Saturday or Sunday ...
    assert CAL.is_working_day(day)  # ... that is a working day


def test_2026_national_day_limits() -> None:
    assert CAL.is_working_day(date(2026, 9, 30))
    assert CAL.is_working_day(date(2026, 10, 8))  # Thursday after the 7-day break
    # received on 9-30 with a 1-working-day promise: due 10-08, not 10-01
    assert CAL.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    # a 5-working-day promise from 9-28 (Mon): 9-29, 9-30, 10-08, 10-09, 10-10 (Sat, 调休)
    assert CAL.add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)
    assert CAL.working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_ordinary_week() -> None:
    # 2026-11-23 is a Monday
    assert [CAL.is_working_day(date(2026, 11, 23) + timedelta(d)) for d in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert CAL.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri -> Mon


def test_known_years() -> None:
    assert CAL.is_known_year(2026)
    assert CAL.is_known_year(2004)
    assert not CAL.is_known_year(2031)


days = st.dates(min_value=date(2004, 1, 1), max_value=date(2031, 12, 31))
counts = st.integers(min_value=0, max_value=60)


@given(days, st.integers(min_value=1, max_value=60))
def test_add_lands_on_a_working_day(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert end > start
    assert CAL.is_working_day(end)


@given(days, counts)
def test_add_is_monotonic(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(days, counts)
def test_between_inverts_add(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between(end, start) == -n


@given(days, counts)
def test_add_zero_and_backwards(start: date, n: int) -> None:
    assert CAL.add_working_days(start, 0) == start
    back = CAL.add_working_days(start, -n)
    assert back <= start
    # counting back, n working days lie in [back, start): back itself counts, start does not
    span = (start - back).days
    assert sum(CAL.is_working_day(back + timedelta(d)) for d in range(span)) == n
    if n:
        assert CAL.is_working_day(back)
        assert CAL.add_working_days(start, -(n + 1)) < back


@given(days, days)
def test_between_counts_working_days(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    if (end - start).days > 120:
        end = start + timedelta(days=120)
    expected = sum(
        CAL.is_working_day(start + timedelta(d)) for d in range(1, (end - start).days + 1)
    )
    assert CAL.working_days_between(start, end) == expected


@given(days, st.booleans(), counts)
def test_overrides_win(day: date, working: bool, n: int) -> None:
    cal = WorkdayCalendar({day: working})
    assert cal.is_working_day(day) is working
    # days without an override are unaffected
    other = day + timedelta(days=1)
    assert cal.is_working_day(other) == CAL.is_working_day(other)
    # and the arithmetic uses the override
    before = day - timedelta(days=1)
    assert cal.working_days_between(before, day) == int(working)


@given(st.dates(min_value=date(2032, 1, 1), max_value=date(2099, 12, 31)))
def test_unknown_year_falls_back_to_weekends(day: date) -> None:
    assert CAL.is_working_day(day) == (day.weekday() < 5)


def test_unknown_year_with_overrides_from_the_hall_table() -> None:
    # 2027-10-01 is a Friday: a working day by weekday rule, a holiday by the override table
    table = Path(__file__).resolve().parents[2] / "resources/calendar/workday_overrides.csv"
    cal = WorkdayCalendar.from_csv(table)
    assert WorkdayCalendar().is_working_day(date(2027, 10, 1))
    assert not cal.is_working_day(date(2027, 10, 1))
    assert cal.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 4)


def test_module_helpers_use_the_default_overrides() -> None:
    day = date(2030, 3, 4)  # a Monday in a year the library does not know
    try:
        workdays.set_default_overrides({day: False})
        assert not workdays.is_working_day(day)
        assert workdays.add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 5)
        assert workdays.default_calendar().overrides == {day: False}
    finally:
        workdays.set_default_overrides({})
    assert workdays.is_working_day(day)


# ------------------------------------------------------------------- the override table


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_overrides_reads_rows_and_skips_comments(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# 大厅覆盖表\n"
        "date,working,reason\n"
        "2027-01-01,0,元旦\n"
        "# 调休待国务院发布\n"
        "2027-02-20,1,调休上班\n",
    )
    assert load_overrides(path) == {date(2027, 1, 1): False, date(2027, 2, 20): True}


def test_load_overrides_accepts_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("date,working,reason\r\n2027-06-09,0,端午节\r\n".encode("utf-8-sig"))
    assert load_overrides(path) == {date(2027, 6, 9): False}


def test_empty_table(tmp_path: Path) -> None:
    assert load_overrides(write(tmp_path, "")) == {}
    assert load_overrides(write(tmp_path, "# only a comment\n")) == {}
    assert load_overrides(write(tmp_path, "date,working,reason\n")) == {}


@pytest.mark.parametrize(
    ("bad_row", "fragment"),
    [
        ("2027-13-01,0,没有13月", ""),
        ("2027-02-30,0,没有30日", ""),
        ("2027/01/01,0,格式不对", ""),
        ("元旦,0,不是日期", ""),
        ("2027-01-01,2,不是0或1", "working"),
        ("2027-01-01,yes,不是0或1", "working"),
        ("2027-01-01,,空", "working"),
        (",1,没有日期", ""),
    ],
)
def test_bad_row_names_its_line(tmp_path: Path, bad_row: str, fragment: str) -> None:
    path = write(
        tmp_path,
        "# 注释一\n# 注释二\ndate,working,reason\n2027-01-01,0,元旦\n" + bad_row + "\n",
    )
    with pytest.raises(ValueError, match="第5行") as info:
        load_overrides(path)
    assert path.name in str(info.value)
    assert fragment in str(info.value)


@given(st.integers(min_value=0, max_value=5), st.integers(min_value=0, max_value=5))
def test_bad_row_line_number_counts_comments(comments: int, good_rows: int) -> None:
    lines = ["# 注释"] * comments + ["date,working,reason"]
    lines += [f"2027-03-{d + 1:02d},0,测试" for d in range(good_rows)]
    lines.append("2027-03-32,0,坏行")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(ValueError, match=f"第{len(lines)}行"):
            load_overrides(path)


def test_blank_line_does_not_shift_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "date,working,reason\n2027-01-01,0,元旦\n\n2027-13-01,0,坏行\n")
    with pytest.raises(ValueError, match="第4行"):
        load_overrides(path)


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "date,working,reason\n\n2027-01-01,0,元旦\n\n")
    assert load_overrides(path) == {date(2027, 1, 1): False}


@pytest.mark.parametrize("header", ["日期,工作,原因", "working,date,reason", "2027-01-01,0,元旦"])
def test_bad_header_is_refused_with_its_line(tmp_path: Path, header: str) -> None:
    path = write(tmp_path, f"# 注释\n\n{header}\n2027-01-02,0,x\n")
    with pytest.raises(ValueError, match=r"第3行.*表头"):
        load_overrides(path)


def test_reason_may_contain_commas_when_quoted(tmp_path: Path) -> None:
    path = write(tmp_path, 'date,working,reason\n2027-10-01,0,"国庆节,第一天"\n')
    assert load_overrides(path) == {date(2027, 10, 1): False}
