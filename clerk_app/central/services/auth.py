"""Login with lockout, bearer tokens that expire, and password hashing (argon2)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from clerk_app.central.config import CentralSettings
from clerk_app.central.models import AuthToken, Hall, Staff, Window
from clerk_app.central.services.errors import Invalid, Locked, Unauthorized

_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so both answers take the same time.
_DUMMY_HASH = _HASHER.hash("clerk-central-dummy-password")
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class AuthUser:
    staff_id: int
    username: str
    display_name: str
    role: str
    hall_id: int
    hall_code: str
    hall_name: str
    window_no: int | None
    department_code: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_dict(self) -> dict[str, object]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "hall_code": self.hall_code,
            "hall_name": self.hall_name,
            "window_no": self.window_no,
            "department_code": self.department_code,
        }


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    token: str
    expires_at: datetime
    user: AuthUser


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _user(staff: Staff, window_no: int | None) -> AuthUser:
    return AuthUser(
        staff_id=staff.id,
        username=staff.username,
        display_name=staff.display_name,
        role=staff.role,
        hall_id=staff.hall_id,
        hall_code=staff.hall.code,
        hall_name=staff.hall.name,
        window_no=window_no,
        department_code=staff.department_code,
    )


def _locked_message(until: datetime) -> str:
    return f"账户已锁定，请于{as_utc(until).astimezone(CHINA_TZ):%H:%M}后重试"


def login(
    session: Session,
    settings: CentralSettings,
    username: str,
    password: str,
    window_no: int | None,
    now: datetime,
) -> LoginOutcome:
    """Check the password; the 5th wrong try in a row locks the account for 15 minutes."""
    staff = session.scalars(
        select(Staff).where(Staff.username == username).with_for_update()
    ).one_or_none()
    if staff is None:
        verify_password(_DUMMY_HASH, password)
        raise Unauthorized("用户名或密码错误")
    if staff.locked_until is not None:
        if as_utc(staff.locked_until) > now:
            raise Locked(_locked_message(staff.locked_until))
        staff.locked_until = None  # the lock has run out: a fresh count starts
        staff.failed_attempts = 0
    if not verify_password(staff.password_hash, password):
        session.flush()
        # Counted in the database, so two wrong tries at once both count (SQLite has no
        # row locks: a read-modify-write in Python could lose one).
        failed = session.execute(
            update(Staff)
            .where(Staff.id == staff.id)
            .values(failed_attempts=Staff.failed_attempts + 1)
            .returning(Staff.failed_attempts)
        ).scalar_one()
        if failed >= settings.max_failed_logins:
            locked_until = now + timedelta(minutes=settings.lock_minutes)
            session.execute(
                update(Staff).where(Staff.id == staff.id).values(locked_until=locked_until)
            )
            session.commit()
            raise Locked(_locked_message(locked_until))
        session.commit()
        raise Unauthorized(f"用户名或密码错误，还可尝试{settings.max_failed_logins - failed}次")
    staff.failed_attempts = 0
    if _HASHER.check_needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    if window_no is not None:
        window = session.scalars(
            select(Window).where(Window.hall_id == staff.hall_id, Window.number == window_no)
        ).one_or_none()
        if window is None:
            session.commit()
            raise Invalid(f"本大厅没有{window_no}号窗口")
    else:
        window_no = staff.window.number if staff.window is not None else None
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=settings.token_hours)
    # Housekeeping: this user's dead tokens go when a new one is made.
    session.execute(
        delete(AuthToken).where(AuthToken.staff_id == staff.id, AuthToken.expires_at <= now)
    )
    session.add(
        AuthToken(
            token_hash=token_digest(token),
            staff_id=staff.id,
            window_no=window_no,
            created_at=now,
            expires_at=expires_at,
        )
    )
    user = _user(staff, window_no)
    session.commit()
    return LoginOutcome(token, expires_at, user)


def _build_token_query() -> Any:
    # One round trip on every request: the token with its staff and hall, as plain columns.
    return (
        select(
            AuthToken.expires_at,
            AuthToken.window_no,
            Staff.id,
            Staff.username,
            Staff.display_name,
            Staff.role,
            Staff.hall_id,
            Hall.code,
            Hall.name,
            Staff.department_code,
        )
        .join(Staff, Staff.id == AuthToken.staff_id)
        .join(Hall, Hall.id == Staff.hall_id)
        .where(AuthToken.token_hash == bindparam("digest"))
    )


_TOKEN_QUERY = _build_token_query()


def authenticate(session: Session, token: str, now: datetime) -> AuthUser:
    row = session.execute(_TOKEN_QUERY, {"digest": token_digest(token)}).one_or_none()
    if row is None:
        raise Unauthorized("登录已失效，请重新登录")
    (
        expires_at,
        window_no,
        staff_id,
        username,
        display,
        role,
        hall_id,
        hall_code,
        hall_name,
        dept,
    ) = row
    if as_utc(expires_at) <= now:
        raise Unauthorized("登录已过期，请重新登录")
    return AuthUser(
        staff_id=staff_id,
        username=username,
        display_name=display,
        role=role,
        hall_id=hall_id,
        hall_code=hall_code,
        hall_name=hall_name,
        window_no=window_no,
        department_code=dept,
    )


def logout(session: Session, token: str) -> None:
    session.execute(delete(AuthToken).where(AuthToken.token_hash == token_digest(token)))
    session.commit()
