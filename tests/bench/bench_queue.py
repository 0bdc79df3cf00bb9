"""Queue calling on PostgreSQL: call-next throughput and latency with 100 concurrent windows.

Four ways over the same kind of data (3,000 waiting tickets, two queues), in the same run:

- **bare SQL** (the baseline): the call statement alone, ``UPDATE … WHERE id = (SELECT …
  ORDER BY priority, sort_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`` + COMMIT;
- **SQL functions**: ``queue_call_next`` then ``queue_finish`` (calling.sql: request id,
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

**CPU per call + finish** (serving.py): in the HTTP phase, the server's processes (psutil) and
the PostgreSQL backends of its connections, side by side; for the SQL functions called
straight, what their backends spend: the database's own share of the rules. Per pair is over
the tickets of the phase (each window's last, empty call-next counted in).

Goals (issue 3): ≥ 1,000 calls/s and p99 ≤ 50 ms at the service; HTTP ≥ a third of the bare
SQL rate; event delivery p95 ≤ 500 ms. Goal (issue 10): the server's CPU per call + finish
≤ 3× what its PostgreSQL backends spend on them. Run:
``.venv/bin/python -m tests.bench.bench_queue [N]`` (``--http-cpu``: only bare SQL, the SQL
functions and the HTTP throughput, with their CPU).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
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
from tests.bench.queue_windows import POOL, WINDOWS, dsn, run_load
from tests.bench.serving import CpuSpent, measure_cpu, serve_central, with_application_name

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SERVER_WORKERS = 2
PACED_CALLS = 6  # per window in the latency phase (one every PACE_S seconds)
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


def _fill(url: str, n: int) -> None:
    """``n`` waiting tickets of today (5% green, 10% appointments), written in bulk."""
    now = datetime.now(UTC)
    with psycopg.connect(dsn(url)) as conn:
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


# ----------------------------------------------------------------------------- the server


SERVER_APPLICATION = "clerk-bench-server"  # how the server's connections name themselves
FUNCTIONS_APPLICATION = "clerk-bench-functions"  # ... and the SQL functions' callers'


@contextlib.contextmanager
def _server(url: str) -> Iterator[tuple[str, int]]:
    """``clerk-central serve --workers 2`` in its own processes; its base URL and the pid of
    uvicorn's parent process (its workers are its children)."""
    env = {
        **os.environ,
        "CLERK_CENTRAL_POOL_SIZE": str(POOL // SERVER_WORKERS),
        "CLERK_CENTRAL_POOL_OVERFLOW": "0",
    }
    marked = with_application_name(url, SERVER_APPLICATION)
    with serve_central(marked, "--workers", str(SERVER_WORKERS), env=env) as (base, proc):
        yield base, proc.pid


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


def _cpu_rows(cpu: CpuSpent, pairs: int) -> list[BenchRow]:
    """The server's and PostgreSQL's CPU per call-next + finish pair, side by side."""
    server_ms, database_ms = cpu.server * 1000 / pairs, cpu.database * 1000 / pairs
    return [
        BenchRow("HTTP: PostgreSQL backends' CPU per call+finish", database_ms, "ms", None, ""),
        BenchRow(
            "HTTP: server processes' CPU per call+finish",
            server_ms,
            "ms",
            database_ms,
            "≤ 3× PostgreSQL's (baseline/value ≥ 0.33)",
        ),
    ]


def _functions_rows(url: str, n_tickets: int, bare_rate: float) -> list[BenchRow]:
    """The SQL functions called straight, and what PostgreSQL spends on each pair that way:
    the database's own share of the rules, with no server in between."""
    _fill(url, n_tickets)
    marked = with_application_name(url, FUNCTIONS_APPLICATION)
    with measure_cpu(None, dsn(url), FUNCTIONS_APPLICATION) as cpu:
        lat, wall = run_load("functions", marked)
    return [
        _rate_row("SQL functions (+finish), 100 windows", lat, wall, bare_rate, ""),
        BenchRow(
            "SQL functions: PostgreSQL backends' CPU per call+finish",
            cpu.database * 1000 / n_tickets,
            "ms",
            None,
            "",
        ),
    ]


WARM_UP_PAIRS = 20


def _warm_up(base: str, token: str) -> None:
    """A few pairs first, each on a new connection so that both workers serve some: a worker
    builds its routes' dependency trees and its first pooled connections on first use."""
    headers = {"Authorization": f"Bearer {token}"}
    for n in range(1, WARM_UP_PAIRS + 1):
        prefix = f"{base}/api/v1/halls/HS01/windows/{n}"
        call = {"request_id": uuid.uuid4().hex}
        requests.post(f"{prefix}/call-next", json=call, headers=headers, timeout=60)
        requests.post(f"{prefix}/finish", json={"outcome": "已办结"}, headers=headers, timeout=60)


def _http_rows(
    url: str, base: str, server_pid: int, token: str, n_http: int, bare_rate: float | None
) -> list[BenchRow]:
    """Throughput of the HTTP server at saturation, and the CPU each pair costs both sides
    (over ``n_http`` tickets, with each window's last, empty call-next counted in)."""
    _fill(url, n_http + WARM_UP_PAIRS)
    _warm_up(base, token)
    with measure_cpu(server_pid, dsn(url), SERVER_APPLICATION) as cpu:
        lat, wall = run_load("http", f"{base} {token}")
    rate = _rate_row("HTTP 2 workers (+finish), 100 windows", lat, wall, bare_rate, "≥ bare / 3")
    return [rate, *_cpu_rows(cpu, n_http)]


def run_http_cpu_bench(n_tickets: int = 3000) -> list[BenchRow]:
    """Only bare SQL, the SQL functions and the HTTP throughput phase with their CPU (a quicker
    run than the whole bench)."""
    with _schema() as url:
        _fill(url, n_tickets)
        bare, wall = run_load("bare", url)
        bare_rate = len(bare) / wall
        rows = [_rate_row("bare SQL, 100 windows", bare, wall, None, "baseline")]
        rows += _functions_rows(url, n_tickets, bare_rate)
        with _server(url) as (base, server_pid):
            token = _login(base, "super01")
            rows += _http_rows(url, base, server_pid, token, n_tickets // 2, bare_rate)
    return rows


def run_queue_bench(n_tickets: int = 3000, n_http: int = 1500) -> list[BenchRow]:
    try:
        with psycopg.connect(dsn(POSTGRES_URL), connect_timeout=3):
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
        bare, wall = run_load("bare", url)
        bare_rate = len(bare) / wall
        rows.append(_rate_row("bare SQL, 100 windows", bare, wall, None, "baseline"))
        rows += _functions_rows(url, n_tickets, bare_rate)
        _fill(url, n_tickets)
        lat, wall = run_load("service", url)
        rows.append(_rate_row("service (+finish), 100 windows", lat, wall, bare_rate, "≥ 1000/s"))
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
        lat, _wall = run_load("service", url, paced=PACED_CALLS)
        rows += _latency_rows("service, 100 windows, one call each 4 s", lat, "≤ 50 ms")
        with _server(url) as (base, server_pid):
            token = _login(base, "super01")
            rows += _http_rows(url, base, server_pid, token, n_http, bare_rate)
            _fill(url, paced_tickets)
            lat, _wall = run_load("http", f"{base} {token}", paced=PACED_CALLS)
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
    args = sys.argv[1:]
    http_only = "--http-cpu" in args
    numbers = [int(a) for a in args if a.isdigit()]
    tickets = numbers[0] if numbers else 3000
    if http_only:
        print_table(run_http_cpu_bench(tickets), "queue calling over HTTP: CPU (PostgreSQL)")
    else:
        print_table(run_queue_bench(tickets, max(500, tickets // 2)), "queue calling (PostgreSQL)")
