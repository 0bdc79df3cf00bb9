"""Hall statistics (统计) from the event records: tickets, cases, ratings, pre-checks.

Every figure is an SQL aggregate over the queue tables (``queue_tickets``, ``queue_ratings``),
the cases' facts (``case_facts``, kept by the case writer) and the pre-checks; Python only
names the groups (windows, staff, items: a few hundred rows). Percentiles on both databases:
``statistics_sql``. A month of a 2-million-ticket year: tests/bench/bench_statistics.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from sqlalchemy import Select, String, case, cast, func, literal, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from clerk_app.central.models import Hall, Queue, Window, Zone
from clerk_app.central.queue_models import Rating, Ticket
from clerk_app.central.services.errors import Invalid, NotFound
from clerk_app.central.services.statistics_labels import group_labels
from clerk_app.central.services.statistics_more import (
    case_rows,
    load_by_window,
    missing_materials,
    precheck_rows,
    ratings_by_day,
)
from clerk_app.central.services.statistics_sql import (
    StatsQuery,
    as_date,
    bucket,
    flag,
    grouped,
    hall_day,
    hall_hour,
    is_postgres,
    rate,
    row_order,
    seconds,
    seconds_between,
)
from clerk_app.central.statistics_models import CaseFact, basic_item_key
from clerk_app.contract.enums import FollowupStatus, TicketStatus
from clerk_app.contract.statistics import (
    Grouping,
    HourRow,
    Period,
    RatingStatsRow,
    StatisticsOut,
    TicketStatsRow,
)

MAX_DAYS = 400  # a year and a bit
SATISFIED_FROM = 3  # 基本满意 and better; 1-2 are 差评
_NO_SHOW = (TicketStatus.MISSED.value, TicketStatus.CANCELLED.value)
_FINISHED = TicketStatus.FINISHED.value
_SPREAD_FIELDS = tuple(
    f"{name}_{stat}_s" for name in ("wait", "service") for stat in ("mean", "p50", "p90")
)


def make_query(
    conn: Connection,
    hall_code: str,
    start: date,
    end: date,
    period: Period,
    grouping: Grouping,
    today: date,
) -> StatsQuery:
    if end < start:
        raise Invalid("统计的结束日期不能早于开始日期")
    if (end - start).days >= MAX_DAYS:
        raise Invalid(f"统计区间最长{MAX_DAYS}天")
    hall = conn.execute(select(Hall.id, Hall.code, Hall.name).where(Hall.code == hall_code)).first()
    if hall is None:
        raise NotFound(f"没有大厅{hall_code}")
    return StatsQuery(hall.id, hall.code, hall.name, start, end, period, grouping, today)


# The parts of the answer, the two percentile sorts (most of the time) first.
_PARTS: tuple[tuple[str, Callable[[Connection, StatsQuery], Iterable[Any]]], ...] = (
    ("tickets", lambda conn, q: ticket_rows(conn, q)),
    ("wait_by_hour", lambda conn, q: wait_by_hour(conn, q)),
    ("cases", lambda conn, q: case_rows(conn, q)),
    ("load_by_window", lambda conn, q: load_by_window(conn, q)),
    ("ratings", lambda conn, q: rating_rows(conn, q)),
    ("ratings_by_day", lambda conn, q: ratings_by_day(conn, q)),
    ("missing_materials", lambda conn, q: missing_materials(conn, q)),
    ("prechecks", lambda conn, q: precheck_rows(conn, q)),
)


def _answer(q: StatsQuery, parts: dict[str, tuple[Any, ...]]) -> StatisticsOut:
    return StatisticsOut(
        hall_code=q.hall_code,
        hall_name=q.hall_name,
        start=q.start,
        end=q.end,
        period=q.period,
        grouping=q.grouping,
        **parts,
    )


def statistics(conn: Connection, q: StatsQuery) -> StatisticsOut:
    """Every table and chart series of the hall's range, in one read."""
    return _answer(q, {name: tuple(part(conn, q)) for name, part in _PARTS})


