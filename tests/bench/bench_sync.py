"""Sync engine figures, each beside a baseline of the bare inserts it has to do.

- push of 10,000 cases made offline: ``SyncEngine.push_once`` to the embedded central server
  (uvicorn, SQLite), every operation applied in its own server transaction with its id
  recorded and a change logged. Baseline: 10,000 bare single-row INSERT transactions of the
  same case JSON into an SQLite file like the server's (WAL, synchronous=NORMAL). Goal ≤ 60 s.
- pull of 1,000 case status changes (as a department makes them): ``pull_once``, applied to
  the local store with the cursor. Baseline: 1,000 bare UPDATEs of the local case rows in one
  transaction (WAL, synchronous=FULL). Goal ≤ 2 s.
- catalog delta of 100 changed items: server ``apply_catalog_delta`` + ``pull_once``.
  Baseline: 100 bare INSERT OR REPLACE of the item rows into the local catalog. Goal ≤ 1 s.

Run: ``.venv/bin/python -m tests.bench.bench_sync [n_cases]``
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import start_embedded
from clerk_app.central.models import CaseRecord
from clerk_app.central.services.sync import apply_catalog_delta, record_change
from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, IdKind, Person
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from tests.bench.common import BenchRow, print_table
from tests.central.conftest import PASSWORD, seed_database, small_catalog

PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


def _bare_inserts(path: Path, rows: list[str]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE cases (number TEXT PRIMARY KEY, data TEXT NOT NULL)")
    started = time.perf_counter()
    for n, data in enumerate(rows):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO cases VALUES (?, ?)", (str(n), data))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _bare_updates(path: Path, numbers: list[str], data: str) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "UPDATE cases SET status = 'in_review', data = ? WHERE number = ?",
        [(data, n) for n in numbers],
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _bare_item_upserts(path: Path, rows: list[tuple[str, str]]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS bare_items (code TEXT PRIMARY KEY, data TEXT)")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT OR REPLACE INTO bare_items VALUES (?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def run_sync_bench(n_cases: int = 10_000, *, faults: bool = True) -> list[BenchRow]:
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'central.db'}"
        catalog = seed_database(db_url, small_catalog(500))
        server = start_embedded(db_url, auto_approve_devices=True)
        try:
            store = LocalStore(tmp / "window.db")
            client = CentralClient(server.base_url, timeout=30.0)
            client.login("clerk01", PASSWORD, 1)
            engine = SyncEngine(store, client, window_no=1, batch_size=200)
            engine.full_redownload()
            item = catalog.items[0]
            at = datetime.now(UTC)
            for _ in range(n_cases):  # made offline: only the push is timed
                store.cases.save_new(
                    Case(
                        "",
                        "HS01",
                        1,
                        item,
                        PERSON,
                        decision=Decision(DecisionKind.ACCEPT),
                        status=CaseStatus.ACCEPTED,
                        received_at=at,
                    )
                )

            started = time.perf_counter()
            report = engine.push_once()
            push_s = time.perf_counter() - started
            assert report.applied == n_cases, report
            one = store.cases.get(store.cases.search(limit=1)[0].number)
            assert one is not None
            case_json = json.dumps(one.to_dict(), ensure_ascii=False)
            base_push = _bare_inserts(tmp / "bare.db", [case_json] * n_cases)
            rows.append(
                BenchRow(f"sync push {n_cases} offline cases", push_s, "s", base_push, "≤ 60 s")
            )
            engine.pull_once()  # our own echoes

            # 1,000 status changes made on the server (as the department will)
            numbers = [s.number for s in store.cases.search(limit=1000)]
            central = make_engine(db_url)
            try:
                with make_session_factory(central)() as session:
                    for number in numbers:
                        record = session.get(CaseRecord, number)
                        assert record is not None
                        data = {**record.data, "status": CaseStatus.IN_REVIEW.value}
                        record.version += 1
                        record.status = CaseStatus.IN_REVIEW.value
                        record.data = data
                        session.flush()
                        record_change(session, "case", number, data, version=record.version)
                    session.commit()
                started = time.perf_counter()
                pulled = engine.pull_once()
                pull_s = time.perf_counter() - started
                assert pulled == len(numbers), pulled
                base_pull = _bare_updates(tmp / "window.db", numbers, case_json)
                rows.append(
                    BenchRow(
                        f"sync pull {len(numbers)} status changes", pull_s, "s", base_pull, "≤ 2 s"
                    )
                )

                changed = [
                    replace(i, name=i.name + "（修订）", version=i.version + 1)
                    for i in catalog.items[:100]
                ]
                started = time.perf_counter()
                with make_session_factory(central)() as session:
                    apply_catalog_delta(session, items=changed)
                pulled = engine.pull_once()
                delta_s = time.perf_counter() - started
                assert pulled == len(changed), pulled
                bare = [(i.code, json.dumps(i.to_dict(), ensure_ascii=False)) for i in changed]
                base_delta = _bare_item_upserts(tmp / "window.db", bare)
                rows.append(
                    BenchRow(
                        f"sync catalog delta {len(changed)} items (server + pull)",
                        delta_s,
                        "s",
                        base_delta,
                        "≤ 1 s",
                    )
                )
            finally:
                central.dispose()
            store.close()
        finally:
            server.stop()
    if faults:
        rows.append(run_fault_bench(n_cases))
    return rows


def run_fault_bench(n_ops: int = 10_000) -> BenchRow:
    """The fault-injection scenario of tests/e2e/test_sync_faults.py at full size: 10,000
    clerk operations through a proxy that drops connections after the server committed,
    drops requests, answers 503 and delays, with a server restart midway; it asserts 0 lost
    and 0 duplicated by comparing both databases. Timed end to end (the operations are made
    while the engine pushes); no baseline."""
    from clerk_app.central.embedded import EmbeddedServer
    from tests.e2e.test_sync_faults import run_fault_scenario

    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'central.db'}"
        seed_database(db_url)
        servers: list[EmbeddedServer] = [start_embedded(db_url, auto_approve_devices=True)]
        started = time.perf_counter()
        try:
            run_fault_scenario(db_url, servers, tmp, n_ops)
        finally:
            for srv in servers:
                srv.stop()
        elapsed = time.perf_counter() - started
    return BenchRow(
        f"sync {n_ops} ops through faults + restart: 0 lost, 0 duplicated",
        elapsed,
        "s",
        None,
        "0 lost, 0 dup",
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print_table(run_sync_bench(count, faults="--no-faults" not in sys.argv), title="Sync")
