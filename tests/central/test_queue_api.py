"""The queue HTTP API over real SQLite and PostgreSQL: tickets, order, window actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Central
from .test_queue_support import API, FixedClock, add_queue_staff, rid

# Staff give a green-channel number with its reason.
GREEN_REASON: dict[str, dict[str, str]] = {"green": {"reason": "老年人"}}

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall (China time)


class Q:
    """The test client with one token per role and short verbs for the queue endpoints."""

    def __init__(self, central: Central) -> None:
        add_queue_staff(central.url)
        self.central = central
        self.client = central.client
        self.clock = FixedClock(START)
        central.app.state.clock = self.clock
        self.kiosk = central.login("kiosk01")
        self.clerk1 = central.login("clerk01", window_no=1)
        self.clerk2 = central.login("clerk02", window_no=2)
        self.supervisor = central.login("super01")
        self.helpdesk = central.login("help01")
        self.eval1 = central.login("eval01", window_no=1)

    def tick(self, seconds: float = 1.0) -> None:
        self.clock.now += timedelta(seconds=seconds)

    def issue(
        self,
        queue: str = "SOCIAL",
        kind: str = "normal",
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        self.tick()
        response = self.client.post(
            f"{API}/halls/HS01/tickets",
            json={"queue": queue, "kind": kind, **GREEN_REASON.get(kind, {}), **extra},
            headers=headers or (self.helpdesk if kind == "green" else self.kiosk),
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    def post(
        self, window: int, action: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        self.tick(0.1)
        hdrs = headers or (self.clerk1 if window == 1 else self.clerk2)
        return self.client.post(
            f"{API}/halls/HS01/windows/{window}/{action}", json=body or {}, headers=hdrs
        )

    def call(self, window: int = 1, request_id: str | None = None) -> dict[str, Any] | None:
        response = self.post(window, "call-next", {"request_id": request_id or rid()})
        if response.status_code == 204:
            return None
        assert response.status_code == 200, response.text
        return dict(response.json())

    def finish(self, window: int = 1) -> dict[str, Any]:
        response = self.post(window, "finish", {"outcome": "已受理", "case_numbers": []})
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
def q(central: Central) -> Q:
    return Q(central)


def test_tickets_are_numbered_per_queue_and_day_and_show_who_waits_ahead(q: Q) -> None:
    a1, a2, d1 = q.issue("SOCIAL"), q.issue("SOCIAL"), q.issue("POLICE")
    assert (a1["number"], a2["number"], d1["number"]) == ("A001", "A002", "D001")
    assert (a1["waiting_ahead"], a2["waiting_ahead"], d1["waiting_ahead"]) == (0, 1, 0)
    assert a1["status"] == "waiting" and a1["queue_name"] == "社会事务"
    assert a1["check_url"].endswith(f"/api/v1/tickets/{a1['id']}/position")
    # The slip's QR page needs no login.
    position = q.client.get(f"{API}/tickets/{a2['id']}/position")
    assert position.json() == {
        "number": "A002",
        "status": "waiting",
        "waiting_ahead": 1,
        "window_no": None,
    }
    # A new day starts again at 001.
    q.tick(24 * 3600)
    q.kiosk = q.central.login("kiosk01")  # the old token expired overnight
    assert q.issue("SOCIAL")["number"] == "A001"


def test_green_channel_is_staff_only_and_called_first(q: Q) -> None:
    refused = q.client.post(
        f"{API}/halls/HS01/tickets", json={"queue": "SOCIAL", "kind": "green"}, headers=q.kiosk
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "绿色通道号须由工作人员发放"
    q.issue("SOCIAL")
    no_reason = q.client.post(
        f"{API}/halls/HS01/tickets",
        json={"queue": "SOCIAL", "kind": "green", "reason": "  "},
        headers=q.helpdesk,
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"] == "绿色通道须注明原因（如老年人、残疾人、急事）"
    green = q.issue("SOCIAL", "green", reason="残疾人")
    assert green["waiting_ahead"] == 0 and green["priority"] == "green"
    assert "残疾人" not in str(green)  # kept for the audit, not handed to the display or slip
    assert _green_reason(q, green["id"]) == "残疾人"
    called = q.call(1)
    assert called is not None and called["number"] == green["number"]


def _green_reason(q: Q, ticket_id: int) -> str | None:
    from sqlalchemy import select

    from clerk_app.central.db import make_engine, make_session_factory
    from clerk_app.central.queue_models import Ticket

    engine = make_engine(q.central.url)
    try:
        with make_session_factory(engine)() as session:
            return session.scalar(select(Ticket.green_reason).where(Ticket.id == ticket_id))
    finally:
        engine.dispose()


def test_a_ticket_carries_the_help_desks_precheck_number(q: Q) -> None:
    plain = q.issue("SOCIAL")
    assert plain["precheck_no"] is None
    ticket = q.issue("SOCIAL", headers=q.helpdesk, precheck_no="ys-hs01-h03-20261123-0007")
    assert ticket["precheck_no"] == "YS-HS01-H03-20261123-0007"
    for bad in ("YS-123", "YS-HS02-H03-20261123-0007"):  # malformed; another hall's
        refused = q.client.post(
            f"{API}/halls/HS01/tickets",
            json={"queue": "SOCIAL", "precheck_no": bad},
            headers=q.helpdesk,
        )
        assert refused.status_code == 422 and bad in refused.json()["detail"]
    assert q.call() == {**plain, "status": "called", "window_no": 1, "call_count": 1}
    q.finish()
    called = q.call()  # on PostgreSQL the SQL function's row carries the column too
    assert called is not None and called["precheck_no"] == "YS-HS01-H03-20261123-0007"
    state = q.client.get(f"{API}/halls/HS01/windows/1/state", headers=q.clerk1).json()
    assert state["current"]["precheck_no"] == "YS-HS01-H03-20261123-0007"


def test_call_order_green_then_on_time_appointments_then_ticket_time(q: Q) -> None:
    start = (START + timedelta(minutes=20)).astimezone(UTC)
    late_start = START - timedelta(hours=1)
    local = "%Y-%m-%d"
    china = timedelta(hours=8)
    records = [
        {
            "code": "YY0001",
            "queue": "SOCIAL",
            "date": (start + china).strftime(local),
            "start": (start + china).strftime("%H:%M"),
        },
        {
            "code": "YY0002",
            "queue": "SOCIAL",
            "date": (late_start + china).strftime(local),
            "start": (late_start + china).strftime("%H:%M"),
        },
    ]
    imported = q.client.post(
        f"{API}/halls/HS01/appointments/import", json=records, headers=q.supervisor
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["imported"] == 2
    normal = q.issue("SOCIAL")
    police = q.issue("POLICE")
    late = q.issue("SOCIAL", "appointment", appointment_code="yy0002")
    on_time = q.issue("SOCIAL", "appointment", appointment_code="YY0001")
    green = q.issue("POLICE", "green")
    assert on_time["priority"] == "appointment" and late["priority"] == "normal"
    assert on_time["kind"] == late["kind"] == "appointment"
    order = []
    while (ticket := q.call(1)) is not None:
        order.append(ticket["number"])
        q.finish(1)
    assert order == [
        green["number"],
        on_time["number"],
        normal["number"],
        police["number"],
        late["number"],
    ]
    # An appointment checks in once.
    again = q.client.post(
        f"{API}/halls/HS01/tickets",
        json={"queue": "SOCIAL", "kind": "appointment", "appointment_code": "YY0001"},
        headers=q.kiosk,
    )
    assert again.status_code == 409 and again.json()["detail"] == "该预约已签到取号，请勿重复取号"
    unknown = q.client.post(
        f"{API}/halls/HS01/tickets",
        json={"queue": "SOCIAL", "kind": "appointment", "appointment_code": "NOPE99"},
        headers=q.kiosk,
    )
    assert unknown.status_code == 404 and "NOPE99" in unknown.json()["detail"]


def test_queue_preference_breaks_ties_and_profile_is_set_by_supervisor(q: Q) -> None:
    # Same ticket time in both queues: window 1 prefers SOCIAL, then POLICE.
    q.clock.now = START + timedelta(minutes=5)
    social = q.client.post(
        f"{API}/halls/HS01/tickets", json={"queue": "SOCIAL"}, headers=q.kiosk
    ).json()
    police = q.client.post(
        f"{API}/halls/HS01/tickets", json={"queue": "POLICE"}, headers=q.kiosk
    ).json()
    assert social["sort_at"] == police["sort_at"]
    refused = q.client.put(
        f"{API}/halls/HS01/windows/1/profile", json={"queues": ["POLICE"]}, headers=q.clerk1
    )
    assert refused.status_code == 403
    changed = q.client.put(
        f"{API}/halls/HS01/windows/1/profile",
        json={"queues": ["POLICE", "SOCIAL"]},
        headers=q.supervisor,
    )
    assert changed.status_code == 200, changed.text
    assert [x["code"] for x in changed.json()["queues"]] == ["POLICE", "SOCIAL"]
    first = q.call(1)
    assert first is not None and first["number"] == police["number"]
    bad = q.client.put(
        f"{API}/halls/HS01/windows/1/profile", json={"queues": ["NOPE"]}, headers=q.supervisor
    )
    assert bad.status_code == 404 and bad.json()["detail"] == "本大厅没有队列NOPE"


def test_a_retried_call_next_returns_the_same_ticket(q: Q) -> None:
    for _ in range(3):
        q.issue("SOCIAL")
    request_id = rid()
    first = q.call(1, request_id)
    second = q.call(1, request_id)
    assert first is not None and second is not None
    assert first["id"] == second["id"] and second["call_count"] == 1
    state = q.client.get(f"{API}/halls/HS01/windows/1/state", headers=q.clerk1).json()
    assert state["queues"][0]["waiting"] == 2
    # Used by another window, the id is refused rather than calling for it.
    other = q.post(2, "call-next", {"request_id": request_id})
    assert other.status_code == 409
    # Calling again before finishing is refused with the reason.
    busy = q.post(1, "call-next", {"request_id": rid()})
    assert busy.status_code == 409 and "尚未办结" in busy.json()["detail"]


def test_nothing_waiting_is_204_and_the_retry_too(q: Q) -> None:
    request_id = rid()
    assert q.call(1, request_id) is None
    q.issue("SOCIAL")
    assert q.call(1, request_id) is None  # the same request keeps its answer
    assert q.call(1) is not None


def test_no_show_goes_to_missed_pool_with_interval_and_three_calls(q: Q) -> None:
    ticket = q.issue("SOCIAL")
    assert q.call(1) is not None
    missed = q.post(1, "no-show")
    assert missed.json()["status"] == "missed"
    state = q.client.get(f"{API}/halls/HS01/windows/1/state", headers=q.clerk1).json()
    assert [t["number"] for t in state["missed"]] == [ticket["number"]]
    assert state["queues"][0]["missed"] == 1
    early = q.post(1, f"call-missed/{ticket['id']}")
    assert early.status_code == 409 and "秒后再呼叫" in early.json()["detail"]
    for expected_calls in (2, 3):
        q.tick(121)
        again = q.post(1, f"call-missed/{ticket['id']}")
        assert again.status_code == 200, again.text
        assert again.json()["call_count"] == expected_calls
        result = q.post(1, "no-show").json()
        assert result["status"] == ("missed" if expected_calls < 3 else "cancelled")
    q.tick(121)
    gone = q.post(1, f"call-missed/{ticket['id']}")
    assert (
        gone.status_code == 409 and gone.json()["detail"] == f"{ticket['number']}号不在过号队列中"
    )


def test_recall_repeats_the_call_without_counting(q: Q) -> None:
    assert q.post(1, "recall").status_code == 409
    q.issue("SOCIAL")
    assert q.call(1) is not None
    recalled = q.post(1, "recall")
    assert recalled.status_code == 200 and recalled.json()["call_count"] == 1
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.kiosk).json()
    assert [c["recall"] for c in status["recent_calls"][:2]] == [True, False]


def test_transfer_keeps_the_original_ticket_time(q: Q) -> None:
    early = q.issue("SOCIAL")
    q.tick(600)
    later_police = q.issue("POLICE")
    called = q.call(1)
    assert called is not None and called["id"] == early["id"]
    no_reason = q.post(1, "transfer", {"to_queue": "POLICE", "reason": "  "})
    assert no_reason.status_code == 422 and no_reason.json()["detail"] == "转出须填写原因"
    moved = q.post(1, "transfer", {"to_queue": "POLICE", "reason": "需公安窗口办理"})
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["queue"] == "POLICE" and body["status"] == "waiting"
    assert body["sort_at"] == early["sort_at"] and body["number"] == early["number"]
    # Window 2 serves POLICE: the transferred ticket comes before the later police ticket.
    first = q.call(2)
    assert first is not None and first["id"] == early["id"]
    q.finish(2)
    second = q.call(2)
    assert second is not None and second["id"] == later_police["id"]


def test_transfer_to_a_window_only_that_window_calls_it(q: Q) -> None:
    ticket = q.issue("SOCIAL")
    assert q.call(1) is not None
    moved = q.post(1, "transfer", {"to_window": 2, "reason": "需2号窗口复核"})
    assert moved.status_code == 200
    assert q.call(1) is None
    called = q.call(2)
    assert called is not None and called["id"] == ticket["id"]
    assert q.post(2, "transfer", {"to_window": 2, "reason": "x"}).status_code == 422


def test_pause_needs_a_reason_and_stops_calling(q: Q) -> None:
    q.issue("SOCIAL")
    refused = q.post(1, "pause", {"reason": ""})
    assert refused.status_code == 422 and refused.json()["detail"] == "暂停服务须填写原因"
    paused = q.post(1, "pause", {"reason": "系统故障"})
    assert paused.status_code == 200
    assert paused.json()["status"] == "paused" and paused.json()["pause_reason"] == "系统故障"
    blocked = q.post(1, "call-next", {"request_id": rid()})
    assert blocked.status_code == 409 and blocked.json()["detail"] == "窗口已暂停，请先恢复服务"
    assert q.post(1, "resume").json()["status"] == "open"
    assert q.call(1) is not None


def test_finish_records_outcome_and_cases(q: Q) -> None:
    assert q.post(1, "finish", {"outcome": "x"}).status_code == 409
    q.issue("SOCIAL")
    q.call(1)
    done = q.post(
        1,
        "finish",
        {"outcome": "已受理", "case_numbers": ["HS01-01-20261123-0001", "HS01-01-20261123-0002"]},
    )
    assert done.status_code == 200
    assert done.json()["status"] == "finished"
    assert done.json()["case_numbers"] == ["HS01-01-20261123-0001", "HS01-01-20261123-0002"]
    state = q.client.get(f"{API}/halls/HS01/windows/1/state", headers=q.clerk1).json()
    assert state["current"] is None


def test_walk_in_is_served_at_once_and_idempotent(q: Q) -> None:
    request_id = rid()
    first = q.post(1, "walk-in", {"request_id": request_id})
    assert first.status_code == 200, first.text
    assert first.json()["kind"] == "walk_in" and first.json()["status"] == "serving"
    assert first.json()["number"] == "W001"
    again = q.post(1, "walk-in", {"request_id": request_id})
    assert again.json()["id"] == first.json()["id"]
    q.finish(1)
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.supervisor).json()
    assert status["queues"][0]["waiting"] == 0


def test_only_the_windows_clerk_or_a_supervisor_acts_on_it(q: Q) -> None:
    q.issue("SOCIAL")
    other = q.post(1, "call-next", {"request_id": rid()}, headers=q.clerk2)
    assert other.status_code == 403 and "不能操作1号窗口" in other.json()["detail"]
    kiosk = q.post(1, "call-next", {"request_id": rid()}, headers=q.kiosk)
    assert kiosk.status_code == 403
    assert q.post(1, "call-next", {"request_id": rid()}, headers=q.supervisor).status_code == 200
    nobody = q.client.post(f"{API}/halls/HS01/windows/1/call-next", json={"request_id": rid()})
    assert nobody.status_code == 401
    missing = q.post(7, "call-next", {"request_id": rid()}, headers=q.supervisor)
    assert missing.status_code == 404 and missing.json()["detail"] == "本大厅没有7号窗口"
    foreign = q.client.get(f"{API}/halls/HS02/queue-status", headers=q.clerk1)
    assert foreign.status_code == 403


def test_appointment_import_csv_and_refusal_of_a_bad_file(q: Q) -> None:
    csv_text = (
        "\ufeffcode,queue,date,start,end,name,id_number,mobile,item\n"
        "AP1001,SOCIAL,2026-11-23,10:30,11:00,张三,420102199003071232,13800138000,社保卡申领\n"
        "AP1002,POLICE,2026-11-23,14:00,,李四,,,身份证换领\n"
    )
    ok = q.client.post(
        f"{API}/halls/HS01/appointments/import",
        content=csv_text.encode("utf-8"),
        headers={**q.supervisor, "Content-Type": "text/csv"},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"imported": 2, "updated": 0, "errors": []}
    bad = "code,queue,date,start\nAP2001,SOCIAL,2026-13-01,10:00\nAP2002,NOPE,2026-11-23,10:00\n"
    refused = q.client.post(
        f"{API}/halls/HS01/appointments/import",
        content=bad.encode("utf-8"),
        headers={**q.supervisor, "Content-Type": "text/csv"},
    )
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail.startswith("预约文件有误，未导入") and "第1条" in detail and "NOPE" in detail
    # Nothing of the bad file was stored; the clerk may not import.
    assert (
        q.client.post(
            f"{API}/halls/HS01/tickets",
            json={"queue": "SOCIAL", "kind": "appointment", "appointment_code": "AP2001"},
            headers=q.kiosk,
        ).status_code
        == 404
    )
    clerk = q.client.post(f"{API}/halls/HS01/appointments/import", json=[], headers=q.clerk1)
    assert clerk.status_code == 403
    # Another day's booking is refused at the kiosk with the date.
    other_day = q.client.post(
        f"{API}/halls/HS01/appointments/import",
        json=[{"code": "AP3001", "queue": "SOCIAL", "date": "2026-11-24", "start": "09:00"}],
        headers=q.supervisor,
    )
    assert other_day.status_code == 200
    refused_day = q.client.post(
        f"{API}/halls/HS01/tickets",
        json={"queue": "SOCIAL", "kind": "appointment", "appointment_code": "AP3001"},
        headers=q.kiosk,
    )
    assert refused_day.status_code == 422 and "2026-11-24" in refused_day.json()["detail"]


def test_a_retried_ticket_request_gives_the_same_ticket(q: Q) -> None:
    request_id = rid()
    first = q.issue("SOCIAL", request_id=request_id)
    second = q.issue("SOCIAL", request_id=request_id)
    assert first["id"] == second["id"]
    assert q.issue("SOCIAL")["number"] == "A002"


def test_hall_status_for_the_display(q: Q) -> None:
    for _ in range(3):
        q.issue("SOCIAL")
    q.tick(300)
    q.call(1)
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.kiosk).json()
    social = status["queues"][0]
    assert social["waiting"] == 2 and social["longest_wait_s"] >= 300
    assert status["windows"][0] == {
        "number": 1,
        "label": "1号窗口",
        "status": "open",
        "current_number": "A001",
        "clerk": "张敏",
        "queues": ["SOCIAL", "POLICE"],
        "pause_reason": None,
    }
    assert status["recent_calls"][0]["number"] == "A001"
    assert status["recent_calls"][0]["window_label"] == "1号窗口"


def test_hall_status_names_each_windows_profile_and_pause_reason(q: Q) -> None:
    """What the supervisor's 大厅管理 page shows: the profile in order, why a window paused."""
    changed = q.client.put(
        f"{API}/halls/HS01/windows/2/profile",
        json={"queues": ["POLICE", "SOCIAL"]},
        headers=q.supervisor,
    )
    assert changed.status_code == 200, changed.text
    paused = q.post(2, "pause", {"reason": "午间休息"}, headers=q.supervisor)
    assert paused.status_code == 200, paused.text
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.supervisor).json()
    rows = {w["number"]: w for w in status["windows"]}
    assert rows[2]["queues"] == ["POLICE", "SOCIAL"]
    assert (rows[2]["status"], rows[2]["pause_reason"]) == ("paused", "午间休息")
    assert rows[1]["pause_reason"] is None
    q.post(2, "resume", headers=q.supervisor)
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.kiosk).json()
    row = next(w for w in status["windows"] if w["number"] == 2)
    assert (row["status"], row["pause_reason"]) == ("open", None)


