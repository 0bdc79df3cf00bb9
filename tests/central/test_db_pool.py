"""The connection pool's liveness rule on PostgreSQL: no ``SELECT 1`` before every checkout,
yet a connection the database ended is replaced before a request gets it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from clerk_app.central.db import make_engine

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url, pool_size=2, max_overflow=0)
    try:
        yield engine
    finally:
        engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_checkout_sends_no_ping(engine: Engine) -> None:
    statements: list[str] = []
    _backend_pid(engine)  # the pool holds a connection now
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with engine.connect() as conn:
        conn.execute(text("SELECT 42"))
    assert statements == ["SELECT 42"]


def test_a_connection_the_database_ended_is_replaced_at_checkout(
    engine: Engine, postgres_url: str
) -> None:
    first = _backend_pid(engine)
    plain = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (first,))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            gone = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (first,))
            if gone.fetchone() == (0,):
                break
            time.sleep(0.05)
    assert _backend_pid(engine) != first  # no error: the pool took a new connection
