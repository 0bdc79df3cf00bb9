"""Who is applying: the applicant's document, name and contact, and an optional agent (代办人);
layout: forms/applicant.ui.

Each document number is a ``DocumentInput`` (checked on Enter and focus loss; a passport with
its country); what a name and contact still lack is ``clerk_app.domain.acceptance.
contact_problems``, said here in the clerk's words. A contact is any telephone (a mobile, a
landline with its area code, a number abroad), or none with the reason written down. A wrong
number is said under its field and the clerk stays in it: nothing typed is lost. A valid
document looks up a returning applicant by kind (and country) and number, local first, then
the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QWidget,
)

from clerk_app.domain.acceptance import (
    ContactProblem,
    clean_phone,
    contact_problems,
    phone_error,
)
from clerk_app.domain.acceptance_draft import EnteredAgent, EnteredApplicant
from clerk_app.domain.cases import IdKind, Person, record_key
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.phones import format_phone
from clerk_app.ui.acceptance._common import BackgroundCaller, set_message
from clerk_app.ui.acceptance.document_input import DocumentInput, NationalityField
from clerk_app.ui.acceptance.library import Identity
from clerk_app.ui.forms.ui_applicant import Ui_ApplicantPanel
from clerk_app.ui.i18n import tr_domain

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

PERSON_KINDS = (
    IdKind.RESIDENT_ID,
    IdKind.HK_MACAO_PERMIT,
    IdKind.TAIWAN_PERMIT,
    IdKind.HMT_RESIDENCE,
    IdKind.FOREIGN_PERMANENT_RESIDENT,
    IdKind.PASSPORT,
)
ORGANISATION_KINDS = (IdKind.USCC,)


class _EnterMovesOn(QObject):
    """Enter in a line edit moves to the next field, like Tab (scanner and keyboard flow);
    ``handle(edit)`` True means the panel moved (or kept) the focus itself: a telephone number
    that cannot be dialled stays, a good one skips the 无电话 box."""

    def __init__(self, parent: QObject, handle: Callable[[QLineEdit], bool]) -> None:
        super().__init__(parent)
        self._handle = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                if not self._handle(watched):
                    watched.focusNextChild()
                return True
        return super().eventFilter(watched, event)


class ApplicantPanel(QWidget):
    """Applicant (个人 / 单位) and optional agent. ``applicant()`` is None until everything
    needed is valid; ``errors()`` says what is still wrong in the clerk's words."""

    applicantFound = Signal(object)  # Person found in the local store or on the server
    completed = Signal()  # Enter in the last field: the page moves on to the item search
    changed = Signal()
    # Identity of a valid document entered (the shared library is asked); None: gone again
    identified = Signal(object)

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._identified: Identity | None = None
        self._caller = BackgroundCaller(self)
        self._autofilled: dict[str, str] = {}  # field objectName -> text filled by a lookup
        # the record (kind, country, number) whose data filled the fields
        self._filled_for: tuple[str, str, str] | None = None
        # Why a server lookup is made (the ticket served), kept in the server's audit trail.
        self.lookup_reason: Callable[[], str] = lambda: ""
        self._enter_moves_on = _EnterMovesOn(self, self._enter_on_phone)
        self._build()
        self._set_applicant_type(0)

    # -- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.form = Ui_ApplicantPanel()
        self.form.setupUi(self)
        form = self.form
        self.type_combo = form.applicantTypeCombo
        self.type_combo.addItem(self.tr("个人"), "person")
        self.type_combo.addItem(self.tr("单位"), "organisation")
        self.kind_combo = form.idKindCombo
        self.number_label = form.idNumberLabel
        self.number_edit = form.idNumberEdit
        self.id_error_label = form.idErrorLabel
        self.id_warning_label = form.idWarningLabel
        self.lookup_label = form.lookupStatusLabel
        self.name_label = form.nameLabel
        self.name_edit = form.nameEdit
        self.mobile_label = form.mobileLabel
        self.mobile_edit = form.mobileEdit
        self.mobile_error_label = form.mobileErrorLabel
        self.no_phone_check = form.noPhoneCheck
        self.no_phone_reason_edit = form.noPhoneReasonEdit
        self.no_phone_reason_label = form.noPhoneReasonLabel
        self.address_edit = form.addressEdit
        self.agent_check = form.agentCheck
        self.agent_box = form.agentBox
        self.agent_kind_combo = form.agentIdKindCombo
        for kind in PERSON_KINDS:
            self.agent_kind_combo.addItem(tr_domain(kind.label), kind.value)
        self.agent_number_edit = form.agentIdNumberEdit
        self.agent_error_label = form.agentIdErrorLabel
        self.agent_warning_label = form.agentIdWarningLabel
        self.agent_name_edit = form.agentNameEdit
        self.agent_mobile_edit = form.agentMobileEdit
        self.agent_mobile_error_label = form.agentMobileErrorLabel
        self.nationality = NationalityField(
            form.nationalityLabel, form.nationalityCombo, form.nationalityErrorLabel
        )
        self.agent_nationality = NationalityField(
            form.agentNationalityLabel, form.agentNationalityCombo, form.agentNationalityErrorLabel
        )
        self.mobile_edit.setPlaceholderText(self.tr("手机、带区号的固定电话或境外号码（+852…）"))
        self.agent_mobile_edit.setPlaceholderText(self.tr("手机、带区号的固定电话或境外号码"))
        for label in (
            form.nationalityErrorLabel,
            form.agentNationalityErrorLabel,
            self.id_error_label,
            self.id_warning_label,
            self.lookup_label,
            self.mobile_error_label,
            self.agent_error_label,
            self.agent_warning_label,
            self.agent_mobile_error_label,
        ):
            label.setVisible(False)  # messages show while they say something
        self.agent_box.setVisible(False)
        self.no_phone_reason_edit.setVisible(False)
        self.no_phone_reason_label.setVisible(False)
        self.nationality.set_shown(False)
        self.agent_nationality.set_shown(False)

        self.document = DocumentInput(
            self.kind_combo,
            self.number_edit,
            self.id_error_label,
            self.id_warning_label,
            self,
            self.nationality,
        )
        self.document.escape_widgets.append(self.type_combo)
        self.document.accepted.connect(self._look_up)
        self.number_edit.textEdited.connect(self._number_edited)
        self.kind_combo.currentIndexChanged.connect(self._check_identity)
        self.agent_document = DocumentInput(
            self.agent_kind_combo,
            self.agent_number_edit,
            self.agent_error_label,
            self.agent_warning_label,
            self,
            self.agent_nationality,
        )
        self.agent_document.escape_widgets.append(self.agent_check)
        self.nationality.changed.connect(self._nationality_chosen)
        self.nationality.changed.connect(self.changed)
        self.agent_nationality.changed.connect(self.changed)
        self.no_phone_check.toggled.connect(self._on_no_phone_toggled)
        self.no_phone_reason_edit.textChanged.connect(self.changed)

        self.type_combo.currentIndexChanged.connect(self._set_applicant_type)
        self.agent_check.toggled.connect(self._on_agent_toggled)
        for edit in (self.name_edit, self.mobile_edit, self.agent_name_edit):
            edit.installEventFilter(self._enter_moves_on)
        self.address_edit.returnPressed.connect(self._on_last_field_done)
        self.agent_mobile_edit.returnPressed.connect(self._on_agent_phone_done)
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
        return bool(self.type_combo.currentData() == "organisation")

    def focus_number(self) -> None:
        self.number_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.number_edit.selectAll()

    def applicant(self) -> Person | None:
        """The applicant if the number is valid and the required fields are filled, else None."""
        number = self.document.valid_number()
        if number is None or self._applicant_errors():
            return None
        no_phone = self.no_phone_check.isChecked()
        return Person(
            id_kind=self.document.kind(),
            id_number=number,
            name=self.name_edit.text().strip(),
            mobile="" if no_phone else clean_phone(self.mobile_edit.text()),
            address=self.address_edit.text().strip(),
            nationality=self.document.nationality(),
            contact_note=self.no_phone_reason_edit.text().strip() if no_phone else "",
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
            mobile=clean_phone(self.agent_mobile_edit.text()),
            nationality=self.agent_document.nationality(),
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
        self.kind_combo.setCurrentIndex(0)
        self.document.clear()
        self.agent_document.clear()
        for edit in (
            self.name_edit,
            self.mobile_edit,
            self.address_edit,
            self.agent_name_edit,
            self.agent_mobile_edit,
            self.no_phone_reason_edit,
        ):
            edit.clear()
        self.no_phone_check.setChecked(False)
        self.agent_kind_combo.setCurrentIndex(0)
        self.agent_check.setChecked(False)
        self._autofilled.clear()
        self._filled_for = None
        for label in (self.mobile_error_label, self.agent_mobile_error_label, self.lookup_label):
            set_message(label, "")
        self._identify(None)

    def identity(self) -> Identity | None:
        """The applicant's document when its number is valid (a passport: with its country)."""
        number = self.document.valid_number()
        kind, nationality = self.document.kind(), self.document.nationality()
        if number is None or (kind is IdKind.PASSPORT and not nationality):
            return None
        return Identity(kind, number, nationality)

    def identify_again(self) -> None:
        """Say who the applicant is again (a draft put back on the page)."""
        self._identify(self.identity())

    def _identify(self, identity: Identity | None) -> None:
        if identity != self._identified:
            self._identified = identity
            self.identified.emit(identity)

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
            self.mobile_edit.setText(format_phone(person.mobile))
        (self.address_edit if self.mobile_edit.text() else self.mobile_edit).setFocus()
        return True

    def fill_from(self, person: Person) -> None:
        """Fill in a known applicant; fields the clerk typed are kept."""
        self._fill(self.name_edit, person.name)
        self._fill(self.mobile_edit, format_phone(person.mobile))
        self._fill(self.address_edit, person.address)
        if not person.mobile and person.contact_note and not self.mobile_edit.text().strip():
            self.no_phone_check.setChecked(True)
            self._fill(self.no_phone_reason_edit, person.contact_note)

    # -- validation ---------------------------------------------------------------------
    def _applicant_errors(self) -> list[str]:
        errors: list[str] = []
        organisation = self.is_organisation()
        who = self.tr("申请单位") if organisation else self.tr("申请人")
        if self.document.valid_number() is None:
            errors.append(
                self.tr("%1证件号码：%2").replace("%1", who).replace("%2", self.document.error())
            )
        if self.document.nationality_error():
            errors.append(self.tr("申请人护照：") + self.document.nationality_error())
        no_phone = self.no_phone_check.isChecked() and not organisation
        texts = {
            ContactProblem.NAME_MISSING: (
                self.tr("请填写申请单位名称") if organisation else self.tr("请填写申请人姓名")
            ),
            ContactProblem.PHONE_MISSING: (
                self.tr("请写明申请人无电话的原因及联系方式")
                if no_phone
                else self.tr("请填写申请人联系电话（手机、带区号的固定电话或境外号码均可）")
            ),
            ContactProblem.PHONE_MALFORMED: self.tr("申请人联系电话：")
            + tr_domain(phone_error(self.mobile_edit.text())),
        }
        problems = contact_problems(
            self.name_edit.text(),
            "" if no_phone else self.mobile_edit.text(),
            phone_required=not organisation,
            no_phone_reason=self.no_phone_reason_edit.text() if no_phone else "",
        )
        return errors + [texts[p] for p in problems]

    def _agent_errors(self) -> list[str]:
        if not self.agent_check.isChecked():
            return []
        errors: list[str] = []
        if self.agent_document.valid_number() is None:
            errors.append(self.tr("代办人证件号码：%1").replace("%1", self.agent_document.error()))
        if self.agent_document.nationality_error():
            errors.append(self.tr("代办人护照：") + self.agent_document.nationality_error())
        texts = {
            ContactProblem.NAME_MISSING: self.tr("请填写代办人姓名"),
            ContactProblem.PHONE_MISSING: self.tr("请填写代办人联系电话"),
            ContactProblem.PHONE_MALFORMED: self.tr("代办人联系电话：")
            + tr_domain(phone_error(self.agent_mobile_edit.text())),
        }
        problems = contact_problems(
            self.agent_name_edit.text(), self.agent_mobile_edit.text(), phone_required=True
        )
        return errors + [texts[p] for p in problems]

    def _check_mobile(self) -> None:
        self._show_phone_message(self.mobile_edit, self.mobile_error_label)

    def _check_agent_mobile(self) -> None:
        self._show_phone_message(self.agent_mobile_edit, self.agent_mobile_error_label)

    def _show_phone_message(self, edit: QLineEdit, label: QLabel) -> bool:
        """Say what is wrong with a typed number (True), or show a good one formatted."""
        error = phone_error(edit.text())
        set_message(label, tr_domain(error))
        if not error and edit.text().strip():
            shown = format_phone(clean_phone(edit.text()))
            if shown != edit.text():
                edit.setText(shown)
        return bool(error)

    def _enter_on_phone(self, edit: QLineEdit) -> bool:
        """Enter on a telephone number: one that cannot be dialled is said and the clerk stays
        in the field with the text selected to correct it (nothing typed is lost); a good one
        goes on to the address."""
        if edit is not self.mobile_edit:
            return False
        if self._show_phone_message(edit, self.mobile_error_label):
            edit.selectAll()
        else:
            self.address_edit.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def _on_no_phone_toggled(self, on: bool) -> None:
        self.mobile_edit.setEnabled(not on)
        self.no_phone_reason_edit.setVisible(on)
        self.no_phone_reason_label.setVisible(on)
        if on:
            set_message(self.mobile_error_label, "")
            self.no_phone_reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    # -- draft --------------------------------------------------------------------------
    def entered(self) -> tuple[EnteredApplicant, EnteredAgent]:
        """The applicant and agent as typed (valid or not)."""
        applicant = EnteredApplicant(
            applicant_type=self.type_combo.currentData(),
            document=self.document.entered(),
            name=self.name_edit.text(),
            mobile=self.mobile_edit.text(),
            address=self.address_edit.text(),
            no_phone=self.no_phone_check.isChecked(),
            no_phone_reason=self.no_phone_reason_edit.text(),
        )
        agent = EnteredAgent(
            on=self.agent_check.isChecked(),
            document=self.agent_document.entered(),
            name=self.agent_name_edit.text(),
            mobile=self.agent_mobile_edit.text(),
        )
        return applicant, agent

    def load(self, applicant: EnteredApplicant, agent: EnteredAgent) -> None:
        """Put an applicant and agent as typed back on a cleared panel."""
        index = self.type_combo.findData(applicant.applicant_type)
        if index >= 0:
            self.type_combo.setCurrentIndex(index)
        self.document.load(applicant.document)
        self.name_edit.setText(applicant.name)
        self.mobile_edit.setText(applicant.mobile)
        self.address_edit.setText(applicant.address)
        self.no_phone_check.setChecked(applicant.no_phone)
        self.no_phone_reason_edit.setText(applicant.no_phone_reason)
        if agent.on:
            self.agent_check.setChecked(True)
            self.agent_document.load(agent.document)
            self.agent_name_edit.setText(agent.name)
            self.agent_mobile_edit.setText(agent.mobile)

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
        self.mobile_label.setText(self.tr("联系电话") if organisation else self.tr("联系电话*"))
        self.no_phone_check.setVisible(not organisation)
        if organisation:
            self.no_phone_check.setChecked(False)
        self.mobile_edit.setPlaceholderText(
            self.tr("单位可不填，建议填写经办人电话")
            if organisation
            else self.tr("手机、带区号的固定电话或境外号码（+852…）")
        )

    def _on_agent_toggled(self, on: bool) -> None:
        self.agent_box.setVisible(on)
        if on:
            self.agent_number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_last_field_done(self) -> None:
        self.completed.emit()

    def _on_agent_phone_done(self) -> None:
        if self._show_phone_message(self.agent_mobile_edit, self.agent_mobile_error_label):
            self.agent_mobile_edit.selectAll()  # asked again: the agent's number stays
            return
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
        self._forget_previous(self._key_of(text.strip().upper()))
        self._check_identity()

    def _check_identity(self, *_args: object) -> None:
        if self._identified is not None and self.identity() != self._identified:
            self._identify(None)  # another document: the library's offers were someone else's

    def _key_of(self, number: str) -> tuple[str, str, str]:
        return record_key(self.document.kind(), number, self.document.nationality())

    def _forget_previous(self, key: tuple[str, str, str]) -> None:
        """Another document than the one whose record filled the form: the previous person's
        name, phone and address go (what the clerk typed stays)."""
        if self._filled_for is None or key == self._filled_for:
            return
        for edit in (self.name_edit, self.mobile_edit, self.address_edit):
            filled = self._autofilled.get(edit.objectName())
            if filled is not None and edit.text().strip() == filled:
                edit.clear()
        self._autofilled.clear()
        self._filled_for = None
        set_message(self.lookup_label, "")
        set_message(self.mobile_error_label, "")

    def _nationality_chosen(self) -> None:
        number = self.document.valid_number()
        if number is not None and self.document.nationality():
            self._look_up(number)

    def _look_up(self, number: str) -> None:
        """A valid document was entered: fill in a returning applicant (local first, then
        the server off the GUI thread). A passport is looked up once its country is known."""
        key = self._key_of(number)
        self._forget_previous(key)
        set_message(self.lookup_label, "")
        kind, nationality = self.document.kind(), self.document.nationality()
        if kind is IdKind.PASSPORT and not nationality:
            self.document.show_nationality_error()
            return
        self._identify(Identity(kind, number, nationality))
        known = self._context.store.applicants.find(kind, number, nationality)
        if known is not None:
            self._found(known, self.tr("老用户：已从本机记录填入"))
            return
        client = self._context.client
        if client is None:
            return
        set_message(self.lookup_label, self.tr("正在联网查询申请人…"))
        why = self.lookup_reason()
        self._caller.call(
            lambda: client.find_applicant(number, why, kind=kind, nationality=nationality),
            lambda person, exc: self._on_remote_result(key, person, exc),
        )

    def _on_remote_result(
        self, key: tuple[str, str, str], person: object, exc: BaseException | None
    ) -> None:
        number = self.document.valid_number()
        if number is None or self._key_of(number) != key:
            return  # the clerk moved on to another document meanwhile
        if exc is not None:
            set_message(self.lookup_label, self.tr("联网查询失败，请手工填写"))
            return
        if isinstance(person, Person):
            self._found(person, self.tr("老用户：已从本大厅申请人库填入"))
        else:
            set_message(self.lookup_label, self.tr("新申请人，请填写姓名和联系方式"))

    def _found(self, person: Person, note: str) -> None:
        self.fill_from(person)
        self._filled_for = person.record_key
        set_message(self.lookup_label, f"{note}（{mask_id(person.id_number)}）")
        self.applicantFound.emit(person)

    def wait_for_lookups(self, msecs: int = 5000) -> bool:
        """Tests and shutdown: wait for a running server lookup."""
        return self._caller.wait(msecs)
