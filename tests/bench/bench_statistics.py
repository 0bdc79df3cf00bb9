"""Statistics month view over a year of a big hall (issue 15): 83 windows × 250 working days
× 100 tickets ≈ 2.08 million tickets, ratings for 30 % of the served ones, a case (with its
statistics facts) for 60 % of them, loaded into PostgreSQL with COPY. Timed in the same run:
the month view (every table and chart series of ``GET /halls/{hall}/statistics``) beside a
bare ``COUNT(*) … GROUP BY`` over the same month's tickets.

    python -m tests.bench.run --only statistics
    python -m tests.bench.bench_statistics [--per-window 100] [--windows 83] [--keep]
    python -m tests.bench.bench_statistics --schema bench_stats_XXXX   (time a kept one again)
"""

from __future__ import annotations

import argparse
import contextlib
import statistics as pystats
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import psycopg
from sqlalchemy import select, text
from sqlalchemy.engine import Connection, make_url

from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.models import Hall, Window
from clerk_app.central.services import statistics
from clerk_app.central.services.halls import load_hall_config
from clerk_app.contract.statistics import Grouping, Period
from tests.bench.common import BenchRow, print_table
from tests.bench.queue_windows import dsn

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WINDOWS = 83
DAYS = 250
PER_WINDOW = 100
FIRST_DAY = date(2026, 1, 5)
MONTH = (date(2026, 11, 1), date(2026, 11, 30))
TODAY = date(2026, 12, 7)
GOAL_S = 1.0
VIEWS = (
    (Period.DAY, Grouping.WINDOW),
    (Period.WEEK, Grouping.DEPARTMENT),
    (Period.MONTH, Grouping.NONE),
)
RUNS = 5
ZONES = ("SOCIAL", "ENTERPRISE", "ESTATE", "POLICE", "TAX", "FUND")
CASE_SHARE = 0.6


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


def _url(schema: str) -> str:
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextlib.contextmanager
def _schema(n_windows: int, keep: bool) -> Iterator[str]:
    plain = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)
    name = f"bench_stats_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    rendered = _url(name)
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
        if keep:
            print(f"kept schema {name}")
        else:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


