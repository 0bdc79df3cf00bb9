"""The floor supervisor's live alerts (大厅管理) and today's appointments, computed in SQL.

Alerts, red first then yellow, each kind at most ``LIMIT`` rows (the department counts stay
whole):

- a queue whose longest wait today reached the hall's ``alert_wait_minutes`` (red at twice it:
  the colours of the page's queue table, ``domain.hall_watch.wait_level``);
- a window paused longer than ``alert_pause_minutes`` (red at twice it);
- a running case whose promised date passed (red) or is at most ``alert_deadline_days``
  working days away (yellow), with its department; the counts per department;
- a 容缺 case whose commitment date passed or is near while a gap is still open;
- a 差评 whose follow-up is not done by its due date (red) or is due today (yellow).

The dates to compare with are computed once (``domain.supervision``); every list is one
query over indexed columns (``cases.promised_date``/``gap_due``, kept by every case write).
Managers (supervisor, admin) of the hall only; the thresholds are the hall's, changed through
:func:`save_settings` (audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord, Department, Hall, Queue, Window
from clerk_app.central.queue_models import Appointment, Rating, Ticket, WindowState
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Forbidden
from clerk_app.central.services.queue.access import get_hall
from clerk_app.central.services.queue.common import CHINA_TZ, service_day
from clerk_app.central.services.queue.hall_status import queue_counts
from clerk_app.contract.enums import (
    SUPERVISOR_ROLES,
    AppointmentStatus,
    FollowupStatus,
    TicketPriority,
    WindowStatus,
)
from clerk_app.contract.supervision import (
    AlertKind,
    AlertLevel,
    AlertSettings,
    AlertSettingsIn,
    AppointmentDay,
    AppointmentSlot,
    DepartmentDeadlines,
    HallAlert,
    HallAlerts,
)
from clerk_app.domain.deadlines import RUNNING
from clerk_app.domain.supervision import yellow_horizon
from clerk_app.domain.workdays import WorkdayCalendar, default_calendar

LIMIT = 200  # alerts of one kind in one answer
_RUNNING = sorted(status.value for status in RUNNING)


def _manager(user: AuthUser) -> None:
    if user.role not in SUPERVISOR_ROLES:
        raise Forbidden("只有大厅管理人员可以查看大厅提醒")


def settings_of(hall: Hall) -> AlertSettings:
    return AlertSettings(
        wait_minutes=hall.alert_wait_minutes,
        pause_minutes=hall.alert_pause_minutes,
        deadline_days=hall.alert_deadline_days,
        followup_days=hall.followup_days,
    )


def get_settings(session: Session, user: AuthUser, hall_code: str) -> AlertSettings:
    _manager(user)
    return settings_of(get_hall(session, user, hall_code))


def save_settings(
    session: Session, user: AuthUser, hall_code: str, body: AlertSettingsIn, now: datetime
) -> AlertSettings:
    """The hall's thresholds; the change goes to the audit trail (old and new values)."""
    _manager(user)
    hall = get_hall(session, user, hall_code)
    before = settings_of(hall)
    hall.alert_wait_minutes = body.wait_minutes
    hall.alert_pause_minutes = body.pause_minutes
    hall.alert_deadline_days = body.deadline_days
    hall.followup_days = body.followup_days
    after = settings_of(hall)
    if after != before:
        detail = {"from": before.model_dump(), "to": after.model_dump()}
        audit.record_by(session, user, "hall.alert_settings", hall.code, detail, now)
    session.commit()
    return after


def _level(overdue: bool) -> AlertLevel:
    return AlertLevel.RED if overdue else AlertLevel.YELLOW


def _queue_alerts(session: Session, hall: Hall, now: datetime) -> list[HallAlert]:
    queue_ids = list(session.scalars(select(Queue.id).where(Queue.hall_id == hall.id)))
    limit_s = hall.alert_wait_minutes * 60
    return [
        HallAlert(
            kind=AlertKind.QUEUE_WAIT,
            level=_level(queue.longest_wait_s >= 2 * limit_s),
            key=f"queue:{queue.code}",
            subject=queue.name,
            detail=str(queue.waiting),
            since=now - timedelta(seconds=queue.longest_wait_s),
            queue_code=queue.code,
        )
        for queue in queue_counts(session, queue_ids, now)
        if queue.waiting and queue.longest_wait_s >= limit_s
    ]


