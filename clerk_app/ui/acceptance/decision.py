"""The decision at the window: 受理, 容缺受理, 一次性告知, 不予受理, 当场办结.

The panel checks the decision with ``clerk_app.domain.cases.validate_decision`` (plus whatever
the page still misses: applicant, scenario) and shows every reason at once in red; only a
decision without errors is emitted as ``decided``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

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
from clerk_app.ui.acceptance._common import ERROR_COLOUR, OK_COLOUR, tr_domain

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

_DECISION_KEYS = (
    (DecisionKind.ACCEPT, "decisionAccept", "Alt+1"),
    (DecisionKind.ACCEPT_WITH_GAPS, "decisionAcceptWithGaps", "Alt+2"),
    (DecisionKind.MISSING_NOTICE, "decisionMissingNotice", "Alt+3"),
    (DecisionKind.REFUSE, "decisionRefuse", "Alt+4"),
    (DecisionKind.COMPLETE_ON_SPOT, "decisionCompleteOnSpot", "Alt+5"),
)


# The decision's details (gap list, errors, refusal fields) scroll beyond this height, so the
# checklist keeps its room on a 768-pixel screen.
DETAILS_MAX_HEIGHT = 180


class FitScrollArea(QScrollArea):
    """A scroll area as tall as its contents (for its width), up to ``max_height``; beyond
    that it scrolls. Its height follows what the contents show."""

    def __init__(self, max_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_height = max_height
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _content_height(self) -> int:
        widget = self.widget()
        if widget is None:
            return 0
        width = self.viewport().width()
        if widget.hasHeightForWidth() and width > 0:
            height = widget.heightForWidth(width)
        else:
            height = widget.sizeHint().height()
        return min(max(height, 0), self._max_height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._content_height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a field shown or hidden, a message: new height
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # wrapped text: the height depends on the width


class DecisionPanel(QWidget):
    """Choose and confirm the decision. ``decided(Decision)`` only fires when it is valid."""

    decided = Signal(object)  # Decision

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPanel")
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)

        # Two rows of three: one row of five is wider than the space left beside the queue
        # panel on a 1366-pixel counter screen.
        radios = QGridLayout()
        radios.setHorizontalSpacing(10)
        radios.setVerticalSpacing(2)
        self.group = QButtonGroup(self)
        self.radios: dict[DecisionKind, QRadioButton] = {}
        for index, (kind, name, keys) in enumerate(_DECISION_KEYS):
            button = QRadioButton(f"{tr_domain(kind.label)} ({keys})", self)
            button.setObjectName(name)
            self.group.addButton(button)
            self.radios[kind] = button
            radios.addWidget(button, index // 3, index % 3)
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda b=button: self._choose(b))
        radios.setColumnStretch(3, 1)
        layout.addLayout(radios)
        self.group.buttonToggled.connect(self._on_kind_changed)

        # Everything below the radios scrolls, so a long gap list or many errors (a bundle)
        # never push the checklist off a 768-pixel screen.
        self.details_scroll = FitScrollArea(DETAILS_MAX_HEIGHT, self)
        self.details_scroll.setObjectName("decisionDetailsScroll")
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop itself (a frameless area shows no focus); Tab goes to its fields and
        # the area scrolls the focused one into view.
        self.details_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        details = QWidget(self.details_scroll)
        details.setObjectName("decisionDetails")
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 4, 0)
        details_layout.setSpacing(4)
        self.details_scroll.setWidget(details)
        layout.addWidget(self.details_scroll)

        self.message_label = QLabel(details)
        self.message_label.setObjectName("decisionMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setVisible(False)
        details_layout.addWidget(self.message_label)

        # 容缺: commitment signed + deadline
        self.gap_box = QWidget(self)
        self.gap_box.setObjectName("gapBox")
        gap_row = QHBoxLayout(self.gap_box)
        gap_row.setContentsMargins(0, 0, 0, 0)
        # Alt+S ticks the signed commitment, Alt+D goes to its deadline (keys of the rarer
        # decisions, shown in the labels; Alt+1..5 choose the decision).
        self.signed_check = QCheckBox(self.tr("申请人已签署承诺书(&S)"), self.gap_box)
        self.signed_check.setObjectName("commitmentSignedCheck")
        gap_row.addWidget(self.signed_check)
        gap_row.addSpacing(12)
        deadline_label = QLabel(self.tr("补齐材料期限(&D)"), self.gap_box)
        gap_row.addWidget(deadline_label)
        self.deadline_edit = QDateEdit(self.gap_box)
        deadline_label.setBuddy(self.deadline_edit)
        self.deadline_edit.setObjectName("commitmentDeadlineEdit")
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        gap_row.addWidget(self.deadline_edit)
        gap_row.addStretch(1)
        details_layout.addWidget(self.gap_box)

        # 不予受理: reason + competent agency
        self.refuse_box = QWidget(self)
        self.refuse_box.setObjectName("refuseBox")
        refuse_form = QFormLayout(self.refuse_box)
        refuse_form.setContentsMargins(0, 0, 0, 0)
        refuse_form.setVerticalSpacing(2)
        self.reason_edit = QLineEdit(self.refuse_box)
        self.reason_edit.setObjectName("refuseReasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("必填，将写入不予受理通知书"))
        refuse_form.addRow(self.tr("不予受理理由(&R)*"), self.reason_edit)  # Alt+R: buddy
        self.agency_edit = QLineEdit(self.refuse_box)
        self.agency_edit.setObjectName("competentAgencyEdit")
        self.agency_edit.setPlaceholderText(self.tr("不属于本机关职权时，告知有权受理的机关"))
        refuse_form.addRow(self.tr("有权受理机关(&G)"), self.agency_edit)
        remedies = QLabel(
            self.tr("不予受理通知书将告知申请人依法申请行政复议或者提起行政诉讼的权利。"),
            self.refuse_box,
        )
        remedies.setWordWrap(True)
        remedies.setStyleSheet("color: #555555;")
        refuse_form.addRow("", remedies)
        details_layout.addWidget(self.refuse_box)

        self.gaps_label = QLabel(self)
        self.gaps_label.setObjectName("gapsLabel")
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setTextFormat(Qt.TextFormat.PlainText)
        details_layout.addWidget(self.gaps_label)

        # Delivery of the result
        self.delivery_box = QWidget(self)
        self.delivery_box.setObjectName("deliveryBox")
        delivery = QGridLayout(self.delivery_box)
        delivery.setContentsMargins(0, 0, 0, 0)
        delivery.addWidget(QLabel(self.tr("结果送达"), self.delivery_box), 0, 0)
        self.delivery_combo = QComboBox(self.delivery_box)
        self.delivery_combo.setObjectName("deliveryModeCombo")
        delivery.addWidget(self.delivery_combo, 0, 1)
        self.mail_edit = QLineEdit(self.delivery_box)
        self.mail_edit.setObjectName("mailAddressEdit")
        self.mail_edit.setPlaceholderText(self.tr("邮寄地址（收件人、电话、详细地址）"))
        delivery.addWidget(self.mail_edit, 0, 2)
        delivery.setColumnStretch(2, 1)
        details_layout.addWidget(self.delivery_box)
        self.delivery_combo.currentIndexChanged.connect(self._update_visibility)

        # The promised date stays in sight beside the confirm button.
        buttons = QHBoxLayout()
        self.promised_label = QLabel(self)
        self.promised_label.setObjectName("promisedDateLabel")
        self.promised_label.setWordWrap(True)
        buttons.addWidget(self.promised_label, 1)
        self.confirm_button = QPushButton(self.tr("确认 (Ctrl+Enter)"), self)
        self.confirm_button.setObjectName("confirmDecisionButton")
        self.confirm_button.setDefault(False)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setMinimumWidth(140)
        self.confirm_button.clicked.connect(self.confirm)
        buttons.addWidget(self.confirm_button)
        layout.addLayout(buttons)
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

    def show_info(self, text: str) -> None:
        self.message_label.setStyleSheet(f"color: {OK_COLOUR}; font-weight: bold;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

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
