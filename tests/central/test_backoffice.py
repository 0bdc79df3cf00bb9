"""Department API (后台分类审批) on SQLite and PostgreSQL: scope, transitions, audit, versions,
the change log windows pull, suspension and extension dates, and 4xx for bad requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central import cli
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services import backoffice
from clerk_app.central.services.calendar import server_calendar
from clerk_app.central.services.errors import ServiceError
from clerk_app.central.services.halls import load_hall_config
from clerk_app.central.sync_models import ChangeLog
from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.catalog import Item
from tests.central.conftest import PASSWORD, Central, hall_config, make_case

CAL = server_calendar()  # the published calendar and the hall's table, as the server counts
API = "/api/v1/department/cases"
# Monday 2026-11-23 10:00 in China.
MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def department_staff(username: str, code: str) -> dict[str, Any]:
    return {
        "username": username,
        "display_name": f"审批员{username}",
        "role": "department",
        "password": PASSWORD,
        "window": None,
        "department_code": code,
    }


@dataclass
class Backoffice:
    central: Central
    item: Item  # decided by dept_a
    other_item: Item  # decided by dept_b
    a: dict[str, str]
    b: dict[str, str]
    clerk: dict[str, str]

    def upload(self, sequence: int, item: Item | None = None) -> Case:
        case = make_case(item or self.item, sequence=sequence)
        response = self.central.client.post(
            "/api/v1/cases", json=case.to_dict(), headers=self.clerk
        )
        assert response.status_code == 200, response.text
        return case

    def post(
        self, number: str, action: str, body: dict[str, Any] | None = None, who: str = "a"
    ) -> Any:
        headers = self.a if who == "a" else self.b
        return self.central.client.post(
            f"{API}/{number}/{action}", json=body or {}, headers=headers
        )

    def at(self, moment: datetime) -> None:
        """Move the server's clock (tokens expire, so log in again)."""
        self.central.app.state.clock = lambda: moment
        self.a, self.b = self.central.login("dept_a"), self.central.login("dept_b")

    def changes(self, number: str) -> list[ChangeLog]:
        engine = make_engine(self.central.url)
        try:
            with make_session_factory(engine)() as session:
                return list(
                    session.scalars(
                        select(ChangeLog).where(ChangeLog.key == number).order_by(ChangeLog.seq)
                    )
                )
        finally:
            engine.dispose()


def backoffice_of(central: Central, *more_staff: dict[str, Any]) -> Backoffice:
    """The hall with departments a and b (and ``more_staff``), its clock on MONDAY."""
    item, other = central.catalog.items[0], central.catalog.items[1]
    conf = hall_config()
    conf["staff"] += [
        department_staff("dept_a", item.department_code),
        department_staff("dept_b", other.department_code),
        *more_staff,
    ]
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session:
        load_hall_config(session, conf)
        session.commit()
    engine.dispose()
    central.app.state.clock = lambda: MONDAY
    return Backoffice(
        central,
        item,
        other,
        central.login("dept_a"),
        central.login("dept_b"),
        central.login("clerk01"),
    )


@pytest.fixture
def bo(central: Central) -> Iterator[Backoffice]:
    yield backoffice_of(central)


def test_department_sees_only_its_own_cases(bo: Backoffice) -> None:
    mine = bo.upload(1)
    theirs = bo.upload(2, bo.other_item)
    listed = bo.central.client.get(API, params={"state": "new"}, headers=bo.a)
    assert listed.status_code == 200, listed.text
    assert [c["number"] for c in listed.json()] == [mine.number]
    row = listed.json()[0]
    assert row["status"] == "accepted" and row["applicant_id_masked"].count("*") >= 8
    # Another department's case is "not found", for reading and for acting.
    assert bo.central.client.get(f"{API}/{theirs.number}", headers=bo.a).status_code == 404
    refused = bo.post(theirs.number, "take")
    assert refused.status_code == 404 and "本部门没有" in refused.json()["detail"]
    # A clerk is not a department user.
    clerk = bo.central.client.get(API, headers=bo.clerk)
    assert clerk.status_code == 403 and "部门审批账号" in clerk.json()["detail"]


