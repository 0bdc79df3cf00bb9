"""``clerk-central report --db URL --hall H --month 2026-11 --out FILE.xlsx|FILE.pdf``: a
hall's monthly statistics report, read from the database (the same figures the 统计 tab
shows), as an Excel workbook or a PDF by the file's suffix. ``--period``/``--grouping``
choose the tables' rows (default: by week, by window)."""

from __future__ import annotations

import argparse
import calendar
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from clerk_app.central.db import make_engine
from clerk_app.central.services import statistics
from clerk_app.contract.statistics import Grouping, Period
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.reports.statistics_pdf import write_pdf
from clerk_app.reports.statistics_workbook import write_workbook

EXIT_OK, EXIT_BAD_INPUT = 0, 2
WRITERS = {".xlsx": write_workbook, ".pdf": write_pdf}


def add_parser(sub: Any, with_db: Callable[[argparse.ArgumentParser], Any]) -> None:
    report = with_db(sub.add_parser("report", help="导出大厅月度统计报表（Excel或PDF）"))
    report.add_argument("--hall", required=True, help="大厅编码")
    report.add_argument("--month", required=True, help="月份，如 2026-11")
    report.add_argument("--out", required=True, type=Path, help="输出文件 .xlsx 或 .pdf")
    report.add_argument(
        "--period", default=Period.WEEK.value, choices=[p.value for p in Period], help="行的期间"
    )
    report.add_argument(
        "--grouping",
        default=Grouping.WINDOW.value,
        choices=[g.value for g in Grouping],
        help="行的分组",
    )


def month_range(text: str) -> tuple[date, date] | None:
    try:
        first = datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        return None
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def run(args: argparse.Namespace, db_url: str, say: Callable[[str], None]) -> int:
    span = month_range(args.month)
    if span is None:
        print(f"月份应写作YYYY-MM，如2026-11：{args.month}", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT
    out: Path = args.out
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        print("输出文件应以.xlsx或.pdf结尾", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT
    now = datetime.now(UTC).astimezone(HALL_TZ)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = statistics.make_query(
                conn,
                args.hall.strip().upper(),
                *span,
                Period(args.period),
                Grouping(args.grouping),
                now.date(),
            )
            stats = statistics.statistics(conn, query)
    finally:
        engine.dispose()
    writer(stats, out, now)
    say(f"已导出{stats.hall_name}{args.month}统计报表：{out}")
    return EXIT_OK
