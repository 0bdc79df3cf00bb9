"""Live events as Server-Sent Events: ``GET /halls/{hall}/events`` (see services/events.py).

Each event is ``id: <hall sequence>``, ``event: <kind>``, ``data: <json>``. A client resumes
with the ``Last-Event-ID`` header (EventSource sends it by itself) or ``?last_event_id=``;
without either it receives what happens from now on. Clients authenticate with
``Authorization: Bearer``; a browser page (EventSource cannot set headers) with its session
cookie. A token in the URL is refused (400): URLs end up in access logs, proxy logs and browser
history. A comment line is sent at once (so a client knows it
is subscribed) and every 15 seconds (so proxies keep the connection).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from clerk_app.central.deps import SESSION_COOKIE, BearerDep, NowDep, ReleasingRoute
from clerk_app.central.policy import check, declare
from clerk_app.central.services import auth, events
from clerk_app.central.services.errors import Invalid, ServiceError, Unauthorized
from clerk_app.central.services.queue import get_hall
from clerk_app.contract.events import LiveEvent

KEEPALIVE_S = 15.0
POLL_S = 2.0
BATCH = 500


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    hub = hub_of(app)
    try:
        yield
    finally:
        hub.stop()
        app.state.event_hub = None


router = APIRouter(tags=["events"], lifespan=lifespan, route_class=ReleasingRoute)


def hub_of(app: FastAPI) -> events.EventHub:
    """The app's hub, started on first use (the lifespan starts it; plain TestClient may not)."""
    hub: events.EventHub | None = getattr(app.state, "event_hub", None)
    if hub is None or hub.stopped:
        hub = events.EventHub(app.state.engine)
        hub.start()
        app.state.event_hub = hub
    return hub


def _authorize(
    factory: sessionmaker[Session], token: str, hall_code: str, last_id: int | None, now: datetime
) -> int:
    """Check the token and the hall; the sequence number to stream after."""
    with factory() as session:
        user = auth.authenticate(session, token, now)
        check(user, "events.read", {"hall": hall_code})
        hall = get_hall(session, user, hall_code)
        if last_id is not None:
            return last_id
        return events.last_event_id(session, hall.code)


def _read(factory: sessionmaker[Session], hall_code: str, after: int) -> list[LiveEvent]:
    with factory() as session:
        return events.read_events(session, hall_code, after, BATCH)


@router.get(
    "/halls/{hall}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
    dependencies=[declare("events.read")],
    summary="实时事件（Server-Sent Events；Last-Event-ID续传）",
)
async def stream_events(
    hall: Annotated[str, Path(max_length=16)],
    request: Request,
    credentials: BearerDep,
    now: NowDep,
    token: Annotated[
        str | None,
        Query(
            max_length=200,
            description="不再支持：令牌请放在Authorization请求头，浏览器页面使用登录Cookie",
            deprecated=True,
        ),
    ] = None,
    last_event_id_query: Annotated[int | None, Query(alias="last_event_id", ge=0, le=2**62)] = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=30)] = None,
) -> StreamingResponse:
    if token is not None:
        raise ServiceError("令牌不能放在网址中（会被记入日志），请改用Authorization请求头")
    bearer = credentials.credentials if credentials is not None else None
    secret = bearer or request.cookies.get(SESSION_COOKIE, "")
    if not secret:
        raise Unauthorized("请先登录")
    resume: int | None = last_event_id_query
    if last_event_id is not None and last_event_id.strip():
        if not last_event_id.strip().isdigit():
            raise Invalid("Last-Event-ID应为事件序号")
        resume = int(last_event_id.strip())
    factory: sessionmaker[Session] = request.app.state.session_factory
    after = await run_in_threadpool(_authorize, factory, secret, hall, resume, now)
    hub = hub_of(request.app)
    sub = hub.subscribe(hall)

    async def body() -> AsyncIterator[str]:
        cursor = after
        loop = asyncio.get_running_loop()
        quiet_since = loop.time()
        try:
            yield f"retry: 2000\n: connected {cursor}\n\n"
            while True:
                sub.wake.clear()  # before reading: a commit after this wakes us again
                rows = await run_in_threadpool(_read, factory, hall, cursor)
                for row in rows:
                    yield row.sse_frame()
                    cursor = row.seq or cursor
                if len(rows) == BATCH:
                    continue
                if rows:
                    quiet_since = loop.time()
                if sub.closed:
                    return
                try:
                    # A wake-up normally comes at once; the timeout is a safety net (a commit
                    # made through another engine of this process, a NOTIFY lost in a reconnect).
                    await asyncio.wait_for(sub.wake.wait(), timeout=POLL_S)
                except TimeoutError:
                    if loop.time() - quiet_since >= KEEPALIVE_S:
                        quiet_since = loop.time()
                        yield ": keepalive\n\n"
        finally:
            with suppress(Exception):
                hub.unsubscribe(sub)

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