def test_take_approve_makes_result_ready_with_audit_versions_and_changes(bo: Backoffice) -> None:
    case = bo.upload(1)
    taken = bo.post(case.number, "take", {"note": "材料齐全"})
    assert taken.status_code == 200, taken.text
    assert taken.json()["status"] == "in_review" and taken.json()["version"] == 2
    approved = bo.post(
        case.number,
        "approve",
        {"result_number": "GA-2026-000123", "validity": "2031-11-22", "version": 2},
    )
    assert approved.status_code == 200, approved.text
    view = approved.json()
    assert view["status"] == "result_ready" and view["version"] == 3
    assert view["backoffice"]["notice"]["due"] is True
    assert view["backoffice"]["result"]["number"] == "GA-2026-000123"
    events = view["events"]
    assert [e["status"] for e in events[-3:]] == ["in_review", "approved", "result_ready"]
    assert all(e["actor"] == "dept_a" for e in events[-3:])
    assert "GA-2026-000123" in events[-2]["detail"] and "待通知申请人" in events[-1]["detail"]
    # The window's view of the case (GET /cases/{n}) is a Case the domain reads.
    clerk_view = bo.central.client.get(f"/api/v1/cases/{case.number}", headers=bo.clerk).json()
    stored = Case.from_dict(clerk_view)
    assert stored.status is CaseStatus.RESULT_READY
    # One change per action, with the version the window will compare.
    changes = bo.changes(case.number)
    assert [c.version for c in changes] == [1, 2, 3]
    assert changes[-1].data is not None and changes[-1].data["status"] == "result_ready"
    assert changes[-1].hall_code == "HS01"


def test_stale_version_and_illegal_transitions_are_409(bo: Backoffice) -> None:
    case = bo.upload(1)
    stale = bo.post(case.number, "take", {"version": 7})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    early = bo.post(case.number, "approve", {"result_number": "X1"})
    assert early.status_code == 409 and "不能从「已受理」变为「准予」" in early.json()["detail"]
    assert bo.post(case.number, "take").status_code == 200
    again = bo.post(case.number, "take")
    assert again.status_code == 409
    not_suspended = bo.post(case.number, "resume")
    assert not_suspended.status_code == 409 and "不是暂停状态" in not_suspended.json()["detail"]
    assert bo.changes(case.number)[-1].version == 2  # refusals changed nothing


@pytest.mark.parametrize(
    ("action", "body", "expected"),
    [
        ("suspend", {"reason": "  "}, "请填写暂停理由"),
        ("suspend", {}, "reason"),
        ("extend", {"reason": "专家评审", "working_days": 0}, "working_days"),
        ("extend", {"reason": "专家评审", "working_days": "3"}, "working_days"),
        ("deny", {"result_number": "N1"}, "请填写不予许可的理由"),
        ("approve", {"result_number": ""}, "请填写结果文号"),
        ("approve", {"result_number": "N1", "extra": 1}, "不允许的字段"),
    ],
)
def test_bad_requests_are_422_with_a_reason(
    bo: Backoffice, action: str, body: dict[str, Any], expected: str
) -> None:
    case = bo.upload(1)
    assert bo.post(case.number, "take").status_code == 200
    response = bo.post(case.number, action, body)
    assert response.status_code == 422, response.text
    assert expected in response.json()["detail"]


def test_garbage_never_500(bo: Backoffice) -> None:
    case = bo.upload(1)
    client = bo.central.client
    for response in (
        client.post(f"{API}/{case.number}/take", content=b"{nope", headers=bo.a),
        client.post(f"{API}/{case.number}/take", json=[1, 2], headers=bo.a),
        client.post(f"{API}/{'9' * 41}/take", json={}, headers=bo.a),
        client.get(API, params={"state": "后来"}, headers=bo.a),
        client.post(f"{API}/{case.number}/take", json={}),
    ):
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["detail"]


def test_suspend_and_resume_move_the_promised_date(bo: Backoffice) -> None:
    case = bo.upload(1)
    promised = case.promised_date
    assert promised == date(2026, 12, 4)
    bo.post(case.number, "take")
    suspended = bo.post(case.number, "suspend", {"reason": "需现场核查"})
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["deadline"] == "paused"
    # Suspended Monday, resumed Thursday: Tue, Wed, Thu = 3 working days lost.
    bo.at(MONDAY + timedelta(days=3))
    resumed = bo.post(case.number, "resume", {"note": "核查完毕"})
    assert resumed.status_code == 200, resumed.text
    view = resumed.json()
    assert view["status"] == "in_review"
    assert view["promised_date"] == CAL.add_working_days(promised, 3).isoformat()
    assert view["backoffice"]["suspended_days_total"] == 3
    assert "暂停3个工作日" in view["events"][-1]["detail"]
    assert view["events"][-2]["detail"] == "暂停审批：需现场核查"


