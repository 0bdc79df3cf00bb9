"""Ratings (好差评) over the HTTP API on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

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
        json={"note": "已电话回访，致歉并说明高峰时段"},
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
