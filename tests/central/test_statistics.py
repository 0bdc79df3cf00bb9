"""Hall statistics on SQLite and PostgreSQL, checked against the same figures computed in
plain Python over the generated rows (tests/stats_data.py) and the generated cases."""

from __future__ import annotations

import random
import statistics as pystats
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from clerk_app.central.db import make_engine
from clerk_app.central.models import CaseRecord, Hall, Queue, Window, Zone
from clerk_app.central.queue_models import Rating, Ticket
from clerk_app.central.services import statistics as stats
from clerk_app.central.services.statistics_facts import record_on
from clerk_app.contract.statistics import Grouping, Period, StatisticsOut
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    MaterialCheck,
    MaterialState,
)
from clerk_app.domain.hall_time import in_hall_time
from tests.central.conftest import Central, make_case
from tests.stats_data import HallShape, ratings, tickets, working_days

START, END = date(2026, 11, 2), date(2026, 11, 27)
TODAY = date(2026, 11, 23)  # the test server's clock (conftest: 2026-11-23)


@dataclass
class StatsData:
    central: Central
    tickets: list[dict[str, Any]]
    ratings: list[dict[str, Any]]
    cases: list[Case]
    queue_code: dict[int, str]
    zone_code: dict[int, str]
    window_no: dict[int, int]

    def run(self, period: Period, grouping: Grouping) -> StatisticsOut:
        engine = make_engine(self.central.url)
        try:
            with engine.connect() as conn:
                q = stats.make_query(conn, "HS01", START, END, period, grouping, TODAY)
                return stats.statistics(conn, q)
        finally:
            engine.dispose()


def _cases(
    item_pool: list[Any], ticket_rows: list[dict[str, Any]], rng: random.Random
) -> list[Case]:
    """Cases of every decision and outcome, each received on a served ticket."""
    served = [t for t in ticket_rows if t["status"] == "finished"]
    out: list[Case] = []
    for sequence, ticket in enumerate(rng.sample(served, 60), start=1):
        item = rng.choice(item_pool)
        received = ticket["called_at"] + timedelta(minutes=2)
        base = make_case(item, sequence=sequence, received_at=received)
        day = in_hall_time(received).date()
        base = replace(
            base,
            ticket_no=ticket["number"],
            promised_date=day + timedelta(days=rng.choice((3, 7, 14))),
            clerk=rng.choice(("clerk01", "super01")),
        )
        out.append(_outcome(base, rng, received))
    return out


def _outcome(case: Case, rng: random.Random, received: datetime) -> Case:
    kind = rng.choice(list(DecisionKind))
    assert case.promised_date is not None
    first = case.checks[0]
    gap = MaterialCheck(first.material, MaterialState.MISSING)
    defect = MaterialCheck(first.material, MaterialState.DEFECTIVE, defect_reason="模糊")
    if kind is DecisionKind.MISSING_NOTICE:
        checks = (rng.choice((gap, defect)), *case.checks[1:])
        return replace(
            case, checks=checks, decision=Decision(kind), status=CaseStatus.MISSING_NOTICE
        )
    if kind is DecisionKind.REFUSE:
        return replace(
            case, decision=Decision(kind, reason="不属于本机关"), status=CaseStatus.REFUSED
        )
    if kind is DecisionKind.COMPLETE_ON_SPOT:
        done = CaseEvent(received, "clerk01", "1号窗口", "status", CaseStatus.COMPLETED)
        return replace(case, decision=Decision(kind), status=CaseStatus.COMPLETED).with_event(done)
    if kind is DecisionKind.ACCEPT_WITH_GAPS:
        deadline = case.promised_date - timedelta(days=1)
        case = replace(
            case,
            decision=Decision(kind, commitment_deadline=deadline, commitment_signed=True),
            status=CaseStatus.ACCEPTED_WITH_GAPS,
        )
        fate = rng.choice(("open", "supplied", "late", "terminated"))
        if fate == "open":
            return replace(case, checks=(gap, *case.checks[1:]))
        if fate == "terminated":
            end = CaseEvent(
                received + timedelta(days=9), "dept", "部门", "terminated", CaseStatus.TERMINATED
            )
            return replace(
                case, checks=(gap, *case.checks[1:]), status=CaseStatus.TERMINATED
            ).with_event(end)
        days = 0 if fate == "supplied" else 30
        supplied = CaseEvent(received + timedelta(days=days), "clerk01", "1号窗口", "gap_supplied")
        case = case.with_event(supplied)
    # accepted (or supplied): approved on time, late, or still in review
    fate = rng.choice(("on_time", "late", "running"))
    if fate == "running":
        return case
    days = 1 if fate == "on_time" else 20
    approved = CaseEvent(
        received + timedelta(days=days), "dept", "部门", "status", CaseStatus.APPROVED
    )
    return replace(case, status=CaseStatus.APPROVED).with_event(approved)


