"""The daily purge the server runs by itself (``CLERK_CENTRAL_PURGE_AT``): the next run in hall
time, the loop on an injected clock (no real sleeping), one run per day however many server
processes claim it (SQLite and PostgreSQL), and ``serve`` starting it."""

from __future__ import annotations

import argparse
import logging
import os
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from clerk_app.central import cli
from clerk_app.central.blob_store import blob_store_from
from clerk_app.central.config import CentralSettings, hall_clock_time
from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.purge_schedule import (
    RECHECK_S,
    PurgeScheduler,
    claim_day,
    next_run,
    run_once,
    scheduled_purge,
)
from clerk_app.central.schedule_models import ScheduledRun
from clerk_app.central.services.library import hall_today

AT = time(3, 30)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (utc(2026, 12, 7, 10, 0), utc(2026, 12, 7, 19, 30)),  # 18:00 in the hall: tonight
        (utc(2026, 12, 7, 19, 0), utc(2026, 12, 7, 19, 30)),  # 03:00 of the hall's 12-08
        (utc(2026, 12, 7, 19, 30), utc(2026, 12, 8, 19, 30)),  # exactly then: tomorrow's
        (utc(2026, 12, 7, 20, 0), utc(2026, 12, 8, 19, 30)),  # 04:00: the next night
        (utc(2026, 12, 7, 16, 30), utc(2026, 12, 7, 19, 30)),  # hall midnight 00:30
        (utc(2026, 12, 31, 19, 45), utc(2027, 1, 1, 19, 30)),  # over the year's end
    ],
)
def test_the_next_run_is_the_next_time_the_hall_clock_reads_it(
    now: datetime, due: datetime
) -> None:
    assert next_run(now, AT) == due
    assert next_run(now.astimezone(), AT) == due  # whatever zone the server's clock is in


def test_the_hall_day_of_a_run() -> None:
    assert hall_today(utc(2026, 12, 7, 19, 30)) == date(2026, 12, 8)


def test_the_setting_is_a_hall_time_or_off() -> None:
    assert CentralSettings().purge_at == "03:30"
    assert hall_clock_time("3:05") == time(3, 5) and hall_clock_time(" OFF ") is None
    assert CentralSettings(purge_at="7:00").purge_at == "07:00"
    assert CentralSettings(purge_at="Off").purge_at == "off"
    for wrong in ("24:00", "03:60", "3.30", "", "daily"):
        with pytest.raises(ValidationError, match="03:30"):
            CentralSettings(purge_at=wrong)


class FakeClock:
    """A wall clock that moves only when the scheduler waits."""

    def __init__(self, now: datetime) -> None:
        self.now, self.waits = now, []  # type: list[float]

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += timedelta(seconds=seconds)
        return False


def test_the_loop_runs_once_a_day_at_the_hour_without_sleeping() -> None:
    clock = FakeClock(utc(2026, 12, 7, 10, 0, 7))  # 18:00:07 in the hall
    runs: list[tuple[date, datetime]] = []
    scheduler: PurgeScheduler

    def run(day: date) -> None:
        runs.append((day, clock()))
        clock.now += timedelta(minutes=3)  # a purge takes a while
        if len(runs) == 3:
            scheduler.stop()

    scheduler = PurgeScheduler(AT, run, clock=clock, wait=clock.wait)
    scheduler.loop()
    assert runs == [
        (date(2026, 12, 8), utc(2026, 12, 7, 19, 30)),
        (date(2026, 12, 9), utc(2026, 12, 8, 19, 30)),
        (date(2026, 12, 10), utc(2026, 12, 9, 19, 30)),
    ]
    assert max(clock.waits) <= RECHECK_S  # the clock is read again at least hourly


def test_a_failed_run_is_tried_again_the_next_day_and_a_clock_set_back_waits() -> None:
    clock = FakeClock(utc(2026, 12, 7, 19, 29))
    runs: list[date] = []
    scheduler: PurgeScheduler

    def run(day: date) -> None:
        runs.append(day)
        if len(runs) == 1:
            clock.now -= timedelta(hours=2)  # the clock set back: no second run that night
            raise RuntimeError("the store did not answer")
        scheduler.stop()

    scheduler = PurgeScheduler(AT, run, clock=clock, wait=clock.wait)
    scheduler.loop()
    assert runs == [date(2026, 12, 8), date(2026, 12, 9)]


def test_stop_ends_the_thread_while_it_waits() -> None:
    scheduler = PurgeScheduler(AT, lambda _day: None).start()
    scheduler.stop(timeout=30)
    assert not any(t.name == "clerk-purge" and t.is_alive() for t in threading.enumerate())


