"""The server decides what a case becomes: forged writes are refused and change nothing.

Every case write (``POST /cases``, each case operation of ``/sync/push``, the department's
actions) goes through ``services/case_writes``: the lifecycle, the caller's role, hall, window
and department, and the version are checked there; the events are the server's; each accepted
write bumps the version, reaches the change log and the hall's audit chain.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CaseRecord
from clerk_app.central.services import audit
from clerk_app.central.services.halls import load_hall_config
from clerk_app.central.sync_models import ChangeLog
from clerk_app.domain.cases import (
    DEPARTMENT_STATUSES,
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
)
from clerk_app.domain.deadlines import extend_promised
from clerk_app.domain.workdays import WorkdayCalendar
from tests.central.conftest import ID_ZHANG, PASSWORD, Central, hall_config, make_case

# Monday 2026-11-23 10:00 in China: the server's clock for every test here.
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DEPT = "/api/v1/department/cases"


def staff(username: str, role: str, window: int | None = None, dept: str | None = None) -> dict:
    return {
        "username": username,
        "display_name": f"测试{username}",
        "role": role,
        "password": PASSWORD,
        "window": window,
        "department_code": dept,
    }


@dataclass
class Hall:
    central: Central
    clerk: dict[str, str]  # clerk01 at window 1
    clerk2: dict[str, str]  # clerk02 at window 2
    dept: dict[str, str]  # the department that decides ``item``
    others: dict[str, dict[str, str]]  # kiosk, evaluator, helpdesk, other hall's clerk

    @property
    def item(self) -> Any:
        return self.central.catalog.items[0]

    def case(self, sequence: int = 1, **kw: Any) -> Case:
        return make_case(self.item, sequence=sequence, **kw)

    def post(self, case: Case | dict[str, Any], who: dict[str, str] | None = None) -> Any:
        body = case.to_dict() if isinstance(case, Case) else case
        return self.central.client.post("/api/v1/cases", json=body, headers=who or self.clerk)

    def push(
        self, *ops: dict[str, Any], who: dict[str, str] | None = None, window_no: int = 1
    ) -> list[dict[str, Any]]:
        response = self.central.client.post(
            "/api/v1/sync/push",
            json={"window_no": window_no, "operations": list(ops)},
            headers=who or self.clerk,
        )
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def push_raw(self, text: str, who: dict[str, str] | None = None) -> Any:
        headers = {**(who or self.clerk), "Content-Type": "application/json"}
        return self.central.client.post("/api/v1/sync/push", content=text, headers=headers)

    def stored(self, number: str) -> tuple[int, dict[str, Any]]:
        with self.session() as session:
            record = session.get(CaseRecord, number)
            assert record is not None
            return record.version, dict(record.data)

    def session(self) -> Any:
        return _Session(self.central.url)

    def department(self, number: str, action: str, body: dict[str, Any] | None = None) -> Any:
        response = self.central.client.post(
            f"{DEPT}/{number}/{action}", json=body or {}, headers=self.dept
        )
        assert response.status_code == 200, response.text
        return response.json()


class _Session:
    """A short-lived session on the test database (engine disposed on exit)."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)

    def __enter__(self) -> Any:
        self.session = make_session_factory(self.engine)()
        return self.session

    def __exit__(self, *exc: object) -> None:
        self.session.close()
        self.engine.dispose()


def op(case: Case | dict[str, Any], base: int | None, kind: str = "case.update") -> dict[str, Any]:
    data = case.to_dict() if isinstance(case, Case) else case
    return {
        "op_id": str(uuid.uuid4()),
        "kind": kind,
        "base_version": base,
        "payload": {"case": data},
    }


def event(case: Case, action: str, status: CaseStatus | None, detail: str = "") -> Case:
    at = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    return case.with_event(CaseEvent(at, "clerk01", "1号窗口", action, status, detail))


