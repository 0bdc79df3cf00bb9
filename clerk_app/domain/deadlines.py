"""Deadline warnings and the date arithmetic of suspension and extension (DESIGN.md §3).

Everything counts working days of a :class:`WorkdayCalendar` (weekends, public holidays and
调休 as published, plus the hall's overrides):

- **red**: the promised date has passed (today is after it);
- **yellow**: at most ``yellow_days`` working days are left (default 2; 0 = due today);
- **green**: more time is left;
- **paused**: the case is suspended, the clock does not run;
- **none**: no promised date, or the status no longer runs against one.

Suspension: the working days a case spends suspended do not count. A case suspended on day S
and resumed on day R lost ``working_days_between(S, R)`` working days (the working days after S
up to and including R: suspended and resumed on the same day loses none); its promised date
moves later by that many working days.

Limits count in their unit (working or calendar days, ``LimitUnit``); a suspension adds its
days in the same unit.

Extension: a promised date may move later by extra working days, but never past the legal
time limit (received date + the legal limit + the days spent suspended + the working days of
an approved 行政许可法 Art. 42 extension, ``domain/extensions.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from clerk_app.domain.cases import CaseStatus
from clerk_app.domain.workdays import LimitUnit, WorkdayCalendar

DEFAULT_YELLOW_DAYS = 2


class DeadlineLevel(StrEnum):
    NONE = "none"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    DeadlineLevel.NONE: "",
    DeadlineLevel.GREEN: "正常",
    DeadlineLevel.YELLOW: "即将到期",
    DeadlineLevel.RED: "已超期",
    DeadlineLevel.PAUSED: "已暂停计时",
}

# Statuses in which the promised date still runs (the case is not decided yet).
RUNNING = frozenset(
    {
        CaseStatus.PRECHECKED,
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED,
        CaseStatus.ACCEPTED_WITH_GAPS,
        CaseStatus.IN_REVIEW,
    }
)
# Statuses after a decision: the deadline was met or missed on the day the result was ready.
DECIDED = frozenset(
    {
        CaseStatus.APPROVED,
        CaseStatus.DENIED,
        CaseStatus.TERMINATED,
        CaseStatus.RESULT_READY,
        CaseStatus.DELIVERED,
        CaseStatus.MAILED,
    }
)


def working_days_left(promised: date, today: date, calendar: WorkdayCalendar) -> int:
    """Working days after ``today`` up to and including ``promised``; negative when overdue.

    A promised date that passed over a weekend counts as -1 at least, so "overdue" is never 0.
    """
    left = calendar.working_days_between(today, promised)
    if promised < today and left == 0:
        return -1
    return left


def deadline_level(
    promised: date | None,
    today: date,
    calendar: WorkdayCalendar,
    *,
    yellow_days: int = DEFAULT_YELLOW_DAYS,
) -> DeadlineLevel:
    """Green, yellow or red for a case that is still running against ``promised``."""
    if promised is None:
        return DeadlineLevel.NONE
    if promised < today:
        return DeadlineLevel.RED
    if calendar.working_days_between(today, promised) <= yellow_days:
        return DeadlineLevel.YELLOW
    return DeadlineLevel.GREEN


def case_deadline_level(
    status: CaseStatus,
    promised: date | None,
    today: date,
    calendar: WorkdayCalendar,
    *,
    finished_on: date | None = None,
    yellow_days: int = DEFAULT_YELLOW_DAYS,
) -> DeadlineLevel:
    """The warning of a case in ``status``.

    Running cases are measured against today; a suspended one is paused; a decided case
    whose result was ready on ``finished_on`` is red when that was after the promised date
    (late, the window should apologise) and green otherwise.
    """
    if promised is None:
        return DeadlineLevel.NONE
    if status is CaseStatus.SUSPENDED:
        return DeadlineLevel.PAUSED
    if status in RUNNING:
        return deadline_level(promised, today, calendar, yellow_days=yellow_days)
    if status in DECIDED and finished_on is not None:
        return DeadlineLevel.RED if finished_on > promised else DeadlineLevel.GREEN
    return DeadlineLevel.NONE


def suspended_working_days(suspended_on: date, resumed_on: date, calendar: WorkdayCalendar) -> int:
    """Working days lost to a suspension from ``suspended_on`` to ``resumed_on`` (never < 0)."""
    return max(calendar.working_days_between(suspended_on, resumed_on), 0)


def promised_after_suspension(
    promised: date,
    suspended_on: date,
    resumed_on: date,
    calendar: WorkdayCalendar,
    unit: LimitUnit = LimitUnit.WORKING_DAYS,
) -> tuple[date, int]:
    """The promised date moved by the days suspended (in the promise's ``unit``), and that
    number of days."""
    lost = max(calendar.days_between(suspended_on, resumed_on, unit), 0)
    return calendar.add_days(promised, lost, unit), lost


def legal_deadline(
    received: date,
    legal_days: int,
    calendar: WorkdayCalendar,
    *,
    suspended_days: int = 0,
    unit: LimitUnit = LimitUnit.WORKING_DAYS,
    approved_extension_days: int = 0,
) -> date:
    """The last day the law allows: received + the legal limit and the days suspended (both in
    ``unit``), then the working days of an approved Art. 42 extension."""
    base = calendar.add_days(received, legal_days + suspended_days, unit)
    return calendar.add_working_days(base, approved_extension_days)


# No time limit of a real item comes near ten years of working days; a larger one is bad data,
# and counting working days to it would hold the case's row lock for minutes.
MAX_WORKING_DAYS = 3650


@dataclass(frozen=True, slots=True)
class Extension:
    new_promised: date
    limit: date  # the legal deadline it had to respect
    max_extra_days: int  # the most working days that could have been added


def extend_promised(
    promised: date,
    extra_days: int,
    *,
    received: date,
    legal_days: int,
    calendar: WorkdayCalendar,
    suspended_days: int = 0,
    legal_unit: LimitUnit = LimitUnit.WORKING_DAYS,
    approved_extension_days: int = 0,
) -> Extension:
    """Move ``promised`` later by ``extra_days`` working days within the legal time limit
    (lengthened by an approved Art. 42 extension of ``approved_extension_days``).

    Raises ``ValueError`` with the reason in Chinese when the extension is not allowed.
    """
    if extra_days < 1:
        raise ValueError("延长的工作日数至少为1天")
    if extra_days > MAX_WORKING_DAYS or not 0 <= legal_days + suspended_days <= MAX_WORKING_DAYS:
        raise ValueError(
            f"办理时限超出合理范围（最多{MAX_WORKING_DAYS}个工作日），请核对事项的法定时限"
        )
    limit = legal_deadline(
        received,
        legal_days,
        calendar,
        suspended_days=suspended_days,
        unit=legal_unit,
        approved_extension_days=approved_extension_days,
    )
    room = max(calendar.working_days_between(promised, limit), 0)
    new_promised = calendar.add_working_days(promised, extra_days)
    if new_promised > limit:
        # Past the legal limit only the agency head's approval helps, and only once.
        beyond = "" if approved_extension_days else "；超过法定时限须经本机关负责人批准延期"
        if room == 0:
            raise ValueError(
                f"承诺办结日期已达到法定办结时限（{limit.isoformat()}），不能再延长{beyond}"
            )
        raise ValueError(
            f"延长{extra_days}个工作日将超过法定办结时限（{limit.isoformat()}），"
            f"最多还能延长{room}个工作日{beyond}"
        )
    return Extension(new_promised, limit, room)
