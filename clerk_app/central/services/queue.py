"""Queue calling (叫号): tickets, the call order, window actions, appointments.

Every public function is one transaction: it locks what it changes, appends its live events
(``events.append_events``, the last statement) and commits. The rules (DESIGN.md §3) are
written out in docs/queue-rules.md; the essentials:

- Order among what a window may call: priority (0 green channel, 1 appointment checked in on
  time, 2 everyone else), then ``sort_at`` (ticket time; a transfer keeps it), then the window's
  queue preference, then the ticket id. Only today's tickets are called.
- Call-next is atomic: on PostgreSQL the candidate is taken with ``FOR UPDATE SKIP LOCKED`` (a
  window never waits for another window's pick and never gets the same ticket); on SQLite the
  transaction starts with a write, so it holds the single writer lock from the start.
- Idempotent by request id: the id is inserted first in ``queue_call_requests``; a retried (or
  concurrently doubled) request finds it and returns the ticket the first one called.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from clerk_app.central.models import AuthToken, Hall, Queue, Staff, Window, WindowQueue
from clerk_app.central.queue_models import (
    Appointment,
    CallRequest,
    QueueCounter,
    Ticket,
    WindowState,
)
from clerk_app.central.services import queue_pg
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.central.services.events import append_events, recent_events

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

GREEN, APPOINTMENT, NORMAL = 0, 1, 2
PRIORITY_NAMES = {GREEN: "green", APPOINTMENT: "appointment", NORMAL: "normal"}
KINDS = ("normal", "appointment", "green", "walk_in")
STAFF_ROLES = frozenset({"clerk", "helpdesk", "supervisor", "admin"})
ISSUER_ROLES = STAFF_ROLES | {"kiosk"}
SUPERVISORS = frozenset({"supervisor", "admin"})
ACTIVE = ("called", "serving")  # a window's current ticket is in one of these


class QueueSettings(BaseSettings):
    """Queue rules that a hall may tune (environment ``CLERK_CENTRAL_QUEUE_*``)."""

    model_config = SettingsConfigDict(env_prefix="CLERK_CENTRAL_QUEUE_", extra="ignore")

    missed_interval_s: int = 120  # a no-show is callable again after this long
    max_calls: int = 3  # calls before a no-show is cancelled
    appointment_early_min: int = 30  # check-in this early still counts as on time
    appointment_grace_min: int = 15  # ... and this late after the slot starts
    public_base_url: str = ""  # prefix of the ticket slip's QR link; "" = the request's


def service_day(now: datetime) -> date:
    """The hall's day (China time) a ticket belongs to."""
    return as_utc(now).astimezone(CHINA_TZ).date()


def _local_hm(moment: datetime) -> str:
    return f"{as_utc(moment).astimezone(CHINA_TZ):%H:%M}"


def _upsert_insert(session: Session) -> Any:
    return postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# ----------------------------------------------------------------------------- lookups


@dataclass(frozen=True)
class WindowRef:
    hall: Hall
    window: Window


def get_hall(session: Session, user: AuthUser | None, hall_code: str) -> Hall:
    if user is not None and hall_code != user.hall_code:
        raise Forbidden("只能操作本大厅的叫号")
    hall = session.scalars(select(Hall).where(Hall.code == hall_code)).one_or_none()
    if hall is None:
        raise NotFound(f"大厅{hall_code}不存在")
    return hall


def get_window(session: Session, hall: Hall, number: int) -> Window:
    window = session.scalars(
        select(Window).where(Window.hall_id == hall.id, Window.number == number)
    ).one_or_none()
    if window is None:
        raise NotFound(f"本大厅没有{number}号窗口")
    return window


def get_queue(session: Session, hall: Hall, code: str) -> Queue:
    queue = session.scalars(
        select(Queue).where(Queue.hall_id == hall.id, Queue.code == code)
    ).one_or_none()
    if queue is None:
        raise NotFound(f"本大厅没有队列{code}")
    return queue


def authorize_window(user: AuthUser, hall_code: str, window_no: int) -> None:
    """May this user act on that window? (No database needed: the token says it all.)

    A clerk acts only on the window of the registered device they logged in from (the token's
    window); supervisors on any window of their hall; nobody else calls tickets.
    """
    if hall_code != user.hall_code:
        raise Forbidden("只能操作本大厅的叫号")
    if user.role in SUPERVISORS:
        return
    if user.role == "clerk":
        if user.window_no != window_no:
            raise Forbidden(
                f"您登录的是{user.window_no or '未指定'}号窗口，不能操作{window_no}号窗口"
            )
        return
    raise Forbidden("此账户不能操作窗口叫号")


