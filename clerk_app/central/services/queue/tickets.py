"""Tickets: taking a number, a ticket's place in its queue, and the ticket as the wire shows it.

A ticket row becomes the contract's ``Ticket`` in ``ticket_out`` only: every field of the
contract that is a column of the same name is copied by name; the few that are not (the queue's
code and name, the priority's name, the window's number, the place in the queue, the slip's QR
link) are derived in ``_derived``. A new column shown to the counter is a field in the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clerk_app.central.config import QueueSettings
from clerk_app.central.models import Hall, Queue
from clerk_app.central.queue_models import Appointment, QueueCounter, Ticket
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.central.services.queue.access import ISSUER_ROLES, get_hall, get_queue
from clerk_app.central.services.queue.common import (
    check_request_id,
    commit,
    from_row,
    service_day,
    upsert_insert,
)
from clerk_app.central.services.queue.hall_status import status_event
from clerk_app.contract import queue as wire
from clerk_app.contract.enums import (
    STAFF_ROLES,
    AppointmentStatus,
    QueueEventKind,
    TicketKind,
    TicketPriority,
    TicketStatus,
)
from clerk_app.domain.precheck import parse_precheck_number

GREEN = TicketPriority.GREEN.rank
APPOINTMENT = TicketPriority.APPOINTMENT.rank
NORMAL = TicketPriority.NORMAL.rank


# ----------------------------------------------------------------------------- the wire's ticket


def waiting_ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets of the same queue a window would call before this one."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    before = or_(
        Ticket.priority < ticket.priority,
        and_(Ticket.priority == ticket.priority, Ticket.sort_at < ticket.sort_at),
        and_(
            Ticket.priority == ticket.priority,
            Ticket.sort_at == ticket.sort_at,
            Ticket.id < ticket.id,
        ),
    )
    count = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.queue_id == ticket.queue_id,
            Ticket.service_date == ticket.service_date,
            Ticket.status == TicketStatus.WAITING,
            Ticket.target_window_id.is_(None),
            before,
        )
    )
    return int(count or 0)


def _derived(session: Session, ticket: Ticket, base_url: str) -> dict[str, Any]:
    """The contract's ticket fields that are not a column of the same name."""
    return {
        "queue": ticket.queue.code,
        "queue_name": ticket.queue.name,
        "priority": TicketPriority.of_rank(ticket.priority),
        "window_no": ticket.window.number if ticket.window is not None else None,
        "waiting_ahead": waiting_ahead(session, ticket),
        "check_url": f"{base_url.rstrip('/')}/api/v1/tickets/{ticket.id}/position",
    }


def ticket_out(session: Session, ticket: Ticket, base_url: str = "") -> wire.Ticket:
    """The ticket as the counter, the kiosk and the evaluator see it."""
    return from_row(wire.Ticket, ticket, _derived(session, ticket, base_url))


def ticket_position(session: Session, ticket_id: int) -> wire.TicketPosition:
    """What the slip's QR link shows (no login)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("没有这张号票")
    return wire.TicketPosition(
        number=ticket.number,
        status=TicketStatus(ticket.status),
        waiting_ahead=waiting_ahead(session, ticket),
        window_no=ticket.window.number if ticket.window is not None else None,
    )


# ----------------------------------------------------------------------------- taking a number


def next_seq(session: Session, hall: Hall, key: str, day: date) -> int:
    """The day's next number of a counter (a queue code, or WALKIN), gapless under load."""
    stmt = (
        upsert_insert(session)(QueueCounter)
        .values(hall_id=hall.id, counter_key=key, service_date=day, last_seq=1)
        .on_conflict_do_update(
            index_elements=[
                QueueCounter.hall_id,
                QueueCounter.counter_key,
                QueueCounter.service_date,
            ],
            set_={"last_seq": QueueCounter.last_seq + 1},
        )
        .returning(QueueCounter.last_seq)
    )
    return int(session.execute(stmt).scalar_one())


def new_ticket(
    session: Session,
    queue: Queue,
    issued_by: AuthUser,
    now: datetime,
    *,
    counter: str,
    prefix: str,
    **fields: Any,
) -> Ticket:
    """A ticket of ``queue`` (in its hall) issued now, numbered ``prefix`` + the day's next
    number of ``counter`` (:func:`next_seq`), with ``fields`` (kind, priority, status …);
    added and flushed, so it has its id."""
    day = service_day(now)
    seq = next_seq(session, queue.hall, counter, day)
    ticket = Ticket(
        hall_id=queue.hall_id,
        queue_id=queue.id,
        service_date=day,
        seq=seq,
        number=f"{prefix}{seq:03d}",
        issued_at=now,
        sort_at=now,
        issued_by=issued_by.username,
        call_count=0,
        case_numbers=[],
        **fields,
    )
    session.add(ticket)
    session.flush()
    return ticket


