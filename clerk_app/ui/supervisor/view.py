"""The hall page's widgets and how they show a ``HallPageState`` (the rules that make the
state are ``clerk_app.domain.hall_watch``; requests and actions are ``SupervisorPage``'s)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QHeaderView, QTableView, QWidget

from clerk_app.contract.precheck import PrecheckDayStats
from clerk_app.contract.supervision import AlertSettings
from clerk_app.domain.hall_watch import HallPageState, IssueLabel
from clerk_app.domain.reconnect import Connection
from clerk_app.ui.forms.ui_supervisor_page import Ui_SupervisorPage
from clerk_app.ui.queue.label_role import set_role
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.supervisor.models import HallQueuesModel, HallWindowsModel

QUEUE_ROWS_MIN = 4
MISSING_SHOWN = 3  # the most missing materials named on the page (all in the tooltip)

GREEN_REASONS = (
    str(QT_TRANSLATE_NOOP("SupervisorPage", "老年人")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "残疾人")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "孕妇")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "怀抱婴幼儿")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "急事急办")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "其他")),
)


class HallPageView(QWidget):
    """The page's layout (``forms/supervisor_page.ui``): the connection line, the windows (with
    their actions) and the queues for supervisors and admins, and the green channel for
    everyone on the page (alone, larger and at a comfortable width, for the help desk)."""

    def __init__(
        self,
        windows_model: HallWindowsModel,
        queues_model: HallQueuesModel,
        *,
        manage: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorPage")
        self.form = Ui_SupervisorPage()
        self.form.setupUi(self)
        form = self.form
        self._manage = manage
        self.windows_model = windows_model
        self.queues_model = queues_model
        self.connection_label = form.hallConnectionLabel
        self.updated_label = form.hallUpdatedLabel
        self.refresh_button = form.hallRefreshButton
        self.message_label = form.hallMessageLabel
        self.devices_label = form.hallDevicesLabel
        self.windows_box = form.hallWindowsBox
        self.windows_table = form.hallWindowsTable
        self.profile_button = form.editProfileButton
        self.pause_button = form.pauseWindowButton
        self.resume_button = form.resumeWindowButton
        self.queues_box = form.hallQueuesBox
        self.queues_table = form.hallQueuesTable
        self.green_box = form.greenChannelBox
        self.green_queue_combo = form.greenQueueCombo
        self.green_reason_combo = form.greenReasonCombo
        self.issue_button = form.issueGreenButton
        self.green_number_label = form.greenNumberLabel
        self.green_info_label = form.greenInfoLabel
        self.reprint_button = form.reprintSlipButton
        self.issued_list = form.greenIssuedList
        self.prechecks_box = form.hallPrechecksBox
        self.precheck_missing_label = form.hallPrecheckMissing
        self._show_models()
        self.green_reason_combo.addItems([self.tr(r) for r in GREEN_REASONS])
        self.green_reason_combo.setCurrentIndex(-1)  # a conscious choice for every citizen
        line_edit = self.green_reason_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("请选择或填写原因"))
        if manage:
            self._status_beside_tabs()
        else:
            self._green_channel_alone()

    def _status_beside_tabs(self) -> None:
        """The connection line and 刷新 beside the tabs (大厅实况, 提醒 …): at 1366×768 the
        windows and queues keep the rows a line of their own would take."""
        form = self.form
        corner = QWidget(self)
        corner.setObjectName("hallTabsCorner")
        row = QHBoxLayout(corner)
        row.setContentsMargins(8, 0, 0, 4)
        for widget in (self.connection_label, self.updated_label, self.refresh_button):
            form.top_row.removeWidget(widget)
            row.addWidget(widget)
        form.page_layout.removeItem(form.top_row)
        form.hallTabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)

    def _show_models(self) -> None:
        self.windows_table.setModel(self.windows_model)
        header = self.windows_table.horizontalHeader()
        for column in range(self.windows_model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.windows_model.columnCount() - 1, QHeaderView.ResizeMode.Stretch
        )
        self.queues_table.setModel(self.queues_model)
        readable_columns(self.queues_table, 0)
        # Several queues always in view; all of them (six in the demo) at 1366×768.
        self.queues_table.setMinimumHeight(self._rows_height(self.queues_table, QUEUE_ROWS_MIN))

    def _green_channel_alone(self) -> None:
        """The help desk: only the green channel, at the top left, at a comfortable width, with
        room for a large number: the queue and the reason as a form, the number below the
        button (beside the windows and queues they share rows, so the queues keep theirs)."""
        form = self.form
        for index in range(1, form.hallTabs.count()):  # alerts, appointments, follow-ups
            form.hallTabs.setTabVisible(index, False)
        form.hallTabs.tabBar().hide()
        self.windows_box.hide()
        self.queues_box.hide()
        self.prechecks_box.hide()
        form.right_layout.addStretch(1)  # the box keeps its natural height, at the top
        self.green_box.setMaximumWidth(560)
        form.body_layout.setAlignment(form.right_layout, Qt.AlignmentFlag.AlignLeft)
        choices = QFormLayout()
        for label, combo in (
            (form.greenQueueLabel, self.green_queue_combo),
            (form.greenReasonLabel, self.green_reason_combo),
        ):
            form.green_choice_row.removeWidget(label)
            form.green_choice_row.removeWidget(combo)
            choices.addRow(label, combo)
        form.green_layout.removeItem(form.green_choice_row)
        form.green_layout.insertLayout(0, choices)
        form.green_issue_row.removeWidget(self.issue_button)
        form.green_issue_row.removeWidget(self.green_number_label)
        form.green_layout.removeItem(form.green_issue_row)
        form.green_layout.insertWidget(1, self.issue_button)
        form.green_layout.insertWidget(2, self.green_number_label)
        self.green_number_label.setStyleSheet("font-size: 44pt; font-weight: bold; color: #11672b;")
        self.issued_list.setMaximumHeight(110)

    @staticmethod
    def _rows_height(table: QTableView, rows: int) -> int:
        """The height of ``table`` showing ``rows`` one-line rows and its header."""
        line = max(table.fontMetrics().height() + 12, table.verticalHeader().defaultSectionSize())
        frame = 2 * table.frameWidth()
        return table.horizontalHeader().sizeHint().height() + rows * line + frame

    # --- showing the state ---------------------------------------------------------------------

    def set_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        set_role(self.message_label, "error" if error else "ok")

    def show_state(self, state: HallPageState, updated_at: datetime | None) -> None:
        self._show_connection(state.connection, updated_at)
        if updated_at is not None:
            self.updated_label.setText(self.tr("更新于 %1").replace("%1", f"{updated_at:%H:%M:%S}"))
        self.refresh_button.setEnabled(state.can_refresh)
        self.profile_button.setEnabled(state.can_edit_profile)
        self.pause_button.setEnabled(state.can_pause)
        self.resume_button.setEnabled(state.can_resume)
        self.issue_button.setEnabled(state.can_issue)
        if state.issue_label is IssueLabel.ISSUING:
            self.issue_button.setText(self.tr("正在发放…"))
        elif state.issue_label is IssueLabel.RETRY:
            self.issue_button.setText(self.tr("重试发放（不会重复发号）"))
        else:
            self.issue_button.setText(self.tr("发放绿色通道号"))
        self.reprint_button.setEnabled(state.can_reprint)

    def show_wait_threshold(self, settings: AlertSettings) -> None:
        """The hall's long-wait threshold colours the queue table and its legend."""
        minutes = settings.wait_minutes
        self.queues_model.set_wait_threshold(minutes)
        self.form.hallWaitLegend.setText(
            self.tr("最长等候：%1分钟起黄色，%2分钟起红色")
            .replace("%1", str(minutes))
            .replace("%2", str(2 * minutes))
        )

    def show_prechecks(self, stats: PrecheckDayStats) -> None:
        """Today's pre-checks of the hall: how many, ready, became cases, still open, and the
        materials citizens most often lacked (by name; how many pre-checks lacked each)."""
        title = self.tr("今日帮办预审")
        if not stats.total:
            self.prechecks_box.setTitle(self.tr("%1：还没有").replace("%1", title))
            self.precheck_missing_label.hide()
            return
        # The counts in the title: the windows above keep the rows of a 12-window hall.
        self.prechecks_box.setTitle(
            self.tr("%1：共 %2 件，材料齐全 %3（已受理成案 %4），待补材料 %5")
            .replace("%1", title)
            .replace("%2", str(stats.total))
            .replace("%3", str(stats.ready))
            .replace("%4", str(stats.became_cases))
            .replace("%5", str(stats.still_open))
        )
        named = [
            self.tr("%1（%2）").replace("%1", m.name or m.material_code).replace("%2", str(m.count))
            for m in stats.most_missing
        ]
        shown = "、".join(named[:MISSING_SHOWN]) + ("…" if len(named) > MISSING_SHOWN else "")
        self.precheck_missing_label.setText(
            self.tr("最常缺少：%1").replace("%1", shown)
            if named
            else self.tr("最常缺少：无（预审的材料都已带齐）")
        )
        # All of them, one a line, where the page has no room for more than a few.
        self.precheck_missing_label.setToolTip("\n".join(named))
        self.precheck_missing_label.show()

    def _show_connection(self, connection: Connection, updated_at: datetime | None) -> None:
        if connection is Connection.OFFLINE_LOGIN:
            self.connection_label.setText(
                self.tr("● 离线登录：大厅管理和绿色通道需要连接中心服务器，请联网后重新登录。")
            )
        elif connection is Connection.UNREACHABLE:
            since = (
                self.tr("，下列数据截至 %1").replace("%1", f"{updated_at:%H:%M:%S}")
                if updated_at is not None
                else ""
            )
            self.connection_label.setText(
                self.tr("● 无法连接中心服务器%1；正在自动重试…").replace("%1", since)
            )
        else:
            self.connection_label.setText(self.tr("● 大厅数据实时更新"))
        set_role(self.connection_label, "ok" if connection is Connection.ONLINE else "error")
