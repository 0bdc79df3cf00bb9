"""What the hall display and the supervisor watch: waiting counts, windows, the latest calls."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from clerk_app.central.models import AuthToken, Hall, Queue, Staff, Window, WindowQueue
from clerk_app.central.queue_models import Ticket, WindowState
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.events import recent_events
from clerk_app.central.services.queue.access import get_hall
from clerk_app.central.services.queue.common import service_day
from clerk_app.contract import queue as wire
from clerk_app.contract.enums import (
    ACTIVE_STATUSES,
    STAFF_ROLES,
    QueueEventKind,
    TicketStatus,
    WindowStatus,
)

RECENT_CALLS = 8  # what the hall display lists


def _build_counts_query() -> Any:
    joined = and_(
        Ticket.queue_id == Queue.id,
        Ticket.service_date == bindparam("today"),
        Ticket.status.in_((TicketStatus.WAITING.value, TicketStatus.MISSED.value)),
    )
    waiting = Ticket.status == TicketStatus.WAITING.value
    return (
        select(
            Queue.id,
            Queue.code,
            Queue.name,
            Queue.prefix,
            func.sum(case((waiting, 1), else_=0)),
            func.sum(case((Ticket.status == TicketStatus.MISSED.value, 1), else_=0)),
            func.min(case((waiting, Ticket.issued_at), else_=None)),
        )
        .outerjoin(Ticket, joined)
        .where(Queue.id.in_(bindparam("queue_ids", expanding=True)))
        .group_by(Queue.id, Queue.code, Queue.name, Queue.prefix)
    )


_COUNTS = _build_counts_query()


def queue_counts(session: Session, queue_ids: list[int], now: datetime) -> list[wire.QueueInfo]:
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
            wire.QueueInfo(
                code=code,
                name=name,
                prefix=prefix,
                waiting=int(waiting or 0),
                longest_wait_s=longest,
                missed=int(missed or 0),
            )
        )
    return out


def status_event(session: Session, queue_ids: list[int], now: datetime) -> tuple[str, Any]:
    """The ``queue_status`` live event of the queues an action changed."""
    counts = queue_counts(session, queue_ids, now)
    return (QueueEventKind.QUEUE_STATUS, {"queues": [q.model_dump(mode="json") for q in counts]})


def logged_in_at(session: Session, hall: Hall, now: datetime) -> dict[int, str]:
    """Who is logged in at each window now (window number → display name), from the live
    sessions: the newest staff session placed at the window by its registered device. Not the
    staff's home window, nor whoever last acted on the window."""
    rows = session.execute(
        select(AuthToken.window_no, Staff.display_name)
        .join(Staff, Staff.id == AuthToken.staff_id)
        .where(
            Staff.hall_id == hall.id,
            Staff.role.in_([role.value for role in STAFF_ROLES]),
            AuthToken.window_no.is_not(None),
            AuthToken.expires_at > now,
        )
        .order_by(AuthToken.created_at, AuthToken.id)
    )
    return {number: str(name) for number, name in rows if number is not None}


def _profiles(session: Session, windows: Iterable[Window]) -> dict[int, list[str]]:
    """Each window's queue codes in its order of preference, by window id."""
    profiles: dict[int, list[str]] = {w.id: [] for w in windows}
    for window_id, code in session.execute(
        select(WindowQueue.window_id, Queue.code)
        .join(Queue, Queue.id == WindowQueue.queue_id)
        .where(WindowQueue.window_id.in_(list(profiles) or [-1]))
        .order_by(WindowQueue.window_id, WindowQueue.position)
    ):
        profiles[window_id].append(code)
    return profiles


def _window_states(session: Session, windows: list[Window]) -> dict[int, WindowState]:
    return {
        s.window_id: s
        for s in session.scalars(
            select(WindowState).where(WindowState.window_id.in_([w.id for w in windows] or [-1]))
        )
    }


def _serving(session: Session, states: Iterable[WindowState]) -> dict[int, str]:
    """The number each window serves now, by window id."""
    by_ticket = {s.current_ticket_id: s.window_id for s in states if s.current_ticket_id}
    tickets = session.scalars(select(Ticket).where(Ticket.id.in_(list(by_ticket) or [-1])))
    return {by_ticket[t.id]: t.number for t in tickets if t.status in ACTIVE_STATUSES}


def _window_rows(session: Session, hall: Hall, now: datetime) -> list[wire.HallWindow]:
    windows = list(
        session.scalars(select(Window).where(Window.hall_id == hall.id).order_by(Window.number))
    )
    states = _window_states(session, windows)
    serving = _serving(session, states.values())
    profiles = _profiles(session, windows)
    present = logged_in_at(session, hall, now)
    rows = []
    for w in windows:
        state = states.get(w.id)
        status = WindowStatus(state.status) if state is not None else WindowStatus.CLOSED
        paused = state is not None and status == WindowStatus.PAUSED
        rows.append(
            wire.HallWindow(
                number=w.number,
                label=w.label,
                status=status,
                current_number=serving.get(w.id),
                clerk=present.get(w.number),
                queues=tuple(profiles[w.id]),
                pause_reason=state.pause_reason if paused and state is not None else None,
            )
        )
    return rows


def _recent_calls(session: Session, hall: Hall) -> list[wire.RecentCall]:
    kinds = {QueueEventKind.TICKET_CALLED.value, QueueEventKind.TICKET_RECALLED.value}
    return [
        wire.RecentCall(
            number=e.data["number"],
            window_no=e.data["window_no"],
            window_label=e.data.get("window_label"),
            at=e.created_at,
            recall=e.kind == QueueEventKind.TICKET_RECALLED,
        )
        for e in recent_events(session, hall.code, kinds, RECENT_CALLS)
    ]


def hall_status(
    session: Session,
    user: AuthUser,
    hall_code: str,
    now: datetime,
    devices: Iterable[wire.DeviceReport] = (),
) -> wire.HallStatus:
    """Waiting counts per queue, each window's state and the latest calls (hall display).

    Each window row also names its work profile (``queues``: queue codes in order of
    preference) and, when paused, why (``pause_reason``): what the supervisor watches.
    ``devices``: the hall devices' latest reports (services/devices.py).
    """
    hall = get_hall(session, user, hall_code)
    queue_ids = list(
        session.scalars(select(Queue.id).where(Queue.hall_id == hall.id).order_by(Queue.id))
    )
    return wire.HallStatus(
        queues=tuple(queue_counts(session, queue_ids, now)),
        windows=tuple(_window_rows(session, hall, now)),
        recent_calls=tuple(_recent_calls(session, hall)),
        devices=tuple(devices),
    )
