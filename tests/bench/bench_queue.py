"""Queue calling on PostgreSQL: call-next throughput and latency with 100 concurrent windows.

Four ways over the same kind of data (3,000 waiting tickets, two queues), in the same run:

- **bare SQL** (the baseline): the call statement alone, ``UPDATE … WHERE id = (SELECT …
  ORDER BY priority, sort_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`` + COMMIT;
- **SQL functions**: ``queue_call_next`` then ``queue_finish`` (migration 0004: request id,
  window lock, the pick, the event log with NOTIFY, the status counts), called straight
  through psycopg: what the database itself can do with the queue's rules;
- **service**: ``services.queue.call_next`` then ``finish`` through SQLAlchemy, as a route does;
- **HTTP**: ``POST …/call-next`` then ``…/finish`` against ``clerk-central serve --workers 2``
  (the production layout), with the token check on every request.

The 100 windows run as threads in four load processes, apart from the server's, so the load
generator's own GIL does not throttle what it measures. Each window calls, finishes, calls
again, as fast as it can, until nobody waits: **throughput** is call-next calls per second.

**Latency** is measured apart, at a set pace: every window presses call-next (then finish)
once every 4 s, 25 calls/s in all, about a hundred times a real hall (a window calls every
few minutes). It is timed from the moment the press was due, so a late start counts. Latency
at saturation is not the figure: with 100 windows pressing back to back, Little's law makes
the mean wait 100 / throughput whatever the server does.

If ``pgbench`` (PostgreSQL's own C client) is installed, the SQL functions are also driven by
it: the database's ceiling for the queue's rules on this machine, with no Python at all.

Then the event delivery latency: from just before ``POST call-next`` to an SSE client of the
same server receiving its ``ticket_called``.

Goals (issue 3): ≥ 1,000 calls/s and p99 ≤ 50 ms at the service; HTTP ≥ a third of the bare
SQL rate; event delivery p95 ≤ 500 ms. Run: ``.venv/bin/python -m tests.bench.bench_queue [N]``.
"""

from __future__ import annotations

import contextlib
import glob
import multiprocessing
import os
import queue as queue_mod
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import requests
from sqlalchemy.engine import make_url

from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.models import Window, WindowQueue
from clerk_app.central.services.halls import load_hall_config
from clerk_app.central.services.queue import service_day
from clerk_app.sync.events import EventStream
from tests.bench.common import BenchRow, percentile, print_table

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WINDOWS = 100
LOAD_PROCESSES = 4
SERVER_WORKERS = 2
POOL = 48  # connections in all, split over the load processes or the server's workers
PACED_CALLS = 6  # per window in the latency phase ...
PACE_S = 4.0  # ... one every 4 s: 25 calls/s from 100 windows (a real hall: ~0.3/s)
PASSWORD = "Demo@2026"


def _hall(n_windows: int) -> dict[str, Any]:
    return {
        "hall": {"code": "HS01", "name": "黄石市民之家", "address": ""},
        "zones": [{"code": "SOCIAL", "name": "社会事务"}],
        "queues": [
            {"code": "SOCIAL", "name": "社会事务", "prefix": "A", "zone": "SOCIAL"},
            {"code": "POLICE", "name": "公安", "prefix": "D", "zone": "SOCIAL"},
        ],
        "windows": [
            {"number": n, "label": f"{n}号窗口", "zone": "SOCIAL", "queues": ["SOCIAL", "POLICE"]}
            for n in range(1, n_windows + 1)
        ],
        "staff": [
            {
                "username": "super01",
                "display_name": "王强",
                "role": "supervisor",
                "password": PASSWORD,
                "window": None,
                "department_code": None,
            },
        ],
    }


