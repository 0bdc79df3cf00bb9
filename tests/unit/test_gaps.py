"""容缺 follow-up (clerk_app.domain.gaps): open gaps, 补齐, the refusals while a gap is open and
终止办理 after a broken commitment, as tables and as a state machine over the lifecycle."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from clerk_app.domain.cases import (
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
)
from clerk_app.domain.catalog import Item, Material
from clerk_app.domain.deadlines import DeadlineLevel
from clerk_app.domain.gaps import (
    SUPPLY_ACTION,
    GapError,
    commitment_date,
    gap_deadline_level,
    gap_summary,
    open_gaps,
    supply,
    transition_refusal,
)
from clerk_app.domain.handover import refusal_for_status
from clerk_app.domain.workdays import WorkdayCalendar

FORM = Material("M1", "申请表")
MARRIAGE = Material("M2", "卖方婚姻状况证明", gap_allowed=True)
TAX = Material("M3", "完税证明", gap_allowed=True)
PHOTO = Material("M4", "照片", required=False, gap_allowed=True)
ITEM = Item("A", "二手房转移登记", "不动产登记中心", materials=(FORM, MARRIAGE, TAX, PHOTO))
DUE = date(2026, 12, 10)
AT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def _gap_case(status: CaseStatus = CaseStatus.ACCEPTED_WITH_GAPS) -> Case:
    return Case(
        "HS01-01-20261207-0001",
        "HS01",
        1,
        ITEM,
        Person(IdKind.RESIDENT_ID, "420202199003071234", "陈晓东"),
        checks=(
            MaterialCheck(FORM, MaterialState.RECEIVED, 1),
            MaterialCheck(MARRIAGE),
            MaterialCheck(TAX),
            MaterialCheck(PHOTO),
        ),
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS, commitment_deadline=DUE, commitment_signed=True
        ),
        status=status,
    )


GAP = _gap_case()
ACCEPTED = replace(GAP, decision=Decision(DecisionKind.ACCEPT), status=CaseStatus.ACCEPTED)
SUPPLIED = supply(GAP, ["M2", "M3"], at=AT, actor="wang", where="5号窗口")


def test_open_gaps_are_the_required_missing_materials_of_a_gap_decision() -> None:
    assert [c.material.code for c in open_gaps(GAP)] == ["M2", "M3"]
    assert open_gaps(ACCEPTED) == [] and commitment_date(ACCEPTED) is None
    assert commitment_date(GAP) == DUE
    assert gap_summary(GAP) == "待补齐：「卖方婚姻状况证明」、「完税证明」（承诺期限2026-12-10）"
    assert gap_summary(SUPPLIED) == ""
    denied = GAP.with_event(CaseEvent(AT, "d", "局", "status", CaseStatus.DENIED))
    assert open_gaps(replace(denied, status=CaseStatus.RESULT_READY)) == []


def test_supply_records_who_when_where_and_which() -> None:
    one = supply(GAP, [" M2 ", "M2"], at=AT, actor="wang", where="5号窗口", note="原件")
    assert [c.material.code for c in open_gaps(one)] == ["M3"]
    [received] = [c for c in one.checks if c.material.code == "M2"]
    assert received.state is MaterialState.RECEIVED and received.note == "2026-12-07补齐"
    event = one.events[-1]
    assert (event.actor, event.window, event.action, event.at) == (
        "wang",
        "5号窗口",
        SUPPLY_ACTION,
        AT,
    )
    assert event.status is CaseStatus.ACCEPTED_WITH_GAPS
    assert event.detail == "补齐材料：「卖方婚姻状况证明」；尚缺「完税证明」；原件"
    assert SUPPLIED.events[-1].detail.endswith("容缺材料已全部补齐")
    assert one.status is GAP.status


@pytest.mark.parametrize(
    ("case", "codes", "says"),
    [
        (GAP, [], "请选择"),
        (GAP, ["  "], "请选择"),
        (GAP, ["M4"], "不是案件"),
        (GAP, ["M1"], "不是案件"),
        (SUPPLIED, ["M2"], "没有待补齐"),
        (ACCEPTED, ["M2"], "没有待补齐"),
    ],
)
def test_supply_refusals(case: Case, codes: list[str], says: str) -> None:
    with pytest.raises(GapError, match=says):
        supply(case, codes, at=AT, actor="wang", where="5号窗口")


_D = DUE + timedelta(days=1)


@pytest.mark.parametrize(
    ("case", "new", "today", "reason", "says"),
    [
        (_gap_case(CaseStatus.IN_REVIEW), CaseStatus.APPROVED, DUE, "", "尚未补齐，不能作出准予"),
        (replace(SUPPLIED, status=CaseStatus.IN_REVIEW), CaseStatus.APPROVED, DUE, "", ""),
        (_gap_case(CaseStatus.IN_REVIEW), CaseStatus.DENIED, DUE, "", ""),
        (_gap_case(CaseStatus.RESULT_READY), CaseStatus.DELIVERED, DUE, "", "不能出件"),
        (_gap_case(CaseStatus.RESULT_READY), CaseStatus.MAILED, DUE, "", "不能出件"),
        (replace(SUPPLIED, status=CaseStatus.RESULT_READY), CaseStatus.DELIVERED, DUE, "", ""),
        (GAP, CaseStatus.TERMINATED, DUE, "逾期", "尚未届满"),
        (GAP, CaseStatus.TERMINATED, _D, "", "请填写终止办理的理由"),
        (GAP, CaseStatus.TERMINATED, _D, "逾" * 501, "过长"),
        (GAP, CaseStatus.TERMINATED, _D, "逾期未补齐", ""),
        (_gap_case(CaseStatus.SUSPENDED), CaseStatus.TERMINATED, _D, "逾期未补齐", ""),
        (_gap_case(CaseStatus.RESULT_READY), CaseStatus.TERMINATED, _D, "逾期", "不能终止办理"),
        (SUPPLIED, CaseStatus.TERMINATED, _D, "逾期", "只有容缺材料逾期未补齐"),
        (
            replace(GAP, decision=replace(GAP.decision, commitment_deadline=None)),  # type: ignore[arg-type]
            CaseStatus.TERMINATED,
            _D,
            "逾期",
            "没有容缺承诺期限",
        ),
        (GAP, CaseStatus.IN_REVIEW, _D, "", ""),
    ],
)
def test_transition_refusals(
    case: Case, new: CaseStatus, today: date, reason: str, says: str
) -> None:
    refusal = transition_refusal(case, new, today, reason=reason)
    assert (refusal == "") == (says == "") and says in refusal, refusal


def test_handover_refuses_an_open_gap_and_says_which() -> None:
    refusal = refusal_for_status(_gap_case(CaseStatus.RESULT_READY))
    assert "「卖方婚姻状况证明」、「完税证明」尚未补齐，不能出件" in refusal
    assert refusal_for_status(replace(SUPPLIED, status=CaseStatus.RESULT_READY)) == ""


@pytest.mark.parametrize(
    ("case", "today", "level"),
    [
        (GAP, date(2026, 12, 1), DeadlineLevel.GREEN),
        (GAP, date(2026, 12, 8), DeadlineLevel.YELLOW),
        (GAP, DUE, DeadlineLevel.YELLOW),
        (GAP, _D, DeadlineLevel.RED),
        (SUPPLIED, _D, DeadlineLevel.NONE),
        (ACCEPTED, _D, DeadlineLevel.NONE),
    ],
)
def test_gap_deadline_level(case: Case, today: date, level: DeadlineLevel) -> None:
    assert gap_deadline_level(case, today, WorkdayCalendar()) is level


class GapLifecycle(RuleBasedStateMachine):
    """Any sequence of lifecycle steps the rules allow, 补齐 of any open gaps and days
    passing: a case never reaches approval or a hand-out with a gap open."""

    def __init__(self) -> None:
        super().__init__()
        self.case = GAP
        self.today = date(2026, 12, 7)
        self.approved = False

    @rule(new=st.sampled_from(sorted(CaseStatus)), reason=st.sampled_from(["", "逾期"]))
    def step(self, new: CaseStatus, reason: str) -> None:
        if new not in TRANSITIONS[self.case.status]:
            return
        if transition_refusal(self.case, new, self.today, reason=reason):
            return
        event = CaseEvent(AT, "x", "y", "status", new)
        self.case = replace(self.case.with_event(event), status=new)
        self.approved = self.approved or new is CaseStatus.APPROVED

    @precondition(lambda self: bool(open_gaps(self.case)))
    @rule(data=st.data())
    def supply_some(self, data: st.DataObject) -> None:
        codes = [c.material.code for c in open_gaps(self.case)]
        chosen = data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
        self.case = supply(self.case, chosen, at=AT, actor="x", where="y")

    @rule(days=st.integers(min_value=1, max_value=5))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    @invariant()
    def no_approval_or_hand_out_with_an_open_gap(self) -> None:
        if self.approved or self.case.status in (CaseStatus.DELIVERED, CaseStatus.MAILED):
            assert open_gaps(self.case) == []
        if self.case.status is CaseStatus.TERMINATED:
            assert not self.approved


GapLifecycle.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
test_gap_lifecycle = GapLifecycle.TestCase