def test_extension_without_approval_is_limited_by_the_legal_time_limit(bo: Backoffice) -> None:
    """Up to the legal limit the department extends by itself; past it only the head's
    Art. 42 approval helps (tests/central/test_art42_extension.py), and the refusal says so."""
    case = bo.upload(1)
    bo.post(case.number, "take")
    received = backoffice.china_day(case.received_at) if case.received_at else MONDAY.date()
    limit = CAL.add_working_days(received, bo.item.legal_days)
    room = CAL.working_days_between(date(2026, 12, 4), limit)
    too_far = bo.post(case.number, "extend", {"reason": "专家评审", "working_days": room + 1})
    assert too_far.status_code == 422
    assert f"最多还能延长{room}个工作日" in too_far.json()["detail"]
    assert "须经本机关负责人批准延期" in too_far.json()["detail"]
    if room >= 1:
        ok = bo.post(case.number, "extend", {"reason": "专家评审", "working_days": room})
        assert ok.status_code == 200, ok.text
        assert ok.json()["promised_date"] == limit.isoformat()
        assert ok.json()["events"][-1]["action"] == "updated"


def test_deny_and_deadline_colours_in_the_list(bo: Backoffice) -> None:
    late = bo.upload(1)
    soon = bo.upload(2)
    # Promised 2026-12-04 (Friday); on Wednesday 12-02 two working days are left: yellow.
    bo.at(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    rows = {r["number"]: r for r in bo.central.client.get(API, headers=bo.a).json()}
    assert rows[soon.number]["deadline"] == "yellow"
    assert rows[soon.number]["working_days_left"] == 2
    bo.at(datetime(2026, 12, 7, 2, 0, tzinfo=UTC))
    rows = {r["number"]: r for r in bo.central.client.get(API, headers=bo.a).json()}
    assert (
        rows[late.number]["deadline"] == "red" and rows[late.number]["deadline_label"] == "已超期"
    )
    bo.post(late.number, "take")
    denied = bo.post(late.number, "deny", {"reason": "不符合条件", "result_number": "不予-01"})
    assert denied.status_code == 200, denied.text
    view = denied.json()
    assert view["status"] == "result_ready"
    assert view["backoffice"]["result"]["decision"] == "denied"
    assert view["backoffice"]["result"]["name"] == "不予行政许可决定书"
    assert view["deadline"] == "red"  # decided after the promised date
    ready = bo.central.client.get(API, params={"state": "ready"}, headers=bo.a).json()
    assert [r["number"] for r in ready] == [late.number]


def test_dept_cli_does_the_same_from_a_terminal(
    bo: Backoffice, capsys: pytest.CaptureFixture[str]
) -> None:
    case = bo.upload(1)
    db = ["--db", bo.central.url, "--user", "dept_a"]
    assert cli.main(["dept", "list", *db, "--state", "new"]) == 0
    out = capsys.readouterr().out
    assert case.number in out and "已受理" in out and "共1件（新收案件）" in out
    assert cli.main(["dept", "take", case.number, *db]) == 0
    assert "审批中" in capsys.readouterr().out
    assert cli.main(["dept", "suspend", case.number, *db, "--reason", "补充核查"]) == 0
    assert "暂停审批：补充核查" in capsys.readouterr().out
    assert cli.main(["dept", "resume", case.number, *db]) == 0
    assert "恢复审批，暂停0个工作日" in capsys.readouterr().out
    assert cli.main(["dept", "extend", case.number, *db, "--days", "999", "--reason", "x"]) == 2
    assert "法定办结时限" in capsys.readouterr().err
    approve = ["--result-number", "GA-9", "--validity", "长期有效"]
    assert cli.main(["dept", "approve", case.number, *db, *approve]) == 0
    out = capsys.readouterr().out
    assert "待领取" in out and "GA-9" in out
    # The other department cannot touch it; an unknown user is named.
    other = ["--db", bo.central.url, "--user", "dept_b"]
    assert cli.main(["dept", "take", case.number, *other]) == 2
    assert "本部门没有" in capsys.readouterr().err
    assert cli.main(["dept", "list", "--db", bo.central.url, "--user", "nobody"]) == 2
    assert "没有账号nobody" in capsys.readouterr().err
    assert bo.changes(case.number)[-1].version == 5  # take, suspend, resume, approve


def test_two_simultaneous_takes_one_wins(bo: Backoffice) -> None:
    """Two clerks of the department press 接件 at once: one takes it, the other gets 409."""
    case = bo.upload(1)
    engine = make_engine(bo.central.url)
    factory = make_session_factory(engine)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take() -> None:
        with factory() as session:
            user = cli._dept_user(session, "dept_a")
            barrier.wait()
            try:
                backoffice.take(backoffice.CaseAction(session, user, case.number, MONDAY))
                outcomes.append("taken")
            except ServiceError as exc:
                session.rollback()
                outcomes.append(f"{exc.status_code}")

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    engine.dispose()
    assert sorted(outcomes) == ["409", "taken"]
    assert [c.version for c in bo.changes(case.number)] == [1, 2]
