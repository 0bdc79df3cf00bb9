"""Decisions at the window (validate_decision) and the case state machine, as properties.

The rules are restated here independently of clerk_app.domain.cases (DESIGN.md §3, 行政许可法
Art. 32 and local 容缺受理 practice) and compared on random items, checklists and decisions."""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.cases import (
    DECISION_STATUS,
    TRANSITIONS,
    CaseStatus,
    Decision,
    DecisionKind,
    InvalidTransition,
    MaterialCheck,
    MaterialState,
    check_transition,
    missing_or_defective,
    validate_decision,
)
from clerk_app.domain.catalog import HandlingKind, Item, Material, MaterialForm

TODAY = date(2026, 11, 23)

# ---------------------------------------------------------------------------- strategies


@st.composite
def materials(draw: st.DrawFn) -> tuple[Material, ...]:
    n = draw(st.integers(min_value=0, max_value=6))
    return tuple(
        Material(
            code=f"M{i:02d}",
            name=f"材料{i}",
            form=draw(st.sampled_from(MaterialForm)),
            required=draw(st.booleans()),
            gap_allowed=draw(st.booleans()),
        )
        for i in range(n)
    )


@st.composite
def items(draw: st.DrawFn) -> Item:
    handling = draw(st.sampled_from(HandlingKind))
    return Item(
        code="420200-XK-0001-01",
        name="测试事项",
        department="黄石市测试局",
        handling=handling,
        legal_days=20,
        promised_days=0 if handling is HandlingKind.IMMEDIATE else 5,
        gap_allowed=draw(st.booleans()),
        withdrawn=draw(st.booleans()),
        materials=draw(materials()),
    )


def checks_for(item: Item) -> st.SearchStrategy[tuple[MaterialCheck, ...]]:
    return st.tuples(
        *(
            st.builds(
                MaterialCheck,
                st.just(m),
                # mostly received, so complete checklists are common too
                st.sampled_from([*MaterialState, MaterialState.RECEIVED, MaterialState.RECEIVED]),
                defect_reason=st.just("复印件不清晰"),
            )
            for m in item.materials
        )
    )


reasons = st.sampled_from(["", "   ", "不属于本机关职权范围", "申请人不具备申请资格"])
deadlines = st.none() | st.integers(min_value=-5, max_value=20).map(
    lambda d: TODAY + timedelta(days=d)
)


@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    return Decision(
        kind=draw(st.sampled_from(DecisionKind)),
        reason=draw(reasons),
        competent_agency=draw(st.sampled_from(["", "黄石市市场监督管理局"])),
        commitment_deadline=draw(deadlines),
        commitment_signed=draw(st.booleans()),
    )


RECEIVED_, MISSING_, DEFECTIVE_ = (
    MaterialState.RECEIVED,
    MaterialState.MISSING,
    MaterialState.DEFECTIVE,
)
promised_dates = st.integers(min_value=0, max_value=15).map(lambda d: TODAY + timedelta(days=d))


# --------------------------------------------------------------- the rules, restated


def expected_valid(
    item: Item, checks: tuple[MaterialCheck, ...], decision: Decision, promised: date
) -> bool:
    missing = [c for c in checks if c.material.required and c.state is MaterialState.MISSING]
    defective = [c for c in checks if c.state is MaterialState.DEFECTIVE]
    kind = decision.kind
    if kind is DecisionKind.REFUSE:
        return bool(decision.reason.strip())
    if item.withdrawn:
        return False
    complete = not missing and not defective
    if kind is DecisionKind.ACCEPT:
        return complete
    if kind is DecisionKind.COMPLETE_ON_SPOT:
        return complete and item.handling is HandlingKind.IMMEDIATE
    if kind is DecisionKind.MISSING_NOTICE:
        return not complete
    assert kind is DecisionKind.ACCEPT_WITH_GAPS
    deadline = decision.commitment_deadline
    return (
        item.gap_allowed
        and bool(missing)
        and all(c.material.gap_allowed for c in missing)
        and not defective
        and decision.commitment_signed
        and deadline is not None
        and TODAY <= deadline <= promised
    )


Scenario = tuple[Item, tuple[MaterialCheck, ...], Decision, date]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    item = draw(items())
    return item, draw(checks_for(item)), draw(decisions()), draw(promised_dates)


@given(scenarios())
def test_validate_decision_matches_the_rules(scenario: Scenario) -> None:
    item, checks, decision, promised = scenario
    errors = validate_decision(item, checks, decision, promised_date=promised, today=TODAY)
    assert (errors == []) == expected_valid(item, checks, decision, promised), errors
    assert all(isinstance(e, str) and e.strip() for e in errors)


