"""Several servers started together on a new database: their migrations take turns.

Without the migration lock, three concurrent ``clerk-central migrate`` on a fresh PostgreSQL
database failed in about 6 of 10 tries (``UniqueViolation`` on ``alembic_version``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clerk_app.central.db import make_engine

PROCESSES = 3
ROUNDS = 4


def _migrate_together(url: str, cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "clerk_app.central.cli", "migrate", "--db", url]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    started = [
        subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(PROCESSES)
    ]
    finished = []
    for process in started:
        out, err = process.communicate(timeout=180)
        finished.append(
            subprocess.CompletedProcess(command, process.returncode, out.decode(), err.decode())
        )
    return finished


def _stamped_revisions(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return list(rows.scalars())
    finally:
        engine.dispose()


@contextmanager
def _throwaway_database(postgres_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database of its own, dropped afterwards."""
    name = f"clerk_mig_{uuid.uuid4().hex[:10]}"
    plain = make_url(postgres_url).set(drivername="postgresql")
    admin = plain.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield plain.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _assert_all_migrated(url: str, runs: list[subprocess.CompletedProcess[str]]) -> None:
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    stamped = _stamped_revisions(url)
    assert len(stamped) == 1, stamped  # one row: nobody stamped twice


@pytest.mark.postgres
def test_concurrent_migrations_on_a_fresh_postgres_database(
    postgres_url: str, tmp_path: Path
) -> None:
    for _ in range(ROUNDS):
        with _throwaway_database(postgres_url) as url:
            _assert_all_migrated(url, _migrate_together(url, tmp_path))


def test_concurrent_migrations_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    _assert_all_migrated(url, _migrate_together(url, tmp_path))
