"""The window's queue panel against the real central server (embedded, SQLite, demo hall).

Each test uses its own window and queue (see the demo hall) so they share one server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clerk_app.sync.client import CentralClient
from clerk_app.sync.queue_client import QueueClient
from tests.ui.conftest import DEMO_PASSWORD


@pytest.fixture(scope="module")
def queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("queue") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


def login(base_url: str, username: str, window_no: int | None) -> QueueClient:
    client = CentralClient(base_url, timeout=5.0)
    client.login(username, DEMO_PASSWORD, window_no)
    return QueueClient(client, "HS01")


@pytest.fixture(scope="module")
def kiosk(queue_server: Any) -> QueueClient:
    return login(queue_server.base_url, "kiosk01", None)


def window_context(context: Any, window_no: int, username: str) -> Any:
    user = replace(context.user, username=username, window_no=window_no)
    return replace(context, user=user, window_no=window_no, window_label=f"{window_no}号窗口")


@pytest.fixture
def make_panel(qtbot: Any, context: Any) -> Iterator[Any]:
    from clerk_app.ui.queue.panel import QueuePanel

    panels: list[QueuePanel] = []

    def make(queue_client: Any, window_no: int, username: str) -> QueuePanel:
        panel = QueuePanel(window_context(context, window_no, username), queue_client)
        qtbot.addWidget(panel)
        panel.resize(420, 760)
        panel.show()
        panels.append(panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()


def wait_idle(qtbot: Any, panel: Any) -> None:
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)


def test_call_recall_finish_with_cases(
    qtbot: Any, qtmodeltester: Any, queue_server: Any, kiosk: QueueClient, make_panel: Any
) -> None:
    panel = make_panel(login(queue_server.base_url, "clerk05", 11), 11, "clerk05")
    qtbot.waitUntil(lambda: panel.online and panel.model.rowCount() == 1, timeout=10_000)
    assert panel.call_button.isEnabled()
    assert "[F7]" in panel.call_button.text() and "[F10]" in panel.finish_button.text()
    assert not panel.finish_button.isEnabled()

    first = kiosk.issue_ticket("POLICE")
    second = kiosk.issue_ticket("POLICE")
    # The kiosk's tickets reach the panel by the pushed events, without any request of ours.
    qtbot.waitUntil(lambda: panel.model.index(0, 1).data() == "2", timeout=10_000)
    qtmodeltester.check(panel.model)

    with qtbot.waitSignal(panel.ticketCalled, timeout=10_000) as called:
        qtbot.keyClick(panel, Qt.Key.Key_F7)
    ticket = called.args[0]
    assert ticket.number == first.number
    assert ticket.id == first.id
    wait_idle(qtbot, panel)
    assert panel.current_label.text() == first.number
    assert not panel.call_button.isEnabled()  # finish first

    panel.recall()
    wait_idle(qtbot, panel)
    assert "已重呼" in panel.message_label.text()

    panel.attach_cases(["HS01-11-20261123-0001", "HS01-11-20261123-0002"])
    panel.attach_cases(["HS01-11-20261123-0001"])
    with qtbot.waitSignal(panel.ticketFinished, timeout=10_000) as finished:
        panel.finish()
    assert finished.args[0].case_numbers == (
        "HS01-11-20261123-0001",
        "HS01-11-20261123-0002",
    )
    wait_idle(qtbot, panel)
    assert panel.current_ticket is None
    assert panel.case_numbers == []
    qtbot.waitUntil(lambda: panel.model.index(0, 1).data() == "1", timeout=10_000)

    with qtbot.waitSignal(panel.ticketCalled, timeout=10_000) as called:
        panel.call_next()
    assert called.args[0].number == second.number


def test_no_show_goes_to_the_missed_pool_and_transfer_keeps_the_ticket(
    qtbot: Any, monkeypatch: Any, queue_server: Any, kiosk: QueueClient, make_panel: Any
) -> None:
    from clerk_app.ui.queue.dialogs import NoShowConfirm, TransferChoice, TransferDialog

    asked: list[str] = []
    answer = [False]

    def confirm(parent: Any, number: str) -> bool:
        asked.append(number)
        return answer[0]

    monkeypatch.setattr(NoShowConfirm, "ask", classmethod(lambda cls, *a: confirm(*a)))
    panel = make_panel(login(queue_server.base_url, "clerk04", 9), 9, "clerk04")
    qtbot.waitUntil(lambda: panel.online and panel.model.rowCount() == 1, timeout=10_000)
    missed = kiosk.issue_ticket("ESTATE")
    moved = kiosk.issue_ticket("ESTATE")
    qtbot.waitUntil(lambda: panel.model.index(0, 1).data() == "2", timeout=10_000)

    panel.call_next()
    wait_idle(qtbot, panel)
    assert panel.current_ticket is not None
    # 过号 asks first: No (the default) keeps the citizen being served.
    panel.no_show()
    assert asked == [missed.number]
    assert not panel.busy and panel.current_ticket is not None
    answer[0] = True
    panel.no_show()
    assert asked == [missed.number, missed.number]
    qtbot.waitUntil(lambda: panel.missed_list.count() == 1, timeout=10_000)
    assert panel.missed_list.item(0).text().startswith(missed.number)
    assert "已过号" in panel.message_label.text()
    assert panel.current_ticket is None
    # Callable again only after the minimum interval: the server's reason is shown.
    assert panel.call_missed_button.isEnabled()
    panel.call_missed()
    wait_idle(qtbot, panel)
    assert panel.current_ticket is None
    refusal = panel.message_label.text()
    assert refusal and "已过号" not in refusal

    panel.call_next()
    wait_idle(qtbot, panel)
    assert panel.current_ticket is not None and panel.current_ticket.number == moved.number
    seen: list[Any] = []

    def choose(parent: Any, queues: Any, windows: Any) -> TransferChoice:
        seen.append((queues, windows))
        return TransferChoice("TAX", None, "需到专业窗口办理")

    monkeypatch.setattr(TransferDialog, "ask", classmethod(lambda cls, *a: choose(*a)))
    panel.transfer()
    wait_idle(qtbot, panel)
    assert ("TAX", "税务") in seen[0][0]
    assert all(number != 9 for number, _label in seen[0][1])
    assert panel.current_ticket is None
    assert "已转移" in panel.message_label.text()
    status = {q.code: q for q in kiosk.queue_status().queues}
    assert status["TAX"].waiting == 1


def test_pause_needs_a_reason_and_resume(
    qtbot: Any, monkeypatch: Any, queue_server: Any, make_panel: Any
) -> None:
    from clerk_app.ui.queue.dialogs import PauseDialog

    panel = make_panel(login(queue_server.base_url, "clerk03", 6), 6, "clerk03")
    qtbot.waitUntil(lambda: panel.online and panel.pause_button.isEnabled(), timeout=10_000)
    monkeypatch.setattr(PauseDialog, "ask", classmethod(lambda cls, parent: None))
    panel.toggle_pause()  # cancelled: nothing sent
    assert not panel.busy and panel.window_status_label.text() == ""

    monkeypatch.setattr(PauseDialog, "ask", classmethod(lambda cls, parent: "午间休息"))
    panel.toggle_pause()
    qtbot.waitUntil(lambda: "午间休息" in panel.window_status_label.text(), timeout=10_000)
    wait_idle(qtbot, panel)
    assert not panel.call_button.isEnabled()
    assert "恢复服务" in panel.pause_button.text()
    panel.toggle_pause()
    qtbot.waitUntil(lambda: panel.window_status_label.text() == "", timeout=10_000)
    wait_idle(qtbot, panel)
    assert panel.call_button.isEnabled()


def test_server_unreachable_says_so_allows_walk_in_and_resumes(
    qtbot: Any, queue_server: Any, kiosk: QueueClient, make_panel: Any
) -> None:
    import socket

    from clerk_app.ui.queue import panel as module

    queue_client = login(queue_server.base_url, "clerk06", 12)
    with socket.socket() as probe:  # a port nobody listens on: the network is "down"
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    queue_client.central.base_url = dead
    module_probe = module.PROBE_FIRST_MS
    module.PROBE_FIRST_MS = 200
    try:
        panel = make_panel(queue_client, 12, "clerk06")
        qtbot.waitUntil(lambda: not panel.online, timeout=15_000)
        text = panel.connection_label.text()
        assert "无法连接" in text and "直接办理" in text
        assert not panel.call_button.isEnabled()
        assert panel.walk_in_button.isEnabled()
        with qtbot.waitSignal(panel.ticketCalled) as walk_in:
            panel.walk_in()
        assert walk_in.args[0].number == "" and walk_in.args[0].id is None
        with qtbot.waitSignal(panel.ticketFinished):
            panel.finish()

        kiosk.issue_ticket("FUND")
        queue_client.central.base_url = queue_server.base_url  # the network is back
        with qtbot.waitSignal(panel.onlineChanged, timeout=15_000) as back:
            pass
        assert back.args == [True]
        qtbot.waitUntil(lambda: panel.call_button.isEnabled(), timeout=10_000)
        assert "在线" in panel.connection_label.text()
    finally:
        module.PROBE_FIRST_MS = module_probe


def test_offline_login_has_no_calling(qtbot: Any, context: Any, tmp_path: Path) -> None:
    from clerk_app.ui.queue.panel import QueuePanel

    panel = QueuePanel(context, None)
    qtbot.addWidget(panel)
    assert "离线登录" in panel.connection_label.text()
    assert not panel.call_button.isEnabled()
    assert panel.walk_in_button.isEnabled()


def test_queue_client_for_a_logged_in_window(queue_server: Any, context: Any) -> None:
    from clerk_app.ui.queue.panel import queue_client_for

    assert queue_client_for(context) is None  # offline login
    central = CentralClient(queue_server.base_url)
    central.login("clerk01", DEMO_PASSWORD, 1)
    online = replace(context, client=central)
    queue_client = queue_client_for(online)
    assert queue_client.central is not central  # its own session: the panel's thread only
    assert queue_client.window_state(1).window_no == 1


def test_lost_event_stream_is_noticed_without_pressing_anything(
    qtbot: Any, queue_server: Any, make_panel: Any, context: Any
) -> None:
    import socket

    from clerk_app.ui.live_events import LiveEvents
    from clerk_app.ui.queue.panel import QueuePanel

    queue_client = login(queue_server.base_url, "clerk01", 3)
    events = LiveEvents()  # the stream's connection state is delivered by the test
    panel = QueuePanel(window_context(context, 3, "clerk01"), queue_client, events=events)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.online and panel.model.rowCount() == 1, timeout=10_000)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    queue_client.central.base_url = dead  # the network goes down ...
    with qtbot.waitSignal(panel.onlineChanged, timeout=15_000) as down:
        events.deliver("_disconnected")  # ... the event stream notices first
    assert down.args == [False]
    assert "无法连接" in panel.connection_label.text()
    assert not panel.call_button.isEnabled()
    queue_client.central.base_url = queue_server.base_url
    with qtbot.waitSignal(panel.onlineChanged, timeout=15_000) as up:
        events.deliver("_connected")
    assert up.args == [True]
    qtbot.waitUntil(lambda: panel.call_button.isEnabled(), timeout=10_000)
    panel.shutdown()


class HeldRefreshClient(QueueClient):
    """A real client whose next state refresh waits until the test releases it."""

    def __init__(self, inner: QueueClient) -> None:
        super().__init__(inner.central, inner.hall)
        self.hold = threading.Event()
        self.release = threading.Event()

    def window_state(self, window_no: int) -> Any:
        if self.hold.is_set():
            self.hold.clear()
            self.release.wait(10)
        return super().window_state(window_no)


def test_a_key_pressed_during_a_background_refresh_is_not_lost(
    qtbot: Any, queue_server: Any, kiosk: QueueClient, make_panel: Any
) -> None:
    client = HeldRefreshClient(login(queue_server.base_url, "clerk06", 12))
    panel = make_panel(client, 12, "clerk06")
    qtbot.waitUntil(lambda: panel.online and panel.call_button.isEnabled(), timeout=10_000)
    kiosk.issue_ticket("TAX")
    with qtbot.waitSignal(panel.ticketCalled, timeout=10_000):
        panel.call_next()
    wait_idle(qtbot, panel)

    client.hold.set()
    panel.refresh()  # a refresh the server answers slowly (an event arrived, say)
    qtbot.waitUntil(lambda: not client.hold.is_set(), timeout=10_000)
    assert panel.finish_button.isEnabled()  # the refresh does not lock the clerk out
    panel.activateWindow()  # window shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel, timeout=5_000)
    with qtbot.waitSignal(panel.ticketFinished, timeout=10_000):
        qtbot.keyClick(panel, Qt.Key.Key_F10)  # pressed while the refresh still runs
        client.release.set()
    wait_idle(qtbot, panel)
    assert panel.current_ticket is None
