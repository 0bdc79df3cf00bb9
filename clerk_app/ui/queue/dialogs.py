"""The queue panel's questions: transfer (转移), pause (暂停服务), no-show (过号) and
finish-then-call (F7 on an open ticket). Tests patch their ``ask``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clerk_app.ui.screen_parts import ok_cancel_buttons

PAUSE_REASONS = (
    str(QT_TRANSLATE_NOOP("PauseDialog", "临时离开")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "午间休息")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "业务培训")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "设备故障")),
    str(QT_TRANSLATE_NOOP("PauseDialog", "协助其他窗口")),
)
TRANSFER_REASONS = (
    str(QT_TRANSLATE_NOOP("TransferDialog", "需到专业窗口办理")),
    str(QT_TRANSLATE_NOOP("TransferDialog", "取错号")),
    str(QT_TRANSLATE_NOOP("TransferDialog", "本窗口暂停服务")),
    str(QT_TRANSLATE_NOOP("TransferDialog", "业务需要其他部门配合")),
)


@dataclass(frozen=True)
class TransferChoice:
    to_queue: str | None
    to_window: int | None
    reason: str


class TransferDialog(QDialog):
    """转移：to another queue or window, with a reason. Tests patch :meth:`ask`."""

    def __init__(
        self,
        queues: Sequence[tuple[str, str]],
        windows: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("转移当前号"))
        layout = QFormLayout(self)
        self.to_queue_radio = QRadioButton(self.tr("转到队列"), self)
        self.to_queue_radio.setObjectName("transferToQueue")
        self.to_window_radio = QRadioButton(self.tr("转到窗口"), self)
        self.to_window_radio.setObjectName("transferToWindow")
        group = QButtonGroup(self)
        group.addButton(self.to_queue_radio)
        group.addButton(self.to_window_radio)
        self.to_queue_radio.setChecked(True)
        self.queue_combo = QComboBox(self)
        self.queue_combo.setObjectName("transferQueueCombo")
        for code, name in queues:
            self.queue_combo.addItem(f"{name}（{code}）", code)
        self.window_combo = QComboBox(self)
        self.window_combo.setObjectName("transferWindowCombo")
        for number, label in windows:
            self.window_combo.addItem(label, number)
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("transferReasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in TRANSFER_REASONS])
        layout.addRow(self.to_queue_radio, self.queue_combo)
        layout.addRow(self.to_window_radio, self.window_combo)
        layout.addRow(self.tr("原因"), self.reason_combo)
        self.hint = QLabel(self.tr("转移后保留原取号时间，不需重新排队。"), self)
        self.hint.setObjectName("transferHint")
        layout.addRow(self.hint)
        layout.addRow(ok_cancel_buttons(self, "transferButtons", self._accept_if_valid))
        self.to_queue_radio.toggled.connect(self._sync_enabled)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        self.queue_combo.setEnabled(self.to_queue_radio.isChecked())
        self.window_combo.setEnabled(not self.to_queue_radio.isChecked())

    def _accept_if_valid(self) -> None:
        if self.choice() is not None:
            self.accept()

    def choice(self) -> TransferChoice | None:
        reason = self.reason_combo.currentText().strip()
        if not reason:
            return None
        if self.to_queue_radio.isChecked():
            code = self.queue_combo.currentData()
            return TransferChoice(str(code), None, reason) if code else None
        number = self.window_combo.currentData()
        return TransferChoice(None, int(number), reason) if number is not None else None

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        queues: Sequence[tuple[str, str]],
        windows: Sequence[tuple[int, str]],
    ) -> TransferChoice | None:
        dialog = cls(queues, windows, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


class PauseDialog(QDialog):
    """暂停服务 needs a reason. Tests patch :meth:`ask`."""

    def __init__(self, parent: QWidget | None = None, window_label: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseDialog")
        if window_label:  # a supervisor pausing another window: say which one
            self.setWindowTitle(self.tr("暂停服务：%1").replace("%1", window_label))
        else:
            self.setWindowTitle(self.tr("暂停服务"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("请选择或填写暂停原因："), self))
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("pauseReasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in PAUSE_REASONS])
        layout.addWidget(self.reason_combo)
        layout.addWidget(ok_cancel_buttons(self, "pauseButtons", self._accept_if_valid))

    def _accept_if_valid(self) -> None:
        if self.reason_combo.currentText().strip():
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget, window_label: str | None = None) -> str | None:
        dialog = cls(parent, window_label)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_combo.currentText().strip() or None


class NoShowConfirm:
    """过号 sends the citizen to the missed pool (three times: the ticket is void), so the
    clerk confirms it; No is the default. Tests patch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget, number: str) -> bool:
        answer = QMessageBox.question(
            parent,
            parent.tr("过号"),
            parent.tr("%1 号未到窗口，确定过号吗？过号后可稍后从过号池再次呼叫。").replace(
                "%1", number
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class FinishAndCallConfirm:
    """F7 while the current ticket is still open: finish it and call the next one (so the
    next citizen's case is never attached to the previous ticket). Yes is the default: the
    clerk pressed F7 because the previous citizen has gone. Tests patch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget, number: str) -> bool:
        answer = QMessageBox.question(
            parent,
            parent.tr("叫号"),
            parent.tr(
                "当前号 %1 尚未办结。办结 %1 并呼叫下一位吗？\n"
                "（选“否”则继续办理 %1，可按 F10 办结后再叫号。）"
            ).replace("%1", number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
