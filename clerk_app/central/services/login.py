"""The login: throttled, with a bounded queue of password hashes, bound to devices, audited.

Steps of :func:`log_in` (an ``async`` function: waiting costs no worker thread):

1. The throttle (services/throttle.py) answers 429 with ``Retry-After`` while an account or an
   address must still wait after repeated failures; no password is hashed for it.
2. The account is looked up; the password is verified against its hash, or against a dummy
   hash when the name is unknown, so both answers are the same in status, text and time.
3. Hashing runs on a small pool of its own (``CentralSettings.hash_workers`` threads, argon2
   uses 64 MiB each), at a lower CPU priority: a burst of logins waits in a queue instead of
   taking memory, every worker thread and the CPU the other requests need. At most
   ``hash_queue`` logins wait; more are answered 503 at once.
4. The device the PC presents decides which window the session takes (services/device_registry.py).
   A session placed at a window ends the account's sessions at any other window: the newest
   login wins (a clerk whose PC crashed is never locked out by the old session).
5. Success and failure of a known account go to the hall's audit trail; an unknown name goes
   only to the process log, masked, and creates nothing in any hall. Never the password.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from packaging.version import InvalidVersion, Version
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clerk_app.central.config import CentralSettings
from clerk_app.central.models import AuthToken, Staff
from clerk_app.central.services import audit, device_registry
from clerk_app.central.services.auth import (
    DUMMY_HASH,
    AuthUser,
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    user_of,
    verify_password,
)
from clerk_app.central.services.errors import (
    Busy,
    Forbidden,
    TooManyRequests,
    Unauthorized,
    UpgradeRequired,
)
from clerk_app.central.services.events import append_events
from clerk_app.central.services.throttle import LoginThrottle, ThrottleRule

log = logging.getLogger(__name__)

WRONG = "用户名或密码错误"
HASH_NICENESS = 19  # the lowest: a login waits, nothing else does
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LoginRequest:
    username: str
    password: str
    window_no: int | None = None
    device: device_registry.DeviceProof | None = None
    address: str = ""
    client_version: str | None = None


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    token: str
    expires_at: datetime
    user: AuthUser


@dataclass(frozen=True, slots=True)
class _Candidate:
    staff_id: int
    password_hash: str


class LoginGate:
    """One per app: the throttle and the bounded queue of password hashes."""

    def __init__(self, settings: CentralSettings) -> None:
        self.throttle = LoginThrottle(
            account=ThrottleRule(settings.login_free_failures, cap_s=settings.login_delay_cap_s),
            address=ThrottleRule(
                settings.login_free_failures_per_address, cap_s=settings.login_delay_cap_s
            ),
        )
        self._workers = max(1, settings.hash_workers)
        self._max_waiting = max(1, settings.hash_queue)
        self._pool: ThreadPoolExecutor | None = None
        self.waiting = 0

    async def hash_call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a password hash on the hash pool; 503 at once when the queue is full."""
        if self.waiting >= self._max_waiting:
            raise Busy("登录人数过多，请稍后重试")
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                self._workers, thread_name_prefix="argon2", initializer=_lower_priority
            )
        self.waiting += 1
        try:
            return await asyncio.wrap_future(self._pool.submit(fn, *args))
        finally:
            self.waiting -= 1

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _lower_priority() -> None:
    """Hash threads yield the CPU to every other request (Linux: a thread's own nice value,
    inherited by argon2's lane threads): a burst of logins gets slower, the hall does not."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)


def mask_username(username: str) -> str:
    """An unknown name may be a password typed in the wrong box: keep two characters."""
    return username[:2] + "***"


def check_client_version(client_version: str | None, minimum: str) -> None:
    """Refuse a counter app older than the hall's IT allows (before the password is even
    looked at: the answer says what to do, not whether the account exists). An app that does
    not say its version predates the check, so it is older than any minimum."""
    if not minimum:
        return
    try:
        too_old = client_version is None or Version(client_version) < Version(minimum)
    except InvalidVersion:
        too_old = True
    if too_old:
        shown = client_version or "旧版本"
        raise UpgradeRequired(
            f"本机客户端版本（{shown}）低于中心服务器要求的最低版本 {minimum}，"
            "请联系信息科升级后再登录"
        )


async def log_in(
    gate: LoginGate,
    session_factory: Callable[[], Session],
    settings: CentralSettings,
    request: LoginRequest,
    now: datetime,
) -> LoginOutcome:
    check_client_version(request.client_version, settings.min_client_version)
    wait = gate.throttle.retry_after(request.username, request.address, now)
    if wait > 0:
        raise TooManyRequests(f"登录失败次数过多，请{max(1, round(wait))}秒后再试", wait)
    candidate = await run_in_threadpool(_find, session_factory, request.username)
    stored = candidate.password_hash if candidate is not None else DUMMY_HASH
    ok = await gate.hash_call(verify_password, stored, request.password)
    if candidate is None or not ok:
        gate.throttle.failed(request.username, request.address, now)
        await run_in_threadpool(_record_failure, session_factory, candidate, request, now)
        raise Unauthorized(WRONG)
    gate.throttle.succeeded(request.username)
    new_hash = None
    if needs_rehash(candidate.password_hash):
        new_hash = await gate.hash_call(hash_password, request.password)
    return await run_in_threadpool(
        _complete, session_factory, settings, candidate.staff_id, request, new_hash, now
    )


def _find(session_factory: Callable[[], Session], username: str) -> _Candidate | None:
    with session_factory() as session:
        row = session.execute(
            select(Staff.id, Staff.password_hash).where(Staff.username == username)
        ).one_or_none()
    return _Candidate(row[0], row[1]) if row is not None else None


def _record_failure(
    session_factory: Callable[[], Session],
    candidate: _Candidate | None,
    request: LoginRequest,
    now: datetime,
) -> None:
    if candidate is None:
        log.info(
            "login failed: unknown user %s from %s",
            mask_username(request.username),
            request.address,
        )
        return
    with session_factory() as session:
        staff = session.get(Staff, candidate.staff_id)
        if staff is None:
            return
        _audit(session, staff, "login_failed", {"address": request.address}, now)
        session.commit()


def _audit(
    session: Session, staff: Staff, action: str, detail: dict[str, Any], now: datetime
) -> None:
    audit.record_staff(session, staff, action, staff.username, detail, now)


def _complete(
    session_factory: Callable[[], Session],
    settings: CentralSettings,
    staff_id: int,
    request: LoginRequest,
    new_hash: str | None,
    now: datetime,
) -> LoginOutcome:
    with session_factory() as session:
        staff = session.get(Staff, staff_id)
        if staff is None:  # deleted meanwhile
            raise Unauthorized(WRONG)
        code = request.device.code if request.device is not None else None
        try:
            if staff.disabled:
                raise Forbidden("账户已停用，请联系管理员")
            binding = device_registry.bind_login(
                session,
                staff,
                request.device,
                request.window_no,
                now,
                auto_approve=settings.auto_approve_devices,
            )
        except Forbidden as exc:
            session.rollback()
            refused = {"address": request.address, "device": code, "reason": exc.detail[:200]}
            _audit(session, staff, "login_refused", refused, now)
            session.commit()
            raise
        if new_hash is not None:
            staff.password_hash = new_hash
        window_no = binding.window_no
        ended = 0
        if window_no is not None and staff.role in device_registry.PLACED_ROLES:
            # One account, one window: the new login ends the sessions at any window.
            result = session.execute(
                delete(AuthToken).where(
                    AuthToken.staff_id == staff.id, AuthToken.window_no.is_not(None)
                )
            )
            ended = int(getattr(result, "rowcount", 0) or 0)
        # Housekeeping: this user's dead tokens go when a new one is made.
        session.execute(
            delete(AuthToken).where(AuthToken.staff_id == staff.id, AuthToken.expires_at <= now)
        )
        token = new_token()
        expires_at = now + timedelta(hours=settings.token_hours)
        session.add(
            AuthToken(
                token_hash=token_digest(token),
                staff_id=staff.id,
                window_no=window_no,
                created_at=now,
                expires_at=expires_at,
                device_id=binding.device.id if binding.device is not None else None,
            )
        )
        detail: dict[str, Any] = {"address": request.address, "window_no": window_no}
        if code is not None:
            detail["device"] = code
        if ended:
            detail["sessions_ended"] = ended
        _audit(session, staff, "login", detail, now)
        if window_no is not None and staff.role in device_registry.PLACED_ROLES:
            # The supervisor's board shows who is at each window: tell it.
            session.flush()
            append_events(
                session,
                staff.hall.code,
                [("window_session", {"window_no": window_no, "display_name": staff.display_name})],
                now,
            )
        user = user_of(staff, window_no)
        session.commit()
        return LoginOutcome(token, expires_at, user)
