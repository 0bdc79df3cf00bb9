"""The department's 不予许可决定书 and 补正 (issue 13 "Printed decisions") on SQLite and
PostgreSQL: through the API, the department page and the CLI, with role, scope, state and
version checks, the audit entry, the change windows pull, and a window that cannot rewrite
what the department issued."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central import cli
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.department_docs import (
    CorrectionLine,
    DepartmentDocKind,
    latest,
    parse_correction_lines,
)
from tests.central.test_backoffice import API, Backoffice, bo  # noqa: F401  (fixture)
from tests.central.test_department_page import csrf_of, form, log_in

CORRECTION = {
    "items": [
        {"material": "户口迁移申请表", "requirement": "迁入地址应与房产证一致，申请人签字"},
        {"material": "不动产权证书复印件", "requirement": "须加盖“与原件一致”并签名"},
    ],
    "working_days": 5,
    "note": "现场核查发现",
}


def audit_actions(bo: Backoffice, number: str) -> list[str]:  # noqa: F811
    """The hall's audit chain on the case, its reads (pii.read) left out."""
    engine = make_engine(bo.central.url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.subject == number, AuditEntry.action != "pii.read")
                .order_by(AuditEntry.seq)
            )
            return list(rows)
    finally:
        engine.dispose()


def window_case(bo: Backoffice, number: str) -> Case:  # noqa: F811
    response = bo.central.client.get(f"/api/v1/cases/{number}", headers=bo.clerk)
    assert response.status_code == 200, response.text
    return Case.from_dict(response.json())


def test_a_denial_keeps_its_written_decision_for_the_window(bo: Backoffice) -> None:  # noqa: F811
    case = bo.upload(1)
    assert bo.post(case.number, "take").status_code == 200
    body = {
        "reason": "申请人不具备法定条件：住所与登记不一致",
        "result_number": "黄公不许〔2026〕7号",
    }
    denied = bo.post(case.number, "deny", body)
    assert denied.status_code == 200, denied.text
    [document] = denied.json()["documents"]
    assert document["kind"] == "denial" and document["number"] == "黄公不许〔2026〕7号"
    # the window reads it back from the server as part of the case
    stored = window_case(bo, case.number)
    denial = latest(stored.department_documents, DepartmentDocKind.DENIAL)
    assert denial is not None
    assert denial.reason == "申请人不具备法定条件：住所与登记不一致"
    assert denial.department == bo.item.department and denial.issued_by == "审批员dept_a"
    assert stored.status is CaseStatus.RESULT_READY
    assert audit_actions(bo, case.number)[-1] == "case.deny"
    change = bo.changes(case.number)[-1]
    assert change.data is not None and change.data["department_documents"][0]["kind"] == "denial"


def test_a_denial_without_reasons_is_refused(bo: Backoffice) -> None:  # noqa: F811
    case = bo.upload(1)
    bo.post(case.number, "take")
    refused = bo.post(case.number, "deny", {"reason": " ", "result_number": "X-1"})
    assert refused.status_code == 422 and "理由" in refused.json()["detail"]
    assert window_case(bo, case.number).department_documents == ()


def test_return_for_correction_suspends_and_lists_what_to_correct(bo: Backoffice) -> None:  # noqa: F811
    case = bo.upload(1)
    bo.post(case.number, "take")
    returned = bo.post(case.number, "correction", {**CORRECTION, "version": 2})
    assert returned.status_code == 200, returned.text
    view = returned.json()
    assert view["status"] == "suspended" and view["version"] == 3
    event = view["events"][-1]
    assert event["action"] == "correction" and event["actor"] == "dept_a"
    # Monday 2026-11-23 + 5 working days
    assert "请于2026-11-30前补正" in event["detail"] and "户口迁移申请表" in event["detail"]
    stored = window_case(bo, case.number)
    document = latest(stored.department_documents, DepartmentDocKind.CORRECTION)
    assert document is not None and document.due == date(2026, 11, 30)
    assert document.number == f"{case.number}-BZ1"
    assert document.corrections == (
        CorrectionLine("户口迁移申请表", "迁入地址应与房产证一致，申请人签字"),
        CorrectionLine("不动产权证书复印件", "须加盖“与原件一致”并签名"),
    )
    assert document.reason == "现场核查发现"
    assert audit_actions(bo, case.number)[-1] == "case.correction"
    # the applicant brought the corrections: the department resumes, the clock runs again
    resumed = bo.post(case.number, "resume", {"note": "补正材料已收到"})
    assert resumed.status_code == 200 and resumed.json()["status"] == "in_review"
    again = bo.post(case.number, "correction", CORRECTION)
    assert again.status_code == 200
    numbers = [d["number"] for d in again.json()["documents"]]
    assert numbers == [f"{case.number}-BZ1", f"{case.number}-BZ2"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"items": []}, 422, ""),
        ({"items": [{"material": "申请表", "requirement": ""}]}, 422, ""),
        ({**CORRECTION, "working_days": 0}, 422, ""),
        ({**CORRECTION, "version": 9}, 409, "已被他人修改"),
    ],
)
def test_bad_corrections_are_refused_with_a_reason(
    bo: Backoffice,  # noqa: F811
    body: dict[str, Any],
    status: int,
    words: str,
) -> None:
    case = bo.upload(1)
    bo.post(case.number, "take")
    refused = bo.post(case.number, "correction", body)
    assert refused.status_code == status, refused.text
    assert words in refused.json()["detail"]


