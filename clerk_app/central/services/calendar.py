"""The server's working-day calendar and what the back office records of a case's time.

The calendar is the counter's: the published one (chinesecalendar) plus the hall's override
table (``CentralSettings.workday_overrides``, by default the shipped
resources/calendar/workday_overrides.csv), built by the same ``hall_calendar``. A bad table
stops the server with its line number rather than count dates without the hall's rows.

In ``CaseRecord.data["backoffice"]`` the time a case spent suspended is kept in both units
(``suspended_days_total`` working days, ``suspended_calendar_days_total`` calendar days): each
limit moves by the days of its own unit. An approved Art. 42 extension is kept under
``approved_extension``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from clerk_app.central.config import CentralSettings
from clerk_app.domain.cases import Case
from clerk_app.domain.catalog import JOINT_HANDLING_DAYS
from clerk_app.domain.deadlines import legal_deadline
from clerk_app.domain.workdays import LimitUnit, WorkdayCalendar, hall_calendar

WORKING_DAYS_SUSPENDED = "suspended_days_total"
CALENDAR_DAYS_SUSPENDED = "suspended_calendar_days_total"
EXTENSION_KEY = "approved_extension"
# A bundle's cases carry their bundle's number (一件事, issue 12): they are handled jointly.
BUNDLE_KEY = "bundle_number"


def server_calendar(settings: CentralSettings | None = None) -> WorkdayCalendar:
    """The published calendar plus the hall's override table: the counter's calendar too."""
    return hall_calendar((settings or CentralSettings()).workday_overrides_path())


def suspended_days(bo: dict[str, Any], unit: LimitUnit) -> int:
    """Days the case spent suspended, in ``unit``."""
    key = CALENDAR_DAYS_SUSPENDED if unit is LimitUnit.CALENDAR_DAYS else WORKING_DAYS_SUSPENDED
    return int(bo.get(key, 0))


def approved_extension_days(bo: dict[str, Any]) -> int:
    """Working days of the case's approved Art. 42 extension (0 without one)."""
    approved = bo.get(EXTENSION_KEY)
    return int(approved.get("working_days", 0)) if isinstance(approved, dict) else 0


def is_joint(data: Any) -> bool:
    """Whether a case (its stored data) is one of a bundle's cases, handled jointly: it carries
    its bundle's number, or its approved extension was a joint one."""
    if not isinstance(data, dict):
        return False
    bo = data.get("backoffice")
    approved = bo.get(EXTENSION_KEY) if isinstance(bo, dict) else None
    return bool(data.get(BUNDLE_KEY)) or (isinstance(approved, dict) and bool(approved["joint"]))


def legal_limit(
    case: Case, received: date, bo: dict[str, Any], calendar: WorkdayCalendar, *, joint: bool
) -> date:
    """The last day the law allows for ``case``: its legal limit in its unit (joint handling:
    45 working days), the days suspended, and an approved extension."""
    days, unit = case.item.legal_days, case.item.legal_unit
    if joint:
        days, unit = JOINT_HANDLING_DAYS, LimitUnit.WORKING_DAYS
    return legal_deadline(
        received,
        days,
        calendar,
        suspended_days=suspended_days(bo, unit),
        unit=unit,
        approved_extension_days=approved_extension_days(bo),
    )
