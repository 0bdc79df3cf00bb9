"""Who is applying: the applicant's document, name and contact, and an optional agent (代办人).

A document number is checked when the field loses focus or on Enter (a barcode scanner or
ID-card reader "types" the number and presses Enter). A certain error (bad checksum, impossible
date, malformed) is shown under the field, the text is selected and the focus stays there: the
clerk is asked again and an invalid number is never kept. Warnings (e.g. an unknown region code
of a newly created county) are shown but never block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.cases import IdKind, Person
from clerk_app.domain.identifiers import IdCheck, check_document, is_valid_mobile, mask_id
from clerk_app.ui.acceptance._common import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARNING_COLOUR,
    BackgroundCaller,
    message_label,
    set_message,
    tr_domain,
)

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

PERSON_KINDS = (
    IdKind.RESIDENT_ID,
    IdKind.HK_MACAO_PERMIT,
    IdKind.TAIWAN_PERMIT,
    IdKind.HMT_RESIDENCE,
    IdKind.PASSPORT,
)
ORGANISATION_KINDS = (IdKind.USCC,)

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
        self._last_check: IdCheck | None = None
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
        self._last_check = None
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
        self._last_check = result
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


class _EnterMovesOn(QObject):
    """Enter in a line edit moves to the next field, like Tab (scanner and keyboard flow)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                watched.focusNextChild()
                return True
        return super().eventFilter(watched, event)


