"""大厅管理's live tabs against the real central server (embedded, SQLite, demo hall): alerts
and what they open, today's appointments, the 差评 follow-up kept by the server.

The hall's day (``tests/ui/hall_day.py``) is made once for the module: cases past and near
their promised date, a 容缺 commitment due, an overdue 差评, a long wait and a long pause.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clerk_app.contract.enums import FollowupStatus
from clerk_app.contract.queue import FollowupIn
from clerk_app.contract.supervision import (
    AlertKind,
    AlertLevel,
    AlertSettings,
    AlertSettingsIn,
    HallAlert,
    HallAlerts,
)
from clerk_app.sync.queue_client import QueueClient
from clerk_app.ui.supervisor.alerts import AlertSettingsDialog, HallAlertsModel, HallAlertsPanel
from clerk_app.ui.supervisor.page import SupervisorPage
from tests.ui.hall_day import HallDay, login, seed_hall_day
from tests.ui.test_supervisor import page_client, staff_context


@pytest.fixture(scope="module")
def live_hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, HallDay]]:
    from clerk_app.central.embedded import start_embedded

    db: Path = tmp_path_factory.mktemp("live") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    try:
        yield server, seed_hall_day(server.base_url, db)
    finally:
        server.stop()


@pytest.fixture
def live_page(qtbot: Any, context: Any, live_hall: tuple[Any, HallDay]) -> Iterator[Any]:
    server, _day = live_hall
    supervisor = staff_context(context, server.base_url, "supervisor01")
    page = SupervisorPage(supervisor, page_client(supervisor), bell=None)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    with qtbot.waitSignal(page.supervision.alertsApplied, timeout=15_000):
        pass
    yield page
    page.shutdown()


def alert_row(page: SupervisorPage, key: str) -> int:
    rows = page.supervision.alerts.model.rows
    return next(i for i, alert in enumerate(rows) if alert.key == key)


def press_enter_on(qtbot: Any, page: SupervisorPage, row: int) -> None:
    table = page.supervision.alerts.table
    page.form.hallTabs.setCurrentIndex(1)
    table.setFocus()
    table.setCurrentIndex(page.supervision.alerts.model.index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)


def test_an_overdue_case_is_an_alert_and_enter_opens_its_detail_and_trail(
    qtbot: Any, qtmodeltester: Any, live_page: Any, live_hall: tuple[Any, HallDay]
) -> None:
    page, day = live_page, live_hall[1]
    model = page.supervision.alerts.model
    late = model.row_at(alert_row(page, f"case:{day.late_case}"))
    assert late.kind is AlertKind.CASE_DEADLINE and late.level is AlertLevel.RED
    assert model.index(alert_row(page, f"case:{day.late_case}"), 0).data() == "已超期"
    near = model.row_at(alert_row(page, f"case:{day.near_case}"))
    assert near.level is AlertLevel.YELLOW
    gap = model.row_at(alert_row(page, f"gap:{day.gap_case}"))
    assert gap.kind is AlertKind.GAP_DUE and gap.level is AlertLevel.YELLOW
    assert model.row_at(0).level is AlertLevel.RED  # red first
    # The count is on the tab, and the page tells the main window.
    assert page.form.hallTabs.tabText(1) == f"提醒 ({model.rowCount()})"
    assert not page.supervision.alerts.departments_label.isHidden()
    assert "超期 1" in page.supervision.alerts.departments_label.text()
    qtmodeltester.check(model)

    with qtbot.waitSignal(page.caseDetailOpened, timeout=10_000) as opened:
        press_enter_on(qtbot, page, alert_row(page, f"case:{day.late_case}"))
    dialog = opened.args[0]
    assert dialog.case.number == day.late_case
    assert dialog.windowTitle().endswith(day.late_case)
    assert dialog.events_model.rowCount() >= 1  # the case's trail, as the server holds it
    assert dialog.print_box.isHidden()  # another window's case: its notices are printed there
    dialog.reject()


def test_a_paused_window_alert_selects_its_row(
    qtbot: Any, live_page: Any, live_hall: tuple[Any, HallDay]
) -> None:
    page, day = live_page, live_hall[1]
    qtbot.waitUntil(lambda: page.windows_model.rowCount() == 12, timeout=10_000)
    key = f"window:{day.paused_window}"
    alert = page.supervision.alerts.model.row_at(alert_row(page, key))
    assert alert.level is AlertLevel.RED and alert.detail == "系统故障"  # 40 min > 2 × 15
    press_enter_on(qtbot, page, alert_row(page, key))
    assert page.form.hallTabs.currentIndex() == 0
    selected = page.selected_window()
    assert selected is not None and selected.number == day.paused_window
    assert page.windows_table.hasFocus()
    # The long wait of 不动产交易 (70 minutes) is there too, red.
    wait = page.supervision.alerts.model.row_at(alert_row(page, "queue:ESTATE"))
    assert wait.level is AlertLevel.RED and wait.detail == "3"


def test_one_click_on_an_alerts_subject_opens_it(
    qtbot: Any, live_page: Any, live_hall: tuple[Any, HallDay]
) -> None:
    """The subject (window, case, rating) is a link: one click goes to it; a click elsewhere
    in the row only selects it."""
    page, day = live_page, live_hall[1]
    qtbot.waitUntil(lambda: page.windows_model.rowCount() == 12, timeout=10_000)
    alerts = page.supervision.alerts
    page.form.hallTabs.setCurrentIndex(1)
    row = alert_row(page, f"window:{day.paused_window}")
    detail = alerts.model.index(row, HallAlertsModel.DETAIL_COLUMN)
    qtbot.mouseClick(
        alerts.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=alerts.table.visualRect(detail).center(),
    )
    assert page.form.hallTabs.currentIndex() == 1  # selected, still on the alerts
    subject = alerts.model.index(row, HallAlertsModel.SUBJECT_COLUMN)
    qtbot.mouseClick(
        alerts.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=alerts.table.visualRect(subject).center(),
    )
    assert page.form.hallTabs.currentIndex() == 0
    selected = page.selected_window()
    assert selected is not None and selected.number == day.paused_window


def test_the_followup_screen_records_a_followup_that_the_server_keeps(
    qtbot: Any, qtmodeltester: Any, live_page: Any, live_hall: tuple[Any, HallDay]
) -> None:
    page, (server, day) = live_page, live_hall
    followups = page.supervision.followups
    # The overdue 差评's alert leads to its follow-up.
    press_enter_on(qtbot, page, alert_row(page, f"rating:{day.rating_id}"))
    assert page.form.hallTabs.currentIndex() == 3
    qtbot.waitUntil(lambda: followups.selected() is not None, timeout=10_000)
    rating = followups.selected()
    assert rating is not None and rating.id == day.rating_id and rating.overdue
    assert followups.form.followupTicketLabel.text().startswith(day.rating_ticket)
    assert "2号窗口" in followups.form.followupTicketLabel.text()
    assert followups.form.followupCommentLabel.text() == "排了一个多小时，没有人解释原因"
    assert "已逾期" in followups.form.followupDueLabel.text()
    due = followups.model.index(followups.model.row_of(day.rating_id), 0)
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None  # red
    assert page.form.hallTabs.tabText(3) == "差评回访 (1)"
    qtmodeltester.check(followups.model)

    qtbot.waitUntil(lambda: followups.assignee_combo.count() > 1, timeout=10_000)
    followups.assignee_combo.setCurrentIndex(followups.assignee_combo.findData("supervisor01"))
    followups.editors["contact"].setPlainText("电话联系本人")
    with qtbot.waitSignal(followups.followupSaved, timeout=10_000) as saved:
        qtbot.keyClick(
            followups.editors["contact"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
    assert saved.args[0].followup_status is FollowupStatus.IN_PROGRESS
    assert saved.args[0].assigned_to == "supervisor01"

    # Another supervisor records the finding meanwhile: this screen's next save is refused
    # (stale version), reloads, and keeps what was typed here beside the other's finding.
    other = QueueClient(login(server.base_url, "supervisor01"), "HS01")
    other.record_followup(day.rating_id, FollowupIn(version=1, finding="高峰时段等候过长属实"))
    followups.editors["rectification"].setPlainText("高峰时段增开窗口并安排引导")
    followups.save_button.click()
    qtbot.waitUntil(lambda: "保留" in followups.message_label.text(), timeout=10_000)
    assert followups.editors["finding"].toPlainText() == "高峰时段等候过长属实"
    assert followups.editors["rectification"].toPlainText() == "高峰时段增开窗口并安排引导"
    current = followups.selected()
    assert current is not None and current.followup_version == 2

    # Closing with steps missing: the server says which.
    followups.close_button.click()
    qtbot.waitUntil(lambda: "答复内容" in followups.message_label.text(), timeout=10_000)
    followups.editors["answer"].setPlainText("已致歉并说明改进措施")
    with qtbot.waitSignal(followups.followupSaved, timeout=10_000) as closed:
        followups.close_button.click()
    assert closed.args[0].followup_status is FollowupStatus.DONE
    assert followups.editors["answer"].isReadOnly() and not followups.close_button.isEnabled()

    # The server keeps it: another supervisor's session reads it back.
    reader = QueueClient(login(server.base_url, "supervisor01"), "HS01")
    [kept] = [r for r in reader.rating_followups("done") if r.id == day.rating_id]
    assert kept.contact == "电话联系本人" and kept.finding == "高峰时段等候过长属实"
    assert kept.answer == "已致歉并说明改进措施" and kept.followed_up_by == "supervisor01"
    # And the alert is gone after the next answer.
    with qtbot.waitSignal(page.supervision.alertsApplied, timeout=10_000):
        page.supervision.refresh_alerts()
    keys = [a.key for a in page.supervision.alerts.model.rows]
    assert f"rating:{day.rating_id}" not in keys


def test_todays_appointments_per_queue_and_slot(qtbot: Any, live_page: Any) -> None:
    panel = live_page.supervision.appointments
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    rows = panel.model.rows
    assert {r.queue_code for r in rows} <= {"SOCIAL", "ENTERPRISE"}
    assert sum(r.booked for r in rows) == sum(r.checked_in + r.no_show + r.expected for r in rows)
    assert sum(r.checked_in for r in rows) == 1
    assert "预约" in panel.summary_label.text()


def test_thresholds_are_changed_from_the_page(
    qtbot: Any, live_page: Any, monkeypatch: pytest.MonkeyPatch, live_hall: tuple[Any, HallDay]
) -> None:
    page, (server, _day) = live_page, live_hall
    wanted = AlertSettingsIn(wait_minutes=45, pause_minutes=60, deadline_days=2, followup_days=5)
    monkeypatch.setattr(AlertSettingsDialog, "ask", classmethod(lambda cls, *_a: wanted))
    with qtbot.waitSignal(page.supervision.alertsApplied, timeout=10_000):
        page.supervision.alerts.settings_button.click()
    try:
        reader = QueueClient(login(server.base_url, "supervisor01"), "HS01")
        assert reader.alert_settings().pause_minutes == 60
        keys = [a.key for a in page.supervision.alerts.model.rows]
        assert "window:11" not in keys  # 40 minutes is under the new hour
        # The queue table's colours follow the hall's threshold too.
        assert page.queues_model.amber_s == 45 * 60
        assert page.form.hallWaitLegend.text() == "最长等候：45分钟起黄色，90分钟起红色"
    finally:
        reader.save_alert_settings(
            AlertSettingsIn(wait_minutes=30, pause_minutes=15, deadline_days=2, followup_days=5)
        )


# --------------------------------------------------------------------------- without a server


def answer(*keys: str) -> HallAlerts:
    settings = AlertSettings(wait_minutes=30, pause_minutes=15, deadline_days=2, followup_days=5)
    alerts = tuple(
        HallAlert(
            kind=AlertKind.CASE_DEADLINE,
            level=AlertLevel.RED,
            key=key,
            subject=key,
            due=date(2026, 11, 20),
            case_number=key,
        )
        for key in keys
    )
    return HallAlerts(settings=settings, alerts=alerts)


class FakeBell:
    def __init__(self) -> None:
        self.rings = 0

    def play(self) -> None:
        self.rings += 1


def test_the_bell_rings_for_new_alerts_only_when_asked(qtbot: Any) -> None:
    bell = FakeBell()
    panel = HallAlertsPanel(lambda: bell)
    qtbot.addWidget(panel)
    assert not panel.show_alerts(answer("case:A"))  # the first answer is not news
    panel.sound_check.setChecked(True)
    assert not panel.show_alerts(answer("case:A"))
    assert bell.rings == 0
    assert panel.show_alerts(answer("case:A", "case:B"))
    assert bell.rings == 1
    panel.sound_check.setChecked(False)
    assert panel.show_alerts(answer("case:C"))
    assert bell.rings == 1
    silent = HallAlertsPanel(None)
    qtbot.addWidget(silent)
    assert not silent.sound_check.isEnabled()


def test_every_alert_text_is_whole(qtbot: Any) -> None:
    """Long names wrap in the 说明 column instead of ending in "…"."""
    panel = HallAlertsPanel(None)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    since = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    long_name = "道路运输从业人员从业资格证核发（货运驾驶员）" * 3
    panel.show_alerts(
        HallAlerts(
            settings=answer().settings,
            alerts=(
                HallAlert(
                    kind=AlertKind.WINDOW_PAUSED,
                    level=AlertLevel.YELLOW,
                    key="window:3",
                    subject="3号窗口",
                    detail="系统故障",
                    since=since,
                    window_no=3,
                ),
                HallAlert(
                    kind=AlertKind.CASE_DEADLINE,
                    level=AlertLevel.YELLOW,
                    key="case:X",
                    subject="HS01-01-20261123-0001",
                    detail=long_name,
                    department="黄石市交通运输局",
                    due=date(2026, 11, 25),
                    case_number="HS01-01-20261123-0001",
                ),
            ),
        )
    )
    table = panel.table
    qtbot.waitUntil(lambda: table.rowHeight(1) > table.rowHeight(0))  # the long name wrapped
    metrics = table.fontMetrics()
    for column in (0, 1, 2, 4, 5):
        text = str(panel.model.index(1, column).data())
        assert metrics.horizontalAdvance(text) <= table.columnWidth(column)


def test_the_bell_choice_stays_with_the_pc(qtbot: Any, context: Any) -> None:
    pages = []
    for _n in range(2):
        page = SupervisorPage(context, None, manage=True, bell=FakeBell)
        qtbot.addWidget(page)
        pages.append(page)
    first, second = (p.supervision.alerts.sound_check for p in pages)
    assert not first.isChecked()
    first.setChecked(True)
    third = SupervisorPage(context, None, manage=True, bell=FakeBell)
    qtbot.addWidget(third)
    assert third.supervision.alerts.sound_check.isChecked()
    assert not second.isChecked()  # a page already open keeps what it showed
    for page in (*pages, third):
        page.shutdown()