def _insert_case(conn: Any, case: Case) -> None:
    conn.execute(
        insert(CaseRecord),
        {
            "number": case.number,
            "hall_code": case.hall_code,
            "window_no": case.window_no,
            "item_code": case.item.code,
            "item_version": case.item.version,
            "item_name": case.item.name,
            "applicant_id_number": case.applicant.id_number,
            "applicant_name": case.applicant.name,
            "status": case.status.value,
            "received_at": case.received_at,
            "data": case.to_dict(),
            "uploaded_at": case.received_at,
            "uploaded_by": case.clerk,
            "version": 1,
        },
    )
    record_on(conn, case)


@pytest.fixture
def data(central: Central) -> Iterator[StatsData]:
    engine = make_engine(central.url)
    try:
        with engine.begin() as conn:
            hall_id = conn.scalar(select(Hall.id).where(Hall.code == "HS01"))
            queues = conn.execute(
                select(Queue.id, Queue.prefix, Queue.code, Queue.zone_id).where(
                    Queue.hall_id == hall_id
                )
            ).all()
            zones = dict(conn.execute(select(Zone.id, Zone.code)).all())
            windows = conn.execute(
                select(Window.id, Window.number)
                .where(Window.hall_id == hall_id)
                .order_by(Window.number)
            ).all()
            shape = HallShape(
                hall_id,
                [(q.id, q.prefix) for q in queues],
                [(w.id, w.number) for w in windows],
                ["clerk01", "super01"],
            )
            # a week before and after the range too: they must not count
            days = working_days(START - timedelta(days=7), 30)
            ticket_rows = list(tickets(shape, days, per_window=12, seed=5))
            rating_rows = list(ratings(shape, ticket_rows, share=0.5, seed=6))
            conn.execute(insert(Ticket), ticket_rows)
            conn.execute(insert(Rating), rating_rows)
            items = [i for i in central.catalog.items if i.materials][:6]
            cases = _cases(items, ticket_rows, random.Random(8))
            for case in cases:
                _insert_case(conn, case)
        yield StatsData(
            central,
            ticket_rows,
            rating_rows,
            cases,
            {q.id: q.code for q in queues},
            {q.id: zones.get(q.zone_id, "") for q in queues},
            {w.id: w.number for w in windows},
        )
    finally:
        engine.dispose()


# ------------------------------------------------------------------ the same, in plain Python


def _period(day: date, period: Period) -> date | None:
    if period is Period.ALL:
        return None
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    return day