def _pause_alerts(session: Session, hall: Hall, now: datetime) -> list[HallAlert]:
    limit = timedelta(minutes=hall.alert_pause_minutes)
    rows = session.execute(
        select(Window.number, Window.label, WindowState.pause_reason, WindowState.paused_at)
        .join(WindowState, WindowState.window_id == Window.id)
        .where(
            Window.hall_id == hall.id,
            WindowState.status == WindowStatus.PAUSED.value,
            WindowState.paused_at < now - limit,
        )
        .order_by(WindowState.paused_at)
        .limit(LIMIT)
    )
    return [
        HallAlert(
            kind=AlertKind.WINDOW_PAUSED,
            level=_level(paused_at is not None and now - as_utc(paused_at) >= 2 * limit),
            key=f"window:{number}",
            subject=label,
            detail=reason or "",
            since=paused_at,
            window_no=number,
        )
        for number, label, reason, paused_at in rows
    ]


def _department_name() -> Any:
    return func.coalesce(Department.name, CaseRecord.department_code, "")


def _case_alerts(
    session: Session, hall: Hall, column: Any, kind: AlertKind, today: date, horizon: date
) -> tuple[list[HallAlert], bool]:
    """Running cases whose ``column`` date is at most ``horizon`` (red when before today)."""
    statuses = _RUNNING if kind is AlertKind.CASE_DEADLINE else None
    query = (
        select(CaseRecord.number, CaseRecord.item_name, column, _department_name())
        .outerjoin(Department, Department.code == CaseRecord.department_code)
        .where(CaseRecord.hall_code == hall.code, column.is_not(None), column <= horizon)
        .order_by(column, CaseRecord.number)
        .limit(LIMIT + 1)
    )
    if statuses is not None:
        query = query.where(CaseRecord.status.in_(statuses))
    rows = session.execute(query).all()
    prefix = "case" if kind is AlertKind.CASE_DEADLINE else "gap"
    alerts = [
        HallAlert(
            kind=kind,
            level=_level(due < today),
            key=f"{prefix}:{number}",
            subject=number,
            detail=item_name,
            department=department,
            due=due,
            case_number=number,
        )
        for number, item_name, due, department in rows[:LIMIT]
    ]
    return alerts, len(rows) > LIMIT


def _department_counts(
    session: Session, hall: Hall, today: date, horizon: date
) -> list[DepartmentDeadlines]:
    red = func.sum(case((CaseRecord.promised_date < today, 1), else_=0))
    rows = session.execute(
        select(CaseRecord.department_code, func.max(Department.name), red, func.count())
        .outerjoin(Department, Department.code == CaseRecord.department_code)
        .where(
            CaseRecord.hall_code == hall.code,
            CaseRecord.status.in_(_RUNNING),
            CaseRecord.promised_date <= horizon,
        )
        .group_by(CaseRecord.department_code)
    ).all()
    counts = [
        DepartmentDeadlines(
            code=code or "", name=name or code or "", red=int(reds or 0), yellow=n - int(reds or 0)
        )
        for code, name, reds, n in rows
    ]
    return sorted(counts, key=lambda d: (-d.red, -d.yellow, d.code))


def _rating_alerts(session: Session, hall: Hall, today: date) -> list[HallAlert]:
    rows = session.execute(
        select(Rating.id, Ticket.number, Rating.window_no, Rating.reason, Rating.followup_due)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(
            Rating.hall_id == hall.id,
            Rating.followup_status.is_not(None),
            Rating.followup_status != FollowupStatus.DONE.value,
            Rating.followup_due <= today,
        )
        .order_by(Rating.followup_due, Rating.id)
        .limit(LIMIT)
    )
    return [
        HallAlert(
            kind=AlertKind.RATING_FOLLOWUP,
            level=_level(due is not None and due < today),
            key=f"rating:{rating_id}",
            subject=number,
            detail=reason or "",
            due=due,
            window_no=window_no,
            rating_id=rating_id,
        )
        for rating_id, number, window_no, reason, due in rows
    ]


