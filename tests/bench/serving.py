"""The bench's server: ``clerk-central serve`` in its own processes, and the CPU it and its
PostgreSQL backends spend while a load runs.

The CPU is read from the operating system (psutil): the server's processes (uvicorn's parent
and its workers) and the PostgreSQL backends whose ``application_name`` marks them as the
bench server's connections, so other clients of the same database are left out. Backends that
open during the load count whole; one that closed before the end would be missed, which the
server's pool (overflow 0) never does.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

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


def backend_cpu(dsn: str, application_name: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving connections named ``application_name``."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (application_name,)
        ).fetchall()
    out: dict[int, float] = {}
    for (pid,) in rows:
        with contextlib.suppress(psutil.Error):
            out[int(pid)] = _cpu_seconds(psutil.Process(int(pid)))
    return out


@dataclass
class CpuSpent:
    """CPU seconds spent during a ``measure_cpu`` block (filled in when the block ends)."""

    server: float = 0.0
    database: float = 0.0


@contextlib.contextmanager
def measure_cpu(server_pid: int, dsn: str, application_name: str) -> Iterator[CpuSpent]:
    """The server's and its PostgreSQL backends' CPU seconds over the block."""
    spent = CpuSpent()
    server_before = process_tree_cpu(server_pid)
    backends_before = backend_cpu(dsn, application_name)
    yield spent
    spent.server = process_tree_cpu(server_pid) - server_before
    backends_after = backend_cpu(dsn, application_name)
    spent.database = sum(cpu - backends_before.get(pid, 0.0) for pid, cpu in backends_after.items())
