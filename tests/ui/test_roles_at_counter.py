"""Roles at the counter: only the roles the server lets write cases (clerk, supervisor) are
offered 受理 and 出件; a help desk or an admin at a counter PC keeps what it may do (the green
channel / 大厅管理, 待领取 and 案件查询) and is told why the rest is not there. A push the server
refuses as a whole is shown as a refusal with its reason, and sent again only on request."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clerk_app.central.policy import RULES
from clerk_app.sync.engine import SyncStatus
from clerk_app.ui.counter_roles import CASE_WRITER_ROLES
from clerk_app.ui.main_window import MainWindow
from clerk_app.ui.queue.tickets import LocalWalkIn
from clerk_app.ui.sync_status import SyncStatusWidget, status_text


def test_the_counter_follows_the_servers_policy() -> None:
    assert RULES["case.write"].roles == CASE_WRITER_ROLES
    # the help desk pushes its pre-checks too (the server refuses its case operations)
    assert RULES["sync.push"].roles == CASE_WRITER_ROLES | {"helpdesk"}


def show(qtbot: Any, context: Any, runner: Any, role: str) -> MainWindow:
    user = replace(context.user, username=f"{role}01", role=role)
    window = MainWindow(replace(context, user=user), runner=runner, idle_ms=0)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.mark.parametrize(
    ("role", "reason", "page"),
    [
        ("helpdesk", "帮办账号不能受理案件", "帮办预审"),
        ("admin", "管理员账号不能受理案件", "大厅管理 (Ctrl+4)"),
    ],
)
def test_staff_who_write_no_cases_are_not_offered_acceptance_or_delivery(
    qtbot: Any, context: Any, runner: Any, role: str, reason: str, page: str
) -> None:
    window = show(qtbot, context, runner, role)
    tabs = window.tabs
    accept, deliver = tabs.indexOf(window.acceptance_scroll), tabs.indexOf(window.delivery)
    for index in (accept, deliver):
        assert not tabs.isTabEnabled(index)
        assert tabs.tabToolTip(index) == reason
    assert window.acceptance.objectName() == "acceptance_placeholder"  # no form to fill in
    assert not window.action_accept.isEnabled() and not window.action_delivery.isEnabled()
    assert window.status_role.text() == reason and window.status_role.isVisible()
    # They start on what they may do, and keep it.
    assert tabs.tabText(tabs.currentIndex()) == page
    start = window.precheck_page if role == "helpdesk" else window.hall_page
    assert window.current_page() is start
    for name in (page, "待领取 (Ctrl+3)", "案件查询 (F6)"):
        assert tabs.isTabEnabled([tabs.tabText(i) for i in range(tabs.count())].index(name))
    # F1, a called ticket, a result opened from 待领取: the reason, no acceptance.
    qtbot.keyClick(window, Qt.Key.Key_F1)
    window.on_ticket_called(LocalWalkIn(number="A001"))
    window.open_delivery("HS01-01-20261207-0001")
    assert window.current_page() is start
    assert window.status_sync.text() == reason
    window.close()


def test_a_clerk_keeps_acceptance_and_delivery(qtbot: Any, context: Any, runner: Any) -> None:
    window = show(qtbot, context, runner, "clerk")
    assert window.writes_cases
    assert all(window.tabs.isTabEnabled(i) for i in range(window.tabs.count()))
    assert window.current_page() is window.acceptance
    assert window.action_accept.isEnabled() and window.action_delivery.isEnabled()
    assert not hasattr(window, "status_role")
    window.close()


def test_a_push_refused_as_a_whole_is_shown_with_the_reason_and_retried_on_request(
    qtbot: Any, context: Any
) -> None:
    at = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)
    refused = SyncStatus(True, 2, 0, at, None, refused="导办台账户无权推送窗口的待上传操作")
    assert "上传被拒绝" in status_text(refused)
    widget = SyncStatusWidget(context.store)
    qtbot.addWidget(widget)
    widget.set_status(refused)
    assert widget.property("rejected") is True
    assert "导办台账户无权推送窗口的待上传操作" in widget.toolTip()
    dialog = widget.open_details()
    text = dialog.summary.text()
    assert "拒绝了本窗口的上传：导办台账户无权推送窗口的待上传操作" in text
    assert "已停止自动重试" in text
    assert dialog.retry_push_button.isVisible()
    with qtbot.waitSignal(widget.pushRetryRequested):
        dialog.retry_push_button.click()
    assert not dialog.retry_push_button.isVisible()
    dialog.close()
    widget.set_status(replace(refused, refused=None))
    assert "上传被拒绝" not in widget.text()
    QApplication.processEvents()
