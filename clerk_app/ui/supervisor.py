"""The floor supervisor's 大厅管理 page (Ctrl+4) and the help-desk's green channel (绿色通道).

Supervisor and admin see the whole hall: every window (状态 服务中 / 空闲 / 暂停：原因 / 未开, who
works there, the number being served, the queues it serves in order of preference) and every
queue (how many wait, the longest wait: amber from 30 minutes, red from 60, no-shows). For the
selected window they can change its work profile (调整服务队列…), pause it with a reason or
resume it. Help-desk staff get only the green channel: choose the queue and the reason, press
发放绿色通道号; the number is shown large and its slip opens in the print preview (print or
save as PDF). One request id per press: when the answer is lost, pressing again (重试发放) with
the same queue and reason sends the same id, and the server answers with the ticket it already
issued, never a second one.

Every request runs on the page's own one-thread pool (one HTTP session, never the GUI thread).
The page refreshes when a live event arrives (debounced), once after the event stream
(re)connects, after each of its own actions, and every ``FALLBACK_REFRESH_MS`` in case an
event was lost; ``queue_status`` events update the queue counts without any request. While the
server cannot be reached the page says so, keeps the last figures with their time and
retries with backoff.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.hall_time import hall_now, in_hall_time
from clerk_app.ui.live_events import LiveEvents, event_stream_factory
from clerk_app.ui.print_preview import PREVIEW_DPI, PdfPreviewDialog, rasterize_pdf
from clerk_app.ui.queue_panel import PauseDialog, QueueStatusModel, _field, ticket_dict
from clerk_app.ui.screen_parts import (
    follow_events,
    live_events_for,
    readable_columns,
    single_shot,
)
from clerk_app.ui.workers import TaskRunner, serial_pool

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)

MANAGER_ROLES = frozenset({"supervisor", "admin"})
QUEUE_ROWS_MIN = 4
HALL_PAGE_ROLES = MANAGER_ROLES | {"helpdesk"}  # the help desk gets the green channel only

REFRESH_DEBOUNCE_MS = 500
FALLBACK_REFRESH_MS = 60_000  # a lost event is made good within a minute
PROBE_FIRST_MS = 3_000
PROBE_MAX_MS = 30_000
CLOCK_TICK_MS = 15_000  # the longest waits count up (and change colour) between answers

WAIT_AMBER_S = 30 * 60
WAIT_RED_S = 60 * 60
WAIT_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # "ok" | "amber" | "red" (tests, styling)
WINDOW_NUMBER_ROLE = Qt.ItemDataRole.UserRole

AMBER = QColor("#ffd68a")
RED = QColor("#f3a19b")
PAUSED_TEXT = QColor("#7a4b00")
CLOSED_TEXT = QColor("#5f6770")
DARK_TEXT = QColor("#1b1f24")

GREEN_REASONS = (
    str(QT_TRANSLATE_NOOP("SupervisorPage", "老年人")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "残疾人")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "孕妇")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "怀抱婴幼儿")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "急事急办")),
    str(QT_TRANSLATE_NOOP("SupervisorPage", "其他")),
)

ModelIndex = QModelIndex | QPersistentModelIndex


def _hall_clock(moment: str) -> str:
    """ "14:05" in the hall's time for an ISO timestamp from the server ("" if unreadable)."""
    try:
        return f"{in_hall_time(datetime.fromisoformat(moment)):%H:%M}"
    except ValueError:
        return ""


def short_window_label(number: int, label: str | None) -> str:
    """ "5号窗口": the hall's label without the description in brackets."""
    if label:
        short = label.split("（")[0].split("(")[0].strip()
        if short:
            return short
    return f"{number}号窗口"


def wait_level(seconds: int) -> str:
    if seconds >= WAIT_RED_S:
        return "red"
    if seconds >= WAIT_AMBER_S:
        return "amber"
    return "ok"


