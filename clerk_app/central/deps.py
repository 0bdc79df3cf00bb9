"""FastAPI dependencies as ``Annotated`` aliases: ``SessionDep``, ``CurrentUser`` and friends.

The dependencies that need no database are ``async``: FastAPI runs a plain ``def`` dependency
on a worker thread, and every such hop (a thread handoff, a GIL switch) cost more CPU than the
dependency itself. The endpoints' own work, which blocks on the database, stays on a thread.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from clerk_app.central.config import CentralSettings
from clerk_app.central.http_guards import is_https
from clerk_app.central.services import auth
from clerk_app.central.services.errors import Unauthorized

# The browser's session (the department page): the bearer token in an HttpOnly cookie.
SESSION_COOKIE = "clerk_dept_session"
_bearer = HTTPBearer(auto_error=False, description="登录后得到的令牌")


async def get_session(request: Request) -> AsyncIterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        if session.in_transaction():
            # Still holding a connection (the endpoint left it open): the rollback is a round
            # trip, never made on the event loop.
            await run_in_threadpool(session.close)
        else:
            session.close()


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> CentralSettings:
    settings: CentralSettings = request.app.state.settings
    return settings


def public_base_url(request: Request) -> str:
    """The prefix of absolute links (QR codes): the configured public URL; without one, the
    address the request was sent to (its Host header: set the public URL behind a proxy)."""
    return get_settings(request).public_url or str(request.base_url).rstrip("/")


def request_is_https(request: Request) -> bool:
    return is_https(request.scope, get_settings(request).public_url)


async def get_now(request: Request) -> datetime:
    """The current UTC time from the app's clock (tests may set ``app.state.clock``)."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def client_address(request: Request) -> str:
    """The caller's address (the proxy's unless uvicorn trusts its forwarded header)."""
    return request.client.host if request.client is not None else ""


SessionDep = Annotated[Session, Depends(get_session)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[CentralSettings, Depends(get_settings)]
NowDep = Annotated[datetime, Depends(get_now)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_token(credentials: BearerDep) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("请先登录")
    return credentials.credentials


TokenDep = Annotated[str, Depends(get_token)]


def token_cache(request: Request) -> auth.TokenCache:
    """The app's cache of verified tokens (see services/auth.py for what it keeps)."""
    cache: auth.TokenCache | None = getattr(request.app.state, "token_cache", None)
    if cache is None:
        cache = request.app.state.token_cache = auth.TokenCache()
    return cache


def check_token(
    session: Session, token: str, now: datetime, cache: auth.TokenCache | None = None
) -> auth.AuthUser:
    """The token's user, looked up on ``session``, whose connection is given back at once."""
    try:
        return auth.authenticate(session, token, now, cache)
    finally:
        # Give the connection back before the route waits for a worker thread: otherwise
        # requests parked between this dependency and their route hold every pooled
        # connection while the threads wait for one (a deadlock under a burst of calls).
        session.rollback()


async def get_current_user(
    request: Request, session: SessionDep, token: TokenDep, now: NowDep
) -> auth.AuthUser:
    cache = token_cache(request)
    user = auth.cached_user(cache, token, now)
    if user is not None:
        return user
    return await run_in_threadpool(check_token, session, token, now, cache)


CurrentUser = Annotated[auth.AuthUser, Depends(get_current_user)]


def _release_session_after(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a sync endpoint so its session gives the pooled connection back in the same thread.

    FastAPI validates a sync endpoint's response on another worker thread, and the yield
    dependency closes the session only after that. A read after the endpoint's commit (a lazy
    load for the answer) would hold a connection across that wait; a burst of requests then
    held every connection while the threads that could finish them waited for one.
    """
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        sessions = [v for v in kwargs.values() if isinstance(v, Session)]
        try:
            result = endpoint(*args, **kwargs)
        except BaseException:
            for session in sessions:
                session.rollback()
            raise
        for session in sessions:
            # Only a read is left open here (writes commit in the services): end it. Pending
            # writes an endpoint did not commit are left for the dependency to roll back.
            if session.in_transaction() and not (session.new or session.dirty or session.deleted):
                session.commit()
        return result

    return wrapper


def _awaited_on_a_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A sync endpoint as a coroutine that runs it on a worker thread, as FastAPI would: FastAPI
    then validates the answer on the event loop instead of on a second thread hop."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    async def on_a_thread(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return on_a_thread


class ReleasingRoute(APIRoute):
    """The route class of every router: see :func:`_release_session_after` and
    :func:`_awaited_on_a_thread`."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _awaited_on_a_thread(_release_session_after(endpoint)), **kwargs)
