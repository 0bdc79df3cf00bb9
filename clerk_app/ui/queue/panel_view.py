"""The queue panel's widgets and how they show a ``PanelState`` (the rules that make the state
are ``clerk_app.domain.counter_panel``; the requests and actions are ``QueuePanel``'s)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from clerk_app.contract.enums import TicketKind
from clerk_app.contract.queue import Ticket
from clerk_app.domain.counter_panel import OfflineHint, PanelState
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.reconnect import Connection
from clerk_app.ui.forms.ui_queue_panel import Ui_QueuePanel
from clerk_app.ui.queue.label_role import set_role
from clerk_app.ui.queue.status_model import QueueStatusModel
from clerk_app.ui.queue.tickets import ServedTicket
from clerk_app.ui.screen_parts import readable_columns

PAUSE_KEYS = "F12"  # the pause button says 暂停 or 恢复服务 with its key

# What the current ticket's line says about its kind (a normal ticket says nothing).
KIND_LABELS = {
    TicketKind.GREEN: str(QT_TRANSLATE_NOOP("QueuePanel", "绿色通道")),
    TicketKind.APPOINTMENT: str(QT_TRANSLATE_NOOP("QueuePanel", "预约")),
    TicketKind.WALK_IN: str(QT_TRANSLATE_NOOP("QueuePanel", "直接办理")),
}


class QueuePanelView(QWidget):
    """The panel's layout (``forms/queue_panel.ui``): connection line, current ticket, window
    status, message, the calling buttons (each with its key), the queues, the missed pool and
    the ticket's cases."""

    def __init__(self, model: QueueStatusModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.form = Ui_QueuePanel()
        self.form.setupUi(self)
        form = self.form
        self.model = model
        self.connection_label = form.queueConnectionLabel
        self.current_label = form.currentTicketLabel
        self.current_info = form.currentTicketInfo
        self.window_status_label = form.windowStatusLabel
        self.message_label = form.queueMessageLabel
        self.call_button = form.callNextButton
        self.recall_button = form.recallButton
        self.no_show_button = form.noShowButton
        self.transfer_button = form.transferButton
        self.finish_button = form.finishButton
        self.pause_button = form.pauseButton
        self.walk_in_button = form.walkInButton
        self.missed_list = form.missedList
        self.call_missed_button = form.callMissedButton
        self.cases_label = form.ticketCasesLabel
        # Every calling button with the key that presses it (the panel makes the shortcuts).
        self.keyed_buttons: list[tuple[QPushButton, str]] = [
            (self.call_button, "F7"),
            (self.recall_button, "F8"),
            (self.no_show_button, "Shift+F8"),
            (self.transfer_button, "Shift+F7"),
            (self.finish_button, "F10"),
            (self.pause_button, PAUSE_KEYS),
            (self.walk_in_button, "Ctrl+F7"),
        ]
        self.table = form.queueStatusTable
        self.table.setModel(model)
        # The queue's name whole (wrapped if need be); the longest wait wraps in 4 characters.
        readable_columns(self.table, 0, wrapped={2: 4})

    @staticmethod
    def _with_keys(text: str, keys: str) -> str:
        return f"{text}\n[{QKeySequence(keys).toString()}]"

    # --- showing the state ---------------------------------------------------------------------

    def set_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        set_role(self.message_label, "error" if error else "ok")

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
            set_role(self.window_status_label, "warning")
        else:
            self.window_status_label.setText("")
        self.pause_button.setText(
            self._with_keys(self.tr("恢复服务") if state.paused else self.tr("暂停"), PAUSE_KEYS)
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
        set_role(self.connection_label, "ok" if state.connection is Connection.ONLINE else "error")

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