def _pct(values: list[float], p: float) -> float | None:
    """percentile_cont: linear interpolation between the closest ranks."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return pystats.quantiles(values, n=100, method="inclusive")[round(p * 100) - 1]


def _ticket_key(d: StatsData, t: dict[str, Any], grouping: Grouping) -> str:
    if grouping is Grouping.QUEUE:
        return d.queue_code[t["queue_id"]]
    if grouping is Grouping.ZONE:
        return d.zone_code[t["queue_id"]]
    if grouping is Grouping.WINDOW:
        return str(d.window_no[t["window_id"]]) if t["window_id"] else ""
    if grouping is Grouping.CLERK:
        return t["clerk"] or ""
    return ""


def _expected_tickets(
    d: StatsData, period: Period, grouping: Grouping
) -> dict[tuple[Any, str], dict[str, Any]]:
    groups: dict[tuple[Any, str], list[dict[str, Any]]] = defaultdict(list)
    for t in d.tickets:
        if START <= t["service_date"] <= END:
            groups[(_period(t["service_date"], period), _ticket_key(d, t, grouping))].append(t)
    out = {}
    for key, rows in groups.items():
        served = [t for t in rows if t["status"] == "finished"]
        waits = [(t["called_at"] - t["issued_at"]).total_seconds() for t in served]
        services = [(t["finished_at"] - t["called_at"]).total_seconds() for t in served]
        out[key] = {
            "issued": len(rows),
            "served": len(served),
            "no_show": sum(t["status"] in ("missed", "cancelled") for t in rows),
            "wait_mean_s": pystats.fmean(waits) if waits else None,
            "wait_p50_s": _pct(waits, 0.5),
            "wait_p90_s": _pct(waits, 0.9),
            "service_mean_s": pystats.fmean(services) if services else None,
            "service_p50_s": _pct(services, 0.5),
            "service_p90_s": _pct(services, 0.9),
        }
    return out


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 0.11)


@pytest.mark.parametrize(
    ("period", "grouping"),
    [
        (Period.DAY, Grouping.NONE),
        (Period.WEEK, Grouping.WINDOW),
        (Period.MONTH, Grouping.QUEUE),
        (Period.ALL, Grouping.CLERK),
        (Period.WEEK, Grouping.ZONE),
    ],
)
def test_ticket_figures_match_plain_python(
    data: StatsData, period: Period, grouping: Grouping
) -> None:
    result = data.run(period, grouping)
    expected = _expected_tickets(data, period, grouping)
    got = {(r.period_start, r.group_key): r for r in result.tickets}
    assert set(got) == set(expected)
    for key, want in expected.items():
        row = got[key].model_dump()
        for name, value in want.items():
            if isinstance(value, int):
                assert row[name] == value, (key, name)
            else:
                assert _close(row[name], value), (key, name, row[name], value)
    assert sum(r.issued for r in result.tickets) == sum(
        START <= t["service_date"] <= END for t in data.tickets
    )


def _rating_day(r: dict[str, Any]) -> date:
    return in_hall_time(r["rated_at"]).date()


def test_rating_figures_and_series_match_plain_python(data: StatsData) -> None:
    result = data.run(Period.WEEK, Grouping.WINDOW)
    inside = [r for r in data.ratings if START <= _rating_day(r) <= END]
    groups: dict[tuple[Any, str], list[dict[str, Any]]] = defaultdict(list)
    for r in inside:
        groups[(_period(_rating_day(r), Period.WEEK), str(r["window_no"]))].append(r)
    got = {(r.period_start, r.group_key): r for r in result.ratings}
    assert set(got) == set(groups)
    for key, rows in groups.items():
        row = got[key]
        good = sum(r["score"] >= 3 for r in rows)
        assert (row.ratings, row.satisfied) == (len(rows), good)
        assert row.bad == len(rows) - good
        done = [r for r in rows if r["followup_status"] == "done"]
        assert row.bad_followed_up == len(done)
        assert row.bad_followed_up_on_time == sum(
            in_hall_time(r["followed_up_at"]).date() <= r["followup_due"] for r in done
        )
        assert row.bad_overdue == sum(
            r["followup_status"] == "open" and r["followup_due"] < TODAY for r in rows
        )
        assert row.satisfaction_rate == pytest.approx(good / len(rows), abs=1e-4)
    by_day = Counter(_rating_day(r) for r in inside)
    assert {(d.day, d.ratings) for d in result.ratings_by_day} == set(by_day.items())


def test_wait_by_hour_and_load_per_window_match_plain_python(data: StatsData) -> None:
    result = data.run(Period.ALL, Grouping.NONE)
    inside = [t for t in data.tickets if START <= t["service_date"] <= END]
    hours = Counter(in_hall_time(t["issued_at"]).hour for t in inside)
    assert {(h.hour, h.issued) for h in result.wait_by_hour} == set(hours.items())
    for h in result.wait_by_hour:
        waits = [
            (t["called_at"] - t["issued_at"]).total_seconds()
            for t in inside
            if t["status"] == "finished" and in_hall_time(t["issued_at"]).hour == h.hour
        ]
        assert _close(h.wait_p90_s, _pct(waits, 0.9))
    served = Counter(data.window_no[t["window_id"]] for t in inside if t["status"] == "finished")
    assert {(w.window_no, w.served) for w in result.load_by_window} == set(served.items())


def _case_expect(c: Case) -> dict[str, int]:
    """The case row's counts for one case, decided here from the Case itself."""
    assert c.decision is not None
    kind = c.decision.kind
    done = next(
        (
            in_hall_time(e.at).date()
            for e in c.events
            if e.status in (CaseStatus.APPROVED, CaseStatus.COMPLETED)
        ),
        None,
    )
    terminated = c.status is CaseStatus.TERMINATED
    gap_open = (
        kind is DecisionKind.ACCEPT_WITH_GAPS
        and not terminated
        and any(ch.state is MaterialState.MISSING for ch in c.checks)
    )
    supplied = [in_hall_time(e.at).date() for e in c.events if e.action == "gap_supplied"]
    deadline = c.decision.commitment_deadline
    late = bool(supplied and deadline and max(supplied) > deadline)
    gap_case = kind is DecisionKind.ACCEPT_WITH_GAPS
    overdue_open = gap_open and deadline is not None and deadline < TODAY
    limited = (
        kind in (DecisionKind.ACCEPT, DecisionKind.ACCEPT_WITH_GAPS, DecisionKind.COMPLETE_ON_SPOT)
        and not terminated
    )
    promised = c.promised_date
    assert promised is not None
    return {
        "cases": 1,
        "accepted": kind is DecisionKind.ACCEPT,
        "accepted_with_gaps": gap_case,
        "missing_notice": kind is DecisionKind.MISSING_NOTICE,
        "refused": kind is DecisionKind.REFUSE,
        "completed_on_spot": kind is DecisionKind.COMPLETE_ON_SPOT,
        "notices_given": kind is DecisionKind.MISSING_NOTICE,
        "gaps_kept": gap_case and not gap_open and not terminated and not late,
        "gaps_broken": gap_case and (terminated or late or overdue_open),
        "gaps_open": gap_open and not overdue_open,
        "deadline_kept": limited and done is not None and done <= promised,
        "deadline_overdue": limited
        and ((done is not None and done > promised) or (done is None and promised < TODAY)),
        "deadline_running": limited and done is None and promised >= TODAY,
    }


