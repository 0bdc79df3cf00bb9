"""The window's queue panel (叫号面板): current ticket, waiting per queue, calling buttons.

Signals (the main window connects them):
- ``ticketCalled(dict)``: a ticket was called or a walk-in started; the dict has the keys of the
  API's Ticket (``id``, ``number``, ``queue``, ``queue_name``, ``kind``, ``status`` …; datetimes as
  ISO text). An offline walk-in has ``id`` None and ``number`` "". Start the acceptance with
  ``AcceptancePage.start_new(ticket_no=ticket["number"])``.
- ``ticketFinished(dict)``: the current ticket was finished (with its ``case_numbers``).
- ``onlineChanged(bool)``: the queue server became reachable / unreachable.

The panel never waits for the network: every request runs on its own one-thread pool (one
request at a time, so a CentralClient is never used by two threads). It refreshes when a live
event arrives (server push), once after (re)connecting, and after each of its own actions; it
never polls while online. While the server cannot be reached it says so, disables calling,
still lets the clerk serve a walk-in, and probes the server with backoff until it answers.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, is_dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.ui.live_events import LiveEvents, event_stream_factory
from clerk_app.ui.screen_parts import follow_events, live_events_for, readable_columns, single_shot
from clerk_app.ui.workers import TaskRunner, serial_pool

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)

PROBE_FIRST_MS = 3_000
PROBE_MAX_MS = 30_000
REFRESH_DEBOUNCE_MS = 250
CLOCK_TICK_MS = 15_000  # the longest-wait column counts up locally, without asking the server

OUTCOME_HANDLED = "已办结（受理案件）"  # at least one case recorded for this visit
OUTCOME_CONSULTED = "已办结（咨询）"  # advice only, no case

PAUSE_REASONS = (
    str(QT_TRANSLATE_NOOP("PauseDialog", "临时离开")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "午间休息")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "业务培训")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "设备故障")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "协助其他窗口")),
)
TRANSFER_REASONS = (
    str(QT_TRANSLATE_NOOP("TransferDialog", "需到专业窗口办理")),
    str(QT_TRANSLATE_NOOP("TransferDialog", "取错号")),
    str(QT_TRANSLATE_NOOP("TransferDialog", "本窗口暂停服务")),
    str(QT_TRANSLATE_NOOP("TransferDialog", "业务需要其他部门配合")),
)

ModelIndex = QModelIndex | QPersistentModelIndex


def ticket_dict(ticket: Any) -> dict[str, Any]:
    """The API's Ticket shape from a QueueClient ``Ticket`` (or a dict), datetimes as text."""
    if ticket is None:
        return {}
    if isinstance(ticket, dict):
        data = dict(ticket)
    elif is_dataclass(ticket) and not isinstance(ticket, type):
        data = asdict(ticket)
    else:
        data = {}
    for key, value in list(data.items()):
        if isinstance(value, datetime):
            data[key] = value.isoformat()
        elif isinstance(value, tuple):
            data[key] = list(value)
    return data


def format_wait(seconds: int) -> str:
    if seconds <= 0:
        return "—"
    minutes = seconds // 60
    if minutes < 1:
        return "不到 1 分钟"
    if minutes < 60:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时 {minutes % 60} 分"


