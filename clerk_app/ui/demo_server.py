"""The demo's central server: this process's own (embedded, started on a background thread so
the login shows at once), or the one another demo process started and published in
``demo-server.json`` in the demo data folder, which every demo window and device shares."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clerk_app.sync.client import CentralClient

DEMO_SERVER_FILE = "demo-server.json"


class BackgroundServer:
    """The demo's central server, started on a background thread so the login shows at once."""

    def __init__(
        self,
        db_url: str,
        *,
        after: Future[Any] | None = None,
        on_started: Callable[[str], None] | None = None,
    ) -> None:
        import threading

        self._future: Future[Any] = Future()
        self._db_url = db_url
        self._after = after
        self._on_started = on_started
        self._thread = threading.Thread(target=self._start, name="embedded-central", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            if self._after is not None:
                # Alembic keeps its migration context in module globals: the local store's
                # and the server's migrations must not run at the same time in one process.
                with contextlib.suppress(Exception):
                    self._after.result(timeout=120)
            from clerk_app.central.embedded import start_embedded

            server = start_embedded(self._db_url, init_demo=True)
            if self._on_started is not None:
                with contextlib.suppress(OSError):  # sharing is a convenience, not a must
                    self._on_started(server.base_url)
            self._future.set_result(server)
        except BaseException as exc:  # reported to whoever waits for the server
            self._future.set_exception(exc)

    def base_url(self, timeout: float = 120.0) -> str:
        return str(self._future.result(timeout=timeout).base_url)

    def client(self) -> CentralClient:
        from clerk_app.sync.client import CentralClient

        return CentralClient(self.base_url())

    def stop(self) -> None:
        self._thread.join(timeout=120)
        if self._future.done() and self._future.exception() is None:
            self._future.result().stop()


def demo_server_answers(base_url: str, timeout: float = 1.0) -> bool:
    """True when a central server answers ``GET /api/v1/health`` at ``base_url``."""
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=timeout) as response:
            if response.status != 200:
                return False
            answer: object = json.loads(response.read().decode("utf-8"))
            return isinstance(answer, dict) and answer.get("status") == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def read_shared_demo_server(data_dir: Path) -> str | None:
    """The base URL in ``demo-server.json`` when a server answers there, else None."""
    import json

    try:
        data = json.loads((data_dir / DEMO_SERVER_FILE).read_text(encoding="utf-8"))
        url = str(data["base_url"]).rstrip("/")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        return None  # only ever a demo server on this machine
    return url if demo_server_answers(url) else None


def write_shared_demo_server(data_dir: Path, base_url: str) -> None:
    """Publish this process's demo server (atomically: a reader never sees half a file)."""
    import json

    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / DEMO_SERVER_FILE
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps({"base_url": base_url, "pid": os.getpid(), "started": time.time()}),
        encoding="utf-8",
    )
    os.replace(tmp, target)


def forget_shared_demo_server(data_dir: Path, base_url: str) -> None:
    """Remove ``demo-server.json`` if it still names our (now stopped) server."""
    import json

    target = data_dir / DEMO_SERVER_FILE
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        if json.loads(target.read_text(encoding="utf-8"))["base_url"] == base_url:
            target.unlink()


class DemoServer:
    """The demo central server this process uses: another process's (found in
    ``demo-server.json``) or its own embedded one, published there for the next process."""

    def __init__(self, data_dir: Path, *, after: Future[Any] | None = None) -> None:
        self.data_dir = data_dir
        self.shared_url = read_shared_demo_server(data_dir)
        self._own: BackgroundServer | None = None
        self._published: str | None = None
        if self.shared_url is None:
            self._own = BackgroundServer(
                f"sqlite:///{data_dir / 'central.sqlite3'}", after=after, on_started=self._publish
            )

    def _publish(self, base_url: str) -> None:
        write_shared_demo_server(self.data_dir, base_url)
        self._published = base_url

    @property
    def reused(self) -> bool:
        return self.shared_url is not None

    def base_url(self, timeout: float = 120.0) -> str:
        if self.shared_url is not None:
            # the shared server may have been restarted on another port since
            self.shared_url = read_shared_demo_server(self.data_dir) or self.shared_url
            return self.shared_url
        assert self._own is not None
        return self._own.base_url(timeout)

    def client(self) -> CentralClient:
        from clerk_app.sync.client import CentralClient

        return CentralClient(self.base_url())

    def stop(self) -> None:
        if self._own is None:
            return
        self._own.stop()
        if self._published is not None:
            forget_shared_demo_server(self.data_dir, self._published)