def _case_key(c: Case, grouping: Grouping) -> str:
    if grouping is Grouping.DEPARTMENT:
        return c.item.department_code or c.item.department
    if grouping is Grouping.ITEM:
        return c.item.code
    if grouping is Grouping.BASIC_ITEM:  # the same item of every department/county as one
        return c.item.basic_code or c.item.code
    if grouping is Grouping.CLERK:
        return c.clerk
    return ""


@pytest.mark.parametrize(
    "grouping",
    [Grouping.NONE, Grouping.DEPARTMENT, Grouping.ITEM, Grouping.BASIC_ITEM, Grouping.CLERK],
)
def test_case_figures_match_plain_python(data: StatsData, grouping: Grouping) -> None:
    result = data.run(Period.MONTH, grouping)
    expected: dict[tuple[Any, str], Counter[str]] = defaultdict(Counter)
    for c in data.cases:
        assert c.received_at is not None
        day = in_hall_time(c.received_at).date()
        if START <= day <= END:
            expected[(_period(day, Period.MONTH), _case_key(c, grouping))].update(
                {k: int(v) for k, v in _case_expect(c).items()}
            )
    got = {(r.period_start, r.group_key): r.model_dump() for r in result.cases}
    assert set(got) == set(expected)
    for key, want in expected.items():
        for name in _case_expect(data.cases[0]):
            assert got[key][name] == want[name], (key, name)


def test_missing_materials_are_counted_per_case(data: StatsData) -> None:
    result = data.run(Period.ALL, Grouping.NONE)
    want: Counter[str] = Counter()
    for c in data.cases:
        assert c.received_at is not None and c.decision is not None
        day = in_hall_time(c.received_at).date()
        if START <= day <= END and c.decision.kind in (
            DecisionKind.MISSING_NOTICE,
            DecisionKind.ACCEPT_WITH_GAPS,
        ):
            want.update(
                {ch.material.name for ch in c.checks if ch.state is not MaterialState.RECEIVED}
            )
    assert {(m.material_name, m.times) for m in result.missing_materials} == set(want.items())


def test_department_grouping_counts_each_ticket_once_per_department(data: StatsData) -> None:
    result = data.run(Period.ALL, Grouping.DEPARTMENT)
    ticket_of = {(t["service_date"], t["number"]): t for t in data.tickets}
    want: dict[str, set[int]] = defaultdict(set)
    for c in data.cases:
        assert c.received_at is not None
        day = in_hall_time(c.received_at).date()
        if START <= day <= END:
            want[c.item.department_code or c.item.department].add(
                ticket_of[(day, c.ticket_no)]["id"]
            )
    assert {r.group_key: r.issued for r in result.tickets} == {k: len(v) for k, v in want.items()}
    assert all(r.group_label and r.group_label != r.group_key for r in result.tickets)


# ------------------------------------------------------------------------------- the route


