"""The checklist table with the counter's keys: Space toggles 已收 (copies received = copies
asked), D marks 需补正 and asks the reason, a digit sets the copies received, Enter edits the
copies or the note, Ctrl+A marks every required material as received."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.ui.acceptance.checklist_model import ChecklistModel
from clerk_app.ui.screen_parts import ok_cancel_buttons


class DefectReasonDialog(QDialog):
    """Asks why a material needs correction (补正). Tests patch ``ask``."""

    COMMON_REASONS = (
        "复印件不清晰",
        "缺少签名或盖章",
        "信息与证件不一致",
        "证件已过有效期",
        "份数不足",
        "格式不符合要求",
    )

    def __init__(self, material_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("defectReasonDialog")
        self.setWindowTitle(self.tr("材料需补正"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("“%1”需要补正的原因：").replace("%1", material_name)))
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("defectReasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for reason in self.COMMON_REASONS:
            self.reason_combo.addItem(self.tr(reason))
        self.reason_combo.setCurrentIndex(-1)
        line_edit = self.reason_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("选择或输入原因"))
        layout.addWidget(self.reason_combo)
        layout.addWidget(ok_cancel_buttons(self, "defectReasonButtons", self._accept_if_reason))
        self.resize(380, self.sizeHint().height())

    def reason(self) -> str:
        return self.reason_combo.currentText().strip()

    def _accept_if_reason(self) -> None:
        if self.reason():
            self.accept()
        else:
            self.reason_combo.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, material_name: str) -> str | None:
        """The reason, or None when the clerk cancels."""
        dialog = cls(material_name, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reason():
                return dialog.reason()
            return None
        finally:
            dialog.deleteLater()


class ChecklistView(QTableView):
    """The checklist table with the counter's keys (see module doc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.verticalHeader().setDefaultSectionSize(26)

    def checklist_model(self) -> ChecklistModel:
        model = self.model()
        assert isinstance(model, ChecklistModel)
        return model

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.checklist_model()
        row = self.current_row()
        key, mods = event.key(), event.modifiers()
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if key == Qt.Key.Key_A and mods == Qt.KeyboardModifier.ControlModifier:
            model.mark_required_received()
            return
        if row < 0 or not plain:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Space:
            model.toggle_received(row)
            self._next_row(row)
            return
        if key == Qt.Key.Key_D:
            check = model.check(row)
            reason = DefectReasonDialog.ask(self, check.material.name)
            if reason:
                model.mark_defective(row, reason)
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            model.set_copies(row, int(key - Qt.Key.Key_0))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            column = self.currentIndex().column()
            if column not in (ChecklistModel.RECEIVED, ChecklistModel.NOTE):
                column = ChecklistModel.NOTE
            target = model.index(row, column)
            self.setCurrentIndex(target)
            self.edit(target)
            return
        super().keyPressEvent(event)

    def _next_row(self, row: int) -> None:
        if row + 1 < self.checklist_model().rowCount():
            self.setCurrentIndex(
                self.checklist_model().index(row + 1, self.currentIndex().column())
            )