@given(st.data())
def test_gap_acceptance_property(data: st.DataObject) -> None:
    # focus on 容缺受理 with an allowing item and a signed commitment, where the rule is subtle
    item = replace(data.draw(items()), gap_allowed=True, withdrawn=False)
    # the other lines are mostly received, so the commitment rules decide the outcome
    states = st.sampled_from([RECEIVED_, RECEIVED_, RECEIVED_, MISSING_, DEFECTIVE_])
    checks = tuple(MaterialCheck(m, data.draw(states)) for m in item.materials)
    checks += (MaterialCheck(Material("M99", "容缺材料", gap_allowed=True), MISSING_),)
    promised = data.draw(promised_dates)
    deadline = TODAY + timedelta(days=data.draw(st.integers(min_value=-2, max_value=17)))
    decision = Decision(
        DecisionKind.ACCEPT_WITH_GAPS, commitment_deadline=deadline, commitment_signed=True
    )
    errors = validate_decision(item, checks, decision, promised_date=promised, today=TODAY)
    assert (errors == []) == expected_valid(item, checks, decision, promised), errors


# ------------------------------------------------------------------ concrete examples
# (each decision kind below is shown both valid and invalid, so the property is not vacuous)

FORM = Material("M01", "申请表", MaterialForm.ORIGINAL_KEPT)
ID = Material("M02", "居民身份证", MaterialForm.ORIGINAL_CHECKED)
PROOF = Material("M03", "婚姻状况证明", gap_allowed=True)
OPTIONAL = Material("M04", "授权委托书", required=False)
GAP_ITEM = Item(
    "420200-QR-0101-01",
    "不动产转移登记",
    "黄石市自然资源和规划局",
    handling=HandlingKind.PROMISED,
    gap_allowed=True,
    materials=(FORM, ID, PROOF, OPTIONAL),
)


def check(m: Material, state: MaterialState) -> MaterialCheck:
    return MaterialCheck(
        m, state, defect_reason="签名缺失" if state is MaterialState.DEFECTIVE else ""
    )


RECEIVED = MaterialState.RECEIVED
MISSING = MaterialState.MISSING
DEFECTIVE = MaterialState.DEFECTIVE


def test_accept_ignores_missing_optional_material() -> None:
    checks = [check(FORM, RECEIVED), check(ID, RECEIVED), check(PROOF, RECEIVED)]
    checks.append(check(OPTIONAL, MISSING))
    assert validate_decision(GAP_ITEM, checks, Decision(DecisionKind.ACCEPT)) == []


def test_accept_lists_every_missing_material_by_name() -> None:
    checks = [check(FORM, MISSING), check(ID, RECEIVED), check(PROOF, MISSING)]
    errors = validate_decision(GAP_ITEM, checks, Decision(DecisionKind.ACCEPT))
    assert len(errors) == 2
    assert any("申请表" in e for e in errors) and any("婚姻状况证明" in e for e in errors)


def test_gap_acceptance_happy_path_and_its_limits() -> None:
    checks = [check(FORM, RECEIVED), check(ID, RECEIVED), check(PROOF, MISSING)]
    promised = TODAY + timedelta(days=7)
    ok = Decision(
        DecisionKind.ACCEPT_WITH_GAPS,
        commitment_deadline=TODAY + timedelta(days=5),
        commitment_signed=True,
    )
    assert validate_decision(GAP_ITEM, checks, ok, promised_date=promised, today=TODAY) == []
    # on the promised date itself, and today itself, are allowed
    for deadline in (promised, TODAY):
        d = replace(ok, commitment_deadline=deadline)
        assert validate_decision(GAP_ITEM, checks, d, promised_date=promised, today=TODAY) == []
    late = replace(ok, commitment_deadline=promised + timedelta(days=1))
    errors = validate_decision(GAP_ITEM, checks, late, promised_date=promised, today=TODAY)
    assert errors and promised.isoformat() in errors[0]
    past = replace(ok, commitment_deadline=TODAY - timedelta(days=1))
    assert validate_decision(GAP_ITEM, checks, past, promised_date=promised, today=TODAY)
    unsigned = replace(ok, commitment_signed=False)
    assert validate_decision(GAP_ITEM, checks, unsigned, promised_date=promised, today=TODAY)
    # a core material (the ID) may not be missing under commitment
    core_missing = [check(FORM, RECEIVED), check(ID, MISSING), check(PROOF, MISSING)]
    errors = validate_decision(GAP_ITEM, core_missing, ok, promised_date=promised, today=TODAY)
    assert any("居民身份证" in e and "不可容缺" in e for e in errors)
    # and an item without 容缺 refuses it
    strict = replace(GAP_ITEM, gap_allowed=False)
    assert validate_decision(strict, checks, ok, promised_date=promised, today=TODAY)