def _field(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


@dataclass(frozen=True)
class QueueRow:
    code: str
    name: str
    waiting: int
    longest_wait_s: int
    missed: int

    @classmethod
    def of(cls, info: Any) -> QueueRow:
        return cls(
            code=str(_field(info, "code", "")),
            name=str(_field(info, "name", "")),
            waiting=int(_field(info, "waiting", 0) or 0),
            longest_wait_s=int(_field(info, "longest_wait_s", 0) or 0),
            missed=int(_field(info, "missed", 0) or 0),
        )


class QueueStatusModel(QAbstractTableModel):
    """Queues with how many wait and the longest wait; the wait counts up between updates."""

    HEADERS = (
        str(QT_TRANSLATE_NOOP("QueueStatusModel", "队列")),
        str(QT_TRANSLATE_NOOP("QueueStatusModel", "等候人数")),
        str(QT_TRANSLATE_NOOP("QueueStatusModel", "最长等候")),
        str(QT_TRANSLATE_NOOP("QueueStatusModel", "过号")),
    )

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        columns: int = 4,
    ) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._clock = clock
        self._fetched_at = clock()
        self._columns = columns

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = [row if isinstance(row, QueueRow) else QueueRow.of(row) for row in rows]
        self._fetched_at = self._clock()
        self.endResetModel()

    def merge_rows(self, rows: Sequence[Any], *, add_new: bool = True) -> None:
        """Update the queues a ``queue_status`` event names (it lists only the changed ones)."""
        updates = [row if isinstance(row, QueueRow) else QueueRow.of(row) for row in rows]
        by_code = {row.code: row for row in updates}
        known = {row.code for row in self._rows}
        # The rows kept as they were have waited since the last answer: keep their clock going.
        elapsed = int(self._clock() - self._fetched_at)
        merged = [
            by_code.get(row.code)
            or replace(row, longest_wait_s=row.longest_wait_s + elapsed if row.waiting else 0)
            for row in self._rows
        ]
        if add_new:
            merged += [row for row in updates if row.code not in known]
        self.set_rows(merged)

    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def wait_seconds(self, row: int) -> int:
        """The row's longest wait now (the server's figure plus the time since its answer)."""
        item = self._rows[row]
        if item.waiting == 0:
            return 0
        return item.longest_wait_s + int(self._clock() - self._fetched_at)

    def tick(self) -> None:
        """Repaint the longest-wait column (time passed since the server's answer)."""
        if self._rows and self._columns > 2:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < self._columns
        ):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.name
            if column == 1:
                return str(row.waiting)
            if column == 2:
                if row.waiting == 0:
                    return "—"
                return format_wait(self.wait_seconds(index.row()))
            if column == 3:
                return str(row.missed)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.code
        return None


@dataclass(frozen=True)
class TransferChoice:
    to_queue: str | None
    to_window: int | None
    reason: str


