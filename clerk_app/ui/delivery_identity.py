"""The 窗口领取 tab's identity part of the 出件 page: who collects (the applicant, the agent
recorded on the case, or a newly authorised agent), the document they present, and the
verdict of ``clerk_app.domain.handover.check_identity`` for each case going out.

A passport is someone's only with its issuing country: the country row (the acceptance page's
``NationalityField``) shows while the document kind needs it, and is never filled from the
case: the clerk reads it off the passport presented."""

from __future__ import annotations

from clerk_app.domain.cases import Case, IdKind, Person
from clerk_app.domain.handover import MAX_TEXT, IdentityCheck, check_identity, needs_country
from clerk_app.ui.acceptance.document_input import NationalityField
from clerk_app.ui.forms.ui_delivery import Ui_DeliveryPage
from clerk_app.ui.i18n import tr_domain


class IdentityForm:
    """The collector's fields (from forms/delivery.ui)."""

    def __init__(self, form: Ui_DeliveryPage) -> None:
        self.group = form.collector_group
        self.applicant = form.collector_applicant
        self.recorded_agent = form.collector_recorded_agent
        self.new_agent = form.collector_new_agent
        self.kind = form.delivery_id_kind
        for kind in IdKind:
            if kind is not IdKind.USCC:  # a person collects, never a company's code
                self.kind.addItem(tr_domain(kind.label), kind.value)
        self.country = NationalityField(
            form.delivery_country_label, form.delivery_country, form.delivery_country_error
        )
        form.delivery_country_error.setVisible(False)
        self.number = form.delivery_id_number
        self.agent_name = form.delivery_agent_name
        self.agent_note = form.delivery_agent_note
        for edit in (self.agent_name, self.agent_note):
            edit.setMaxLength(MAX_TEXT)
        self._case: Case | None = None
        line = form.delivery_country.lineEdit()
        if line is not None:  # Enter on the country chosen goes on to the number, as Tab
            line.returnPressed.connect(self.number.setFocus)
        self.group.buttonToggled.connect(self._collector_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def fill(self, case: Case) -> None:
        """A case just opened: its applicant is expected, nothing presented yet."""
        self._case = case
        self.recorded_agent.setEnabled(case.agent is not None)
        self.applicant.setChecked(True)
        self.number.clear()
        self.country.set_code("")
        self.agent_name.clear()
        self.agent_note.clear()
        self._collector_changed()

    def collector(self) -> str:
        checked = self.group.checkedButton()
        return str(checked.property("collector")) if checked is not None else ""

    def id_kind(self) -> IdKind:
        return IdKind(str(self.kind.currentData()))

    def verdicts(
        self, cases: list[Case], *, unrecorded_country_confirmed: bool = False
    ) -> list[IdentityCheck]:
        """Whether the document presented lets its holder collect each of ``cases``."""
        kind = self.id_kind()
        return [
            check_identity(
                case,
                self.collector(),
                kind,
                self.number.text(),
                country=self.country.code() if needs_country(kind) else "",
                agent_name=self.agent_name.text(),
                authorisation_note=self.agent_note.text(),
                unrecorded_country_confirmed=unrecorded_country_confirmed,
            )
            for case in cases
        ]

    def ask_again(self) -> None:
        """After a refusal: the number selected, for the next document to replace it."""
        self.number.setFocus()
        self.number.selectAll()

    def _collector_changed(self, *_args: object) -> None:
        new_agent = self.new_agent.isChecked()
        self.agent_name.setEnabled(new_agent)
        self.agent_note.setEnabled(new_agent)
        # the kind of document expected: the one recorded for whom the clerk says collects
        expected = self._expected_person()
        if expected is not None and not expected.is_organisation:
            self.kind.setCurrentIndex(max(self.kind.findData(expected.id_kind.value), 0))

    def _expected_person(self) -> Person | None:
        case = self._case
        if case is None:
            return None
        if self.applicant.isChecked():
            return case.applicant
        if self.recorded_agent.isChecked():
            return case.agent
        return None

    def _kind_changed(self, *_args: object) -> None:
        self.country.set_shown(needs_country(self.id_kind()))