# The year is generated inside PostgreSQL (INSERT … SELECT over generate_series): two million
# rows in well under a minute, where building them in Python and COPYing took a quarter of an
# hour on this machine. The shape is tests/stats_data.py's: 08:30-17:30 hall time, waits and
# service times exponential (means 15 and 7 minutes), 90 % served, 6 % no-shows.
TICKETS_SQL = """
WITH days AS (
    SELECT d::date AS day FROM generate_series(%(first)s::date, %(first)s::date + 400, '1 day') d
    WHERE extract(isodow FROM d) < 6 ORDER BY d LIMIT %(days)s
), wins AS (
    SELECT w.id AS window_id, w.number, wq.queue_id, q.prefix
    FROM windows w JOIN window_queues wq ON wq.window_id = w.id JOIN queues q ON q.id = wq.queue_id
    WHERE w.hall_id = %(hall)s AND wq.position = 0
), base AS (
    SELECT day, window_id, number, queue_id, prefix,
           random() AS r_issue, random() AS r_wait, random() AS r_service, random() AS r_status
    FROM days CROSS JOIN wins CROSS JOIN generate_series(1, %(per)s) k
), timed AS (
    SELECT *, row_number() OVER (PARTITION BY queue_id, day ORDER BY r_issue) AS seq,
           ((day + time '08:30') AT TIME ZONE 'Asia/Shanghai')
             + r_issue * interval '9 hours' AS issued,
           (-ln(1 - r_wait) * 900 + 30) * interval '1 second' AS wait,
           (-ln(1 - r_service) * 420 + 60) * interval '1 second' AS service,
           CASE WHEN r_status < 0.90 THEN 'finished' WHEN r_status < 0.95 THEN 'cancelled'
                WHEN r_status < 0.96 THEN 'missed' ELSE 'waiting' END AS status
    FROM base
)
INSERT INTO queue_tickets (hall_id, queue_id, service_date, seq, number, kind, priority, status,
    issued_at, sort_at, issued_by, window_id, clerk, call_count, called_at, finished_at,
    case_numbers)
SELECT %(hall)s, queue_id, day, seq, prefix || lpad(seq::text, 4, '0'), 'normal', 2, status,
       issued, issued, 'kiosk01',
       CASE WHEN status <> 'waiting' THEN window_id END,
       CASE WHEN status <> 'waiting' THEN 'clerk' || lpad(number::text, 3, '0') END,
       CASE WHEN status <> 'waiting' THEN 1 ELSE 0 END,
       CASE WHEN status <> 'waiting' THEN issued + wait END,
       CASE WHEN status = 'finished' THEN issued + wait + service END,
       '[]'
FROM timed
"""
RATINGS_SQL = """
INSERT INTO queue_ratings (hall_id, ticket_id, window_no, clerk, score, rated_at, evaluator,
    case_numbers, followup_status)
SELECT t.hall_id, t.id, w.number, t.clerk, s.score, t.finished_at + interval '20 seconds',
       'eval', '[]', CASE WHEN s.score < 3 THEN 'open' END
FROM queue_tickets t JOIN windows w ON w.id = t.window_id
CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.7 THEN 5 WHEN r < 0.9 THEN 4 WHEN r < 0.96 THEN 3
                                WHEN r < 0.98 THEN 2 ELSE 1 END AS score
                    FROM (SELECT random() + t.id * 0 AS r) x) s
WHERE t.hall_id = %(hall)s AND t.status = 'finished' AND random() < 0.3
"""
CHOSEN_SQL = """
CREATE TEMPORARY TABLE chosen AS
SELECT t.id, t.service_date, t.called_at, t.clerk, w.number AS window_no,
       'HS01-' || lpad((w.number %% 100)::text, 2, '0') || '-'
         || to_char(t.service_date, 'YYYYMMDD') || '-' || lpad(t.id::text, 8, '0') AS case_number,
       (random() * 399)::int AS item, random() AS r_decision, random() AS r_done
FROM queue_tickets t JOIN windows w ON w.id = t.window_id
WHERE t.hall_id = %(hall)s AND t.status = 'finished' AND random() < %(share)s
"""
CASES_SQL = """
INSERT INTO cases (number, hall_code, window_no, item_code, item_version, item_name,
    applicant_id_number, applicant_name, status, received_at, data, uploaded_at, uploaded_by)
SELECT case_number, 'HS01', window_no, 'ITEM' || lpad(item::text, 4, '0'), 1, '事项' || item,
       '420102199003071232', '张三', 'accepted', called_at + interval '2 minutes', '{}',
       called_at + interval '2 minutes', clerk
FROM chosen
"""
FACTS_SQL = """
INSERT INTO case_facts (number, hall_code, received_day, window_no, clerk, department_code,
    item_code, item_name, zone, ticket_id, decision, notice_given, promised_date, done_day,
    gap_deadline, gap_state)
SELECT case_number, 'HS01', service_date, window_no, clerk,
       'DEPT' || lpad((item %% 25)::text, 2, '0'),
       'ITEM' || lpad(item::text, 4, '0'), '事项' || item,
       (ARRAY['SOCIAL','ENTERPRISE','ESTATE','POLICE','TAX','FUND'])[item %% 6 + 1], id, d.decision,
       d.decision = 'missing_notice', service_date + 14,
       CASE WHEN r_done < 0.8 THEN service_date + (3 + (r_done * 25)::int) END,
       CASE WHEN d.decision = 'accept_with_gaps' THEN service_date + 12 END,
       CASE WHEN d.decision = 'accept_with_gaps'
            THEN (ARRAY['open','kept','late','broken'])[floor(r_done * 4)::int + 1] ELSE '' END
FROM chosen CROSS JOIN LATERAL (SELECT CASE WHEN r_decision < 0.6 THEN 'accept'
    WHEN r_decision < 0.7 THEN 'accept_with_gaps' WHEN r_decision < 0.8 THEN 'missing_notice'
    WHEN r_decision < 0.9 THEN 'refuse' ELSE 'complete_on_spot' END AS decision) d
"""
MATERIALS_SQL = """
INSERT INTO case_fact_materials (number, material_name, hall_code, received_day, defective)
SELECT f.number, m.name, 'HS01', f.received_day, random() < 0.2
FROM case_facts f CROSS JOIN LATERAL (
    SELECT name FROM unnest(ARRAY['居民身份证','户口簿','不动产权证书','营业执照','申请表',
                                  '授权委托书','婚姻证明']) name
    ORDER BY random() + length(f.number) * 0 LIMIT 2) m
WHERE f.decision IN ('missing_notice', 'accept_with_gaps')
"""
ANALYZED = ("queue_tickets", "queue_ratings", "cases", "case_facts", "case_fact_materials")


def load_year(url: str, per_window: int, say: Callable[[str], None]) -> tuple[int, float]:
    """Generate the year inside PostgreSQL; returns (tickets, seconds)."""
    started = time.perf_counter()
    with psycopg.connect(dsn(url)) as conn:
        hall = conn.execute("SELECT id FROM halls WHERE code = 'HS01'").fetchone()
        assert hall is not None
        params = {"hall": hall[0], "first": FIRST_DAY, "days": DAYS, "per": per_window}
        steps = (
            ("tickets", TICKETS_SQL),
            ("ratings", RATINGS_SQL),
            ("chosen cases", CHOSEN_SQL),
            ("cases", CASES_SQL),
            ("case facts", FACTS_SQL),
            ("notice materials", MATERIALS_SQL),
        )
        for name, sql in steps:
            conn.execute(sql, {**params, "share": CASE_SHARE})
            say(f"  {name}: {time.perf_counter() - started:.0f} s")
        conn.commit()
        count = conn.execute("SELECT count(*) FROM queue_tickets").fetchone()
    with psycopg.connect(dsn(url), autocommit=True) as conn:
        for table in ANALYZED:
            conn.execute(f"VACUUM ANALYZE {table}")
    return int(count[0] if count else 0), time.perf_counter() - started


