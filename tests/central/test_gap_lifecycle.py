"""容缺 follow-up on the server, SQLite and PostgreSQL: 补齐 at another window (a sync
operation) or by the department, no approval and no hand-out while a gap is open, 终止办理
only after the commitment date, each with its audit entry."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CaseRecord
from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, MaterialCheck
from tests.central.conftest import make_case
from tests.central.test_backoffice import Backoffice, bo  # noqa: F401  (the fixture)

DUE = date(2026, 11, 25)  # Wednesday; the server's clock is Monday 2026-11-23
APPROVE = {"result_number": "BDC-2026-0001"}


def _gap_case(bo: Backoffice, sequence: int) -> Case:  # noqa: F811
    case = make_case(bo.item, sequence=sequence, status=CaseStatus.ACCEPTED_WITH_GAPS)
    first = case.checks[0]
    gap = MaterialCheck(replace(first.material, gap_allowed=True, required=True))
    return replace(
        case,
        checks=(gap, *case.checks[1:]),
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS, commitment_deadline=DUE, commitment_signed=True
        ),
    )


def _upload(bo: Backoffice, case: Case) -> None:  # noqa: F811
    response = bo.central.client.post("/api/v1/cases", json=case.to_dict(), headers=bo.clerk)
    assert response.status_code == 200, response.text


def _push(bo: Backoffice, headers: dict[str, str], window: int, op: dict[str, Any]) -> Any:  # noqa: F811
    response = bo.central.client.post(
        "/api/v1/sync/push", json={"window_no": window, "operations": [op]}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["results"][0]


def _supply_op(case: Case, codes: list[str], base: int | None = None) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "kind": "case.supply",
        "base_version": base,
        "payload": {"case": case.to_dict(), "materials": codes, "note": "原件已核"},
    }


def _deliver_op(data: dict[str, Any], base: int) -> dict[str, Any]:
    handed = Case.from_dict(data)
    handed = replace(handed, status=CaseStatus.DELIVERED)
    return {
        "op_id": str(uuid.uuid4()),
        "kind": "case.deliver",
        "base_version": base,
        "payload": {"case": {**handed.to_dict()}},
    }


def _audit_actions(bo: Backoffice, number: str) -> list[str]:  # noqa: F811
    engine = make_engine(bo.central.url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.subject == number)
                .order_by(AuditEntry.id)
            )
            return list(rows)
    finally:
        engine.dispose()


def test_supply_at_another_window_then_approve_and_hand_out(bo: Backoffice) -> None:  # noqa: F811
    case = _gap_case(bo, 1)
    code = case.checks[0].material.code
    _upload(bo, case)
    assert bo.post(case.number, "take").status_code == 200
    refused = bo.post(case.number, "approve", APPROVE)
    assert refused.status_code == 409 and "尚未补齐，不能作出准予决定" in refused.json()["detail"]
    view = bo.central.client.get(f"/api/v1/department/cases/{case.number}", headers=bo.a).json()
    assert [g["code"] for g in view["gaps"]] == [code] and view["commitment_date"] == "2026-11-25"
    assert view["gap_deadline"] == "yellow" and view["gap_deadline_label"] == "即将到期"
    # the applicant brings it to window 2: a 补齐 on the server's latest version
    other = bo.central.login("super01", window_no=2)
    wrong = _push(bo, other, 2, _supply_op(case, ["NO-SUCH"]))
    assert wrong["status"] == "rejected" and "不是案件" in wrong["detail"]
    done = _push(bo, other, 2, _supply_op(case, [code], base=1))
    assert done["status"] == "applied" and done["version"] == 3, done
    last = done["case"]["events"][-1]
    assert (last["action"], last["window"], last["actor"]) == ("gap_supplied", "2号窗口", "super01")
    assert "容缺材料已全部补齐" in last["detail"] and last["status"] == "in_review"
    assert done["case"]["checks"][0]["state"] == "received"
    again = _push(bo, other, 2, _supply_op(case, [code]))
    assert again["status"] == "rejected" and "没有待补齐" in again["detail"]
    approved = bo.post(case.number, "approve", APPROVE)
    assert approved.status_code == 200, approved.text
    assert approved.json()["gaps"] == [] and approved.json()["gap_deadline"] == "none"
    held = bo.central.client.get(f"/api/v1/cases/{case.number}", headers=bo.clerk).json()
    handed = _push(bo, bo.clerk, 1, _deliver_op(held, approved.json()["version"]))
    assert handed["status"] == "applied", handed
    actions = _audit_actions(bo, case.number)
    assert actions.count("case.supply") == 1 and "case.approve" in actions
    assert actions[-1] == "case.deliver"


def test_department_records_supply_and_refuses_a_wrong_one(bo: Backoffice) -> None:  # noqa: F811
    case = _gap_case(bo, 2)
    code = case.checks[0].material.code
    _upload(bo, case)
    empty = bo.post(case.number, "supply", {"materials": []})
    assert empty.status_code == 422
    wrong = bo.post(case.number, "supply", {"materials": [case.checks[1].material.code]})
    assert wrong.status_code == 409 and "不是案件" in wrong.json()["detail"]
    theirs = bo.post(case.number, "supply", {"materials": [code]}, who="b")
    assert theirs.status_code == 404
    done = bo.post(case.number, "supply", {"materials": [code], "note": "邮寄收到", "version": 1})
    assert done.status_code == 200, done.text
    view = done.json()
    assert view["gaps"] == [] and view["version"] == 2 and view["status"] == "accepted_with_gaps"
    assert (
        view["events"][-1]["action"] == "gap_supplied"
        and "邮寄收到" in view["events"][-1]["detail"]
    )
    assert view["events"][-1]["actor"] == "dept_a"
    assert "case.supply" in _audit_actions(bo, case.number)


def test_terminate_only_after_the_commitment_date(bo: Backoffice) -> None:  # noqa: F811
    case = _gap_case(bo, 3)
    _upload(bo, case)
    early = bo.post(case.number, "terminate", {"reason": "逾期未补齐"})
    assert early.status_code == 409 and "尚未届满" in early.json()["detail"]
    bo.at(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    listed = bo.central.client.get(
        "/api/v1/department/cases", params={"state": "new"}, headers=bo.a
    ).json()
    assert [(c["number"], c["gap_deadline"]) for c in listed] == [(case.number, "red")]
    no_reason = bo.post(case.number, "terminate", {"reason": " "})
    assert no_reason.status_code == 422
    ended = bo.post(case.number, "terminate", {"reason": "承诺期限届满仍未补齐"})
    assert ended.status_code == 200, ended.text
    view = ended.json()
    assert view["status"] == "result_ready" and view["gaps"] == []
    assert view["backoffice"]["result"]["decision"] == "terminated"
    assert [e["status"] for e in view["events"][-2:]] == ["terminated", "result_ready"]
    assert "承诺期限届满仍未补齐" in view["events"][-2]["detail"]
    assert "case.terminate" in _audit_actions(bo, case.number)
    # the termination notice goes out at the window like a result
    clerk = bo.clerk = bo.central.login("clerk01")
    held = bo.central.client.get(f"/api/v1/cases/{case.number}", headers=clerk).json()
    handed = _push(bo, clerk, 1, _deliver_op(held, view["version"]))
    assert handed["status"] == "applied", handed
    # a case without a gap is never terminated
    full = make_case(bo.item, sequence=4)
    _upload(bo, full)
    assert bo.post(full.number, "terminate", {"reason": "x"}).status_code == 409


def test_no_hand_out_of_a_result_with_an_open_gap(bo: Backoffice) -> None:  # noqa: F811
    """A case approved before the rule existed (its data says so) still cannot go out."""
    case = _gap_case(bo, 5)
    _upload(bo, case)
    engine = make_engine(bo.central.url)
    with make_session_factory(engine)() as session:
        record = session.get(CaseRecord, case.number)
        assert record is not None
        data = {**record.data, "status": "result_ready"}
        session.execute(
            update(CaseRecord)
            .where(CaseRecord.number == case.number)
            .values(status="result_ready", data=data)
        )
        session.commit()
    engine.dispose()
    held = bo.central.client.get(f"/api/v1/cases/{case.number}", headers=bo.clerk).json()
    refused = _push(bo, bo.clerk, 1, _deliver_op(held, 1))
    assert refused["status"] == "rejected" and "尚未补齐，不能出件" in refused["detail"]
    assert _audit_actions(bo, case.number)[-1] == "case.refused"


def test_department_page_shows_the_gap_and_offers_supply_then_termination(
    bo: Backoffice,  # noqa: F811
) -> None:
    from tests.central.test_department_page import PAGE, csrf_of, form, log_in

    supplied, late = _gap_case(bo, 6), _gap_case(bo, 7)
    _upload(bo, supplied)
    _upload(bo, late)
    html = log_in(bo)
    assert f'<tr class="yellow" id="case-{late.number}">' in html
    assert "待补齐，承诺期限2026-11-25（即将到期）" in html
    token = csrf_of(html)
    code = supplied.checks[0].material.code
    status, html = form(
        bo, f"{PAGE}/cases/{supplied.number}/supply", {"csrf": token, "material": code}
    )
    assert status == 200 and "已登记补齐" in html and "待补齐材料" not in html
    bo.at(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    html = log_in(bo)
    assert f'<tr class="red" id="case-{late.number}">' in html
    page = bo.central.client.get(f"{PAGE}/cases/{late.number}").text
    assert "待补齐材料" in page and "终止办理（容缺承诺期限已过" in page
    status, html = form(
        bo, f"{PAGE}/cases/{late.number}/terminate", {"csrf": csrf_of(page), "reason": "逾期"}
    )
    assert status == 200 and "已终止办理" in html and "终止办理：《终止办理通知书》" in html


def test_dept_cli_supplies_and_terminates(
    bo: Backoffice,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    from clerk_app.central import cli

    supplied, late = _gap_case(bo, 8), _gap_case(bo, 9)
    _upload(bo, supplied)
    _upload(bo, late)
    db = ["--db", bo.central.url, "--user", "dept_a"]
    assert cli.main(["dept", "list", *db, "--state", "new"]) == 0
    # the command runs on the real clock: the commitment date 2026-11-25 has passed
    assert "【待补齐，承诺期限2026-11-25，已超期】" in capsys.readouterr().out
    code = supplied.checks[0].material.code
    assert cli.main(["dept", "supply", supplied.number, *db, "--material", code]) == 0
    assert "容缺材料已全部补齐" in capsys.readouterr().out
    assert cli.main(["dept", "terminate", supplied.number, *db, "--reason", "逾期"]) == 2
    assert "只有容缺材料逾期未补齐" in capsys.readouterr().err
    assert cli.main(["dept", "terminate", late.number, *db, "--reason", "逾期"]) == 0
    assert "终止办理通知书" in capsys.readouterr().out