class TransferDialog(QDialog):
    """转移：to another queue or window, with a reason. Tests patch :meth:`ask`."""

    def __init__(
        self,
        queues: Sequence[tuple[str, str]],
        windows: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("转移当前号"))
        layout = QFormLayout(self)
        self.to_queue_radio = QRadioButton(self.tr("转到队列"), self)
        self.to_queue_radio.setObjectName("transferToQueue")
        self.to_window_radio = QRadioButton(self.tr("转到窗口"), self)
        self.to_window_radio.setObjectName("transferToWindow")
        group = QButtonGroup(self)
        group.addButton(self.to_queue_radio)
        group.addButton(self.to_window_radio)
        self.to_queue_radio.setChecked(True)
        self.queue_combo = QComboBox(self)
        self.queue_combo.setObjectName("transferQueueCombo")
        for code, name in queues:
            self.queue_combo.addItem(f"{name}（{code}）", code)
        self.window_combo = QComboBox(self)
        self.window_combo.setObjectName("transferWindowCombo")
        for number, label in windows:
            self.window_combo.addItem(label, number)
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("transferReasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in TRANSFER_REASONS])
        layout.addRow(self.to_queue_radio, self.queue_combo)
        layout.addRow(self.to_window_radio, self.window_combo)
        layout.addRow(self.tr("原因"), self.reason_combo)
        self.hint = QLabel(self.tr("转移后保留原取号时间，不需重新排队。"), self)
        self.hint.setObjectName("transferHint")
        layout.addRow(self.hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("transferButtons")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.to_queue_radio.toggled.connect(self._sync_enabled)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        self.queue_combo.setEnabled(self.to_queue_radio.isChecked())
        self.window_combo.setEnabled(not self.to_queue_radio.isChecked())

    def _accept_if_valid(self) -> None:
        if self.choice() is not None:
            self.accept()

    def choice(self) -> TransferChoice | None:
        reason = self.reason_combo.currentText().strip()
        if not reason:
            return None
        if self.to_queue_radio.isChecked():
            code = self.queue_combo.currentData()
            return TransferChoice(str(code), None, reason) if code else None
        number = self.window_combo.currentData()
        return TransferChoice(None, int(number), reason) if number is not None else None

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        queues: Sequence[tuple[str, str]],
        windows: Sequence[tuple[int, str]],
    ) -> TransferChoice | None:
        dialog = cls(queues, windows, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


class PauseDialog(QDialog):
    """暂停服务 needs a reason. Tests patch :meth:`ask`."""

    def __init__(self, parent: QWidget | None = None, window_label: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseDialog")
        if window_label:  # a supervisor pausing another window: say which one
            self.setWindowTitle(self.tr("暂停服务：%1").replace("%1", window_label))
        else:
            self.setWindowTitle(self.tr("暂停服务"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("请选择或填写暂停原因："), self))
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("pauseReasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in PAUSE_REASONS])
        layout.addWidget(self.reason_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept_if_valid(self) -> None:
        if self.reason_combo.currentText().strip():
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget, window_label: str | None = None) -> str | None:
        dialog = cls(parent, window_label)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_combo.currentText().strip() or None


class NoShowConfirm:
    """过号 sends the citizen to the missed pool (three times: the ticket is void), so the
    clerk confirms it; No is the default. Tests patch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget, number: str) -> bool:
        answer = QMessageBox.question(
            parent,
            parent.tr("过号"),
            parent.tr("%1 号未到窗口，确定过号吗？过号后可稍后从过号池再次呼叫。").replace(
                "%1", number
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class FinishAndCallConfirm:
    """F7 while the current ticket is still open: finish it and call the next one (so the
    next citizen's case is never attached to the previous ticket). Yes is the default: the
    clerk pressed F7 because the previous citizen has gone. Tests patch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget, number: str) -> bool:
        answer = QMessageBox.question(
            parent,
            parent.tr("叫号"),
            parent.tr(
                "当前号 %1 尚未办结。办结 %1 并呼叫下一位吗？\n"
                "（选“否”则继续办理 %1，可按 F10 办结后再叫号。）"
            ).replace("%1", number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes


def queue_client_for(context: WindowContext) -> Any:
    """A QueueClient for the panel with its own HTTP session (the window's CentralClient is
    used by the upload worker on other threads), or None when the window works offline."""
    if context.client is None:
        return None
    from clerk_app.sync.client import CentralClient
    from clerk_app.sync.queue_client import QueueClient

    own = CentralClient(context.client.base_url)
    own.token = context.client.token
    return QueueClient(own, context.hall_code)


class QueuePanel(QWidget):
    """See the module doc. ``queue_client`` is a ``clerk_app.sync.queue_client.QueueClient``
    (give the panel its own CentralClient: requests run on the panel's thread), or None when the
    window logged in offline."""

    ticketCalled = Signal(object)  # dict: the API's Ticket
    ticketFinished = Signal(object)  # dict: the finished Ticket
    onlineChanged = Signal(bool)
    stateApplied = Signal()  # after each refresh from the server (tests wait for it)

    def __init__(
        self,
        context: WindowContext,
        queue_client: Any,
        parent: QWidget | None = None,
        *,
        events: LiveEvents | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self._context = context
        self._client = queue_client
        self._window_no = context.window_no
        if runner is None:
            runner = TaskRunner(serial_pool(), self)
        self._runner = runner
        self._online = queue_client is not None
        self._busy = False
        self._status = "open"
        self._pause_reason = ""
        self._current: dict[str, Any] | None = None
        self._cases: list[str] = []
        self._missed: list[dict[str, Any]] = []
        self._all_queues: list[tuple[str, str]] = []
        self._all_windows: list[tuple[int, str]] = []
        self._probe_ms = PROBE_FIRST_MS
        self._refresh_pending = False
        self._call_after_finish = False  # F7 on an open ticket: finish it, then call

        self.model = QueueStatusModel(self)
        self._build()
        self._install_shortcuts()

        self._refresh_timer = single_shot(self, self.refresh, REFRESH_DEBOUNCE_MS)
        self._probe_timer = single_shot(self, self.refresh)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self.model.tick)
        self._clock_timer.start()

        if events is None:
            events = live_events_for(queue_client, context.hall_code, self)
        self._events = events
        follow_events(events, self._on_event, self._on_stream_connected)
        self._update_view()
        if queue_client is not None:
            QTimer.singleShot(0, self.refresh)

    # --- construction ----------------------------------------------------------------------

    def _button(self, name: str, text: str, keys: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(f"{text}\n[{QKeySequence(keys).toString()}]", self)
        button.setObjectName(name)
        button.setMinimumHeight(48)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        self._keys[name] = keys
        return button

    def _build(self) -> None:
        self._keys: dict[str, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(4)

        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("queueConnectionLabel")
        self.connection_label.setWordWrap(True)
        outer.addWidget(self.connection_label)

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
        outer.addWidget(current_box)

        self.window_status_label = QLabel(self)
        self.window_status_label.setObjectName("windowStatusLabel")
        self.window_status_label.setWordWrap(True)
        outer.addWidget(self.window_status_label)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("queueMessageLabel")
        self.message_label.setWordWrap(True)
        outer.addWidget(self.message_label)

        grid = QGridLayout()
        grid.setSpacing(4)
        self.call_button = self._button("callNextButton", self.tr("叫号"), "F7", self.call_next)
        self.recall_button = self._button("recallButton", self.tr("重呼"), "F8", self.recall)
        self.no_show_button = self._button(
            "noShowButton", self.tr("过号"), "Shift+F8", self.no_show
        )
        self.transfer_button = self._button(
            "transferButton", self.tr("转移"), "Shift+F7", self.transfer
        )
        self.finish_button = self._button("finishButton", self.tr("办结"), "F10", self.finish)
        self.pause_button = self._button("pauseButton", self.tr("暂停"), "F12", self.toggle_pause)
        self.walk_in_button = self._button(
            "walkInButton", self.tr("直接办理"), "Ctrl+F7", self.walk_in
        )
        self.call_button.setStyleSheet("font-weight: bold;")
        buttons = [
            self.call_button,
            self.recall_button,
            self.no_show_button,
            self.transfer_button,
            self.finish_button,
            self.pause_button,
            self.walk_in_button,
        ]
        for i, button in enumerate(buttons):
            grid.addWidget(button, i // 2, i % 2)
        outer.addLayout(grid)

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
        self.call_missed_button.clicked.connect(self.call_missed)
        missed_row.addWidget(self.call_missed_button)
        outer.addLayout(missed_row)

        self.cases_label = QLabel(self)
        self.cases_label.setObjectName("ticketCasesLabel")
        self.cases_label.setWordWrap(True)
        outer.addWidget(self.cases_label)

    def _install_shortcuts(self) -> None:
        self._shortcuts: list[QShortcut] = []
        for name, keys in self._keys.items():
            button = self.findChild(QPushButton, name)
            assert button is not None
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setObjectName(f"{name}Shortcut")
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            if name == "callNextButton":  # F7 says why it cannot call, never nothing
                shortcut.activated.connect(self.call_next_key)
            else:
                shortcut.activated.connect(button.animateClick)
            self._shortcuts.append(shortcut)

    # --- public state ------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self._online

    @property
    def current_ticket(self) -> dict[str, Any] | None:
        return self._current

    @property
    def busy(self) -> bool:
        return self._busy or self._runner.busy

    @property
    def case_numbers(self) -> list[str]:
        return list(self._cases)

    def attach_cases(self, case_numbers: list[str]) -> None:
        """Cases handled for the current ticket; sent to the server on finish."""
        for number in case_numbers:
            if number and number not in self._cases:
                self._cases.append(number)
        self._update_cases_label()

    def move_to(self, base_url: str) -> None:
        """The server answers at a new address (demo): requests and live events go there."""
        central = getattr(self._client, "central", None)
        if central is None:
            return
        central.base_url = base_url
        if self._events is not None:
            self._events.restart(
                event_stream_factory(base_url, self._context.hall_code, central.token)
            )
        self.refresh()

    def shutdown(self) -> None:
        """Stop the live events and wait for a running request (closing the window)."""
        self._probe_timer.stop()
        self._refresh_timer.stop()
        if self._events is not None:
            self._events.stop()
        self._runner.pool.waitForDone(15_000)

    # --- view ----------------------------------------------------------------------------------

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        colour = "#b00020" if error else "#1b6e2a"
        self.message_label.setStyleSheet(f"color: {colour};")

    def _update_cases_label(self) -> None:
        if self._cases:
            self.cases_label.setText(
                self.tr("本次已办案件：%1").replace("%1", "、".join(self._cases))
            )
        else:
            self.cases_label.setText("")

    def _update_view(self) -> None:
        has_server = self._client is not None
        online = has_server and self._online
        current = self._current
        paused = self._status == "paused"
        idle = not self._busy
        if not has_server:
            self.connection_label.setText(
                self.tr("● 离线登录：无法叫号。") + self._offline_hint(current, paused)
            )
        elif not online:
            self.connection_label.setText(
                self.tr("● 叫号服务器无法连接：暂停叫号。")
                + self._offline_hint(current, paused)
                + self.tr("恢复连接后自动继续。")
            )
        else:
            self.connection_label.setText(self.tr("● 叫号服务在线"))
        self.connection_label.setStyleSheet(
            "color: #1b6e2a;" if online else "color: #b00020; font-weight: bold;"
        )

        if current:
            number = str(current.get("number") or "") or self.tr("（无号）")
            self.current_label.setText(number)
            parts = [str(current.get("queue_name") or "")]
            if current.get("kind") == "green":
                parts.append(self.tr("绿色通道"))
            elif current.get("kind") == "appointment":
                parts.append(self.tr("预约"))
            elif current.get("kind") == "walk_in":
                parts.append(self.tr("直接办理"))
            calls = int(current.get("call_count") or 0)
            if calls > 1:
                parts.append(self.tr("已呼叫 %1 次").replace("%1", str(calls)))
            issued = current.get("issued_at")
            if isinstance(issued, str) and issued:
                with contextlib.suppress(ValueError):
                    parts.append(
                        self.tr("取号 %1").replace(
                            "%1",
                            datetime.fromisoformat(issued).astimezone(HALL_TZ).strftime("%H:%M"),
                        )
                    )
            self.current_info.setText(" · ".join(p for p in parts if p))
        else:
            self.current_label.setText("—")
            self.current_info.setText(self.tr("暂无正在办理的号"))

        if paused:
            self.window_status_label.setText(
                self.tr("本窗口已暂停服务：%1").replace("%1", self._pause_reason or "—")
            )
            self.window_status_label.setStyleSheet("color: #9a5b00; font-weight: bold;")
        else:
            self.window_status_label.setText("")
        self.pause_button.setText(
            (self.tr("恢复服务") if paused else self.tr("暂停"))
            + f"\n[{QKeySequence(self._keys['pauseButton']).toString()}]"
        )

        has_current = current is not None and current.get("id") is not None
        serving_local = current is not None and current.get("id") is None
        self.call_button.setEnabled(online and idle and not paused and current is None)
        self.recall_button.setEnabled(online and idle and has_current)
        self.no_show_button.setEnabled(online and idle and has_current)
        self.transfer_button.setEnabled(online and idle and has_current)
        self.finish_button.setEnabled(idle and ((online and has_current) or serving_local))
        self.pause_button.setEnabled(online and idle and current is None)
        self.walk_in_button.setEnabled(idle and not paused and current is None)
        self.call_missed_button.setEnabled(
            online and idle and not paused and current is None and bool(self._missed)
        )
        self.missed_list.setEnabled(online)
        self._update_cases_label()

    def _offline_hint(self, current: dict[str, Any] | None, paused: bool) -> str:
        """What the clerk can do without the queue server: only what is enabled."""
        if current is None and not paused:
            return self.tr("可按“直接办理”（Ctrl+F7）接待群众，案件保存在本机。")
        if current is not None and current.get("id") is None:
            return self.tr("正在直接办理，案件保存在本机；办结（F10）后可再接待下一位。")
        if current is not None:
            return self.tr(
                "当前号 %1 可继续受理，案件保存在本机；恢复连接后再办结和叫号。"
            ).replace("%1", str(current.get("number") or ""))
        return self.tr("本窗口已暂停服务，恢复连接后可恢复服务。")

    # --- server state ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Ask the server for the window's state and the hall's queues (off the GUI thread)."""
        if self._client is None:
            return
        if self.busy:
            self._refresh_pending = True  # after the running request
            return
        self._start(self._fetch_state, self._apply_state, quiet=True)

    def _fetch_state(self) -> tuple[Any, Any]:
        state = self._client.window_state(self._window_no)
        hall = self._client.queue_status()
        return state, hall

    def _apply_state(self, result: tuple[Any, Any]) -> None:
        state, hall = result
        self._status = str(_field(state, "status", "open"))
        self._pause_reason = str(_field(state, "pause_reason", "") or "")
        current = _field(state, "current")
        new_current = ticket_dict(current) if current else None
        known_id = self._current.get("id") if self._current else None
        if new_current is not None and new_current.get("id") != known_id:
            # Called from elsewhere (a lost answer, another PC of this window): serve it here.
            self._set_current(new_current, announce=True)
        elif new_current is None and known_id is not None:
            self._set_current(None)
        elif new_current is not None:
            self._current = new_current
        served = [QueueRow.of(q) for q in _field(state, "queues", ()) or ()]
        self.model.set_rows(served)
        self._clear_nobody_waiting()
        self._missed = [ticket_dict(t) for t in _field(state, "missed", ()) or ()]
        self.missed_list.clear()
        for ticket in self._missed:
            item = QListWidgetItem(
                f"{ticket.get('number', '')}（{ticket.get('call_count', 0)}/3）", self.missed_list
            )
            item.setData(Qt.ItemDataRole.UserRole, ticket.get("id"))
        if self._missed:
            self.missed_list.setCurrentRow(0)
        if hall is not None:
            self._all_queues = [
                (str(_field(q, "code")), str(_field(q, "name"))) for q in _field(hall, "queues", ())
            ]
            numbers = [(int(_field(w, "number")), w) for w in _field(hall, "windows", ())]
            self._all_windows = [
                (number, str(_field(w, "label") or f"{number}号窗口"))
                for number, w in numbers
                if number != self._window_no
            ]
        self._update_view()
        self.stateApplied.emit()

    def _set_current(self, ticket: dict[str, Any] | None, *, announce: bool = False) -> None:
        previous = self._current.get("id") if self._current else None
        self._current = ticket
        if ticket is None or ticket.get("id") != previous:
            self._cases = []
        if ticket is not None and announce:
            self.ticketCalled.emit(ticket)

    # --- requests ----------------------------------------------------------------------------

    def _start(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        *,
        quiet: bool = False,
    ) -> None:
        # A quiet refresh does not disable the buttons: a key pressed meanwhile queues behind it
        # on the serial runner instead of being dropped.
        if not quiet:
            self._busy = True
            self._update_view()

        def succeeded(result: Any) -> None:
            if not quiet:
                self._busy = False
            self._went_online()
            on_success(result)
            self._update_view()
            self._after_request()

        def failed(exc: BaseException) -> None:
            if not quiet:
                self._busy = False
            self._request_failed(exc, quiet=quiet)
            self._update_view()
            self._after_request()

        self._runner.start(fn, on_success=succeeded, on_failure=failed)

    def _after_request(self) -> None:
        if self._refresh_pending and self._online:
            self._refresh_pending = False
            self._refresh_timer.start()

    def _request_failed(self, exc: BaseException, *, quiet: bool) -> None:
        from clerk_app.sync.client import ApiError, OfflineError

        if not quiet:
            self._call_after_finish = False  # the finish failed: call nobody behind it

        if isinstance(exc, OfflineError):
            self._went_offline()
        elif isinstance(exc, ApiError):
            self._set_message(exc.detail, error=True)
            if exc.status in (404, 409):
                self._refresh_timer.start()  # the server knows better: show what it has
        else:
            log.exception("queue request failed", exc_info=exc)
            if not quiet:
                self._set_message(self.tr("操作未完成：%1").replace("%1", str(exc)), error=True)

    def _went_offline(self) -> None:
        if self._online:
            self._online = False
            self._probe_ms = PROBE_FIRST_MS
            self.onlineChanged.emit(False)
            self._set_message("")
        self._probe_timer.start(self._probe_ms)
        self._probe_ms = min(self._probe_ms * 2, PROBE_MAX_MS)

    def _went_online(self) -> None:
        self._probe_timer.stop()
        self._probe_ms = PROBE_FIRST_MS
        if not self._online:
            self._online = True
            self.onlineChanged.emit(True)
            self._set_message(self.tr("叫号服务已恢复"))

    # --- live events -------------------------------------------------------------------------

    @Slot(str, dict)
    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if self._client is None:
            return
        if kind == "queue_status" and isinstance(data.get("queues"), list):
            self.model.merge_rows(data["queues"], add_new=False)  # counts pushed by the server
            self._clear_nobody_waiting()
            return
        self._refresh_timer.start()  # pushed by the server; several events make one refresh

    @Slot(bool)
    def _on_stream_connected(self, connected: bool) -> None:
        # Either way one request: after (re)connecting it brings the panel up to date; after
        # the stream dropped it finds out at once whether the server is still reachable.
        self._refresh_timer.start()

    # --- actions -------------------------------------------------------------------------------

    def _clear_nobody_waiting(self) -> None:
        """ "当前没有等候的群众" is not true any more once somebody waits."""
        waiting = any(row.waiting > 0 for row in self.model.rows())
        if waiting and self.message_label.text() == self.tr("当前没有等候的群众"):
            self._set_message("")

    @Slot()
    def call_next_key(self) -> None:
        """F7: call the next citizen, or say why not. With a ticket still open, offer to
        finish it first (a new citizen's case must never join the previous ticket)."""
        if self.call_button.isEnabled():
            self.call_button.animateClick()
            return
        if self.busy:
            return  # the running request re-enables the key in a moment
        current = self._current
        if current is not None:
            number = str(current.get("number") or "") or self.tr("（无号）")
            if not self.finish_button.isEnabled():
                self._set_message(
                    self.tr("当前号 %1 尚未办结：恢复连接后先办结（F10），再叫号").replace(
                        "%1", number
                    ),
                    error=True,
                )
                return
            if not FinishAndCallConfirm.ask(self, number):
                self._set_message(
                    self.tr("当前号 %1 尚未办结，办结（F10）后再叫号").replace("%1", number)
                )
                return
            self._call_after_finish = current.get("id") is not None or self._online
            self.finish()
            return
        if self._client is None or not self._online:
            self._set_message(
                self.tr("叫号服务器无法连接，不能叫号；可按“直接办理”（Ctrl+F7）接待群众"),
                error=True,
            )
        elif self._status == "paused":
            self._set_message(self.tr("本窗口已暂停服务，请先恢复服务（F12）再叫号"), error=True)

    def _call_next_if_asked(self) -> None:
        if self._call_after_finish:
            self._call_after_finish = False
            self.call_next()

    @Slot()
    def call_next(self) -> None:
        if not self.call_button.isEnabled():
            return
        import uuid

        request_id = uuid.uuid4().hex  # one id per press: a retried request calls nobody new
        self._start(lambda: self._client.call_next(self._window_no, request_id), self._called)

    def _called(self, ticket: Any) -> None:
        if ticket is None:
            self._set_message(self.tr("当前没有等候的群众"))
            self._refresh_timer.start()
            return
        data = ticket_dict(ticket)
        self._set_message(self.tr("已呼叫 %1").replace("%1", str(data.get("number", ""))))
        self._set_current(data, announce=True)
        self._refresh_timer.start()

    @Slot()
    def recall(self) -> None:
        if not self.recall_button.isEnabled():
            return
        self._start(lambda: self._client.recall(self._window_no), self._recalled)

    def _recalled(self, ticket: Any) -> None:
        data = ticket_dict(ticket)
        self._current = data
        self._set_message(self.tr("已重呼 %1").replace("%1", str(data.get("number", ""))))

    @Slot()
    def no_show(self) -> None:
        if not self.no_show_button.isEnabled():
            return
        number = str((self._current or {}).get("number", ""))
        if not NoShowConfirm.ask(self, number):
            return
        self._start(lambda: self._client.no_show(self._window_no), self._missed_done)

    def _missed_done(self, ticket: Any) -> None:
        data = ticket_dict(ticket)
        self._set_current(None)
        if data.get("status") == "cancelled":
            text = self.tr("%1 三次未到，已作废")
        else:
            text = self.tr("%1 已过号，可稍后从过号池再次呼叫")
        self._set_message(text.replace("%1", str(data.get("number", ""))))
        self._refresh_timer.start()

    @Slot()
    def transfer(self) -> None:
        if not self.transfer_button.isEnabled():
            return
        choice = TransferDialog.ask(self, self._all_queues, self._all_windows)
        if choice is None:
            return
        self._start(
            lambda: self._client.transfer(
                self._window_no,
                choice.reason,
                to_queue=choice.to_queue,
                to_window=choice.to_window,
            ),
            self._transferred,
        )

    def _transferred(self, ticket: Any) -> None:
        data = ticket_dict(ticket)
        self._set_current(None)
        self._set_message(self.tr("%1 已转移").replace("%1", str(data.get("number", ""))))
        self._refresh_timer.start()

    @Slot()
    def finish(self) -> None:
        if not self.finish_button.isEnabled() or self._current is None:
            return
        if self._current.get("id") is None:  # an offline walk-in: nothing on the server
            finished = dict(self._current, case_numbers=list(self._cases), status="finished")
            self._set_current(None)
            self._set_message(self.tr("已办结"))
            self.ticketFinished.emit(finished)
            self._update_view()
            self._call_next_if_asked()
            return
        cases = list(self._cases)
        outcome = OUTCOME_HANDLED if cases else OUTCOME_CONSULTED
        self._start(lambda: self._client.finish(self._window_no, outcome, cases), self._finished)

    def _finished(self, ticket: Any) -> None:
        data = ticket_dict(ticket)
        self._set_current(None)
        self._set_message(self.tr("%1 已办结").replace("%1", str(data.get("number", ""))))
        self.ticketFinished.emit(data)
        self._refresh_timer.start()
        if self._call_after_finish:  # once the buttons follow the finished state
            QTimer.singleShot(0, self._call_next_if_asked)

    @Slot()
    def toggle_pause(self) -> None:
        if not self.pause_button.isEnabled():
            return
        if self._status == "paused":
            self._start(lambda: self._client.resume(self._window_no), self._apply_window_state)
            return
        reason = PauseDialog.ask(self)
        if not reason:
            return
        self._start(lambda: self._client.pause(self._window_no, reason), self._apply_window_state)

    def _apply_window_state(self, state: Any) -> None:
        self._status = str(_field(state, "status", "open"))
        self._pause_reason = str(_field(state, "pause_reason", "") or "")
        self._set_message(
            self.tr("已暂停服务") if self._status == "paused" else self.tr("已恢复服务")
        )
        self._refresh_timer.start()

    @Slot()
    def walk_in(self) -> None:
        if not self.walk_in_button.isEnabled():
            return
        if self._client is None or not self._online:
            # Offline: serve without a ticket; the acceptance works from the local store.
            ticket = {"id": None, "number": "", "kind": "walk_in", "status": "serving"}
            self._set_current(ticket, announce=True)
            self._set_message(self.tr("离线直接办理：本次不记录叫号"))
            self._update_view()
            return
        import uuid

        request_id = uuid.uuid4().hex
        self._start(
            lambda: self._client.walk_in(self._window_no, None, request_id), self._walked_in
        )

    def _walked_in(self, ticket: Any) -> None:
        data = ticket_dict(ticket)
        self._set_message(self.tr("直接办理：%1").replace("%1", str(data.get("number", "") or "")))
        self._set_current(data, announce=True)

    @Slot()
    def call_missed(self) -> None:
        item = self.missed_list.currentItem()
        if item is None or not self.call_missed_button.isEnabled():
            return
        ticket_id = int(item.data(Qt.ItemDataRole.UserRole))
        self._start(lambda: self._client.call_missed(self._window_no, ticket_id), self._called)


__all__ = [
    "FinishAndCallConfirm",
    "PauseDialog",
    "QueuePanel",
    "QueueRow",
    "QueueStatusModel",
    "TransferChoice",
    "TransferDialog",
    "format_wait",
    "queue_client_for",
    "ticket_dict",
]
