"""The main window wires its parts together (real LocalStore, real embedded server on SQLite):
the queue panel docked beside the work, a called ticket starting the acceptance, the cases
saved for it attached to the ticket on the server, the sync engine pushing them, and a ready
result opened from 待领取 on the 出件 page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clerk_app.domain.cases import DecisionKind
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_today
from clerk_app.sync.client import CentralClient
from clerk_app.sync.queue_client import QueueClient
from clerk_app.ui.acceptance.page import AcceptancePage
from clerk_app.ui.history import CaseDetailDialog
from clerk_app.ui.main_window import MainWindow
from tests.ui.conftest import APPLICANTS, DEMO_PASSWORD
from tests.ui.test_acceptance import VALID_ID
from tests.ui.test_delivery import ready_case


@pytest.fixture(scope="module")
def wiring_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("wiring") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def kiosk(wiring_server: Any) -> QueueClient:
    client = CentralClient(wiring_server.base_url, timeout=5.0)
    client.login("kiosk01", DEMO_PASSWORD, None)
    return QueueClient(client, "HS01")


@pytest.fixture
def online_context(context: Any, wiring_server: Any) -> Any:
    """clerk01 logged in at window 1 (社会事务) of the demo hall."""
    client = CentralClient(wiring_server.base_url, timeout=5.0)
    client.login("clerk01", DEMO_PASSWORD, 1)
    return replace(context, client=client)


@pytest.fixture
def items(demo_catalog: tuple[str, list[Item], list[Bundle]]) -> list[Item]:
    return [i for i in demo_catalog[1] if not i.scenarios and not i.withdrawn]


def show_window(qtbot: Any, context: Any, runner: Any) -> MainWindow:
    window = MainWindow(context, runner=runner, sync_interval_s=0.5)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    with qtbot.waitActive(window):  # shortcuts only reach the active window
        window.show()
        window.activateWindow()
    return window


def press(qtbot: Any, window: MainWindow, key: Qt.Key, modifier: Any = None) -> None:
    """A window shortcut: they reach the active window only, and a closed dialog need not give
    the activation back when other tests' windows are still around."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    if modifier is None:
        qtbot.keyClick(window, key)
    else:
        qtbot.keyClick(window, key, modifier)


