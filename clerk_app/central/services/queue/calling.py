"""Calling (叫号) at a window: call-next, recall, no-show, the missed pool, finish, transfer,
walk-in.

Every action is one transaction: it locks the window's state row, changes the ticket, appends
its live events (the last statement) and commits. Call-next and finish, the two presses a window
makes all day, run on PostgreSQL as SQL functions (``calling_pg.py``, rules in ``calling.sql``);
this module is their SQLite path and the home of the other actions. The rules
(docs/queue-rules.md):

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

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from clerk_app.central.config import QueueSettings
from clerk_app.central.models import Queue, Window, WindowQueue
from clerk_app.central.queue_models import CallRequest, Ticket, WindowState
from clerk_app.central.services.auth import as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.central.services.queue import calling_pg
from clerk_app.central.services.queue.access import (
    WindowCall,
    WindowRef,
    get_queue,
    get_window,
    profile_queue_ids,
)
from clerk_app.central.services.queue.common import (
    check_request_id,
    commit,
    service_day,
    upsert_insert,
)
from clerk_app.central.services.queue.hall_status import status_event
from clerk_app.central.services.queue.tickets import NORMAL, new_ticket
from clerk_app.central.services.queue.windows import (
    current_ticket,
    lock_window_state,
    open_state,
    require_no_current,
    require_open,
)
from clerk_app.contract.enums import QueueEventKind, TicketKind, TicketPriority, TicketStatus

CALL_NEXT, WALK_IN = "call_next", "walk_in"  # the actions a request id may name


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


def _require_request_id(request_id: str) -> None:
    check_request_id(request_id)
    if not request_id:
        raise Invalid("缺少请求编号request_id")


def _claim_request(
    session: Session, request_id: str, window: Window, action: str, now: datetime
) -> CallRequest | None:
    """Insert the request id; if it is known, the stored request (the caller replays it)."""
    inserted = session.execute(
        upsert_insert(session)(CallRequest)
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


def _remember(session: Session, request_id: str, ticket: Ticket) -> None:
    session.execute(
        update(CallRequest).where(CallRequest.request_id == request_id).values(ticket_id=ticket.id)
    )


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
            Ticket.status == TicketStatus.WAITING.value,
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
            status=TicketStatus.CALLED.value,
            window_id=bindparam("p_window_id"),
            clerk=bindparam("p_clerk"),
            call_count=Ticket.call_count + 1,
            called_at=bindparam("p_now"),
        )
        .returning(Ticket)
        .execution_options(synchronize_session=False)
    )


_CALL = _build_call_statement()


def call_next(at: WindowCall, request_id: str) -> Ticket | None:
    """Call the next ticket for the window; None when nobody waits. Idempotent by request id."""
    _require_request_id(request_id)
    session, user, now = at.session, at.user, at.now
    if calling_pg.uses_functions(session):
        at.authorize()
        return calling_pg.call_next(at, request_id, service_day(now))
    ref = at.actor()
    hall, window = ref.hall, ref.window
    stored = _claim_request(session, request_id, window, CALL_NEXT, now)
    if stored is not None:
        return _replay(session, stored)
    state = lock_window_state(session, window, now)
    require_open(state)
    require_no_current(session, state)
    params = {
        "p_hall_id": hall.id,
        "p_window_id": window.id,
        "p_day": service_day(now),
        "p_clerk": user.username,
        "p_now": now,
    }
    ticket: Ticket | None = session.scalars(_CALL, params).one_or_none()
    open_state(state, user, now)
    if ticket is None:
        session.commit()  # the request id is kept: a retry answers "nobody waits" again
        return None
    set_committed_value(ticket, "window", window)  # known: spares ticket_out a query
    state.current_ticket_id = ticket.id
    _remember(session, request_id, ticket)
    session.flush()
    events = [
        (QueueEventKind.TICKET_CALLED, _call_data(ticket, window, recall=False)),
        status_event(session, [ticket.queue_id], now),
    ]
    commit(session, hall, events, now)
    return ticket


def _let_go(state: WindowState, ticket: Ticket, window: Window, now: datetime) -> dict[str, Any]:
    """The window lets its ticket go (过号, 办结): its state row is free again; the event data
    starts with the ticket and the window."""
    state.current_ticket_id = None
    state.updated_at = now
    return {"ticket_id": ticket.id, "number": ticket.number, "window_no": window.number}


def _called_at_window(at: WindowCall, action: str) -> tuple[WindowRef, WindowState, Ticket]:
    """The window (its state locked) and the ticket it has called, which ``action`` needs."""
    ref = at.actor()
    state = lock_window_state(at.session, ref.window, at.now)
    ticket = current_ticket(at.session, state)
    if ticket is None or ticket.status != TicketStatus.CALLED:
        raise Conflict(f"当前没有已呼叫的号码，无法{action}")
    return ref, state, ticket


def recall(at: WindowCall) -> Ticket:
    """Announce the current ticket again (重呼); it does not count as a new call."""
    ref, _state, ticket = _called_at_window(at, "重呼")
    ticket.called_at = at.now
    data = _call_data(ticket, ref.window, recall=True)
    commit(at.session, ref.hall, [(QueueEventKind.TICKET_RECALLED, data)], at.now)
    return ticket


def no_show(at: WindowCall) -> Ticket:
    """过号: the current ticket goes to the missed pool, or is cancelled after the last call."""
    session, now = at.session, at.now
    ref, state, ticket = _called_at_window(at, "过号")
    cancelled = ticket.call_count >= at.settings.max_calls
    ticket.status = TicketStatus.CANCELLED if cancelled else TicketStatus.MISSED
    ticket.missed_at = now
    data = _let_go(state, ticket, ref.window, now)
    data.update(call_count=ticket.call_count, cancelled=cancelled)
    session.flush()
    events = [
        (QueueEventKind.TICKET_MISSED, data),
        status_event(session, [ticket.queue_id], now),
    ]
    commit(session, ref.hall, events, now)
    return ticket


def _check_missed_callable(
    ticket: Ticket, allowed: set[int], window: Window, now: datetime, settings: QueueSettings
) -> None:
    if ticket.status != TicketStatus.MISSED:
        raise Conflict(f"{ticket.number}号不在过号队列中")
    if ticket.queue_id not in allowed and ticket.window_id != window.id:
        raise Forbidden(f"{ticket.number}号不属于本窗口服务的队列")
    if ticket.call_count >= settings.max_calls:
        raise Conflict(f"{ticket.number}号已呼叫{ticket.call_count}次，不能再呼叫")
    ready_at = as_utc(ticket.missed_at or now) + timedelta(seconds=settings.missed_interval_s)
    if now < ready_at:
        wait = int((ready_at - now).total_seconds()) + 1
        raise Conflict(f"{ticket.number}号过号不久，请{wait}秒后再呼叫")


def call_missed(at: WindowCall, ticket_id: int) -> Ticket:
    """Call a ticket of the missed pool again (after the minimum interval, at most 3 calls)."""
    session, user, now, settings = at.session, at.user, at.now, at.settings
    ref = at.actor()
    state = lock_window_state(session, ref.window, now)
    require_open(state)
    require_no_current(session, state)
    ticket = session.get(Ticket, ticket_id, with_for_update=True, populate_existing=True)
    if ticket is None or ticket.hall_id != ref.hall.id:
        raise NotFound("没有这张号票")
    allowed = set(profile_queue_ids(session, ref.window))
    _check_missed_callable(ticket, allowed, ref.window, now, settings)
    open_state(state, user, now)
    ticket.status = TicketStatus.CALLED
    ticket.window_id = ref.window.id
    ticket.clerk = user.username
    ticket.call_count += 1
    ticket.called_at = now
    state.current_ticket_id = ticket.id
    session.flush()
    events = [
        (QueueEventKind.TICKET_CALLED, _call_data(ticket, ref.window, recall=False)),
        status_event(session, [ticket.queue_id], now),
    ]
    commit(session, ref.hall, events, now)
    return ticket


def finish(at: WindowCall, outcome: str, case_numbers: list[str]) -> Ticket:
    """办结: record the outcome and the cases handled; the evaluator may now rate it."""
    outcome = outcome.strip()
    if not outcome:
        raise Invalid("请填写办理结果")
    cases = list(dict.fromkeys(case_numbers))
    session, now = at.session, at.now
    if calling_pg.uses_functions(session):
        at.authorize()
        return calling_pg.finish(at, outcome, cases)
    ref = at.actor()
    state = lock_window_state(session, ref.window, now)
    ticket = current_ticket(session, state)
    if ticket is None:
        raise Conflict("当前没有正在办理的号码")
    ticket.status = TicketStatus.FINISHED
    ticket.finished_at = now
    ticket.outcome = outcome
    ticket.case_numbers = cases
    data = _let_go(state, ticket, ref.window, now)
    data.update(outcome=outcome, case_numbers=ticket.case_numbers)
    commit(session, ref.hall, [(QueueEventKind.TICKET_FINISHED, data)], now)
    return ticket


def transfer(at: WindowCall, *, to_queue: str | None, to_window: int | None, reason: str) -> Ticket:
    """转窗/转队列: the ticket waits again elsewhere and keeps its original ticket time."""
    reason = reason.strip()
    if not reason:
        raise Invalid("转出须填写原因")
    if to_queue is None and to_window is None:
        raise Invalid("请选择转往的队列或窗口")
    session, now = at.session, at.now
    ref = at.actor()
    state = lock_window_state(session, ref.window, now)
    ticket = current_ticket(session, state)
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
    ticket.status = TicketStatus.WAITING
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
    events = [(QueueEventKind.TICKET_TRANSFERRED, data), status_event(session, queues, now)]
    commit(session, ref.hall, events, now)
    return ticket


def walk_in(at: WindowCall, request_id: str, queue_code: str | None = None) -> Ticket:
    """Serve someone without a number slip: a ``walk_in`` ticket (W001…), served at once."""
    _require_request_id(request_id)
    session, user, now = at.session, at.user, at.now
    ref = at.actor()
    hall, window = ref.hall, ref.window
    stored = _claim_request(session, request_id, window, WALK_IN, now)
    if stored is not None:
        ticket = _replay(session, stored)
        assert ticket is not None
        return ticket
    state = lock_window_state(session, window, now)
    require_no_current(session, state)
    if queue_code is not None:
        queue = get_queue(session, hall, queue_code)
    else:
        queue_ids = profile_queue_ids(session, window)
        if not queue_ids:
            raise Invalid("本窗口未设置服务队列，请指定队列")
        queue = session.get_one(Queue, queue_ids[0])
    ticket = new_ticket(
        session,
        queue,
        user,
        now,
        counter="WALKIN",
        prefix="W",
        kind=TicketKind.WALK_IN,
        priority=NORMAL,
        status=TicketStatus.SERVING,
        window_id=window.id,
        clerk=user.username,
        called_at=now,
    )
    open_state(state, user, now)
    state.current_ticket_id = ticket.id
    _remember(session, request_id, ticket)
    issued = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "queue": queue.code,
        "kind": TicketKind.WALK_IN,
        "priority": TicketPriority.NORMAL,
        "window_no": window.number,
    }
    commit(session, hall, [(QueueEventKind.TICKET_ISSUED, issued)], now)
    return ticket
