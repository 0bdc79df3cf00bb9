"""Who may act where: the hall, window and queue lookups and the window permission.

Everything is limited to the user's own hall. A clerk acts only on the window of the registered
device they logged in from (the token's window); supervisors on any window of their hall;
nobody else calls tickets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clerk_app.central.config import QueueSettings
from clerk_app.central.models import Hall, Queue, Window, WindowQueue
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Forbidden, NotFound
from clerk_app.contract.enums import STAFF_ROLES, SUPERVISOR_ROLES, Role

ISSUER_ROLES = STAFF_ROLES | {Role.KIOSK}
SUPERVISORS = SUPERVISOR_ROLES

Row = TypeVar("Row")


@dataclass(frozen=True)
class WindowRef:
    hall: Hall
    window: Window


@dataclass(frozen=True)
class WindowCall:
    """One action at one window: the session it runs in, who acts, at which window, and when.

    Every window action (call-next, finish, pause …) starts from the same five facts; the
    route gathers them once and the tests build one per window.
    """

    session: Session
    user: AuthUser
    hall_code: str
    window_no: int
    now: datetime
    settings: QueueSettings = field(default_factory=QueueSettings)

    def authorize(self) -> None:
        authorize_window(self.user, self.hall_code, self.window_no)

    def actor(self) -> WindowRef:
        """The window this user may act on (a clerk at their own window, a supervisor any)."""
        return window_actor(self.session, self.user, self.hall_code, self.window_no)


def _one_or_missing(session: Session, statement: Select[Row], missing: str) -> Row:
    found = session.scalars(statement).one_or_none()
    if found is None:
        raise NotFound(missing)
    return found


def get_hall(session: Session, user: AuthUser | None, hall_code: str) -> Hall:
    if user is not None and hall_code != user.hall_code:
        raise Forbidden("只能操作本大厅的叫号")
    return _one_or_missing(
        session, select(Hall).where(Hall.code == hall_code), f"大厅{hall_code}不存在"
    )


def get_window(session: Session, hall: Hall, number: int) -> Window:
    statement = select(Window).where(Window.hall_id == hall.id, Window.number == number)
    return _one_or_missing(session, statement, f"本大厅没有{number}号窗口")


def get_queue(session: Session, hall: Hall, code: str) -> Queue:
    statement = select(Queue).where(Queue.hall_id == hall.id, Queue.code == code)
    return _one_or_missing(session, statement, f"本大厅没有队列{code}")


def authorize_window(user: AuthUser, hall_code: str, window_no: int) -> None:
    """May this user act on that window? (No database needed: the token says it all.)"""
    if hall_code != user.hall_code:
        raise Forbidden("只能操作本大厅的叫号")
    if user.role in SUPERVISORS:
        return
    if user.role == Role.CLERK:
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
    """The queues the window serves, in its order of preference."""
    return list(
        session.scalars(
            select(WindowQueue.queue_id)
            .where(WindowQueue.window_id == window.id)
            .order_by(WindowQueue.position)
        )
    )
