"""The one SQLite file of a counter PC: its engine, connection settings and transactions.

Every clerk action is ONE SQLite transaction holding the change, its audit events and an
outbox row (DESIGN.md §3 "Sync"), so killing the process at any moment leaves neither a
half-made case nor a lost one. Write transactions start with ``BEGIN IMMEDIATE``: the write
lock is taken up front, so two writers never both read the same case-number sequence, and
nobody fails half-way with "database is locked" after having read stale data.

The file runs in WAL mode (readers do not block the writer) with ``synchronous=FULL`` (a
committed case survives a power cut, not just a crash) and foreign keys on. The schema is
migrated with Alembic on every open.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from clerk_app.migration_lock import ALEMBIC_LOCK


def dumps(data: Any) -> str:
    """Compact JSON that keeps Chinese text readable in the file."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Database:
    """The engine every repository of one ``LocalStore`` shares. Thread-safe."""

    def __init__(self, path: Path | str) -> None:
        self._memory = str(path) == ":memory:"
        if self._memory:
            # one shared connection, or every pool checkout would see a new empty database
            self.engine: Engine = create_engine(
                "sqlite://",
                connect_args={"check_same_thread": False},
                poolclass=StaticPool,
            )
        else:
            file = Path(path).resolve()
            file.parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(
                f"sqlite:///{file}",
                connect_args={"check_same_thread": False, "timeout": 30},
            )
        event.listen(self.engine, "connect", self._on_connect)
        event.listen(self.engine, "begin", self._on_begin)
        # the in-memory database is one connection: transactions of two threads must not mix
        self._memory_lock = threading.RLock()
        self._migrate()

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not self._memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # a catalog replacement writes ~100 MB through the WAL; give the disk space back
            cursor.execute("PRAGMA journal_size_limit=67108864")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @staticmethod
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, holding SQLite's write lock from its first statement."""
        with (
            self._memory_lock if self._memory else nullcontext(),
            self.engine.connect() as conn,
        ):
            conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with (
            self._memory_lock if self._memory else nullcontext(),
            self.engine.connect() as conn,
            conn.begin(),
        ):
            yield conn

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", "clerk_app.store:migrations")
        # Alembic keeps its running environment in module globals: one migration at a time
        # per process, shared with the central server (the same process in --demo).
        with ALEMBIC_LOCK, self._memory_lock, self.engine.connect() as conn:
            conn.execution_options(immediate=True)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if conn.in_transaction():
                conn.commit()

    def close(self) -> None:
        self.engine.dispose()