@pytest.fixture
def hall(central: Central) -> Iterator[Hall]:
    item = central.catalog.items[0]
    conf = hall_config()
    conf["staff"] += [
        staff("clerk02", "clerk", window=2),
        staff("kiosk01", "kiosk"),
        staff("eval01", "evaluator", 1),
        staff("help01", "helpdesk"),
        staff("dept01", "department", dept=item.department_code),
    ]
    with _Session(central.url) as session:
        load_hall_config(session, conf)
        session.commit()
    central.app.state.clock = lambda: NOW
    others = {
        "kiosk": central.login("kiosk01"),
        "evaluator": central.login("eval01"),
        "helpdesk": central.login("help01"),
        "other_hall": central.login("hs02_clerk01", window_no=1),
    }
    yield Hall(
        central,
        central.login("clerk01", window_no=1),
        central.login("clerk02", window_no=2),
        central.login("dept01"),
        others,
    )


def _refused(results: list[dict[str, Any]]) -> bool:
    return all(r["status"] in ("rejected", "conflict") and r["detail"] for r in results)


# ----------------------------------------------------------------------------- who writes


@pytest.mark.parametrize("role", ["kiosk", "evaluator", "helpdesk"])
def test_tokens_that_do_not_work_a_window_cannot_write_cases(hall: Hall, role: str) -> None:
    case = hall.case()
    assert hall.post(case).status_code == 200
    before = hall.stored(case.number)
    who = hall.others[role]
    delivered = replace(case, status=CaseStatus.DELIVERED)
    response = hall.post(delivered, who)
    assert response.status_code == 403, response.text
    pushed = hall.central.client.post(
        "/api/v1/sync/push",
        json={"operations": [op(delivered, 1), op(hall.case(2), None, "case.create")]},
        headers=who,
    )
    # refused as a whole (403) or operation by operation: either way nothing is written
    assert pushed.status_code in (200, 403), pushed.text
    if pushed.status_code == 200:
        assert _refused(pushed.json()["results"])
    assert hall.stored(case.number) == before
    with hall.session() as session:
        assert session.get(CaseRecord, hall.case(2).number) is None


def test_a_status_jump_to_delivered_is_refused(hall: Hall) -> None:
    case = hall.case()
    [created] = hall.push(op(case, None, "case.create"))
    assert created["status"] == "applied" and created["version"] == 1
    jump = event(replace(case, status=CaseStatus.DELIVERED), "delivered", CaseStatus.DELIVERED)
    [result] = hall.push(op(jump, 1))
    assert result["status"] == "rejected"
    assert "不能从「已受理」变为「已领取」" in result["detail"]
    assert hall.stored(case.number) == (1, created["case"])
    # department statuses are never a window's, even as a legal next step
    review = event(replace(case, status=CaseStatus.IN_REVIEW), "status", CaseStatus.IN_REVIEW)
    [result] = hall.push(op(review, 1))
    assert result["status"] == "rejected" and "审批部门" in result["detail"]
    # the attempts are kept in the hall's audit trail (the writes themselves are not)
    response = hall.post(replace(jump, applicant=replace(jump.applicant, mobile="13900000000")))
    assert response.status_code == 409
    with hall.session() as session:
        refused = session.scalars(
            select(AuditEntry).where(
                AuditEntry.subject == case.number, AuditEntry.action == "case.refused"
            )
        ).all()
        assert [(e.actor, e.detail["op"]) for e in refused] == [
            ("clerk01", "case.update"),
            ("clerk01", "case.update"),
            ("clerk01", "POST /cases"),
        ]
        assert "13900000000" not in json.dumps([e.detail for e in refused], ensure_ascii=False)
        assert all(report.ok for report in audit.verify(session))
    assert hall.stored(case.number) == (1, created["case"])


