"""Property (hypothesis): whatever the window decides (受理, 容缺受理, 一次性告知, 不予受理,
当场办结, for any materials received), and whatever the window and the department do next under
the server's rules (a window's change of decision and status, 补齐, the department's steps,
days passing), a case never reaches delivered (or mailed) with a required material missing,
unless what goes out is a denial or a termination (nothing granted)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from clerk_app.domain.cases import (
    DECISION_STATUS,
    TRANSITIONS,
    WINDOW_HELD,
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    InvalidTransition,
    MaterialCheck,
    MaterialState,
    Person,
    check_decision_fits,
    check_window_transition,
    validate_decision,
)
from clerk_app.domain.catalog import HandlingKind, Item, Material
from clerk_app.domain.gaps import decision_refusal, open_gaps, supply, transition_refusal

MATERIALS = (
    Material("M1", "申请表"),
    Material("M2", "卖方婚姻状况证明", gap_allowed=True),
    Material("M3", "完税证明", gap_allowed=True),
    Material("M4", "照片", required=False, gap_allowed=True),
)
TODAY = date(2026, 12, 7)
AT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
PERSON = Person(IdKind.RESIDENT_ID, "420202199003071234", "陈晓东")
HANDED = (CaseStatus.DELIVERED, CaseStatus.MAILED)
ENDED = (CaseStatus.DENIED, CaseStatus.TERMINATED)
DEPARTMENT_STEPS = (
    CaseStatus.IN_REVIEW,
    CaseStatus.SUSPENDED,
    CaseStatus.APPROVED,
    CaseStatus.DENIED,
    CaseStatus.RESULT_READY,
    CaseStatus.TERMINATED,
)

# received and missing more often than defective: the decisions the window lets through
states = st.sampled_from(
    [MaterialState.RECEIVED, MaterialState.RECEIVED, MaterialState.MISSING, MaterialState.DEFECTIVE]
)
kinds = st.sampled_from(list(DecisionKind))


def _decision(kind: DecisionKind, signed: bool, days: int) -> Decision:
    return Decision(
        kind,
        reason="不属于本机关职权" if kind is DecisionKind.REFUSE else "",
        commitment_deadline=TODAY + timedelta(days=days),
        commitment_signed=signed,
    )


def missing_required(case: Case) -> list[MaterialCheck]:
    return [c for c in case.checks if c.material.required and c.state is MaterialState.MISSING]


class WindowAndDepartment(RuleBasedStateMachine):
    case: Case
    today: date

    @initialize(
        immediate=st.booleans(),
        gap_item=st.booleans(),
        checks=st.tuples(states, states, states, states),
        kind=kinds,
        signed=st.booleans() | st.just(True),
        days=st.integers(min_value=0, max_value=7),
    )
    def decide_at_the_window(
        self,
        immediate: bool,
        gap_item: bool,
        checks: tuple[MaterialState, ...],
        kind: DecisionKind,
        signed: bool,
        days: int,
    ) -> None:
        item = Item(
            "A",
            "二手房转移登记",
            "不动产登记中心",
            handling=HandlingKind.IMMEDIATE if immediate else HandlingKind.PROMISED,
            promised_days=0 if immediate else 5,
            gap_allowed=gap_item,
            materials=MATERIALS,
        )
        lines = tuple(
            MaterialCheck(m, s, m.copies if s is MaterialState.RECEIVED else 0, defect_reason="x")
            for m, s in zip(MATERIALS, checks, strict=True)
        )
        decision = _decision(kind, signed, days)
        promised = TODAY if immediate else TODAY + timedelta(days=7)
        # only a decision the window lets the clerk confirm is saved
        assume(not validate_decision(item, lines, decision, promised_date=promised, today=TODAY))
        self.case = Case(
            "HS01-01-20261207-0001",
            "HS01",
            1,
            item,
            PERSON,
            checks=lines,
            decision=decision,
            status=DECISION_STATUS[kind],
            promised_date=promised,
        )
        self.today = TODAY

    @precondition(lambda self: self.case.status in WINDOW_HELD)
    @rule(kind=kinds, signed=st.booleans(), receive=st.sets(st.sampled_from(["M1", "M2", "M3"])))
    def window_changes_its_decision(
        self, kind: DecisionKind, signed: bool, receive: set[str]
    ) -> None:
        """A window's write of a case it still holds: new decision, status and checks, as the
        server's one writer accepts them."""
        checks = tuple(
            replace(c, state=MaterialState.RECEIVED) if c.material.code in receive else c
            for c in self.case.checks
        )
        changed = replace(
            self.case,
            checks=checks,
            decision=_decision(kind, signed, 3),
            status=DECISION_STATUS[kind],
        )
        try:
            check_window_transition(self.case.status, changed.status)
            check_decision_fits(changed.decision, self.case.status, changed.status)
        except InvalidTransition:
            return
        if changed.status is not self.case.status and decision_refusal(changed):
            return
        self.case = changed

    @precondition(lambda self: bool(TRANSITIONS[self.case.status] & set(DEPARTMENT_STEPS)))
    @rule(data=st.data(), reason=st.sampled_from(["", "逾期"]))
    def department_step(self, data: st.DataObject, reason: str) -> None:
        """The department takes the case a step on (one the lifecycle allows from here)."""
        new = data.draw(
            st.sampled_from(sorted(TRANSITIONS[self.case.status] & set(DEPARTMENT_STEPS)))
        )
        if transition_refusal(self.case, new, self.today, reason=reason):
            return
        self.case = replace(
            self.case.with_event(CaseEvent(AT, "d", "dept", "status", new)), status=new
        )

    @precondition(lambda self: bool(open_gaps(self.case)))
    @rule(data=st.data())
    def supply_some(self, data: st.DataObject) -> None:
        codes = [c.material.code for c in open_gaps(self.case)]
        chosen = data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
        self.case = supply(self.case, chosen, at=AT, actor="x", where="y")

    @precondition(lambda self: self.case.status is CaseStatus.RESULT_READY)
    @rule(mode=st.sampled_from(HANDED))
    def hand_out(self, mode: CaseStatus) -> None:
        try:
            check_window_transition(self.case.status, mode)
        except InvalidTransition:
            return
        if transition_refusal(self.case, mode, self.today):
            return
        self.case = replace(self.case, status=mode)

    @rule(days=st.integers(min_value=1, max_value=5))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    @invariant()
    def nothing_goes_out_with_a_material_missing(self) -> None:
        # a denial or a termination is handed out too: nothing was granted on the gaps
        refused = any(e.status in ENDED for e in self.case.events)
        if self.case.status in HANDED and not refused:
            assert missing_required(self.case) == [], self.case


WindowAndDepartment.TestCase.settings = settings(
    max_examples=300, stateful_step_count=25, deadline=None
)
test_no_decision_reaches_delivered_with_an_open_gap = WindowAndDepartment.TestCase
