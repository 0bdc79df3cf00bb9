"""The checklist table's model: one row per material line, the clerk's steps applied through
``clerk_app.domain.material_checks``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.catalog import Material
from clerk_app.domain.material_checks import (
    marked_defective,
    required_received,
    toggled_received,
    with_copies,
    with_note,
)
from clerk_app.ui.acceptance._common import (
    DEFECTIVE_BG,
    MISSING_REQUIRED_BG,
    RECEIVED_BG,
    tr_domain,
)

ModelIndex = QModelIndex | QPersistentModelIndex
_OPTIONAL_COLOUR = QColor("#666666")


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    check: MaterialCheck
    item_codes: tuple[str, ...] = ()  # bundle: the items this material serves


class ChecklistModel(QAbstractTableModel):
    """MaterialCheck rows; 实收份数 and 备注 are editable, the rest follows from the catalog."""

    NAME, FORM, COPIES, REQUIREMENT, STATE, RECEIVED, NOTE, SERVES = range(8)
    CheckRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChecklistRow] = []
        self._item_names: dict[str, str] = {}
        self._headers = [
            self.tr("材料名称"),
            self.tr("形式"),
            self.tr("份数"),
            self.tr("要求"),
            self.tr("状态"),
            self.tr("实收份数"),
            self.tr("备注"),
            self.tr("适用事项"),
        ]
        # Cell text by column: (row, for editing) -> value.
        self._texts: dict[int, Callable[[ChecklistRow, bool], Any]] = {
            self.NAME: lambda r, _edit: r.check.material.name,
            self.FORM: lambda r, _edit: tr_domain(r.check.material.form.label),
            self.COPIES: lambda r, _edit: r.check.material.copies,
            self.REQUIREMENT: lambda r, _edit: tr_domain(r.check.material.requirement_label),
            self.STATE: self._state_text,
            self.RECEIVED: self._received_text,
            self.NOTE: lambda r, _edit: r.check.note,
            self.SERVES: lambda r, _edit: self._served(r),
        }

    # -- content ------------------------------------------------------------------------
    def set_rows(self, rows: list[ChecklistRow], item_names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._item_names = dict(item_names or {})
        self.endResetModel()

    def set_materials(self, materials: list[Material]) -> None:
        self.set_rows([ChecklistRow(MaterialCheck(m)) for m in materials])

    def rows(self) -> list[ChecklistRow]:
        return list(self._rows)

    def checks(self) -> list[MaterialCheck]:
        return [r.check for r in self._rows]

    def check(self, row: int) -> MaterialCheck:
        return self._rows[row].check

    def set_check(self, row: int, check: MaterialCheck) -> None:
        self._rows[row] = replace(self._rows[row], check=check)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- the clerk's steps --------------------------------------------------------------
    def toggle_received(self, row: int) -> None:
        """已收 <-> 未收; a 需补正 line becomes 已收 (the corrected material was handed in)."""
        self.set_check(row, toggled_received(self.check(row)))

    def mark_defective(self, row: int, reason: str) -> None:
        self.set_check(row, marked_defective(self.check(row), reason))

    def mark_required_received(self) -> int:
        """Every required material still 未收 becomes 已收; returns how many changed."""
        changed = 0
        for row, r in enumerate(self._rows):
            received = required_received(r.check)
            if received is not None:
                self.set_check(row, received)
                changed += 1
        return changed

    def set_copies(self, row: int, copies: int) -> bool:
        check = with_copies(self.check(row), copies)
        if check is None:
            return False
        self.set_check(row, check)
        return True

    # -- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.RECEIVED, self.NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == self.CheckRole:
            return r.check
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = self._texts.get(column)
            return None if text is None else text(r, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r)
        return self._look(r.check, column, role)

    def _look(self, check: MaterialCheck, column: int, role: int) -> Any:
        """Colours and alignment: the state cell coloured, optional materials grey."""
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATE:
            colour = _state_colour(check)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.REQUIREMENT:
            return None if check.material.required else QBrush(_OPTIONAL_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COPIES, self.RECEIVED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _state_text(r: ChecklistRow, edit: bool) -> str:
        check = r.check
        text = tr_domain(check.state.label)
        if check.state is MaterialState.DEFECTIVE and check.defect_reason and not edit:
            text += f"：{check.defect_reason}"
        return text

    @staticmethod
    def _received_text(r: ChecklistRow, edit: bool) -> int | str:
        # Shown as received / asked (the 份数 column is hidden to leave the name room).
        copies = r.check.copies_received
        return copies if edit else f"{copies} / {r.check.material.copies}"

    def _served(self, r: ChecklistRow) -> str:
        return "、".join(self._item_names.get(c, c) for c in r.item_codes)

    def _tooltip(self, r: ChecklistRow) -> str:
        material = r.check.material
        lines = [material.name, self.tr("来源：{s}").format(s=material.source)]
        if material.note:
            lines.append(self.tr("说明：{n}").format(n=material.note))
        if material.blank_form:
            lines.append(self.tr("空白表格：{f}").format(f=material.blank_form))
        if material.sample:
            lines.append(self.tr("示例样表：{f}").format(f=material.sample))
        if r.check.defect_reason:
            lines.append(self.tr("需补正：{r}").format(r=r.check.defect_reason))
        if r.item_codes:
            lines.append(self.tr("适用事项：{names}").format(names=self._served(r)))
        return "\n".join(lines)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = index.row()
        if index.column() == self.RECEIVED:
            try:
                copies = int(str(value).strip())
            except ValueError:
                return False
            return self.set_copies(row, copies)
        if index.column() == self.NOTE:
            self.set_check(row, with_note(self.check(row), str(value)))
            return True
        return False


def _state_colour(check: MaterialCheck) -> QColor | None:
    if check.state is MaterialState.RECEIVED:
        return RECEIVED_BG
    if check.state is MaterialState.DEFECTIVE:
        return DEFECTIVE_BG
    if check.material.required:
        return MISSING_REQUIRED_BG
    return None