@pytest.mark.parametrize(
    "grouping", [Grouping.NONE, Grouping.WINDOW, Grouping.DEPARTMENT, Grouping.BASIC_ITEM]
)
def test_parts_read_at_once_give_the_same_answer(data: StatsData, grouping: Grouping) -> None:
    """What the route answers (the parts on two connections at once on PostgreSQL) equals the
    one-connection read that the tests above check against plain Python."""
    engine = make_engine(data.central.url)
    try:
        with engine.connect() as conn:
            q = stats.make_query(conn, "HS01", START, END, Period.WEEK, grouping, TODAY)
        assert stats.statistics_concurrently(engine, q) == data.run(Period.WEEK, grouping)
    finally:
        engine.dispose()


def test_route_is_for_the_halls_managers(data: StatsData) -> None:
    client = data.central.client
    path = "/api/v1/halls/HS01/statistics"
    params = {
        "start": START.isoformat(),
        "end": END.isoformat(),
        "period": "week",
        "grouping": "queue",
    }
    supervisor = data.central.login("super01")
    answer = client.get(path, params=params, headers=supervisor)
    assert answer.status_code == 200, answer.text
    body = StatisticsOut.model_validate(answer.json())
    assert body.hall_name == "黄石市民之家" and body.grouping is Grouping.QUEUE
    assert sum(r.issued for r in body.tickets) == sum(
        START <= t["service_date"] <= END for t in data.tickets
    )
    clerk = data.central.login("clerk01", window_no=1)
    assert client.get(path, params=params, headers=clerk).status_code == 403
    other = data.central.login("hs02_super01")
    assert client.get(path, params=params, headers=other).status_code == 403
    backwards = {**params, "start": END.isoformat(), "end": START.isoformat()}
    refused = client.get(path, params=backwards, headers=supervisor)
    assert refused.status_code in (400, 422) and "结束日期" in refused.json()["detail"]
    too_long = {**params, "start": "2024-01-01"}
    assert client.get(path, params=too_long, headers=supervisor).status_code in (400, 422)


def test_a_case_written_through_the_api_has_its_facts(central: Central) -> None:
    item = next(i for i in central.catalog.items if i.materials)
    case = make_case(item, sequence=1)
    first = case.checks[0]
    case = replace(
        case,
        checks=(MaterialCheck(first.material, MaterialState.MISSING), *case.checks[1:]),
        decision=Decision(DecisionKind.MISSING_NOTICE),
        status=CaseStatus.MISSING_NOTICE,
    )
    clerk = central.login("clerk01", window_no=1)
    assert (
        central.client.post("/api/v1/cases", json=case.to_dict(), headers=clerk).status_code == 200
    )
    supervisor = central.login("super01")
    day = case.received_at.date() if case.received_at else START
    answer = central.client.get(
        "/api/v1/halls/HS01/statistics",
        params={"start": day.isoformat(), "end": day.isoformat(), "period": "all"},
        headers=supervisor,
    ).json()
    assert answer["cases"][0]["missing_notice"] == 1
    assert answer["missing_materials"] == [
        {"material_name": first.material.name, "times": 1, "defective": 0}
    ]


def test_rows_come_by_period_then_window_number() -> None:
    from clerk_app.central.services.statistics_sql import row_order

    keys = [(date(2026, 11, 9), "10"), (date(2026, 11, 2), "2"), (date(2026, 11, 9), "2")]
    keys += [(date(2026, 11, 9), "SOCIAL"), (None, "1")]
    assert sorted(keys, key=lambda k: row_order(*k)) == [
        (None, "1"),
        (date(2026, 11, 2), "2"),
        (date(2026, 11, 9), "2"),
        (date(2026, 11, 9), "10"),
        (date(2026, 11, 9), "SOCIAL"),
    ]


def test_a_periods_bounds_are_utc_instants_of_hall_midnights() -> None:
    """The bounds are compared with stored UTC times (as text on SQLite): a hall-time bound
    counted the tickets of 00:00-08:00 on the day before."""
    from datetime import UTC

    from clerk_app.central.services.statistics_sql import StatsQuery

    q = StatsQuery(
        1,
        "HS01",
        "大厅",
        date(2026, 11, 23),
        date(2026, 11, 23),
        Period.DAY,
        Grouping.WINDOW,
        date(2026, 11, 23),
    )
    first, after = q.utc_range
    assert (first, after) == (
        datetime(2026, 11, 22, 16, 0, tzinfo=UTC),
        datetime(2026, 11, 23, 16, 0, tzinfo=UTC),
    )
    assert first.tzinfo is UTC and after.tzinfo is UTC