def window_actor(session: Session, user: AuthUser, hall_code: str, window_no: int) -> WindowRef:
    """The window a clerk (logged in at it) or a supervisor acts on."""
    authorize_window(user, hall_code, window_no)
    # One round trip on the hot path; the lookups below only explain a miss.
    row = session.execute(
        select(Hall, Window)
        .join(Window, Window.hall_id == Hall.id)
        .where(Hall.code == hall_code, Window.number == window_no)
    ).one_or_none()
    if row is None:
        hall = get_hall(session, user, hall_code)
        get_window(session, hall, window_no)
        raise NotFound(f"本大厅没有{window_no}号窗口")  # pragma: no cover - raised above
    hall, window = row
    return WindowRef(hall, window)


def profile_queue_ids(session: Session, window: Window) -> list[int]:
    return list(
        session.scalars(
            select(WindowQueue.queue_id)
            .where(WindowQueue.window_id == window.id)
            .order_by(WindowQueue.position)
        )
    )


def _lock_window_state(session: Session, window: Window, now: datetime) -> WindowState:
    """The window's state row, created if missing and locked, in one statement.

    A write: on SQLite it takes the writer lock, so the whole action is serialised there.
    """
    upsert = _upsert_insert(session)(WindowState).values(
        window_id=window.id, status="closed", updated_at=now
    )
    stmt = upsert.on_conflict_do_update(
        index_elements=[WindowState.window_id],
        set_={"window_id": upsert.excluded.window_id},  # a no-op update that locks the row
    ).returning(WindowState)
    state = session.scalars(
        select(WindowState).from_statement(stmt).execution_options(populate_existing=True)
    ).one()
    return state


def _current(session: Session, state: WindowState) -> Ticket | None:
    if state.current_ticket_id is None:
        return None
    ticket = session.get(
        Ticket, state.current_ticket_id, with_for_update=True, populate_existing=True
    )
    if ticket is None or ticket.status not in ACTIVE:
        return None
    return ticket


def _require_no_current(session: Session, state: WindowState) -> None:
    current = _current(session, state)
    if current is not None:
        raise Conflict(f"当前号码{current.number}尚未办结，请先办结、过号或转出")


def _require_open(state: WindowState) -> None:
    if state.status == "paused":
        raise Conflict("窗口已暂停，请先恢复服务")


def _open_state(state: WindowState, user: AuthUser, now: datetime) -> None:
    if state.status != "paused":
        state.status = "open"
    state.clerk, state.clerk_name = user.username, user.display_name
    state.updated_at = now


# ----------------------------------------------------------------------------- views


def waiting_ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets of the same queue a window would call before this one."""
    if ticket.status != "waiting":
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
            Ticket.status == "waiting",
            Ticket.target_window_id.is_(None),
            before,
        )
    )
    return int(count or 0)


def ticket_out(session: Session, ticket: Ticket, base_url: str = "") -> dict[str, Any]:
    """The ``Ticket`` JSON of interfaces2.md (plus ``priority`` and ``transfer_note``)."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "queue": ticket.queue.code,
        "queue_name": ticket.queue.name,
        "kind": ticket.kind,
        "priority": PRIORITY_NAMES[ticket.priority],
        "issued_at": as_utc(ticket.issued_at).isoformat(),
        "sort_at": as_utc(ticket.sort_at).isoformat(),
        "status": ticket.status,
        "window_no": ticket.window.number if ticket.window is not None else None,
        "call_count": ticket.call_count,
        "waiting_ahead": waiting_ahead(session, ticket),
        "appointment_code": ticket.appointment_code,
        "case_numbers": list(ticket.case_numbers or []),
        "check_url": f"{base_url.rstrip('/')}/api/v1/tickets/{ticket.id}/position",
        "transfer_note": ticket.transfer_note,
    }


def _build_counts_query() -> Any:
    joined = and_(
        Ticket.queue_id == Queue.id,
        Ticket.service_date == bindparam("today"),
        Ticket.status.in_(("waiting", "missed")),
    )
    return (
        select(
            Queue.id,
            Queue.code,
            Queue.name,
            Queue.prefix,
            func.sum(case((Ticket.status == "waiting", 1), else_=0)),
            func.sum(case((Ticket.status == "missed", 1), else_=0)),
            func.min(case((Ticket.status == "waiting", Ticket.issued_at), else_=None)),
        )
        .outerjoin(Ticket, joined)
        .where(Queue.id.in_(bindparam("queue_ids", expanding=True)))
        .group_by(Queue.id, Queue.code, Queue.name, Queue.prefix)
    )


_COUNTS = _build_counts_query()


def _queue_counts(session: Session, queue_ids: list[int], now: datetime) -> list[dict[str, Any]]:
    """Waiting/missed counts and the longest wait of the given queues (today), in one query."""
    if not queue_ids:
        return []
    params = {"today": service_day(now), "queue_ids": list(queue_ids)}
    by_id = {r[0]: r for r in session.execute(_COUNTS, params).all()}
    out = []
    for qid in queue_ids:
        _id, code, name, prefix, waiting, missed, oldest = by_id[qid]
        if isinstance(oldest, str):  # SQLite's MIN over a CASE loses the column type
            oldest = datetime.fromisoformat(oldest)
        longest = max(0, int((now - as_utc(oldest)).total_seconds())) if oldest else 0
        out.append(
            {
                "code": code,
                "name": name,
                "prefix": prefix,
                "waiting": int(waiting or 0),
                "longest_wait_s": longest,
                "missed": int(missed or 0),
            }
        )
    return out


