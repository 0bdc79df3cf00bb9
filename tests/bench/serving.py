"""The bench's server: ``clerk-central serve`` in its own processes, and the CPU it and its
PostgreSQL backends spend while a load runs.

The CPU is read from the operating system (psutil): the server's processes (uvicorn's parent
and its workers) and the PostgreSQL backends whose ``application_name`` marks them as the
bench's connections, so other clients of the same database are left out (sampled while the
load runs: see :class:`BackendCpu`). pg_stat_statements would need a server restart to load.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psutil
import psycopg
import requests
from sqlalchemy.engine import make_url


def wait_until_serving(base: str, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    """Block until the bench server at ``base`` answers its health check."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(requests.ConnectionError):
            if requests.get(f"{base}/api/v1/health", timeout=2).ok:
                return
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the bench server did not start: {proc.stderr}")
        time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_central(
    url: str, *extra: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``clerk-central serve`` on ``url`` in its own process(es): its base URL and process."""
    port = _free_port()
    port_args = ("--port", str(port))
    proc = subprocess.Popen(
        [sys.executable, "-m", "clerk_app.central.cli", "serve", "--db", url, *port_args, *extra],
        env=env,
        # never a pipe nobody reads: the access log of thousands of requests would fill it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, proc)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def with_application_name(url: str, name: str) -> str:
    """``url`` whose connections name themselves ``name`` in ``pg_stat_activity``."""
    marked = make_url(url).update_query_dict({"application_name": name})
    return marked.render_as_string(hide_password=False)


def _cpu_seconds(process: psutil.Process) -> float:
    with contextlib.suppress(psutil.Error):
        times = process.cpu_times()
        return float(times.user + times.system)
    return 0.0


def process_tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants (the server's workers)."""
    root = psutil.Process(pid)
    return sum(_cpu_seconds(p) for p in [root, *root.children(recursive=True)])


class BackendCpu:
    """CPU seconds the PostgreSQL backends of connections named ``application_name`` spend
    while it runs (``with``): their CPU is read every ``interval`` seconds, so a backend that
    opens and closes inside the block counts too (all but its last ``interval``)."""

    def __init__(self, dsn: str, application_name: str, interval: float = 0.1) -> None:
        self._dsn, self._name, self._interval = dsn, application_name, interval
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self) -> BackendCpu:
        with psycopg.connect(self._dsn, autocommit=True) as conn:
            self._first = self._sample(conn)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(cpu - self._first.get(pid, 0.0) for pid, cpu in self._last.items())

    def _sample(self, conn: psycopg.Connection[Any]) -> dict[int, float]:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (self._name,)
        ).fetchall()
        seen: dict[int, float] = {}
        for (pid,) in rows:
            with contextlib.suppress(psutil.Error):
                seen[int(pid)] = _cpu_seconds(psutil.Process(int(pid)))
        return seen

    def _sample_until_stopped(self) -> None:
        with psycopg.connect(self._dsn, autocommit=True) as conn:
            while True:
                self._last.update(self._sample(conn))
                if self._stop.wait(self._interval):
                    self._last.update(self._sample(conn))
                    return


@dataclass
class CpuSpent:
    """CPU seconds spent during a ``measure_cpu`` block (filled in when the block ends)."""

    server: float = 0.0
    database: float = 0.0


@contextlib.contextmanager
def measure_cpu(server_pid: int | None, dsn: str, application_name: str) -> Iterator[CpuSpent]:
    """The server's (if any) and its PostgreSQL backends' CPU seconds over the block."""
    spent = CpuSpent()
    server_before = process_tree_cpu(server_pid) if server_pid is not None else 0.0
    with BackendCpu(dsn, application_name) as backends:
        yield spent
    if server_pid is not None:
        spent.server = process_tree_cpu(server_pid) - server_before
    spent.database = backends.seconds