@contextlib.contextmanager
def _schema() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL, migrated and seeded; dropped afterwards."""
    plain = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)
    name = f"bench_queue_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={name}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        upgrade(rendered)
        engine = make_engine(rendered)
        with make_session_factory(engine)() as session:
            conf = _hall(WINDOWS)
            extra = [w for w in conf["windows"] if w["number"] > 99]  # the config allows 1-99
            conf["windows"] = [w for w in conf["windows"] if w["number"] <= 99]
            hall = load_hall_config(session, conf)
            queue_ids = [q.id for q in hall.queues]
            for w in extra:
                window = Window(hall_id=hall.id, number=w["number"], label=w["label"])
                window.queue_links = [
                    WindowQueue(queue_id=qid, position=i) for i, qid in enumerate(queue_ids)
                ]
                session.add(window)
            session.commit()
        engine.dispose()
        yield rendered
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _fill(url: str, n: int) -> None:
    """``n`` waiting tickets of today (5% green, 10% appointments), written in bulk."""
    now = datetime.now(UTC)
    with psycopg.connect(_dsn(url)) as conn:
        (hall_id,) = conn.execute("SELECT id FROM halls WHERE code = 'HS01'").fetchone() or (0,)
        queues: dict[str, int] = dict(conn.execute("SELECT code, id FROM queues").fetchall())
        conn.execute("DELETE FROM queue_call_requests")
        conn.execute("UPDATE queue_window_states SET current_ticket_id = NULL")
        conn.execute("DELETE FROM queue_tickets")
        conn.execute("DELETE FROM queue_counters")
        rows = []
        for i in range(n):
            code = "SOCIAL" if i % 10 < 7 else "POLICE"
            priority = 0 if i % 20 == 0 else 1 if i % 10 == 5 else 2
            at = now - timedelta(minutes=30) + timedelta(milliseconds=i)
            prefix = "A" if code == "SOCIAL" else "D"
            rows.append(
                (
                    hall_id,
                    queues[code],
                    service_day(now),
                    i + 1,
                    f"{prefix}{i + 1:05d}",
                    "normal",
                    priority,
                    "waiting",
                    at,
                    at,
                    "bench",
                    0,
                    "[]",
                )
            )
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO queue_tickets (hall_id, queue_id, service_date, seq, number, kind,"
                " priority, status, issued_at, sort_at, issued_by, call_count, case_numbers)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
        conn.execute("ANALYZE queue_tickets")
        conn.commit()


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
    pool = _ConnectionPool(_dsn(url), pool_size, autocommit=False)
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
    pool = _ConnectionPool(_dsn(url), pool_size, autocommit=True)

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
                    ticket = queue.call_next(session, me, "HS01", n, uuid.uuid4().hex, now)
                return ticket is not None

            def finish(self) -> None:
                with factory() as session:
                    queue.finish(session, me, "HS01", n, "已办结", [], datetime.now(UTC))

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


def _run_load(kind: str, target: str, *, paced: int = 0) -> tuple[list[float], float]:
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


# ----------------------------------------------------------------------------- the server


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


@contextlib.contextmanager
def _server(url: str) -> Iterator[str]:
    """``clerk-central serve --workers 2`` in its own processes; its base URL."""
    env = {
        **os.environ,
        "CLERK_CENTRAL_POOL_SIZE": str(POOL // SERVER_WORKERS),
        "CLERK_CENTRAL_POOL_OVERFLOW": "0",
    }
    with serve_central(url, "--workers", str(SERVER_WORKERS), env=env) as (base, _proc):
        yield base


def _login(base: str, username: str) -> str:
    r = requests.post(
        f"{base}/api/v1/auth/login",
        json={"username": username, "password": PASSWORD, "window_no": None},
        timeout=30,
    )
    r.raise_for_status()
    return str(r.json()["token"])


def bench_events(base: str, token: str, url: str, n_calls: int = 200) -> list[float]:
    """call → SSE receipt, with 10 windows calling and 3 listening displays."""
    _fill(url, n_calls + 50)
    headers = {"Authorization": f"Bearer {token}"}
    sent: dict[str, float] = {}
    delays: list[float] = []
    lock = threading.Lock()

    def on_event(kind: str, data: dict[str, Any]) -> None:
        if kind == "ticket_called":
            now = time.perf_counter()
            with lock:
                at = sent.get(data["number"])
                if at is not None:
                    delays.append(now - at)

    streams = [EventStream(base, "HS01", token, on_event) for _ in range(3)]
    for s in streams:
        s.start()
    for s in streams:
        s.wait_connected()

    def window(n: int) -> None:
        prefix = f"{base}/api/v1/halls/HS01/windows/{n}"
        with requests.Session() as http:
            for _ in range(n_calls // 10):
                started = time.perf_counter()
                r = http.post(
                    f"{prefix}/call-next",
                    json={"request_id": uuid.uuid4().hex},
                    headers=headers,
                    timeout=60,
                )
                if r.status_code != 200:
                    return
                with lock:  # the number is known only now: backdate to the request
                    sent[r.json()["number"]] = started
                http.post(
                    f"{prefix}/finish", json={"outcome": "已办结"}, headers=headers, timeout=60
                )
                time.sleep(0.05)

    with ThreadPoolExecutor(10) as pool:
        for f in [pool.submit(window, w) for w in range(1, 11)]:
            f.result()
    deadline = time.monotonic() + 10
    while len(delays) < 3 * len(sent) and time.monotonic() < deadline:
        time.sleep(0.05)
    for s in streams:
        s.stop()
    return delays


PGBENCH_SCRIPT = """\\set w :client_id + 1
SELECT id FROM queue_call_next('HS01', :w, md5(random()::text), 'c', 'c', now(), :day);
SELECT id FROM queue_finish('HS01', :w, '已办结', '[]', now());
"""


def _pgbench_pairs(pgbench: str, url: str, n_pairs: int) -> float:
    """call + finish pairs per second, pgbench's 50 clients calling the SQL functions."""
    clients = 50
    day = service_day(datetime.now(UTC)).isoformat()
    script = PGBENCH_SCRIPT.replace(":day", f"'{day}'")
    parsed = make_url(url)
    env = {**os.environ, "PGOPTIONS": str(parsed.query.get("options", ""))}
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
    try:
        args = [pgbench, "-n", "-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)]
        args += ["-U", parsed.username or "postgres", "-c", str(clients), "-j", "2"]
        args += ["-t", str(max(1, n_pairs // clients)), "-f", handle.name, parsed.database or ""]
        out = subprocess.run(
            args,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    match = re.search(r"tps = ([0-9.]+)", out)
    return float(match.group(1)) if match else 0.0


# ----------------------------------------------------------------------------- the table


def _rate_row(label: str, lat: list[float], wall: float, base: float | None, goal: str) -> BenchRow:
    return BenchRow(f"{label}: call-next throughput", len(lat) / wall, "calls/s", base, goal)


def _latency_rows(label: str, lat: list[float], goal_p99: str) -> list[BenchRow]:
    return [
        BenchRow(f"{label}: call-next p50", percentile(lat, 50) * 1000, "ms", None, ""),
        BenchRow(f"{label}: call-next p99", percentile(lat, 99) * 1000, "ms", None, goal_p99),
    ]


def run_queue_bench(n_tickets: int = 3000, n_http: int = 1500) -> list[BenchRow]:
    try:
        with psycopg.connect(_dsn(POSTGRES_URL), connect_timeout=3):
            pass
    except psycopg.Error as exc:
        print(f"queue bench skipped: PostgreSQL not reachable ({exc})", file=sys.stderr)
        return []
    rows: list[BenchRow] = []
    paced_tickets = WINDOWS * PACED_CALLS + 100
    pgbench = shutil.which("pgbench") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"))), None
    )
    with _schema() as url:
        _fill(url, n_tickets)
        bare, wall = _run_load("bare", url)
        bare_rate = len(bare) / wall
        rows.append(_rate_row("bare SQL, 100 windows", bare, wall, None, "baseline"))
        for kind, label, goal in (
            ("functions", "SQL functions (+finish)", ""),
            ("service", "service (+finish)", "≥ 1000/s"),
        ):
            _fill(url, n_tickets)
            lat, wall = _run_load(kind, url)
            rows.append(_rate_row(f"{label}, 100 windows", lat, wall, bare_rate, goal))
        if pgbench:
            _fill(url, n_tickets)
            rate = _pgbench_pairs(pgbench, url, n_tickets // 2)
            rows.append(
                BenchRow(
                    "SQL functions (+finish) via pgbench, 50 connections: calls",
                    rate,
                    "calls/s",
                    bare_rate,
                    "database ceiling",
                )
            )
        _fill(url, paced_tickets)
        lat, _wall = _run_load("service", url, paced=PACED_CALLS)
        rows += _latency_rows("service, 100 windows, one call each 4 s", lat, "≤ 50 ms")
        with _server(url) as base:
            token = _login(base, "super01")
            _fill(url, n_http)
            lat, wall = _run_load("http", f"{base} {token}")
            rows.append(
                _rate_row(
                    "HTTP 2 workers (+finish), 100 windows", lat, wall, bare_rate, "≥ bare / 3"
                )
            )
            _fill(url, paced_tickets)
            lat, _wall = _run_load("http", f"{base} {token}", paced=PACED_CALLS)
            rows += _latency_rows("HTTP, 100 windows, one call each 4 s", lat, "")
            delays = bench_events(base, token, url)
        if delays:
            rows.append(
                BenchRow(
                    "event call→SSE receipt p50", percentile(delays, 50) * 1000, "ms", None, ""
                )
            )
            rows.append(
                BenchRow(
                    "event call→SSE receipt p95",
                    percentile(delays, 95) * 1000,
                    "ms",
                    None,
                    "≤ 500 ms",
                )
            )
    return rows


if __name__ == "__main__":
    tickets = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    print_table(run_queue_bench(tickets, max(500, tickets // 2)), "queue calling (PostgreSQL)")
