"""One writer or deleter of a blob's file at a time, per hash.

An upload writes the file and then commits the row naming it; a purge re-checks that nothing
names the blob and then deletes the file. Without a common lock, an upload of the same bytes
could find the file still there (and skip writing it), the purge delete it, and the upload
commit a row whose file is gone. Both hold this guard from their check to their commit (the
purge: to the file's deletion).

PostgreSQL: a transaction-level advisory lock keyed by the hash, across every server process,
released by the caller's commit or rollback (and seen by PostgreSQL's deadlock detection).
SQLite (one process, the embedded server): a lock per hash in this process, held until the
``with`` block ends, so the caller commits inside it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

_held: dict[str, tuple[threading.Lock, int]] = {}  # hash -> (lock, users)
_table = threading.Lock()


def advisory_key(sha256: str) -> int:
    """The hash's first 60 bits: a positive bigint, distinct for distinct files in practice."""
    return int(sha256[:15], 16)


@contextmanager
def blob_guard(session: Session, sha256: str) -> Iterator[None]:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(sha256)})
        yield
        return
    with _table:
        lock, users = _held.get(sha256, (threading.Lock(), 0))
        _held[sha256] = (lock, users + 1)
    try:
        with lock:
            yield
    finally:
        with _table:
            lock, users = _held[sha256]
            if users == 1:
                del _held[sha256]
            else:
                _held[sha256] = (lock, users - 1)