def hall_alerts(
    session: Session,
    user: AuthUser,
    hall_code: str,
    now: datetime,
    calendar: WorkdayCalendar | None = None,
) -> HallAlerts:
    """Everything the supervisor should look at now (see the module doc)."""
    _manager(user)
    hall = get_hall(session, user, hall_code)
    today = service_day(now)
    horizon = yellow_horizon(today, hall.alert_deadline_days, calendar or default_calendar())
    cases, more_cases = _case_alerts(
        session, hall, CaseRecord.promised_date, AlertKind.CASE_DEADLINE, today, horizon
    )
    gaps, more_gaps = _case_alerts(
        session, hall, CaseRecord.gap_due, AlertKind.GAP_DUE, today, horizon
    )
    alerts: list[HallAlert] = [
        *_queue_alerts(session, hall, now),
        *_pause_alerts(session, hall, now),
        *cases,
        *gaps,
        *_rating_alerts(session, hall, today),
    ]
    alerts.sort(key=lambda a: a.level is not AlertLevel.RED)  # stable: kinds keep their order
    return HallAlerts(
        settings=settings_of(hall),
        alerts=tuple(alerts),
        departments=tuple(_department_counts(session, hall, today, horizon)),
        truncated=more_cases or more_gaps,
    )


# ----------------------------------------------------------------------------- appointments


def appointments_today(
    session: Session,
    user: AuthUser,
    hall_code: str,
    now: datetime,
) -> AppointmentDay:
    """Today's bookings per queue and slot: booked, checked in, late, no-show, still expected.

    Late: checked in after the grace period (served in normal order); no-show: not checked in
    and the slot has ended. Cancelled bookings are not counted."""
    _manager(user)
    hall = get_hall(session, user, hall_code)
    today = service_day(now)
    # UTC, as every stored time (SQLite compares the text of the times)
    day_start = datetime.combine(today, datetime.min.time(), CHINA_TZ).astimezone(UTC)
    checked = Appointment.status == AppointmentStatus.CHECKED_IN.value
    waiting = Appointment.status == AppointmentStatus.BOOKED.value
    # Checked in after the slot started without the appointment priority: past the grace
    # period (the kiosk gives the priority exactly within it; tickets.py).
    late = and_(
        checked,
        Ticket.priority == TicketPriority.NORMAL.rank,
        Ticket.issued_at > Appointment.slot_start,
    )
    rows = session.execute(
        select(
            Queue.code,
            Queue.name,
            Appointment.slot_start,
            Appointment.slot_end,
            func.count(),
            func.sum(case((checked, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
            func.sum(case((and_(waiting, Appointment.slot_end < now), 1), else_=0)),
        )
        .join(Queue, Queue.id == Appointment.queue_id)
        .outerjoin(Ticket, Ticket.id == Appointment.ticket_id)
        .where(
            Appointment.hall_id == hall.id,
            Appointment.status != AppointmentStatus.CANCELLED.value,
            Appointment.slot_start >= day_start,
            Appointment.slot_start < day_start + timedelta(days=1),
        )
        .group_by(Queue.id, Queue.code, Queue.name, Appointment.slot_start, Appointment.slot_end)
        .order_by(Queue.id, Appointment.slot_start, Appointment.slot_end)
    ).all()
    return AppointmentDay(day=today, slots=tuple(_slot(row) for row in rows))


def _slot(row: Sequence[Any]) -> AppointmentSlot:
    code, name, start, end, booked, checked_in, late, no_show = row
    booked, checked_in = int(booked), int(checked_in or 0)
    no_show = int(no_show or 0)
    return AppointmentSlot(
        queue_code=code,
        queue_name=name,
        start=start,
        end=end,
        booked=booked,
        checked_in=checked_in,
        late=int(late or 0),
        no_show=no_show,
        expected=booked - checked_in - no_show,
    )


__all__ = [
    "LIMIT",
    "appointments_today",
    "get_settings",
    "hall_alerts",
    "save_settings",
    "settings_of",
]
