"""Shared materials library lookup (一号匹配) with 150,000 entries, on SQLite and PostgreSQL.

The library is filled with Core bulk inserts: 150,000 entries of 30,000 applicants (five
materials each) in hall HS01. Then, per database:

- SQL: the lookup's query (``services/library.entries_of``: one applicant's entries of the
  hall, revoked left out) 400 times for random applicants; baseline: a bare SELECT of one
  entry by its primary key, as many times, in the same run. Goal p95 ≤ 3× the baseline.
- HTTP: ``POST /api/v1/library/lookup`` as a window clerk against the embedded server
  (uvicorn), 200 times (each one is audited: a hash-chained audit row is written); baseline:
  ``GET /api/v1/health`` as many times. Goal p95 ≤ 1.5× the baseline.

PostgreSQL (127.0.0.1:5432, a schema of its own) is skipped when it does not answer.

Run: ``.venv/bin/python -m tests.bench.bench_library [entries]``
"""

from __future__ import annotations

import contextlib
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import requests
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import start_embedded
from clerk_app.central.library_models import LibraryEntry
from clerk_app.central.services.library import entries_of
from clerk_app.sync.client import CentralClient
from tests.bench.common import BenchRow, percentile, print_table
from tests.central.conftest import PASSWORD, seed_database, small_catalog

ENTRIES = 150_000
PER_APPLICANT = 5
SQL_QUERIES = 400
HTTP_QUERIES = 200
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CODES = ["ZZ-YYZZ", "ID-JMSFZ", "QY-ZC", "QY-ZS", "HK-HKB"]


def _id_number(n: int) -> str:
    return f"4202{n:014d}"


def fill(url: str, entries: int) -> int:
    """``entries`` library entries in HS01 (Core bulk inserts); the number of applicants."""
    applicants = max(1, entries // PER_APPLICANT)
    filed = datetime(2026, 1, 1, tzinfo=UTC)
    table = LibraryEntry.metadata.tables["library_entries"]
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            batch: list[dict[str, object]] = []
            for n in range(entries):
                who = n % applicants
                batch.append(
                    {
                        "entry_id": str(uuid.UUID(int=n + 1)),
                        "hall_code": "HS01",
                        "id_kind": "resident_id",
                        "nationality": "",
                        "id_number": _id_number(who),
                        "material_code": CODES[(n // applicants) % len(CODES)],
                        "material_name": "营业执照",
                        "issuer": "黄石市市场监督管理局",
                        "document_number": f"DOC{n:08d}",
                        "valid_until": date(2027, 1, 1) + timedelta(days=n % 3000),
                        "origin": "captured",
                        "source_case": f"HS01-01-20260101-{n % 10000:04d}",
                        "sha256": f"{n:064x}",
                        "pages": 1 + n % 4,
                        "filed_at": filed + timedelta(seconds=n),
                        "filed_by": "clerk01",
                    }
                )
                if len(batch) == 5000:
                    conn.execute(insert(table), batch)
                    batch = []
            if batch:
                conn.execute(insert(table), batch)
    finally:
        engine.dispose()
    return applicants


def _timed(call: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def bench_sql(url: str, applicants: int, entries: int, label: str) -> list[BenchRow]:
    rng = random.Random(14)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:

            def lookup() -> None:
                key = ("resident_id", "", _id_number(rng.randrange(applicants)))
                found = entries_of(session, ["HS01"], key)
                assert len(found) == PER_APPLICANT, len(found)
                session.expunge_all()

            table = LibraryEntry.metadata.tables["library_entries"]

            def bare() -> None:
                entry_id = str(uuid.UUID(int=rng.randrange(entries) + 1))
                row = session.execute(select(table).where(table.c.entry_id == entry_id)).first()
                assert row is not None

            _timed(lookup, 20)  # warm the caches
            _timed(bare, 20)
            looked = _timed(lookup, SQL_QUERIES)
            based = _timed(bare, SQL_QUERIES)
    finally:
        engine.dispose()
    return [
        BenchRow(
            f"library lookup SQL p95 ({label}, {entries:,} entries)",
            percentile(looked, 95),
            "ms",
            percentile(based, 95),
            "p95 ≤ 3× a bare SELECT by primary key",
        )
    ]


def bench_http(url: str, applicants: int, entries: int, label: str) -> list[BenchRow]:
    rng = random.Random(41)
    # one clerk asks far more than a window would: the per-minute bound lifted for the bench
    settings = CentralSettings(db=url, applicant_lookups_per_minute=1_000_000)
    server = start_embedded(url, auto_approve_devices=True, settings=settings)
    try:
        client = CentralClient(server.base_url, timeout=30.0)
        client.login("clerk01", PASSWORD, 1)
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {client.token}"
        base = server.base_url

        def lookup() -> None:
            body = {
                "id_kind": "resident_id",
                "id_number": _id_number(rng.randrange(applicants)),
                "why": "A012",
            }
            answer = http.post(f"{base}/api/v1/library/lookup", json=body, timeout=30)
            assert answer.status_code == 200, answer.text
            assert len(answer.json()["entries"]) == PER_APPLICANT

        def health() -> None:
            assert http.get(f"{base}/api/v1/health", timeout=30).ok

        _timed(lookup, 10)
        _timed(health, 10)
        looked = _timed(lookup, HTTP_QUERIES)
        based = _timed(health, HTTP_QUERIES)
        client.close()
    finally:
        server.stop()
    print(
        f"  {label} HTTP p50: lookup {percentile(looked, 50):.1f} ms, "
        f"health {percentile(based, 50):.1f} ms",
        file=sys.stderr,
    )
    return [
        BenchRow(
            f"POST /library/lookup p95 ({label}, {entries:,} entries)",
            percentile(looked, 95),
            "ms",
            percentile(based, 95),
            "p95 ≤ 1.5× GET /health (the baseline)",
        )
    ]


@contextlib.contextmanager
def _postgres() -> Iterator[str | None]:
    plain = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)
    name = f"bench_library_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(plain, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
    except psycopg.OperationalError:
        yield None
        return
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _run_on(url: str, entries: int, label: str) -> list[BenchRow]:
    seed_database(url, small_catalog(40))
    applicants = fill(url, entries)
    return [
        *bench_sql(url, applicants, entries, label),
        *bench_http(url, applicants, entries, label),
    ]


def run_library_bench(entries: int = ENTRIES) -> list[BenchRow]:
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        rows += _run_on(f"sqlite:///{Path(tmp) / 'central.db'}", entries, "SQLite")
    with _postgres() as url:
        if url is None:
            print("PostgreSQL not available: library bench on SQLite only", file=sys.stderr)
        else:
            rows += _run_on(url, entries, "PostgreSQL")
    return rows


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else ENTRIES
    print_table(run_library_bench(count), title="Shared materials library")