def _check_issuer(user: AuthUser, kind: str, green_reason: str | None) -> str | None:
    """The green channel's reason, trimmed, once the user may issue this kind."""
    if kind not in (TicketKind.NORMAL, TicketKind.APPOINTMENT, TicketKind.GREEN):
        raise Invalid("取号类型应为 normal、appointment 或 green")
    if user.role not in ISSUER_ROLES:
        raise Forbidden("此账户不能取号")
    if kind != TicketKind.GREEN:
        return None
    if user.role not in STAFF_ROLES:
        raise Forbidden("绿色通道号须由工作人员发放")
    reason = (green_reason or "").strip()[:100] or None
    if reason is None:
        raise Invalid("绿色通道须注明原因（如老年人、残疾人、急事）")
    return reason


@dataclass(frozen=True)
class _IssueRequest:
    hall: Hall
    queue_code: str
    kind: TicketKind
    appointment_code: str | None
    request_id: str | None
    green_reason: str | None
    precheck_no: str | None


def _check_precheck_no(precheck_no: str | None, hall_code: str) -> str | None:
    """The pre-check number normalised, if it is one of this hall's."""
    if precheck_no is None or not precheck_no.strip():
        return None
    parsed = parse_precheck_number(precheck_no)
    if parsed is None:
        raise Invalid(f"预审编号{precheck_no!r}格式不正确")
    if parsed[0] != hall_code.upper():
        raise Invalid(f"预审编号{precheck_no}不是本大厅的")
    return precheck_no.strip().upper()


def _issued_for(session: Session, request_id: str | None) -> Ticket | None:
    if request_id is None:
        return None
    return session.scalars(
        select(Ticket).where(Ticket.issue_request_id == request_id)
    ).one_or_none()


def issue_ticket(
    session: Session,
    user: AuthUser,
    hall_code: str,
    queue_code: str,
    kind: str,
    now: datetime,
    *,
    appointment_code: str | None = None,
    request_id: str | None = None,
    settings: QueueSettings | None = None,
    green_reason: str | None = None,
    precheck_no: str | None = None,
) -> Ticket:
    """Take a number. Kiosk or staff; the green channel needs staff and a reason (kept for the
    audit, never displayed). A ticket may carry the visit's pre-check number (帮办预审).
    Idempotent by request id."""
    check_request_id(request_id)
    green_reason = _check_issuer(user, kind, green_reason)
    precheck_no = _check_precheck_no(precheck_no, hall_code)
    hall = get_hall(session, user, hall_code)
    existing = _issued_for(session, request_id)
    if existing is not None:
        return existing
    request = _IssueRequest(
        hall, queue_code, TicketKind(kind), appointment_code, request_id, green_reason, precheck_no
    )
    try:
        return _issue(session, user, request, now, settings or QueueSettings())
    except IntegrityError:
        # The same request id arrived twice at once: the other one made the ticket.
        session.rollback()
        existing = _issued_for(session, request_id)
        if existing is None:
            raise
        return existing


def _check_in(
    session: Session, hall: Hall, code: str | None, now: datetime, settings: QueueSettings
) -> tuple[Appointment, int]:
    """The booking checked in by its code, and the priority it earns (on time or not)."""
    code = (code or "").strip().upper()
    if not code:
        raise Invalid("请输入预约码")
    appointment = session.scalars(
        select(Appointment)
        .where(Appointment.hall_id == hall.id, Appointment.code == code)
        .with_for_update()
    ).one_or_none()
    if appointment is None:
        raise NotFound(f"预约码{code}不存在，请核对后重试")
    if appointment.status == AppointmentStatus.CHECKED_IN:
        raise Conflict("该预约已签到取号，请勿重复取号")
    if appointment.status == AppointmentStatus.CANCELLED:
        raise Conflict("该预约已取消")
    slot_day = service_day(appointment.slot_start)
    if slot_day != service_day(now):
        raise Invalid(f"该预约日期为{slot_day:%Y-%m-%d}，不是今天")
    start = as_utc(appointment.slot_start)
    early = start - timedelta(minutes=settings.appointment_early_min)
    late = start + timedelta(minutes=settings.appointment_grace_min)
    return appointment, APPOINTMENT if early <= now <= late else NORMAL


def _issue(
    session: Session,
    user: AuthUser,
    request: _IssueRequest,
    now: datetime,
    settings: QueueSettings,
) -> Ticket:
    hall, kind = request.hall, request.kind
    queue: Queue = get_queue(session, hall, request.queue_code)
    priority = GREEN if kind == TicketKind.GREEN else NORMAL
    appointment: Appointment | None = None
    if kind == TicketKind.APPOINTMENT:
        appointment, priority = _check_in(session, hall, request.appointment_code, now, settings)
        queue = appointment.queue  # the booking decides the queue
    ticket = new_ticket(
        session,
        queue,
        user,
        now,
        counter=queue.code,
        prefix=queue.prefix,
        kind=kind,
        priority=priority,
        status=TicketStatus.WAITING,
        issue_request_id=request.request_id,
        appointment_code=appointment.code if appointment is not None else None,
        green_reason=request.green_reason,
        precheck_no=request.precheck_no,
    )
    if appointment is not None:
        appointment.status = AppointmentStatus.CHECKED_IN
        appointment.ticket_id = ticket.id
    issued = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "queue": queue.code,
        "kind": kind,
        "priority": TicketPriority.of_rank(priority),
    }
    events = [(QueueEventKind.TICKET_ISSUED, issued), status_event(session, [queue.id], now)]
    commit(session, hall, events, now)
    return ticket
