"""A bundle application (一件事) at this window for the hand-out screens' tests: its item cases
stored together with one bundle number (``Cases.save_bundle``), then moved on as a pull of
the departments' decisions leaves them: some ready, some still in review or 待补齐."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    MaterialCheck,
)
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_today
from tests.ui.conftest import APPLICANTS, make_case

HOUSING = "420200-YJS-0002"  # 二手房交易一件事 of the demo catalog
READY = (CaseStatus.IN_REVIEW, CaseStatus.APPROVED, CaseStatus.RESULT_READY)


def _advance(context: Any, case: Case, statuses: tuple[CaseStatus, ...]) -> Case:
    now = datetime.now().astimezone()
    for status in statuses:
        detail = (
            f"准予：《{case.item.result_name or case.item.name}》编号BDC-{case.number[-4:]}"
            if status is CaseStatus.APPROVED
            else "部门办理"
        )
        case = replace(case, status=status)
        context.store.cases.update(
            case, CaseEvent(now, "dept01", case.item.department, "status", status, detail)
        )
    stored: Case = context.store.cases.get(case.number)
    return stored


def with_gap(case: Case, due_in: int) -> Case:
    """``case`` accepted with its first material missing under a commitment due in days."""
    gap = MaterialCheck(replace(case.checks[0].material, required=True, gap_allowed=True))
    return replace(
        case,
        checks=(gap, *case.checks[1:]),
        status=CaseStatus.ACCEPTED_WITH_GAPS,
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS,
            commitment_deadline=hall_today() + timedelta(days=due_in),
            commitment_signed=True,
        ),
    )


def housing_bundle(
    context: Any,
    demo_catalog: tuple[str, list[Item], list[Bundle]],
    *,
    ready: int = 2,
    gap_due_in: int | None = None,
) -> list[Case]:
    """二手房交易一件事 for 陈晓东, three items: the first ``ready`` results ready, the others in
    review; ``gap_due_in``: the last item accepted with a gap (due in that many days)."""
    _version, items, bundles = demo_catalog
    bundle = next(b for b in bundles if b.code == HOUSING)
    by_code = {i.code: i for i in items}
    chosen = [by_code[code] for code in bundle.item_codes[:3]]
    cases = [make_case(item, APPLICANTS[0]) for item in chosen]
    if gap_due_in is not None:
        cases[-1] = with_gap(cases[-1], gap_due_in)
    link = BundleLink("", bundle.code, bundle.name, tuple(i.code for i in chosen))
    stored = context.store.cases.save_bundle(cases, link)
    return [
        _advance(context, case, READY if n < ready else READY[:1]) for n, case in enumerate(stored)
    ]