def test_correction_needs_the_case_in_review_of_ones_own_department(bo: Backoffice) -> None:  # noqa: F811
    case = bo.upload(1)
    not_taken = bo.post(case.number, "correction", CORRECTION)
    assert not_taken.status_code == 409 and "只有审批中的案件" in not_taken.json()["detail"]
    bo.post(case.number, "take")
    other = bo.post(case.number, "correction", CORRECTION, who="b")
    assert other.status_code == 404
    clerk = bo.central.client.post(
        f"{API}/{case.number}/correction", json=CORRECTION, headers=bo.clerk
    )
    assert clerk.status_code == 403
    assert window_case(bo, case.number).department_documents == ()


def test_a_window_cannot_rewrite_what_the_department_issued(bo: Backoffice) -> None:  # noqa: F811
    case = bo.upload(1)
    bo.post(case.number, "take")
    bo.post(case.number, "deny", {"reason": "不符合条件", "result_number": "D-1"})
    stored = window_case(bo, case.number)
    forged = replace(
        stored,
        department_documents=(
            replace(stored.department_documents[0], reason="准予", number="FORGED"),
        ),
    )
    version = bo.changes(case.number)[-1].version
    operation = {
        "op_id": str(uuid.uuid4()),
        "kind": "case.update",
        "base_version": version,
        "payload": {"case": forged.to_dict()},
    }
    pushed = bo.central.client.post(
        "/api/v1/sync/push",
        json={"window_no": 1, "operations": [operation]},
        headers=bo.clerk,
    )
    assert pushed.status_code == 200, pushed.text
    after = window_case(bo, case.number)
    assert after.department_documents[0].number == "D-1"
    assert after.department_documents[0].reason == "不符合条件"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_department_page_returns_a_case_for_correction(bo: Backoffice) -> None:  # noqa: F811
    case = bo.upload(1)
    token = csrf_of(log_in(bo))  # the list's 接件 button carries it
    page = "/api/v1/department-page/cases"
    status, html = form(bo, f"{page}/{case.number}/take", {"csrf": token})
    assert status == 200 and "退回补正（一次告知全部补正内容" in html
    url = f"{page}/{case.number}/correction"
    status, html = form(bo, url, {"csrf": token, "corrections": "申请表 签字", "version": "2"})
    assert status == 422 and "第1行应写成“材料：要补正的内容”" in html
    lines = "户口迁移申请表：申请人签字\n不动产权证书复印件：加盖与原件一致"
    status, html = form(
        bo, url, {"csrf": token, "corrections": lines, "working_days": "3", "version": "2"}
    )
    assert status == 200, html
    assert "已退回补正" in html and "补正通知书" in html and "申请人签字" in html
    document = latest(
        window_case(bo, case.number).department_documents, DepartmentDocKind.CORRECTION
    )
    assert document is not None and len(document.corrections) == 2


def test_the_cli_returns_a_case_for_correction(
    bo: Backoffice,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = bo.upload(1)
    db = ["--db", bo.central.url, "--user", "dept_a"]
    assert cli.main(["dept", "take", case.number, *db]) == 0
    bad = ["dept", "correct", case.number, *db, "--item", "只有材料"]
    assert cli.main(bad) == 2 and "材料：要补正的内容" in capsys.readouterr().err
    good = ["--item", "户口迁移申请表：申请人签字", "--item", "照片：近期免冠", "--days", "5"]
    assert cli.main(["dept", "correct", case.number, *db, *good]) == 0
    out = capsys.readouterr().out
    assert "暂停" in out and "退回补正，请于" in out and "照片：近期免冠" in out  # real clock


def test_parse_correction_lines() -> None:
    assert parse_correction_lines(" 申请表：签字 \n\n照片:近期免冠") == [
        CorrectionLine("申请表", "签字"),
        CorrectionLine("照片", "近期免冠"),
    ]
    for bad in ("", "\n \n", "申请表", "：签字", "申请表："):
        with pytest.raises(ValueError):
            parse_correction_lines(bad)
