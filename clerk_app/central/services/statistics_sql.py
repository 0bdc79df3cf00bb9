"""SQL building blocks of the statistics, for PostgreSQL and SQLite alike.

Percentiles: PostgreSQL has ``percentile_cont(p) WITHIN GROUP (ORDER BY x)``. SQLite has no
percentile aggregate, so :func:`grouped` computes the same value from window functions: each
row gets its 0-based rank ``rn`` among the group's non-null values and the group's count
``n``; ``percentile_cont`` is then the value at rank ``floor(p·(n-1))`` plus the fraction
``p·(n-1) - floor(p·(n-1))`` of the step to the next rank (linear interpolation, the SQL
standard's definition). Either way one statement, no row reaches Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    Date,
    Float,
    Integer,
    Select,
    case,
    cast,
    func,
    literal,
    null,
    select,
    text,
    type_coerce,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from clerk_app.contract.statistics import Grouping, Period
from clerk_app.domain.hall_time import HALL_TZ

HALL_ZONE = "Asia/Shanghai"  # domain/hall_time.HALL_TZ: +08:00, no daylight saving
HALL_OFFSET_S = 8 * 3600
PERCENTILES = (0.5, 0.9)
SORT_MEMORY = "64MB"


@dataclass(frozen=True, slots=True)
class StatsQuery:
    hall_id: int
    hall_code: str
    hall_name: str
    start: date
    end: date  # inclusive
    period: Period
    grouping: Grouping
    today: date  # decides what is overdue (deadlines, 容缺 commitments)

    @property
    def utc_range(self) -> tuple[datetime, datetime]:
        """The range as [first instant, instant after the last day) of hall days, in UTC:
        SQLite compares the stored UTC wall time as text, so hall-time bounds would shift
        every day by 8 hours."""
        first = datetime.combine(self.start, time(), HALL_TZ).astimezone(UTC)
        after = datetime.combine(self.end + timedelta(days=1), time(), HALL_TZ).astimezone(UTC)
        return first, after


def rate(part: Any, whole: Any) -> float | None:
    return round(int(part) / int(whole), 4) if whole else None


def seconds(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def as_date(value: Any) -> date | None:
    """A period's first day: a date on PostgreSQL, its ISO text on SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def row_order(period_start: date | None, group_key: str) -> tuple[date, int, str]:
    """Rows by period, then windows by number (2 before 10), then other keys by text."""
    number = int(group_key) if group_key.isdigit() else 1_000_000
    return (period_start or date.min, number, group_key)


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def seconds_between(pg: bool, start: Any, end: Any) -> ColumnElement[float]:
    if pg:
        return cast(func.extract("epoch", end - start), Float)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def hall_day(pg: bool, moment: Any) -> ColumnElement[date]:
    """The hall-time date of a UTC timestamp column."""
    if pg:
        return cast(func.timezone(HALL_ZONE, moment), Date)
    return type_coerce(func.date(moment, "+8 hours"), Date)


def hall_hour(pg: bool, moment: Any) -> ColumnElement[int]:
    if pg:
        # arithmetic on the epoch: the hall's offset is fixed (+8, no daylight saving), and a
        # time-zone conversion per row costs more than the whole aggregate around it
        seconds = cast(func.extract("epoch", moment), Integer) + HALL_OFFSET_S
        return (seconds % 86400) // 3600
    return cast(func.strftime("%H", moment, "+8 hours"), Integer)


