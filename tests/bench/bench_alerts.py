"""The supervisor's alerts (``GET /halls/{hall}/alerts``, issue 15 "Live") over a year of a big
hall's cases: 83 windows × 250 working days × 20 cases = 415,000 (``--per-window 60``: 1.25
million, a long load on SQLite), the last three weeks' still running, 2 % of those with an
open 容缺 gap. Timed in the same run: the whole alert
answer (waits, pauses, case and 容缺 deadlines with the department counts, 差评) beside a bare
``COUNT(*)`` of the running cases due by the same date.

    python -m tests.bench.run --only alerts
    python -m tests.bench.bench_alerts [--db URL] [--cases N]
"""

from __future__ import annotations

import argparse
import json
import statistics as pystats
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.models import CaseRecord, Hall
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.hall_alerts import hall_alerts
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.deadlines import RUNNING
from clerk_app.domain.supervision import yellow_horizon
from clerk_app.domain.workdays import WorkdayCalendar
from tests.bench.common import BenchRow, print_table

WINDOWS = 83
DAYS = 250
PER_WINDOW = 20
TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 10:00 in the hall
RUNNING_DAYS = 15  # cases received in the last three weeks are still in review
DEPARTMENTS = [f"DEPT{n:02d}" for n in range(25)]
GOAL_S = 0.5
RUNS = 5
BATCH = 20_000
HALL_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "hall.json"


def _days(calendar: WorkdayCalendar) -> list[date]:
    days: list[date] = []
    day = TODAY
    while len(days) < DAYS:
        if calendar.is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return list(reversed(days))


def _rows(per_window: int, calendar: WorkdayCalendar) -> Any:
    days = _days(calendar)
    running_from = days[-RUNNING_DAYS]
    n = 0
    for day in days:
        received = datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC)
        promised = calendar.add_working_days(day, 10)
        for window in range(1, WINDOWS + 1):
            for seq in range(1, per_window + 1):
                n += 1
                running = day >= running_from
                yield {
                    "number": f"HS01-{window:02d}-{day:%Y%m%d}-{seq:04d}",
                    "hall_code": "HS01",
                    "window_no": window,
                    "item_code": f"ITEM{n % 500:04d}",
                    "item_version": 1,
                    "item_name": "不动产登记（转移登记）",
                    "applicant_id_number": "",
                    "applicant_name": "",
                    "status": ("in_review" if n % 3 else "accepted") if running else "delivered",
                    "received_at": received,
                    "data": {},
                    "uploaded_at": received,
                    "uploaded_by": "bench",
                    "version": 1,
                    "promised_date": promised,
                    "gap_due": calendar.add_working_days(day, 5)
                    if running and n % 50 == 0
                    else None,
                    "department_code": DEPARTMENTS[n % len(DEPARTMENTS)],
                }


def _load(url: str, per_window: int, calendar: WorkdayCalendar) -> int:
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            load_hall_config(session, json.loads(HALL_FILE.read_text(encoding="utf-8")))
            session.commit()
        table = CaseRecord.__table__
        batch: list[dict[str, Any]] = []
        with engine.begin() as conn:
            for row in _rows(per_window, calendar):
                batch.append(row)
                if len(batch) == BATCH:
                    conn.execute(insert(table), batch)
                    batch = []
            if batch:
                conn.execute(insert(table), batch)
            if engine.dialect.name == "postgresql":
                conn.execute(text("ANALYZE cases"))
            else:
                conn.execute(text("ANALYZE"))
            return int(conn.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        engine.dispose()


def _median(fn: Any) -> float:
    fn()  # warm the caches, as a page open all day has them
    samples = []
    for _run in range(RUNS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return pystats.median(samples)


def run_alerts_bench(db: str | None = None, per_window: int = PER_WINDOW) -> list[BenchRow]:
    calendar = WorkdayCalendar()
    with tempfile.TemporaryDirectory() as tmp:
        url = db or f"sqlite:///{Path(tmp) / 'alerts.db'}"
        count = _load(url, per_window, calendar)
        engine = make_engine(url)
        try:
            with make_session_factory(engine)() as session:
                hall = session.scalars(select(Hall).where(Hall.code == "HS01")).one()
                user = AuthUser(
                    0, "bench", "bench", "supervisor", hall.id, "HS01", hall.name, None, None
                )
                horizon = yellow_horizon(TODAY, hall.alert_deadline_days, calendar)
                answer = hall_alerts(session, user, "HS01", NOW, calendar)
                alerts_s = _median(lambda: hall_alerts(session, user, "HS01", NOW, calendar))
                bare = (
                    select(func.count())
                    .select_from(CaseRecord)
                    .where(
                        CaseRecord.hall_code == "HS01",
                        CaseRecord.status.in_(sorted(s.value for s in RUNNING)),
                        CaseRecord.promised_date <= horizon,
                    )
                )
                due = int(session.scalar(bare) or 0)
                bare_s = _median(lambda: session.scalar(bare))
        finally:
            engine.dispose()
    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    label = f"hall alerts, {count:,} cases ({due:,} due, {len(answer.alerts)} alerts), {dialect}"
    return [BenchRow(label, alerts_s, "s", bare_s, f"≤ {GOAL_S} s")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    parser.add_argument("--per-window", type=int, default=PER_WINDOW, help="cases a window a day")
    args = parser.parse_args(argv)
    print_table(run_alerts_bench(args.db, args.per_window))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
