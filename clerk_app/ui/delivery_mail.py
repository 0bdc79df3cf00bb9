"""The 免费邮寄 tab of the 出件 page: addressee, phone, address, courier and waybill number,
filled from the case and checked before anything is recorded. One envelope may carry several
results (a bundle's): each case gets its own ``Delivery`` with the same mailing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from clerk_app.domain.cases import Case, Person
from clerk_app.domain.handover import COURIERS, MAX_TEXT
from clerk_app.domain.identifiers import normalize
from clerk_app.domain.phones import format_phone
from clerk_app.printing.delivery import Delivery, result_of
from clerk_app.ui.forms.ui_delivery import Ui_DeliveryPage


class MailForm:
    """The mail tab's fields (from forms/delivery.ui)."""

    def __init__(self, form: Ui_DeliveryPage) -> None:
        self.name = form.mail_name
        self.mobile = form.mail_mobile
        self.address = form.mail_address
        self.courier = form.mail_courier
        self.courier.addItems(COURIERS)
        self.waybill = form.mail_waybill
        self.address.setMaxLength(MAX_TEXT)

    def fill(self, case: Case) -> None:
        """The applicant as addressee, the address given at acceptance; no waybill yet."""
        applicant = case.applicant
        self.name.setText(applicant.name)
        self.mobile.setText(format_phone(applicant.mobile))
        self.address.setText(case.mail_address or applicant.address)
        self.waybill.clear()

    def problems(self, *, need_waybill: bool) -> list[str]:
        """What is missing or wrong in the form; empty when it can be recorded."""
        waybill = normalize(self.waybill.text())
        problems = []
        if not self.name.text().strip():
            problems.append(QCoreApplication.translate("DeliveryPage", "请填写收件人"))
        if not self.address.text().strip():
            problems.append(QCoreApplication.translate("DeliveryPage", "请填写邮寄地址"))
        if not normalize(self.mobile.text()):
            problems.append(
                QCoreApplication.translate("DeliveryPage", "请填写收件电话（快递员联系收件人用）")
            )
        if need_waybill and not waybill:
            problems.append(QCoreApplication.translate("DeliveryPage", "请扫描或输入运单号"))
        if waybill and not (waybill.isascii() and waybill.isalnum()):
            problems.append(QCoreApplication.translate("DeliveryPage", "运单号只能包含字母和数字"))
        return problems

    def deliveries(self, cases: list[Case], at: datetime) -> list[Delivery]:
        """One mailing (envelope, waybill, addressee) for every case, each with its result.
        Call :meth:`problems` first."""
        first = cases[0].applicant
        address = " ".join(self.address.text().split())
        recipient = Person(
            first.id_kind,
            first.id_number,
            " ".join(self.name.text().split()),
            normalize(self.mobile.text()),
            address,
        )
        mailing = Delivery(
            "mail",
            recipient,
            QCoreApplication.translate("DeliveryPage", "收件人"),
            at,
            result_of(cases[0]),
            mail_address=address,
            waybill_no=normalize(self.waybill.text()),
            courier=self.courier.currentText(),
        )
        return [replace(mailing, result=result_of(case)) for case in cases]
