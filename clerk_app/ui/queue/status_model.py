"""The queues' waiting figures as a table (the queue panel, the hall display, 大厅管理):
how many wait, the longest wait (counting up between the server's answers), the missed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt

from clerk_app.contract.queue import QueueInfo
from clerk_app.ui.table_model import AnyIndex as ModelIndex
from clerk_app.ui.table_model import Column, RowTableModel

log = logging.getLogger(__name__)


def format_wait(seconds: int) -> str:
    if seconds <= 0:
        return "—"
    minutes = seconds // 60
    if minutes < 1:
        return QCoreApplication.translate("QueueStatusModel", "不到 1 分钟")
    if minutes < 60:
        return QCoreApplication.translate("QueueStatusModel", "%1 分钟").replace("%1", str(minutes))
    return (
        QCoreApplication.translate("QueueStatusModel", "%1 小时 %2 分")
        .replace("%1", str(minutes // 60))
        .replace("%2", str(minutes % 60))
    )


def event_queues(data: Mapping[str, Any]) -> list[QueueInfo] | None:
    """The queues a ``queue_status`` live event carries (only the changed ones), or None when
    it carries none it can read."""
    queues = data.get("queues")
    if not isinstance(queues, list):
        return None
    try:
        return [QueueInfo.model_validate(queue) for queue in queues]
    except ValidationError:
        log.warning("unreadable queue_status event: %r", data)
        return None


class QueueStatusModel(RowTableModel[QueueInfo]):
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

    def set_rows(self, rows: Sequence[QueueInfo]) -> None:
        self._fetched_at = self._clock()
        super().set_rows(rows)

    def merge_rows(self, updates: Sequence[QueueInfo], *, add_new: bool = True) -> None:
        """Update the queues a ``queue_status`` event names (it lists only the changed ones)."""
        by_code = {row.code: row for row in updates}
        known = {row.code for row in self._rows}
        # The rows kept as they were have waited since the last answer: keep their clock going.
        elapsed = int(self._clock() - self._fetched_at)
        merged = [
            by_code.get(row.code)
            or row.model_copy(
                update={"longest_wait_s": row.longest_wait_s + elapsed if row.waiting else 0}
            )
            for row in self._rows
        ]
        if add_new:
            merged += [row for row in updates if row.code not in known]
        self.set_rows(merged)

    def waited(self, row: QueueInfo) -> int:
        """The queue's longest wait now (the server's figure plus the time since its answer)."""
        if row.waiting == 0:
            return 0
        return row.longest_wait_s + int(self._clock() - self._fetched_at)

    def wait_text(self, row: QueueInfo) -> str:
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

    def tooltip(self, row: QueueInfo, column: int) -> str | None:
        return row.code if column == 0 else None

    def extra_data(self, row: QueueInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
