"""The daily retention purge run by the server itself (``CLERK_CENTRAL_PURGE_AT``).

``clerk-central serve`` (and the demo's embedded server) starts a :class:`PurgeScheduler`: a
daemon thread that sleeps until the configured hall-time hour (default 03:30, ``off``: none),
then runs what ``clerk-central blobs purge`` runs (services/retention.py: audited, the same
summary) with an engine of its own, so requests never wait for it. The sleep is re-checked
every hour (a wall clock set forward or back, a suspended machine).

Several server processes (``--workers``, more machines on one PostgreSQL) each run the
scheduler; each day is claimed once in ``scheduled_runs`` (one conditional UPDATE: on
PostgreSQL the row lock makes the second claim wait for the first and then find the day
taken), so exactly one of them purges. A run that fails is logged and not retried that day.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from clerk_app.central.blob_store import BlobStore
from clerk_app.central.config import CentralSettings, hall_clock_time
from clerk_app.central.db import insert_once, make_engine, make_session_factory
from clerk_app.central.page_cache import caching_store_from
from clerk_app.central.schedule_models import ScheduledRun
from clerk_app.central.services.auth import as_utc
from clerk_app.central.services.library import hall_today
from clerk_app.central.services.retention import PurgeReport, purge, summary
from clerk_app.domain.hall_time import HALL_TZ

JOB = "blobs.purge"
RECHECK_S = 3600.0  # the longest single sleep: the clock is read again at least this often

log = logging.getLogger(__name__)


def next_run(now: datetime, at: time) -> datetime:
    """The first moment after ``now`` when the hall's clock reads ``at`` (in UTC)."""
    local = as_utc(now).astimezone(HALL_TZ)
    due = datetime.combine(local.date(), at, tzinfo=HALL_TZ)
    if due <= local:
        due += timedelta(days=1)
    return due.astimezone(UTC)


def who_runs() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim_day(session_factory: Callable[[], Session], day: date, now: datetime, who: str) -> bool:
    """Take the job's run for ``day`` (hall time); False when another process took it."""
    with session_factory() as session:
        if session.get(ScheduledRun, JOB) is None:  # another process may add it first
            insert_once(session, ScheduledRun, job=JOB, last_day=None, claimed_by="", outcome="")
        taken = session.execute(
            update(ScheduledRun)
            .where(ScheduledRun.job == JOB)
            .where(or_(ScheduledRun.last_day.is_(None), ScheduledRun.last_day < day))
            .values(last_day=day, claimed_at=as_utc(now), claimed_by=who, finished_at=None)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        claimed: int = getattr(taken, "rowcount", 0)  # an UPDATE's CursorResult
        return claimed == 1


def _finish(session_factory: Callable[[], Session], now: datetime, outcome: str) -> None:
    with session_factory() as session:
        row = session.get(ScheduledRun, JOB)
        if row is not None:
            row.finished_at, row.outcome = as_utc(now), outcome[:400]
            session.commit()


def run_once(
    session_factory: Callable[[], Session],
    store: BlobStore,
    upload_dir: Path,
    day: date,
    clock: Callable[[], datetime],
    who: str = "",
) -> PurgeReport | None:
    """The purge for ``day`` if this process claims it (None: another one did); logged."""
    if not claim_day(session_factory, day, clock(), who or who_runs()):
        log.info("定时清理：%s的清理已由其他服务进程执行", day.isoformat())
        return None
    try:
        report = purge(session_factory, store, upload_dir, clock())
    except Exception as exc:
        log.exception("定时清理失败（%s）：明天同一时间再试，或手动运行 blobs purge", day)
        _finish(session_factory, clock(), f"失败：{type(exc).__name__}")
        raise
    outcome = f"{store.describe()}：{summary(report)}"
    _finish(session_factory, clock(), outcome)
    log.info("定时清理（%s）：%s", day.isoformat(), outcome)
    return report


class PurgeScheduler:
    """Calls ``run(day)`` at ``at`` hall time each day, in a daemon thread, until stopped.

    ``clock`` and ``wait`` are injected by tests: ``wait(seconds)`` returns True once the
    scheduler is stopped (by default, an event's wait)."""

    def __init__(
        self,
        at: time,
        run: Callable[[date], object],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        wait: Callable[[float], bool] | None = None,
        on_stop: Callable[[], None] = lambda: None,
    ) -> None:
        self.at, self._run, self._clock = at, run, clock
        self._stopped = threading.Event()
        self._wait = wait or self._stopped.wait
        self._on_stop = on_stop
        self._thread: threading.Thread | None = None

    def loop(self) -> None:
        due = next_run(self._clock(), self.at)
        log.info("定时清理：每天大厅时间%s，下次%s", self.at.strftime("%H:%M"), due.isoformat())
        while not self._stopped.is_set():
            now = self._clock()
            if now < due:
                if self._wait(min((due - now).total_seconds(), RECHECK_S)):
                    return
                continue
            try:
                self._run(hall_today(due))
            except Exception:  # logged by the run; the thread lives on for tomorrow
                log.debug("scheduled run failed", exc_info=True)
            due = next_run(max(now, due), self.at)

    def start(self) -> PurgeScheduler:
        self._thread = threading.Thread(target=self.loop, name="clerk-purge", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._on_stop()


def scheduled_purge(db_url: str, settings: CentralSettings) -> PurgeScheduler | None:
    """The server's daily purge as ``settings.purge_at`` says (not started), or None (off)."""
    at = hall_clock_time(settings.purge_at)
    if at is None:
        log.info("定时清理已关闭（CLERK_CENTRAL_PURGE_AT=off）")
        return None
    engine = make_engine(db_url)
    session_factory = make_session_factory(engine)
    store = caching_store_from(settings)  # a deleted blob's rendered pages go too
    upload_dir = settings.upload_dir()

    def run(day: date) -> PurgeReport | None:
        return run_once(session_factory, store, upload_dir, day, lambda: datetime.now(UTC))

    return PurgeScheduler(at, run, on_stop=engine.dispose)
