"""The queue panel's questions: transfer (转移), pause (暂停服务), no-show (过号) and
finish-then-call (F7 on an open ticket). Tests patch their ``ask``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from clerk_app.ui.forms.ui_pause import Ui_PauseDialog
from clerk_app.ui.forms.ui_transfer import Ui_TransferDialog

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
    """转移：to another queue or window, with a reason (layout: forms/transfer.ui). Tests patch
    :meth:`ask`."""

    def __init__(
        self,
        queues: Sequence[tuple[str, str]],
        windows: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = Ui_TransferDialog()
        self.form.setupUi(self)
        self.to_queue_radio = self.form.transferToQueue
        self.to_window_radio = self.form.transferToWindow
        self.queue_combo = self.form.transferQueueCombo
        self.window_combo = self.form.transferWindowCombo
        self.reason_combo = self.form.transferReasonCombo
        self.hint = self.form.transferHint
        for code, name in queues:
            self.queue_combo.addItem(f"{name}（{code}）", code)
        for number, label in windows:
            self.window_combo.addItem(label, number)
        self.reason_combo.addItems([self.tr(r) for r in TRANSFER_REASONS])
        self.form.transferButtons.accepted.connect(self._accept_if_valid)
        self.form.transferButtons.rejected.connect(self.reject)
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
    """暂停服务 needs a reason (layout: forms/pause.ui). Tests patch :meth:`ask`."""

    def __init__(self, parent: QWidget | None = None, window_label: str | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_PauseDialog()
        self.form.setupUi(self)
        if window_label:  # a supervisor pausing another window: say which one
            self.setWindowTitle(self.tr("暂停服务：%1").replace("%1", window_label))
        self.reason_combo = self.form.pauseReasonCombo
        self.reason_combo.addItems([self.tr(r) for r in PAUSE_REASONS])
        self.form.pauseButtons.accepted.connect(self._accept_if_valid)
        self.form.pauseButtons.rejected.connect(self.reject)

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
            QCoreApplication.translate("NoShowConfirm", "过号"),
            QCoreApplication.translate(
                "NoShowConfirm", "%1 号未到窗口，确定过号吗？过号后可稍后从过号池再次呼叫。"
            ).replace("%1", number),
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
            QCoreApplication.translate("FinishAndCallConfirm", "叫号"),
            QCoreApplication.translate(
                "FinishAndCallConfirm",
                "当前号 %1 尚未办结。办结 %1 并呼叫下一位吗？\n"
                "（选“否”则继续办理 %1，可按 F10 办结后再叫号。）",
            ).replace("%1", number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
