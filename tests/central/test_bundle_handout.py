"""出件 of a bundle on the server, SQLite and PostgreSQL: each item case of a bundle is
handed out on its own (its own version, change and audit entry), the ready ones in one push
and the last one later; a case not ready, one with an open 容缺 gap, or a hand-out that does
not say how the result went out is refused with the reason, and nothing of it is stored."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from clerk_app.domain.cases import Case, CaseStatus
from tests.central.test_backoffice import Backoffice, bo  # noqa: F401  (the fixture)
from tests.central.test_case_bundle_link import _bundle_cases, _push, _stored_bundle_numbers
from tests.central.test_gap_lifecycle import APPROVE, _audit_actions, _gap_case

CASES = "/api/v1/cases"


def _handout_op(bo: Backoffice, number: str, **changes: Any) -> dict[str, Any]:  # noqa: F811
    """A window's hand-out of ``number`` as the server now holds it (its version as base)."""
    held = bo.central.client.get(f"{CASES}/{number}", headers=bo.clerk).json()
    case = replace(Case.from_dict(held), **{"status": CaseStatus.DELIVERED, **changes})
    return {
        "op_id": str(uuid.uuid4()),
        "kind": "case.deliver",
        "base_version": max(change.version for change in bo.changes(number)),
        "payload": {"case": case.to_dict()},
    }


def _push_ops(bo: Backoffice, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:  # noqa: F811
    response = bo.central.client.post(
        "/api/v1/sync/push", json={"window_no": 1, "operations": ops}, headers=bo.clerk
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _status(bo: Backoffice, number: str) -> str:  # noqa: F811
    view = bo.central.client.get(f"{CASES}/{number}", headers=bo.clerk).json()
    return str(view["status"])


def _ready(bo: Backoffice, case: Case, who: str) -> None:  # noqa: F811
    assert bo.post(case.number, "take", who=who).status_code == 200
    approved = bo.post(case.number, "approve", APPROVE, who=who)
    assert approved.status_code == 200, approved.text


def test_two_of_three_handed_out_in_one_push_the_third_later(bo: Backoffice) -> None:  # noqa: F811
    first, second = _bundle_cases(bo, 1)
    third = replace(_bundle_cases(bo, 3)[0], bundle=first.bundle)  # a third item, same bundle
    assert [r["status"] for r in _push(bo, [first, second, third])] == ["applied"] * 3
    _ready(bo, first, "a")
    _ready(bo, second, "b")
    assert bo.post(third.number, "take").status_code == 200
    results = _push_ops(bo, [_handout_op(bo, first.number), _handout_op(bo, second.number)])
    assert [r["status"] for r in results] == ["applied", "applied"], results
    assert [_status(bo, c.number) for c in (first, second, third)] == [
        "delivered",
        "delivered",
        "in_review",
    ]
    for case in (first, second):  # each delivery is recorded on its own case
        assert _audit_actions(bo, case.number).count("case.deliver") == 1
    # the third, still in review, cannot go out: refused with the reason, nothing stored
    (early,) = _push_ops(bo, [_handout_op(bo, third.number)])
    assert early["status"] == "rejected" and "审批中" in early["detail"]
    assert _status(bo, third.number) == "in_review"
    blind = bo.central.client.post(
        CASES, json=_handout_op(bo, third.number)["payload"]["case"], headers=bo.clerk
    )
    assert blind.status_code == 409 and "审批中" in blind.json()["detail"]
    # approved later: it goes out on its own; the bundle's link is kept throughout
    assert bo.post(third.number, "approve", APPROVE).status_code == 200
    (later,) = _push_ops(bo, [_handout_op(bo, third.number)])
    assert later["status"] == "applied" and later["case"]["bundle"]["number"] == first.bundle_no
    assert set(_stored_bundle_numbers(bo).values()) == {first.bundle_no}


def test_a_hand_out_must_say_how_the_result_went_out(bo: Backoffice) -> None:  # noqa: F811
    (case,) = _bundle_cases(bo, 1)[:1]
    _push(bo, [case])
    _ready(bo, case, "a")
    refused = _push_ops(
        bo,
        [
            _handout_op(bo, case.number, delivery_mode="mail"),  # 已领取, but "by mail"
            _handout_op(
                bo, case.number, status=CaseStatus.MAILED, delivery_mode="mail", mail_address=" "
            ),
        ],
    )
    assert [r["status"] for r in refused] == ["rejected", "rejected"]
    assert "送达方式须为窗口领取（而不是「免费邮寄」）" in refused[0]["detail"]
    assert "没有邮寄地址" in refused[1]["detail"]
    teleport = _handout_op(bo, case.number)["payload"]["case"]
    response = bo.central.client.post(
        CASES, json={**teleport, "delivery_mode": "teleport"}, headers=bo.clerk
    )
    assert response.status_code == 422 and "delivery_mode" in response.text
    assert _status(bo, case.number) == "result_ready"
    mailed = _handout_op(
        bo, case.number, status=CaseStatus.MAILED, delivery_mode="mail", mail_address="黄石港区1号"
    )
    (sent,) = _push_ops(bo, [mailed])
    assert sent["status"] == "applied" and _status(bo, case.number) == "mailed"


def test_a_bundles_case_with_an_open_gap_is_not_handed_out(bo: Backoffice) -> None:  # noqa: F811
    ready, _second = _bundle_cases(bo, 1)
    gap = replace(_gap_case(bo, 2), bundle=ready.bundle, item=bo.other_item)
    gap = replace(gap, checks=(gap.checks[0], *_second.checks[1:]))
    assert [r["status"] for r in _push(bo, [ready, gap])] == ["applied", "applied"]
    _ready(bo, ready, "a")
    assert bo.post(gap.number, "take", who="b").status_code == 200
    refused = bo.post(gap.number, "approve", APPROVE, who="b")
    assert refused.status_code == 409 and "尚未补齐" in refused.json()["detail"]
    # the ready one goes out; the one with the gap is refused, whatever the window sends
    results = _push_ops(bo, [_handout_op(bo, ready.number), _handout_op(bo, gap.number)])
    assert results[0]["status"] == "applied"
    assert results[1]["status"] == "rejected"
    assert _status(bo, gap.number) == "in_review"