def _status_event(session: Session, queue_ids: list[int], now: datetime) -> tuple[str, Any]:
    return ("queue_status", {"queues": _queue_counts(session, queue_ids, now)})


def _call_data(ticket: Ticket, window: Window, *, recall: bool) -> dict[str, Any]:
    return {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "queue": ticket.queue.code,
        "window_no": window.number,
        "window_label": window.label,
        "recall": recall,
        "call_count": ticket.call_count,
    }


def _commit(session: Session, hall: Hall, events: list[tuple[str, Any]], now: datetime) -> None:
    append_events(session, hall.code, events, now)
    session.commit()


# ----------------------------------------------------------------------------- tickets


def _next_seq(session: Session, hall: Hall, key: str, day: date) -> int:
    insert = _upsert_insert(session)
    stmt = (
        insert(QueueCounter)
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


def _check_request_id(request_id: str | None) -> None:
    if request_id is not None and not re.fullmatch(r"[0-9A-Za-z_.:-]{1,64}", request_id):
        raise Invalid("请求编号只能包含字母、数字和 _ . : -，最长64位")


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
) -> Ticket:
    """Take a number. Kiosk or staff; the green channel needs staff and a reason (kept for the
    audit, never displayed). Idempotent by request id."""
    settings = settings or QueueSettings()
    _check_request_id(request_id)
    if kind not in ("normal", "appointment", "green"):
        raise Invalid("取号类型应为 normal、appointment 或 green")
    if user.role not in ISSUER_ROLES:
        raise Forbidden("此账户不能取号")
    if kind == "green" and user.role not in STAFF_ROLES:
        raise Forbidden("绿色通道号须由工作人员发放")
    green_reason = (green_reason or "").strip()[:100] or None
    if kind == "green" and green_reason is None:
        raise Invalid("绿色通道须注明原因（如老年人、残疾人、急事）")
    hall = get_hall(session, user, hall_code)
    if request_id is not None:
        existing = session.scalars(
            select(Ticket).where(Ticket.issue_request_id == request_id)
        ).one_or_none()
        if existing is not None:
            return existing
    try:
        ticket = _issue(
            session,
            user,
            hall,
            queue_code,
            kind,
            now,
            appointment_code,
            request_id,
            settings,
            green_reason if kind == "green" else None,
        )
    except IntegrityError:
        # The same request id arrived twice at once: the other one made the ticket.
        session.rollback()
        if request_id is None:
            raise
        existing = session.scalars(
            select(Ticket).where(Ticket.issue_request_id == request_id)
        ).one_or_none()
        if existing is None:
            raise
        return existing
    return ticket


def _issue(
    session: Session,
    user: AuthUser,
    hall: Hall,
    queue_code: str,
    kind: str,
    now: datetime,
    appointment_code: str | None,
    request_id: str | None,
    settings: QueueSettings,
    green_reason: str | None,
) -> Ticket:
    queue = get_queue(session, hall, queue_code)
    day = service_day(now)
    priority = {"normal": NORMAL, "green": GREEN, "appointment": NORMAL}[kind]
    appointment: Appointment | None = None
    if kind == "appointment":
        code = (appointment_code or "").strip().upper()
        if not code:
            raise Invalid("请输入预约码")
        appointment = session.scalars(
            select(Appointment)
            .where(Appointment.hall_id == hall.id, Appointment.code == code)
            .with_for_update()
        ).one_or_none()
        if appointment is None:
            raise NotFound(f"预约码{code}不存在，请核对后重试")
        if appointment.status == "checked_in":
            raise Conflict("该预约已签到取号，请勿重复取号")
        if appointment.status == "cancelled":
            raise Conflict("该预约已取消")
        if service_day(appointment.slot_start) != day:
            raise Invalid(f"该预约日期为{service_day(appointment.slot_start):%Y-%m-%d}，不是今天")
        queue = appointment.queue  # the booking decides the queue
        early = as_utc(appointment.slot_start) - timedelta(minutes=settings.appointment_early_min)
        late = as_utc(appointment.slot_start) + timedelta(minutes=settings.appointment_grace_min)
        if early <= now <= late:
            priority = APPOINTMENT
        appointment_code = code
    else:
        appointment_code = None
    seq = _next_seq(session, hall, queue.code, day)
    ticket = Ticket(
        hall_id=hall.id,
        queue_id=queue.id,
        service_date=day,
        seq=seq,
        number=f"{queue.prefix}{seq:03d}",
        kind=kind,
        priority=priority,
        status="waiting",
        issued_at=now,
        sort_at=now,
        issued_by=user.username,
        issue_request_id=request_id,
        call_count=0,
        appointment_code=appointment_code,
        green_reason=green_reason,
        case_numbers=[],
    )
    session.add(ticket)
    session.flush()
    if appointment is not None:
        appointment.status = "checked_in"
        appointment.ticket_id = ticket.id
    issued = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "queue": queue.code,
        "kind": kind,
        "priority": PRIORITY_NAMES[priority],
    }
    _commit(
        session, hall, [("ticket_issued", issued), _status_event(session, [queue.id], now)], now
    )
    return ticket


