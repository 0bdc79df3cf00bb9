"""Working days: legal time limits count them (weekends and public holidays excluded, official
make-up working days 调休 included).

The published calendar comes from ``chinesecalendar``; a hall-editable override table covers
what the library does not know yet (next year's holidays, published each November by the State
Council) and local exceptions. Overrides always win. The counter and the central server build
the same calendar with :func:`hall_calendar` from the same table, so one input gives one date.

A time limit has a unit (:class:`LimitUnit`):

- **working days** (工作日, 行政许可法 Art. 82): the date ``n`` working days after the start,
  the start itself not counted;
- **calendar days** (自然日, e.g. 护照法 "十五日"): the date ``n`` days after the start (the start
  not counted, 民法典 Art. 201); when that last day is a rest day (a weekend not made a working
  day by 调休, or a public holiday), the limit ends on the next working day instead (民法典
  Art. 203: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日").

A year the published calendar does not cover and the override table has no row for is
*unpublished* (:meth:`WorkdayCalendar.unpublished_years`): dates in it count weekends only, and
the clerk and the admin are told so.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import chinese_calendar


class LimitUnit(StrEnum):
    """The unit a time limit counts in."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"

    @property
    def label(self) -> str:
        """As printed after the number: 「20个工作日」, 「15日（自然日）」."""
        return "个工作日" if self is LimitUnit.WORKING_DAYS else "日（自然日）"

    def days(self, n: int) -> str:
        return f"{n}{self.label}"


@dataclass(slots=True)
class WorkdayCalendar:
    """Decides whether a day is a working day. ``overrides`` maps a date to True (working,
    e.g. a 调休 Saturday) or False (a holiday)."""

    overrides: dict[date, bool] = field(default_factory=dict)

    def is_known_year(self, year: int) -> bool:
        """Whether the published calendar covers ``year`` (otherwise only weekends and the
        override table count, and the hall should add that year's holidays)."""
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def unpublished_years(self, start: date, end: date) -> list[int]:
        """The years from ``start`` to ``end`` (in either order) whose 调休 nobody has told
        this calendar: not in the published calendar, and no override row for them."""
        first, last = sorted((start.year, end.year))
        with_rows = {day.year for day in self.overrides}
        return [
            year
            for year in range(first, last + 1)
            if year not in with_rows and not self.is_known_year(year)
        ]

    def add_calendar_days(self, start: date, n: int) -> date:
        """The last day of a limit of ``n`` calendar days from ``start`` (start not counted):
        ``start + n``, moved on to the next working day when it falls on a rest day.
        ``n == 0`` returns ``start``."""
        if n < 0:
            raise ValueError("自然日期限不能为负数")
        if n == 0:
            return start
        day = start + timedelta(days=n)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_days(self, start: date, n: int, unit: LimitUnit) -> date:
        """The last day of a limit of ``n`` days in ``unit`` from ``start``."""
        if unit is LimitUnit.CALENDAR_DAYS:
            return self.add_calendar_days(start, n)
        return self.add_working_days(start, n)

    def days_between(self, start: date, end: date, unit: LimitUnit) -> int:
        """Days in ``unit`` after ``start`` up to and including ``end``."""
        if unit is LimitUnit.CALENDAR_DAYS:
            return (end - start).days
        return self.working_days_between(start, end)

    def add_working_days(self, start: date, n: int) -> date:
        """The date ``n`` working days after ``start`` (start itself not counted).

        ``n == 0`` returns ``start`` (即办件). Negative ``n`` counts backwards.
        """
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        day = start
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    @classmethod
    def from_csv(cls, path: Path) -> WorkdayCalendar:
        """Load an override table: ``date,working,reason`` rows, working is 1 or 0."""
        return cls(load_overrides(path))


def load_overrides(path: Path) -> dict[date, bool]:
    """Read the hall's override CSV; a bad row stops the load with its line number."""
    result: dict[date, bool] = {}
    header_seen = False
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line_no, line in enumerate(fh, start=1):
            # Comment lines (#) and blank lines are the hall's own; numbers stay true to the file.
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in next(csv.reader([line]))]
            if not header_seen:
                header_seen = True
                if cells[:2] != ["date", "working"]:
                    raise ValueError(f"{path.name} 第{line_no}行：表头应为 date,working,reason")
                continue
            try:
                day = date.fromisoformat(cells[0])
            except ValueError:
                raise ValueError(
                    f"{path.name} 第{line_no}行：日期「{cells[0]}」不是有效的 YYYY-MM-DD 日期"
                ) from None
            flag = cells[1] if len(cells) > 1 else ""
            if flag not in ("0", "1"):
                raise ValueError(f"{path.name} 第{line_no}行：working 列只能是 1 或 0")
            result[day] = flag == "1"
    return result


def hall_calendar(overrides_csv: Path | None) -> WorkdayCalendar:
    """The calendar of a hall: the published one plus the hall's override table (when the file
    exists). The counter and the central server both build theirs here. A bad table raises
    ValueError naming its line: a calendar silently without the hall's rows gives wrong dates.
    """
    if overrides_csv is None or not overrides_csv.exists():
        return WorkdayCalendar()
    return WorkdayCalendar.from_csv(overrides_csv)


_default = WorkdayCalendar()


def set_default_overrides(overrides: Mapping[date, bool]) -> None:
    """Install the hall's override table for the module-level helpers."""
    _default.overrides = dict(overrides)


def default_calendar() -> WorkdayCalendar:
    return _default


def add_working_days(start: date, n: int) -> date:
    """``n`` working days after ``start`` with the default calendar (and its overrides)."""
    return _default.add_working_days(start, n)


def is_working_day(day: date) -> bool:
    return _default.is_working_day(day)
