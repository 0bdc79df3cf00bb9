"""Statistics of cases, pre-checks and materials, and the chart series beside the tables
(``statistics.py`` has tickets, ratings and the wait by hour). SQL aggregates only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, cast, func, literal, or_, select
from sqlalchemy.engine import Connection

from clerk_app.central.models import Queue, Window
from clerk_app.central.precheck_models import PrecheckRecord
from clerk_app.central.queue_models import Rating, Ticket
from clerk_app.central.services.statistics_labels import group_labels
from clerk_app.central.services.statistics_sql import (
    StatsQuery,
    as_date,
    bucket,
    flag,
    hall_day,
    is_postgres,
    rate,
    row_order,
    seconds,
    seconds_between,
)
from clerk_app.central.statistics_models import CaseFact, CaseFactMaterial, basic_item_key
from clerk_app.contract.enums import TicketStatus
from clerk_app.contract.statistics import (
    CaseStatsRow,
    Grouping,
    MaterialCountRow,
    Period,
    PrecheckStatsRow,
    RatingDayRow,
    WindowLoadRow,
)
from clerk_app.domain.cases import DecisionKind
from clerk_app.domain.precheck import PrecheckStatus

MOST_MISSING = 20
SATISFIED_FROM = 3
_UNDER_LIMIT = (
    DecisionKind.ACCEPT.value,
    DecisionKind.ACCEPT_WITH_GAPS.value,
    DecisionKind.COMPLETE_ON_SPOT.value,
)
_DECISIONS = {
    "accepted": DecisionKind.ACCEPT,
    "accepted_with_gaps": DecisionKind.ACCEPT_WITH_GAPS,
    "missing_notice": DecisionKind.MISSING_NOTICE,
    "refused": DecisionKind.REFUSE,
    "completed_on_spot": DecisionKind.COMPLETE_ON_SPOT,
}


def _case_key(q: StatsQuery, base: Select[Any]) -> tuple[Select[Any], Any]:
    f, g = CaseFact, q.grouping
    direct = {
        Grouping.NONE: literal(""),
        Grouping.ZONE: f.zone,
        Grouping.WINDOW: cast(f.window_no, String),
        Grouping.CLERK: f.clerk,
        Grouping.DEPARTMENT: f.department_code,
        Grouping.ITEM: f.item_code,
        Grouping.BASIC_ITEM: basic_item_key(),
    }
    if g in direct:
        return base, direct[g]
    base = base.outerjoin(Ticket, Ticket.id == f.ticket_id).outerjoin(
        Queue, Queue.id == Ticket.queue_id
    )
    return base, func.coalesce(Queue.code, "")


def _case_flags(q: StatsQuery) -> dict[str, Any]:
    """The 0/1 columns a case row sums: decisions, notices, 容缺 and deadline outcomes."""
    f = CaseFact
    today = q.today
    open_gap = f.gap_state == "open"
    overdue_gap = open_gap & (f.gap_deadline < today)
    limited = (
        f.decision.in_(_UNDER_LIMIT) & f.promised_date.is_not(None) & (f.gap_state != "broken")
    )
    done = f.done_day.is_not(None)
    flags: dict[str, Any] = {name: f.decision == kind.value for name, kind in _DECISIONS.items()}
    flags |= {
        "notices_given": f.notice_given.is_(True),
        "gaps_kept": f.gap_state == "kept",
        "gaps_broken": f.gap_state.in_(("broken", "late")) | overdue_gap,
        "gaps_open": open_gap & ~overdue_gap,
        "deadline_kept": limited & done & (f.done_day <= f.promised_date),
        "deadline_overdue": limited
        & or_(
            and_(done, f.done_day > f.promised_date),
            and_(~done, f.promised_date < today),
        ),
        "deadline_running": limited & ~done & (f.promised_date >= today),
    }
    return flags


def case_rows(conn: Connection, q: StatsQuery) -> list[CaseStatsRow]:
    pg = is_postgres(conn)
    f = CaseFact
    base, key = _case_key(q, select().select_from(f))
    flags = _case_flags(q)
    inner = (
        base.add_columns(
            bucket(pg, f.received_day, q.period).label("g_period"),
            key.label("g_key"),
            *(flag(condition).label(name) for name, condition in flags.items()),
        )
        .where(f.hall_code == q.hall_code, f.received_day.between(q.start, q.end))
        .subquery()
    )
    keys = (inner.c.g_period, inner.c.g_key)
    totals = select(
        *keys,
        func.count().label("cases"),
        *(func.sum(inner.c[name]).label(name) for name in flags),
    ).group_by(*keys)
    groups = conn.execute(totals.order_by(*keys)).all()
    labels = group_labels(conn, q.hall_id, q.grouping, [str(g.g_key) for g in groups])
    rows = [
        CaseStatsRow(
            period_start=as_date(g.g_period),
            group_key=str(g.g_key),
            group_label=labels.get(str(g.g_key), str(g.g_key)),
            cases=int(g.cases),
            **{name: int(getattr(g, name)) for name in flags},
        )
        for g in groups
    ]
    return sorted(rows, key=lambda r: row_order(r.period_start, r.group_key))


def precheck_rows(conn: Connection, q: StatsQuery) -> list[PrecheckStatsRow]:
    pg = is_postgres(conn)
    p = PrecheckRecord
    first, after = q.utc_range
    accepted = p.status == PrecheckStatus.ACCEPTED.value
    ready = p.status.in_((PrecheckStatus.HANDED_OVER.value, PrecheckStatus.ACCEPTED.value))
    inner = (
        select(
            bucket(pg, hall_day(pg, p.created_at), q.period).label("g_period"),
            flag(ready).label("ready"),
            flag(accepted).label("accepted"),
        )
        .where(p.hall_code == q.hall_code, p.created_at >= first, p.created_at < after)
        .subquery()
    )
    totals = (
        select(
            inner.c.g_period,
            func.count().label("total"),
            func.sum(inner.c.ready).label("ready"),
            func.sum(inner.c.accepted).label("accepted"),
        )
        .group_by(inner.c.g_period)
        .order_by(inner.c.g_period)
    )
    return [
        PrecheckStatsRow(
            period_start=as_date(row.g_period),
            prechecks=int(row.total),
            ready=int(row.ready),
            became_cases=int(row.accepted),
        )
        for row in conn.execute(totals)
    ]


def missing_materials(conn: Connection, q: StatsQuery) -> list[MaterialCountRow]:
    m = CaseFactMaterial
    times = func.count().label("times")
    query = (
        select(m.material_name, times, func.sum(flag(m.defective.is_(True))).label("defective"))
        .where(m.hall_code == q.hall_code, m.received_day.between(q.start, q.end))
        .group_by(m.material_name)
        .order_by(times.desc(), m.material_name)
        .limit(MOST_MISSING)
    )
    return [
        MaterialCountRow(material_name=row.material_name, times=row.times, defective=row.defective)
        for row in conn.execute(query)
    ]


def load_by_window(conn: Connection, q: StatsQuery) -> list[WindowLoadRow]:
    """Tickets served per window and their mean service time, every window of the hall."""
    pg = is_postgres(conn)
    t = Ticket
    served = (
        select(
            t.window_id,
            func.count().label("served"),
            func.avg(seconds_between(pg, t.called_at, t.finished_at)).label("service"),
        )
        .where(
            t.hall_id == q.hall_id,
            t.service_date.between(q.start, q.end),
            t.status == TicketStatus.FINISHED.value,
        )
        .group_by(t.window_id)
        .subquery()
    )
    query = (
        select(Window.number, Window.label, served.c.served, served.c.service)
        .outerjoin(served, served.c.window_id == Window.id)
        .where(Window.hall_id == q.hall_id)
        .order_by(Window.number)
    )
    return [
        WindowLoadRow(
            window_no=row.number,
            window_label=row.label,
            served=int(row.served or 0),
            service_mean_s=seconds(row.service),
        )
        for row in conn.execute(query)
    ]


def ratings_by_day(conn: Connection, q: StatsQuery) -> list[RatingDayRow]:
    pg = is_postgres(conn)
    first, after = q.utc_range
    inner = (
        select(
            bucket(pg, hall_day(pg, Rating.rated_at), Period.DAY).label("day"),
            flag(Rating.score >= SATISFIED_FROM).label("satisfied"),
            flag(Rating.score < SATISFIED_FROM).label("bad"),
        )
        .where(Rating.hall_id == q.hall_id, Rating.rated_at >= first, Rating.rated_at < after)
        .subquery()
    )
    totals = (
        select(
            inner.c.day,
            func.count().label("ratings"),
            func.sum(inner.c.satisfied).label("satisfied"),
            func.sum(inner.c.bad).label("bad"),
        )
        .group_by(inner.c.day)
        .order_by(inner.c.day)
    )
    rows = []
    for row in conn.execute(totals):
        day = as_date(row.day)
        if day is not None:
            rows.append(
                RatingDayRow(
                    day=day,
                    ratings=int(row.ratings),
                    satisfaction_rate=rate(row.satisfied, row.ratings),
                    bad=int(row.bad),
                )
            )
    return rows
