"""Rules of a bundle application (一件事一次办) at the window: each item's own promised date
and the bundle's joint one (行政许可法 Art. 42 ¶2: joint handling within the bundle's limit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from clerk_app.domain.acceptance import promised_dates
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.workdays import WorkdayCalendar


def joint_limit_date(bundle: Bundle, today: date, calendar: WorkdayCalendar) -> date:
    """The last day of the bundle's joint limit (45 working days unless the catalog says)."""
    return calendar.add_working_days(today, bundle.time_limit_days)


def bundle_item_dates(
    bundle: Bundle, items: Sequence[Item], today: date, calendar: WorkdayCalendar
) -> dict[str, date]:
    """Each item's own promised date (its own limit), never past the bundle's joint limit."""
    limit = joint_limit_date(bundle, today, calendar)
    return {code: min(day, limit) for code, day in promised_dates(items, today, calendar).items()}


def bundle_promised_date(running: Mapping[str, date]) -> date | None:
    """The bundle's date: the day its last running item is due (None when no item runs:
    every one was refused or sent home with a notice). ``running`` holds the dates of the
    items accepted, with gaps or not; they already respect the joint limit."""
    return max(running.values()) if running else None
