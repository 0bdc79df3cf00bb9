"""The central server inside another process: uvicorn in a daemon thread on 127.0.0.1.

Used by ``clerk-app --demo`` (everything on one machine; it also runs the daily purge,
``purge_schedule.py``) and by tests and benchmarks.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from types import TracebackType

import uvicorn

from clerk_app.central.app import create_app
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import upgrade
from clerk_app.central.demo import init_demo as load_demo
from clerk_app.central.purge_schedule import PurgeScheduler, scheduled_purge


@dataclass
class EmbeddedServer:
    base_url: str
    server: uvicorn.Server
    thread: threading.Thread
    scheduler: PurgeScheduler | None = None  # the demo's daily purge
    _stopped: bool = field(default=False, repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to finish and wait for its thread (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.scheduler is not None:
            self.scheduler.stop(timeout)

    @property
    def running(self) -> bool:
        return self.thread.is_alive() and not self._stopped

    def __enter__(self) -> EmbeddedServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def loopback_listener() -> socket.socket:
    """A TCP socket bound to a free port of 127.0.0.1, for ``uvicorn.Server.run(sockets=...)``.

    It names its protocol (``IPPROTO_TCP``), not the default 0: a socket accepted from it
    inherits that number, and asyncio turns Nagle's algorithm off (``TCP_NODELAY``) only on
    sockets that say they are TCP. Without it every answer on a kept-alive connection (h11
    writes the head and the body in two segments) waits ~40 ms for the client's delayed ACK.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_embedded(
    db_url: str,
    *,
    init_demo: bool = False,
    auto_approve_devices: bool | None = None,
    timeout: float = 30.0,
    settings: CentralSettings | None = None,
) -> EmbeddedServer:
    """Migrate (and optionally load the demo data), start serving, wait until it answers.

    The demo (``init_demo``) approves every device registration at once unless told otherwise:
    a demo runs with zero manual steps. Never use that outside a demo.
    """
    if init_demo:
        load_demo(db_url)
    else:
        upgrade(db_url)
    auto = init_demo if auto_approve_devices is None else auto_approve_devices
    settings = settings or CentralSettings(db=db_url)
    app = create_app(db_url, settings.model_copy(update={"auto_approve_devices": auto}))
    sock = loopback_listener()  # the OS picks a free port; uvicorn serves this very socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="clerk-central", daemon=True
    )
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    # The demo purges daily like `serve` (CLERK_CENTRAL_PURGE_AT); tests and benches do not.
    scheduler = scheduled_purge(db_url, settings) if init_demo else None
    embedded = EmbeddedServer(base_url, server, thread, scheduler)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.started and _answers(f"{base_url}/api/v1/health"):
            if scheduler is not None:
                scheduler.start()
            return embedded
        if not thread.is_alive():
            break
        time.sleep(0.05)
    embedded.stop()
    sock.close()
    raise RuntimeError(f"中心服务未能在{timeout:.0f}秒内启动")