def statistics_concurrently(engine: Engine, q: StatsQuery, workers: int = 2) -> StatisticsOut:
    """The same answer as :func:`statistics`; on PostgreSQL its parts run on ``workers``
    connections at once: the month view of a big hall is two exact percentile sorts of ~200,000
    waits, and each gets a core of its own. SQLite (one writer, small halls) reads in turn."""
    if engine.dialect.name != "postgresql":
        with engine.connect() as conn:
            return statistics(conn, q)

    def run(part: Callable[[Connection, StatsQuery], Iterable[Any]]) -> tuple[Any, ...]:
        with engine.connect() as conn, conn.begin():  # SET LOCAL work_mem lives in it
            return tuple(part(conn, q))

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="statistics") as pool:
        futures = {name: pool.submit(run, part) for name, part in _PARTS}
        return _answer(q, {name: future.result() for name, future in futures.items()})


def tickets_on_cases(q: StatsQuery) -> Any:
    """(ticket, key) for the department or item grouping: each ticket once per department
    (item) of the cases received on it."""
    column = {
        Grouping.DEPARTMENT: CaseFact.department_code,
        Grouping.BASIC_ITEM: basic_item_key(),
    }.get(q.grouping, CaseFact.item_code)
    return (
        select(CaseFact.ticket_id, column.label("key"))
        .where(
            CaseFact.hall_code == q.hall_code,
            # a case is received on its ticket's day: the range's facts only (index)
            CaseFact.received_day.between(q.start, q.end),
            CaseFact.ticket_id.is_not(None),
        )
        .distinct()
        .subquery()
    )


def by_ticket(
    q: StatsQuery, base: Select[Any], ticket_id: Any, *, join_ticket: bool
) -> tuple[Select[Any], Any]:
    """Join onto ``base`` what the zone, queue, department or item grouping needs to key a
    row by its ticket (``join_ticket``: ``base`` does not read ``queue_tickets`` yet)."""
    g = q.grouping
    if g in (Grouping.ZONE, Grouping.QUEUE):
        if join_ticket:
            base = base.join(Ticket, Ticket.id == ticket_id)
        base = base.join(Queue, Queue.id == Ticket.queue_id)
        if g is Grouping.QUEUE:
            return base, Queue.code
        base = base.outerjoin(Zone, Zone.id == Queue.zone_id)
        return base, func.coalesce(Zone.code, "")
    keyed = tickets_on_cases(q)
    return base.join(keyed, keyed.c.ticket_id == ticket_id), keyed.c.key


def _ticket_key(q: StatsQuery, base: Select[Any]) -> tuple[Select[Any], Any]:
    g = q.grouping
    if g is Grouping.NONE:
        return base, literal("")
    if g is Grouping.WINDOW:
        base = base.outerjoin(Window, Window.id == Ticket.window_id)
        return base, func.coalesce(cast(Window.number, String), "")
    if g is Grouping.CLERK:
        return base, func.coalesce(Ticket.clerk, "")
    return by_ticket(q, base, Ticket.id, join_ticket=False)


def _when(condition: ColumnElement[bool], value: Any) -> ColumnElement[Any]:
    return case((condition, value))


def ticket_rows(conn: Connection, q: StatsQuery) -> list[TicketStatsRow]:
    pg = is_postgres(conn)
    served = Ticket.status == _FINISHED
    base, key = _ticket_key(q, select().select_from(Ticket))
    base = base.add_columns(
        bucket(pg, Ticket.service_date, q.period).label("g_period"),
        key.label("g_key"),
        flag(served).label("served"),
        flag(Ticket.status.in_(_NO_SHOW)).label("no_show"),
        _when(served, seconds_between(pg, Ticket.issued_at, Ticket.called_at)).label("wait"),
        _when(served, seconds_between(pg, Ticket.called_at, Ticket.finished_at)).label("service"),
    ).where(Ticket.hall_id == q.hall_id, Ticket.service_date.between(q.start, q.end))
    groups = grouped(conn, base, ("served", "no_show"), ("wait", "service"))
    labels = group_labels(conn, q.hall_id, q.grouping, [str(g["g_key"]) for g in groups])
    rows = [
        TicketStatsRow(
            period_start=as_date(g["g_period"]),
            group_key=str(g["g_key"]),
            group_label=labels.get(str(g["g_key"]), str(g["g_key"])),
            issued=int(g["rows"]),
            served=int(g["served"]),
            no_show=int(g["no_show"]),
            **{name: seconds(g[name]) for name in _SPREAD_FIELDS},
        )
        for g in groups
    ]
    return sorted(rows, key=lambda r: row_order(r.period_start, r.group_key))