def close_previews(qtbot: Any, window: MainWindow, case: Any) -> None:
    """Close each print preview of a saved case once rendered (printing is tested elsewhere)."""
    from clerk_app.printing import documents_for

    for _doc in documents_for(case):
        qtbot.waitUntil(lambda: window.printing.current_preview is not None, timeout=10_000)
        preview = window.printing.current_preview
        assert preview is not None
        qtbot.waitUntil(lambda p=preview: bool(p.pdf), timeout=30_000)
        preview.reject()
        qtbot.waitUntil(lambda p=preview: window.printing.current_preview is not p, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def close_window(qtbot: Any, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: not window.queue_panel.busy, timeout=10_000)


def test_queue_panel_is_docked_beside_the_work(qtbot: Any, context: Any, runner: Any) -> None:
    window = show_window(qtbot, context, runner)
    panel = window.queue_panel
    assert window.queue_dock.widget() is panel
    assert window.dockWidgetArea(window.queue_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert panel.isVisible() and window.acceptance.isVisible()
    # Side by side, the work keeps most of a 1366-pixel screen, and the window fits on it.
    work = window.acceptance_scroll
    work_right = work.mapTo(window, work.rect().topLeft()).x() + work.width()
    assert panel.mapTo(window, panel.rect().topLeft()).x() >= work_right
    assert work.width() >= 900
    assert window.minimumSizeHint().width() <= 1366
    # Offline login: calling is impossible, a walk-in still starts the acceptance.
    assert not panel.call_button.isEnabled()
    with qtbot.waitSignal(panel.ticketCalled):
        press(qtbot, window, Qt.Key.Key_F7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.acceptance
    close_window(qtbot, window)


def test_called_ticket_starts_acceptance_and_its_case_is_attached(
    qtbot: Any,
    online_context: Any,
    runner: Any,
    kiosk: QueueClient,
    items: list[Item],
) -> None:
    window = show_window(qtbot, online_context, runner)
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.online and panel.call_button.isEnabled(), timeout=15_000)
    ticket = kiosk.issue_ticket("SOCIAL")

    # Locked: the panel's keys cannot call anyone behind the lock screen.
    window.lock()
    with qtbot.assertNotEmitted(panel.ticketCalled, wait=500):
        press(qtbot, window, Qt.Key.Key_F7)
    window.lock_overlay.unlock()

    window.show_history_tab()  # calling from another tab comes back to 受理
    with qtbot.waitSignal(panel.ticketCalled, timeout=15_000) as called:
        press(qtbot, window, Qt.Key.Key_F7)
    assert called.args[0].number == ticket.number
    page = window.acceptance
    assert isinstance(page, AcceptancePage)
    assert window.current_page() is page
    assert ticket.number in page.ticket_label.text()
    assert page.applicant_panel.number_edit.hasFocus()

    # The clerk accepts a case for this citizen.
    qtbot.keyClicks(page.applicant_panel.number_edit, VALID_ID)
    qtbot.keyClick(page.applicant_panel.number_edit, Qt.Key.Key_Return)
    page.applicant_panel.name_edit.setText("李秀英")
    page.applicant_panel.mobile_edit.setText("13972001234")
    page.set_item(items[0])
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(page.caseSaved, timeout=15_000) as saved:
        assert page.decision_panel.confirm(), page.decision_panel.errors_text()
    case = saved.args[0]
    assert case.ticket_no == ticket.number
    assert panel.case_numbers == [case.number]
    close_previews(qtbot, window, case)
    # The form is fresh for the citizen's next matter, still under the same ticket.
    qtbot.waitUntil(lambda: ticket.number in page.ticket_label.text(), timeout=5_000)
    assert page.applicant_panel.number_edit.text() == ""

    # 办结 reports the case to the server with the ticket.
    with qtbot.waitSignal(panel.ticketFinished, timeout=15_000) as finished:
        press(qtbot, window, Qt.Key.Key_F10)
    assert finished.args[0].status == "finished"
    assert finished.args[0].case_numbers == (case.number,)
    assert ticket.number not in page.ticket_label.text()  # the visit is over

    # The sync engine pushed the case without anyone asking; the status bar says so.
    store = online_context.store
    qtbot.waitUntil(lambda: store.outbox.sync_counts() == (0, 0), timeout=20_000)
    qtbot.waitUntil(lambda: "待上传 0" in window.sync_status.text(), timeout=10_000)
    assert window.status_online.text() == "● 在线"
    close_window(qtbot, window)
    assert window.sync_engine is not None and not window.sync_engine.running


def test_ticket_called_with_unsaved_work_asks_first(
    qtbot: Any,
    online_context: Any,
    runner: Any,
    kiosk: QueueClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clerk_app.ui.acceptance.page import DiscardWorkDialog

    window = show_window(qtbot, online_context, runner)
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.online and panel.call_button.isEnabled(), timeout=15_000)
    page = window.acceptance
    assert isinstance(page, AcceptancePage)
    typed = VALID_ID
    qtbot.keyClicks(page.applicant_panel.number_edit, typed)
    asked: list[bool] = []

    def keep_the_work(cls: type, parent: Any) -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr(DiscardWorkDialog, "ask", classmethod(keep_the_work))
    ticket = kiosk.issue_ticket("SOCIAL")
    with qtbot.waitSignal(panel.ticketCalled, timeout=15_000):
        panel.call_next()
    assert asked == [True]
    # Kept: what was typed is now the work for the called ticket.
    assert page.applicant_panel.number_edit.text() == typed
    assert ticket.number in page.ticket_label.text()
    with qtbot.waitSignal(panel.ticketFinished, timeout=15_000):
        panel.finish()
    close_window(qtbot, window)


def test_ready_list_opens_the_case_on_the_delivery_page(
    qtbot: Any, context: Any, runner: Any, items: list[Item]
) -> None:
    case = ready_case(context, items[0], APPLICANTS[0])
    window = show_window(qtbot, context, runner)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.ready_list
    table = window.ready_list.table
    assert window.ready_list.model.rowCount() == 1
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_page() is window.delivery
    assert window.delivery.case is not None and window.delivery.case.number == case.number
    assert window.delivery.id_number.hasFocus()  # next: the collector's ID document

    # 查看案件详情 on the 出件 page opens the case's history.
    opened: list[CaseDetailDialog] = []
    window.history.caseOpened.connect(opened.append)
    window.delivery.detail_button.click()
    assert opened and opened[0].case.number == case.number
    opened[0].reject()
    QApplication.processEvents()
    close_window(qtbot, window)


# --- 案件查询: deadline colours from the domain rule, Chinese labels -------------------------


def test_history_rows_take_the_domain_deadline_level(
    context: Any, saved_cases: list[Any], items: list[Item]
) -> None:
    from clerk_app.domain.deadlines import DeadlineLevel, case_deadline_level
    from clerk_app.ui.case_list import (
        DUE_SOON_BACKGROUND,
        OVERDUE_BACKGROUND,
        OVERDUE_COLOUR,
        CaseSummaryModel,
    )
    from tests.ui.conftest import make_case

    store = context.store
    due_soon = store.cases.save_new(make_case(items[3], APPLICANTS[1], promised_days=0))
    model = CaseSummaryModel(calendar=context.calendar)
    rows = store.cases.search()
    model.set_rows(rows)
    today = hall_today()
    seen = set()
    for index, row in enumerate(rows):
        level = case_deadline_level(row.status, row.promised_date, today, context.calendar)
        seen.add(level)
        background = model.data(model.index(index, 0), Qt.ItemDataRole.BackgroundRole)
        foreground = model.data(model.index(index, 3), Qt.ItemDataRole.ForegroundRole)
        tooltip = model.data(model.index(index, 0), Qt.ItemDataRole.ToolTipRole)
        if level is DeadlineLevel.RED:
            assert background.color() == OVERDUE_BACKGROUND
            assert foreground.color() == OVERDUE_COLOUR
            assert "超期" in tooltip and "个工作日" in tooltip
        elif level is DeadlineLevel.YELLOW:
            assert background.color() == DUE_SOON_BACKGROUND and foreground is None
            assert "今天到期" in tooltip or "剩余" in tooltip
        else:
            assert background is None and foreground is None
            assert tooltip == row.number  # a quiet row keeps its plain tooltip
            promised_tip = model.data(
                model.index(index, model.PROMISED_COLUMN), Qt.ItemDataRole.ToolTipRole
            )
            assert "剩余" in promised_tip and "个工作日" in promised_tip
    assert {DeadlineLevel.RED, DeadlineLevel.YELLOW, DeadlineLevel.GREEN} <= seen
    assert model.deadline(next(r for r in rows if r.number == due_soon.number)) is (
        DeadlineLevel.YELLOW
    )


def test_history_timeline_and_print_log_speak_chinese(
    qtbot: Any, context: Any, saved_cases: list[Any]
) -> None:
    from clerk_app.domain.cases import CaseEvent, CaseStatus
    from clerk_app.ui.history import CaseEventModel, PrintLogModel

    store = context.store
    case = saved_cases[0]
    now = datetime.now().astimezone()
    store.cases.update(
        case, CaseEvent(now, "clerk01", "1", "notified", CaseStatus.ACCEPTED, "已电话通知")
    )
    for doc in ("delivery_receipt", "mail_slip", "acceptance_notice"):
        store.prints.record(case.number, doc, "clerk01", now)
    stored = store.cases.get(case.number)
    events = CaseEventModel()
    events.set_rows(list(stored.events))
    actions = [events.data(events.index(r, 3)) for r in range(events.rowCount())]
    details = [events.data(events.index(r, 5)) for r in range(events.rowCount())]
    assert "通知领取" in actions and actions.count("打印文书") == 3
    assert {"打印送达回证", "打印邮寄单", "打印受理通知书"} <= set(details)
    assert not any("delivery_receipt" in d or "mail_slip" in d for d in details)
    log = PrintLogModel()
    log.set_rows(store.prints.log(case.number))
    assert [log.data(log.index(r, 0)) for r in range(log.rowCount())] == [
        "送达回证",
        "邮寄单",
        "受理通知书",
    ]
