"""The decision at the window: 受理, 容缺受理, 一次性告知, 不予受理, 当场办结 (layout:
forms/decision.ui).

The panel checks the decision with ``clerk_app.domain.cases.validate_decision`` (plus whatever
the page still misses: applicant, scenario) and shows every reason at once in red; only a
decision without errors is emitted as ``decided``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QWidget

from clerk_app.domain.acceptance import (
    can_complete_on_spot,
    decision_faults,
    default_commitment_deadline,
    delivers_result,
    delivery_modes_for,
    earliest_promised,
    gaps_allowed,
    mail_address_missing,
    promised_dates,
    subject_gaps,
)
from clerk_app.domain.acceptance_draft import EnteredDecision
from clerk_app.domain.cases import Decision, DecisionKind, MaterialCheck, MaterialState
from clerk_app.domain.catalog import DeliveryMode, HandlingKind, Item
from clerk_app.ui.acceptance._common import ERROR_COLOUR, tr_domain
from clerk_app.ui.forms.ui_decision import Ui_DecisionPanel

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

# The decision's details (gap list, errors, refusal fields) scroll beyond this height, so the
# checklist keeps its room on a 768-pixel screen.
DETAILS_MAX_HEIGHT = 180


class DecisionPanel(QWidget):
    """Choose and confirm the decision. ``decided(Decision)`` only fires when it is valid."""

    decided = Signal(object)  # Decision

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._items: list[Item] = []
        self._today = date.today()
        self._promised: dict[str, date] = {}
        self._checks_for: Callable[[str], list[MaterialCheck]] = lambda _code: []
        self._precheck: Callable[[], list[str]] = list
        self._build()
        self.set_subject([], self._today)

    # -- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.form = Ui_DecisionPanel()
        self.form.setupUi(self)
        form = self.form
        self.group = QButtonGroup(self)
        self.radios: dict[DecisionKind, QRadioButton] = {}
        for kind, button, keys in (
            (DecisionKind.ACCEPT, form.decisionAccept, "Alt+1"),
            (DecisionKind.ACCEPT_WITH_GAPS, form.decisionAcceptWithGaps, "Alt+2"),
            (DecisionKind.MISSING_NOTICE, form.decisionMissingNotice, "Alt+3"),
            (DecisionKind.REFUSE, form.decisionRefuse, "Alt+4"),
            (DecisionKind.COMPLETE_ON_SPOT, form.decisionCompleteOnSpot, "Alt+5"),
        ):
            button.setText(f"{tr_domain(kind.label)} ({keys})")
            self.group.addButton(button)
            self.radios[kind] = button
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda b=button: self._choose(b))
        self.group.buttonToggled.connect(self._on_kind_changed)

        self.details_scroll = form.decisionDetailsScroll
        self.details_scroll.set_max_height(DETAILS_MAX_HEIGHT)
        self.message_label = form.decisionMessage
        self.message_label.setVisible(False)
        self.gap_box = form.gapBox
        self.signed_check = form.commitmentSignedCheck
        self.deadline_edit = form.commitmentDeadlineEdit
        self.refuse_box = form.refuseBox
        self.reason_edit = form.refuseReasonEdit
        self.agency_edit = form.competentAgencyEdit
        self.gaps_label = form.gapsLabel
        self.delivery_box = form.deliveryBox
        self.delivery_combo = form.deliveryModeCombo
        self.mail_edit = form.mailAddressEdit
        self.promised_label = form.promisedDateLabel
        self.confirm_button = form.confirmDecisionButton
        self.delivery_combo.currentIndexChanged.connect(self._update_visibility)
        self.confirm_button.clicked.connect(self.confirm)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.confirm)

    # -- subject ------------------------------------------------------------------------
    def set_subject(self, items: list[Item], today: date) -> None:
        """The item(s) being decided (a bundle: several) and the day of the application."""
        self._items = list(items)
        self._today = today
        self._promised = promised_dates(items, today, self._context.calendar)
        self._offer_decisions(items)
        limit = self.promised_date()
        self.deadline_edit.setMinimumDate(_qdate(today))
        self.deadline_edit.setMaximumDate(_qdate(limit or today))
        self.deadline_edit.setDate(
            _qdate(default_commitment_deadline(today, limit, self._context.calendar))
        )
        self._offer_delivery_modes(delivery_modes_for(items))
        self._update_promised_label()
        self.refresh()

    def _offer_decisions(self, items: list[Item]) -> None:
        """当场办结 only for 即办件; the 容缺 radio says why it will be refused."""
        immediate = can_complete_on_spot(items)
        complete = self.radios[DecisionKind.COMPLETE_ON_SPOT]
        complete.setEnabled(immediate)
        complete.setToolTip("" if immediate else self.tr("仅即办件可当场办结"))
        self.radios[DecisionKind.ACCEPT_WITH_GAPS].setToolTip(
            "" if gaps_allowed(items) else self.tr("本事项不允许容缺受理")
        )
        if complete.isChecked() and not immediate:
            self._uncheck_all()

    def _offer_delivery_modes(self, modes: list[DeliveryMode]) -> None:
        self.delivery_combo.blockSignals(True)
        self.delivery_combo.clear()
        for mode in modes:
            self.delivery_combo.addItem(tr_domain(mode.label), mode.value)
        self.delivery_combo.blockSignals(False)

    def set_checks_provider(self, checks_for: Callable[[str], list[MaterialCheck]]) -> None:
        """Where the panel reads each item's checks (the checklist panel)."""
        self._checks_for = checks_for

    def set_precheck(self, precheck: Callable[[], list[str]]) -> None:
        """Errors found outside this panel (applicant, scenario) shown with the decision's."""
        self._precheck = precheck

    def items(self) -> list[Item]:
        return list(self._items)

    def promised_date(self) -> date | None:
        """The earliest promised date of the subject (a 容缺 deadline may not pass it)."""
        return earliest_promised(self._promised)

    def promised_date_of(self, item_code: str) -> date | None:
        return self._promised.get(item_code)

    # -- state --------------------------------------------------------------------------
    def kind(self) -> DecisionKind | None:
        for kind, button in self.radios.items():
            if button.isChecked():
                return kind
        return None

    def choose(self, kind: DecisionKind) -> None:
        self._choose(self.radios[kind])

    def decision(self) -> Decision | None:
        kind = self.kind()
        if kind is None:
            return None
        if kind is DecisionKind.ACCEPT_WITH_GAPS:
            return Decision(
                kind,
                commitment_deadline=_pydate(self.deadline_edit.date()),
                commitment_signed=self.signed_check.isChecked(),
            )
        if kind is DecisionKind.REFUSE:
            return Decision(
                kind,
                reason=self.reason_edit.text().strip(),
                competent_agency=self.agency_edit.text().strip(),
            )
        return Decision(kind)

    def delivery_mode(self) -> str:
        return str(self.delivery_combo.currentData() or DeliveryMode.WINDOW.value)

    def mail_address(self) -> str:
        if self.delivery_mode() != DeliveryMode.MAIL.value:
            return ""
        return self.mail_edit.text().strip()

    def set_mail_address(self, address: str) -> None:
        """Suggest the applicant's address for mailing unless the clerk typed one."""
        if not self.mail_edit.text().strip():
            self.mail_edit.setText(address)

    def clear(self) -> None:
        self._uncheck_all()
        self.signed_check.setChecked(False)
        self.reason_edit.clear()
        self.agency_edit.clear()
        self.mail_edit.clear()
        self.show_errors([])
        self.set_subject([], date.today())

    # -- checking -----------------------------------------------------------------------
    def check(self, decision: Decision | None) -> list[str]:
        """Every reason ``decision`` cannot be taken now (empty when it can)."""
        errors = list(self._precheck())
        if decision is None:
            errors.append(self.tr("请选择受理决定（Alt+1 至 Alt+5）"))
            return errors
        for fault in decision_faults(
            self._items,
            self._checks_for,
            decision,
            promised_date=self.promised_date(),
            today=self._today,
        ):
            error = tr_domain(fault.message)
            if fault.item_names:
                error += self.tr("（涉及：{items}）").format(items="、".join(fault.item_names))
            errors.append(error)
        if mail_address_missing(decision.kind, self.delivery_mode(), self.mail_address()):
            errors.append(self.tr("选择了免费邮寄，请填写邮寄地址"))
        return list(dict.fromkeys(errors))  # a bundle repeats the same sentence per item

    def confirm(self) -> bool:
        """Check and, when valid, emit ``decided``. Errors are shown and nothing else happens."""
        decision = self.decision()
        errors = self.check(decision)
        if errors:
            self.show_errors(errors)
            return False
        assert decision is not None
        self.show_errors([])
        self.decided.emit(decision)
        return True

    def show_errors(self, errors: list[str]) -> None:
        if errors:
            text = self.tr("不能确认，请处理：") + "\n" + "\n".join(f"• {e}" for e in errors)
            self.message_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
            self.message_label.setText(text)
            self.details_scroll.verticalScrollBar().setValue(0)  # errors first, always seen
        else:
            self.message_label.setText("")
        self.message_label.setVisible(bool(errors))

    def errors_text(self) -> str:
        return "" if self.message_label.isHidden() else self.message_label.text()

    def refresh(self) -> None:
        """Update what depends on the checklist (the gaps list)."""
        self._update_visibility()
        kind = self.kind()
        if kind not in (DecisionKind.ACCEPT_WITH_GAPS, DecisionKind.MISSING_NOTICE):
            self.gaps_label.setVisible(False)
            return
        lines = [
            self._gap_line(check, kind) for check in subject_gaps(self._items, self._checks_for)
        ]
        title = (
            self.tr("容缺材料（承诺期限内补齐）：")
            if kind is DecisionKind.ACCEPT_WITH_GAPS
            else self.tr("一次性告知需补齐或补正的材料：")
        )
        self.gaps_label.setText(title + ("\n" + "\n".join(lines) if lines else self.tr("无")))
        self.gaps_label.setVisible(True)

    def _gap_line(self, check: MaterialCheck, kind: DecisionKind) -> str:
        name = check.material.name
        if check.state is MaterialState.DEFECTIVE:
            return self.tr("• {name}：需补正（{why}）").format(name=name, why=check.defect_reason)
        line = self.tr("• {name}（{form}{n}份）：未收").format(
            name=name, form=tr_domain(check.material.form.label), n=check.material.copies
        )
        if kind is DecisionKind.ACCEPT_WITH_GAPS and not check.material.gap_allowed:
            line += self.tr("，不可容缺")
        return line

    # -- draft --------------------------------------------------------------------------
    def entered(self) -> EnteredDecision:
        """The decision's fields as entered (valid or not)."""
        return EnteredDecision(
            kind=self.kind(),
            signed=self.signed_check.isChecked(),
            deadline=_pydate(self.deadline_edit.date()),
            reason=self.reason_edit.text(),
            agency=self.agency_edit.text(),
            delivery=self.delivery_combo.currentData(),
            mail_address=self.mail_edit.text(),
        )

    def load(self, entered: EnteredDecision) -> None:
        """Put entered fields back (on the subject they were entered for)."""
        if entered.delivery:
            index = self.delivery_combo.findData(entered.delivery)
            if index >= 0:
                self.delivery_combo.setCurrentIndex(index)
        self.mail_edit.setText(entered.mail_address)
        self.signed_check.setChecked(entered.signed)
        if entered.deadline is not None:
            self.deadline_edit.setDate(_qdate(entered.deadline))
        self.reason_edit.setText(entered.reason)
        self.agency_edit.setText(entered.agency)
        if entered.kind is not None and self.radios[entered.kind].isEnabled():
            self.radios[entered.kind].setChecked(True)

    # -- internals ----------------------------------------------------------------------
    def _choose(self, button: QRadioButton) -> None:
        if not button.isEnabled():
            self.show_errors([button.toolTip() or self.tr("此决定现在不可用")])
            return
        button.setChecked(True)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _uncheck_all(self) -> None:
        self.group.setExclusive(False)
        for button in self.radios.values():
            button.setChecked(False)
        self.group.setExclusive(True)

    def _on_kind_changed(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.show_errors([])
            self.refresh()

    def _update_visibility(self) -> None:
        kind = self.kind()
        self.gap_box.setVisible(kind is DecisionKind.ACCEPT_WITH_GAPS)
        self.refuse_box.setVisible(kind is DecisionKind.REFUSE)
        self.delivery_box.setVisible(delivers_result(kind) or kind is None)
        self.mail_edit.setVisible(self.delivery_mode() == DeliveryMode.MAIL.value)

    def _update_promised_label(self) -> None:
        if not self._items:
            self.promised_label.setText(self.tr("承诺办结日期：选择事项后显示"))
            return
        parts: list[str] = []
        for item in self._items:
            day = self._promised[item.code]
            prefix = f"• {item.name}：" if len(self._items) > 1 else ""
            if item.handling is HandlingKind.IMMEDIATE:
                parts.append(prefix + self.tr("即办件，当场办结（{d}）").format(d=day.isoformat()))
            else:
                parts.append(
                    prefix
                    + self.tr("{d}（{n}个工作日）").format(d=day.isoformat(), n=item.promised_days)
                )
        joiner = "\n" if len(parts) > 1 else ""
        self.promised_label.setText(self.tr("承诺办结日期：") + joiner + "\n".join(parts))


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