@dataclass(frozen=True)
class WindowRow:
    """One window of the hall status (``HallWindow`` of the queue client, or its JSON)."""

    number: int
    label: str
    status: str  # open | paused | closed
    current_number: str | None
    clerk: str | None
    queues: tuple[str, ...]
    pause_reason: str | None

    @classmethod
    def of(cls, data: Any) -> WindowRow:
        number = int(_field(data, "number", 0) or 0)
        return cls(
            number=number,
            label=str(_field(data, "label", "") or f"{number}号窗口"),
            status=str(_field(data, "status", "closed") or "closed"),
            current_number=_field(data, "current_number") or None,
            clerk=_field(data, "clerk") or None,
            queues=tuple(str(c) for c in _field(data, "queues", ()) or ()),
            pause_reason=_field(data, "pause_reason") or None,
        )

    @property
    def short_label(self) -> str:
        return short_window_label(self.number, self.label)


class HallWindowsModel(QAbstractTableModel):
    """The hall's windows: 窗口, 状态, 工作人员, 当前号码, 服务队列 (in order of preference)."""

    HEADERS = (
        str(QT_TRANSLATE_NOOP("HallWindowsModel", "窗口")),
        str(QT_TRANSLATE_NOOP("HallWindowsModel", "状态")),
        str(QT_TRANSLATE_NOOP("HallWindowsModel", "工作人员")),
        str(QT_TRANSLATE_NOOP("HallWindowsModel", "当前号码")),
        str(QT_TRANSLATE_NOOP("HallWindowsModel", "服务队列")),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WindowRow] = []
        self._queue_names: dict[str, str] = {}

    def set_rows(self, windows: Sequence[Any], queue_names: dict[str, str] | None = None) -> None:
        rows = [w if isinstance(w, WindowRow) else WindowRow.of(w) for w in windows]
        if queue_names is not None:
            self._queue_names = dict(queue_names)
        if rows and [w.number for w in rows] == [w.number for w in self._rows]:
            # The same windows: change the cells in place, so the supervisor's selection and
            # scroll position survive every refresh of a hall with many windows.
            self._rows = rows
            last = self.index(len(rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[WindowRow]:
        return list(self._rows)

    def window(self, row: int) -> WindowRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: int) -> int:
        return next((i for i, w in enumerate(self._rows) if w.number == number), -1)

    def status_text(self, window: WindowRow) -> str:
        if window.status == "paused":
            return self.tr("暂停：%1").replace("%1", window.pause_reason or "—")
        if window.status == "open":
            return self.tr("服务中") if window.current_number else self.tr("空闲")
        return self.tr("未开")

    def queue_names(self, window: WindowRow) -> list[str]:
        return [self._queue_names.get(code, code) for code in window.queues]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        window = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return window.short_label
            if column == 1:
                return self.status_text(window)
            if column == 2:
                return window.clerk or "—"
            if column == 3:
                return window.current_number or "—"
            if column == 4:
                return " → ".join(self.queue_names(window)) or self.tr("（未设置）")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return window.label
            if column == 4 and window.queues:
                return self.tr("按优先顺序呼叫：%1").replace(
                    "%1", "、".join(self.queue_names(window))
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            if window.status == "paused":
                return QBrush(PAUSED_TEXT)
            if window.status == "closed":
                return QBrush(CLOSED_TEXT)
            return None
        if role == Qt.ItemDataRole.FontRole and column == 1 and window.status == "paused":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == WINDOW_NUMBER_ROLE:
            return window.number
        return None


class HallQueuesModel(QueueStatusModel):
    """队列, 等候人数, 最长等候 (minutes: amber from 30, red from 60), 过号."""

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if index.column() == 2:
            waited = self.wait_seconds(index.row())
            level = wait_level(waited)
            if role == Qt.ItemDataRole.DisplayRole:
                if not self._rows[index.row()].waiting:
                    return "—"
                return self.tr("%1 分钟").replace("%1", str(waited // 60))
            if role == WAIT_LEVEL_ROLE:
                return level
            if role == Qt.ItemDataRole.BackgroundRole and level != "ok":
                return QBrush(RED if level == "red" else AMBER)
            if role == Qt.ItemDataRole.ForegroundRole and level != "ok":
                return QBrush(DARK_TEXT)
            if role == Qt.ItemDataRole.ToolTipRole and level != "ok":
                if level == "red":
                    return self.tr("已等候超过60分钟")
                return self.tr("已等候超过30分钟")
        return super().data(index, role)


class ProfileDialog(QDialog):
    """调整服务队列: the hall's queues, checkable, in the window's order of preference.

    Tests patch :meth:`ask`.
    """

    def __init__(
        self,
        window_label: str,
        queues: Sequence[tuple[str, str]],
        selected: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle(self.tr("调整服务队列：%1").replace("%1", window_label))
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr("勾选本窗口服务的队列；排在前面的优先呼叫（绿色通道号始终最先）。"), self
        )
        hint.setObjectName("profileHint")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)

        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("profileQueueList")
        self.list.setMinimumHeight(220)
        names = dict(queues)
        ordered = [c for c in selected if c] + [c for c, _n in queues if c not in selected]
        for code in ordered:
            name = names.get(code, code)
            item = QListWidgetItem(self.tr("%1（%2）").replace("%1", name).replace("%2", code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                Qt.CheckState.Checked if code in selected else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        row.addWidget(self.list, 1)
        moves = QVBoxLayout()
        self.up_button = QPushButton(self.tr("上移"), self)
        self.up_button.setObjectName("profileUpButton")
        self.up_button.setToolTip(self.tr("上移 (Alt+↑)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(self.tr("下移"), self)
        self.down_button.setObjectName("profileDownButton")
        self.down_button.setToolTip(self.tr("下移 (Alt+↓)"))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch(1)
        row.addLayout(moves)
        layout.addLayout(row)

        self.warning = QLabel("", self)
        self.warning.setObjectName("profileWarning")
        self.warning.setProperty("role", "warning")
        layout.addWidget(self.warning)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("profileButtons")
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setObjectName("profileSaveButton")
        save.setText(self.tr("保存"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("profileCancelButton")
        cancel.setText(self.tr("取消"))
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.list.installEventFilter(self)  # Alt+↑ / Alt+↓ move the current queue
        self.list.itemChanged.connect(self._update)
        self.list.currentRowChanged.connect(self._update)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def chosen(self) -> list[str]:
        """The checked queues, in the order shown (the order of preference)."""
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    @Slot()
    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self.list.blockSignals(True)  # one update after the move, not one per half of it
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(target)
        self._update()

    def _update(self, *_args: object) -> None:
        row = self.list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
        ok = bool(self.chosen())
        self.warning.setText("" if ok else self.tr("请至少选择一个服务队列"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def _accept_if_valid(self) -> None:
        if self.chosen():
            self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        window_label: str,
        queues: Sequence[tuple[str, str]],
        selected: Sequence[str],
    ) -> list[str] | None:
        dialog = cls(window_label, queues, selected, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen() or None


def render_slip(ticket: dict[str, Any], hall_name: str) -> tuple[bytes, list[QImage]]:
    """The ticket slip's PDF (the kiosk's slip) and its preview image (pool thread)."""
    from clerk_app.printing.ticket_slip import render_ticket_slip

    pdf = render_ticket_slip(ticket, hall_name=hall_name)
    return pdf, rasterize_pdf(pdf, PREVIEW_DPI)


class SlipPreviewDialog(PdfPreviewDialog):
    """The green-channel ticket's slip in the print preview: print it, or save it as PDF."""

    def __init__(
        self,
        ticket: dict[str, Any],
        hall_name: str,
        *,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        data = dict(ticket)
        super().__init__(
            lambda: render_slip(data, hall_name), size=(560, 820), runner=runner, parent=parent
        )
        self.setObjectName("slipPreview")
        self.ticket = data
        self.setWindowTitle(
            self.tr("打印取号凭条：%1").replace("%1", str(data.get("number") or ""))
        )

    def suggested_file_name(self) -> str:
        return f"取号凭条-{self.ticket.get('number') or 'ticket'}.pdf"

    def record_output(self) -> str:
        return str(self.ticket.get("number") or "")


class SupervisorPage(QWidget):
    """See the module doc. ``queue_client``: a ``clerk_app.sync.queue_client.QueueClient`` with
    its own CentralClient (requests run on the page's thread), or None when offline.
    ``manage`` (default: the user is a supervisor or an admin) shows the windows and queues;
    without it the page is the green channel only."""

    statusApplied = Signal()  # after each refresh from the server (tests wait for it)
    onlineChanged = Signal(bool)
    greenTicketIssued = Signal(object)  # dict: the API's Ticket
    profileSaved = Signal(int, list)  # window number, queue codes in order
    windowStateChanged = Signal(int, str)  # window number, "paused" | "open"
    requestRefused = Signal(str)  # the server's reason
    slipPreviewOpened = Signal(object)  # SlipPreviewDialog

    def __init__(
        self,
        context: WindowContext,
        queue_client: Any,
        parent: QWidget | None = None,
        *,
        events: LiveEvents | None = None,
        runner: TaskRunner | None = None,
        manage: bool | None = None,
        fallback_refresh_ms: int = FALLBACK_REFRESH_MS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorPage")
        self._context = context
        self._client = queue_client
        self._manage = context.user.role in MANAGER_ROLES if manage is None else manage
        if runner is None:
            runner = TaskRunner(serial_pool(), self)
        self._runner = runner
        self._online = queue_client is not None
        self._loading = False
        self._refresh_again = False
        self._acting = False
        self._issuing = False
        self._updated_at: datetime | None = None
        self._probe_ms = PROBE_FIRST_MS
        self._queues: list[tuple[str, str]] = []  # (code, name) of the hall
        # (request id, queue, reason) of a green ticket whose answer was lost: a retry with
        # the same choice sends the same id, so the server never issues two.
        self._pending_green: tuple[str, str, str] | None = None
        self._last_ticket: dict[str, Any] | None = None

        self.windows_model = HallWindowsModel(self)
        self.queues_model = HallQueuesModel(self, clock=clock)
        self._build()

        self._refresh_timer = single_shot(self, self.refresh, REFRESH_DEBOUNCE_MS)
        self._probe_timer = single_shot(self, self.refresh)
        self._fallback_timer = QTimer(self)
        self._fallback_timer.setInterval(fallback_refresh_ms)
        self._fallback_timer.timeout.connect(self.refresh)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self.queues_model.tick)

        # A stream of its own is moved by the page; a shared one (the main window's, with the
        # queue panel) by whoever made it.
        self._own_events = events is None
        if events is None:
            events = live_events_for(queue_client, context.hall_code, self)
        self._events = events
        follow_events(events, self._on_event, self._on_stream_connected)
        self._update_view()
        if queue_client is not None:
            self._fallback_timer.start()
            self._clock_timer.start()
            QTimer.singleShot(0, self.refresh)

    # --- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(6)

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
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("hallMessageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)  # shown with a message: no empty gap meanwhile
        outer.addWidget(self.message_label)
        # What the hall's devices report about themselves (a display that cannot speak).
        self.devices_label = QLabel(self)
        self.devices_label.setObjectName("hallDevicesLabel")
        self.devices_label.setWordWrap(True)
        self._set_role(self.devices_label, "error")
        self.devices_label.hide()
        outer.addWidget(self.devices_label)

        body = QHBoxLayout()
        body.setSpacing(10)
        outer.addLayout(body, 1)

        # Windows (supervisor/admin only).
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
        self.windows_table.doubleClicked.connect(lambda _index: self.edit_profile())
        windows_layout.addWidget(self.windows_table, 1)
        actions = QHBoxLayout()
        self.profile_button = QPushButton(self.tr("调整服务队列…"), self.windows_box)
        self.profile_button.setObjectName("editProfileButton")
        self.profile_button.clicked.connect(self.edit_profile)
        self.pause_button = QPushButton(self.tr("暂停服务…"), self.windows_box)
        self.pause_button.setObjectName("pauseWindowButton")
        self.pause_button.clicked.connect(self.pause_window)
        self.resume_button = QPushButton(self.tr("恢复服务"), self.windows_box)
        self.resume_button.setObjectName("resumeWindowButton")
        self.resume_button.clicked.connect(self.resume_window)
        for button in (self.profile_button, self.pause_button, self.resume_button):
            actions.addWidget(button)
        actions.addStretch(1)
        windows_layout.addLayout(actions)
        body.addWidget(self.windows_box, 1)

        right = QVBoxLayout()
        right.setSpacing(10)
        body.addLayout(right, 1)

        # Queues (supervisor/admin only).
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
        right.addWidget(self.queues_box, 1)

        # Green channel (everyone on this page).
        self.green_box = QGroupBox(self.tr("绿色通道"), self)
        self.green_box.setObjectName("greenChannelBox")
        green_layout = QVBoxLayout(self.green_box)
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
        self.issue_button = QPushButton(self.tr("发放绿色通道号"), self.green_box)
        self.issue_button.setObjectName("issueGreenButton")
        self.issue_button.setProperty("primary", True)
        self.issue_button.setMinimumHeight(44)
        self.issue_button.clicked.connect(self.issue_green)
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
        self.reprint_button.clicked.connect(self.print_selected_slip)
        issued_caption = QLabel(self.tr("本机今日已发放："), self.green_box)
        issued_caption.setObjectName("greenIssuedCaption")
        issued_row = QHBoxLayout()
        issued_row.addWidget(issued_caption, 1)
        issued_row.addWidget(self.reprint_button)
        green_layout.addLayout(issued_row)
        self.issued_list = QListWidget(self.green_box)
        self.issued_list.setObjectName("greenIssuedList")
        self.issued_list.setMaximumHeight(60 if self._manage else 110)
        self.issued_list.itemDoubleClicked.connect(lambda _item: self.print_selected_slip())
        green_layout.addWidget(self.issued_list)
        right.addWidget(self.green_box, 0)

        self.green_queue_combo.currentIndexChanged.connect(self._green_choice_changed)
        self.green_reason_combo.currentTextChanged.connect(self._green_choice_changed)
        selection = self.windows_table.selectionModel()
        selection.selectionChanged.connect(lambda *_a: self._update_view())

        if not self._manage:
            # The help desk: the green channel alone, at a comfortable width.
            self.windows_box.hide()
            self.queues_box.hide()
            right.addStretch(1)  # the box keeps its natural height, at the top
            self.green_box.setMaximumWidth(560)
            body.setAlignment(right, Qt.AlignmentFlag.AlignLeft)

    @staticmethod
    def _rows_height(table: QTableView, rows: int) -> int:
        """The height of ``table`` showing ``rows`` one-line rows and its header."""
        line = max(table.fontMetrics().height() + 12, table.verticalHeader().defaultSectionSize())
        frame = 2 * table.frameWidth()
        return table.horizontalHeader().sizeHint().height() + rows * line + frame

    # --- public state ------------------------------------------------------------------------

    @property
    def manage(self) -> bool:
        return self._manage

    @property
    def online(self) -> bool:
        return self._online

    @property
    def busy(self) -> bool:
        return self._runner.busy

    @property
    def last_ticket(self) -> dict[str, Any] | None:
        return self._last_ticket

    def selected_window(self) -> WindowRow | None:
        rows = self.windows_table.selectionModel().selectedRows()
        return self.windows_model.window(rows[0].row()) if rows else None

    def select_window(self, number: int) -> bool:
        row = self.windows_model.row_of(number)
        if row < 0:
            return False
        self.windows_table.selectionModel().select(
            self.windows_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.windows_table.setCurrentIndex(self.windows_model.index(row, 0))
        return True

    def focus_first(self) -> None:
        if self._manage:
            self.windows_table.setFocus()
        else:
            self.green_reason_combo.setFocus()

    def shutdown(self) -> None:
        """Stop timers and live events and wait for a running request (closing the window)."""
        for timer in (
            self._refresh_timer,
            self._probe_timer,
            self._fallback_timer,
            self._clock_timer,
        ):
            timer.stop()
        if self._events is not None:
            self._events.stop()
        self._runner.pool.waitForDone(15_000)

    # --- view ----------------------------------------------------------------------------------

    @staticmethod
    def _set_role(label: QLabel, role: str) -> None:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self._set_role(self.message_label, "error" if error else "ok")

    def _update_view(self) -> None:
        has_server = self._client is not None
        online = has_server and self._online
        if not has_server:
            self.connection_label.setText(
                self.tr("● 离线登录：大厅管理和绿色通道需要连接中心服务器，请联网后重新登录。")
            )
            self._set_role(self.connection_label, "error")
        elif not online:
            since = (
                self.tr("，下列数据截至 %1").replace("%1", f"{self._updated_at:%H:%M:%S}")
                if self._updated_at is not None
                else ""
            )
            self.connection_label.setText(
                self.tr("● 无法连接中心服务器%1；正在自动重试…").replace("%1", since)
            )
            self._set_role(self.connection_label, "error")
        else:
            self.connection_label.setText(self.tr("● 大厅数据实时更新"))
            self._set_role(self.connection_label, "ok")
        if self._updated_at is not None:
            self.updated_label.setText(
                self.tr("更新于 %1").replace("%1", f"{self._updated_at:%H:%M:%S}")
            )
        self.refresh_button.setEnabled(has_server)

        window = self.selected_window()
        can_act = online and self._manage and not self._acting and window is not None
        self.profile_button.setEnabled(can_act and bool(self._queues))
        self.pause_button.setEnabled(can_act and window is not None and window.status != "paused")
        self.resume_button.setEnabled(can_act and window is not None and window.status == "paused")

        reason = self.green_reason_combo.currentText().strip()
        queue = self.green_queue_combo.currentData()
        self.issue_button.setEnabled(online and not self._issuing and bool(queue) and bool(reason))
        retry = self._pending_green is not None and self._pending_green[1:] == (
            str(queue or ""),
            reason,
        )
        if self._issuing:
            self.issue_button.setText(self.tr("正在发放…"))
        elif retry:
            self.issue_button.setText(self.tr("重试发放（不会重复发号）"))
        else:
            self.issue_button.setText(self.tr("发放绿色通道号"))
        self.reprint_button.setEnabled(self._last_ticket is not None)

    # --- server state --------------------------------------------------------------------------

    def move_to(self, base_url: str) -> None:
        """The server answers at a new address (demo): requests and the page's own live
        events go there (as the queue panel's do)."""
        central = getattr(self._client, "central", None)
        if central is None:
            return
        central.base_url = base_url
        if self._events is not None and self._own_events:
            self._events.restart(
                event_stream_factory(base_url, self._context.hall_code, central.token)
            )
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Ask the server for the hall status (off the GUI thread)."""
        if self._client is None:
            return
        if self._loading:
            self._refresh_again = True
            return
        self._loading = True
        self._runner.start(
            self._client.queue_status, on_success=self._status_loaded, on_failure=self._load_failed
        )

    def _status_loaded(self, status: Any) -> None:
        self._loading = False
        self._went_online()
        self.apply_status(status)
        if self._refresh_again:
            self._refresh_again = False
            self._refresh_timer.start()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._request_failed(exc)
        if self._refresh_again and self._online:
            self._refresh_again = False
            self._refresh_timer.start()

    def apply_status(self, status: Any) -> None:
        """Show a hall status (``HallStatus``, or its JSON)."""
        queues = list(_field(status, "queues", ()) or ())
        self._queues = [(str(_field(q, "code")), str(_field(q, "name"))) for q in queues]
        selected = self.selected_window()
        self.queues_model.set_rows(queues)
        self.windows_model.set_rows(list(_field(status, "windows", ()) or ()), dict(self._queues))
        self._show_devices(list(_field(status, "devices", ()) or ()))
        if selected is not None:
            self.select_window(selected.number)
        self._fill_green_queues()
        self._updated_at = hall_now()
        self._update_view()
        self.statusApplied.emit()

    def _show_devices(self, devices: list[dict[str, Any]]) -> None:
        lines = [
            self.tr("● 叫号显示屏（%1）语音播报不可用：%2（%3 报告）")
            .replace("%1", str(d.get("device", "")))
            .replace("%2", str(d.get("detail") or self.tr("原因未知")))
            .replace("%3", _hall_clock(str(d.get("at", ""))))
            for d in devices
            if d.get("kind") == "hall_display" and not d.get("voice_ok", True)
        ]
        self.devices_label.setText("\n".join(lines))
        self.devices_label.setVisible(bool(lines))

    def _fill_green_queues(self) -> None:
        current = self.green_queue_combo.currentData()
        wanted = [(code, name) for code, name in self._queues]
        have = [
            (self.green_queue_combo.itemData(i), self.green_queue_combo.itemText(i))
            for i in range(self.green_queue_combo.count())
        ]
        labels = [
            (code, self.tr("%1（%2）").replace("%1", name).replace("%2", code))
            for code, name in wanted
        ]
        if have == labels:
            return
        self.green_queue_combo.blockSignals(True)
        self.green_queue_combo.clear()
        for code, label in labels:
            self.green_queue_combo.addItem(label, code)
        index = self.green_queue_combo.findData(current) if current else -1
        self.green_queue_combo.setCurrentIndex(max(index, 0))
        self.green_queue_combo.blockSignals(False)

    def _request_failed(self, exc: BaseException) -> None:
        from clerk_app.sync.client import ApiError, OfflineError

        if isinstance(exc, OfflineError):
            self._went_offline()
        elif isinstance(exc, ApiError):
            self._set_message(exc.detail, error=True)
            self.requestRefused.emit(exc.detail)
        else:
            log.error("hall request failed", exc_info=exc)
            self._set_message(self.tr("操作未完成：%1").replace("%1", str(exc)), error=True)
        self._update_view()

    def _went_offline(self) -> None:
        if self._online:
            self._online = False
            self._probe_ms = PROBE_FIRST_MS
            self.onlineChanged.emit(False)
        self._probe_timer.start(self._probe_ms)
        self._probe_ms = min(self._probe_ms * 2, PROBE_MAX_MS)

    def _went_online(self) -> None:
        self._probe_timer.stop()
        self._probe_ms = PROBE_FIRST_MS
        if not self._online:
            self._online = True
            self.onlineChanged.emit(True)

    # --- live events ---------------------------------------------------------------------------

    @Slot(str, dict)
    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if self._client is None:
            return
        if kind == "queue_status" and isinstance(data.get("queues"), list):
            self.queues_model.merge_rows(data["queues"], add_new=False)
            return
        if not self._refresh_timer.isActive():
            # One request shortly after the first event of a burst; a busy hall's steady
            # stream of events cannot put it off for ever.
            self._refresh_timer.start()

    @Slot(bool)
    def _on_stream_connected(self, _connected: bool) -> None:
        self._refresh_timer.start()

    # --- supervisor actions ----------------------------------------------------------------------

    def _act(self, fn: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        self._acting = True
        self._update_view()

        def succeeded(result: Any) -> None:
            self._acting = False
            self._went_online()
            on_success(result)
            self._update_view()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._acting = False
            self._request_failed(exc)
            if self._online:
                self.refresh()  # a refusal: show what the server has now

        self._runner.start(fn, on_success=succeeded, on_failure=failed)

    @Slot()
    def edit_profile(self) -> None:
        window = self.selected_window()
        if window is None or not self.profile_button.isEnabled():
            return
        codes = ProfileDialog.ask(self, window.short_label, self._queues, list(window.queues))
        if not codes:
            return
        number = window.number
        self._act(
            lambda: self._client.set_profile(number, codes),
            lambda _state: self._profile_saved(window, codes),
        )

    def _profile_saved(self, window: WindowRow, codes: list[str]) -> None:
        names = dict(self._queues)
        self._set_message(
            self.tr("%1 的服务队列已改为：%2")
            .replace("%1", window.short_label)
            .replace("%2", " → ".join(names.get(c, c) for c in codes))
        )
        self.profileSaved.emit(window.number, list(codes))

    @Slot()
    def pause_window(self) -> None:
        window = self.selected_window()
        if window is None or not self.pause_button.isEnabled():
            return
        reason = PauseDialog.ask(self, window.short_label)
        if not reason:
            return
        number = window.number
        self._act(
            lambda: self._client.pause(number, reason),
            lambda _state: self._window_changed(window, "paused", reason),
        )

    @Slot()
    def resume_window(self) -> None:
        window = self.selected_window()
        if window is None or not self.resume_button.isEnabled():
            return
        number = window.number
        self._act(
            lambda: self._client.resume(number),
            lambda _state: self._window_changed(window, "open", ""),
        )

    def _window_changed(self, window: WindowRow, status: str, reason: str) -> None:
        if status == "paused":
            text = self.tr("%1 已暂停服务：%2").replace("%2", reason)
        else:
            text = self.tr("%1 已恢复服务")
        self._set_message(text.replace("%1", window.short_label))
        self.windowStateChanged.emit(window.number, status)

    # --- green channel ---------------------------------------------------------------------------

    @Slot()
    def _green_choice_changed(self, *_args: object) -> None:
        self._update_view()

    @Slot()
    def issue_green(self) -> None:
        if not self.issue_button.isEnabled():
            return
        queue = str(self.green_queue_combo.currentData() or "")
        reason = self.green_reason_combo.currentText().strip()
        if not queue or not reason:
            return
        pending = self._pending_green
        if pending is not None and pending[1:] == (queue, reason):
            request_id = pending[0]  # the same press again: the server dedups it
        else:
            request_id = uuid.uuid4().hex
        self._pending_green = (request_id, queue, reason)
        self._issuing = True
        self._update_view()

        def issued(ticket: Any) -> None:
            self._issuing = False
            self._pending_green = None
            self._went_online()
            self._green_issued(ticket_dict(ticket), reason)
            self._update_view()
            self.refresh()

        def failed(exc: BaseException) -> None:
            from clerk_app.sync.client import ApiError, OfflineError

            self._issuing = False
            if isinstance(exc, OfflineError):
                # Perhaps issued, perhaps not: the retry with the same id tells.
                self._set_message(
                    self.tr("网络中断，未能确认是否已发号。请按“重试发放”：同一请求不会重复发号。"),
                    error=True,
                )
                self._went_offline()
                self._update_view()
                return
            if isinstance(exc, ApiError):
                self._pending_green = None  # refused: nothing was issued
            self._request_failed(exc)

        self._runner.start(
            lambda: self._client.issue_ticket(
                queue, kind="green", request_id=request_id, reason=reason
            ),
            on_success=issued,
            on_failure=failed,
        )

    def _green_issued(self, ticket: dict[str, Any], reason: str) -> None:
        self._last_ticket = ticket
        number = str(ticket.get("number") or "")
        self.green_number_label.setText(number)
        ahead = int(ticket.get("waiting_ahead") or 0)
        parts = [
            str(ticket.get("queue_name") or ticket.get("queue") or ""),
            self.tr("绿色通道（%1）").replace("%1", reason),
            self.tr("前面 %1 人").replace("%1", str(ahead)) if ahead else self.tr("前面无人等候"),
        ]
        self.green_info_label.setText(" · ".join(p for p in parts if p))
        self.green_info_label.setVisible(True)
        when = hall_now().strftime("%H:%M")
        item = QListWidgetItem(
            f"{when}  {number}  {ticket.get('queue_name') or ticket.get('queue') or ''}  {reason}"
        )
        item.setData(Qt.ItemDataRole.UserRole, ticket)
        self.issued_list.insertItem(0, item)
        self.issued_list.setCurrentRow(0)
        self._set_message(self.tr("已发放绿色通道号 %1，请把凭条交给群众").replace("%1", number))
        # The next citizen gets a reason of their own.
        self.green_reason_combo.setCurrentIndex(-1)
        self.green_reason_combo.setEditText("")
        self.greenTicketIssued.emit(ticket)
        self.open_slip(ticket)

    @Slot()
    def print_selected_slip(self) -> None:
        item = self.issued_list.currentItem()
        ticket = item.data(Qt.ItemDataRole.UserRole) if item is not None else self._last_ticket
        if isinstance(ticket, dict):
            self.open_slip(ticket)

    def open_slip(self, ticket: dict[str, Any]) -> SlipPreviewDialog:
        """The ticket's slip in the print preview (print it, or save it as PDF)."""
        dialog = SlipPreviewDialog(ticket, self._context.hall_name, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.printed.connect(self._slip_printed)
        dialog.open()
        self.slipPreviewOpened.emit(dialog)
        return dialog

    @Slot(object)
    def _slip_printed(self, number: object) -> None:
        self._set_message(self.tr("凭条 %1 已打印").replace("%1", str(number)))


__all__ = [
    "GREEN_REASONS",
    "HALL_PAGE_ROLES",
    "MANAGER_ROLES",
    "WAIT_LEVEL_ROLE",
    "HallQueuesModel",
    "HallWindowsModel",
    "ProfileDialog",
    "SlipPreviewDialog",
    "SupervisorPage",
    "WindowRow",
    "wait_level",
]
