"""Who is calling: password hashing (argon2), bearer tokens that expire, the token check.

The login itself (throttling, devices, the audit) is in services/login.py.

A verified token is remembered for TOKEN_CACHE_SECONDS (:class:`TokenCache`) so a window's
burst of requests costs one lookup. What that leaves of revocation: expiry is checked on
every request; a logout, a disabled account, a new password, a revoked device or a changed
account committed through this server process ends the cached sessions at once (any commit
that deletes or changes tokens, staff or halls empties the caches); one committed by another
process (another worker, the command line) takes effect within TOKEN_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, event, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

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


def _look_up(session: Session, digest: str) -> tuple[AuthUser, datetime]:
    """The token's user and when the token expires; Unauthorized if there is no such token."""
    row = session.execute(_TOKEN_QUERY, {"digest": digest}).one_or_none()
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
    user = AuthUser(
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
    return user, as_utc(expires_at)


def _refuse_expired(expires_at: datetime, now: datetime) -> None:
    if expires_at <= now:
        raise Unauthorized("登录已过期，请重新登录")


TOKEN_CACHE_SECONDS = 10.0
_CACHES: weakref.WeakSet[TokenCache] = weakref.WeakSet()


class TokenCache:
    """Token digests verified in the last ``seconds`` → their user and expiry (see the module's
    docstring for what this leaves of revocation). Safe across threads: single dict operations
    only, and a stale read can only be a user that was valid a moment ago."""

    def __init__(
        self,
        seconds: float = TOKEN_CACHE_SECONDS,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds, self._max, self._clock = seconds, max_entries, clock
        self._entries: dict[str, tuple[AuthUser, datetime, float]] = {}
        _CACHES.add(self)

    def get(self, digest: str, now: datetime) -> AuthUser | None:
        entry = self._entries.get(digest)
        if entry is None:
            return None
        user, expires_at, verified_at = entry
        if self._clock() - verified_at > self._seconds or expires_at <= now:
            self._entries.pop(digest, None)
            return None
        return user

    def put(self, digest: str, user: AuthUser, expires_at: datetime) -> None:
        if len(self._entries) >= self._max:
            self._entries.clear()  # a flood of distinct tokens: start over, never grow
        self._entries[digest] = (user, expires_at, self._clock())

    def clear(self) -> None:
        self._entries.clear()


def cached_user(cache: TokenCache | None, token: str, now: datetime) -> AuthUser | None:
    """The token's user if ``cache`` verified it a moment ago (no database needed), else None."""
    return cache.get(token_digest(token), now) if cache is not None else None


def authenticate(
    session: Session, token: str, now: datetime, cache: TokenCache | None = None
) -> AuthUser:
    """The user of a bearer token; Unauthorized when it is unknown, revoked or expired."""
    digest = token_digest(token)
    if cache is not None and (user := cache.get(digest, now)) is not None:
        return user
    user, expires_at = _look_up(session, digest)
    _refuse_expired(expires_at, now)
    if cache is not None:
        cache.put(digest, user, expires_at)
    return user


# What a session's commit may change about who is logged in: then every cache forgets.
_AUTH_TABLES = frozenset({"auth_tokens", "staff", "halls"})
_AUTH_CHANGED = "clerk_auth_changed"


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_auth_change(state: ORMExecuteState) -> None:
    if state.is_delete or state.is_update:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _AUTH_TABLES:
            state.session.info[_AUTH_CHANGED] = True


@event.listens_for(Session, "after_flush")
def _note_flushed_auth_change(session: Session, _flush: UOWTransaction) -> None:
    changed = [*session.dirty, *session.deleted]
    if any(isinstance(obj, (AuthToken, Staff, Hall)) for obj in changed):
        session.info[_AUTH_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _forget_cached_tokens(session: Session) -> None:
    if session.info.pop(_AUTH_CHANGED, False):
        for cache in list(_CACHES):
            cache.clear()


@event.listens_for(Session, "after_rollback")
def _keep_cached_tokens(session: Session) -> None:
    session.info.pop(_AUTH_CHANGED, None)


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
