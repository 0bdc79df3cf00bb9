"""FastAPI dependencies as ``Annotated`` aliases: ``SessionDep``, ``CurrentUser`` and friends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from clerk_app.central.config import CentralSettings
from clerk_app.central.services import auth
from clerk_app.central.services.errors import Unauthorized

_bearer = HTTPBearer(auto_error=False, description="登录后得到的令牌")


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session:
        yield session


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> CentralSettings:
    settings: CentralSettings = request.app.state.settings
    return settings


def get_now(request: Request) -> datetime:
    """The current UTC time from the app's clock (tests may set ``app.state.clock``)."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


SessionDep = Annotated[Session, Depends(get_session)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[CentralSettings, Depends(get_settings)]
NowDep = Annotated[datetime, Depends(get_now)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def get_token(credentials: BearerDep) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("请先登录")
    return credentials.credentials


TokenDep = Annotated[str, Depends(get_token)]


def get_current_user(session: SessionDep, token: TokenDep, now: NowDep) -> auth.AuthUser:
    try:
        return auth.authenticate(session, token, now)
    finally:
        # Give the connection back before the route waits for a worker thread: otherwise
        # requests parked between this dependency and their route hold every pooled
        # connection while the threads wait for one (a deadlock under a burst of calls).
        session.rollback()


CurrentUser = Annotated[auth.AuthUser, Depends(get_current_user)]
