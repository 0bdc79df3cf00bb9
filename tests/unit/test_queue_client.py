"""QueueClient and EventStream against the real central server (uvicorn, SQLite, demo hall)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from clerk_app.central.embedded import EmbeddedServer
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.sync.events import EventStream
from clerk_app.sync.queue_client import QueueClient, Ticket

PASSWORD = "Demo@2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    from clerk_app.central.embedded import start_embedded

    db_url = f"sqlite:///{tmp_path_factory.mktemp('queue-client') / 'central.db'}"
    embedded = start_embedded(db_url, init_demo=True)
    # A fixed hall time (10:00, 2026-11-23): the service day cannot roll over mid-test.
    app = embedded.server.config.app
    assert isinstance(app, FastAPI)
    app.state.clock = lambda: datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    try:
        yield embedded
    finally:
        embedded.stop()


def client_for(server: EmbeddedServer, username: str, window: int | None = None) -> QueueClient:
    central = CentralClient(server.base_url, timeout=10)
    result = central.login(username, PASSWORD, window)
    return QueueClient(central, hall=result.user.hall_code)


def wait_for(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.02)
    return predicate()


def drain(clerk: QueueClient, window: int) -> None:
    """Finish the window's current ticket and call/finish until nothing waits."""
    state = clerk.window_state(window)
    if state.current is not None:
        clerk.finish(window, "已办结")
    while clerk.call_next(window) is not None:
        clerk.finish(window, "已办结")


def test_a_full_visit_through_the_client(server: EmbeddedServer) -> None:
    kiosk = client_for(server, "kiosk01")
    clerk = client_for(server, "clerk01", 1)
    evaluator = client_for(server, "eval01", 1)
    drain(clerk, 1)
    ticket = kiosk.issue_ticket("SOCIAL")
    assert isinstance(ticket, Ticket) and ticket.number.startswith("A")
    assert ticket.status == "waiting" and ticket.queue_name == "社会事务"
    position = kiosk.ticket_position(ticket.id)
    assert position.number == ticket.number and position.status == "waiting"

    request_id = uuid.uuid4().hex
    called = clerk.call_next(1, request_id=request_id)
    assert called is not None and called.id == ticket.id and called.window_no == 1
    assert clerk.call_next(1, request_id=request_id) == called  # a retry: the same ticket
    assert clerk.recall(1).call_count == 1
    state = clerk.window_state(1)
    assert state.current is not None and state.current.number == ticket.number
    assert state.queues[0].code == "SOCIAL"
    done = clerk.finish(1, "已受理", ["HS01-01-20261123-0001"])
    assert done.status == "finished" and done.case_numbers == ("HS01-01-20261123-0001",)
    pending = evaluator.last_finished(1)
    assert pending is not None and pending.id == ticket.id
    rating = evaluator.rate(1, ticket.id, 1, reason="等候时间过长", comment="排队太久")
    assert rating.bad is True and rating.label == "非常不满意"
    supervisor = client_for(server, "supervisor01")
    assert any(f.ticket_id == ticket.id for f in supervisor.rating_followups())
    status = supervisor.queue_status()
    assert status.recent_calls[0].number == ticket.number
    window = status.windows[0]
    assert (window.number, window.queues, window.pause_reason) == (1, ("SOCIAL",), None)
    assert [w.number for w in status.windows] == sorted(w.number for w in status.windows)


def test_refusals_arrive_as_api_errors_with_the_reason(server: EmbeddedServer) -> None:
    clerk = client_for(server, "clerk01", 1)
    kiosk = client_for(server, "kiosk01")
    drain(clerk, 1)
    with pytest.raises(ApiError) as green:
        kiosk.issue_ticket("SOCIAL", kind="green")
    assert green.value.status == 403 and green.value.detail == "绿色通道号须由工作人员发放"
    with pytest.raises(ApiError) as pause:
        clerk.pause(1, " ")
    assert pause.value.detail == "暂停服务须填写原因"
    paused = clerk.pause(1, "午间休息")
    assert paused.status == "paused" and paused.pause_reason == "午间休息"
    with pytest.raises(ApiError) as blocked:
        clerk.call_next(1)
    assert blocked.value.status == 409
    assert clerk.resume(1).status == "open"
    with pytest.raises(ApiError) as other:
        clerk.call_next(2)
    assert other.value.status == 403


def test_walk_in_transfer_missed_and_profile(server: EmbeddedServer) -> None:
    clerk = client_for(server, "clerk01", 1)
    kiosk = client_for(server, "kiosk01")
    supervisor = client_for(server, "supervisor01")
    drain(clerk, 1)
    walk = clerk.walk_in(1)
    assert walk.kind == "walk_in" and walk.status == "serving"
    clerk.finish(1, "咨询")
    kiosk.issue_ticket("SOCIAL")
    called = clerk.call_next(1)
    assert called is not None
    missed = clerk.no_show(1)
    assert missed.status == "missed"
    assert [t.id for t in clerk.window_state(1).missed] == [called.id]
    with pytest.raises(ApiError) as early:
        clerk.call_missed(1, called.id)
    assert "秒后再呼叫" in early.value.detail
    kiosk.issue_ticket("SOCIAL")
    again = clerk.call_next(1)
    assert again is not None
    moved = clerk.transfer(1, "需公积金窗口办理", to_queue="FUND")
    assert moved.queue == "FUND" and moved.sort_at == again.sort_at
    state = supervisor.set_profile(1, ["SOCIAL", "FUND"])
    assert [q.code for q in state.queues] == ["SOCIAL", "FUND"]
    assert supervisor.import_appointments(
        "code,queue,date,start\nCLI0001,SOCIAL,2026-11-23,10:00\n"
    ).model_dump(mode="json") == {"imported": 1, "updated": 0, "errors": []}


def test_offline_is_an_offline_error() -> None:
    central = CentralClient("http://127.0.0.1:9", timeout=1, retries=0)
    client = QueueClient(central, hall="HS01")
    with pytest.raises(OfflineError):
        client.call_next(1)
    with pytest.raises(OfflineError):
        client.queue_status()
    with pytest.raises(ValueError, match="hall"):
        QueueClient(central).window_state(1)


def test_event_stream_follows_calls_and_survives_a_restart(
    server: EmbeddedServer, tmp_path: Path
) -> None:
    clerk = client_for(server, "clerk01", 1)
    kiosk = client_for(server, "kiosk01")
    drain(clerk, 1)
    received: list[tuple[str, dict[str, Any]]] = []
    states: list[bool] = []
    lock = threading.Lock()

    def on_event(kind: str, data: dict[str, Any]) -> None:
        with lock:
            received.append((kind, data))

    token = kiosk.central.token
    assert token is not None
    stream = EventStream(server.base_url, "HS01", token, on_event, on_state=states.append)
    stream.start()
    try:
        assert stream.wait_connected()
        ticket = kiosk.issue_ticket("SOCIAL")
        called = clerk.call_next(1)
        assert called is not None and called.id == ticket.id
        assert wait_for(lambda: any(k == "ticket_called" for k, _ in list(received)))
        data = next(d for k, d in received if k == "ticket_called")
        assert data["number"] == ticket.number and data["window_label"].startswith("1号窗口")
        clerk.recall(1)
        assert wait_for(lambda: any(k == "ticket_recalled" for k, _ in list(received)))
        assert next(d for k, d in received if k == "ticket_recalled")["recall"] is True
    finally:
        stream.stop()
    assert states[0] is True and states[-1] is False
    assert not stream.running