def test_missing_notice_needs_something_to_notify() -> None:
    complete = [check(FORM, RECEIVED), check(ID, RECEIVED), check(PROOF, RECEIVED)]
    assert validate_decision(GAP_ITEM, complete, Decision(DecisionKind.MISSING_NOTICE))
    defective = [check(FORM, DEFECTIVE), check(ID, RECEIVED), check(PROOF, RECEIVED)]
    assert validate_decision(GAP_ITEM, defective, Decision(DecisionKind.MISSING_NOTICE)) == []


def test_refuse_needs_a_reason_even_for_a_withdrawn_item() -> None:
    withdrawn = replace(GAP_ITEM, withdrawn=True)
    assert validate_decision(withdrawn, [], Decision(DecisionKind.REFUSE, reason="  "))
    assert (
        validate_decision(withdrawn, [], Decision(DecisionKind.REFUSE, reason="事项已取消")) == []
    )
    errors = validate_decision(withdrawn, [], Decision(DecisionKind.ACCEPT))
    assert any("停止办理" in e for e in errors)


def test_complete_on_spot_only_for_immediate_items() -> None:
    complete = [check(FORM, RECEIVED), check(ID, RECEIVED), check(PROOF, RECEIVED)]
    decision = Decision(DecisionKind.COMPLETE_ON_SPOT)
    assert any("承诺件" in e for e in validate_decision(GAP_ITEM, complete, decision))
    immediate = replace(GAP_ITEM, handling=HandlingKind.IMMEDIATE, promised_days=0)
    assert validate_decision(immediate, complete, decision) == []


@given(st.data())
def test_missing_or_defective(data: st.DataObject) -> None:
    item = data.draw(items())
    checks = data.draw(checks_for(item))
    result = missing_or_defective(checks)
    expected = [
        c
        for c in checks
        if c.state is MaterialState.DEFECTIVE
        or (c.state is MaterialState.MISSING and c.material.required)
    ]
    assert result == expected
    # a one-time notice is possible exactly when there is something to list
    notice = validate_decision(item, checks, Decision(DecisionKind.MISSING_NOTICE))
    if not item.withdrawn:
        assert (notice == []) == bool(result)


# --------------------------------------------------------------------- state machine

TERMINAL = {s for s, targets in TRANSITIONS.items() if not targets}


def test_every_status_has_a_transition_entry() -> None:
    assert set(TRANSITIONS) == set(CaseStatus)
    for targets in TRANSITIONS.values():
        assert targets <= set(CaseStatus)


def test_terminal_states() -> None:
    assert {
        CaseStatus.REFUSED,
        CaseStatus.DELIVERED,
        CaseStatus.MAILED,
        CaseStatus.COMPLETED,
    } == TERMINAL
    for state in TERMINAL:
        for target in CaseStatus:
            with pytest.raises(InvalidTransition):
                check_transition(state, target)


def test_no_self_transitions() -> None:
    for state, targets in TRANSITIONS.items():
        assert state not in targets


def test_decisions_lead_from_received() -> None:
    for status in DECISION_STATUS.values():
        check_transition(CaseStatus.RECEIVED, status)
    assert set(DECISION_STATUS) == set(DecisionKind)


def _reachable(start: CaseStatus) -> set[CaseStatus]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in TRANSITIONS[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def test_every_status_reachable_and_every_case_can_finish() -> None:
    assert _reachable(CaseStatus.PRECHECKED) == set(CaseStatus)
    for state in CaseStatus:
        assert _reachable(state) & TERMINAL, state  # no trap without an end


def test_lifecycle_paths() -> None:
    path = [
        CaseStatus.PRECHECKED,
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED_WITH_GAPS,
        CaseStatus.ACCEPTED,
        CaseStatus.IN_REVIEW,
        CaseStatus.SUSPENDED,
        CaseStatus.IN_REVIEW,
        CaseStatus.APPROVED,
        CaseStatus.RESULT_READY,
        CaseStatus.MAILED,
    ]
    for a, b in itertools.pairwise(path):
        check_transition(a, b)
    with pytest.raises(InvalidTransition, match="不能从「已受理」变为「待领取」"):
        check_transition(CaseStatus.ACCEPTED, CaseStatus.RESULT_READY)


@given(
    st.sampled_from([CaseStatus.PRECHECKED, CaseStatus.RECEIVED]),
    st.lists(st.sampled_from(CaseStatus), max_size=40),
)
def test_random_walks_only_take_declared_transitions(
    start: CaseStatus, attempts: list[CaseStatus]
) -> None:
    current = start
    for target in attempts:
        if target in TRANSITIONS[current]:
            check_transition(current, target)  # declared: allowed
            current = target
        else:
            with pytest.raises(InvalidTransition) as info:
                check_transition(current, target)
            assert current.label in str(info.value) and target.label in str(info.value)
