"""Statistics month view over a year of a big hall (issue 15): 83 windows × 250 working days
× 100 tickets ≈ 2.08 million tickets, ratings for 30 % of the served ones, a case (with its
statistics facts) for 60 % of them, loaded into PostgreSQL with COPY. Timed in the same run:
the month view (every table and chart series of ``GET /halls/{hall}/statistics``) beside a
bare ``COUNT(*) … GROUP BY`` over the same month's tickets.

    python -m tests.bench.run --only statistics
    python -m tests.bench.bench_statistics [--per-window 100] [--windows 83]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics as pystats
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import psycopg
from sqlalchemy import select, text
from sqlalchemy.engine import Connection, make_url

from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.models import Hall, Queue, Window
from clerk_app.central.services import statistics
from clerk_app.central.services.halls import load_hall_config
from clerk_app.contract.statistics import Grouping, Period
from clerk_app.domain.hall_time import in_hall_time
from tests.bench.common import BenchRow, print_table
from tests.bench.queue_windows import dsn
from tests.stats_data import (
    RATING_COLUMNS,
    TICKET_COLUMNS,
    HallShape,
    ratings,
    tickets,
    working_days,
)

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WINDOWS = 83
DAYS = 250
PER_WINDOW = 100
FIRST_DAY = date(2026, 1, 5)
MONTH = (date(2026, 11, 1), date(2026, 11, 30))
TODAY = date(2026, 12, 7)
GOAL_S = 1.0
RUNS = 5
ZONES = ("SOCIAL", "ENTERPRISE", "ESTATE", "POLICE", "TAX", "FUND")
CASE_SHARE = 0.6
DECISIONS = ("accept",) * 6 + ("accept_with_gaps", "missing_notice", "refuse", "complete_on_spot")
MATERIALS = ("居民身份证", "户口簿", "不动产权证书", "营业执照", "申请表", "授权委托书", "婚姻证明")


def _hall(n_windows: int) -> dict[str, Any]:
    return {
        "hall": {"code": "HS01", "name": "黄石市民之家", "address": ""},
        "zones": [{"code": z, "name": z} for z in ZONES],
        "queues": [
            {"code": z, "name": z, "prefix": "ABCDEF"[i], "zone": z} for i, z in enumerate(ZONES)
        ],
        "windows": [
            {
                "number": n,
                "label": f"{n}号窗口",
                "zone": ZONES[n % len(ZONES)],
                "queues": [ZONES[n % len(ZONES)]],
            }
            for n in range(1, n_windows + 1)
        ],
        "staff": [],
    }


@contextlib.contextmanager
def _schema(n_windows: int) -> Iterator[str]:
    plain = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)
    name = f"bench_stats_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={name}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        upgrade(rendered)
        engine = make_engine(rendered)
        with make_session_factory(engine)() as session:
            conf = _hall(n_windows)
            extra = [w for w in conf["windows"] if w["number"] > 99]
            conf["windows"] = [w for w in conf["windows"] if w["number"] <= 99]
            hall = load_hall_config(session, conf)
            for w in extra:
                session.add(Window(hall_id=hall.id, number=w["number"], label=w["label"]))
            session.commit()
        engine.dispose()
        yield rendered
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _shape(url: str) -> HallShape:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            hall_id = int(conn.scalar(select(Hall.id).where(Hall.code == "HS01")) or 0)
            queues = conn.execute(select(Queue.id, Queue.prefix).where(Queue.hall_id == hall_id))
            windows = conn.execute(
                select(Window.id, Window.number)
                .where(Window.hall_id == hall_id)
                .order_by(Window.number)
            ).all()
            return HallShape(
                hall_id,
                [(q.id, q.prefix) for q in queues],
                [(w.id, w.number) for w in windows],
                [f"clerk{w.number:03d}" for w in windows],
            )
    finally:
        engine.dispose()


def _copy(cur: psycopg.Cursor[Any], table: str, columns: Sequence[str], rows: Any) -> int:
    count = 0
    names = ", ".join(columns)
    with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_cell(row[c]) for c in columns])
            count += 1
    return count


def _cell(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, list) else value


def _cases(served: Sequence[dict[str, Any]], seed: int) -> tuple[list[dict[str, Any]], ...]:
    """Minimal case rows, their statistics facts and the materials notices listed."""
    rng = random.Random(seed)
    cases, facts, materials = [], [], []
    for n, t in enumerate(served):
        day = t["service_date"]
        number = f"HS01-{t['window_id'] % 100:02d}-{day:%Y%m%d}-{n:07d}"
        received = t["called_at"]
        item = rng.randrange(400)
        decision = rng.choice(DECISIONS)
        promised = day + timedelta(days=14)
        done = day + timedelta(days=rng.choice((3, 10, 20))) if rng.random() < 0.8 else None
        cases.append(
            {
                "number": number,
                "hall_code": "HS01",
                "window_no": t["window_id"] % 100,
                "item_code": f"ITEM{item:04d}",
                "item_version": 1,
                "item_name": f"事项{item}",
                "applicant_id_number": "420102199003071232",
                "applicant_name": "张三",
                "status": "accepted",
                "received_at": received,
                "data": "{}",
                "uploaded_at": received,
                "uploaded_by": t["clerk"],
                "version": 1,
            }
        )
        facts.append(
            {
                "number": number,
                "hall_code": "HS01",
                "received_day": in_hall_time(received).date(),
                "window_no": t["window_id"] % 100,
                "clerk": t["clerk"],
                "department_code": f"DEPT{item % 25:02d}",
                "item_code": f"ITEM{item:04d}",
                "item_name": f"事项{item}",
                "zone": ZONES[item % len(ZONES)],
                "ticket_id": t["id"],
                "decision": decision,
                "notice_given": decision == "missing_notice",
                "promised_date": promised,
                "done_day": done,
                "gap_deadline": promised - timedelta(days=2)
                if decision == "accept_with_gaps"
                else None,
                "gap_state": rng.choice(("open", "kept", "late", "broken"))
                if decision == "accept_with_gaps"
                else "",
            }
        )
        if decision in ("missing_notice", "accept_with_gaps"):
            for name in rng.sample(MATERIALS, rng.choice((1, 2))):
                materials.append(
                    {
                        "number": number,
                        "material_name": name,
                        "hall_code": "HS01",
                        "received_day": facts[-1]["received_day"],
                        "defective": rng.random() < 0.2,
                    }
                )
    return cases, facts, materials


def load_year(url: str, per_window: int, say: Callable[[str], None]) -> tuple[int, float]:
    """Generate and COPY the year; returns (tickets, seconds)."""
    shape = _shape(url)
    days = working_days(FIRST_DAY, DAYS)
    started = time.perf_counter()
    total = 0
    with psycopg.connect(dsn(url)) as conn, conn.cursor() as cur:
        next_id = next_rating = 1
        for month_days in _by_month(days):
            rows = list(tickets(shape, month_days, per_window, seed=next_id, first_id=next_id))
            next_id += len(rows)
            total += _copy(cur, "queue_tickets", TICKET_COLUMNS, rows)
            rated = list(ratings(shape, rows, share=0.3, seed=next_id, first_id=next_rating))
            next_rating += len(rated)
            _copy(cur, "queue_ratings", RATING_COLUMNS, rated)
            served = [t for t in rows if t["status"] == "finished"]
            chosen = random.Random(next_id).sample(served, int(len(served) * CASE_SHARE))
            cases, facts, materials = _cases(chosen, seed=next_id)
            _copy(cur, "cases", tuple(cases[0]), cases)
            _copy(cur, "case_facts", tuple(facts[0]), facts)
            if materials:
                _copy(cur, "case_fact_materials", tuple(materials[0]), materials)
            conn.commit()
            say(
                f"  {month_days[0]:%Y-%m}: {total:,} tickets, {time.perf_counter() - started:.0f} s"
            )
        sequence = "pg_get_serial_sequence('queue_tickets', 'id')"
        cur.execute(f"SELECT setval({sequence}, max(id)) FROM queue_tickets")
        conn.commit()
    with psycopg.connect(dsn(url), autocommit=True) as conn:
        for table in (
            "queue_tickets",
            "queue_ratings",
            "cases",
            "case_facts",
            "case_fact_materials",
        ):
            conn.execute(f"VACUUM ANALYZE {table}")
    return total, time.perf_counter() - started


def _by_month(days: Sequence[date]) -> Iterator[list[date]]:
    month: list[date] = []
    for day in days:
        if month and day.month != month[0].month:
            yield month
            month = []
        month.append(day)
    if month:
        yield month


def _median_time(run: Callable[[], object], runs: int = RUNS) -> float:
    run()  # warm the cache: every measurement reads the same pages
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return pystats.median(samples)


def _month_view(conn: Connection, period: Period, grouping: Grouping) -> Callable[[], object]:
    def run() -> object:
        q = statistics.make_query(conn, "HS01", *MONTH, period, grouping, TODAY)
        return statistics.statistics(conn, q)

    return run


def _bare_count(conn: Connection, hall_id: int) -> Callable[[], object]:
    sql = text(
        "SELECT service_date, window_id, count(*) FROM queue_tickets"
        " WHERE hall_id = :hall AND service_date BETWEEN :first AND :last"
        " GROUP BY service_date, window_id"
    )

    def run() -> object:
        return conn.execute(sql, {"hall": hall_id, "first": MONTH[0], "last": MONTH[1]}).all()

    return run


def run_statistics_bench(
    per_window: int = PER_WINDOW, n_windows: int = WINDOWS, say: Callable[[str], None] = print
) -> list[BenchRow]:
    with _schema(n_windows) as url:
        count, load_s = load_year(url, per_window, say)
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                hall_id = int(conn.scalar(select(Hall.id).where(Hall.code == "HS01")) or 0)
                month_rows = int(
                    conn.scalar(
                        text(
                            "SELECT count(*) FROM queue_tickets WHERE hall_id = :h"
                            " AND service_date BETWEEN :a AND :b"
                        ),
                        {"h": hall_id, "a": MONTH[0], "b": MONTH[1]},
                    )
                    or 0
                )
                bare = _median_time(_bare_count(conn, hall_id))
                views = [
                    (Period.DAY, Grouping.WINDOW),
                    (Period.WEEK, Grouping.DEPARTMENT),
                    (Period.MONTH, Grouping.NONE),
                ]
                timed = [(p, g, _median_time(_month_view(conn, p, g))) for p, g in views]
        finally:
            engine.dispose()
    goal = f"≤ {GOAL_S:.0f} s"
    rows = [
        BenchRow(f"stats: generate+COPY {count:,} tickets (year)", load_s, "s", None, "info"),
        BenchRow(
            f"stats: bare COUNT GROUP BY, month ({month_rows:,} tickets)",
            bare,
            "s",
            None,
            "baseline",
        ),
    ]
    rows += [
        BenchRow(
            f"stats: month view by {p.value} × {g.value} ({seconds / bare:.0f}× bare)",
            seconds,
            "s",
            bare,
            goal,
        )
        for p, g, seconds in timed
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-window", type=int, default=PER_WINDOW)
    parser.add_argument("--windows", type=int, default=WINDOWS)
    args = parser.parse_args(argv)
    print_table(run_statistics_bench(args.per_window, args.windows), title="Statistics")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