def bucket(pg: bool, day: Any, period: Period) -> ColumnElement[Any]:
    """The first day of ``day``'s period (weeks start on Monday); NULL for the whole range."""
    if period is Period.ALL:
        return type_coerce(null(), Date)
    if period is Period.DAY:
        return type_coerce(day, Date)
    if pg:
        # date arithmetic: date_trunc would go through timestamptz (session zone) per row
        field = "isodow" if period is Period.WEEK else "day"
        back = cast(func.extract(field, day), Integer) - 1
        return type_coerce(day - back, Date)
    if period is Period.WEEK:
        # %w: 0 = Sunday; step back to Monday
        back = (cast(func.strftime("%w", day), Integer) + 6) % 7
        return type_coerce(func.date(day, func.printf("-%d days", back)), Date)
    return type_coerce(func.strftime("%Y-%m-01", day), Date)


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where ``condition`` holds, else 0: summed into a count."""
    return case((condition, 1), else_=0)


def grouped(
    conn: Connection,
    base: Select[Any],
    counts: Sequence[str],
    spreads: Sequence[str],
) -> list[dict[str, Any]]:
    """Aggregate ``base`` per period and key. ``base`` has the columns ``g_period``,
    ``g_key``, the 0/1 columns named in ``counts`` and the durations named in ``spreads``
    (NULL where not measured). One dict per group: ``rows``, each count summed, and for each
    spread NAME its ``NAME_mean_s``, ``NAME_p50_s`` and ``NAME_p90_s``."""
    pg = is_postgres(conn)
    sub = base.subquery()
    if not pg:
        sub = select(sub, *_rank_columns(sub, spreads)).subquery()
    keys = (sub.c.g_period, sub.c.g_key)
    outs: list[Any] = [*keys, func.count().label("rows")]
    outs += [func.coalesce(func.sum(sub.c[name]), 0).label(name) for name in counts]
    for name in spreads:
        x = sub.c[name]
        outs.append(cast(func.avg(x), Float).label(f"{name}_mean_s"))
        if pg:
            # one sort of the group's values gives every percentile (an array of them)
            fractions = literal(list(PERCENTILES), ARRAY(Float))
            outs.append(
                func.percentile_cont(fractions).within_group(x).label(f"{name}__percentiles")
            )
        else:
            outs += [
                _sqlite_percentile(sub, name, p).label(_percentile_label(name, p))
                for p in PERCENTILES
            ]
    query = select(*outs).group_by(*keys).order_by(*keys)
    if pg:
        # a month of a big hall sorts ~200,000 values per measure: in memory, not on disk
        conn.execute(text(f"SET LOCAL work_mem = '{SORT_MEMORY}'"))
    return [_split_percentiles(dict(row._mapping), spreads) for row in conn.execute(query)]


def _percentile_label(name: str, p: float) -> str:
    return f"{name}_p{round(p * 100)}_s"


def _split_percentiles(row: dict[str, Any], spreads: Sequence[str]) -> dict[str, Any]:
    """PostgreSQL's percentile arrays as the same ``NAME_pNN_s`` keys SQLite gives."""
    for name in spreads:
        values = row.pop(f"{name}__percentiles", None)
        if values is None and _percentile_label(name, PERCENTILES[0]) in row:
            continue  # SQLite: already one column per percentile
        for index, p in enumerate(PERCENTILES):
            row[_percentile_label(name, p)] = None if values is None else values[index]
    return row


def _rank_columns(sub: Any, spreads: Sequence[str]) -> list[ColumnElement[Any]]:
    group = (sub.c.g_period, sub.c.g_key)
    ranks: list[ColumnElement[Any]] = []
    for name in spreads:
        x = sub.c[name]
        ranks.append(func.count(x).over(partition_by=group).label(f"{name}__n"))
        rank = func.row_number().over(partition_by=group, order_by=(x.is_(None), x)) - 1
        ranks.append(rank.label(f"{name}__rn"))
    return ranks


def _sqlite_percentile(sub: Any, name: str, p: float) -> ColumnElement[float]:
    x, n, rn = sub.c[name], sub.c[f"{name}__n"], sub.c[f"{name}__rn"]
    position = literal(p) * (n - 1)
    lower = cast(position, Integer)
    low = func.min(case((rn == lower, x)))
    high = func.min(case((rn == lower + 1, x)))
    fraction = func.max(position - lower)
    return low + fraction * func.coalesce(high - low, 0.0)
