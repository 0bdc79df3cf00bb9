"""The server's working-day calendar and what the back office records of a case's time.

The calendar is the counter's: the published one (chinesecalendar) plus the hall's override
table (``CentralSettings.workday_overrides``, by default the shipped
resources/calendar/workday_overrides.csv), built by the same ``hall_calendar``. A bad table
stops the server with its line number rather than count dates without the hall's rows.

In ``CaseRecord.data["backoffice"]`` the time a case spent suspended is kept in both units
(``suspended_days_total`` working days, ``suspended_calendar_days_total`` calendar days): each
limit moves by the days of its own unit. An approved Art. 42 extension is kept under
``approved_extension``. A bundle's case (``Case.bundle``) is bound by its bundle's joint limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.config import CentralSettings
from clerk_app.central.models import CatalogBundle
from clerk_app.domain.cases import Case
from clerk_app.domain.catalog import JOINT_EXTENSION_DAYS, JOINT_HANDLING_DAYS, Bundle
from clerk_app.domain.deadlines import legal_deadline
from clerk_app.domain.workdays import LimitUnit, WorkdayCalendar, hall_calendar

WORKING_DAYS_SUSPENDED = "suspended_days_total"
CALENDAR_DAYS_SUSPENDED = "suspended_calendar_days_total"
EXTENSION_KEY = "approved_extension"


def server_calendar(settings: CentralSettings | None = None) -> WorkdayCalendar:
    """The published calendar plus the hall's override table: the counter's calendar too."""
    return hall_calendar((settings or CentralSettings()).workday_overrides_path())


@cache
def current_calendar() -> WorkdayCalendar:
    """The calendar this server process counts with, loaded once: the back office's dates and
    the override rows the counters receive with the hall configuration are the same."""
    return server_calendar()


def suspended_days(bo: dict[str, Any], unit: LimitUnit) -> int:
    """Days the case spent suspended, in ``unit``."""
    key = CALENDAR_DAYS_SUSPENDED if unit is LimitUnit.CALENDAR_DAYS else WORKING_DAYS_SUSPENDED
    return int(bo.get(key, 0))


def approved_extension_days(bo: dict[str, Any]) -> int:
    """Working days of the case's approved Art. 42 extension (0 without one)."""
    approved = bo.get(EXTENSION_KEY)
    return int(approved.get("working_days", 0)) if isinstance(approved, dict) else 0


@dataclass(frozen=True, slots=True)
class JointLimit:
    """A bundle's joint handling (行政许可法 Art. 42 ¶2): its limit and the most an approval may
    add, in working days, from the catalog's bundle (the law's 45 and 15 when it is gone)."""

    days: int = JOINT_HANDLING_DAYS
    extension_days: int = JOINT_EXTENSION_DAYS


def joint_limit(session: Session, case: Case) -> JointLimit | None:
    """The joint limit of a bundle's case; None for a single item's case."""
    if case.bundle is None:
        return None
    data = session.scalar(select(CatalogBundle.data).where(CatalogBundle.code == case.bundle.code))
    if not isinstance(data, dict):
        return JointLimit()
    bundle = Bundle.from_dict(data)
    return JointLimit(bundle.time_limit_days, min(bundle.extension_days, JOINT_EXTENSION_DAYS))


def legal_terms(case: Case, joint: JointLimit | None) -> tuple[int, LimitUnit]:
    """The legal limit that binds ``case``: its item's, or its bundle's joint one."""
    if joint is not None:
        return joint.days, LimitUnit.WORKING_DAYS
    return case.item.legal_days, case.item.legal_unit


def legal_limit(
    case: Case,
    received: date,
    bo: dict[str, Any],
    calendar: WorkdayCalendar,
    *,
    joint: JointLimit | None,
) -> date:
    """The last day the law allows for ``case``: its legal limit in its unit (or its bundle's
    joint limit), the days suspended, and an approved extension."""
    days, unit = legal_terms(case, joint)
    return legal_deadline(
        received,
        days,
        calendar,
        suspended_days=suspended_days(bo, unit),
        unit=unit,
        approved_extension_days=approved_extension_days(bo),
    )