def _median_time(run: Callable[[], object], runs: int = RUNS) -> float:
    run()  # warm the cache: every measurement reads the same pages
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return pystats.median(samples)


def _month_view(conn: Connection, period: Period, grouping: Grouping) -> Callable[[], object]:
    """What the route does: the query, then its parts on two connections at once."""

    def run() -> object:
        q = statistics.make_query(conn, "HS01", *MONTH, period, grouping, TODAY)
        return statistics.statistics_concurrently(conn.engine, q)

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


def _bare_percentiles(conn: Connection, hall_id: int) -> Callable[[], object]:
    """The database's own price of what the view must return exactly: the p50/p90 of the
    month's waits per day and window, one sort, nothing else (no joins, no other figure)."""
    sql = text(
        "SELECT service_date, window_id,"
        " percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP"
        " (ORDER BY extract(epoch FROM called_at - issued_at))"
        " FROM queue_tickets"
        " WHERE hall_id = :hall AND service_date BETWEEN :first AND :last"
        " AND called_at IS NOT NULL GROUP BY service_date, window_id"
    )

    def run() -> object:
        return conn.execute(sql, {"hall": hall_id, "first": MONTH[0], "last": MONTH[1]}).all()

    return run


def time_month_views(
    url: str,
) -> tuple[int, float, float, list[tuple[Period, Grouping, float]]]:
    """(the month's tickets, the bare count's time, the bare percentiles' time, each month
    view's time), medians."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            hall_id = int(conn.scalar(select(Hall.id).where(Hall.code == "HS01")) or 0)
            in_month = (
                "SELECT count(*) FROM queue_tickets WHERE hall_id = :h"
                " AND service_date BETWEEN :a AND :b"
            )
            month_rows = int(
                conn.scalar(text(in_month), {"h": hall_id, "a": MONTH[0], "b": MONTH[1]}) or 0
            )
            bare = _median_time(_bare_count(conn, hall_id))
            sort = _median_time(_bare_percentiles(conn, hall_id))
            timed = [(p, g, _median_time(_month_view(conn, p, g))) for p, g in VIEWS]
    finally:
        engine.dispose()
    return month_rows, bare, sort, timed


def _rows(
    count: int,
    load_s: float | None,
    timings: tuple[int, float, float, list[tuple[Period, Grouping, float]]],
) -> list[BenchRow]:
    month_rows, bare, sort, timed = timings
    rows = []
    if load_s is not None:
        rows.append(
            BenchRow(f"stats: generate {count:,} tickets (year)", load_s, "s", None, "info")
        )
    bare_name = f"stats: bare COUNT GROUP BY day, window; month ({month_rows:,} tickets)"
    rows.append(BenchRow(bare_name, bare, "s", None, "baseline"))
    sort_name = (
        f"stats: bare p50/p90 of the waits by day, window (one sort; {sort / bare:.1f}× count)"
    )
    rows.append(BenchRow(sort_name, sort, "s", None, "baseline: the database's own sort"))
    rows += [
        BenchRow(
            f"stats: month view by {p.value} × {g.value}"
            f" ({seconds / bare:.1f}× count, {seconds / sort:.1f}× sort)",
            seconds,
            "s",
            bare,
            f"≤ {GOAL_S:.0f} s",
        )
        for p, g, seconds in timed
    ]
    return rows


def run_statistics_bench(
    per_window: int = PER_WINDOW,
    n_windows: int = WINDOWS,
    say: Callable[[str], None] = print,
    keep: bool = False,
) -> list[BenchRow]:
    with _schema(n_windows, keep) as url:
        count, load_s = load_year(url, per_window, say)
        return _rows(count, load_s, time_month_views(url))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-window", type=int, default=PER_WINDOW)
    parser.add_argument("--windows", type=int, default=WINDOWS)
    parser.add_argument("--keep", action="store_true", help="keep the generated schema")
    parser.add_argument("--schema", default="", help="time a kept schema again")
    args = parser.parse_args(argv)
    if args.schema:
        rows = _rows(0, None, time_month_views(_url(args.schema)))
    else:
        rows = run_statistics_bench(args.per_window, args.windows, keep=args.keep)
    print_table(rows, title="Statistics")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
