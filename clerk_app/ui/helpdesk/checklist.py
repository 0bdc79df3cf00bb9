"""The pre-check's checklist: one row per material, the finding set from the keyboard.

Keys as on the acceptance page where the meaning is the same: Space marks a material brought
(again: not brought) and moves down, D marks it defective with a reason, Ctrl+A marks every
required one brought, Enter edits the note. E (expired) and W (wrong copy or form) are the help
desk's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QInputDialog, QTableView, QWidget

from clerk_app.domain.precheck import (
    Finding,
    MaterialFinding,
    PrecheckLine,
    still_needed,
)
from clerk_app.ui.acceptance.checklist_view import DefectReasonDialog
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import Column, RowTableModel, setup_row_table

CONTEXT = "PrecheckChecklist"
NEEDS_ACTION_BACKGROUND = QColor("#fde2e1")
BROUGHT_BACKGROUND = QColor("#e3f4e1")


@dataclass(frozen=True, slots=True)
class PrecheckRow:
    line: PrecheckLine
    finding: Finding = Finding.NOT_CHECKED
    note: str = ""

    @property
    def code(self) -> str:
        return self.line.key or self.line.material.code


def _requirement(row: PrecheckRow) -> str:
    return row.line.material.requirement_label


class PrecheckChecklistModel(RowTableModel[PrecheckRow]):
    NAME, FORM, COPIES, SOURCE, REQUIRED, FINDING, NOTE = range(7)
    translation_context = CONTEXT
    columns = (
        Column(QT_TRANSLATE_NOOP("PrecheckChecklist", "材料名称"), lambda r: r.line.material.name),
        Column(
            QT_TRANSLATE_NOOP("PrecheckChecklist", "形式"),
            lambda r: tr_domain(r.line.material.form.label),
        ),
        Column(
            QT_TRANSLATE_NOOP("PrecheckChecklist", "份数"), lambda r: str(r.line.material.copies)
        ),
        Column(QT_TRANSLATE_NOOP("PrecheckChecklist", "来源"), lambda r: r.line.material.source),
        Column(QT_TRANSLATE_NOOP("PrecheckChecklist", "要求"), _requirement),
        Column(
            QT_TRANSLATE_NOOP("PrecheckChecklist", "核对结果"), lambda r: tr_domain(r.finding.label)
        ),
        Column(QT_TRANSLATE_NOOP("PrecheckChecklist", "说明"), lambda r: r.note),
    )

    findingsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def load(self, lines: Sequence[PrecheckLine], findings: Sequence[MaterialFinding]) -> None:
        by_code = {f.material_code: f for f in findings}
        rows = []
        for line in lines:
            found = by_code.get(line.key or line.material.code)
            rows.append(
                PrecheckRow(line, found.finding, found.note) if found else PrecheckRow(line)
            )
        self.set_rows(rows)
        self.findingsChanged.emit()

    def set_finding(self, row: int, finding: Finding, note: str | None = None) -> None:
        current = self.row_at(row)
        self._rows[row] = replace(
            current, finding=finding, note=current.note if note is None else note
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        self.findingsChanged.emit()

    def toggle_brought(self, row: int) -> None:
        brought = self.row_at(row).finding is Finding.BROUGHT
        self.set_finding(row, Finding.MISSING if brought else Finding.BROUGHT)

    def mark_required_brought(self) -> None:
        for n, row in enumerate(self._rows):
            if row.line.material.required and row.finding is Finding.NOT_CHECKED:
                self._rows[n] = replace(row, finding=Finding.BROUGHT)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
        self.findingsChanged.emit()

    def findings(self) -> tuple[MaterialFinding, ...]:
        """Every line's finding; a line not looked at counts as not brought."""
        return tuple(
            MaterialFinding(
                r.code,
                Finding.MISSING if r.finding is Finding.NOT_CHECKED else r.finding,
                r.note,
            )
            for r in self._rows
        )

    def needed_names(self) -> list[str]:
        lines = [r.line.as_checklist_line() for r in self._rows]
        needed = set(still_needed(lines, self.findings()))
        return [r.line.material.name for r in self._rows if r.code in needed]

    def extra_data(self, row: PrecheckRow, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.BackgroundRole or column != self.FINDING:
            return None
        if row.finding is Finding.BROUGHT:
            return QBrush(BROUGHT_BACKGROUND)
        if row.finding.needs_action and row.line.material.required:
            return QBrush(NEEDS_ACTION_BACKGROUND)
        return None


class PrecheckChecklistView(QTableView):
    """The checklist table, worked from the keyboard."""

    def __init__(self, model: PrecheckChecklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("precheckChecklistView")
        self._model = model
        setup_row_table(self, model)
        readable_columns(
            self,
            PrecheckChecklistModel.NAME,
            wrapped={PrecheckChecklistModel.SOURCE: 6, PrecheckChecklistModel.NOTE: 10},
        )

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_A and mods == Qt.KeyboardModifier.ControlModifier:
            self._model.mark_required_brought()
            return
        row = self.current_row()
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if row < 0 or not plain or not self._handle_key(row, Qt.Key(key)):
            super().keyPressEvent(event)

    def _handle_key(self, row: int, key: Qt.Key) -> bool:
        if key == Qt.Key.Key_Space:
            self._model.toggle_brought(row)
            if row + 1 < self._model.rowCount():
                self.setCurrentIndex(self._model.index(row + 1, 0))
            return True
        problem = {
            Qt.Key.Key_D: Finding.DEFECTIVE,
            Qt.Key.Key_E: Finding.EXPIRED,
            Qt.Key.Key_W: Finding.WRONG_COPY,
        }.get(key)
        if problem is not None:
            self._mark_problem(row, problem)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_note(row)
            return True
        return False

    def _mark_problem(self, row: int, finding: Finding) -> None:
        name = self._model.row_at(row).line.material.name
        reason = DefectReasonDialog.ask(self, name) if finding is Finding.DEFECTIVE else ""
        if finding is Finding.DEFECTIVE and not reason:
            return  # cancelled: nothing changes
        self._model.set_finding(row, finding, reason or None)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_note(self, row: int) -> None:
        current = self._model.row_at(row)
        text, ok = QInputDialog.getText(
            self,
            self.tr("说明"),
            self.tr("“%1”的说明：").replace("%1", current.line.material.name),
            text=current.note,
        )
        if ok:
            self._model.set_finding(row, current.finding, text.strip()[:200])
        self.setFocus(Qt.FocusReason.OtherFocusReason)
