"""The queues' waiting figures as a table (the queue panel, the hall display, 大厅管理):
how many wait, the longest wait (counting up between the server's answers), the missed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from clerk_app.ui.queue.tickets import read_field

ModelIndex = QModelIndex | QPersistentModelIndex


def format_wait(seconds: int) -> str:
    if seconds <= 0:
        return "—"
    minutes = seconds // 60
    if minutes < 1:
        return "不到 1 分钟"
    if minutes < 60:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时 {minutes % 60} 分"


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
            code=str(read_field(info, "code", "")),
            name=str(read_field(info, "name", "")),
            waiting=int(read_field(info, "waiting", 0) or 0),
            longest_wait_s=int(read_field(info, "longest_wait_s", 0) or 0),
            missed=int(read_field(info, "missed", 0) or 0),
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
