"""Ratings (好差评) over the HTTP API on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services import audit

from .conftest import Central
from .test_queue_api import API, Q


@pytest.fixture
def q(central: Central) -> Q:
    return Q(central)


def serve_one(q: Q, cases: list[str] | None = None) -> dict[str, object]:
    q.issue("SOCIAL")
    called = q.call(1)
    assert called is not None
    done = q.post(1, "finish", {"outcome": "已受理", "case_numbers": cases or []})
    assert done.status_code == 200
    return dict(done.json())


ALL_STEPS = {
    "contact": "11月24日电话联系本人",
    "finding": "高峰时段等候55分钟属实",
    "rectification": "高峰时段增开2个窗口",
    "answer": "已致歉并说明改进措施，群众表示理解",
}


def rate(
    q: Q, body: dict[str, object], headers: dict[str, str] | None = None, window: int = 1
) -> Any:
    return q.client.post(
        f"{API}/halls/HS01/windows/{window}/rating", json=body, headers=headers or q.eval1
    )


def test_one_rating_per_finished_service_linked_to_window_clerk_and_cases(q: Q) -> None:
    ticket = serve_one(q, ["HS01-01-20261123-0001"])
    pending = q.client.get(f"{API}/halls/HS01/windows/1/rating/pending", headers=q.eval1)
    assert pending.status_code == 200 and pending.json()["id"] == ticket["id"]
    good = rate(q, {"ticket_id": ticket["id"], "score": 5})
    assert good.status_code == 201, good.text
    body = good.json()
    assert body["label"] == "非常满意" and body["bad"] is False
    assert body["window_no"] == 1 and body["clerk"] == "clerk01"
    assert body["case_numbers"] == ["HS01-01-20261123-0001"]
    again = rate(q, {"ticket_id": ticket["id"], "score": 1, "reason": "其他"})
    assert again.status_code == 409 and again.json()["detail"] == "本次服务已评价，感谢您的反馈"
    nothing = q.client.get(f"{API}/halls/HS01/windows/1/rating/pending", headers=q.eval1)
    assert nothing.status_code == 204


def test_bad_ratings_need_a_reason_and_land_on_the_followup_list(q: Q) -> None:
    ticket = serve_one(q)
    no_reason = rate(q, {"ticket_id": ticket["id"], "score": 2})
    assert no_reason.status_code == 422 and no_reason.json()["detail"] == "请选择不满意的原因"
    bad = rate(
        q,
        {"ticket_id": ticket["id"], "score": 2, "reason": "等候时间过长", "comment": "等了一小时"},
    )
    assert bad.status_code == 201 and bad.json()["bad"] is True
    assert bad.json()["followup_status"] == "open"
    listed = q.client.get(f"{API}/halls/HS01/ratings/followups", headers=q.supervisor)
    assert listed.status_code == 200
    [entry] = listed.json()
    assert entry["ticket_number"] == ticket["number"] and entry["reason"] == "等候时间过长"
    assert entry["label"] == "不满意"
    assert q.client.get(f"{API}/halls/HS01/ratings/followups", headers=q.clerk1).status_code == 403
    closed = q.client.post(
        f"{API}/halls/HS01/ratings/{entry['id']}/followup",
        json={"version": 0, "done": True, **ALL_STEPS},
        headers=q.supervisor,
    )
    assert closed.status_code == 200 and closed.json()["followup_status"] == "done"
    assert q.client.get(f"{API}/halls/HS01/ratings/followups", headers=q.supervisor).json() == []
    done = q.client.get(f"{API}/halls/HS01/ratings/followups?status=done", headers=q.supervisor)
    assert len(done.json()) == 1
    # A good rating never lands there.
    other = serve_one(q)
    assert rate(q, {"ticket_id": other["id"], "score": 3}).status_code == 201
    assert (
        len(
            q.client.get(
                f"{API}/halls/HS01/ratings/followups?status=all", headers=q.supervisor
            ).json()
        )
        == 1
    )


def test_staff_cannot_rate_for_the_citizen(q: Q) -> None:
    ticket = serve_one(q)
    for headers in (q.clerk1, q.supervisor, q.kiosk):
        refused = rate(q, {"ticket_id": ticket["id"], "score": 5}, headers=headers)
        assert refused.status_code == 403
        assert refused.json()["detail"] == "评价须由办事群众在评价器上完成，工作人员不能代为评价"
    # The evaluator of window 1 rates only window 1.
    wrong_window = rate(q, {"ticket_id": ticket["id"], "score": 5}, window=2)
    assert (
        wrong_window.status_code == 403
        and wrong_window.json()["detail"] == "此评价器绑定的是1号窗口"
    )


def test_only_finished_services_of_this_window_within_30_minutes(q: Q) -> None:
    q.issue("SOCIAL")
    called = q.call(1)
    assert called is not None
    unfinished = rate(q, {"ticket_id": called["id"], "score": 4})
    assert unfinished.status_code == 409 and "尚未办结" in unfinished.json()["detail"]
    q.finish(1)
    q.issue("POLICE")
    other = q.call(2)
    assert other is not None
    q.finish(2)
    elsewhere = rate(q, {"ticket_id": other["id"], "score": 4})
    assert elsewhere.status_code == 403 and "不是在1号窗口办理的" in elsewhere.json()["detail"]
    missing = rate(q, {"ticket_id": 999999, "score": 4})
    assert missing.status_code == 404
    q.tick(31 * 60)
    late = rate(q, {"ticket_id": called["id"], "score": 4})
    assert late.status_code == 409 and late.json()["detail"] == "办结已超过30分钟，不能再评价"


@pytest.mark.parametrize("score", [0, 6, -1, "five", 2.5, None])
def test_scores_outside_1_to_5_are_refused_in_chinese(q: Q, score: object) -> None:
    ticket = serve_one(q)
    refused = rate(q, {"ticket_id": ticket["id"], "score": score, "reason": "其他"})
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("请求数据不合法：score")


def test_reasons_list_for_the_evaluator(q: Q) -> None:
    reasons = q.client.get(f"{API}/halls/HS01/ratings/reasons", headers=q.eval1).json()
    assert [s["label"] for s in reasons["scores"]] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert "等候时间过长" in reasons["bad_reasons"]


def followup(
    q: Q, rating_id: int, body: dict[str, object], headers: dict[str, str] | None = None
) -> Any:
    return q.client.post(
        f"{API}/halls/HS01/ratings/{rating_id}/followup",
        json=body,
        headers=headers or q.supervisor,
    )


def test_a_bad_rating_is_assigned_checked_rectified_answered_and_closed(q: Q) -> None:
    ticket = serve_one(q, ["HS01-01-20261123-0001"])
    bad = rate(q, {"ticket_id": ticket["id"], "score": 1, "reason": "服务态度不好"}).json()
    # Rated Monday 2026-11-23: five working days later is Monday 2026-11-30.
    assert bad["followup_due"] == "2026-11-30" and bad["overdue"] is False
    rating_id = bad["id"]
    assignees = q.client.get(f"{API}/halls/HS01/ratings/assignees", headers=q.supervisor)
    assert "clerk01" in [s["username"] for s in assignees.json()]
    unknown = followup(q, rating_id, {"version": 0, "assigned_to": "nobody"})
    assert unknown.status_code == 422 and "nobody" in unknown.json()["detail"]
    assigned = followup(q, rating_id, {"version": 0, "assigned_to": "super01"})
    assert assigned.status_code == 200, assigned.text
    body = assigned.json()
    assert body["assigned_to"] == "super01" and body["assigned_to_name"] == "王强"
    assert body["followup_status"] == "in_progress" and body["followup_version"] == 1
    assert body["window_label"] == "1号窗口" and body["clerk_name"] == "张敏"
    assert body["case_numbers"] == ["HS01-01-20261123-0001"]
    stale = followup(q, rating_id, {"version": 0, "contact": "电话"})
    assert stale.status_code == 409 and "刷新" in stale.json()["detail"]
    early = followup(q, rating_id, {"version": 1, "contact": ALL_STEPS["contact"], "done": True})
    assert early.status_code == 422
    assert early.json()["detail"] == "办结差评回访前请填写：核实情况、整改措施、答复内容"
    steps = followup(q, rating_id, {"version": 1, **ALL_STEPS})
    assert steps.status_code == 200 and steps.json()["finding"] == ALL_STEPS["finding"]
    assert followup(q, rating_id, {"version": 2}).status_code == 422  # nothing to save
    clerk = followup(q, rating_id, {"version": 2, "done": True}, headers=q.clerk1)
    assert clerk.status_code == 403
    closed = followup(q, rating_id, {"version": 2, "done": True})
    assert closed.status_code == 200 and closed.json()["followup_status"] == "done"
    assert closed.json()["followed_up_by"] == "super01"
    again = followup(q, rating_id, {"version": 3, "answer": "再次回复"})
    assert again.status_code == 409
    # Another hall's supervisor does not see it.
    other = q.central.login("hs02_super01")
    assert followup(q, rating_id, {"version": 3}, headers=other).status_code == 403
    # The audit trail names the steps, not their text.
    entries = audit_entries(q.central.url, f"rating:{rating_id}")
    assert [action for action, _detail in entries] == [
        "rating.followup",
        "rating.followup",
        "rating.followup_close",
    ]
    assert entries[0][1]["assigned_to"] == "super01"
    assert ALL_STEPS["finding"] not in str(entries)


def audit_entries(url: str, subject: str) -> list[tuple[str, dict[str, Any]]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(
                select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.seq)
            ).all()
            assert all(r.ok for r in audit.verify(session))
            return [(r.action, dict(r.detail)) for r in rows]
    finally:
        engine.dispose()


def test_an_open_bad_rating_past_its_due_date_is_overdue(q: Q) -> None:
    ticket = serve_one(q)
    bad = rate(q, {"ticket_id": ticket["id"], "score": 2, "reason": "办事效率低"}).json()
    q.clock.now = q.clock.now + timedelta(days=8)  # Tuesday 2026-12-01
    supervisor = q.central.login("super01")  # yesterday's token has expired
    [entry] = q.client.get(f"{API}/halls/HS01/ratings/followups", headers=supervisor).json()
    assert entry["id"] == bad["id"] and entry["overdue"] is True
