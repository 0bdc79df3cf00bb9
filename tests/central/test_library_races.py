"""A case line reusing a library entry while retention retires it (PostgreSQL, two
connections): whichever takes the entry's row lock first wins, and the other sees its result.

The wait is made deterministic by holding one side's lock in a connection of the test and
going on only once PostgreSQL says the other side is blocked by it (``pg_blocking_pids``)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update

from clerk_app.central.attachment_models import Blob
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.services import library
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.retention import PurgeReport, purge
from tests.attachment_helpers import jpeg_bytes
from tests.central.test_library import (  # noqa: F401 (lib: a fixture)
    FOOD,
    LICENCE,
    MONDAY,
    Lib,
    _case,
    _reusing,
    lib,
)
from tests.central.test_retention import close_case, keep_for

CLERK = AuthUser(1, "clerk01", "张敏", "clerk", 1, "HS01", "黄石市民之家", 1, None)


def _postgres_only(lib: Lib) -> None:  # noqa: F811
    if not lib.central.url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: no row locks to race on")


def _blocked_by(url: str, holder_pid: int, work: Future[Any]) -> None:
    """Return once ``work`` waits on a lock ``holder_pid`` holds, or is done (it did not
    wait: the lock it should take is missing, and the test's asserts say so)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for _ in range(3000):  # a bound, not a timing: it is blocked within a moment
                if work.done():
                    return
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE :p = ANY(pg_blocking_pids(pid))"
                    ),
                    {"p": holder_pid},
                ).scalar()
                if waiting:
                    return
                conn.rollback()
                time.sleep(0.01)
        raise AssertionError("the second connection neither finished nor waited on the lock")
    finally:
        engine.dispose()


def _in_thread(call: Callable[[], Any]) -> tuple[ThreadPoolExecutor, Future[Any]]:
    pool = ThreadPoolExecutor(1)
    return pool, pool.submit(call)


def test_a_reuse_waits_for_a_retirement_in_progress_and_is_refused_with_the_reason(
    lib: Lib,  # noqa: F811
) -> None:
    _postgres_only(lib)
    entry = lib.add_entry()
    food = _reusing(_case(lib, FOOD, 1), 1, entry)
    engine = make_engine(lib.central.url)
    try:
        with make_session_factory(engine)() as retention:
            # retention has locked the entry and decided to retire it, not committed yet
            retention.get(LibraryEntry, entry, with_for_update=True)
            holder = int(retention.scalar(text("SELECT pg_backend_pid()")) or 0)
            pool, sent = _in_thread(lambda: lib.send(food))
            with pool:
                _blocked_by(lib.central.url, holder, sent)
                retention.execute(
                    update(LibraryEntry)
                    .where(LibraryEntry.entry_id == entry)
                    .values(retired_at=MONDAY - timedelta(days=1))
                )
                retention.commit()
                answer = sent.result()
    finally:
        engine.dispose()
    assert answer.status_code == 409, answer.text
    assert "超过大厅规定的保存期限" in answer.json()["detail"]
    assert lib.count(LibraryUse) == 0


def _entry_of_closed_case(lib: Lib) -> tuple[str, str]:  # noqa: F811
    """An entry captured for a case handed out on MONDAY, kept 30 days: (its id, sha256)."""
    source = _case(lib, FOOD, 1)
    assert lib.send(source).status_code == 200
    data = jpeg_bytes(seed=41)
    lib.upload(source.number, 1, data)
    close_case(lib.central.url, source.number, MONDAY)
    keep_for(lib.central, 30)
    [entry] = lib.entries()
    assert entry.material_code == LICENCE and entry.sha256 == hashlib.sha256(data).hexdigest()
    return entry.entry_id, entry.sha256


def _purge_at(lib: Lib, when: Any) -> PurgeReport:  # noqa: F811
    state = lib.central.app.state
    return purge(state.session_factory, state.blob_store, state.settings.upload_dir(), when)


def test_a_retirement_waits_for_a_reuse_in_progress_and_keeps_the_entry_and_its_file(
    lib: Lib,  # noqa: F811
) -> None:
    _postgres_only(lib)
    entry, sha256 = _entry_of_closed_case(lib)
    later = MONDAY + timedelta(days=60)  # the source case closed twice the period ago
    reusing = _reusing(_case(lib, FOOD, 2), 1, entry)
    engine = make_engine(lib.central.url)
    try:
        with make_session_factory(engine)() as writing:
            holder = int(writing.scalar(text("SELECT pg_backend_pid()")) or 0)
            # a case write has checked the reuse (and locked the entry), its use not yet
            # inserted (that insert's foreign key would lock the entry too, but only later)
            library.check_reuses(writing, CLERK, reusing, None, later)
            pool, purged = _in_thread(lambda: _purge_at(lib, later))
            with pool:
                _blocked_by(lib.central.url, holder, purged)
                writing.commit()
                report = purged.result()
    finally:
        engine.dispose()
    assert report.retired == 0 and report.blobs == 0
    [kept] = lib.entries()
    assert kept.retired_at is None
    assert lib.count(LibraryUse, entry_id=entry, case_number=reusing.number) == 1
    assert lib.count(Blob, sha256=sha256) == 1
    assert b"".join(lib.central.app.state.blob_store.read(sha256))


def test_without_the_reuse_the_same_purge_retires_the_entry_and_deletes_its_file(
    lib: Lib,  # noqa: F811
) -> None:
    """The control of the test above: its purge would retire (so the wait decided it)."""
    entry, sha256 = _entry_of_closed_case(lib)
    report = _purge_at(lib, MONDAY + timedelta(days=60))
    assert report.retired == 1 and report.blobs == 1
    engine = make_engine(lib.central.url)
    with make_session_factory(engine)() as session:
        retired = session.scalar(
            select(LibraryEntry.retired_at).where(LibraryEntry.entry_id == entry)
        )
        assert retired is not None and session.get(Blob, sha256) is None
    engine.dispose()
