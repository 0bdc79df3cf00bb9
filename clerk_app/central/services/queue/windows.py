"""Windows: their live state (open, paused, the current ticket), pause/resume, work profiles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clerk_app.central.models import Window, WindowQueue
from clerk_app.central.queue_models import Ticket, WindowState
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid
from clerk_app.central.services.queue.access import (
    SUPERVISORS,
    WindowCall,
    get_hall,
    get_queue,
    get_window,
    profile_queue_ids,
)
from clerk_app.central.services.queue.common import commit, service_day, upsert_insert
from clerk_app.central.services.queue.hall_status import logged_in_at, queue_counts
from clerk_app.central.services.queue.tickets import ticket_out
from clerk_app.contract import queue as wire
from clerk_app.contract.enums import ACTIVE_STATUSES, QueueEventKind, TicketStatus, WindowStatus

# ----------------------------------------------------------------------------- the state row


def lock_window_state(session: Session, window: Window, now: datetime) -> WindowState:
    """The window's state row, created if missing and locked, in one statement.

    A write: on SQLite it takes the writer lock, so the whole action is serialised there.
    """
    upsert = upsert_insert(session)(WindowState).values(
        window_id=window.id, status=WindowStatus.CLOSED, updated_at=now
    )
    stmt = upsert.on_conflict_do_update(
        index_elements=[WindowState.window_id],
        set_={"window_id": upsert.excluded.window_id},  # a no-op update that locks the row
    ).returning(WindowState)
    state: WindowState = session.scalars(
        select(WindowState).from_statement(stmt).execution_options(populate_existing=True)
    ).one()
    return state


def current_ticket(session: Session, state: WindowState) -> Ticket | None:
    """The ticket the window serves now (locked), if any."""
    if state.current_ticket_id is None:
        return None
    ticket = session.get(
        Ticket, state.current_ticket_id, with_for_update=True, populate_existing=True
    )
    if ticket is None or ticket.status not in ACTIVE_STATUSES:
        return None
    return ticket


def require_no_current(session: Session, state: WindowState) -> None:
    current = current_ticket(session, state)
    if current is not None:
        raise Conflict(f"当前号码{current.number}尚未办结，请先办结、过号或转出")


def require_open(state: WindowState) -> None:
    if state.status == WindowStatus.PAUSED:
        raise Conflict("窗口已暂停，请先恢复服务")


def open_state(state: WindowState, user: AuthUser, now: datetime) -> None:
    """A window that calls is open (unless paused) and its clerk is the caller."""
    if state.status != WindowStatus.PAUSED:
        state.status = WindowStatus.OPEN
    state.clerk, state.clerk_name = user.username, user.display_name
    state.updated_at = now


# ----------------------------------------------------------------------------- actions


def pause(at: WindowCall, reason: str) -> WindowState:
    reason = reason.strip()
    if not reason:
        raise Invalid("暂停服务须填写原因")
    session, now = at.session, at.now
    ref = at.actor()
    state = lock_window_state(session, ref.window, now)
    if state.status != WindowStatus.PAUSED or state.paused_at is None:
        state.paused_at = now  # a new reason for a pause goes on counting from its start
    state.status = WindowStatus.PAUSED
    state.pause_reason = reason[:200]
    state.updated_at = now
    data = {
        "window_no": ref.window.number,
        "window_label": ref.window.label,
        "reason": state.pause_reason,
    }
    commit(session, ref.hall, [(QueueEventKind.WINDOW_PAUSED, data)], now)
    return state


def resume(at: WindowCall) -> WindowState:
    session, user, now = at.session, at.user, at.now
    ref = at.actor()
    state = lock_window_state(session, ref.window, now)
    state.status = WindowStatus.OPEN
    state.pause_reason = None
    state.paused_at = None
    # A supervisor reopening a window from 大厅管理 does not become its clerk: the name on the
    # board stays the person at the counter. A clerk resuming is the one at the counter.
    if user.role not in SUPERVISORS or state.clerk is None:
        state.clerk, state.clerk_name = user.username, user.display_name
    state.updated_at = now
    data = {"window_no": ref.window.number, "window_label": ref.window.label, "reason": None}
    commit(session, ref.hall, [(QueueEventKind.WINDOW_RESUMED, data)], now)
    return state


def set_profile(at: WindowCall, queue_codes: list[str]) -> None:
    """The queues a window serves, in order of preference (supervisor or admin)."""
    session, now = at.session, at.now
    if at.user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以调整窗口的服务队列")
    hall = get_hall(session, at.user, at.hall_code)
    window = get_window(session, hall, at.window_no)
    if not queue_codes:
        raise Invalid("请至少选择一个服务队列")
    duplicates = sorted({c for c in queue_codes if queue_codes.count(c) > 1})
    if duplicates:
        raise Invalid(f"队列重复：{'、'.join(duplicates)}")
    queues = [get_queue(session, hall, code) for code in queue_codes]
    lock_window_state(session, window, now)
    window.queue_links = [WindowQueue(queue_id=q.id, position=i) for i, q in enumerate(queues)]
    session.flush()
    data = {"window_no": window.number, "queues": queue_codes}
    commit(session, hall, [(QueueEventKind.WINDOW_PROFILE_CHANGED, data)], now)


# ----------------------------------------------------------------------------- the view


def window_state(at: WindowCall, base_url: str = "") -> wire.WindowState:
    """The window's state, its current ticket, its queues' counts and missed pool."""
    session, now = at.session, at.now
    hall = get_hall(session, at.user, at.hall_code)
    window = get_window(session, hall, at.window_no)
    present = logged_in_at(session, hall, now)
    state = session.get(WindowState, window.id, populate_existing=True)
    current = None
    if state is not None and state.current_ticket_id is not None:
        ticket = session.get(Ticket, state.current_ticket_id)
        if ticket is not None and ticket.status in ACTIVE_STATUSES:
            current = ticket_out(session, ticket, base_url)
    queue_ids = profile_queue_ids(session, window)
    missed = session.scalars(
        select(Ticket)
        .where(
            Ticket.hall_id == hall.id,
            Ticket.status == TicketStatus.MISSED,
            Ticket.service_date == service_day(now),
            or_(Ticket.queue_id.in_(queue_ids or [-1]), Ticket.window_id == window.id),
        )
        .order_by(Ticket.missed_at)
    ).all()
    return wire.WindowState(
        window_no=window.number,
        label=window.label,
        status=WindowStatus(state.status) if state is not None else WindowStatus.CLOSED,
        pause_reason=state.pause_reason if state is not None else None,
        clerk=present.get(window.number),
        current=current,
        queues=tuple(queue_counts(session, queue_ids, now)),
        missed=tuple(ticket_out(session, t, base_url) for t in missed),
    )