def ticket_position(session: Session, ticket_id: int) -> dict[str, Any]:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("没有这张号票")
    return {
        "number": ticket.number,
        "status": ticket.status,
        "waiting_ahead": waiting_ahead(session, ticket),
        "window_no": ticket.window.number if ticket.window is not None else None,
    }


# ----------------------------------------------------------------------------- calling


def _claim_request(
    session: Session, request_id: str, window: Window, action: str, now: datetime
) -> CallRequest | None:
    """Insert the request id; if it is known, the stored request (the caller replays it)."""
    insert = _upsert_insert(session)
    inserted = session.execute(
        insert(CallRequest)
        .values(request_id=request_id, window_id=window.id, action=action, created_at=now)
        .on_conflict_do_nothing(index_elements=[CallRequest.request_id])
        .returning(CallRequest.request_id)
    ).scalar_one_or_none()
    if inserted is not None:
        return None
    stored = session.get(CallRequest, request_id, populate_existing=True)
    assert stored is not None
    if stored.window_id != window.id or stored.action != action:
        raise Conflict("请求编号已被其他操作使用，请重新操作")
    return stored


def _replay(session: Session, stored: CallRequest) -> Ticket | None:
    ticket = session.get(Ticket, stored.ticket_id) if stored.ticket_id is not None else None
    session.commit()
    return ticket


def _build_callable_query() -> Any:
    """The next ticket for a window: in its profile's queues (or transferred to it).

    Built once with bind parameters (``p_hall_id``, ``p_window_id``, ``p_day``): constructing it per
    call cost more Python time than running it.
    """
    link = aliased(WindowQueue)
    window_id: Any = bindparam("p_window_id")
    mine = or_(
        and_(Ticket.target_window_id.is_(None), link.window_id.is_not(None)),
        Ticket.target_window_id == window_id,
    )
    return (
        select(Ticket.id)
        .outerjoin(link, and_(link.queue_id == Ticket.queue_id, link.window_id == window_id))
        .where(
            Ticket.hall_id == bindparam("p_hall_id"),
            Ticket.status == "waiting",
            Ticket.service_date == bindparam("p_day"),
            mine,
        )
        .order_by(Ticket.priority, Ticket.sort_at, func.coalesce(link.position, 99), Ticket.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Ticket)
    )


def _build_call_statement() -> Any:
    """Pick the next ticket and mark it called in one statement (one round trip).

    The pick is ``FOR UPDATE SKIP LOCKED`` on PostgreSQL: two windows at once take different
    tickets; SQLite has a single writer.
    """
    pick = _build_callable_query().scalar_subquery()
    return (
        update(Ticket)
        .where(Ticket.id == pick)
        .values(
            status="called",
            window_id=bindparam("p_window_id"),
            clerk=bindparam("p_clerk"),
            call_count=Ticket.call_count + 1,
            called_at=bindparam("p_now"),
        )
        .returning(Ticket)
        .execution_options(synchronize_session=False)
    )


_CALL = _build_call_statement()


def call_next(
    session: Session, user: AuthUser, hall_code: str, window_no: int, request_id: str, now: datetime
) -> Ticket | None:
    """Call the next ticket for the window; None when nobody waits. Idempotent by request id."""
    _check_request_id(request_id)
    if not request_id:
        raise Invalid("缺少请求编号request_id")
    if queue_pg.uses_functions(session):
        authorize_window(user, hall_code, window_no)
        return queue_pg.call_next(
            session,
            hall_code,
            window_no,
            request_id,
            user.username,
            user.display_name,
            now,
            service_day(now),
        )
    ref = window_actor(session, user, hall_code, window_no)
    hall, window = ref.hall, ref.window
    stored = _claim_request(session, request_id, window, "call_next", now)
    if stored is not None:
        return _replay(session, stored)
    state = _lock_window_state(session, window, now)
    _require_open(state)
    _require_no_current(session, state)
    params = {
        "p_hall_id": hall.id,
        "p_window_id": window.id,
        "p_day": service_day(now),
        "p_clerk": user.username,
        "p_now": now,
    }
    ticket = session.scalars(_CALL, params).one_or_none()
    _open_state(state, user, now)
    if ticket is None:
        session.commit()  # the request id is kept: a retry answers "nobody waits" again
        return None
    set_committed_value(ticket, "window", window)  # known: spares ticket_out a query
    state.current_ticket_id = ticket.id
    session.execute(
        update(CallRequest).where(CallRequest.request_id == request_id).values(ticket_id=ticket.id)
    )
    session.flush()
    events = [
        ("ticket_called", _call_data(ticket, window, recall=False)),
        _status_event(session, [ticket.queue_id], now),
    ]
    _commit(session, hall, events, now)
    return ticket


