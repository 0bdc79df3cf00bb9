"""The hall page's tables: the hall's windows, and its queues with their waits coloured
(amber from the hall's threshold, red from twice it: ``clerk_app.domain.hall_watch.wait_level``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from clerk_app.contract.enums import WindowStatus
from clerk_app.contract.queue import HallWindow, QueueInfo
from clerk_app.domain.hall_watch import WAIT_AMBER_S, WaitLevel, short_window_label, wait_level
from clerk_app.ui.queue.status_model import QueueStatusModel
from clerk_app.ui.table_model import AnyIndex as ModelIndex
from clerk_app.ui.table_model import Column, RowTableModel

WAIT_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # "ok" | "amber" | "red" (tests, styling)

WAIT_BACKGROUNDS = {WaitLevel.AMBER: QColor("#ffd68a"), WaitLevel.RED: QColor("#f3a19b")}
STATUS_TEXT_COLOURS = {
    WindowStatus.PAUSED: QColor("#7a4b00"),
    WindowStatus.CLOSED: QColor("#5f6770"),
}
DARK_TEXT = QColor("#1b1f24")


class HallWindowsModel(RowTableModel[HallWindow]):
    """The hall's windows: 窗口, 状态, 工作人员, 当前号码, 服务队列 (in order of preference)."""

    translation_context = "HallWindowsModel"
    STATUS_COLUMN, NUMBER_COLUMN, QUEUES_COLUMN = 1, 3, 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue_names: dict[str, str] = {}
        self.columns = (
            Column(
                QT_TRANSLATE_NOOP("HallWindowsModel", "窗口"),
                lambda w: short_window_label(w.number, w.label),
            ),
            Column(QT_TRANSLATE_NOOP("HallWindowsModel", "状态"), self.status_text),
            Column(QT_TRANSLATE_NOOP("HallWindowsModel", "工作人员"), lambda w: w.clerk or "—"),
            Column(
                QT_TRANSLATE_NOOP("HallWindowsModel", "当前号码"),
                lambda w: w.current_number or "—",
            ),
            Column(QT_TRANSLATE_NOOP("HallWindowsModel", "服务队列"), self.queues_text),
        )

    def set_rows(
        self, windows: Sequence[HallWindow], queue_names: dict[str, str] | None = None
    ) -> None:
        if queue_names is not None:
            self._queue_names = dict(queue_names)
        if windows and [w.number for w in windows] == [w.number for w in self._rows]:
            # The same windows: change the cells in place, so the supervisor's selection and
            # scroll position survive every refresh of a hall with many windows.
            self._rows = list(windows)
            last = self.index(len(windows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        super().set_rows(windows)

    def window(self, row: int) -> HallWindow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: int) -> int:
        return next((i for i, w in enumerate(self._rows) if w.number == number), -1)

    def status_text(self, window: HallWindow) -> str:
        if window.status is WindowStatus.PAUSED:
            return self.tr("暂停：%1").replace("%1", window.pause_reason or "—")
        if window.status is WindowStatus.OPEN:
            return self.tr("服务中") if window.current_number else self.tr("空闲")
        return self.tr("未开")

    def queue_names(self, window: HallWindow) -> list[str]:
        return [self._queue_names.get(code, code) for code in window.queues]

    def queues_text(self, window: HallWindow) -> str:
        return " → ".join(self.queue_names(window)) or self.tr("（未设置）")

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.ToolTipRole:
            return super().data(index, role)
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        window = self._rows[index.row()]
        if index.column() == 0:
            return window.label
        if index.column() == self.QUEUES_COLUMN and window.queues:
            return self.tr("按优先顺序呼叫：%1").replace("%1", "、".join(self.queue_names(window)))
        return None

    def extra_data(self, row: HallWindow, column: int, role: int) -> Any:
        if column == self.STATUS_COLUMN:
            return self._status_style(row, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _status_style(window: HallWindow, role: int) -> Any:
        """A paused window's status in bold brown, a closed one's in grey."""
        colour = STATUS_TEXT_COLOURS.get(window.status)
        if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
            return QBrush(colour)
        if role == Qt.ItemDataRole.FontRole and window.status is WindowStatus.PAUSED:
            font = QFont()
            font.setBold(True)
            return font
        return None


class HallQueuesModel(QueueStatusModel):
    """队列, 等候人数, 最长等候 (amber from the hall's threshold, default 30 minutes; red from
    twice it), 过号."""

    amber_s = WAIT_AMBER_S
    # The hall page has room for longer headers than the queue panel's (self.tr tries this
    # class's context first).
    long_headers = (
        QT_TRANSLATE_NOOP("HallQueuesModel", "队列"),
        QT_TRANSLATE_NOOP("HallQueuesModel", "等候人数"),
        QT_TRANSLATE_NOOP("HallQueuesModel", "最长等候"),
        QT_TRANSLATE_NOOP("HallQueuesModel", "过号"),
    )

    def set_wait_threshold(self, minutes: int) -> None:
        """The hall's long-wait threshold (its alert setting) colours the waits."""
        if minutes * 60 == self.amber_s:
            return
        self.amber_s = minutes * 60
        if self.rowCount():
            column = self.WAIT_COLUMN
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def level(self, row: QueueInfo) -> WaitLevel:
        return wait_level(self.waited(row), self.amber_s)

    def wait_text(self, row: QueueInfo) -> str:
        if not row.waiting:
            return "—"
        return self.tr("%1 分钟").replace("%1", str(self.waited(row) // 60))

    def tooltip(self, row: QueueInfo, column: int) -> str | None:
        level = self.level(row)
        if column == self.WAIT_COLUMN and level is not WaitLevel.OK:
            minutes = self.amber_s // 60 * (2 if level is WaitLevel.RED else 1)
            return self.tr("已等候超过%1分钟").replace("%1", str(minutes))
        return super().tooltip(row, column)

    def extra_data(self, row: QueueInfo, column: int, role: int) -> Any:
        if column != self.WAIT_COLUMN:
            return super().extra_data(row, column, role)
        level = self.level(row)
        if role == WAIT_LEVEL_ROLE:
            return level
        if role == Qt.ItemDataRole.BackgroundRole and level is not WaitLevel.OK:
            return QBrush(WAIT_BACKGROUNDS[level])
        if role == Qt.ItemDataRole.ForegroundRole and level is not WaitLevel.OK:
            return QBrush(DARK_TEXT)
        return super().extra_data(row, column, role)
