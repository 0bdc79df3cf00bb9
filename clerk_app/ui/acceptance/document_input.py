"""One identity document being entered: its kind, its number and the messages under it.

The number is checked when the field loses focus or on Enter (a barcode scanner or ID-card reader
"types" the number and presses Enter). A certain error (bad checksum, impossible date,
malformed) is shown under the field, the text is selected and the focus stays there: the clerk
is asked again and an invalid number is never kept. Warnings (e.g. a region code that never
existed) are shown but never block. A number whose form shows another kind than the one chosen
(a 9… 外国人永久居留身份证 number under 居民身份证) switches the kind and says so.

A passport is identified by its number and its issuing country: the nationality row shows for
passports only (``NationalityField``); a permanent residence ID carries its nationality in the
number.
"""

from __future__ import annotations

from pypinyin import lazy_pinyin
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from clerk_app.domain.acceptance_draft import EnteredDocument
from clerk_app.domain.cases import IdKind
from clerk_app.domain.countries import country, nationalities
from clerk_app.domain.identifiers import IdCheck, check_document, foreign_pr_nationality
from clerk_app.ui.acceptance._common import set_message
from clerk_app.ui.i18n import tr_domain

# Focus reasons for which a bad number pulls the focus back. A window switch or a popup is not
# the clerk leaving the field, so it must not fight the window manager.
_RETURN_FOCUS_REASONS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
    Qt.FocusReason.OtherFocusReason,
)


class NationalityField(QObject):
    """A passport's country: an editable list of ISO 3166 nationalities by Chinese name
    (pinyin order), found by typing part of the name or the three-letter code."""

    changed = Signal()

    def __init__(self, label: QLabel, combo: QComboBox, error_label: QLabel) -> None:
        super().__init__(combo)
        self.label, self.combo, self.error_label = label, combo, error_label
        combo.addItem("", "")
        for entry in sorted(nationalities(), key=lambda c: lazy_pinyin(c.name_zh)):
            combo.addItem(f"{tr_domain(entry.name_zh)}（{entry.alpha3}）", entry.alpha3)
        combo.setCurrentIndex(0)
        line = combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("输入国名或三位字母代码，如：美国、USA"))
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        combo.currentIndexChanged.connect(self._on_changed)
        combo.editTextChanged.connect(self._on_changed)

    def code(self) -> str:
        """The chosen nationality's alpha-3 code; empty while none (or an unknown text)."""
        text = self.combo.currentText().strip()
        index = self.combo.findText(text)
        if index > 0:
            return str(self.combo.itemData(index))
        found = country(text)  # the three-letter code typed
        if found is None:  # or the Chinese name alone
            found = next((c for c in nationalities() if c.name_zh == text), None)
        return found.alpha3 if found else ""

    def set_code(self, code: str) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(code.strip().upper()), 0))

    def set_shown(self, shown: bool) -> None:
        self.label.setVisible(shown)
        self.combo.setVisible(shown)
        if not shown:
            set_message(self.error_label, "")

    def error(self) -> str:
        if self.code():
            return ""
        return (
            self.tr("请选择护照签发国（国籍）")
            if not self.combo.currentText().strip()
            else (self.tr("国籍不在列表中：请从列表选择"))
        )

    def _on_changed(self, *_args: object) -> None:
        if self.code():
            set_message(self.error_label, "")
        self.changed.emit()


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
        nationality: NationalityField | None = None,
    ) -> None:
        super().__init__(parent)
        self.nationality_field = nationality
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

    def nationality(self) -> str:
        """The country that issued the document, where it counts: a passport's chosen
        nationality, a permanent residence ID's coded one; empty for every other kind."""
        if self.kind() is IdKind.PASSPORT and self.nationality_field is not None:
            return self.nationality_field.code()
        if self.kind() is IdKind.FOREIGN_PERMANENT_RESIDENT and self._valid:
            return foreign_pr_nationality(self._valid)
        return ""

    def nationality_error(self) -> str:
        """Why a passport still lacks its country (empty when it does not, or not a passport)."""
        if self.kind() is not IdKind.PASSPORT or self.nationality_field is None:
            return ""
        return self.nationality_field.error()

    def show_nationality_error(self) -> None:
        if self.nationality_field is not None:
            set_message(self.nationality_field.error_label, self.nationality_error())

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
        if self.nationality_field is not None:
            self.nationality_field.set_code("")
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
        switch_to = self.kind_combo.findData(
            result.suggested_kind.value if result.suggested_kind else None
        )
        if not result.ok and result.suggested_kind is not None and switch_to >= 0:
            return self._switch_kind(switch_to, result.suggested_kind)
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

    def _switch_kind(self, index: int, kind: IdKind) -> IdCheck:
        """The number shows its kind: choose it (which checks the number again) and say so."""
        self.kind_combo.setCurrentIndex(index)  # _on_kind_changed validates under the new kind
        result = check_document(kind, self.number_edit.text())
        note = self.tr("已按号码识别为%1").replace("%1", tr_domain(kind.label))
        set_message(self.warning_label, "；".join([note, *(tr_domain(w) for w in result.warnings)]))
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
        if self.nationality_field is not None:
            self.nationality_field.set_shown(self.kind() is IdKind.PASSPORT)
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
        nationality = self.nationality_field.code() if self.nationality_field else ""
        return EnteredDocument(
            self.kind_combo.currentData(),
            self.number_edit.text(),
            self._valid is not None,
            nationality,
        )

    def load(self, entered: EnteredDocument) -> None:
        """A number that passed the check before is checked again (and normalised); any other
        is put back as typed, to be checked when the clerk leaves the field."""
        index = self.kind_combo.findData(entered.id_kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        if self.nationality_field is not None:
            self.nationality_field.set_code(entered.nationality)
        if entered.number and entered.number_valid:
            self.set_number(entered.number)
        else:
            self.number_edit.setText(entered.number)
