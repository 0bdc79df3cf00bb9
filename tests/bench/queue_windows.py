"""The windows of the queue bench: callers (bare SQL, SQL functions, service, HTTP), each a
thread, in load processes apart from the server's (see bench_queue.py)."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue as queue_mod
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import psycopg
import requests
from sqlalchemy.engine import make_url

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services.queue import service_day

WINDOWS = 100
LOAD_PROCESSES = 4
POOL = 48  # connections in all, split over the load processes or the server's workers
PACE_S = 4.0  # the latency phase: one call per window every 4 s, 25 calls/s from 100 windows


def dsn(url: str) -> str:
    """``url`` as a psycopg connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# ----------------------------------------------------------------------------- the windows
#
# A "caller" is what one window thread needs: ``call()`` returns whether a ticket was
# called, ``finish()`` ends it. Callers are made inside the load processes.

BARE_SQL = (
    "UPDATE queue_tickets SET status = 'called', window_id = %(w)s, call_count = 1,"
    " called_at = now() WHERE id = (SELECT t.id FROM queue_tickets t"
    " WHERE t.hall_id = %(h)s AND t.status = 'waiting' AND t.service_date = %(d)s"
    " ORDER BY t.priority, t.sort_at, t.id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id"
)


class _ConnectionPool:
    """A plain pool for the psycopg callers: connections in a queue."""

    def __init__(self, dsn: str, size: int, *, autocommit: bool) -> None:
        self._free: queue_mod.Queue[psycopg.Connection[Any]] = queue_mod.Queue()
        for _ in range(size):
            self._free.put(psycopg.connect(dsn, autocommit=autocommit))

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        conn = self._free.get()
        try:
            yield conn
        finally:
            self._free.put(conn)

    def close(self) -> None:
        while not self._free.empty():
            self._free.get().close()


def _bare_callers(url: str, pool_size: int) -> tuple[Callable[[int], Any], Callable[[], None]]:
    pool = _ConnectionPool(dsn(url), pool_size, autocommit=False)
    with pool.connection() as conn:
        (hall_id,) = conn.execute("SELECT id FROM halls").fetchone() or (0,)
        windows: dict[int, int] = dict(conn.execute("SELECT number, id FROM windows").fetchall())
        conn.commit()
    day = service_day(datetime.now(UTC))

    def make(n: int) -> Any:
        class Bare:
            def call(self) -> bool:
                with pool.connection() as conn:
                    got = conn.execute(BARE_SQL, {"w": windows[n], "h": hall_id, "d": day})
                    row = got.fetchone()
                    conn.commit()
                return row is not None

            def finish(self) -> None:
                pass  # the bare statement has no finish: the baseline is the call alone

        return Bare()

    return make, pool.close


def _function_callers(url: str, pool_size: int) -> tuple[Callable[[int], Any], Callable[[], None]]:
    pool = _ConnectionPool(dsn(url), pool_size, autocommit=True)

    def make(n: int) -> Any:
        class Functions:
            def call(self) -> bool:
                now = datetime.now(UTC)
                with pool.connection() as conn:
                    row = conn.execute(
                        "SELECT id FROM queue_call_next('HS01', %s, %s, %s, %s, %s, %s)",
                        (n, uuid.uuid4().hex, f"clerk{n}", f"clerk{n}", now, service_day(now)),
                    ).fetchone()
                return row is not None

            def finish(self) -> None:
                with pool.connection() as conn:
                    conn.execute(
                        "SELECT id FROM queue_finish('HS01', %s, '已办结', '[]', %s)",
                        (n, datetime.now(UTC)),
                    ).fetchone()

        return Functions()

    return make, pool.close