def recall(
    session: Session, user: AuthUser, hall_code: str, window_no: int, now: datetime
) -> Ticket:
    """Announce the current ticket again (重呼); it does not count as a new call."""
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    ticket = _current(session, state)
    if ticket is None or ticket.status != "called":
        raise Conflict("当前没有已呼叫的号码，无法重呼")
    ticket.called_at = now
    _commit(
        session, ref.hall, [("ticket_recalled", _call_data(ticket, ref.window, recall=True))], now
    )
    return ticket


def no_show(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    now: datetime,
    settings: QueueSettings | None = None,
) -> Ticket:
    """过号: the current ticket goes to the missed pool, or is cancelled after the last call."""
    settings = settings or QueueSettings()
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    ticket = _current(session, state)
    if ticket is None or ticket.status != "called":
        raise Conflict("当前没有已呼叫的号码，无法过号")
    cancelled = ticket.call_count >= settings.max_calls
    ticket.status = "cancelled" if cancelled else "missed"
    ticket.missed_at = now
    state.current_ticket_id = None
    state.updated_at = now
    data = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "window_no": ref.window.number,
        "call_count": ticket.call_count,
        "cancelled": cancelled,
    }
    session.flush()
    _commit(
        session,
        ref.hall,
        [("ticket_missed", data), _status_event(session, [ticket.queue_id], now)],
        now,
    )
    return ticket


def call_missed(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    ticket_id: int,
    now: datetime,
    settings: QueueSettings | None = None,
) -> Ticket:
    """Call a ticket of the missed pool again (after the minimum interval, at most 3 calls)."""
    settings = settings or QueueSettings()
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    _require_open(state)
    _require_no_current(session, state)
    ticket = session.get(Ticket, ticket_id, with_for_update=True, populate_existing=True)
    if ticket is None or ticket.hall_id != ref.hall.id:
        raise NotFound("没有这张号票")
    if ticket.status != "missed":
        raise Conflict(f"{ticket.number}号不在过号队列中")
    allowed = set(profile_queue_ids(session, ref.window))
    if ticket.queue_id not in allowed and ticket.window_id != ref.window.id:
        raise Forbidden(f"{ticket.number}号不属于本窗口服务的队列")
    if ticket.call_count >= settings.max_calls:
        raise Conflict(f"{ticket.number}号已呼叫{ticket.call_count}次，不能再呼叫")
    ready_at = as_utc(ticket.missed_at or now) + timedelta(seconds=settings.missed_interval_s)
    if now < ready_at:
        wait = int((ready_at - now).total_seconds()) + 1
        raise Conflict(f"{ticket.number}号过号不久，请{wait}秒后再呼叫")
    _open_state(state, user, now)
    ticket.status = "called"
    ticket.window_id = ref.window.id
    ticket.clerk = user.username
    ticket.call_count += 1
    ticket.called_at = now
    state.current_ticket_id = ticket.id
    session.flush()
    events = [
        ("ticket_called", _call_data(ticket, ref.window, recall=False)),
        _status_event(session, [ticket.queue_id], now),
    ]
    _commit(session, ref.hall, events, now)
    return ticket


def finish(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    outcome: str,
    case_numbers: list[str],
    now: datetime,
) -> Ticket:
    """办结: record the outcome and the cases handled; the evaluator may now rate it."""
    outcome = outcome.strip()
    if not outcome:
        raise Invalid("请填写办理结果")
    cases = list(dict.fromkeys(case_numbers))
    if queue_pg.uses_functions(session):
        authorize_window(user, hall_code, window_no)
        return queue_pg.finish(session, hall_code, window_no, outcome, cases, now)
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    ticket = _current(session, state)
    if ticket is None:
        raise Conflict("当前没有正在办理的号码")
    ticket.status = "finished"
    ticket.finished_at = now
    ticket.outcome = outcome
    ticket.case_numbers = cases
    state.current_ticket_id = None
    state.updated_at = now
    data = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "window_no": ref.window.number,
        "outcome": outcome,
        "case_numbers": ticket.case_numbers,
    }
    _commit(session, ref.hall, [("ticket_finished", data)], now)
    return ticket


