"""The hall page's tables: the hall's windows, and its queues with their waits coloured
(amber from 30 minutes, red from 60: ``clerk_app.domain.hall_watch.wait_level``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from clerk_app.domain.hall_watch import WaitLevel, short_window_label, wait_level
from clerk_app.ui.queue.status_model import QueueStatusModel
from clerk_app.ui.queue.tickets import read_field

WAIT_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # "ok" | "amber" | "red" (tests, styling)
WINDOW_NUMBER_ROLE = Qt.ItemDataRole.UserRole

WAIT_BACKGROUNDS = {WaitLevel.AMBER: QColor("#ffd68a"), WaitLevel.RED: QColor("#f3a19b")}
WAIT_TOOLTIPS = {
    WaitLevel.AMBER: str(QT_TRANSLATE_NOOP("HallQueuesModel", "已等候超过30分钟")),
    WaitLevel.RED: str(QT_TRANSLATE_NOOP("HallQueuesModel", "已等候超过60分钟")),
}
STATUS_TEXT_COLOURS = {"paused": QColor("#7a4b00"), "closed": QColor("#5f6770")}
DARK_TEXT = QColor("#1b1f24")

ModelIndex = QModelIndex | QPersistentModelIndex


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
        number = int(read_field(data, "number", 0) or 0)
        return cls(
            number=number,
            label=str(read_field(data, "label", "") or f"{number}号窗口"),
            status=str(read_field(data, "status", "closed") or "closed"),
            current_number=read_field(data, "current_number") or None,
            clerk=read_field(data, "clerk") or None,
            queues=tuple(str(c) for c in read_field(data, "queues", ()) or ()),
            pause_reason=read_field(data, "pause_reason") or None,
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
    STATUS_COLUMN, NUMBER_COLUMN, QUEUES_COLUMN = 1, 3, 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WindowRow] = []
        self._queue_names: dict[str, str] = {}
        self._texts: tuple[Callable[[WindowRow], str], ...] = (
            lambda w: w.short_label,
            self.status_text,
            lambda w: w.clerk or "—",
            lambda w: w.current_number or "—",
            lambda w: " → ".join(self.queue_names(w)) or self.tr("（未设置）"),
        )

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
            return self._texts[column](window) if 0 <= column < len(self._texts) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(window, column)
        if column == self.STATUS_COLUMN:
            return self._status_style(window, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == WINDOW_NUMBER_ROLE:
            return window.number
        return None

    def _tooltip(self, window: WindowRow, column: int) -> str | None:
        if column == 0:
            return window.label
        if column == self.QUEUES_COLUMN and window.queues:
            return self.tr("按优先顺序呼叫：%1").replace("%1", "、".join(self.queue_names(window)))
        return None

    def _status_style(self, window: WindowRow, role: int) -> Any:
        """A paused window's status in bold brown, a closed one's in grey."""
        colour = STATUS_TEXT_COLOURS.get(window.status)
        if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
            return QBrush(colour)
        if role == Qt.ItemDataRole.FontRole and window.status == "paused":
            font = QFont()
            font.setBold(True)
            return font
        if role == WINDOW_NUMBER_ROLE:
            return window.number
        return None


class HallQueuesModel(QueueStatusModel):
    """队列, 等候人数, 最长等候 (minutes: amber from 30, red from 60), 过号."""

    WAIT_COLUMN = 2

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if index.column() != self.WAIT_COLUMN:
            return super().data(index, role)
        waited = self.wait_seconds(index.row())
        level = wait_level(waited)
        if role == Qt.ItemDataRole.DisplayRole:
            if not self._rows[index.row()].waiting:
                return "—"
            return self.tr("%1 分钟").replace("%1", str(waited // 60))
        if role == WAIT_LEVEL_ROLE:
            return level
        if level is WaitLevel.OK:
            return super().data(index, role)
        return self._warning(level, role, index)

    def _warning(self, level: WaitLevel, role: int, index: ModelIndex) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(WAIT_BACKGROUNDS[level])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DARK_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(WAIT_TOOLTIPS[level])
        return super().data(index, role)
