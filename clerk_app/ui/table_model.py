"""The one read-only table model of the app: a list of row objects, columns declared once.

A screen's model lists its columns as ``Column(QT_TRANSLATE_NOOP(context, header), text)``;
the base class answers Qt's questions (counts, headers, text, tooltip, sort) from that list. The
row object itself is under ``Qt.UserRole`` for views that need more than text, and
``extra_data`` gives a subclass the colours and fonts of a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its header (untranslated, marked with QT_TRANSLATE_NOOP) and its cell text."""

    header: object  # what QT_TRANSLATE_NOOP returns: the source text, typed as object
    text: Callable[[Row], str]


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a list of row objects, one per row."""

    columns: Sequence[Column[Row]] = ()
    # The context the headers were marked in (QT_TRANSLATE_NOOP's first argument).
    translation_context = "CaseTables"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def header(self, column: int) -> str:
        """The translated header of a column."""
        return QCoreApplication.translate(
            self.translation_context, str(self.columns[column].header)
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.header(section)
        if orientation == Qt.Orientation.Vertical and section >= 0:
            return str(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: Row, column: int, role: int) -> Any:
        """Any role other than text and the row itself (colours, fonts); None by default."""
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].text
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def setup_row_table(view: QTableView, model: QAbstractTableModel) -> QTableView:
    """Shows a model as the app's tables look: whole rows, one selected, read-only, no wrap."""
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    return view


def make_table(parent: QWidget, name: str, model: QAbstractTableModel) -> QTableView:
    """A new table view named ``name`` over ``model`` (screens not yet in a .ui form)."""
    view = QTableView(parent)
    view.setObjectName(name)
    return setup_row_table(view, model)