def transfer(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    now: datetime,
    *,
    to_queue: str | None,
    to_window: int | None,
    reason: str,
) -> Ticket:
    """转窗/转队列: the ticket waits again elsewhere and keeps its original ticket time."""
    reason = reason.strip()
    if not reason:
        raise Invalid("转出须填写原因")
    if to_queue is None and to_window is None:
        raise Invalid("请选择转往的队列或窗口")
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    ticket = _current(session, state)
    if ticket is None:
        raise Conflict("当前没有可转出的号码")
    old_queue_id = ticket.queue_id
    target: Window | None = None
    if to_window is not None:
        target = get_window(session, ref.hall, to_window)
        if target.id == ref.window.id:
            raise Invalid("不能转给本窗口")
    if to_queue is not None:
        ticket.queue_id = get_queue(session, ref.hall, to_queue).id
    ticket.status = "waiting"
    ticket.window_id = None
    ticket.target_window_id = target.id if target is not None else None
    ticket.clerk = None
    ticket.call_count = 0  # the new window has its own three calls
    ticket.transfer_note = reason[:200]
    state.current_ticket_id = None
    state.updated_at = now
    session.flush()
    session.refresh(ticket, ["queue"])
    data = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "from_window": ref.window.number,
        "to_queue": ticket.queue.code,
        "to_window": to_window,
        "reason": ticket.transfer_note,
    }
    queues = list(dict.fromkeys([old_queue_id, ticket.queue_id]))
    _commit(
        session, ref.hall, [("ticket_transferred", data), _status_event(session, queues, now)], now
    )
    return ticket


def walk_in(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    request_id: str,
    now: datetime,
    queue_code: str | None = None,
) -> Ticket:
    """Serve someone without a number slip: a ``walk_in`` ticket (W001…), served at once."""
    _check_request_id(request_id)
    if not request_id:
        raise Invalid("缺少请求编号request_id")
    ref = window_actor(session, user, hall_code, window_no)
    hall, window = ref.hall, ref.window
    stored = _claim_request(session, request_id, window, "walk_in", now)
    if stored is not None:
        ticket = _replay(session, stored)
        assert ticket is not None
        return ticket
    state = _lock_window_state(session, window, now)
    _require_no_current(session, state)
    if queue_code is not None:
        queue = get_queue(session, hall, queue_code)
    else:
        queue_ids = profile_queue_ids(session, window)
        if not queue_ids:
            raise Invalid("本窗口未设置服务队列，请指定队列")
        queue = session.get_one(Queue, queue_ids[0])
    day = service_day(now)
    seq = _next_seq(session, hall, "WALKIN", day)
    ticket = Ticket(
        hall_id=hall.id,
        queue_id=queue.id,
        service_date=day,
        seq=seq,
        number=f"W{seq:03d}",
        kind="walk_in",
        priority=NORMAL,
        status="serving",
        issued_at=now,
        sort_at=now,
        issued_by=user.username,
        window_id=window.id,
        clerk=user.username,
        call_count=0,
        called_at=now,
        case_numbers=[],
    )
    session.add(ticket)
    session.flush()
    _open_state(state, user, now)
    state.current_ticket_id = ticket.id
    session.execute(
        update(CallRequest).where(CallRequest.request_id == request_id).values(ticket_id=ticket.id)
    )
    issued = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "queue": queue.code,
        "kind": "walk_in",
        "priority": "normal",
        "window_no": window.number,
    }
    _commit(session, hall, [("ticket_issued", issued)], now)
    return ticket


def pause(
    session: Session, user: AuthUser, hall_code: str, window_no: int, reason: str, now: datetime
) -> WindowState:
    reason = reason.strip()
    if not reason:
        raise Invalid("暂停服务须填写原因")
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    state.status = "paused"
    state.pause_reason = reason[:200]
    state.updated_at = now
    data = {
        "window_no": ref.window.number,
        "window_label": ref.window.label,
        "reason": state.pause_reason,
    }
    _commit(session, ref.hall, [("window_paused", data)], now)
    return state


def resume(
    session: Session, user: AuthUser, hall_code: str, window_no: int, now: datetime
) -> WindowState:
    ref = window_actor(session, user, hall_code, window_no)
    state = _lock_window_state(session, ref.window, now)
    state.status = "open"
    state.pause_reason = None
    # A supervisor reopening a window from 大厅管理 does not become its clerk: the name on the
    # board stays the person at the counter. A clerk resuming is the one at the counter.
    if user.role not in SUPERVISORS or state.clerk is None:
        state.clerk, state.clerk_name = user.username, user.display_name
    state.updated_at = now
    data = {"window_no": ref.window.number, "window_label": ref.window.label, "reason": None}
    _commit(session, ref.hall, [("window_resumed", data)], now)
    return state


def set_profile(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    queue_codes: list[str],
    now: datetime,
) -> None:
    """The queues a window serves, in order of preference (supervisor or admin)."""
    if user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以调整窗口的服务队列")
    hall = get_hall(session, user, hall_code)
    window = get_window(session, hall, window_no)
    if not queue_codes:
        raise Invalid("请至少选择一个服务队列")
    duplicates = sorted({c for c in queue_codes if queue_codes.count(c) > 1})
    if duplicates:
        raise Invalid(f"队列重复：{'、'.join(duplicates)}")
    queues = [get_queue(session, hall, code) for code in queue_codes]
    _lock_window_state(session, window, now)
    window.queue_links = [WindowQueue(queue_id=q.id, position=i) for i, q in enumerate(queues)]
    session.flush()
    data = {"window_no": window.number, "queues": queue_codes}
    _commit(session, hall, [("window_profile_changed", data)], now)


