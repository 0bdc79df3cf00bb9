"""A bundle's item cases at the hand-out (clerk_app.domain.bundle_handout): which can go out,
the summary the lists show, and the refusals of a hand-out; a case with an open 容缺 gap
never counts as ready, whatever its status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.bundle_handout import BundleHandout, MemberState, member_note, member_state
from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
)
from clerk_app.domain.catalog import Item, Material

FORM = Material("M1", "申请表")
MARRIAGE = Material("M2", "卖方婚姻状况证明", gap_allowed=True)
APPLICANT = Person(IdKind.RESIDENT_ID, "420202199003071234", "陈晓东")
DUE = date(2026, 12, 10)


def _case(seq: int, status: CaseStatus, *, gap: bool = False) -> Case:
    item = Item(f"I{seq}", f"事项{seq}", f"部门{seq}", materials=(FORM, MARRIAGE))
    received = MaterialCheck(MARRIAGE, MaterialState.RECEIVED, 1)
    marriage = MaterialCheck(MARRIAGE) if gap else received
    decision = (
        Decision(DecisionKind.ACCEPT_WITH_GAPS, commitment_deadline=DUE, commitment_signed=True)
        if gap
        else Decision(DecisionKind.ACCEPT)
    )
    return Case(
        f"HS01-01-20261207-{seq:04d}",
        "HS01",
        1,
        item,
        APPLICANT,
        checks=(MaterialCheck(FORM, MaterialState.RECEIVED, 1), marriage),
        decision=decision,
        status=status,
    )


@pytest.mark.parametrize(
    ("status", "gap", "state", "note"),
    [
        (CaseStatus.RESULT_READY, False, MemberState.READY, "可领取"),
        (CaseStatus.IN_REVIEW, False, MemberState.PENDING, "审批中"),
        (CaseStatus.APPROVED, False, MemberState.PENDING, "准予"),
        (CaseStatus.ACCEPTED_WITH_GAPS, True, MemberState.GAP, "待补齐：「卖方婚姻状况证明」"),
        (CaseStatus.RESULT_READY, True, MemberState.GAP, "待补齐：「卖方婚姻状况证明」"),
        (CaseStatus.DELIVERED, False, MemberState.HANDED, "已领取"),
        (CaseStatus.MAILED, False, MemberState.HANDED, "已邮寄"),
        (CaseStatus.REFUSED, False, MemberState.NONE, "不予受理"),
        (CaseStatus.COMPLETED, False, MemberState.NONE, "已办结"),
    ],
)
def test_member_state(status: CaseStatus, gap: bool, state: MemberState, note: str) -> None:
    case = _case(1, status, gap=gap)
    assert member_state(case) is state
    assert member_note(case).startswith(note)


def test_two_of_three_ready_go_out_part_by_part() -> None:
    bundle = BundleHandout.of(
        [
            _case(1, CaseStatus.RESULT_READY),
            _case(2, CaseStatus.RESULT_READY),
            _case(3, CaseStatus.IN_REVIEW, gap=True),
        ]
    )
    assert [c.number for c in bundle.ready] == [bundle.cases[0].number, bundle.cases[1].number]
    assert not bundle.all_ready
    assert bundle.summary() == "3项中2项可领取，1项办理中（待补齐1项）"
    assert bundle.refusals([c.number for c in bundle.ready]) == []
    [why] = bundle.refusals([bundle.cases[2].number])
    assert "尚未补齐，不能出件" in why
    assert bundle.refusals([]) == ["请选择要发放的事项"]
    assert bundle.refusals(["HS01-09-20261207-0001"]) == ["案件HS01-09-20261207-0001不属于本一件事"]
    # the first two collected, the third ready later: now all that is owed is ready
    later = BundleHandout.of(
        [
            replace(bundle.cases[0], status=CaseStatus.DELIVERED),
            replace(bundle.cases[1], status=CaseStatus.DELIVERED),
            _case(3, CaseStatus.RESULT_READY),
            _case(4, CaseStatus.REFUSED),
        ]
    )
    assert later.all_ready
    assert later.summary() == "3项中1项可领取，2项已出件"
    [again] = later.refusals([later.cases[0].number])
    assert "不能重复出件" in again


STATUSES = st.sampled_from(list(CaseStatus))


@given(st.lists(st.tuples(STATUSES, st.booleans()), min_size=1, max_size=6))
def test_no_case_with_an_open_gap_is_ready(members: list[tuple[CaseStatus, bool]]) -> None:
    bundle = BundleHandout.of(
        _case(n, status, gap=gap) for n, (status, gap) in enumerate(members, 1)
    )
    for case in bundle.ready:
        assert case.status is CaseStatus.RESULT_READY and member_state(case) is MemberState.READY
        assert bundle.refusals([case.number]) == []
    for case in bundle.cases:
        if member_state(case) is not MemberState.READY:
            assert bundle.refusals([case.number]), case.status
    assert bundle.all_ready == (bool(bundle.ready) and not bundle.waiting)