def test_a_day_is_claimed_once(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    now = utc(2026, 12, 7, 19, 30)
    try:
        assert claim_day(factory, date(2026, 12, 8), now, "a:1")
        assert not claim_day(factory, date(2026, 12, 8), now, "b:2")
        assert not claim_day(factory, date(2026, 12, 7), now, "b:2")  # a clock set back
        assert claim_day(factory, date(2026, 12, 9), now + timedelta(days=1), "b:2")
        with factory() as session:
            row = session.get(ScheduledRun, "blobs.purge")
            assert row is not None and (row.last_day, row.claimed_by) == (date(2026, 12, 9), "b:2")
    finally:
        engine.dispose()


def test_processes_claiming_the_same_day_at_once_run_it_once(db_url: str) -> None:
    """Eight server processes wake at 03:30 together: exactly one purges (on PostgreSQL the
    second claim waits on the row the first updates, then finds the day taken)."""
    upgrade(db_url)
    engines = [make_engine(db_url) for _ in range(8)]
    start = threading.Barrier(len(engines))
    won: list[bool] = [False] * len(engines)

    def claim(n: int) -> None:
        factory = make_session_factory(engines[n])
        start.wait()
        won[n] = claim_day(factory, date(2026, 12, 8), utc(2026, 12, 7, 19, 30), f"p:{n}")

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert won.count(True) == 1


def test_a_run_purges_records_and_logs_and_a_second_process_skips_it(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    upgrade(db_url)
    settings = CentralSettings(db=db_url, data_dir=str(tmp_path))
    stale = settings.upload_dir() / "gone.part"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half")
    week_ago = (datetime.now(UTC) - timedelta(days=8)).timestamp()
    os.utime(stale, (week_ago, week_ago))  # untouched for longer than the 7 days
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    store = blob_store_from(settings)
    day = hall_today(datetime.now(UTC))
    clock = lambda: datetime.now(UTC)  # noqa: E731
    try:
        with caplog.at_level(logging.INFO, logger="clerk_app.central.purge_schedule"):
            report = run_once(factory, store, settings.upload_dir(), day, clock, "a:1")
            again = run_once(factory, store, settings.upload_dir(), day, clock, "b:2")
        assert report is not None and report.partials == 1 and not stale.exists()
        assert again is None
        said = caplog.text
        assert "已删除1个过期的半截上传" in said and "已由其他服务进程执行" in said
        with factory() as session:
            row = session.get(ScheduledRun, "blobs.purge")
            assert row is not None and row.finished_at is not None
            assert "已删除1个过期的半截上传" in row.outcome and row.claimed_by == "a:1"
    finally:
        engine.dispose()


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """``serve`` configures the process's logging (the ``clerk_app`` logger stops propagating to
    the root): run in the test process, it is put back after, or later tests that read the
    root's handlers (the redaction test) see nothing."""
    root = logging.getLogger()
    kept = {
        name: (log.handlers[:], log.propagate, log.level, log.disabled)
        for name, log in logging.Logger.manager.loggerDict.items()
        if isinstance(log, logging.Logger)
    }
    root_kept = (root.handlers[:], root.level)
    yield
    root.handlers[:], root.level = root_kept[0], root_kept[1]
    for name, log in logging.Logger.manager.loggerDict.items():
        if not isinstance(log, logging.Logger):
            continue
        if name in kept:
            log.handlers[:], log.propagate, log.level, log.disabled = kept[name]
        else:
            log.handlers[:], log.propagate, log.level, log.disabled = [], True, 0, False


@pytest.mark.usefixtures("logging_restored")
def test_serve_runs_the_scheduler_beside_the_server_and_off_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    url = f"sqlite:///{tmp_path / 'served.db'}"
    monkeypatch.setenv("CLERK_CENTRAL_DATA_DIR", str(tmp_path / "var"))
    alive: list[bool] = []

    def fake_run(*_args: object, **_kwargs: object) -> None:
        alive.append(any(t.name == "clerk-purge" and t.is_alive() for t in threading.enumerate()))

    monkeypatch.setattr(uvicorn, "run", fake_run)
    args = argparse.Namespace(
        workers=1,
        public_url=None,
        host="127.0.0.1",
        port=0,
        ssl_certfile=None,
        ssl_keyfile=None,
        forwarded_allow_ips="127.0.0.1",
    )
    assert cli._serve(url, args) == cli.EXIT_OK
    monkeypatch.setenv("CLERK_CENTRAL_PURGE_AT", "off")
    assert cli._serve(url, args) == cli.EXIT_OK
    assert alive == [True, False]
    assert not any(t.name == "clerk-purge" and t.is_alive() for t in threading.enumerate())
    assert scheduled_purge(url, CentralSettings(purge_at="off")) is None
    monkeypatch.setenv("CLERK_CENTRAL_PURGE_AT", "25:00")
    assert cli._serve(url, args) == cli.EXIT_BAD_INPUT
