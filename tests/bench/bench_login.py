"""60 concurrent logins against ``clerk-central serve`` (loopback): do other requests stall?

The server runs in its own process on a fresh SQLite database with the production argon2
parameters (64 MiB per hash). First an idle baseline: ``GET /api/v1/health`` one after another.
Then 60 logins at once (real accounts, right password: every one hashes) while a prober keeps
sending ``GET /health``; the p95 of the prober during the burst is compared with the idle p95
(goal: at most 3×). The server's peak resident memory (``VmHWM``) is read from /proc at the end
beside its resident memory before the burst: hashes run a few at a time, so memory stays
bounded however many log in at once. Bounded: 60 logins, probes only while the burst lasts.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.services.halls import load_hall_config
from tests.bench.common import BenchRow, percentile
from tests.bench.serving import serve_central

LOGINS = 60
IDLE_PROBES = 60
PASSWORD = "Demo@2026"


def _hall() -> dict[str, Any]:
    staff = [
        {
            "username": f"super{n:02d}",
            "display_name": f"管理{n}",
            "role": "supervisor",
            "password": PASSWORD,
            "window": None,
            "department_code": None,
        }
        for n in range(LOGINS)
    ]
    hall: dict[str, Any] = {
        "hall": {"code": "HS01", "name": "黄石市民之家", "address": ""},
        "zones": [{"code": "SOCIAL", "name": "社会事务"}],
        "queues": [{"code": "SOCIAL", "name": "社会事务", "prefix": "A", "zone": "SOCIAL"}],
        "windows": [{"number": 1, "label": "1号窗口", "zone": "SOCIAL", "queues": ["SOCIAL"]}],
        "staff": staff,
    }
    return hall


def _kib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1])
    return 0.0


def _probe(session: requests.Session, base: str) -> float:
    started = time.perf_counter()
    session.get(f"{base}/api/v1/health", timeout=60).raise_for_status()
    return time.perf_counter() - started


def run_login_bench() -> list[BenchRow]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'central.db'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            with make_session_factory(engine)() as session:
                load_hall_config(session, _hall())
                session.commit()
        finally:
            engine.dispose()
        with serve_central(url) as (base, proc):
            prober = requests.Session()
            for _ in range(5):  # warm up the connection and the server's first requests
                _probe(prober, base)
            idle = [_probe(prober, base) for _ in range(IDLE_PROBES)]
            rss_before = _kib(proc.pid, "VmRSS") / 1024
            done = threading.Event()
            during: list[float] = []

            def keep_probing() -> None:
                while not done.is_set():
                    during.append(_probe(prober, base))

            def login(n: int) -> int:
                body = {"username": f"super{n:02d}", "password": PASSWORD}
                r = requests.post(f"{base}/api/v1/auth/login", json=body, timeout=120)
                return r.status_code

            probe_thread = threading.Thread(target=keep_probing, daemon=True)
            started = time.perf_counter()
            probe_thread.start()
            with ThreadPoolExecutor(LOGINS) as pool:
                codes = list(pool.map(login, range(LOGINS)))
            wall = time.perf_counter() - started
            done.set()
            probe_thread.join(60)
            peak = _kib(proc.pid, "VmHWM") / 1024
    ok = codes.count(200)
    if ok != LOGINS:
        print(f"login bench: {LOGINS - ok} logins answered {set(codes)}", file=sys.stderr)
    idle_p95 = percentile(idle, 95) * 1000
    busy_p95 = percentile(during, 95) * 1000 if len(during) > 1 else 0.0
    return [
        BenchRow("GET /health p95, idle (baseline)", idle_p95, "ms", None, "baseline"),
        BenchRow(
            f"GET /health p95 during {LOGINS} concurrent logins ({len(during)} probes)",
            busy_p95,
            "ms",
            idle_p95,
            "≤ 3× idle (baseline/value ≥ 0.33)",
        ),
        BenchRow(f"{LOGINS} concurrent logins, all answered ({ok} ok)", wall, "s", None, ""),
        BenchRow("server peak RSS during the login burst", peak, "MB", rss_before, "bounded"),
    ]