def _rating_key(q: StatsQuery, base: Select[Any]) -> tuple[Select[Any], Any]:
    g = q.grouping
    if g is Grouping.NONE:
        return base, literal("")
    if g is Grouping.WINDOW:
        return base, cast(Rating.window_no, String)
    if g is Grouping.CLERK:
        return base, func.coalesce(Rating.clerk, "")
    return by_ticket(q, base, Rating.ticket_id, join_ticket=True)


def rating_rows(conn: Connection, q: StatsQuery) -> list[RatingStatsRow]:
    pg = is_postgres(conn)
    first, after = q.utc_range
    bad = Rating.score < SATISFIED_FROM
    done = bad & (Rating.followup_status == FollowupStatus.DONE.value)
    on_time = Rating.followup_due.is_(None) | (
        hall_day(pg, Rating.followed_up_at) <= Rating.followup_due
    )
    base, key = _rating_key(q, select().select_from(Rating))
    query = (
        base.add_columns(
            bucket(pg, hall_day(pg, Rating.rated_at), q.period).label("g_period"),
            key.label("g_key"),
            flag(Rating.score >= SATISFIED_FROM).label("satisfied"),
            flag(bad).label("bad"),
            flag(done).label("followed"),
            flag(done & on_time).label("on_time"),
            flag(bad & ~done & (Rating.followup_due < q.today)).label("overdue"),
        )
        .where(Rating.hall_id == q.hall_id, Rating.rated_at >= first, Rating.rated_at < after)
        .subquery()
    )
    totals = select(
        query.c.g_period,
        query.c.g_key,
        func.count().label("rows"),
        func.sum(query.c.satisfied).label("satisfied"),
        func.sum(query.c.bad).label("bad"),
        func.sum(query.c.followed).label("followed"),
        func.sum(query.c.on_time).label("on_time"),
        func.sum(query.c.overdue).label("overdue"),
    ).group_by(query.c.g_period, query.c.g_key)
    groups = conn.execute(totals.order_by(query.c.g_period, query.c.g_key)).all()
    labels = group_labels(conn, q.hall_id, q.grouping, [str(g.g_key) for g in groups])
    rows = [
        RatingStatsRow(
            period_start=as_date(g.g_period),
            group_key=str(g.g_key),
            group_label=labels.get(str(g.g_key), str(g.g_key)),
            ratings=int(g.rows),
            satisfied=int(g.satisfied),
            satisfaction_rate=rate(g.satisfied, g.rows),
            bad=int(g.bad),
            bad_followed_up=int(g.followed),
            bad_followed_up_on_time=int(g.on_time),
            bad_overdue=int(g.overdue),
        )
        for g in groups
    ]
    return sorted(rows, key=lambda r: row_order(r.period_start, r.group_key))


def wait_by_hour(conn: Connection, q: StatsQuery) -> list[HourRow]:
    """Tickets issued per hour of day (hall time) and the wait of those served."""
    pg = is_postgres(conn)
    served = Ticket.status == _FINISHED
    base = select(
        literal(None).label("g_period"),
        hall_hour(pg, Ticket.issued_at).label("g_key"),
        _when(served, seconds_between(pg, Ticket.issued_at, Ticket.called_at)).label("wait"),
    ).where(Ticket.hall_id == q.hall_id, Ticket.service_date.between(q.start, q.end))
    groups = grouped(conn, base, (), ("wait",))
    return [
        HourRow(
            hour=int(g["g_key"]),
            issued=int(g["rows"]),
            wait_mean_s=seconds(g["wait_mean_s"]),
            wait_p90_s=seconds(g["wait_p90_s"]),
        )
        for g in groups
    ]


__all__ = ["make_query", "statistics"]
