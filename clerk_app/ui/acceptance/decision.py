"""The decision at the window: 受理, 容缺受理, 一次性告知, 不予受理, 当场办结 (layout:
forms/decision.ui).

The panel checks the decision with ``clerk_app.domain.cases.validate_decision`` (plus whatever
the page still misses: applicant, scenario) and shows every reason at once in red; only a
decision without errors is emitted as ``decided``, as each item's own decision by item code.

A bundle (一件事) decides each item on its own (``domain/acceptance_bundle``): Alt+1 … Alt+5
decide all items the same way; ``set_item_kind`` (the bundle's item list, keys 1–5) changes
one. The radios show the decision all items share (none when they differ). The commitment and
the refusal reason are entered once, for the items that need them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
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
from clerk_app.domain.acceptance_bundle import (
    BundleDecisionInput,
    bundle_faults,
    bundle_item_dates,
    bundle_promised_date,
    can_complete_on_spot_in,
    commitment_limit,
    item_decision,
    item_faults,
    joint_limit_date,
    running_dates,
    same_kind,
)
from clerk_app.domain.acceptance_draft import EnteredDecision
from clerk_app.domain.cases import Decision, DecisionKind, MaterialCheck, MaterialState
from clerk_app.domain.catalog import Bundle, DeliveryMode, HandlingKind, Item
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.workdays import LimitUnit
from clerk_app.ui.acceptance._common import ERROR_COLOUR, bundle_mark
from clerk_app.ui.forms.ui_decision import Ui_DecisionPanel
from clerk_app.ui.i18n import tr_domain

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

# The decision's details (gap list, errors, refusal fields) scroll beyond this height, so the
# checklist keeps its room on a 768-pixel screen.
DETAILS_MAX_HEIGHT = 180


# The decisions' names on the radios: the domain's labels, in a language whose words are
# longer (English) shortened so two rows of three fit beside the queue panel at 1366 pixels.
RADIO_TEXTS = {
    DecisionKind.ACCEPT: str(QT_TRANSLATE_NOOP("DecisionPanel", "受理")),
    DecisionKind.ACCEPT_WITH_GAPS: str(QT_TRANSLATE_NOOP("DecisionPanel", "容缺受理")),
    DecisionKind.MISSING_NOTICE: str(QT_TRANSLATE_NOOP("DecisionPanel", "一次性告知(补正)")),
    DecisionKind.REFUSE: str(QT_TRANSLATE_NOOP("DecisionPanel", "不予受理")),
    DecisionKind.COMPLETE_ON_SPOT: str(QT_TRANSLATE_NOOP("DecisionPanel", "当场办结")),
}


class DecisionPanel(QWidget):
    """Choose and confirm the decision. ``decided(Decision)`` only fires when it is valid."""

    decided = Signal(object)  # dict[str, Decision]: each item's decision, by item code
    itemsChanged = Signal()  # a bundle's item decisions or dates changed

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._items: list[Item] = []
        self._bundle: Bundle | None = None
        self._kinds: dict[str, DecisionKind | None] = {}  # a bundle's items' own decisions
        self._syncing_radios = False
        self._today = hall_today()
        self._promised: dict[str, date] = {}
        self._checks_for: Callable[[str], list[MaterialCheck]] = lambda _code: []
        self._precheck: Callable[[], list[str]] = list
        # required lines without an electronic copy, when the hall's setting makes that block
        self._ecopy_blocking: Callable[[], list[str]] = list
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
            button.setText(f"{self.tr(RADIO_TEXTS[kind])} ({keys})")
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
        # a bundle's item list shows what each item's decision still lacks (the signature …)
        self.signed_check.toggled.connect(self._bundle_fields_changed)
        self.deadline_edit.dateChanged.connect(self._bundle_fields_changed)
        self.reason_edit.textChanged.connect(self._bundle_fields_changed)
        self.confirm_button.clicked.connect(self.confirm)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.confirm)

    # -- subject ------------------------------------------------------------------------
    def set_subject(self, items: list[Item], today: date, bundle: Bundle | None = None) -> None:
        """The item(s) being decided (a bundle: its chosen items) and the day of the
        application. The same bundle again (an optional item chosen or left out) keeps the
        decisions of the items still there; other items get the decision the radios show."""
        same_bundle = bundle is not None and self._bundle is not None
        same_bundle = same_bundle and bundle.code == self._bundle.code  # type: ignore[union-attr]
        self._items = list(items)
        self._bundle = bundle
        self._today = today
        calendar = self._context.calendar
        if bundle is None:
            self._promised = promised_dates(items, today, calendar)
            self._kinds = {}
        else:
            self._promised = bundle_item_dates(bundle, items, today, calendar)
            # an item new to the subject gets the decision the radios show (all items share it)
            kept, common = (self._kinds if same_bundle else {}), self.kind()
            self._kinds = {i.code: kept.get(i.code, common) for i in items}
        self._offer_decisions(items)
        self.deadline_edit.setMinimumDate(_qdate(today))
        self._limit_deadline(reset=not same_bundle)
        self._offer_delivery_modes(delivery_modes_for(items))
        self._sync_radios()
        self._update_promised_label()
        self.refresh()

    def _limit_deadline(self, *, reset: bool = False) -> None:
        """A 容缺 deadline may not pass the own date of an item accepted with gaps."""
        if self._bundle is None:
            limit = self.promised_date()
        else:
            limit = commitment_limit(self._kinds, self._promised) or max(
                self._promised.values(), default=None
            )
        current = _pydate(self.deadline_edit.date())
        self.deadline_edit.setMaximumDate(_qdate(limit or self._today))
        offered = default_commitment_deadline(self._today, limit, self._context.calendar)
        if reset or current > (limit or self._today):
            self.deadline_edit.setDate(_qdate(offered))

    def _offer_decisions(self, items: list[Item]) -> None:
        """当场办结 only for 即办件 (in a bundle: ones needing no other item's result); the
        容缺 radio says why it will be refused."""
        if self._bundle is None:
            immediate = can_complete_on_spot(items)
        else:
            bundle = self._bundle
            immediate = bool(items) and all(
                can_complete_on_spot_in(bundle, items, i) for i in items
            )
        complete = self.radios[DecisionKind.COMPLETE_ON_SPOT]
        complete.setEnabled(immediate)
        complete.setToolTip("" if immediate else self.tr("仅即办件可当场办结"))
        gaps_ok = gaps_allowed(items) if self._bundle is None else any(i.gap_allowed for i in items)
        self.radios[DecisionKind.ACCEPT_WITH_GAPS].setToolTip(
            "" if gaps_ok else self.tr("本事项不允许容缺受理")
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

    def set_ecopy_check(self, blocking_lines: Callable[[], list[str]]) -> None:
        """The lines lacking an electronic copy that block 受理/容缺受理 (empty: none, or the
        hall only warns)."""
        self._ecopy_blocking = blocking_lines

    def _ecopy_errors(self, kinds: set[DecisionKind]) -> list[str]:
        if not kinds & {DecisionKind.ACCEPT, DecisionKind.ACCEPT_WITH_GAPS}:
            return []
        lines = self._ecopy_blocking()
        if not lines:
            return []
        return [
            self.tr("本厅要求采集电子件，以下必要材料尚未采集（F11）：%1").replace(
                "%1", "、".join(lines)
            )
        ]

    def items(self) -> list[Item]:
        return list(self._items)

    def bundle(self) -> Bundle | None:
        return self._bundle

    def promised_date(self) -> date | None:
        """The earliest promised date of the subject (a 容缺 deadline may not pass it)."""
        return earliest_promised(self._promised)

    def promised_date_of(self, item_code: str) -> date | None:
        """The item's own promised date (in a bundle: counted from what it waits for)."""
        return self._promised.get(item_code)

    def bundle_date(self) -> date | None:
        """The bundle's date: when its last item accepted (with gaps or not) is due."""
        return bundle_promised_date(running_dates(self._kinds, self._promised))

    # -- a bundle's items ---------------------------------------------------------------
    def item_kind(self, item_code: str) -> DecisionKind | None:
        """The item's own decision (a single item: the panel's)."""
        if self._bundle is None:
            return self.kind()
        return self._kinds.get(item_code)

    def set_item_kind(self, item_code: str, kind: DecisionKind) -> bool:
        """Decide one item of a bundle; False (with the reason shown) when it cannot be."""
        if self._bundle is None or item_code not in self._kinds:
            return False
        item = next(i for i in self._items if i.code == item_code)
        if kind is DecisionKind.COMPLETE_ON_SPOT and not can_complete_on_spot_in(
            self._bundle, self._items, item
        ):
            self.show_errors([self.tr("「%1」不能当场办结").replace("%1", item.name)])
            return False
        self._kinds[item_code] = kind
        self.show_errors([])
        self._sync_radios()
        self._kinds_changed()
        return True

    def item_problems(self) -> dict[str, list[str]]:
        """Why each decided item of a bundle cannot be decided so now, by item code."""
        if self._bundle is None:
            return {}
        decided = [i for i in self._items if self._kinds.get(i.code) is not None]
        found = item_faults(self._bundle_input(decided), self._checks_for)
        return {code: [tr_domain(e) for e in errors] for code, errors in found.items()}

    def _bundle_input(self, items: list[Item]) -> BundleDecisionInput:
        assert self._bundle is not None
        return BundleDecisionInput(
            self._bundle, items, self._kinds, self._shared(), self._promised, self._today
        )

    def _shared(self) -> Decision:
        """The fields entered once for all items (kind unused)."""
        return Decision(
            DecisionKind.ACCEPT,
            reason=self.reason_edit.text().strip(),
            competent_agency=self.agency_edit.text().strip(),
            commitment_deadline=_pydate(self.deadline_edit.date()),
            commitment_signed=self.signed_check.isChecked(),
        )

    def _bundle_fields_changed(self, *_args: object) -> None:
        if self._bundle is not None:
            self.itemsChanged.emit()

    def _kinds_changed(self) -> None:
        self._limit_deadline()
        self._update_promised_label()
        self.refresh()

    def _sync_radios(self) -> None:
        """A bundle's radios show the decision all its items share; none when they differ."""
        if self._bundle is None:
            return
        common = same_kind(self._kinds, [i.code for i in self._items])
        self._syncing_radios = True
        try:
            if common is None:
                self._uncheck_all()
            else:
                self.radios[common].setChecked(True)
        finally:
            self._syncing_radios = False

    # -- state --------------------------------------------------------------------------
    def kind(self) -> DecisionKind | None:
        for kind, button in self.radios.items():
            if button.isChecked():
                return kind
        return None

    def choose(self, kind: DecisionKind) -> None:
        self._choose(self.radios[kind])

    def decision(self) -> Decision | None:
        """The decision of a single item (a bundle's items: ``decisions``)."""
        kind = self.kind()
        if kind is None:
            return None
        return item_decision(kind, self._shared())

    def decisions(self) -> dict[str, Decision] | None:
        """Each item's own decision, by item code; None while an item has none."""
        if self._bundle is None:
            single = self.decision()
            return None if single is None else {i.code: single for i in self._items}
        if any(self._kinds.get(i.code) is None for i in self._items):
            return None
        shared = self._shared()
        return {
            i.code: item_decision(kind, shared)
            for i in self._items
            if (kind := self._kinds.get(i.code)) is not None
        }

    def _kinds_present(self) -> set[DecisionKind]:
        if self._bundle is None:
            kind = self.kind()
            return set() if kind is None else {kind}
        return {k for k in self._kinds.values() if k is not None}

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
        self.set_subject([], hall_today())

    # -- checking -----------------------------------------------------------------------
    def check(self, decision: Decision | None) -> list[str]:
        """Every reason ``decision`` cannot be taken now (empty when it can); a bundle's items
        are checked each with its own decision."""
        errors = list(self._precheck())
        if self._bundle is not None:
            return self._bundle_errors(errors)
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
            errors.append(self._fault_text(fault.message, fault.item_names))
        if mail_address_missing(decision.kind, self.delivery_mode(), self.mail_address()):
            errors.append(self.tr("选择了免费邮寄，请填写邮寄地址"))
        errors += self._ecopy_errors({decision.kind})
        return list(dict.fromkeys(errors))  # a bundle repeats the same sentence per item

    def _bundle_errors(self, errors: list[str]) -> list[str]:
        if not self._kinds_present():
            errors.append(self.tr("请选择受理决定（Alt+1 至 Alt+5 决定全部事项）"))
            return errors
        for fault in bundle_faults(self._bundle_input(self._items), self._checks_for):
            errors.append(self._fault_text(fault.message, fault.item_names))
        delivering = [k for k in self._kinds_present() if k is not DecisionKind.REFUSE]
        if delivering and mail_address_missing(
            delivering[0], self.delivery_mode(), self.mail_address()
        ):
            errors.append(self.tr("选择了免费邮寄，请填写邮寄地址"))
        errors += self._ecopy_errors(self._kinds_present())
        return list(dict.fromkeys(errors))

    def _fault_text(self, message: str, item_names: tuple[str, ...]) -> str:
        error = tr_domain(message)
        if item_names:
            error += self.tr("（涉及：%1）").replace("%1", "、".join(item_names))
        return error

    def confirm(self) -> bool:
        """Check and, when valid, emit ``decided``. Errors are shown and nothing else happens."""
        decisions = self.decisions()
        errors = self.check(self.decision())
        if errors or decisions is None:
            self.show_errors(errors or [self.tr("请选择受理决定（Alt+1 至 Alt+5）")])
            return False
        self.show_errors([])
        self.decided.emit(decisions)
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
        """Update what depends on the checklist (the gaps list; a bundle's item list)."""
        self._update_visibility()
        self.itemsChanged.emit()
        present = self._kinds_present()
        sections: list[str] = []
        for kind, title in (
            (DecisionKind.ACCEPT_WITH_GAPS, self.tr("容缺材料（承诺期限内补齐）：")),
            (DecisionKind.MISSING_NOTICE, self.tr("一次性告知需补齐或补正的材料：")),
        ):
            if kind not in present:
                continue
            items = [i for i in self._items if self.item_kind(i.code) is kind]
            gaps = subject_gaps(items, self._checks_for)
            if self._bundle is not None:  # one line: the checklist keeps the height
                sections.append(
                    title + ("、".join(self._bundle_gap(c, items) for c in gaps) or self.tr("无"))
                )
                continue
            lines = [self._gap_line(c, kind) for c in gaps]
            sections.append(title + ("\n" + "\n".join(lines) if lines else self.tr("无")))
        self.gaps_label.setText("\n".join(sections))
        self.gaps_label.setVisible(bool(sections))

    def _bundle_gap(self, check: MaterialCheck, items: list[Item]) -> str:
        """A gap of a bundle's items, marked with the items it is missing for (③…)."""
        assert self._bundle is not None
        marks = "".join(
            bundle_mark(self._bundle, i.code)
            for i in items
            if any(c.material.name == check.material.name for c in self._checks_for(i.code))
        )
        state = self.tr("需补正") if check.state is MaterialState.DEFECTIVE else self.tr("未收")
        return (
            self.tr("%1%2（%3）")
            .replace("%1", marks)
            .replace("%2", check.material.name)
            .replace("%3", state)
        )

    def _gap_line(self, check: MaterialCheck, kind: DecisionKind) -> str:
        name = check.material.name
        if check.state is MaterialState.DEFECTIVE:
            return (
                self.tr("• %1：需补正（%2）").replace("%1", name).replace("%2", check.defect_reason)
            )
        line = (
            self.tr("• %1（%2%3份）：未收")
            .replace("%1", name)
            .replace("%2", tr_domain(check.material.form.label))
            .replace("%3", str(check.material.copies))
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
            item_kinds={c: k for c, k in self._kinds.items() if k is not None},
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
        if self._bundle is not None and entered.item_kinds:
            for code, kind in entered.item_kinds.items():
                if code in self._kinds:
                    self._kinds[code] = kind
            self._sync_radios()
            self._kinds_changed()
        elif entered.kind is not None and self.radios[entered.kind].isEnabled():
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
        if not checked:
            return
        self.show_errors([])
        kind = self.kind()
        if self._bundle is not None and not self._syncing_radios and kind is not None:
            self._kinds = dict.fromkeys(self._kinds, kind)  # one key decides every item
            self._kinds_changed()
            return
        self.refresh()

    def _update_visibility(self) -> None:
        present = self._kinds_present()
        self.gap_box.setVisible(DecisionKind.ACCEPT_WITH_GAPS in present)
        self.refuse_box.setVisible(DecisionKind.REFUSE in present)
        self.delivery_box.setVisible(not present or any(delivers_result(k) for k in present))
        self.mail_edit.setVisible(self.delivery_mode() == DeliveryMode.MAIL.value)

    def _update_promised_label(self) -> None:
        caveat = self._unpublished_warning() if self._items else ""
        warning = caveat
        if not self._items:
            text = self.tr("承诺办结日期：选择事项后显示")
        elif self._bundle is not None:
            # under the bundle's date its first line only (the checklist keeps its height at
            # 1366×768); what to tell the applicant is in the tooltip
            warning = "\n".join(caveat.split("\n")[:2])
            text = self._bundle_date_text(self._bundle)
        else:
            parts = [
                (f"• {item.name}：" if len(self._items) > 1 else "")
                + self._promised_text(item, self._promised[item.code])
                for item in self._items
            ]
            joiner = "\n" if len(parts) > 1 else ""
            text = self.tr("承诺办结日期：") + joiner + "\n".join(parts)
        self.promised_label.setText(text + warning)
        todo = self.tr("请告知申请人以实际放假安排为准，并请管理员补录工作日覆盖表")
        self.promised_label.setToolTip(f"{caveat.strip()}\n{todo}" if caveat else "")
        # The whole promise is uncertain then: shown in the warning colour (resources/qss).
        # Restyled only when that changes: a polish resizes the label.
        role = "warning" if warning else None
        if self.promised_label.property("role") != role:
            self.promised_label.setProperty("role", role)
            self.promised_label.style().unpolish(self.promised_label)
            self.promised_label.style().polish(self.promised_label)

    def _promised_text(self, item: Item, day: date) -> str:
        if item.handling is HandlingKind.IMMEDIATE:
            return self.tr("即办件，当场办结（%1）").replace("%1", day.isoformat())
        if item.promised_unit is LimitUnit.CALENDAR_DAYS:
            return (
                self.tr("%1（%2日，自然日）")
                .replace("%1", day.isoformat())
                .replace("%2", str(item.promised_days))
            )
        return (
            self.tr("%1（%2个工作日）")
            .replace("%1", day.isoformat())
            .replace("%2", str(item.promised_days))
        )

    def _unpublished_warning(self) -> str:
        """A promised date in a year whose 调休 nobody has entered counts weekends only: the
        clerk must not promise it as certain."""
        calendar = self._context.calendar
        latest = max(self._promised.values(), default=self._today)
        if self._bundle is not None:  # the joint limit may run further
            latest = max(latest, joint_limit_date(self._bundle, self._today, calendar))
        unpublished = calendar.unpublished_years(self._today, latest)
        if not unpublished:
            return ""
        years = "、".join(str(y) for y in unpublished)
        # One line, so the decision keeps its room; what to do is in the label's tooltip.
        note = self.tr("注意：%1年调休未发布，日期只按周末推算，以实际放假为准")
        return "\n" + note.replace("%1", years)

    def _bundle_date_text(self, bundle: Bundle) -> str:
        """One line: the bundle's date and its joint limit (the items' own dates are in the
        bundle's item list)."""
        limit = joint_limit_date(bundle, self._today, self._context.calendar)
        day = self.bundle_date()
        shown = day.isoformat() if day is not None else self.tr("选择决定后显示")
        return (
            self.tr("一件事承诺办结：%1（联办时限至%2）")
            .replace("%1", shown)
            .replace("%2", limit.isoformat())
        )


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