def test_invented_events_are_recorded_as_the_servers(hall: Hall) -> None:
    case = hall.case()
    hall.push(op(case, None, "case.create"))
    forged_at = datetime(2020, 1, 1, tzinfo=UTC)
    forged = case.with_event(
        CaseEvent(forged_at, "gahz01", "公安局", "status", CaseStatus.APPROVED, "准予（伪造）")
    )
    [result] = hall.push(op(forged, 1))
    assert result["status"] == "applied" and result["version"] == 2
    version, data = hall.stored(case.number)
    assert (version, data) == (2, result["case"])
    stored = Case.from_dict(data)
    assert stored.status is CaseStatus.ACCEPTED
    first, last = stored.events[0], stored.events[-1]
    # the window's creation event and the "forged" one: the server's actor, clock and status
    assert (first.actor, first.at, first.window) == ("clerk01", NOW, "1号窗口")
    assert (last.actor, last.at, last.status) == ("clerk01", NOW, CaseStatus.ACCEPTED)
    assert last.detail == "准予（伪造）"  # the request's note is kept, as the clerk's
    assert not any(e.actor == "gahz01" or e.at == forged_at for e in stored.events)


def test_department_fields_are_never_written_by_a_window(hall: Hall) -> None:
    case = hall.case()
    assert hall.post(case).status_code == 200
    hall.department(case.number, "take")
    view = hall.department(
        case.number, "approve", {"result_number": "GA-2026-1", "validity": "长期有效"}
    )
    version, server = hall.stored(case.number)
    assert version == 3 and server["backoffice"]["result"]["number"] == "GA-2026-1"
    pulled = Case.from_dict(server)
    # the window rewrites what the department owns and hands the result out
    tampered = replace(
        pulled,
        status=CaseStatus.DELIVERED,
        promised_date=date(2030, 1, 1),
        decision=None,
        applicant=replace(pulled.applicant, mobile="13900000000"),
        delivery_mode="window",
    )
    tampered = event(tampered, "delivered", CaseStatus.DELIVERED, "已领取")
    # the department's record itself is not part of a window's case at all
    with_record = {**tampered.to_dict(), "backoffice": {"result": {"number": "FAKE"}}}
    [result] = hall.push(op(with_record, version, "case.deliver"))
    assert result["status"] == "rejected" and "backoffice" in result["detail"]
    assert hall.stored(case.number) == (version, server)
    [result] = hall.push(op(tampered, version, "case.deliver"))
    assert result["status"] == "applied", result
    version, data = hall.stored(case.number)
    assert version == 4 and data["status"] == "delivered"
    assert data["backoffice"] == server["backoffice"]  # the department's record is kept
    assert data["promised_date"] == server["promised_date"]
    assert data["decision"] == server["decision"]
    assert data["applicant"]["mobile"] == server["applicant"]["mobile"]
    assert data["events"][: len(server["events"])] == server["events"]
    assert view["status"] == "result_ready"


def test_another_halls_case_and_another_window_are_refused(hall: Hall) -> None:
    mine = hall.case()
    assert hall.post(mine).status_code == 200
    before = hall.stored(mine.number)
    other = hall.others["other_hall"]
    # a clerk of HS02 writes HS01's case: by push and by POST
    [result] = hall.push(op(event(mine, "note", None, "改"), 1), who=other)
    assert result["status"] == "rejected" and "HS01" in result["detail"]
    assert hall.post(mine, other).status_code == 409
    # an HS02 case number carrying HS01 as its hall (and the other way round)
    foreign = make_case(hall.item, hall_code="HS02")
    [result] = hall.push(op(foreign, None, "case.create"))
    assert result["status"] == "rejected"
    # window 2's clerk creates a case of window 1; window 1 one of window 3
    [result] = hall.push(op(hall.case(2), None, "case.create"), who=hall.clerk2, window_no=1)
    assert result["status"] == "rejected" and "2号窗口" in result["detail"]
    third = make_case(hall.item, window_no=3, sequence=3)
    [result] = hall.push(op(third, None, "case.create"), window_no=3)
    assert result["status"] == "rejected" and "3号窗口" in result["detail"]
    assert hall.post(third).status_code == 409
    assert hall.stored(mine.number) == before
    with hall.session() as session:
        numbers = set(session.scalars(select(CaseRecord.number)))
    assert numbers == {mine.number}
    # window 2 may still hand out or print a case received at window 1: it stays window 1's
    printed = event(mine, "printed", None, "补打 受理通知书")
    [result] = hall.push(op(printed, 1, "case.print"), who=hall.clerk2, window_no=2)
    assert result["status"] == "applied"
    data = hall.stored(mine.number)[1]
    assert data["window_no"] == 1 and data["events"][-1]["window"] == "2号窗口"


