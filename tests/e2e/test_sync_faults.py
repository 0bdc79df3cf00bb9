"""Fault injection between a window and a real central server (uvicorn on 127.0.0.1).

A small TCP proxy sits between the window's sync engine and the server. Per request it may:
drop the connection AFTER the server answered (so the server committed, the window never heard),
drop it before the request reaches the server, delay it, or answer 503 with Retry-After itself.
Midway the server is stopped and started again (same database, new port behind the proxy).
A second test kills (SIGKILL) a child process running the engine mid-push and restarts it.
Both end by comparing the two databases: every operation applied exactly once, none lost.

Run directly for the child process: ``python -m tests.e2e.test_sync_faults child DB URL N``.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.models import CaseRecord
from clerk_app.central.sync_models import AppliedOperation
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    Person,
)
from clerk_app.domain.catalog import Item
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from tests.central.conftest import PASSWORD, seed_database

PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")
ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------- the proxy

_503 = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
    b'Content-Length: 30\r\nConnection: close\r\n\r\n{"detail": "proxy says 503!"}\n'
)


@dataclass
class FaultProxy:
    """A TCP proxy on 127.0.0.1 that injects faults per HTTP request (see module doc)."""

    upstream_port: int
    seed: int = 1
    p_drop_after: float = 0.1
    p_drop_before: float = 0.08
    p_503: float = 0.08
    p_delay: float = 0.08
    counts: dict[str, int] = field(default_factory=dict)
    enabled: bool = True

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _count(self, what: str) -> None:
        with self._lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def _fault(self) -> str:
        if not self.enabled:
            return "pass"
        with self._lock:
            r = self._rng.random()
        for name, p in (
            ("drop_after", self.p_drop_after),
            ("drop_before", self.p_drop_before),
            ("503", self.p_503),
            ("delay", self.p_delay),
        ):
            if r < p:
                return name
            r -= p
        return "pass"

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            self._count("upstream_down")
            client.close()
            return
        state = {"in_flight": False, "drop_after": False}

        def close_both() -> None:
            for s in (client, upstream):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

        def to_server() -> None:
            try:
                while data := client.recv(65536):
                    if not state["in_flight"]:  # the first bytes of a new request
                        fault = self._fault()
                        self._count(fault)
                        if fault == "drop_before":
                            close_both()
                            return
                        if fault == "503":
                            client.sendall(_503)
                            close_both()
                            return
                        if fault == "delay":
                            time.sleep(self._rng.uniform(0.05, 0.3))
                        state["drop_after"] = fault == "drop_after"
                        state["in_flight"] = True
                    upstream.sendall(data)
            except OSError:
                pass
            close_both()

        def to_client() -> None:
            try:
                while data := upstream.recv(65536):
                    if state["drop_after"]:  # the server has answered: it committed
                        close_both()
                        return
                    client.sendall(data)
                    state["in_flight"] = False
            except OSError:
                pass
            close_both()

        threading.Thread(target=to_client, daemon=True).start()
        to_server()

    def close(self) -> None:
        self._closing = True
        self._listener.close()


# ---------------------------------------------------------------- workload and checks


def any_item(store: LocalStore) -> Item:
    with store.database.read() as conn:
        code = conn.exec_driver_sql("SELECT code FROM catalog_items ORDER BY code LIMIT 1").scalar()
    item = store.catalog.item(str(code))
    assert item is not None
    return item


def do_operations(store: LocalStore, n: int, rng: random.Random) -> None:
    """``n`` clerk actions: mostly new cases, some status changes and prints."""
    item = any_item(store)
    open_cases: list[Case] = []
    for _ in range(n):
        r = rng.random()
        at = datetime.now(UTC)
        if r < 0.15 and open_cases:
            case = open_cases.pop(rng.randrange(len(open_cases)))
            ev = CaseEvent(at, "clerk01", "1", "decided", CaseStatus.ACCEPTED, "受理")
            accepted = replace(
                case, status=CaseStatus.ACCEPTED, decision=Decision(DecisionKind.ACCEPT)
            )
            store.cases.update(accepted, ev)
        elif r < 0.3 and open_cases:
            case = rng.choice(open_cases)
            store.prints.record(case.number, "acceptance_notice", "clerk01", at)
        else:
            case = Case(
                "", "HS01", 1, item, PERSON, status=CaseStatus.RECEIVED, received_at=at, clerk="c"
            )
            open_cases.append(store.cases.save_new(case))


def local_operation_counts(store: LocalStore) -> tuple[dict[str, int], set[str], int]:
    """Per case: how many case operations it queued; the ids of every done operation; and
    how many are not done."""
    with store.database.read() as conn:
        per_case: dict[str, int] = dict(
            conn.exec_driver_sql(
                "SELECT ref, count(*) FROM outbox WHERE kind LIKE 'case.%' GROUP BY ref"
            ).all()
        )
        done = {r[0] for r in conn.exec_driver_sql("SELECT op_id FROM outbox WHERE state='done'")}
        other = conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE state!='done'").scalar()
    return per_case, done, int(other or 0)


def assert_databases_agree(store: LocalStore, db_url: str) -> int:
    """0 lost, 0 duplicated: the server holds every local case as it is locally, each at the
    version that counts its operations (a duplicate would bump it once more), and exactly the
    operation ids the window pushed."""
    per_case, done, not_done = local_operation_counts(store)
    assert not_done == 0
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            records = {r.number: r for r in session.scalars(select(CaseRecord))}
            applied = set(session.scalars(select(AppliedOperation.op_id)))
            assert session.scalar(select(func.count()).select_from(AppliedOperation)) == len(
                applied
            )
            versions = {n: r.version for n, r in records.items()}
            datas = {n: dict(r.data) for n, r in records.items()}
    finally:
        engine.dispose()
    assert versions == per_case  # one version step per operation: none lost, none twice
    assert applied == done
    for number, data in datas.items():
        local = store.cases.get(number)
        assert local is not None and local.to_dict() == data
    return len(done)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[EmbeddedServer]]]:
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    seed_database(db_url)
    servers = [start_embedded(db_url, auto_approve_devices=True)]
    yield db_url, servers
    for srv in servers:
        srv.stop()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def run_fault_scenario(db_url: str, servers: list[EmbeddedServer], tmp: Path, n: int) -> None:
    proxy = FaultProxy(_port(servers[0].base_url))
    store = LocalStore(tmp / "window.db")
    client = CentralClient(proxy.base_url, timeout=3.0)
    proxy.enabled = False  # log in and load the catalog cleanly; the faults are for the sync
    client.login("clerk01", PASSWORD, 1)
    engine = SyncEngine(
        store, client, window_no=1, batch_size=20, interval=0.05, base_delay=0.01, max_delay=0.1
    )
    engine.full_redownload()
    proxy.enabled = True
    engine.start()
    try:
        rng = random.Random(7)
        do_operations(store, n // 2, rng)
        engine.wake()
        # restart the server while the window keeps working and pushing
        servers[0].stop()
        time.sleep(0.2)
        servers.append(start_embedded(db_url, auto_approve_devices=True))
        proxy.upstream_port = _port(servers[-1].base_url)
        do_operations(store, n - n // 2, rng)
        deadline = time.monotonic() + 600
        while store.outbox.sync_counts() != (0, 0) and time.monotonic() < deadline:
            engine.wake()
            time.sleep(0.1)
    finally:
        engine.stop()
        proxy.close()
    assert store.outbox.sync_counts() == (0, 0), engine.status()
    assert assert_databases_agree(store, db_url) == n
    for fault in ("drop_after", "drop_before", "503", "delay", "upstream_down"):
        assert proxy.counts.get(fault, 0) > 0, proxy.counts  # every fault really happened
    store.close()


@pytest.fixture
def pg_server(postgres_url: str) -> Iterator[tuple[str, list[EmbeddedServer]]]:
    """The same on PostgreSQL: a schema of its own, dropped afterwards."""
    schema = f"sync_faults_{uuid.uuid4().hex[:12]}"
    plain = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    db_url = url.render_as_string(hide_password=False)
    servers: list[EmbeddedServer] = []
    try:
        seed_database(db_url)
        servers.append(start_embedded(db_url, auto_approve_devices=True))
        yield db_url, servers
    finally:
        for srv in servers:
            srv.stop()
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.mark.postgres
def test_faults_on_postgres_lose_and_duplicate_nothing(
    pg_server: tuple[str, list[EmbeddedServer]], tmp_path: Path
) -> None:
    db_url, servers = pg_server
    run_fault_scenario(db_url, servers, tmp_path, 1000)


def test_faults_between_window_and_server_lose_and_duplicate_nothing(
    server: tuple[str, list[EmbeddedServer]], tmp_path: Path
) -> None:
    db_url, servers = server
    run_fault_scenario(db_url, servers, tmp_path, 2000)


# The 10,000-operation run of the same scenario takes 2-3 minutes on a shared 2-core
# machine: it runs in `make bench` (tests/bench/bench_sync.py), not in the suite.


# ---------------------------------------------------------------- kill -9 mid-push


def child_main(db_path: str, base_url: str, n: int) -> None:
    """Queue ``n`` operations (first run only), then push until the outbox is empty."""
    store = LocalStore(db_path)
    client = CentralClient(base_url, timeout=5.0)
    client.login("clerk01", PASSWORD, 1)
    engine = SyncEngine(store, client, window_no=1, batch_size=25)
    if store.catalog.version() is None:
        engine.full_redownload()
        do_operations(store, n, random.Random(3))
        print("queued", flush=True)
    while store.outbox.sync_counts()[0]:
        engine.push_once()
    print("done", flush=True)


def _applied_count(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            return int(session.scalar(select(func.count()).select_from(AppliedOperation)) or 0)
    finally:
        engine.dispose()


def test_kill_9_mid_push_then_restart_delivers_everything_once(
    server: tuple[str, list[EmbeddedServer]], tmp_path: Path
) -> None:
    db_url, servers = server
    n = 600
    db_path = str(tmp_path / "window.db")
    args = [sys.executable, "-m", "tests.e2e.test_sync_faults", "child", db_path]
    args += [servers[0].base_url, str(n)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kills = 0
    for _round in range(3):  # kill it mid-push, again and again
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        before = _applied_count(db_url)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            if _applied_count(db_url) >= before + 60:
                child.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.01)
        child.wait(30)
        child.stdout.close()
    assert kills >= 2
    final = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert "done" in final.stdout
    store = LocalStore(db_path)
    try:
        assert assert_databases_agree(store, db_url) == n
    finally:
        store.close()


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "child":
    child_main(sys.argv[2], sys.argv[3], int(sys.argv[4]))
