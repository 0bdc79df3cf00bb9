"""The hall page's widgets and how they show a ``HallPageState`` (the rules that make the
state are ``clerk_app.domain.hall_watch``; requests and actions are ``SupervisorPage``'s)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.hall_watch import HallPageState, IssueLabel
from clerk_app.domain.reconnect import Connection
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.supervisor.models import HallQueuesModel, HallWindowsModel

QUEUE_ROWS_MIN = 4

GREEN_REASONS = (
    str(QT_TRANSLATE_NOOP("SupervisorPage", "老年人")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "残疾人")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "孕妇")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "怀抱婴幼儿")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "急事急办")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "其他")),
)


class HallPageView(QWidget):
    """The page's layout: the connection line, the windows (with their actions) and the queues
    for supervisors and admins, and the green channel for everyone on the page (alone, at a
    comfortable width, for the help desk)."""

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
        self._manage = manage
        self.windows_model = windows_model
        self.queues_model = queues_model
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(6)
        outer.addLayout(self._build_top())

        self.message_label = QLabel(self)
        self.message_label.setObjectName("hallMessageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)  # shown with a message: no empty gap meanwhile
        outer.addWidget(self.message_label)
        # What the hall's devices report about themselves (a display that cannot speak).
        self.devices_label = QLabel(self)
        self.devices_label.setObjectName("hallDevicesLabel")
        self.devices_label.setWordWrap(True)
        self.set_role(self.devices_label, "error")
        self.devices_label.hide()
        outer.addWidget(self.devices_label)

        body = QHBoxLayout()
        body.setSpacing(10)
        outer.addLayout(body, 1)
        body.addWidget(self._build_windows_box(), 1)
        right = QVBoxLayout()
        right.setSpacing(10)
        body.addLayout(right, 1)
        right.addWidget(self._build_queues_box(), 1)
        right.addWidget(self._build_green_box(), 0)

        if not self._manage:
            # The help desk: the green channel alone, at a comfortable width.
            self.windows_box.hide()
            self.queues_box.hide()
            right.addStretch(1)  # the box keeps its natural height, at the top
            self.green_box.setMaximumWidth(560)
            body.setAlignment(right, Qt.AlignmentFlag.AlignLeft)

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("hallConnectionLabel")
        self.connection_label.setWordWrap(True)
        top.addWidget(self.connection_label, 1)
        self.updated_label = QLabel(self)
        self.updated_label.setObjectName("hallUpdatedLabel")
        self.updated_label.setProperty("role", "hint")
        top.addWidget(self.updated_label)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setObjectName("hallRefreshButton")
        top.addWidget(self.refresh_button)
        return top

    def _build_windows_box(self) -> QGroupBox:
        """The windows (supervisor and admin only)."""
        self.windows_box = QGroupBox(self.tr("窗口"), self)
        self.windows_box.setObjectName("hallWindowsBox")
        windows_layout = QVBoxLayout(self.windows_box)
        self.windows_table = QTableView(self.windows_box)
        self.windows_table.setObjectName("hallWindowsTable")
        self.windows_table.setModel(self.windows_model)
        self.windows_table.verticalHeader().setVisible(False)
        self.windows_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.windows_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.windows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.windows_table.setAlternatingRowColors(True)
        self.windows_table.setWordWrap(False)
        header = self.windows_table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        windows_layout.addWidget(self.windows_table, 1)
        actions = QHBoxLayout()
        self.profile_button = QPushButton(self.tr("调整服务队列…"), self.windows_box)
        self.profile_button.setObjectName("editProfileButton")
        self.pause_button = QPushButton(self.tr("暂停服务…"), self.windows_box)
        self.pause_button.setObjectName("pauseWindowButton")
        self.resume_button = QPushButton(self.tr("恢复服务"), self.windows_box)
        self.resume_button.setObjectName("resumeWindowButton")
        for button in (self.profile_button, self.pause_button, self.resume_button):
            actions.addWidget(button)
        actions.addStretch(1)
        windows_layout.addLayout(actions)
        return self.windows_box

    def _build_queues_box(self) -> QGroupBox:
        """The queues (supervisor and admin only)."""
        self.queues_box = QGroupBox(self.tr("队列"), self)
        self.queues_box.setObjectName("hallQueuesBox")
        queues_layout = QVBoxLayout(self.queues_box)
        self.queues_table = QTableView(self.queues_box)
        self.queues_table.setObjectName("hallQueuesTable")
        self.queues_table.setModel(self.queues_model)
        self.queues_table.verticalHeader().setVisible(False)
        self.queues_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.queues_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        readable_columns(self.queues_table, 0)
        # Several queues always in view; all of them (six in the demo) at 1366×768.
        self.queues_table.setMinimumHeight(self._rows_height(self.queues_table, QUEUE_ROWS_MIN))
        queues_layout.addWidget(self.queues_table, 1)
        legend = QLabel(self.tr("最长等候：30分钟起黄色，60分钟起红色"), self.queues_box)
        legend.setObjectName("hallWaitLegend")
        legend.setProperty("role", "hint")
        queues_layout.addWidget(legend)
        return self.queues_box

    def _build_green_box(self) -> QGroupBox:
        """The green channel (everyone on this page)."""
        self.green_box = QGroupBox(self.tr("绿色通道"), self)
        self.green_box.setObjectName("greenChannelBox")
        green_layout = QVBoxLayout(self.green_box)
        self._build_green_choice(green_layout)
        self.issue_button = QPushButton(self.tr("发放绿色通道号"), self.green_box)
        self.issue_button.setObjectName("issueGreenButton")
        self.issue_button.setProperty("primary", True)
        self.issue_button.setMinimumHeight(44)
        self.green_number_label = QLabel("—", self.green_box)
        self.green_number_label.setObjectName("greenNumberLabel")
        self.green_number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Beside the windows and queues the number is smaller, so the queues keep their rows.
        size = 30 if self._manage else 44
        self.green_number_label.setStyleSheet(
            f"font-size: {size}pt; font-weight: bold; color: #11672b;"
        )
        if self._manage:
            # Beside the windows and queues: the number next to the button, so the queue
            # table keeps its rows on a 1366×768 screen.
            issue_row = QHBoxLayout()
            issue_row.addWidget(self.issue_button, 1)
            issue_row.addWidget(self.green_number_label, 1)
            green_layout.addLayout(issue_row)
        else:
            green_layout.addWidget(self.issue_button)
            green_layout.addWidget(self.green_number_label)
        self.green_info_label = QLabel("", self.green_box)
        self.green_info_label.setObjectName("greenInfoLabel")
        self.green_info_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.green_info_label.setWordWrap(True)
        self.green_info_label.setVisible(False)
        green_layout.addWidget(self.green_info_label)
        self.reprint_button = QPushButton(self.tr("打印凭条…"), self.green_box)
        self.reprint_button.setObjectName("reprintSlipButton")
        issued_caption = QLabel(self.tr("本机今日已发放："), self.green_box)
        issued_caption.setObjectName("greenIssuedCaption")
        issued_row = QHBoxLayout()
        issued_row.addWidget(issued_caption, 1)
        issued_row.addWidget(self.reprint_button)
        green_layout.addLayout(issued_row)
        self.issued_list = QListWidget(self.green_box)
        self.issued_list.setObjectName("greenIssuedList")
        self.issued_list.setMaximumHeight(60 if self._manage else 110)
        green_layout.addWidget(self.issued_list)
        return self.green_box

    def _build_green_choice(self, green_layout: QVBoxLayout) -> None:
        self.green_queue_combo = QComboBox(self.green_box)
        self.green_queue_combo.setObjectName("greenQueueCombo")
        self.green_reason_combo = QComboBox(self.green_box)
        self.green_reason_combo.setObjectName("greenReasonCombo")
        self.green_reason_combo.setEditable(True)
        self.green_reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.green_reason_combo.addItems([self.tr(r) for r in GREEN_REASONS])
        self.green_reason_combo.setCurrentIndex(-1)  # a conscious choice for every citizen
        line_edit = self.green_reason_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("请选择或填写原因"))
        choices = (
            (self.tr("队列"), self.green_queue_combo),
            (self.tr("原因"), self.green_reason_combo),
        )
        if self._manage:
            # Queue and reason side by side: the queue table above keeps its rows.
            choice_row = QHBoxLayout()
            for text, combo in choices:
                choice_row.addWidget(QLabel(text, self.green_box))
                choice_row.addWidget(combo, 1)
            green_layout.addLayout(choice_row)
        else:
            form = QFormLayout()
            for text, combo in choices:
                form.addRow(text, combo)
            green_layout.addLayout(form)

    @staticmethod
    def _rows_height(table: QTableView, rows: int) -> int:
        """The height of ``table`` showing ``rows`` one-line rows and its header."""
        line = max(table.fontMetrics().height() + 12, table.verticalHeader().defaultSectionSize())
        frame = 2 * table.frameWidth()
        return table.horizontalHeader().sizeHint().height() + rows * line + frame

    # --- showing the state ---------------------------------------------------------------------

    @staticmethod
    def set_role(label: QLabel, role: str) -> None:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)

    def set_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.set_role(self.message_label, "error" if error else "ok")

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
        self.set_role(self.connection_label, "ok" if connection is Connection.ONLINE else "error")
