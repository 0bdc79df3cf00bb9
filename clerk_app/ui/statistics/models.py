"""One read-only table model per statistics table (``clerk_app.reports.columns``): the cells'
text as the exports format it, numbers right-aligned, sorting by the real value (numbers as
numbers, empty cells last)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QObject, Qt

from clerk_app.contract.statistics import StatisticsOut
from clerk_app.reports.columns import Column as ReportColumn
from clerk_app.reports.columns import Kind, Table, visible_columns
from clerk_app.ui.table_model import Column, RowTableModel

_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class StatsTableModel(RowTableModel[BaseModel]):
    def __init__(self, table: Table, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self._report_columns: tuple[ReportColumn, ...] = ()
        self._use(table.columns)

    def _use(self, columns: tuple[ReportColumn, ...]) -> None:
        self._report_columns = columns
        self.columns = [Column(c.header, c.text) for c in columns]

    def set_stats(self, stats: StatisticsOut | None) -> None:
        self.beginResetModel()
        if stats is not None:
            self._use(visible_columns(self.table, stats))
        self._rows = [] if stats is None else list(self.table.rows(stats))
        self.endResetModel()

    def header(self, column: int) -> str:
        return self._report_columns[column].header  # the exports' Chinese headers

    def extra_data(self, row: BaseModel, column: int, role: int) -> Any:
        numeric = self._report_columns[column].kind is not Kind.TEXT
        return _RIGHT if role == Qt.ItemDataRole.TextAlignmentRole and numeric else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._report_columns):
            return
        value = self._report_columns[column].value
        present = [r for r in self._rows if value(r) is not None]
        absent = [r for r in self._rows if value(r) is None]
        self.layoutAboutToBeChanged.emit()
        present.sort(key=value, reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = present + absent
        self.layoutChanged.emit()