# ----------------------------------------------------------------------------- status views


def window_state(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    now: datetime,
    base_url: str = "",
) -> dict[str, Any]:
    hall = get_hall(session, user, hall_code)
    window = get_window(session, hall, window_no)
    present = logged_in_at(session, hall, now)
    state = session.get(WindowState, window.id, populate_existing=True)
    current = None
    if state is not None and state.current_ticket_id is not None:
        ticket = session.get(Ticket, state.current_ticket_id)
        if ticket is not None and ticket.status in ACTIVE:
            current = ticket_out(session, ticket, base_url)
    queue_ids = profile_queue_ids(session, window)
    missed = session.scalars(
        select(Ticket)
        .where(
            Ticket.hall_id == hall.id,
            Ticket.status == "missed",
            Ticket.service_date == service_day(now),
            or_(Ticket.queue_id.in_(queue_ids or [-1]), Ticket.window_id == window.id),
        )
        .order_by(Ticket.missed_at)
    ).all()
    return {
        "window_no": window.number,
        "label": window.label,
        "status": state.status if state is not None else "closed",
        "pause_reason": state.pause_reason if state is not None else None,
        "clerk": present.get(window.number),
        "current": current,
        "queues": _queue_counts(session, queue_ids, now),
        "missed": [ticket_out(session, t, base_url) for t in missed],
    }


def logged_in_at(session: Session, hall: Hall, now: datetime) -> dict[int, str]:
    """Who is logged in at each window now (window number → display name), from the live
    sessions: the newest staff session placed at the window by its registered device. Not the
    staff's home window, nor whoever last acted on the window."""
    rows = session.execute(
        select(AuthToken.window_no, Staff.display_name)
        .join(Staff, Staff.id == AuthToken.staff_id)
        .where(
            Staff.hall_id == hall.id,
            Staff.role.in_(STAFF_ROLES),
            AuthToken.window_no.is_not(None),
            AuthToken.expires_at > now,
        )
        .order_by(AuthToken.created_at, AuthToken.id)
    )
    return {number: str(name) for number, name in rows if number is not None}


def hall_status(session: Session, user: AuthUser, hall_code: str, now: datetime) -> dict[str, Any]:
    """Waiting counts per queue, each window's state and the latest 8 calls (hall display).

    Each window row also names its work profile (``queues``: queue codes in order of
    preference) and, when paused, why (``pause_reason``): what the supervisor watches.
    """
    hall = get_hall(session, user, hall_code)
    queue_ids = list(
        session.scalars(select(Queue.id).where(Queue.hall_id == hall.id).order_by(Queue.id))
    )
    windows = session.scalars(
        select(Window).where(Window.hall_id == hall.id).order_by(Window.number)
    ).all()
    states = {
        s.window_id: s
        for s in session.scalars(
            select(WindowState).where(WindowState.window_id.in_([w.id for w in windows] or [-1]))
        )
    }
    current_ids = [s.current_ticket_id for s in states.values() if s.current_ticket_id is not None]
    current = {
        t.id: t
        for t in session.scalars(select(Ticket).where(Ticket.id.in_(current_ids or [-1])))
        if t.status in ACTIVE
    }
    profiles: dict[int, list[str]] = {w.id: [] for w in windows}
    for window_id, code in session.execute(
        select(WindowQueue.window_id, Queue.code)
        .join(Queue, Queue.id == WindowQueue.queue_id)
        .where(WindowQueue.window_id.in_(list(profiles) or [-1]))
        .order_by(WindowQueue.window_id, WindowQueue.position)
    ):
        profiles[window_id].append(code)
    present = logged_in_at(session, hall, now)
    window_rows = []
    for w in windows:
        state = states.get(w.id)
        ticket = current.get(state.current_ticket_id) if state and state.current_ticket_id else None
        window_rows.append(
            {
                "number": w.number,
                "label": w.label,
                "status": state.status if state else "closed",
                "current_number": ticket.number if ticket else None,
                "clerk": present.get(w.number),
                "queues": profiles[w.id],
                "pause_reason": (
                    state.pause_reason if state is not None and state.status == "paused" else None
                ),
            }
        )
    calls = recent_events(session, hall.code, {"ticket_called", "ticket_recalled"}, 8)
    recent = [
        {
            "number": e.data.get("number"),
            "window_no": e.data.get("window_no"),
            "window_label": e.data.get("window_label"),
            "at": as_utc(e.created_at).isoformat(),
            "recall": e.kind == "ticket_recalled",
        }
        for e in calls
    ]
    return {
        "queues": _queue_counts(session, queue_ids, now),
        "windows": window_rows,
        "recent_calls": recent,
    }


