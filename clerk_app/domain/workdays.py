"""Working days: legal time limits count them (weekends and public holidays excluded, official
make-up working days 调休 included).

The published calendar comes from ``chinesecalendar``; a hall-editable override table covers
what the library does not know yet (next year's holidays, published each November by the State
Council) and local exceptions. Overrides always win.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar


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