def test_a_supervisor_resuming_a_window_leaves_its_clerk_on_the_board(q: Q) -> None:
    q.issue("SOCIAL")
    q.call(1)  # 张敏 at window 1
    assert q.post(1, "pause", {"reason": "午间休息"}).status_code == 200
    assert q.post(1, "resume", headers=q.supervisor).status_code == 200
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.kiosk).json()
    assert (status["windows"][0]["status"], status["windows"][0]["clerk"]) == ("open", "张敏")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
ACTIONS = [
    "call-next",
    "recall",
    "no-show",
    "finish",
    "transfer",
    "pause",
    "resume",
    "walk-in",
    "call-missed/1",
    "profile",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(action=st.sampled_from(ACTIONS), body=JSONISH, window=st.integers(-3, 120))
def test_garbage_bodies_get_a_4xx_with_a_chinese_reason_never_500(
    q: Q, action: str, body: Any, window: int
) -> None:
    method = q.client.put if action == "profile" else q.client.post
    response = method(
        f"{API}/halls/HS01/windows/{window}/{action}", json=body, headers=q.supervisor
    )
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and not detail.isascii()
    ticket = q.client.post(f"{API}/halls/HS01/tickets", json=body, headers=q.kiosk)
    assert ticket.status_code < 500, ticket.text
    imported = q.client.post(
        f"{API}/halls/HS01/appointments/import", json=body, headers=q.supervisor
    )
    assert imported.status_code < 500, imported.text