@pytest.mark.parametrize(
    "status", [CaseStatus.RESULT_READY, CaseStatus.DELIVERED, CaseStatus.APPROVED]
)
def test_a_new_case_is_born_only_at_a_window_status(hall: Hall, status: CaseStatus) -> None:
    case = hall.case(status=status)
    [result] = hall.push(op(case, None, "case.create"))
    assert result["status"] == "rejected" and "新案件不能以" in result["detail"]
    response = hall.post(case)
    assert response.status_code == 409 and "新案件不能以" in response.json()["detail"]
    with hall.session() as session:
        assert session.get(CaseRecord, case.number) is None


def test_re_posting_an_approved_case_does_not_roll_it_back(hall: Hall) -> None:
    case = hall.case()
    assert hall.post(case).status_code == 200
    hall.department(case.number, "take")
    hall.department(case.number, "approve", {"result_number": "GA-2026-2"})
    before = hall.stored(case.number)
    changed = replace(case, applicant=replace(case.applicant, mobile="13911111111"))
    for who in (hall.clerk, hall.clerk2, *hall.others.values()):
        response = hall.post(changed, who)
        assert response.status_code in (403, 409), response.text
    # even sent as the server holds it (result_ready), a new phone is not the window's now
    as_held = {**before[1], "applicant": changed.applicant.to_dict()}
    as_held.pop("backoffice")
    assert hall.post(as_held).status_code == 200
    assert hall.stored(case.number) == before


# ----------------------------------------------------------------------------- the record


def test_every_accepted_write_is_versioned_logged_and_audited(hall: Hall) -> None:
    received = hall.case(status=CaseStatus.RECEIVED)
    assert hall.post(received).status_code == 200  # v1: POST /cases now logs its change
    accepted = event(replace(received, status=CaseStatus.ACCEPTED), "decided", CaseStatus.ACCEPTED)
    [r2] = hall.push(op(accepted, 1))
    printed = event(accepted, "printed", None, "打印 受理通知书")
    [r3] = hall.push(op(printed, 2, "case.print"))
    assert (r2["version"], r3["version"]) == (2, 3)
    hall.department(received.number, "take")
    hall.department(received.number, "approve", {"result_number": "GA-2026-3"})
    pulled = Case.from_dict(hall.stored(received.number)[1])
    delivered = event(
        replace(pulled, status=CaseStatus.DELIVERED), "delivered", CaseStatus.DELIVERED
    )
    [r6] = hall.push(op(delivered, 5, "case.deliver"))
    assert r6["version"] == 6
    # the same write again (another op id, the number in lower case) is no change: no
    # version, no log, no audit
    [again] = hall.push(op(replace(delivered, number=delivered.number.lower()), None))
    assert again["status"] == "applied" and again["version"] == 6
    with hall.session() as session:
        changes = session.scalars(
            select(ChangeLog).where(ChangeLog.key == received.number).order_by(ChangeLog.seq)
        ).all()
        assert [c.version for c in changes] == [1, 2, 3, 4, 5, 6]
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.subject == received.number).order_by(AuditEntry.seq)
        ).all()
        assert [(e.action, e.actor) for e in entries] == [
            ("case.create", "clerk01"),
            ("case.accept", "clerk01"),
            ("case.print", "clerk01"),
            ("case.take", "dept01"),
            ("case.approve", "dept01"),
            ("case.deliver", "clerk01"),
        ]
        assert [e.detail["version"] for e in entries] == [1, 2, 3, 4, 5, 6]
        text = json.dumps([e.detail for e in entries], ensure_ascii=False)
        assert ID_ZHANG not in text and "13800138000" not in text
        assert all(report.ok for report in audit.verify(session))


