"""A 容缺 case becomes complete by 补齐 only (SQLite and PostgreSQL): a window's write that turns
容缺受理 into 受理 with the material still missing is refused, and so is a case created as
受理 or 当场办结 with a required material missing; the same write after 补齐 is accepted."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from clerk_app.domain.cases import CaseStatus, Decision, DecisionKind, MaterialState
from tests.central.test_backoffice import Backoffice, bo  # noqa: F401  (the fixture)
from tests.central.test_gap_lifecycle import _gap_case, _push, _upload


def _update(case: Any, base: int) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "kind": "case.update",
        "base_version": base,
        "payload": {"case": case.to_dict()},
    }


def test_no_gap_vanishes_by_a_change_of_decision(bo: Backoffice) -> None:  # noqa: F811
    case = _gap_case(bo, 1)
    _upload(bo, case)
    flipped = replace(case, decision=Decision(DecisionKind.ACCEPT), status=CaseStatus.ACCEPTED)
    refused = _push(bo, bo.clerk, 1, _update(flipped, 1))
    assert refused["status"] == "rejected" and "不能受理（容缺材料请登记补齐）" in refused["detail"]
    # created as 受理 with the material missing: refused as well
    missing = replace(flipped, number=_gap_case(bo, 2).number)
    created = bo.central.client.post("/api/v1/cases", json=missing.to_dict(), headers=bo.clerk)
    assert created.status_code == 409 and "未收齐" in created.json()["detail"]
    # once supplied, the same change is the window's to make
    supplied = replace(
        flipped,
        checks=tuple(
            replace(c, state=MaterialState.RECEIVED, copies_received=1) for c in flipped.checks
        ),
    )
    done = _push(bo, bo.clerk, 1, _update(supplied, 1))
    assert done["status"] == "applied", done