def _service_callers(url: str, pool_size: int) -> tuple[Callable[[int], Any], Callable[[], None]]:
    from clerk_app.central.models import Hall
    from clerk_app.central.services import queue
    from clerk_app.central.services.auth import AuthUser

    engine = make_engine(url, pool_size=pool_size, max_overflow=0, pool_timeout=120)
    factory = make_session_factory(engine)
    with factory() as session:
        hall_id = session.query(Hall).filter_by(code="HS01").one().id

    def make(n: int) -> Any:
        me = AuthUser(
            0, f"clerk{n}", f"clerk{n}", "clerk", hall_id, "HS01", "黄石市民之家", n, None
        )

        class Service:
            def call(self) -> bool:
                with factory() as session:
                    now = datetime.now(UTC)
                    ticket = queue.call_next(
                        queue.WindowCall(session, me, "HS01", n, now), uuid.uuid4().hex
                    )
                return ticket is not None

            def finish(self) -> None:
                with factory() as session:
                    queue.finish(
                        queue.WindowCall(session, me, "HS01", n, datetime.now(UTC)), "已办结", []
                    )

        return Service()

    return make, engine.dispose


def _http_callers(
    base_and_token: str, _pool: int
) -> tuple[Callable[[int], Any], Callable[[], None]]:
    base, token = base_and_token.split(" ", 1)
    headers = {"Authorization": f"Bearer {token}"}

    def make(n: int) -> Any:
        prefix = f"{base}/api/v1/halls/HS01/windows/{n}"
        http = requests.Session()

        class Http:
            def call(self) -> bool:
                r = http.post(
                    f"{prefix}/call-next",
                    json={"request_id": uuid.uuid4().hex},
                    headers=headers,
                    timeout=120,
                )
                if r.status_code not in (200, 204):
                    raise RuntimeError(f"call-next answered {r.status_code}: {r.text}")
                return r.status_code == 200

            def finish(self) -> None:
                r = http.post(
                    f"{prefix}/finish", json={"outcome": "已办结"}, headers=headers, timeout=120
                )
                if r.status_code != 200:
                    raise RuntimeError(f"finish answered {r.status_code}: {r.text}")

        return Http()

    return make, lambda: None


CALLERS = {
    "bare": _bare_callers,
    "functions": _function_callers,
    "service": _service_callers,
    "http": _http_callers,
}


def _load_process(
    kind: str, target: str, windows: list[int], pool_size: int, start_at: float, paced: int
) -> tuple[list[float], float]:
    """One load process: a thread per window; (call latencies in s, time the last one ended).

    ``paced`` = 0: call and finish back to back until nobody waits. Otherwise that many calls
    per window, one every PACE_S seconds, each timed from when it was due.
    """
    make, close = CALLERS[kind](target, pool_size)
    latencies: list[float] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        caller = make(n)
        mine: list[float] = []
        if paced:
            first = start_at + PACE_S * (n % 100) / 100  # spread the windows over the pace
            for k in range(paced):
                due = first + k * PACE_S
                time.sleep(max(0.0, due - time.time()))
                called = caller.call()
                mine.append(time.time() - due)
                if called:
                    caller.finish()
        else:
            time.sleep(max(0.0, start_at - time.time()))
            while True:
                started = time.time()
                called = caller.call()
                mine.append(time.time() - started)
                if not called:
                    break
                caller.finish()
        with lock:
            latencies.extend(mine)

    try:
        with ThreadPoolExecutor(len(windows)) as threads:
            for f in [threads.submit(run, n) for n in windows]:
                f.result()
        return latencies, time.time()
    finally:
        close()


def run_load(kind: str, target: str, *, paced: int = 0) -> tuple[list[float], float]:
    """100 windows over LOAD_PROCESSES processes; (latencies, wall time of the phase)."""
    windows = list(range(1, WINDOWS + 1))
    shares = [windows[i::LOAD_PROCESSES] for i in range(LOAD_PROCESSES)]
    start_at = time.time() + 4  # the processes start (and import) first
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(LOAD_PROCESSES) as pool:
        results = pool.starmap(
            _load_process,
            [(kind, target, share, POOL // LOAD_PROCESSES, start_at, paced) for share in shares],
        )
    latencies = [x for lat, _end in results for x in lat]
    wall = max(end for _lat, end in results) - start_at
    return latencies, wall