class ApplicantPanel(QWidget):
    """Applicant (个人 / 单位) and optional agent. ``applicant()`` is None until everything
    needed is valid; ``errors()`` says what is still wrong in the clerk's words."""

    applicantFound = Signal(object)  # Person found in the local store or on the server
    completed = Signal()  # Enter in the last field: the page moves on to the item search
    changed = Signal()

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicantPanel")
        self._context = context
        self._caller = BackgroundCaller(self)
        self._autofilled: dict[str, str] = {}  # field objectName -> text filled by a lookup
        self._filled_for: str | None = None  # the number whose record filled the fields
        # Why a server lookup is made (the ticket served), kept in the server's audit trail.
        self.lookup_reason: Callable[[], str] = lambda: ""
        self._enter_moves_on = _EnterMovesOn(self)
        self._build()
        self._set_applicant_type(0)

    # -- construction -------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        outer.addLayout(form)

        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("applicantTypeCombo")
        self.type_combo.addItem(self.tr("个人"), "person")
        self.type_combo.addItem(self.tr("单位"), "organisation")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("idKindCombo")
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.type_combo, 0)
        kind_row.addWidget(self.kind_combo, 1)
        form.addRow(self.tr("申请人类型"), kind_row)

        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("idNumberEdit")
        self.number_edit.setPlaceholderText(self.tr("刷证、扫码或输入证件号码，回车确认"))
        self.number_edit.setMaxLength(32)
        self.id_error_label = message_label(self, "idErrorLabel", ERROR_COLOUR)
        self.id_warning_label = message_label(self, "idWarningLabel", WARNING_COLOUR)
        self.lookup_label = message_label(self, "lookupStatusLabel", OK_COLOUR)
        self.number_label = QLabel(self.tr("证件号码*"), self)
        form.addRow(self.number_label, self.number_edit)
        # Messages are rows of their own under the field: the form makes room for them (and
        # for their wrapped lines), so they never cover an input.
        add_message_rows(form, self.id_error_label, self.id_warning_label, self.lookup_label)

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("nameEdit")
        self.name_label = QLabel(self.tr("姓名*"), self)
        form.addRow(self.name_label, self.name_edit)

        self.mobile_edit = QLineEdit(self)
        self.mobile_edit.setObjectName("mobileEdit")
        self.mobile_edit.setMaxLength(20)
        self.mobile_error_label = message_label(self, "mobileErrorLabel", ERROR_COLOUR)
        self.mobile_label = QLabel(self.tr("手机号码*"), self)
        form.addRow(self.mobile_label, self.mobile_edit)
        add_message_rows(form, self.mobile_error_label)

        self.address_edit = QLineEdit(self)
        self.address_edit.setObjectName("addressEdit")
        form.addRow(self.tr("联系地址"), self.address_edit)

        self.agent_check = QCheckBox(self.tr("代办人办理（非本人到场）"), self)
        self.agent_check.setObjectName("agentCheck")
        outer.addWidget(self.agent_check)

        self.agent_box = QGroupBox(self.tr("代办人"), self)
        self.agent_box.setObjectName("agentBox")
        agent_form = QFormLayout(self.agent_box)
        agent_form.setVerticalSpacing(4)
        agent_form.setContentsMargins(6, 4, 6, 4)
        self.agent_kind_combo = QComboBox(self.agent_box)
        self.agent_kind_combo.setObjectName("agentIdKindCombo")
        for kind in PERSON_KINDS:
            self.agent_kind_combo.addItem(tr_domain(kind.label), kind.value)
        agent_form.addRow(self.tr("证件类型"), self.agent_kind_combo)
        self.agent_number_edit = QLineEdit(self.agent_box)
        self.agent_number_edit.setObjectName("agentIdNumberEdit")
        self.agent_number_edit.setMaxLength(32)
        self.agent_error_label = message_label(self.agent_box, "agentIdErrorLabel", ERROR_COLOUR)
        self.agent_warning_label = message_label(
            self.agent_box, "agentIdWarningLabel", WARNING_COLOUR
        )
        agent_form.addRow(self.tr("证件号码*"), self.agent_number_edit)
        add_message_rows(agent_form, self.agent_error_label, self.agent_warning_label)
        self.agent_name_edit = QLineEdit(self.agent_box)
        self.agent_name_edit.setObjectName("agentNameEdit")
        agent_form.addRow(self.tr("姓名*"), self.agent_name_edit)
        self.agent_mobile_edit = QLineEdit(self.agent_box)
        self.agent_mobile_edit.setObjectName("agentMobileEdit")
        self.agent_mobile_edit.setMaxLength(20)
        self.agent_mobile_error_label = message_label(
            self.agent_box, "agentMobileErrorLabel", ERROR_COLOUR
        )
        agent_form.addRow(self.tr("手机号码*"), self.agent_mobile_edit)
        add_message_rows(agent_form, self.agent_mobile_error_label)
        self.agent_box.setVisible(False)
        outer.addWidget(self.agent_box)
        outer.addStretch(1)

        self.document = DocumentInput(
            self.kind_combo, self.number_edit, self.id_error_label, self.id_warning_label, self
        )
        self.document.escape_widgets.append(self.type_combo)
        self.document.accepted.connect(self._look_up)
        self.number_edit.textEdited.connect(self._number_edited)
        self.agent_document = DocumentInput(
            self.agent_kind_combo,
            self.agent_number_edit,
            self.agent_error_label,
            self.agent_warning_label,
            self,
        )
        self.agent_document.escape_widgets.append(self.agent_check)

        self.type_combo.currentIndexChanged.connect(self._set_applicant_type)
        self.agent_check.toggled.connect(self._on_agent_toggled)
        for edit in (self.name_edit, self.mobile_edit, self.agent_name_edit):
            edit.installEventFilter(self._enter_moves_on)
        self.address_edit.returnPressed.connect(self._on_last_field_done)
        self.agent_mobile_edit.returnPressed.connect(self._on_last_field_done)
        self.mobile_edit.editingFinished.connect(self._check_mobile)
        self.agent_mobile_edit.editingFinished.connect(self._check_agent_mobile)
        for edit in (
            self.number_edit,
            self.name_edit,
            self.mobile_edit,
            self.address_edit,
            self.agent_number_edit,
            self.agent_name_edit,
            self.agent_mobile_edit,
        ):
            edit.textChanged.connect(self.changed)
        self.agent_check.toggled.connect(self.changed)

    # -- public API ---------------------------------------------------------------------
    def is_organisation(self) -> bool:
        return self.type_combo.currentData() == "organisation"

    def focus_number(self) -> None:
        self.number_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.number_edit.selectAll()

    def applicant(self) -> Person | None:
        """The applicant if the number is valid and the required fields are filled, else None."""
        number = self.document.valid_number()
        if number is None or self._applicant_errors():
            return None
        return Person(
            id_kind=self.document.kind(),
            id_number=number,
            name=self.name_edit.text().strip(),
            mobile=_clean_mobile(self.mobile_edit.text()),
            address=self.address_edit.text().strip(),
        )

    def agent(self) -> Person | None:
        """The agent if the box is ticked and the agent's data is valid, else None."""
        if not self.agent_check.isChecked():
            return None
        number = self.agent_document.valid_number()
        if number is None or self._agent_errors():
            return None
        return Person(
            id_kind=self.agent_document.kind(),
            id_number=number,
            name=self.agent_name_edit.text().strip(),
            mobile=_clean_mobile(self.agent_mobile_edit.text()),
        )

    def errors(self) -> list[str]:
        """Everything still missing or wrong, in the clerk's words (empty when complete)."""
        return self._applicant_errors() + self._agent_errors()

    def is_empty(self) -> bool:
        return not any(
            e.text().strip()
            for e in (self.number_edit, self.name_edit, self.mobile_edit, self.address_edit)
        )

    def clear(self) -> None:
        """Empty every field for the next applicant (individual, resident ID, no agent)."""
        self.type_combo.setCurrentIndex(0)
        self._set_applicant_type(0)
        self.document.clear()
        self.agent_document.clear()
        for edit in (
            self.name_edit,
            self.mobile_edit,
            self.address_edit,
            self.agent_name_edit,
            self.agent_mobile_edit,
        ):
            edit.clear()
        self.agent_kind_combo.setCurrentIndex(0)
        self.agent_check.setChecked(False)
        self._autofilled.clear()
        self._filled_for = None
        for label in (self.mobile_error_label, self.agent_mobile_error_label, self.lookup_label):
            set_message(label, "")

    def read_card(self, person: Person) -> bool:
        """What an ID-card reader delivers: kind, number, name, address. The number is checked
        like a typed one; False (and the error shown) if it is invalid."""
        self.type_combo.setCurrentIndex(1 if person.is_organisation else 0)
        index = self.kind_combo.findData(person.id_kind.value)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        self.document.set_number(person.id_number)
        if self.document.valid_number() is None:
            self.focus_number()
            return False
        self.name_edit.setText(person.name)
        if person.address:
            self.address_edit.setText(person.address)
        if person.mobile:
            self.mobile_edit.setText(person.mobile)
        (self.address_edit if self.mobile_edit.text() else self.mobile_edit).setFocus()
        return True

    def fill_from(self, person: Person) -> None:
        """Fill in a known applicant; fields the clerk typed are kept."""
        self._fill(self.name_edit, person.name)
        self._fill(self.mobile_edit, person.mobile)
        self._fill(self.address_edit, person.address)

    # -- validation ---------------------------------------------------------------------
    def _applicant_errors(self) -> list[str]:
        errors: list[str] = []
        who = self.tr("申请单位") if self.is_organisation() else self.tr("申请人")
        if self.document.valid_number() is None:
            errors.append(
                self.tr("{who}证件号码：{error}").format(who=who, error=self.document.error())
            )
        if not self.name_edit.text().strip():
            if self.is_organisation():
                errors.append(self.tr("请填写申请单位名称"))
            else:
                errors.append(self.tr("请填写申请人姓名"))
        mobile = self.mobile_edit.text().strip()
        if not mobile:
            # A person must be reachable for 补正 and pick-up; a company may give only the
            # agent's number, so its own mobile is optional.
            if not self.is_organisation():
                errors.append(self.tr("请填写申请人手机号码（个人申请必填）"))
        elif not is_valid_mobile(mobile):
            errors.append(self.tr("申请人手机号码格式不正确：应为11位，以13-19开头"))
        return errors

    def _agent_errors(self) -> list[str]:
        if not self.agent_check.isChecked():
            return []
        errors: list[str] = []
        if self.agent_document.valid_number() is None:
            errors.append(
                self.tr("代办人证件号码：{error}").format(error=self.agent_document.error())
            )
        if not self.agent_name_edit.text().strip():
            errors.append(self.tr("请填写代办人姓名"))
        mobile = self.agent_mobile_edit.text().strip()
        if not mobile:
            errors.append(self.tr("请填写代办人手机号码"))
        elif not is_valid_mobile(mobile):
            errors.append(self.tr("代办人手机号码格式不正确：应为11位，以13-19开头"))
        return errors

    def _check_mobile(self) -> None:
        text = self.mobile_edit.text().strip()
        bad = bool(text) and not is_valid_mobile(text)
        set_message(
            self.mobile_error_label,
            self.tr("手机号码格式不正确：应为11位，以13-19开头") if bad else "",
        )

    def _check_agent_mobile(self) -> None:
        text = self.agent_mobile_edit.text().strip()
        bad = bool(text) and not is_valid_mobile(text)
        set_message(
            self.agent_mobile_error_label,
            self.tr("手机号码格式不正确：应为11位，以13-19开头") if bad else "",
        )

    # -- behaviour ----------------------------------------------------------------------
    def _set_applicant_type(self, _index: int) -> None:
        organisation = self.is_organisation()
        kinds = ORGANISATION_KINDS if organisation else PERSON_KINDS
        if [self.kind_combo.itemData(i) for i in range(self.kind_combo.count())] != [
            k.value for k in kinds
        ]:
            self.kind_combo.blockSignals(True)
            self.kind_combo.clear()
            for kind in kinds:
                self.kind_combo.addItem(tr_domain(kind.label), kind.value)
            self.kind_combo.blockSignals(False)
            self.document.clear()
        self.name_label.setText(self.tr("单位名称*") if organisation else self.tr("姓名*"))
        self.mobile_label.setText(self.tr("联系手机") if organisation else self.tr("手机号码*"))
        self.mobile_edit.setPlaceholderText(
            self.tr("单位可不填，建议填写经办人手机") if organisation else self.tr("个人申请必填")
        )

    def _on_agent_toggled(self, on: bool) -> None:
        self.agent_box.setVisible(on)
        if on:
            self.agent_number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_last_field_done(self) -> None:
        self.completed.emit()

    def _fill(self, edit: QLineEdit, value: str) -> None:
        if not value:
            return
        current = edit.text().strip()
        if current and self._autofilled.get(edit.objectName()) != current:
            return  # typed by the clerk: keep it
        edit.setText(value)
        self._autofilled[edit.objectName()] = value

    def _number_edited(self, text: str) -> None:
        self._forget_previous(text.strip().upper())

    def _forget_previous(self, number: str) -> None:
        """Another number than the one whose record filled the form: the previous person's
        name, phone and address go (what the clerk typed stays)."""
        if self._filled_for is None or number == self._filled_for:
            return
        for edit in (self.name_edit, self.mobile_edit, self.address_edit):
            filled = self._autofilled.get(edit.objectName())
            if filled is not None and edit.text().strip() == filled:
                edit.clear()
        self._autofilled.clear()
        self._filled_for = None
        set_message(self.lookup_label, "")
        set_message(self.mobile_error_label, "")

    def _look_up(self, number: str) -> None:
        """A valid number was entered: fill in a returning applicant (local first, then the
        server off the GUI thread)."""
        self._forget_previous(number)
        set_message(self.lookup_label, "")
        known = self._context.store.find_applicant(number)
        if known is not None:
            self._found(known, self.tr("老用户：已从本机记录填入"))
            return
        client = self._context.client
        if client is None:
            return
        set_message(self.lookup_label, self.tr("正在联网查询申请人…"))
        why = self.lookup_reason()
        self._caller.call(
            lambda: client.find_applicant(number, why),
            lambda person, exc: self._on_remote_result(number, person, exc),
        )

    def _on_remote_result(self, number: str, person: object, exc: BaseException | None) -> None:
        if self.document.valid_number() != number:
            return  # the clerk moved on to another number meanwhile
        if exc is not None:
            set_message(self.lookup_label, self.tr("联网查询失败，请手工填写"))
            return
        if isinstance(person, Person):
            self._found(person, self.tr("老用户：已从本大厅申请人库填入"))
        else:
            set_message(self.lookup_label, self.tr("新申请人，请填写姓名和联系方式"))

    def _found(self, person: Person, note: str) -> None:
        self.fill_from(person)
        self._filled_for = person.id_number
        set_message(self.lookup_label, f"{note}（{mask_id(person.id_number)}）")
        self.applicantFound.emit(person)

    def wait_for_lookups(self, msecs: int = 5000) -> bool:
        """Tests and shutdown: wait for a running server lookup."""
        return self._caller.wait(msecs)


def add_message_rows(form: QFormLayout, *labels: QLabel) -> None:
    """Message labels as full rows of the form's field column, hidden while empty (a hidden
    row takes no space); they may wrap onto more lines than the field is high."""
    for label in labels:
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, label)


def _clean_mobile(text: str) -> str:
    number = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    return number[3:] if number.startswith("+86") else number
