"""Engines, sessions and migrations of the central database.

SQLite (the embedded default) runs in WAL mode with foreign keys on; PostgreSQL is reached
through psycopg 3 (``postgresql+psycopg://``). Migrations live in this package and are run
with an Alembic ``Config`` built in code, so no alembic.ini has to be shipped.
"""

from __future__ import annotations

import json
import select
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from clerk_app.migration_lock import ALEMBIC_LOCK

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# A pooled PostgreSQL connection is replaced after this long, whether or not it looks alive
# (a firewall or NAT between the server and the database may drop idle connections silently).
POOL_RECYCLE_S = 1800
# The PostgreSQL advisory lock every migration run holds (one bigint for the whole database:
# any number of `clerk-central migrate` / `serve` processes may start together on it).
MIGRATION_LOCK_KEY = 0x636C65726B_6D6967  # "clerk" "mig"


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and route them to psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _json_dumps(value: Any) -> str:
    # Compact and readable: Chinese stays Chinese (a third of the size of \u escapes).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; for an SQLite file, its folder is created and WAL switched on."""
    url = normalize_url(url)
    kwargs.setdefault("json_serializer", _json_dumps)
    # Errors and warnings quote statements without their values: ID numbers, names, tokens.
    kwargs.setdefault("hide_parameters", True)
    sqlite_path = _sqlite_file(url)
    if make_url(url).get_backend_name() == "sqlite":
        if sqlite_path is not None:
            sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        # The server's worker threads share pooled connections.
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            if sqlite_path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    kwargs.setdefault("pool_recycle", POOL_RECYCLE_S)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine, "checkout", _refuse_dead_connection)
    return engine


def _socket_has_news(dbapi_connection: Any) -> bool:
    """An idle PostgreSQL connection's socket has something to read: the server ended it
    (a restart, ``pg_terminate_backend``, an idle timeout sends its FATAL, then EOF)."""
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))


def _refuse_dead_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """The liveness rule of a checkout, instead of a ``SELECT 1`` round trip each time (the
    pre-ping was a round trip and a third of a request's statements on the hot path): a
    connection the driver knows is closed or broken, or whose idle socket is readable, is
    replaced by the pool (which retries the checkout with a new one). A connection lost
    without a word is found by the first statement: the error invalidates the whole pool, the
    request answers 503 and the next one gets fresh connections; ``pool_recycle`` bounds how
    long a silently dropped one can linger."""
    if dbapi_connection.closed or dbapi_connection.broken or _socket_has_news(dbapi_connection):
        raise DisconnectionError("the database closed this pooled connection")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    # env.py takes this connection instead of opening its own.
    config.attributes["engine"] = engine
    return config


@contextmanager
def migration_lock(connection: Connection) -> Iterator[None]:
    """Hold the database's migration lock around a migration run on ``connection``.

    Without it, processes started together on a fresh database each find no
    ``alembic_version`` and create the same tables (``UniqueViolation``). PostgreSQL: a
    session-level advisory lock (released by the server if the process dies). An SQLite file:
    a lock file beside it. An in-memory SQLite database is private to its process.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()
        try:
            yield
        finally:
            connection.rollback()  # a failed migration leaves its transaction aborted
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()
        return
    sqlite_path = _sqlite_file(connection.engine.url.render_as_string(hide_password=False))
    if sqlite_path is None:
        yield
        return
    with FileLock(sqlite_path.with_name(sqlite_path.name + ".migrate-lock")):
        yield


def upgrade(url: str | Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` (default: the newest)."""
    engine = url if isinstance(url, Engine) else make_engine(url)
    try:
        with ALEMBIC_LOCK:  # Alembic's context is process-global (see migration_lock)
            command.upgrade(alembic_config(engine), revision)
    finally:
        if not isinstance(url, Engine):
            engine.dispose()


def insert_once(session: Session, model: type[Any], **values: Any) -> bool:
    """Insert the row unless one with the same key or unique columns exists (ON CONFLICT DO
    NOTHING, both dialects): True when this call inserted it. Used instead of a savepoint
    around an insert that may collide, because pysqlite's SAVEPOINT outside its own
    transaction commits the session's earlier work at the RELEASE (nothing was atomic then).
    RETURNING tells what happened: an ORM insert's rowcount is -1 on psycopg."""
    from sqlalchemy import inspect
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    key = inspect(model).primary_key
    stmt = insert(model).values(**values).on_conflict_do_nothing().returning(*key)
    return session.execute(stmt).first() is not None
