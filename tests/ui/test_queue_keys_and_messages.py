"""Issue 9 points 5 and 6: F7 on an open ticket says so and offers to finish it first; the keys
work on the main window again after the print previews; no stale message (nobody waiting,
the last 已保存, a banner naming a disabled button, 在线 after the connection dropped)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import DecisionKind
from clerk_app.sync.client import CentralClient
from clerk_app.sync.queue_client import QueueClient
from clerk_app.ui.acceptance.page import AcceptancePage
from clerk_app.ui.main_window import MainWindow
from clerk_app.ui.queue import panel as queue_module
from clerk_app.ui.queue.dialogs import FinishAndCallConfirm
from clerk_app.ui.queue.panel import QueuePanel
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.test_drafts import type_some


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("keys") / "central.sqlite3"
    running = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield running
    running.stop()


def login(base_url: str, username: str, window_no: int | None) -> QueueClient:
    client = CentralClient(base_url, timeout=5.0)
    client.login(username, DEMO_PASSWORD, window_no)
    return QueueClient(client, "HS01")


@pytest.fixture(scope="module")
def kiosk(server: Any) -> QueueClient:
    return login(server.base_url, "kiosk01", None)


def dead_url() -> str:
    with socket.socket() as probe:  # a port nobody listens on: the network is "down"
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def make_panel(qtbot: QtBot, context: Any) -> Iterator[Any]:
    panels: list[QueuePanel] = []

    def make(client: QueueClient, window_no: int, username: str) -> QueuePanel:
        user = replace(context.user, username=username, window_no=window_no)
        ctx = replace(context, user=user, window_no=window_no, window_label=f"{window_no}号窗口")
        panel = QueuePanel(ctx, client)
        qtbot.addWidget(panel)
        panel.resize(420, 760)
        panel.show()
        panels.append(panel)
        qtbot.waitUntil(lambda: panel.online and panel.model.rowCount() > 0, timeout=10_000)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()


def idle(qtbot: QtBot, panel: QueuePanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)


def test_f7_on_an_open_ticket_offers_to_finish_it_and_call_the_next(
    qtbot: QtBot, server: Any, kiosk: QueueClient, make_panel: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = make_panel(login(server.base_url, "clerk02", 2), 2, "clerk02")
    first = kiosk.issue_ticket("SOCIAL")
    second = kiosk.issue_ticket("SOCIAL")
    with qtbot.waitSignal(panel.ticketCalled, timeout=10_000):
        qtbot.keyClick(panel, Qt.Key.Key_F7)
    idle(qtbot, panel)
    assert panel.current_ticket is not None and panel.current_ticket.number == first.number
    panel.attach_cases(["HS01-02-20261123-0001"])

    answers = [False, True]
    asked: list[str] = []

    def ask(_parent: Any, number: str) -> bool:
        asked.append(number)
        return answers.pop(0)

    monkeypatch.setattr(FinishAndCallConfirm, "ask", classmethod(lambda cls, p, n: ask(p, n)))
    # "No": nothing changes, and the clerk is told why nobody was called.
    qtbot.keyClick(panel, Qt.Key.Key_F7)
    assert asked == [first.number]
    assert first.number in panel.message_label.text() and "办结" in panel.message_label.text()
    assert panel.current_ticket.number == first.number
    # "Yes": the open ticket is finished with its case, then the next citizen is called.
    with (
        qtbot.waitSignal(panel.ticketFinished, timeout=10_000) as finished,
        qtbot.waitSignal(panel.ticketCalled, timeout=10_000) as called,
    ):
        qtbot.keyClick(panel, Qt.Key.Key_F7)
    assert finished.args[0].number == first.number
    assert finished.args[0].case_numbers == ("HS01-02-20261123-0001",)
    assert called.args[0].number == second.number
    idle(qtbot, panel)
    assert panel.case_numbers == []  # the next citizen's cases start afresh


def test_nobody_waiting_goes_away_when_a_ticket_arrives(
    qtbot: QtBot, server: Any, kiosk: QueueClient, make_panel: Any
) -> None:
    panel = make_panel(login(server.base_url, "clerk06", 12), 12, "clerk06")
    qtbot.keyClick(panel, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: panel.message_label.text() == "当前没有等候的群众", timeout=10_000)
    kiosk.issue_ticket("TAX")
    qtbot.waitUntil(lambda: panel.message_label.text() == "", timeout=10_000)


def test_offline_banner_names_only_what_can_be_pressed(
    qtbot: QtBot, server: Any, kiosk: QueueClient, make_panel: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_module, "PROBE_FIRST_MS", 60_000)
    client = login(server.base_url, "clerk04", 9)
    panel = make_panel(client, 9, "clerk04")
    ticket = kiosk.issue_ticket("ESTATE")
    with qtbot.waitSignal(panel.ticketCalled, timeout=10_000):
        panel.call_next()
    idle(qtbot, panel)
    client.central.base_url = dead_url()
    with qtbot.waitSignal(panel.onlineChanged, timeout=15_000):
        panel.refresh()
    idle(qtbot, panel)
    text = panel.connection_label.text()
    assert not panel.walk_in_button.isEnabled()  # a ticket is open
    assert "直接办理" not in text, text
    assert ticket.number in text
    # F7 says why it cannot call, instead of nothing.
    qtbot.keyClick(panel, Qt.Key.Key_F7)
    assert ticket.number in panel.message_label.text()


def test_status_bar_drops_online_with_the_queue_panel(
    qtbot: QtBot, server: Any, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_module, "PROBE_FIRST_MS", 60_000)
    central = CentralClient(server.base_url, timeout=5.0)
    central.login("clerk05", DEMO_PASSWORD, 11)
    user = replace(context.user, username="clerk05", window_no=11)
    online = replace(context, client=central, user=user, window_no=11, window_label="11号窗口")
    window = MainWindow(online, runner=runner, sync_interval_s=3600)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "在线" in window.sync_status.text(), timeout=15_000)
    qtbot.waitUntil(lambda: window.queue_panel.online, timeout=15_000)
    dead = dead_url()
    assert window.sync_engine is not None
    window.sync_engine.client.base_url = dead
    window.queue_panel._client.central.base_url = dead
    with qtbot.waitSignal(window.queue_panel.onlineChanged, timeout=15_000):
        window.queue_panel.refresh()
    # At once, from the same signal: not 在线 until the sync engine's next round.
    assert "离线" in window.sync_status.text(), window.sync_status.text()
    window.close()
    qtbot.waitUntil(lambda: not window.queue_panel.busy, timeout=10_000)


def test_keys_work_on_the_main_window_after_the_print_previews(
    qtbot: QtBot, context: Any, runner: Any
) -> None:
    window = MainWindow(context, runner=runner, idle_ms=0)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    panel = window.queue_panel
    with qtbot.waitSignal(panel.ticketCalled):
        panel.walk_in()  # offline: a walk-in, finished with F10
    page = window.acceptance
    assert isinstance(page, AcceptancePage)
    type_some(page)
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    assert page.decision_panel.confirm()
    other = QWidget()  # the window manager gives the activation to another window meanwhile
    qtbot.addWidget(other)
    for _doc in range(2):  # 受理通知书, 材料接收凭证
        qtbot.waitUntil(lambda: window.printing.current_preview is not None, timeout=10_000)
        preview = window.printing.current_preview
        assert preview is not None
        qtbot.waitUntil(lambda p=preview: bool(p.pdf), timeout=30_000)
        other.show()
        other.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=5_000)
        preview.reject()
        qtbot.waitUntil(lambda p=preview: window.printing.current_preview is not p, timeout=10_000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    focus = QApplication.focusWidget()
    assert focus is not None and window.isAncestorOf(focus)
    with qtbot.waitSignal(panel.ticketFinished, timeout=5_000):
        qtbot.keyClick(focus, Qt.Key.Key_F10)
    window.close()


def test_the_last_saved_message_goes_with_the_next_citizen(qtbot: QtBot, context: Any) -> None:
    page = AcceptancePage(context)
    qtbot.addWidget(page)
    type_some(page)
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    assert page.decision_panel.confirm()
    assert "已保存" in page.saved_label.text() and not page.saved_label.isHidden()
    page.start_new(ticket_no="A012")  # the next ticket is called
    assert page.saved_label.isHidden()
    # Without a ticket: typing the next applicant is serving the next citizen.
    type_some(page)
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    assert page.decision_panel.confirm()
    assert not page.saved_label.isHidden()
    page.applicant_panel.name_edit.setText("刘芳")
    assert page.saved_label.isHidden()


def test_a_demo_window_follows_the_server_to_its_new_port(
    qtbot: QtBot, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A second counter of the demo: the shared server is gone from its address and answers
    at another port (demo-server.json says where); the window's requests, sync and live
    events move there and it is online again."""
    from clerk_app.central.embedded import start_embedded
    from clerk_app.ui import server_follow

    monkeypatch.setattr(queue_module, "PROBE_FIRST_MS", 60_000)
    monkeypatch.setattr(server_follow, "RELOCATE_MS", 50)
    db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    before = start_embedded(db, init_demo=True)
    after = start_embedded(db)  # the same demo database, served on another port
    try:
        central = CentralClient(before.base_url, timeout=5.0)
        central.login("clerk01", DEMO_PASSWORD, 1)
        window = MainWindow(replace(context, client=central), runner=runner, sync_interval_s=3600)
        qtbot.addWidget(window)
        window.follow_moved_server(lambda: after.base_url)
        window.show()
        qtbot.waitUntil(lambda: window.queue_panel.online, timeout=15_000)
        # The old address stops answering (what a stopped server looks like to the window).
        dead = dead_url()
        central.base_url = dead
        assert window.sync_engine is not None
        window.sync_engine.client.base_url = dead
        window.queue_panel._client.central.base_url = dead
        window.queue_panel.refresh()
        qtbot.waitUntil(
            lambda: window.queue_panel.online and central.base_url == after.base_url,
            timeout=15_000,
        )
        assert window.sync_engine.client.base_url == after.base_url
        assert window.queue_panel._client.central.base_url == after.base_url
        qtbot.waitUntil(lambda: "在线" in window.sync_status.text(), timeout=15_000)
        window.close()
        qtbot.waitUntil(lambda: not window.queue_panel.busy, timeout=10_000)
    finally:
        after.stop()
        before.stop()
