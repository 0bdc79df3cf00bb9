"""The hall page's dialogs: a window's work profile (调整服务队列) and a green ticket's slip in
the print preview. Tests patch ``ProfileDialog.ask``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from clerk_app.contract.queue import Ticket
from clerk_app.ui.forms.ui_profile import Ui_ProfileDialog
from clerk_app.ui.print_preview import PREVIEW_DPI, PdfPreviewDialog, rasterize_pdf
from clerk_app.ui.workers import TaskRunner


class ProfileDialog(QDialog):
    """调整服务队列: the hall's queues, checkable, in the window's order of preference.

    Tests patch :meth:`ask`.
    """

    def __init__(
        self,
        window_label: str,
        queues: Sequence[tuple[str, str]],
        selected: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = Ui_ProfileDialog()
        self.form.setupUi(self)
        self.setWindowTitle(self.tr("调整服务队列：%1").replace("%1", window_label))
        self.list = self.form.profileQueueList
        self.up_button = self.form.profileUpButton
        self.down_button = self.form.profileDownButton
        self.warning = self.form.profileWarning
        self.buttons = self.form.profileButtons
        names = dict(queues)
        ordered = [c for c in selected if c] + [c for c, _n in queues if c not in selected]
        for code in ordered:
            name = names.get(code, code)
            item = QListWidgetItem(self.tr("%1（%2）").replace("%1", name).replace("%2", code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                Qt.CheckState.Checked if code in selected else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setObjectName("profileSaveButton")
        save.setText(self.tr("保存"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("profileCancelButton")
        cancel.setText(self.tr("取消"))
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

        self.list.installEventFilter(self)  # Alt+↑ / Alt+↓ move the current queue
        self.list.itemChanged.connect(self._update)
        self.list.currentRowChanged.connect(self._update)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def chosen(self) -> list[str]:
        """The checked queues, in the order shown (the order of preference)."""
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    @Slot()
    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self.list.blockSignals(True)  # one update after the move, not one per half of it
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(target)
        self._update()

    def _update(self, *_args: object) -> None:
        row = self.list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
        ok = bool(self.chosen())
        self.warning.setText("" if ok else self.tr("请至少选择一个服务队列"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def _accept_if_valid(self) -> None:
        if self.chosen():
            self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        window_label: str,
        queues: Sequence[tuple[str, str]],
        selected: Sequence[str],
    ) -> list[str] | None:
        dialog = cls(window_label, queues, selected, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen() or None


def render_slip(ticket: Ticket, hall_name: str) -> tuple[bytes, list[QImage]]:
    """The ticket slip's PDF (the kiosk's slip) and its preview image (pool thread)."""
    from clerk_app.printing.ticket_slip import render_ticket_slip

    pdf = render_ticket_slip(ticket, hall_name=hall_name)
    return pdf, rasterize_pdf(pdf, PREVIEW_DPI)


class SlipPreviewDialog(PdfPreviewDialog):
    """The green-channel ticket's slip in the print preview: print it, or save it as PDF."""

    def __init__(
        self,
        ticket: Ticket,
        hall_name: str,
        *,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            lambda: render_slip(ticket, hall_name), size=(560, 820), runner=runner, parent=parent
        )
        self.setObjectName("slipPreview")
        self.ticket = ticket
        self.setWindowTitle(self.tr("打印取号凭条：%1").replace("%1", ticket.number))

    def suggested_file_name(self) -> str:
        return f"取号凭条-{self.ticket.number or 'ticket'}.pdf"

    def record_output(self) -> str:
        return self.ticket.number
