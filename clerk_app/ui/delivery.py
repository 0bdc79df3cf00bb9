"""出件: hand out a ready result at the window, or mail it free of charge.

The clerk scans the barcode on the applicant's notice (the scanner types the case number and
presses Enter) or types the number; the case opens from the local store and must be
「待领取」. For a pick-up the clerk checks the identity document presented
(ui/delivery_identity.py): it must be the applicant's, an agent's recorded on the case, or a
newly authorised agent's (ID plus a note on the 委托书). A mismatch is refused with a clear
message. Delivering is one local transaction (``store.cases.update`` with a CaseEvent, which
also queues the change for the server); then the 送达回证 prints. For mail, the address (from
acceptance, or typed now), the courier and the waybill number are recorded, the case is marked
已邮寄 and the 邮寄单 prints.
A case accepted with gaps (容缺) goes out only once every material is supplied: scanning its
notice offers 「登记补齐」 (ui/gap_supply.py) and prints the 材料接收凭证.
A bundle (一件事): its notice or any of its item cases shows all the cases (ui/delivery_bundle.py);
the ready ones go out together, or part by part, each case with its own event and document.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from clerk_app.domain.bundle_handout import BundleHandout, MemberState, member_state
from clerk_app.domain.bundle_link import parse_bundle_number
from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, parse_case_number
from clerk_app.domain.gaps import gap_summary, open_gaps, termination_of
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.handover import refusal_for_status
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.phones import mask_phone
from clerk_app.printing.delivery import Delivery, DeliveryDoc, ResultSummary, result_of
from clerk_app.ui.acceptance._common import ERROR_COLOUR, OK_COLOUR
from clerk_app.ui.delivery_bundle import BundleBox, opening_message, still_waiting
from clerk_app.ui.delivery_identity import IdentityForm
from clerk_app.ui.delivery_mail import MailForm
from clerk_app.ui.forms.ui_delivery import Ui_DeliveryPage
from clerk_app.ui.gap_supply import GapSupplyDialog, open_termination_preview, record_supply
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.print_preview import PdfPreviewDialog, PrintPreviewDialog


class DeliveryPage(QWidget):
    """出件 page. ``open_case(number)`` is also the slot the ready list's ``openCase`` feeds."""

    openCase = Signal(str)  # the clerk asks for the case's detail (history dialog)
    delivered = Signal(str)  # a case was delivered or mailed (its number)
    previewOpened = Signal(object)  # the print preview dialog (tests print from it)

    def __init__(
        self,
        context: WindowContext,
        *,
        runner: TaskRunner | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._runner = runner or TaskRunner(parent=self)
        self._clock = clock or hall_now
        self.case: Case | None = None
        self.result = ResultSummary()
        # the last hand-out: its cases and deliveries (补打 prints them again)
        self._handed: list[tuple[Case, Delivery]] = []

        self.form = Ui_DeliveryPage()
        self.form.setupUi(self)
        form = self.form
        self.scan_edit = form.delivery_scan
        self.open_button = form.delivery_open
        self.message = form.delivery_message
        self.case_box = form.delivery_case_box
        self.fields: dict[str, QLabel] = {
            label.objectName().removeprefix("delivery_field_"): label
            for label in (
                form.delivery_field_number,
                form.delivery_field_status,
                form.delivery_field_applicant,
                form.delivery_field_applicant_id,
                form.delivery_field_agent,
                form.delivery_field_mobile,
                form.delivery_field_item,
                form.delivery_field_result,
                form.delivery_field_promised,
                form.delivery_field_delivery_mode,
            )
        }
        self.reprint_button = form.delivery_reprint
        self.detail_button = form.delivery_detail
        self.modes = form.delivery_modes
        self.identity = IdentityForm(form)
        self.collector_agent = self.identity.recorded_agent
        self.collector_new = self.identity.new_agent
        self.id_kind = self.identity.kind
        self.id_number = self.identity.number
        self.agent_name = self.identity.agent_name
        self.agent_note = self.identity.agent_note
        self.deliver_button = form.delivery_deliver
        self.mail_form = MailForm(form)
        self.mail_address = self.mail_form.address
        self.waybill = self.mail_form.waybill
        self.mail_slip_button = form.mail_print_slip
        self.mail_button = form.mail_send

        self.scan_edit.returnPressed.connect(self._scan_entered)
        self.open_button.clicked.connect(self._scan_entered)
        self.detail_button.clicked.connect(self._detail_clicked)
        self.reprint_button.clicked.connect(self.reprint_last)
        self.deliver_button.clicked.connect(self.deliver)
        self.id_number.returnPressed.connect(self.deliver)
        self.mail_slip_button.clicked.connect(self.print_mail_slip)
        self.mail_button.clicked.connect(self.mail)
        self.supply_button = QPushButton(self.tr("登记补齐…"), self)
        self.supply_button.setObjectName("delivery_supply")
        self.supply_button.setToolTip(self.tr("申请人补交容缺材料：登记补齐并打印材料接收凭证"))
        holder = self.detail_button.parentWidget()
        layout = holder.layout() if holder is not None else None
        if layout is not None:
            layout.addWidget(self.supply_button)
        self.supply_button.clicked.connect(self.supply_gaps)
        self.termination_button = QPushButton(self.tr("打印终止办理通知书"), self)
        self.termination_button.setObjectName("delivery_termination_print")
        if layout is not None:
            layout.addWidget(self.termination_button)
        self.termination_button.clicked.connect(self.print_termination)
        self.bundle = BundleBox(form, context.calendar, self)
        self.bundle.caseSelected.connect(self._bundle_case_chosen)
        self.bundle.chosenChanged.connect(self._enable_actions)
        # A bundle's box takes the case box's place (the screen has no room for both): its
        # buttons act on the row chosen, as the case box's act on its case.
        self._twins = (
            (self.reprint_button, form.delivery_bundle_reprint, self.reprint_last),
            (self.detail_button, form.delivery_bundle_detail, self._detail_clicked),
            (self.supply_button, form.delivery_bundle_supply, self.supply_gaps),
            (self.termination_button, form.delivery_bundle_termination, self.print_termination),
        )
        for _single, twin, slot in self._twins:
            twin.clicked.connect(slot)
        self._show(None)

    # ------------------------------------------------------------------ messages

    def show_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "ok")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if error else OK_COLOUR};")
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ opening a case

    @Slot()
    def _scan_entered(self) -> None:
        self.open_case(self.scan_edit.text())
        self.scan_edit.selectAll()  # the next scan replaces it

    @Slot(str)
    def open_case(self, number: str) -> bool:
        """Open case ``number`` (or a bundle number: the bundle) from the local store; True
        when a result can be handed out. A bundle's item case shows the whole bundle."""
        # NFKC: a scanner or an IME in full-width mode still gives the ASCII number.
        text = unicodedata.normalize("NFKC", number).strip().upper()
        self.scan_edit.setText(text)
        if not text:
            self.show_message(self.tr("请扫描或输入案件编号"), error=True)
            return False
        store = self.context.store
        members: list[Case] | None = None
        if parse_bundle_number(text) is not None:
            members = store.cases.of_bundle(text)
            case = next((c for c in members if member_state(c) is MemberState.READY), None)
            case = case or (members[0] if members else None)
            missing = self.tr("本机没有一件事 %1；如在其他窗口受理，请等待同步后再试").replace(
                "%1", text
            )
        elif parse_case_number(text) is not None:
            case = store.cases.get(text)
            missing = self.tr("本机没有案件 %1；如案件在其他窗口受理，请等待同步后再试").replace(
                "%1", text
            )
        else:
            self._show(None)
            self.show_message(
                self.tr("「%1」不是案件编号（格式如 HS01-05-20261123-0007）").replace(
                    "%1", text[:40]
                ),
                error=True,
            )
            return False
        if case is None:
            self._show(None)
            self.show_message(missing, error=True)
            return False
        self._show(case, members)
        return self._say_what_goes_out(case)

    def _show(self, case: Case | None, members: list[Case] | None = None) -> None:
        """Show ``case`` and, for a bundle's item case, its whole bundle (``members``, when
        the caller has loaded them)."""
        handout = None
        if case is not None and case.bundle is not None:
            cases = members or self.context.store.cases.of_bundle(case.bundle_no)
            handout = BundleHandout.of(cases)
        self.bundle.show(handout, case.number if case is not None else "")
        self.case_box.setVisible(handout is None)
        self._show_case(case)

    def _say_what_goes_out(self, case: Case) -> bool:
        """The message after opening ``case``: what can be handed out now, or why nothing."""
        text, ready = opening_message(case, self.bundle.handout)
        self.show_message(text, error=not ready)
        if open_gaps(case) and not ready:
            supply = self.form.delivery_bundle_supply if self.bundle.handout else None
            (supply or self.supply_button).setFocus()
        elif ready:
            self.id_number.setFocus()
        return ready

    @Slot(str)
    def _bundle_case_chosen(self, number: str) -> None:
        """A row of the bundle's box: the case its buttons act on (登记补齐 on a gap)."""
        case = self.context.store.cases.get(number)
        if case is not None:
            self._show_case(case)
            if open_gaps(case):
                self.show_message(
                    gap_summary(case) + self.tr("。申请人补交材料请点「登记补齐」"), error=True
                )

    def _show_case(self, case: Case | None) -> None:
        self.case = case
        self._enable_actions()
        self._fill_case(case)

    def _target_numbers(self) -> list[str]:
        """What 发放 or 寄出 would hand out now: the ticked cases of a bundle, or the open
        case when its result can go out."""
        if self.bundle.handout is not None:
            return self.bundle.chosen()
        case = self.case
        if case is None or case.status is not CaseStatus.RESULT_READY or open_gaps(case):
            return []
        return [case.number]

    @Slot()
    def _enable_actions(self) -> None:
        case = self.case
        targets = self._target_numbers()
        for widget in (self.modes, self.deliver_button, self.mail_button, self.mail_slip_button):
            widget.setEnabled(bool(targets))
        self.deliver_button.setText(
            self.tr("核验身份并发放勾选的 %n 项（打印送达回证）", "", len(targets))
            if self.bundle.handout is not None
            else self.tr("核验身份并发放（打印送达回证）")
        )
        self.detail_button.setEnabled(case is not None)
        self.supply_button.setVisible(case is not None and bool(open_gaps(case)))
        self.termination_button.setVisible(case is not None and termination_of(case) is not None)
        self.reprint_button.setEnabled(
            case is not None and any(done.number == case.number for done, _ in self._handed)
        )
        for single, twin, _slot in self._twins:
            twin.setEnabled(single.isEnabled())
            twin.setVisible(not single.isHidden())

    def _fill_case(self, case: Case | None) -> None:
        if case is None:
            for label in self.fields.values():
                label.clear()
            self.result = ResultSummary()
            return
        self.result = result_of(case)
        a = case.applicant
        values = {
            "number": case.number,
            "status": tr_domain(case.status.label),
            "applicant": a.name,
            "applicant_id": f"{a.document_label} {mask_id(a.id_number)}",
            "agent": (
                f"{case.agent.name}（{case.agent.document_label} {mask_id(case.agent.id_number)}）"
                if case.agent
                else self.tr("无")
            ),
            "mobile": mask_phone(a.mobile) if a.mobile else "",
            "item": f"{case.item.name}（{case.item.code}）",
            "result": self.result.described,
            "promised": case.promised_date.isoformat() if case.promised_date else "",
            "delivery_mode": (
                self.tr("免费邮寄：%1").replace("%1", case.mail_address)
                if case.delivery_mode == "mail"
                else self.tr("窗口领取")
            ),
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        self.identity.fill(case)
        self.mail_form.fill(case)
        self.modes.setCurrentIndex(1 if case.delivery_mode == "mail" else 0)

    @Slot()
    def _detail_clicked(self) -> None:
        if self.case is not None:
            self.openCase.emit(self.case.number)

    # ------------------------------------------------------------------ hand-out

    def _targets(self) -> list[Case] | None:
        """The cases to hand out, as stored now (a sync may have changed them since they were
        opened); None, with the reason shown, when one of them cannot go out."""
        if self.case is None:
            self.show_message(self.tr("请先扫描或输入案件编号"), error=True)
            return None
        store = self.context.store
        if self.bundle.handout is not None:
            numbers = self.bundle.chosen()
            fresh = BundleHandout.of(store.cases.of_bundle(self.case.bundle_no))
            reasons = fresh.refusals(numbers)
            if reasons:
                self.show_message("；".join(reasons), error=True)
                return None
            by_number = {c.number: c for c in fresh.cases}
            return [by_number[n] for n in numbers]
        case = store.cases.get(self.case.number)
        if case is None:
            self.show_message(
                self.tr("案件 %1 已不在本机").replace("%1", self.case.number), error=True
            )
            return None
        refusal = refusal_for_status(case)
        if refusal:
            self._show_case(case)
            self.show_message(refusal, error=True)
            return None
        return [case]

    def _hand_out(
        self, targets: list[Case], deliveries: list[Delivery], status: CaseStatus, detail: str
    ) -> list[tuple[Case, Delivery]]:
        """Record each case's hand-out (its own event and outbox operation); the cases
        recorded, with their delivery. Stops at the first the store refuses, and says so."""
        handed: list[tuple[Case, Delivery]] = []
        for case, delivery in zip(targets, deliveries, strict=True):
            event = CaseEvent(
                delivery.delivered_at,
                self.context.user.username,
                self.context.window_label,
                "status",
                status,
                f"{detail}；结果：{delivery.result.described}",
            )
            changed = replace(
                case,
                status=status,
                delivery_mode=delivery.mode,
                mail_address=delivery.mail_address or case.mail_address,
            )
            try:
                self.context.store.cases.update(changed, event)
            except Exception as exc:  # the store says why (e.g. a transition no longer legal)
                done = "、".join(c.number for c, _ in handed)
                self.show_message(
                    self.tr("案件 %1 未保存：%2").replace("%1", case.number).replace("%2", str(exc))
                    + (self.tr("（已保存：%1）").replace("%1", done) if done else ""),
                    error=True,
                )
                break
            handed.append((self.context.store.cases.get(case.number) or changed, delivery))
        if handed:
            self._handed = handed
            numbers = {c.number for c, _ in handed}
            current = self.case.number if self.case is not None else ""
            self._show(next((c for c, _ in handed if c.number == current), handed[0][0]))
            for number in sorted(numbers):
                self.delivered.emit(number)
        return handed

    @Slot()
    def deliver(self) -> bool:
        """Check the identity presented; on a match mark the case(s) delivered and print."""
        targets = self._targets()
        if targets is None:
            return False
        verdicts = self.identity.verdicts(targets)
        refused = next((v for v in verdicts if not v.ok or v.recipient is None), None)
        if refused is not None and refused.needs_confirmation:
            self.show_message(refused.message, error=True)
            if self.confirm_unrecorded_country(refused.message):
                verdicts = self.identity.verdicts(targets, unrecorded_country_confirmed=True)
                refused = next((v for v in verdicts if not v.ok or v.recipient is None), None)
        if refused is not None:
            self.show_message(refused.message, error=True)
            self.identity.ask_again()
            return False
        verdict = verdicts[0]
        recipient = verdict.recipient
        assert recipient is not None
        now = self._clock()
        detail = (
            f"窗口发放：领取人{recipient.name}（{verdict.role}），"
            f"{recipient.document_label} {mask_id(recipient.id_number)}"
        )
        if verdict.authorisation_note:
            detail += f"；委托情况：{verdict.authorisation_note}"
        if verdict.checked_note:
            detail += f"；{verdict.checked_note}"
        deliveries = [
            Delivery(
                "window",
                recipient,
                verdict.role,
                now,
                result_of(case),
                authorisation_note=verdict.authorisation_note,
            )
            for case in targets
        ]
        handed = self._hand_out(targets, deliveries, CaseStatus.DELIVERED, detail)
        if not handed:
            return False
        said = (
            self.tr("已发放：案件 %1 由 %2（%3）领取，请打印送达回证并请领取人签字")
            .replace("%1", "、".join(c.number for c, _ in handed))
            .replace("%2", recipient.name)
            .replace("%3", verdict.role)
        )
        return self._after_hand_out(said, DeliveryDoc.DELIVERY_RECEIPT, handed, targets)

    def confirm_unrecorded_country(self, why: str) -> bool:
        """The clerk confirms having compared a passport, recorded without its country, with
        the copy kept at acceptance. Tests replace it."""
        answer = QMessageBox.question(
            self,
            self.tr("核对护照签发国家/地区"),
            why + "\n\n" + self.tr("已核对护照与受理时留存的复印件一致，确认发放？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ mail

    def _mail_deliveries(self, targets: list[Case], *, need_waybill: bool) -> list[Delivery]:
        """The mailing of ``targets``; empty, with the problems shown, when the form is not
        complete."""
        problems = self.mail_form.problems(need_waybill=need_waybill)
        if problems:
            self.show_message("；".join(problems), error=True)
            return []
        return self.mail_form.deliveries(targets, self._clock())

    @Slot()
    def print_mail_slip(self) -> PdfPreviewDialog | None:
        """The 邮寄单 before sending (the waybill number may still be unknown)."""
        targets = self._targets()
        if targets is None:
            return None
        deliveries = self._mail_deliveries(targets, need_waybill=False)
        if not deliveries:
            return None
        return self._print_handed(
            DeliveryDoc.MAIL_SLIP, list(zip(targets, deliveries, strict=True))
        )

    @Slot()
    def mail(self) -> bool:
        """Record the waybill and mark the case(s) mailed (邮寄单 prints afterwards)."""
        targets = self._targets()
        if targets is None:
            return False
        deliveries = self._mail_deliveries(targets, need_waybill=True)
        if not deliveries:
            return False
        d = deliveries[0]
        detail = (
            f"免费邮寄：{d.courier} 运单号{d.waybill_no}，"
            f"收件人{d.recipient.name} {mask_phone(d.recipient.mobile)}，地址{d.mail_address}"
        )
        handed = self._hand_out(targets, deliveries, CaseStatus.MAILED, detail)
        if not handed:
            return False
        said = (
            self.tr("已登记寄出：案件 %1，%2 运单号 %3")
            .replace("%1", "、".join(c.number for c, _ in handed))
            .replace("%2", d.courier)
            .replace("%3", d.waybill_no)
        )
        return self._after_hand_out(said, DeliveryDoc.MAIL_SLIP, handed, targets)

    # ------------------------------------------------------------------ 补齐

    def ask_supply(self, case: Case) -> tuple[list[str], str] | None:
        """The materials the applicant brought and a note; None when the clerk cancels.
        Tests replace it."""
        dialog = GapSupplyDialog(case, self)
        if dialog.exec() != GapSupplyDialog.DialogCode.Accepted:
            return None
        return dialog.chosen(), dialog.note.text()

    @Slot()
    def supply_gaps(self) -> PrintPreviewDialog | None:
        """登记补齐 for the open case, then print the 材料接收凭证 with what is now received."""
        if self.case is None or not open_gaps(self.case):
            return None
        answer = self.ask_supply(self.case)
        if answer is None:
            return None
        done, why = record_supply(self.context, self.case, *answer)
        if done is None:
            self.show_message(self.tr("补齐未登记：%1").replace("%1", why), error=True)
            return None
        self._show(done)
        left = gap_summary(done)
        self.show_message(
            self.tr("已登记补齐：%1").replace("%1", left or self.tr("容缺材料已全部补齐")),
            error=bool(left),
        )
        from clerk_app.printing import DocType
        from clerk_app.ui.print_preview import open_preview

        dialog = open_preview(
            self.context, done, DocType.MATERIAL_RECEIPT, runner=self._runner, parent=self
        )
        dialog.open()
        self.previewOpened.emit(dialog)
        return dialog

    @Slot()
    def print_termination(self) -> PrintPreviewDialog | None:
        """The 终止办理通知书 of the open case, handed to the applicant with the hand-out."""
        if self.case is None or termination_of(self.case) is None:
            return None
        dialog = open_termination_preview(self.context, self.case, runner=self._runner, parent=self)
        dialog.open()
        self.previewOpened.emit(dialog)
        return dialog

    # ------------------------------------------------------------------ printing

    @Slot()
    def reprint_last(self) -> PdfPreviewDialog | None:
        """Print again the documents of the hand-out just made (paper jam, a second copy)."""
        if not self._handed:
            return None
        mailed = self._handed[0][1].mode == "mail"
        doc = DeliveryDoc.MAIL_SLIP if mailed else DeliveryDoc.DELIVERY_RECEIPT
        return self._print_handed(doc, self._handed)

    def _after_hand_out(
        self, said: str, doc: DeliveryDoc, handed: list[tuple[Case, Delivery]], targets: list[Case]
    ) -> bool:
        """Say what went out (and what still waits), print its documents; True when all did."""
        self.show_message(said + still_waiting(self.bundle.handout), error=False)
        self._print_handed(doc, handed)
        return len(handed) == len(targets)

    def _print_handed(
        self, doc: DeliveryDoc, handed: list[tuple[Case, Delivery]]
    ) -> PdfPreviewDialog:
        """The document of one case, or of a bundle's cases handed out together."""
        if len(handed) == 1:
            return self.print_document(doc, *handed[0])
        from clerk_app.ui.delivery_print import open_deliveries_preview

        dialog = open_deliveries_preview(
            self.context, handed, doc, runner=self._runner, parent=self
        )
        dialog.open()
        self.previewOpened.emit(dialog)
        return dialog

    def print_document(
        self, doc: DeliveryDoc, case: Case, delivery: Delivery
    ) -> PrintPreviewDialog:
        from clerk_app.ui.delivery_print import open_delivery_preview, printed_before

        reprint = printed_before(self.context, [case.number], doc)
        dialog = open_delivery_preview(
            self.context, case, doc, delivery, reprint=reprint, runner=self._runner, parent=self
        )
        dialog.open()
        self.previewOpened.emit(dialog)
        return dialog