# ----------------------------------------------------------------------------- bad input


def test_one_bad_operation_is_rejected_alone(hall: Hall) -> None:
    good = [hall.case(i).to_dict() for i in (1, 2, 3)]
    long_name = {**hall.case(4).to_dict()}
    long_name["applicant"] = {**long_name["applicant"], "name": "张" * 201}
    bad: list[dict[str, Any]] = [
        long_name,
        {**hall.case(5).to_dict(), "decision": "accept"},
        {**hall.case(6).to_dict(), "events": [1]},
        {**hall.case(7).to_dict(), "window_no": -5},
        {**hall.case(8).to_dict(), "item": {**hall.item.to_dict(), "legal_days": 10**9}},
        {**hall.case(9).to_dict(), "received_at": "0001-01-01T00:00:00+08:00"},
    ]
    ops = [op(good[0], None, "case.create"), *(op(b, None, "case.create") for b in bad)]
    ops += [op(good[1], None, "case.create")]
    text = json.dumps({"window_no": 1, "operations": ops}, ensure_ascii=False)
    # a value JSON can carry but Python's encoder will not write: spliced into the text
    extra = [
        op(hall.case(10).to_dict(), None, "case.create"),
        op(hall.case(11).to_dict(), None, "case.create"),
        op(good[2], None, "case.create"),
    ]
    extra_text = json.dumps(extra, ensure_ascii=False)
    extra_text = extra_text.replace('"window_no": 1,', '"window_no": 1e400,', 1)
    text = text[: -len("]}")] + ", " + extra_text[1:-1] + "]}"
    response = hall.push_raw(text)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    statuses = [r["status"] for r in results]
    assert statuses == ["applied"] + ["rejected"] * 6 + [
        "applied",
        "rejected",
        "applied",
        "applied",
    ]
    assert all("案件" in r["detail"] or "字符" in r["detail"] for r in results if r.get("detail"))
    with hall.session() as session:
        numbers = set(session.scalars(select(CaseRecord.number)))
    assert numbers == {g["number"] for g in good} | {hall.case(11).number}


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00", "2026-13-01T00:00:00"]
)
def test_absurd_receipt_times_are_422(hall: Hall, value: str) -> None:
    body = {**hall.case().to_dict(), "received_at": value}
    response = hall.post(body)
    assert response.status_code == 422, response.text


def test_lone_surrogates_in_a_post_are_422(hall: Hall) -> None:
    text = json.dumps(hall.case().to_dict(), ensure_ascii=False).replace("张三", "\\ud800")
    headers = {**hall.clerk, "Content-Type": "application/json"}
    response = hall.central.client.post("/api/v1/cases", content=text, headers=headers)
    assert response.status_code == 422, response.text
    bad_id = '{"operations": [{"op_id": "\\ud800", "kind": "case.create", "payload": {}}]}'
    response = hall.push_raw(bad_id)
    # refused before any route (422), or, behind a server that lets it through, alone
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["results"][0]["status"] == "rejected"


def test_huge_time_limits_are_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(ValueError, match="合理范围"):
        extend_promised(
            date(2026, 12, 4),
            5,
            received=date(2026, 11, 23),
            legal_days=10**9,
            calendar=WorkdayCalendar(),
        )
    with pytest.raises(ValueError, match="合理范围"):
        extend_promised(
            date(2026, 12, 4),
            10**9,
            received=date(2026, 11, 23),
            legal_days=20,
            calendar=WorkdayCalendar(),
        )
    assert time.perf_counter() - started < 60  # a guard, not a measurement


# ----------------------------------------------------------------------------- property

