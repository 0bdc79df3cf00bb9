"""Accounts: the password policy (its rules: domain/passwords.py, shared with the counter app),
password change and reset, disabling, creating admins.

Every change ends the account's sessions at once (its tokens are deleted in the same
transaction) and is written to the hall's audit trail. An admin manages only accounts of their
own hall. Admin accounts are made only here (``clerk-central admin create``), never by a hall
file (see services/halls.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clerk_app.central.models import AuthToken, Hall, Staff
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser, hash_password, verify_password
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.domain.passwords import password_problem


def check_password_policy(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem is not None:
        raise Invalid(problem)


def end_sessions(session: Session, staff_id: int) -> int:
    """Delete every token of the account: its sessions end at the next request."""
    result = session.execute(delete(AuthToken).where(AuthToken.staff_id == staff_id))
    return int(getattr(result, "rowcount", 0) or 0)


def _staff_of_hall(session: Session, admin: AuthUser, username: str) -> Staff:
    if not admin.is_admin:
        raise Forbidden("只有管理员可以管理账户")
    staff = session.scalars(
        select(Staff).where(Staff.username == username).with_for_update()
    ).one_or_none()
    if staff is None or staff.hall_id != admin.hall_id:
        # Another hall's account is not this admin's business: the same answer as unknown.
        raise NotFound(f"本大厅没有账户{username}")
    return staff


def _set_password(
    session: Session, staff: Staff, password: str, by: AuthUser, action: str, now: datetime
) -> None:
    check_password_policy(password, staff.username)
    staff.password_hash = hash_password(password)
    ended = end_sessions(session, staff.id)
    audit.record_by(session, by, action, staff.username, {"sessions_ended": ended}, now)
    session.commit()


def change_own_password(
    session: Session, user: AuthUser, old_password: str, new_password: str, now: datetime
) -> None:
    """The user changes their own password (the old one is asked); all their sessions end."""
    staff = session.get(Staff, user.staff_id, with_for_update=True)
    if staff is None or staff.disabled:
        raise Forbidden("账户已停用，请联系管理员")
    if not verify_password(staff.password_hash, old_password):
        raise Forbidden("原密码不正确")
    if old_password == new_password:
        raise Invalid("新密码不能与原密码相同")
    _set_password(session, staff, new_password, user, "password_changed", now)


def reset_password(
    session: Session, admin: AuthUser, username: str, new_password: str, now: datetime
) -> None:
    """An admin of the account's hall sets a new password; the account's sessions end."""
    staff = _staff_of_hall(session, admin, username)
    _set_password(session, staff, new_password, admin, "password_reset", now)


def set_disabled(
    session: Session, admin: AuthUser, username: str, disabled: bool, now: datetime
) -> None:
    """Disable (its sessions end at once) or enable again an account of the admin's hall."""
    staff = _staff_of_hall(session, admin, username)
    if staff.id == admin.staff_id and disabled:
        raise Conflict("不能停用自己的账户")
    staff.disabled = disabled
    ended = end_sessions(session, staff.id) if disabled else 0
    action = "account_disabled" if disabled else "account_enabled"
    audit.record_by(session, admin, action, staff.username, {"sessions_ended": ended}, now)
    session.commit()


def create_admin(
    session: Session,
    hall_code: str,
    username: str,
    display_name: str,
    password: str,
    now: datetime,
    *,
    by: str = audit.SYSTEM,
) -> Staff:
    """A new admin of ``hall_code`` (``clerk-central admin create``); never replaces anyone."""
    hall = session.scalars(select(Hall).where(Hall.code == hall_code)).one_or_none()
    if hall is None:
        raise NotFound(f"大厅{hall_code}不存在")
    if session.scalars(select(Staff.id).where(Staff.username == username)).first() is not None:
        raise Conflict(f"账户{username}已存在，未做任何修改")
    check_password_policy(password, username)
    staff = Staff(
        username=username,
        display_name=display_name,
        role="admin",
        hall_id=hall.id,
        password_hash=hash_password(password),
        disabled=False,
    )
    session.add(staff)
    session.flush()
    audit.record(
        session,
        hall_code=hall.code,
        actor=by,
        role="system" if by == audit.SYSTEM else "admin",
        action="admin_created",
        subject=username,
        now=now,
    )
    return staff
