"""``clerk-central calendar years``: which years the hall's working-day calendar knows.

    clerk-central calendar years [--from YEAR] [--to YEAR] [--check]

For each year: published (chinesecalendar carries the State Council's notice), covered by the
hall's override table (how many rest days and 调休 working days it lists), or **unpublished**:
dates in it count weekends only until the admin adds the year's rows to the table the server
and the counters read (``CLERK_CENTRAL_WORKDAY_OVERRIDES``, by default
resources/calendar/workday_overrides.csv). ``--check`` exits 1 when a year is unpublished (for a
monitoring job); a bad table exits 2 with its line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from clerk_app.central.config import CentralSettings
from clerk_app.central.services.auth import CHINA_TZ
from clerk_app.central.services.calendar import server_calendar
from clerk_app.domain.workdays import WorkdayCalendar

EXIT_OK, EXIT_UNPUBLISHED, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(sub: Any) -> None:
    calendar = sub.add_parser("calendar", help="工作日日历：哪些年份已发布、哪些年份需补录调休")
    actions = calendar.add_subparsers(dest="calendar_command", required=True)
    years = actions.add_parser("years", help="列出各年份的日历来源，指出需要补录覆盖表的年份")
    this_year = datetime.now(UTC).astimezone(CHINA_TZ).year
    years.add_argument("--from", dest="first", type=int, default=this_year, help="起始年份")
    years.add_argument("--to", dest="last", type=int, default=this_year + 1, help="结束年份")
    years.add_argument("--check", action="store_true", help="有未发布的年份时以状态1退出")


def year_line(calendar: WorkdayCalendar, year: int) -> tuple[str, bool]:
    """What the calendar knows of ``year``, and whether the year is unpublished."""
    rows = {day: working for day, working in calendar.overrides.items() if day.year == year}
    rest, work = sum(not w for w in rows.values()), sum(rows.values())
    table = f"大厅覆盖表{len(rows)}行（休息日{rest}天，调休上班{work}天）" if rows else ""
    if calendar.is_known_year(year):
        return f"{year}年：已发布（chinesecalendar）" + (f"；另有{table}" if table else ""), False
    if rows:
        hint = "" if work else "；未录入调休上班日，国务院通知有调休的须补录"
        return f"{year}年：按{table}{hint}", False
    return (
        f"{year}年：未发布——覆盖表没有该年的行，承诺办结日期只按周末计算；"
        "国务院发布该年节假日安排后，请在覆盖表补录放假和调休上班日",
        True,
    )


def run(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    settings = CentralSettings()
    path = settings.workday_overrides_path()
    try:
        calendar = server_calendar(settings)
    except ValueError as exc:
        say(f"覆盖表有误：{exc}")
        return EXIT_BAD_INPUT
    first, last = sorted((args.first, args.last))
    if not (date.min.year <= first and last <= date.max.year and last - first <= 50):
        say("年份范围不合理（至多50年）")
        return EXIT_BAD_INPUT
    say(f"覆盖表：{path}" + ("" if path.exists() else "（文件不存在）"))
    unpublished = []
    for year in range(first, last + 1):
        line, missing = year_line(calendar, year)
        say(line)
        if missing:
            unpublished.append(year)
    if unpublished:
        say("需要补录的年份：" + "、".join(str(y) for y in unpublished))
    return EXIT_UNPUBLISHED if unpublished and args.check else EXIT_OK