_WINDOW_PUSHABLE = list(CaseStatus)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(_WINDOW_PUSHABLE), min_size=1, max_size=6), st.data())
def test_window_writes_never_leave_the_lifecycle(
    hall: Hall, statuses: list[CaseStatus], data: st.DataObject
) -> None:
    """Whatever statuses a window asks for, in any order, every stored step is a transition
    of the domain's state machine that a window may make, and a new case starts at a window
    status."""
    sequence = data.draw(st.integers(min_value=100, max_value=9999))
    case = hall.case(sequence, status=statuses[0])
    with hall.session() as session:
        if session.get(CaseRecord, case.number) is not None:
            return  # hypothesis drew this number in an earlier example
    history: list[CaseStatus] = []
    base: int | None = None
    for status in statuses:
        asked = event(replace(case, status=status), "status", status)
        [result] = hall.push(op(asked, base, "case.create" if base is None else "case.update"))
        if result["status"] == "applied":
            base = result["version"]
            case = Case.from_dict(result["case"])
            history.append(case.status)
        else:
            assert result["status"] == "rejected" and result["detail"], result
    if not history:
        return
    assert history[0] not in DEPARTMENT_STATUSES
    for before, after in itertools.pairwise(history):
        assert after is before or after in TRANSITIONS[before]
        assert after not in DEPARTMENT_STATUSES


def test_the_decision_and_the_status_agree(hall: Hall) -> None:
    """A decision's status needs that decision; a new case keeps the receipt and decision
    steps its window recorded (as the counter's acceptance page sends them)."""
    received = hall.case(status=CaseStatus.RECEIVED)
    refused = Decision(DecisionKind.REFUSE, "不属于本机关职权范围")
    created = event(received, "created", CaseStatus.RECEIVED, "收件")
    both = event(replace(created, status=CaseStatus.ACCEPTED), "decided", CaseStatus.ACCEPTED)
    both = replace(both, events=both.events[1:])  # the counter's two events, no others
    [result] = hall.push(op(replace(both, decision=refused), None, "case.create"))
    assert result["status"] == "rejected" and "与受理决定" in result["detail"]
    [result] = hall.push(op(both, None, "case.create"))
    assert result["status"] == "applied", result
    stored = Case.from_dict(result["case"])
    assert [(e.action, e.status) for e in stored.events] == [
        ("created", CaseStatus.RECEIVED),
        ("decided", CaseStatus.ACCEPTED),
    ]
    # and an acceptance is never turned into a refusal afterwards
    over = event(replace(stored, status=CaseStatus.REFUSED), "decided", CaseStatus.REFUSED)
    [result] = hall.push(op(over, 1))
    assert result["status"] == "rejected"


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path of a JSON document (the first two items of a list)."""
    items = data.items() if isinstance(data, dict) else enumerate(data[:2])
    for key, value in items:
        yield (*prefix, key)
        if isinstance(value, dict | list):
            yield from _paths(value, (*prefix, key))


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=5,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_any_value_anywhere_in_a_case_is_answered_without_a_5xx(
    hall: Hall, data: st.DataObject
) -> None:
    """One field of a stored case replaced by any JSON value, pushed and posted: a 4xx or a
    per-operation answer, never a 5xx."""
    case = hall.case().to_dict()
    with hall.session() as session:
        if session.get(CaseRecord, case["number"]) is None:
            assert hall.post(case).status_code == 200
    path = data.draw(st.sampled_from(list(_paths(case))))
    broken = json.loads(json.dumps(case))
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(_JSON)
    base = data.draw(st.sampled_from([None, 0, 1, 2, -1]))
    response = hall.central.client.post(
        "/api/v1/sync/push",
        json={"operations": [op(broken, base)]},
        headers=hall.clerk,
    )
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] in ("applied", "rejected", "conflict")
    assert hall.post(broken).status_code < 500


def test_a_case_written_twice_in_one_push_is_answered_once(hall: Hall) -> None:
    received = hall.case(status=CaseStatus.RECEIVED)
    accepted = event(replace(received, status=CaseStatus.ACCEPTED), "decided", CaseStatus.ACCEPTED)
    first, second = hall.push(op(received, None, "case.create"), op(accepted, 1))
    assert (first["status"], second["status"]) == ("applied", "applied")
    assert "case" not in first and second["case"]["status"] == "accepted"
