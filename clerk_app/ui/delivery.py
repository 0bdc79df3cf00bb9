"""出件: hand out a ready result at the window, or mail it free of charge.

The clerk scans the barcode on the applicant's notice (the scanner types the case number and
presses Enter) or types the number; the case opens from the local store and must be
「待领取」. For a pick-up the clerk checks the identity document presented: it must be the
applicant's, an agent's recorded on the case, or a newly authorised agent's (ID plus a note on
the 委托书). A mismatch is refused with a clear message. Delivering is one local transaction
(``store.cases.update`` with a CaseEvent, which also queues the change for the server); then
the 送达回证 prints. For mail, the address (from acceptance, or typed now), the courier and the
waybill number are recorded, the case is marked 已邮寄 and the 邮寄单 prints.
A case accepted with gaps (容缺) goes out only once every material is supplied: scanning its
notice offers 「登记补齐」 (ui/gap_supply.py) and prints the 材料接收凭证.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QWidget,
)

from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, IdKind, Person, parse_case_number
from clerk_app.domain.gaps import gap_summary, open_gaps, termination_of
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.handover import (
    COURIERS,
    MAX_TEXT,
    check_identity,
    refusal_for_status,
)
from clerk_app.domain.identifiers import mask_id, mask_mobile, normalize
from clerk_app.printing.delivery import Delivery, DeliveryDoc, ResultSummary, result_of
from clerk_app.ui.acceptance._common import ERROR_COLOUR, OK_COLOUR
from clerk_app.ui.forms.ui_delivery import Ui_DeliveryPage
from clerk_app.ui.gap_supply import GapSupplyDialog, open_termination_preview, record_supply
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.printing import DocType
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.print_preview import PrintPreviewDialog

# --------------------------------------------------------------------------- printing


def open_delivery_preview(
    context: WindowContext,
    case: Case,
    doc: DeliveryDoc,
    delivery: Delivery,
    *,
    reprint: bool = False,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """The print preview of the 送达回证 or 邮寄单; a print is logged under ``doc.value``."""
    from clerk_app.printing.delivery import render_delivery
    from clerk_app.ui.print_preview import (
        PREVIEW_DPI,
        PrintPreviewDialog,
        make_print_context,
        rasterize_pdf,
    )

    ctx = make_print_context(context, reprint=reprint)
    templates_dir = context.templates_dir

    def render() -> tuple[bytes, list[QImage]]:
        pdf = render_delivery(doc, case, delivery, ctx, templates_dir=templates_dir)
        return pdf, rasterize_pdf(pdf, PREVIEW_DPI)

    dialog = PrintPreviewDialog(
        context.store,
        case,
        cast("DocType", doc),  # the preview only uses .label and .value
        ctx,
        printed_by=context.user.username,
        templates_dir=templates_dir,
        render=render,
        runner=runner,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    return dialog


# --------------------------------------------------------------------------- the page


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
        self.last_delivery: Delivery | None = None
        self._last_number = ""  # the case last_delivery belongs to

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
        self.collector_group = form.collector_group
        self.collector_applicant = form.collector_applicant
        self.collector_agent = form.collector_recorded_agent
        self.collector_new = form.collector_new_agent
        self.id_kind = form.delivery_id_kind
        for kind in IdKind:
            if kind is not IdKind.USCC:  # a person collects, never a company's code
                self.id_kind.addItem(kind.label, kind.value)
        self.id_number = form.delivery_id_number
        self.agent_name = form.delivery_agent_name
        self.agent_note = form.delivery_agent_note
        self.deliver_button = form.delivery_deliver
        self.mail_name = form.mail_name
        self.mail_mobile = form.mail_mobile
        self.mail_address = form.mail_address
        self.courier = form.mail_courier
        self.courier.addItems(COURIERS)
        self.waybill = form.mail_waybill
        self.mail_slip_button = form.mail_print_slip
        self.mail_button = form.mail_send
        for edit in (self.agent_name, self.agent_note, self.mail_address):
            edit.setMaxLength(MAX_TEXT)

        self.scan_edit.returnPressed.connect(self._scan_entered)
        self.open_button.clicked.connect(self._scan_entered)
        self.detail_button.clicked.connect(self._detail_clicked)
        self.reprint_button.clicked.connect(self.reprint_last)
        self.collector_group.buttonToggled.connect(self._collector_changed)
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
        self._show_case(None)

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
        """Open ``number`` from the local store; True when its result can be handed out."""
        # NFKC: a scanner or an IME in full-width mode still gives the ASCII number.
        text = unicodedata.normalize("NFKC", number).strip().upper()
        self.scan_edit.setText(text)
        if not text:
            self.show_message(self.tr("请扫描或输入案件编号"), error=True)
            return False
        if parse_case_number(text) is None:
            self._show_case(None)
            self.show_message(
                self.tr("「%s」不是案件编号（格式如 HS01-05-20261123-0007）") % text[:40],
                error=True,
            )
            return False
        case = self.context.store.cases.get(text)
        if case is None:
            self._show_case(None)
            self.show_message(
                self.tr("本机没有案件 %s；如案件在其他窗口受理，请等待同步后再试") % text,
                error=True,
            )
            return False
        self._show_case(case)
        if open_gaps(case):
            self.show_message(
                self.tr("%1。申请人补交材料请点「登记补齐」；全部补齐后方可出件").replace(
                    "%1", gap_summary(case)
                ),
                error=True,
            )
            self.supply_button.setFocus()
            return False
        refusal = refusal_for_status(case)
        if refusal:
            self.show_message(refusal, error=True)
            return False
        self.show_message(
            self.tr("请核验领取人证件后发放；或切换到「免费邮寄」登记寄出"), error=False
        )
        self.id_number.setFocus()
        return True

    def _show_case(self, case: Case | None) -> None:
        self.case = case
        self._enable_actions(case)
        self._fill_case(case)

    def _enable_actions(self, case: Case | None) -> None:
        gaps = bool(open_gaps(case)) if case is not None else False
        ready = case is not None and case.status is CaseStatus.RESULT_READY and not gaps
        for widget in (self.modes, self.deliver_button, self.mail_button, self.mail_slip_button):
            widget.setEnabled(ready)
        self.detail_button.setEnabled(case is not None)
        self.supply_button.setVisible(gaps)
        self.termination_button.setVisible(case is not None and termination_of(case) is not None)
        self.reprint_button.setEnabled(
            case is not None
            and self.last_delivery is not None
            and self._last_number == case.number
            and case.status in (CaseStatus.DELIVERED, CaseStatus.MAILED)
        )

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
            "status": case.status.label,
            "applicant": a.name,
            "applicant_id": f"{a.id_kind.label} {mask_id(a.id_number)}",
            "agent": (
                f"{case.agent.name}（{case.agent.id_kind.label} {mask_id(case.agent.id_number)}）"
                if case.agent
                else self.tr("无")
            ),
            "mobile": mask_mobile(a.mobile) if a.mobile else "",
            "item": f"{case.item.name}（{case.item.code}）",
            "result": self._result_text(),
            "promised": case.promised_date.isoformat() if case.promised_date else "",
            "delivery_mode": (
                self.tr("免费邮寄：%s") % case.mail_address
                if case.delivery_mode == "mail"
                else self.tr("窗口领取")
            ),
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        self.collector_agent.setEnabled(case.agent is not None)
        self.collector_applicant.setChecked(True)
        self.id_number.clear()
        self.agent_name.clear()
        self.agent_note.clear()
        self.mail_name.setText(a.name)
        self.mail_mobile.setText(a.mobile)
        self.mail_address.setText(case.mail_address or a.address)
        self.waybill.clear()
        self.modes.setCurrentIndex(1 if case.delivery_mode == "mail" else 0)
        self._collector_changed()

    def _result_text(self) -> str:
        r = self.result
        text = f"{r.decision_label}：《{r.name}》" if r.decision_label else f"《{r.name}》"
        if r.number:
            text += self.tr(" 编号 %s") % r.number
        if r.validity:
            text += self.tr("，有效期 %s") % r.validity
        return text

    @Slot()
    def _collector_changed(self, *_args: object) -> None:
        new_agent = self.collector_new.isChecked()
        self.agent_name.setEnabled(new_agent)
        self.agent_note.setEnabled(new_agent)

    @Slot()
    def _detail_clicked(self) -> None:
        if self.case is not None:
            self.openCase.emit(self.case.number)

    def collector(self) -> str:
        checked = self.collector_group.checkedButton()
        return str(checked.property("collector")) if checked is not None else ""

    # ------------------------------------------------------------------ pick-up

    def _fresh_ready_case(self) -> Case | None:
        """The case as stored now (a sync may have changed it since it was opened)."""
        if self.case is None:
            self.show_message(self.tr("请先扫描或输入案件编号"), error=True)
            return None
        case = self.context.store.cases.get(self.case.number)
        if case is None:
            self.show_message(self.tr("案件 %s 已不在本机") % self.case.number, error=True)
            return None
        refusal = refusal_for_status(case)
        if refusal:
            self._show_case(case)
            self.show_message(refusal, error=True)
            return None
        return case

    @Slot()
    def deliver(self) -> bool:
        """Check the identity presented; on a match mark the case delivered and print."""
        case = self._fresh_ready_case()
        if case is None:
            return False
        kind = IdKind(str(self.id_kind.currentData()))
        verdict = check_identity(
            case,
            self.collector(),
            kind,
            self.id_number.text(),
            agent_name=self.agent_name.text(),
            authorisation_note=self.agent_note.text(),
        )
        if not verdict.ok or verdict.recipient is None:
            self.show_message(verdict.message, error=True)
            self.id_number.setFocus()
            self.id_number.selectAll()
            return False
        now = self._clock()
        recipient = verdict.recipient
        detail = (
            f"窗口发放：领取人{recipient.name}（{verdict.role}），"
            f"{recipient.id_kind.label} {mask_id(recipient.id_number)}"
        )
        if verdict.authorisation_note:
            detail += f"；委托情况：{verdict.authorisation_note}"
        detail += f"；结果：{self._result_text()}"
        event = CaseEvent(
            now,
            self.context.user.username,
            self.context.window_label,
            "status",
            CaseStatus.DELIVERED,
            detail,
        )
        delivered = replace(case, status=CaseStatus.DELIVERED, delivery_mode="window")
        try:
            self.context.store.cases.update(delivered, event)
        except Exception as exc:  # the store says why (e.g. a transition no longer legal)
            self.show_message(self.tr("发放未保存：%s") % exc, error=True)
            return False
        self._last_number = case.number
        self.last_delivery = Delivery(
            "window",
            recipient,
            verdict.role,
            now,
            self.result,
            authorisation_note=verdict.authorisation_note,
        )
        stored = self.context.store.cases.get(case.number) or delivered
        self._show_case(stored)
        self.show_message(
            self.tr("已发放：案件 %1 由 %2（%3）领取，请打印送达回证并请领取人签字")
            .replace("%1", case.number)
            .replace("%2", recipient.name)
            .replace("%3", verdict.role),
            error=False,
        )
        self.delivered.emit(case.number)
        self.print_document(DeliveryDoc.DELIVERY_RECEIPT, stored, self.last_delivery)
        return True

    # ------------------------------------------------------------------ mail

    def _mail_delivery(self, case: Case, *, need_waybill: bool) -> Delivery | None:
        name = " ".join(self.mail_name.text().split())
        address = " ".join(self.mail_address.text().split())
        mobile = normalize(self.mail_mobile.text())
        waybill = normalize(self.waybill.text())
        problems = []
        if not name:
            problems.append(self.tr("请填写收件人"))
        if not address:
            problems.append(self.tr("请填写邮寄地址"))
        if not mobile:
            problems.append(self.tr("请填写收件电话（快递员联系收件人用）"))
        if need_waybill and not waybill:
            problems.append(self.tr("请扫描或输入运单号"))
        if waybill and not (waybill.isascii() and waybill.isalnum()):
            problems.append(self.tr("运单号只能包含字母和数字"))
        if problems:
            self.show_message("；".join(problems), error=True)
            return None
        recipient = Person(case.applicant.id_kind, case.applicant.id_number, name, mobile, address)
        return Delivery(
            "mail",
            recipient,
            self.tr("收件人"),
            self._clock(),
            self.result,
            mail_address=address,
            waybill_no=waybill,
            courier=self.courier.currentText(),
        )

    @Slot()
    def print_mail_slip(self) -> PrintPreviewDialog | None:
        """The 邮寄单 before sending (the waybill number may still be unknown)."""
        case = self._fresh_ready_case()
        if case is None:
            return None
        delivery = self._mail_delivery(case, need_waybill=False)
        if delivery is None:
            return None
        return self.print_document(DeliveryDoc.MAIL_SLIP, case, delivery)

    @Slot()
    def mail(self) -> bool:
        """Record the waybill and mark the case mailed (邮寄单 prints afterwards)."""
        case = self._fresh_ready_case()
        if case is None:
            return False
        delivery = self._mail_delivery(case, need_waybill=True)
        if delivery is None:
            return False
        detail = (
            f"免费邮寄：{delivery.courier} 运单号{delivery.waybill_no}，"
            f"收件人{delivery.recipient.name} {mask_mobile(delivery.recipient.mobile)}，"
            f"地址{delivery.mail_address}；结果：{self._result_text()}"
        )
        event = CaseEvent(
            delivery.delivered_at,
            self.context.user.username,
            self.context.window_label,
            "status",
            CaseStatus.MAILED,
            detail,
        )
        mailed = replace(
            case, status=CaseStatus.MAILED, delivery_mode="mail", mail_address=delivery.mail_address
        )
        try:
            self.context.store.cases.update(mailed, event)
        except Exception as exc:
            self.show_message(self.tr("寄出未保存：%s") % exc, error=True)
            return False
        self._last_number = case.number
        self.last_delivery = delivery
        stored = self.context.store.cases.get(case.number) or mailed
        self._show_case(stored)
        self.show_message(
            self.tr("已登记寄出：案件 %1，%2 运单号 %3")
            .replace("%1", case.number)
            .replace("%2", delivery.courier)
            .replace("%3", delivery.waybill_no),
            error=False,
        )
        self.delivered.emit(case.number)
        self.print_document(DeliveryDoc.MAIL_SLIP, stored, delivery)
        return True

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
            self.show_message(self.tr("补齐未登记：%s") % why, error=True)
            return None
        self._show_case(done)
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
    def reprint_last(self) -> PrintPreviewDialog | None:
        """Print again the document of the delivery just made (paper jam, a second copy)."""
        if self.case is None or self.last_delivery is None:
            return None
        doc = (
            DeliveryDoc.MAIL_SLIP
            if self.last_delivery.mode == "mail"
            else DeliveryDoc.DELIVERY_RECEIPT
        )
        return self.print_document(doc, self.case, self.last_delivery)

    def print_document(
        self, doc: DeliveryDoc, case: Case, delivery: Delivery
    ) -> PrintPreviewDialog:
        reprint = any(r.doc_type == doc.value for r in self.context.store.prints.log(case.number))
        dialog = open_delivery_preview(
            self.context, case, doc, delivery, reprint=reprint, runner=self._runner, parent=self
        )
        dialog.open()
        self.previewOpened.emit(dialog)
        return dialog
