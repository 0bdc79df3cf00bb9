"""The queue panel's widgets and how they show a ``PanelState`` (the rules that make the state
are ``clerk_app.domain.counter_panel``; the requests and actions are ``QueuePanel``'s)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.contract.enums import TicketKind
from clerk_app.contract.queue import Ticket
from clerk_app.domain.counter_panel import OfflineHint, PanelState
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.reconnect import Connection
from clerk_app.ui.queue.status_model import QueueStatusModel
from clerk_app.ui.queue.tickets import ServedTicket
from clerk_app.ui.screen_parts import readable_columns

# What the current ticket's line says about its kind (a normal ticket says nothing).
KIND_LABELS = {
    TicketKind.GREEN: str(QT_TRANSLATE_NOOP("QueuePanel", "绿色通道")),
    TicketKind.APPOINTMENT: str(QT_TRANSLATE_NOOP("QueuePanel", "预约")),
    TicketKind.WALK_IN: str(QT_TRANSLATE_NOOP("QueuePanel", "直接办理")),
}


class QueuePanelView(QWidget):
    """The panel's layout: connection line, current ticket, window status, message, the
    calling buttons (each with its key), the queues, the missed pool and the ticket's cases."""

    def __init__(self, model: QueueStatusModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.model = model
        # Every calling button with the key that presses it (the panel makes the shortcuts).
        self.keyed_buttons: list[tuple[QPushButton, str]] = []
        self._build()

    def _button(self, name: str, text: str, keys: str) -> QPushButton:
        button = QPushButton(self._with_keys(text, keys), self)
        button.setObjectName(name)
        button.setMinimumHeight(48)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.keyed_buttons.append((button, keys))
        return button

    @staticmethod
    def _with_keys(text: str, keys: str) -> str:
        return f"{text}\n[{QKeySequence(keys).toString()}]"

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(4)

        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("queueConnectionLabel")
        self.connection_label.setWordWrap(True)
        outer.addWidget(self.connection_label)
        outer.addWidget(self._build_current_box())

        self.window_status_label = QLabel(self)
        self.window_status_label.setObjectName("windowStatusLabel")
        self.window_status_label.setWordWrap(True)
        outer.addWidget(self.window_status_label)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("queueMessageLabel")
        self.message_label.setWordWrap(True)
        outer.addWidget(self.message_label)
        outer.addLayout(self._build_buttons())

        self.table = QTableView(self)
        self.table.setObjectName("queueStatusTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The queue's name whole (wrapped if need be); the longest wait wraps in 4 characters.
        readable_columns(self.table, 0, wrapped={2: 4})
        outer.addWidget(self.table, 1)

        missed_row = QHBoxLayout()
        missed_caption = QLabel(self.tr("过号待呼："), self)
        missed_caption.setObjectName("missedCaption")
        missed_row.addWidget(missed_caption)
        self.missed_list = QListWidget(self)
        self.missed_list.setObjectName("missedList")
        self.missed_list.setMaximumHeight(70)
        missed_row.addWidget(self.missed_list, 1)
        self.call_missed_button = QPushButton(self.tr("呼叫过号"), self)
        self.call_missed_button.setObjectName("callMissedButton")
        missed_row.addWidget(self.call_missed_button)
        outer.addLayout(missed_row)

        self.cases_label = QLabel(self)
        self.cases_label.setObjectName("ticketCasesLabel")
        self.cases_label.setWordWrap(True)
        outer.addWidget(self.cases_label)

    def _build_current_box(self) -> QFrame:
        current_box = QFrame(self)
        current_box.setObjectName("currentTicketBox")
        current_box.setFrameShape(QFrame.Shape.StyledPanel)
        current_layout = QVBoxLayout(current_box)
        current_layout.setContentsMargins(8, 4, 8, 4)
        caption = QLabel(self.tr("当前号"), current_box)
        caption.setObjectName("currentTicketCaption")
        current_layout.addWidget(caption)
        self.current_label = QLabel("—", current_box)
        self.current_label.setObjectName("currentTicketLabel")
        self.current_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_label.setStyleSheet("font-size: 40pt; font-weight: bold; color: #0b4f9c;")
        current_layout.addWidget(self.current_label)
        self.current_info = QLabel("", current_box)
        self.current_info.setObjectName("currentTicketInfo")
        self.current_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_info.setWordWrap(True)
        current_layout.addWidget(self.current_info)
        return current_box

    def _build_buttons(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(4)
        self.call_button = self._button("callNextButton", self.tr("叫号"), "F7")
        self.recall_button = self._button("recallButton", self.tr("重呼"), "F8")
        self.no_show_button = self._button("noShowButton", self.tr("过号"), "Shift+F8")
        self.transfer_button = self._button("transferButton", self.tr("转移"), "Shift+F7")
        self.finish_button = self._button("finishButton", self.tr("办结"), "F10")
        self.pause_button = self._button("pauseButton", self.tr("暂停"), "F12")
        self.walk_in_button = self._button("walkInButton", self.tr("直接办理"), "Ctrl+F7")
        self.call_button.setStyleSheet("font-weight: bold;")
        for i, (button, _keys) in enumerate(self.keyed_buttons):
            grid.addWidget(button, i // 2, i % 2)
        return grid

    # --- showing the state ---------------------------------------------------------------------

    def set_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        colour = "#b00020" if error else "#1b6e2a"
        self.message_label.setStyleSheet(f"color: {colour};")

    def show_cases(self, cases: list[str]) -> None:
        if cases:
            self.cases_label.setText(self.tr("本次已办案件：%1").replace("%1", "、".join(cases)))
        else:
            self.cases_label.setText("")

    def show_state(
        self, state: PanelState, current: ServedTicket | None, pause_reason: str
    ) -> None:
        self._show_connection(state, current)
        self._show_current(current)
        if state.paused:
            self.window_status_label.setText(
                self.tr("本窗口已暂停服务：%1").replace("%1", pause_reason or "—")
            )
            self.window_status_label.setStyleSheet("color: #9a5b00; font-weight: bold;")
        else:
            self.window_status_label.setText("")
        self.pause_button.setText(
            self._with_keys(self.tr("恢复服务") if state.paused else self.tr("暂停"), "F12")
        )
        self.call_button.setEnabled(state.can_call)
        self.recall_button.setEnabled(state.can_recall)
        self.no_show_button.setEnabled(state.can_no_show)
        self.transfer_button.setEnabled(state.can_transfer)
        self.finish_button.setEnabled(state.can_finish)
        self.pause_button.setEnabled(state.can_pause)
        self.walk_in_button.setEnabled(state.can_walk_in)
        self.call_missed_button.setEnabled(state.can_call_missed)
        self.missed_list.setEnabled(state.missed_list_enabled)

    def _show_connection(self, state: PanelState, current: ServedTicket | None) -> None:
        hint = self._offline_hint(state.offline_hint, current)
        if state.connection is Connection.OFFLINE_LOGIN:
            self.connection_label.setText(self.tr("● 离线登录：无法叫号。") + hint)
        elif state.connection is Connection.UNREACHABLE:
            self.connection_label.setText(
                self.tr("● 叫号服务器无法连接：暂停叫号。") + hint + self.tr("恢复连接后自动继续。")
            )
        else:
            self.connection_label.setText(self.tr("● 叫号服务在线"))
        online = state.connection is Connection.ONLINE
        self.connection_label.setStyleSheet(
            "color: #1b6e2a;" if online else "color: #b00020; font-weight: bold;"
        )

    def _offline_hint(self, hint: OfflineHint | None, current: ServedTicket | None) -> str:
        """What the clerk can do without the queue server: only what is enabled."""
        if hint is OfflineHint.WALK_IN:
            return self.tr("可按“直接办理”（Ctrl+F7）接待群众，案件保存在本机。")
        if hint is OfflineHint.SERVING_LOCAL:
            return self.tr("正在直接办理，案件保存在本机；办结（F10）后可再接待下一位。")
        if hint is OfflineHint.CONTINUE_TICKET:
            number = current.number if current is not None else ""
            return self.tr(
                "当前号 %1 可继续受理，案件保存在本机；恢复连接后再办结和叫号。"
            ).replace("%1", number)
        if hint is OfflineHint.PAUSED:
            return self.tr("本窗口已暂停服务，恢复连接后可恢复服务。")
        return ""

    def _show_current(self, current: ServedTicket | None) -> None:
        if current is None:
            self.current_label.setText("—")
            self.current_info.setText(self.tr("暂无正在办理的号"))
            return
        self.current_label.setText(current.number or self.tr("（无号）"))
        parts = [current.queue_name]
        kind = KIND_LABELS.get(current.kind)
        if kind is not None:
            parts.append(self.tr(kind))
        if current.call_count > 1:
            parts.append(self.tr("已呼叫 %1 次").replace("%1", str(current.call_count)))
        if isinstance(current, Ticket):
            issued = in_hall_time(current.issued_at).strftime("%H:%M")
            parts.append(self.tr("取号 %1").replace("%1", issued))
        self.current_info.setText(" · ".join(p for p in parts if p))
