"""The floor supervisor's alerts and the 差评 follow-up, as pure rules (DESIGN.md §1, §3).

The server selects what to alert on with SQL against dates computed here once per request:
a case is *yellow* while at most ``days`` working days are left before its promised date (the
same rule as ``deadlines.deadline_level``) and *red* once the date has passed, so "yellow" is
"promised date on or before :func:`yellow_horizon`".

A 差评 (score 1-2) is followed up under the 好差评 rules: checked (核实), rectified (整改) and
answered (答复), within the hall's limit of working days after the rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clerk_app.domain.cases import Case
from clerk_app.domain.gaps import commitment_date, open_gaps
from clerk_app.domain.workdays import WorkdayCalendar

DEFAULT_WAIT_MINUTES = 30
DEFAULT_PAUSE_MINUTES = 15
DEFAULT_DEADLINE_DAYS = 2
DEFAULT_FOLLOWUP_DAYS = 5
MAX_FOLLOWUP_TEXT = 1000


def yellow_horizon(today: date, days: int, calendar: WorkdayCalendar) -> date:
    """The last date whose case is yellow today: at most ``days`` working days after today.

    Every date before the ``days + 1``-th working day after today qualifies (a weekend right
    after the last counted working day adds no working day)."""
    return calendar.add_working_days(today, days + 1) - timedelta(days=1)


def followup_due(rated_on: date, days: int, calendar: WorkdayCalendar) -> date:
    """The day by which a 差评 rated on ``rated_on`` must be followed up."""
    return calendar.add_working_days(rated_on, days)


@dataclass(frozen=True, slots=True)
class CaseAlertDates:
    """What the alerts read of a case, kept beside it on every write."""

    promised_date: date | None
    gap_due: date | None  # the 容缺 commitment date while a gap is open
    department_code: str


def case_alert_dates(case: Case) -> CaseAlertDates:
    gap_due = commitment_date(case) if open_gaps(case) else None
    return CaseAlertDates(case.promised_date, gap_due, case.item.department_code)


@dataclass(frozen=True, slots=True)
class FollowupRecord:
    """What a follow-up holds: who does it, and the four steps the rules ask for."""

    assigned_to: str = ""
    contact: str = ""  # when and how the citizen was reached
    finding: str = ""  # 核实情况
    rectification: str = ""  # 整改措施
    answer: str = ""  # 答复群众


def close_refusal(record: FollowupRecord) -> str:
    """Why the follow-up cannot be closed yet ("" when it can): every step is recorded."""
    missing = [
        name
        for name, text in (
            ("联系群众情况", record.contact),
            ("核实情况", record.finding),
            ("整改措施", record.rectification),
            ("答复内容", record.answer),
        )
        if not text.strip()
    ]
    if missing:
        return "办结差评回访前请填写：" + "、".join(missing)
    return ""
