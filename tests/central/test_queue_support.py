"""Helpers shared by the queue tests (no tests here): staff for the queue, users, a live server."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select

from clerk_app.central.app import create_app
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import loopback_listener
from clerk_app.central.models import Hall
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.halls import load_hall_config
from clerk_app.sync.device_key import DeviceKey

from .conftest import PASSWORD, hall_config, login_from_device

API = "/api/v1"
HALL_TIME = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall


def queue_hall_config(n_windows: int = 2) -> dict[str, Any]:
    """The test hall plus a kiosk, a helpdesk, clerk02 and one evaluator per window.

    With ``n_windows`` > 2 the extra windows serve both queues (SOCIAL first), for the
    concurrency tests.
    """
    conf = hall_config()
    for n in range(3, n_windows + 1):
        conf["windows"].append(
            {"number": n, "label": f"{n}号窗口", "zone": "SOCIAL", "queues": ["SOCIAL", "POLICE"]}
        )

    def staff(username: str, role: str, window: int | None, name: str) -> dict[str, Any]:
        return {
            "username": username,
            "display_name": name,
            "role": role,
            "password": PASSWORD,
            "window": window,
            "department_code": None,
        }

    conf["staff"] += [
        staff("kiosk01", "kiosk", None, "取号机"),
        staff("help01", "helpdesk", None, "帮办"),
        staff("clerk02", "clerk", 2, "李静"),
        staff("eval01", "evaluator", 1, "1号评价器"),
        staff("eval02", "evaluator", 2, "2号评价器"),
    ]
    return conf


def add_queue_staff(url: str, n_windows: int = 2) -> None:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            load_hall_config(session, queue_hall_config(n_windows))
            session.commit()
    finally:
        engine.dispose()


def service_user(
    url: str, role: str, window_no: int | None, username: str | None = None
) -> AuthUser:
    """An ``AuthUser`` for calling the services directly (no login round trip)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            hall = session.scalars(select(Hall).where(Hall.code == "HS01")).one()
            return AuthUser(
                staff_id=0,
                username=username or f"{role}{window_no or ''}",
                display_name=f"{role}{window_no or ''}",
                role=role,
                hall_id=hall.id,
                hall_code=hall.code,
                hall_name=hall.name,
                window_no=window_no,
                department_code=None,
            )
    finally:
        engine.dispose()


def rid() -> str:
    return uuid.uuid4().hex


class FixedClock:
    """A clock the tests move by hand: ``app.state.clock = clock``."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@dataclass
class LiveServer:
    base_url: str
    app: FastAPI
    server: uvicorn.Server
    thread: threading.Thread
    db_url: str

    def login(self, username: str, window_no: int | None = None) -> str:
        return login_from_device(
            lambda body: requests.post(f"{self.base_url}{API}/auth/login", json=body, timeout=10),
            self.db_url,
            username,
            window_no,
            DeviceKey.generate(),
        )


@contextmanager
def live_server(url: str, *, timeout: float = 20.0, **options: Any) -> Iterator[LiveServer]:
    """The app on a real uvicorn in a thread (the database must be migrated and seeded);
    ``options`` go to ``uvicorn.Config`` (TLS files, ``access_log=True``)."""
    app = create_app(url)
    # A fixed hall time (10:00): the service day cannot roll over in the middle of a test.
    app.state.clock = lambda: HALL_TIME
    sock = loopback_listener()  # TCP_NODELAY on what it accepts: no 40 ms per kept-alive call
    port = sock.getsockname()[1]
    options = {"log_level": "warning", "access_log": False, **options}
    config = uvicorn.Config(app, lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="queue-test-server", daemon=True
    )
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        assert thread.is_alive(), "server thread died"
        time.sleep(0.02)
    try:
        yield LiveServer(base, app, server, thread, url)
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
        assert not thread.is_alive(), "the server did not stop (an event stream held it?)"
