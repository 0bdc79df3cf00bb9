"""The queues' waiting figures as a table (the queue panel, the hall display, 大厅管理):
how many wait, the longest wait (counting up between the server's answers), the missed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt

from clerk_app.ui.queue.tickets import read_field
from clerk_app.ui.table_model import AnyIndex as ModelIndex
from clerk_app.ui.table_model import Column, RowTableModel


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


class QueueStatusModel(RowTableModel[QueueRow]):
    """Queues with how many wait and the longest wait; the wait counts up between updates.
    ``columns`` (the hall display shows two) takes the first of 队列, 等候人数, 最长等候, 过号."""

    WAIT_COLUMN = 2

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        columns: int = 4,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._fetched_at = clock()
        self.columns = (
            Column(QT_TRANSLATE_NOOP("QueueStatusModel", "队列"), lambda r: r.name),
            Column(QT_TRANSLATE_NOOP("QueueStatusModel", "等候人数"), lambda r: str(r.waiting)),
            Column(QT_TRANSLATE_NOOP("QueueStatusModel", "最长等候"), self.wait_text),
            Column(QT_TRANSLATE_NOOP("QueueStatusModel", "过号"), lambda r: str(r.missed)),
        )[:columns]

    def header(self, column: int) -> str:
        # Through tr: a subclass (the hall page's queues) finds its own context first.
        return self.tr(str(self.columns[column].header))

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._fetched_at = self._clock()
        super().set_rows([row if isinstance(row, QueueRow) else QueueRow.of(row) for row in rows])

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

    def waited(self, row: QueueRow) -> int:
        """The queue's longest wait now (the server's figure plus the time since its answer)."""
        if row.waiting == 0:
            return 0
        return row.longest_wait_s + int(self._clock() - self._fetched_at)

    def wait_text(self, row: QueueRow) -> str:
        return format_wait(self.waited(row)) if row.waiting else "—"

    def tick(self) -> None:
        """Repaint the longest-wait column (time passed since the server's answer)."""
        if self._rows and len(self.columns) > self.WAIT_COLUMN:
            last = self.index(len(self._rows) - 1, self.WAIT_COLUMN)
            self.dataChanged.emit(self.index(0, self.WAIT_COLUMN), last)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.ToolTipRole:
            return super().data(index, role)
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.tooltip(self._rows[index.row()], index.column())

    def tooltip(self, row: QueueRow, column: int) -> str | None:
        return row.code if column == 0 else None

    def extra_data(self, row: QueueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
