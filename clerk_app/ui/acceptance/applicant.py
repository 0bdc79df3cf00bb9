"""Who is applying: the applicant's document, name and contact, and an optional agent (代办人);
layout: forms/applicant.ui.

Each document number is a ``DocumentInput`` (checked on Enter and focus loss); what a name and
mobile still lack is ``clerk_app.domain.acceptance.contact_problems``, said here in the clerk's
words. A valid number looks up a returning applicant (local first, then the server).
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
    clean_mobile,
    contact_problems,
    mobile_malformed,
)
from clerk_app.domain.acceptance_draft import EnteredAgent, EnteredApplicant
from clerk_app.domain.cases import IdKind, Person
from clerk_app.domain.identifiers import mask_id
from clerk_app.ui.acceptance._common import (
    BackgroundCaller,
    set_message,
    tr_domain,
)
from clerk_app.ui.acceptance.document_input import DocumentInput
from clerk_app.ui.forms.ui_applicant import Ui_ApplicantPanel

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
        for label in (
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
        return bool(self.type_combo.currentData() == "organisation")

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
            mobile=clean_mobile(self.mobile_edit.text()),
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
            mobile=clean_mobile(self.agent_mobile_edit.text()),
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
        organisation = self.is_organisation()
        who = self.tr("申请单位") if organisation else self.tr("申请人")
        if self.document.valid_number() is None:
            errors.append(
                self.tr("{who}证件号码：{error}").format(who=who, error=self.document.error())
            )
        texts = {
            ContactProblem.NAME_MISSING: (
                self.tr("请填写申请单位名称") if organisation else self.tr("请填写申请人姓名")
            ),
            ContactProblem.MOBILE_MISSING: self.tr("请填写申请人手机号码（个人申请必填）"),
            ContactProblem.MOBILE_MALFORMED: self.tr(
                "申请人手机号码格式不正确：应为11位，以13-19开头"
            ),
        }
        problems = contact_problems(
            self.name_edit.text(), self.mobile_edit.text(), mobile_required=not organisation
        )
        return errors + [texts[p] for p in problems]

    def _agent_errors(self) -> list[str]:
        if not self.agent_check.isChecked():
            return []
        errors: list[str] = []
        if self.agent_document.valid_number() is None:
            errors.append(
                self.tr("代办人证件号码：{error}").format(error=self.agent_document.error())
            )
        texts = {
            ContactProblem.NAME_MISSING: self.tr("请填写代办人姓名"),
            ContactProblem.MOBILE_MISSING: self.tr("请填写代办人手机号码"),
            ContactProblem.MOBILE_MALFORMED: self.tr(
                "代办人手机号码格式不正确：应为11位，以13-19开头"
            ),
        }
        problems = contact_problems(
            self.agent_name_edit.text(), self.agent_mobile_edit.text(), mobile_required=True
        )
        return errors + [texts[p] for p in problems]

    def _check_mobile(self) -> None:
        self._show_mobile_message(self.mobile_edit, self.mobile_error_label)

    def _check_agent_mobile(self) -> None:
        self._show_mobile_message(self.agent_mobile_edit, self.agent_mobile_error_label)

    def _show_mobile_message(self, edit: QLineEdit, label: QLabel) -> None:
        bad = mobile_malformed(edit.text())
        set_message(label, self.tr("手机号码格式不正确：应为11位，以13-19开头") if bad else "")

    # -- draft --------------------------------------------------------------------------
    def entered(self) -> tuple[EnteredApplicant, EnteredAgent]:
        """The applicant and agent as typed (valid or not)."""
        applicant = EnteredApplicant(
            applicant_type=self.type_combo.currentData(),
            document=self.document.entered(),
            name=self.name_edit.text(),
            mobile=self.mobile_edit.text(),
            address=self.address_edit.text(),
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
        known = self._context.store.applicants.find(number)
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
