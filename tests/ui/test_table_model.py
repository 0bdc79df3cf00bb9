"""The one table-model base: Qt's model rules hold, columns declared once give headers, text,
tooltip, the row under UserRole, and sorting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt
from PySide6.QtGui import QColor

from clerk_app.ui.table_model import Column, RowTableModel


@dataclass(frozen=True)
class Parcel:
    number: str
    weight: int


class ParcelModel(RowTableModel[Parcel]):
    columns = (
        Column(QT_TRANSLATE_NOOP("CaseTables", "编号"), lambda p: p.number),
        Column(QT_TRANSLATE_NOOP("CaseTables", "重量"), lambda p: f"{p.weight:03d}"),
    )

    def extra_data(self, row: Parcel, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.weight > 100:
            return QColor("red")
        return None


PARCELS = [Parcel("B-2", 150), Parcel("A-1", 20), Parcel("C-3", 75)]


def test_the_base_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = ParcelModel()
    qtmodeltester.check(model)
    model.set_rows(PARCELS)
    qtmodeltester.check(model)
    model.sort(0)
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_columns_give_headers_text_tooltip_and_the_row() -> None:
    model = ParcelModel()
    model.set_rows(PARCELS)
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.headerData(0, Qt.Orientation.Horizontal) == "编号"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.data(model.index(0, 1)) == "150"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "150"
    assert model.data(model.index(2, 0), Qt.ItemDataRole.UserRole) == PARCELS[2]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) == QColor("red")
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(5, 0)) is None
    assert model.data(QModelIndex()) is None
    assert model.row_at(1) == PARCELS[1]
    assert model.rows == PARCELS


def test_sort_orders_rows_by_the_column_text() -> None:
    model = ParcelModel()
    model.set_rows(PARCELS)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [p.number for p in model.rows] == ["B-2", "C-3", "A-1"]
    model.sort(0)
    assert [p.number for p in model.rows] == ["A-1", "B-2", "C-3"]
    model.sort(7)  # no such column: nothing moves
    assert [p.number for p in model.rows] == ["A-1", "B-2", "C-3"]
