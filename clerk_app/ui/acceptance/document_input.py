"""One identity document being entered: its kind, its number and the messages under it.

The number is checked when the field loses focus or on Enter (a barcode scanner or ID-card reader
"types" the number and presses Enter). A certain error (bad checksum, impossible date,
malformed) is shown under the field, the text is selected and the focus stays there: the clerk
is asked again and an invalid number is never kept. Warnings (e.g. an unknown region code of a
newly created county) are shown but never block.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget

from clerk_app.domain.acceptance_draft import EnteredDocument
from clerk_app.domain.cases import IdKind
from clerk_app.domain.identifiers import IdCheck, check_document
from clerk_app.ui.acceptance._common import set_message, tr_domain

# Focus reasons for which a bad number pulls the focus back. A window switch or a popup is not
# the clerk leaving the field, so it must not fight the window manager.
_RETURN_FOCUS_REASONS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
    Qt.FocusReason.OtherFocusReason,
)


class DocumentInput(QObject):
    """Binds a document-kind combo, a number field and its message labels; validates the number
    on Enter and on focus loss and remembers the last valid, normalised number."""

    checked = Signal(object)  # IdCheck of the number just entered
    accepted = Signal(str)  # the normalised valid number, after Enter or focus loss

    def __init__(
        self,
        kind_combo: QComboBox,
        number_edit: QLineEdit,
        error_label: QLabel,
        warning_label: QLabel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind_combo = kind_combo
        self.number_edit = number_edit
        self.error_label = error_label
        self.warning_label = warning_label
        self._valid: str | None = None  # normalised number that passed check_document
        # The clerk may leave a bad number only to fix the document kind (wrong kind chosen).
        self.escape_widgets: list[QWidget] = [kind_combo]
        number_edit.installEventFilter(self)
        number_edit.returnPressed.connect(self._on_return)
        number_edit.textEdited.connect(self._on_edited)
        kind_combo.currentIndexChanged.connect(self._on_kind_changed)

    # -- state --------------------------------------------------------------------------
    def kind(self) -> IdKind:
        return IdKind(self.kind_combo.currentData())

    def valid_number(self) -> str | None:
        """The normalised number if the current text passed the check, else None."""
        return self._valid

    def error(self) -> str:
        """Why there is no valid number (empty text counts as missing)."""
        if self._valid is not None:
            return ""
        if not self.number_edit.text().strip():
            return self.tr("请输入证件号码")
        result = check_document(self.kind(), self.number_edit.text())
        return result.error or self.tr("证件号码未核验")

    def clear(self) -> None:
        self.number_edit.clear()
        self._valid = None
        set_message(self.error_label, "")
        set_message(self.warning_label, "")

    def set_number(self, number: str) -> None:
        """Fill in a number (e.g. from an ID-card reader) and check it."""
        self.number_edit.setText(number)
        self.validate()

    # -- checking -----------------------------------------------------------------------
    def validate(self) -> IdCheck:
        text = self.number_edit.text()
        result = check_document(self.kind(), text)
        if result.ok:
            already = self._valid == result.normalized
            self._valid = result.normalized
            if text != result.normalized:
                self.number_edit.setText(result.normalized)
            set_message(self.error_label, "")
            set_message(self.warning_label, "；".join(tr_domain(w) for w in result.warnings))
            self.checked.emit(result)
            if not already:
                self.accepted.emit(result.normalized)
        else:
            self._valid = None
            set_message(self.error_label, tr_domain(result.error))
            set_message(self.warning_label, "")
            self.checked.emit(result)
        return result

    def _ask_again(self) -> None:
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.number_edit.selectAll()

    def _on_return(self) -> None:
        result = self.validate()
        if not result.ok:
            self._ask_again()
            return
        self.number_edit.focusNextChild()

    def _on_edited(self, _text: str) -> None:
        # Any change invalidates the previous check until the number is checked again.
        self._valid = None
        set_message(self.error_label, "")

    def _on_kind_changed(self, _index: int) -> None:
        self._valid = None
        set_message(self.warning_label, "")
        if self.number_edit.text().strip():
            self.validate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.number_edit and event.type() == QEvent.Type.FocusOut:
            assert isinstance(event, QFocusEvent)
            self._on_focus_out(event.reason())
        return super().eventFilter(watched, event)

    def _on_focus_out(self, reason: Qt.FocusReason) -> None:
        if not self.number_edit.text().strip():
            return  # nothing typed yet: do not nag, errors() will say it is missing
        if self._valid is not None and self._valid == self.number_edit.text():
            return
        result = self.validate()
        if result.ok or reason not in _RETURN_FOCUS_REASONS:
            return
        # Where the focus went is only known after this event; decide then.
        QTimer.singleShot(0, self._maybe_pull_focus_back)

    def _maybe_pull_focus_back(self) -> None:
        target = QApplication.focusWidget()
        if self._valid is not None:
            return
        if target is not None and any(
            target is w or w.isAncestorOf(target) for w in self.escape_widgets
        ):
            return
        if not self.number_edit.isVisible():
            return
        self._ask_again()

    # -- draft --------------------------------------------------------------------------
    def entered(self) -> EnteredDocument:
        return EnteredDocument(
            self.kind_combo.currentData(), self.number_edit.text(), self._valid is not None
        )

    def load(self, entered: EnteredDocument) -> None:
        """A number that passed the check before is checked again (and normalised); any other
        is put back as typed, to be checked when the clerk leaves the field."""
        index = self.kind_combo.findData(entered.id_kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        if entered.number and entered.number_valid:
            self.set_number(entered.number)
        else:
            self.number_edit.setText(entered.number)
