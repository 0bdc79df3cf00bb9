"""Who is calling: password hashing (argon2), bearer tokens that expire, the token check.

The login itself (throttling, devices, the audit) is in services/login.py.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from clerk_app.central.models import AuthToken, Hall, Staff
from clerk_app.central.services.errors import Unauthorized
from clerk_app.central.services.events import append_events

_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so both answers take the same time.
DUMMY_HASH = _HASHER.hash("clerk-central-dummy-password")
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


def user_of(staff: Staff, window_no: int | None) -> AuthUser:
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


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)


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


def logout(session: Session, token: str, now: datetime | None = None) -> None:
    """End the session; one at a window tells the supervisor's board it left."""
    row = session.execute(
        select(AuthToken.window_no, Hall.code)
        .join(Staff, Staff.id == AuthToken.staff_id)
        .join(Hall, Hall.id == Staff.hall_id)
        .where(AuthToken.token_hash == token_digest(token))
    ).one_or_none()
    session.execute(delete(AuthToken).where(AuthToken.token_hash == token_digest(token)))
    if row is not None and row[0] is not None:
        data = {"window_no": row[0], "display_name": None}
        append_events(session, row[1], [("window_session", data)], now or datetime.now(UTC))
    session.commit()