# ----------------------------------------------------------------------------- appointments

APPOINTMENT_FIELDS = (
    "code",
    "queue",
    "date",
    "start",
    "end",
    "name",
    "id_number",
    "mobile",
    "item",
)


@dataclass(frozen=True)
class ImportResult:
    imported: int
    updated: int
    errors: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "errors": self.errors}


def parse_appointments_csv(text: str) -> list[dict[str, Any]]:
    """CSV with a header row naming the fields of docs/appointments.md (UTF-8, BOM allowed)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        if reader.fieldnames is None:
            raise Invalid("预约文件为空")
        missing = [f for f in ("code", "queue", "date", "start") if f not in reader.fieldnames]
        if missing:
            raise Invalid(f"预约文件缺少列：{'、'.join(missing)}")
        return [dict(row) for row in reader]
    except csv.Error as exc:  # a stray line break or quote, an oversized field
        raise Invalid("预约文件不是合法的CSV（多余的换行或引号，或字段过长）") from exc


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return value
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def _parse_slot(day: str, hm: str, row: int, field: str) -> datetime:
    try:
        local = datetime.strptime(f"{day.strip()} {hm.strip()}", "%Y-%m-%d %H:%M")
    except ValueError as exc:
        raise ValueError(f"第{row}条：{field}时间格式不正确（日期YYYY-MM-DD，时间HH:MM）") from exc
    if not 2000 <= local.year <= 2100:  # year 1 would overflow on the way to UTC
        raise ValueError(f"第{row}条：日期应在2000年至2100年之间")
    return local.replace(tzinfo=CHINA_TZ).astimezone(UTC)


def import_appointments(
    session: Session, user: AuthUser, hall_code: str, records: list[Any], now: datetime
) -> ImportResult:
    """Create or update bookings by code. A file with any bad record is refused whole."""
    if user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以导入预约")
    hall = get_hall(session, user, hall_code)
    if len(records) > 20000:
        raise Invalid("一次最多导入20000条预约")
    queues = {q.code: q for q in session.scalars(select(Queue).where(Queue.hall_id == hall.id))}
    errors: list[str] = []
    parsed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, raw in enumerate(records, start=1):
        if not isinstance(raw, dict):
            errors.append(f"第{n}条：应为对象")
            continue
        rec = {k: ("" if v is None else str(v)).strip() for k, v in raw.items()}
        code = rec.get("code", "").upper()
        if not re.fullmatch(r"[0-9A-Z-]{4,40}", code):
            errors.append(f"第{n}条：预约码应为4-40位字母或数字")
            continue
        if code in seen:
            errors.append(f"第{n}条：预约码{code}重复")
            continue
        seen.add(code)
        queue = queues.get(rec.get("queue", ""))
        if queue is None:
            errors.append(f"第{n}条（{code}）：队列{rec.get('queue', '')!r}不存在")
            continue
        try:
            start = _parse_slot(rec.get("date", ""), rec.get("start", ""), n, "开始")
            end = (
                _parse_slot(rec["date"], rec["end"], n, "结束")
                if rec.get("end")
                else start + timedelta(minutes=30)
            )
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if end <= start:
            errors.append(f"第{n}条（{code}）：结束时间应晚于开始时间")
            continue
        parsed.append(
            {
                "code": code,
                "queue_id": queue.id,
                "start": start,
                "end": end,
                "name": rec.get("name", "")[:100],
                "id_number_masked": _mask(rec.get("id_number", ""), 4, 4)[:40],
                "mobile_masked": _mask(rec.get("mobile", ""), 3, 4)[:20],
                "item_name": rec.get("item", "")[:300],
            }
        )
        if len(errors) >= 50:
            break
    if errors:
        raise Invalid("预约文件有误，未导入：" + "；".join(errors[:20]))
    existing = {
        a.code: a
        for a in session.scalars(
            select(Appointment).where(
                Appointment.hall_id == hall.id,
                Appointment.code.in_([p["code"] for p in parsed] or [""]),
            )
        )
    }
    imported = updated = 0
    for p in parsed:
        appt = existing.get(p["code"])
        if appt is None:
            appt = Appointment(hall_id=hall.id, code=p["code"], status="booked")
            session.add(appt)
            imported += 1
        elif appt.status == "checked_in":
            continue  # already here: the booking platform's later copy changes nothing
        else:
            updated += 1
        appt.queue_id = p["queue_id"]
        appt.slot_start, appt.slot_end = p["start"], p["end"]
        appt.name, appt.item_name = p["name"], p["item_name"]
        appt.id_number_masked, appt.mobile_masked = p["id_number_masked"], p["mobile_masked"]
        appt.imported_at = now
    session.commit()
    return ImportResult(imported, updated, [])
