"""出件 rules (clerk_app.domain.handover), as tables: who may collect a result with which
document, and whether a case's result can go out now."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.domain.handover import MAX_TEXT, Collector, check_identity, refusal_for_status

APPLICANT = Person(IdKind.RESIDENT_ID, "420202199003071234", "陈晓东")
AGENT = Person(IdKind.RESIDENT_ID, "42020219850101002X", "刘芳")
COMPANY = Person(IdKind.USCC, "91420200MA4K0X1234", "黄石市某某商贸有限公司")
CASE = Case("HS01-01-20261123-0001", "HS01", 1, Item("A", "甲", "局"), APPLICANT)
WITH_AGENT = replace(CASE, agent=AGENT)
OF_COMPANY = replace(CASE, applicant=COMPANY)
NOTE = "2026-11-20 委托书，代领营业执照"
RID = IdKind.RESIDENT_ID


@pytest.mark.parametrize(
    ("case", "collector", "kind", "number", "name", "note", "ok", "says"),
    [
        (CASE, Collector.APPLICANT, RID, "", "", "", False, "请扫描或输入"),
        (CASE, Collector.APPLICANT, RID, APPLICANT.id_number, "", "", True, ""),
        (CASE, Collector.APPLICANT, RID, " 420202 199003071234 ", "", "", True, ""),
        (CASE, Collector.APPLICANT, RID, AGENT.id_number, "", "", False, "证件与申请人不一致"),
        (CASE, Collector.APPLICANT, IdKind.PASSPORT, APPLICANT.id_number, "", "", False, "不一致"),
        (OF_COMPANY, Collector.APPLICANT, RID, AGENT.id_number, "", "", False, "申请人是单位"),
        (CASE, Collector.RECORDED_AGENT, RID, AGENT.id_number, "", "", False, "没有登记代理人"),
        (WITH_AGENT, Collector.RECORDED_AGENT, RID, AGENT.id_number, "", "", True, ""),
        (
            WITH_AGENT,
            Collector.RECORDED_AGENT,
            RID,
            APPLICANT.id_number,
            "",
            "",
            False,
            "代理人不一致",
        ),
        (
            CASE,
            Collector.NEW_AGENT,
            IdKind.USCC,
            COMPANY.id_number,
            "刘芳",
            NOTE,
            False,
            "个人身份证件",
        ),
        (CASE, Collector.NEW_AGENT, RID, "420202199003071235", "刘芳", NOTE, False, "证件号码有误"),
        (CASE, Collector.NEW_AGENT, RID, AGENT.id_number, "  ", NOTE, False, "请填写代理人姓名"),
        (CASE, Collector.NEW_AGENT, RID, AGENT.id_number, "刘芳", "", False, "请登记委托情况"),
        (
            CASE,
            Collector.NEW_AGENT,
            RID,
            AGENT.id_number,
            "刘" * (MAX_TEXT + 1),
            NOTE,
            False,
            "过长",
        ),
        (CASE, Collector.NEW_AGENT, RID, AGENT.id_number, " 刘  芳 ", NOTE, True, ""),
        (CASE, "someone", RID, APPLICANT.id_number, "", "", False, "请选择领取人身份"),
    ],
)
def test_check_identity(
    case: Case,
    collector: str,
    kind: IdKind,
    number: str,
    name: str,
    note: str,
    ok: bool,
    says: str,
) -> None:
    check = check_identity(case, collector, kind, number, agent_name=name, authorisation_note=note)
    assert check.ok is ok
    assert says in check.message
    assert (check.recipient is not None) is ok


@pytest.mark.parametrize(
    ("case", "collector", "recipient", "role", "note"),
    [
        (CASE, Collector.APPLICANT, APPLICANT, "申请人本人", ""),
        (WITH_AGENT, Collector.RECORDED_AGENT, AGENT, "委托代理人", ""),
        (CASE, Collector.NEW_AGENT, replace(AGENT, name="刘 芳"), "委托代理人（新委托）", NOTE),
    ],
)
def test_who_collects(
    case: Case, collector: Collector, recipient: Person, role: str, note: str
) -> None:
    number = recipient.id_number
    check = check_identity(
        case, collector, RID, number, agent_name=" 刘  芳 ", authorisation_note=NOTE
    )
    assert (check.recipient, check.role, check.authorisation_note) == (recipient, role, note)


AT = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)  # 10:30 in the hall


@pytest.mark.parametrize(
    ("status", "events", "says"),
    [
        (CaseStatus.RESULT_READY, (), ""),
        (
            CaseStatus.DELIVERED,
            (CaseEvent(AT, "clerk01", "1", "delivered", CaseStatus.DELIVERED),),
            "办理结果已于2026-11-23 10:30已领取，不能重复出件",
        ),
        (CaseStatus.MAILED, (), "办理结果已已邮寄，不能重复出件"),
        (CaseStatus.ACCEPTED, (), "当前状态为「已受理」，办理结果尚未送达窗口"),
    ],
)
def test_refusal_for_status(status: CaseStatus, events: tuple[CaseEvent, ...], says: str) -> None:
    refusal = refusal_for_status(replace(CASE, status=status, events=events))
    assert (refusal == "") is (says == "")
    assert says in refusal
