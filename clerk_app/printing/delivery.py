"""出件 documents: the 送达回证 (proof of delivery at the window) and the 免费邮寄单 (mailing
slip), built from the notices' blocks (``builder.py``): codes band, title, 文号, tables, seal.

The result handed out (name, number, validity) is what the department recorded; the window
learns it from the case's events (``result_of``). Wording comes from the optional
``[documents.delivery_receipt]`` / ``[documents.mail_slip]`` sections of the hall's template
file, or from the shipped file when a hall's older file lacks them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from clerk_app.domain.cases import Case, CaseStatus, Person
from clerk_app.pdfium_lock import PDFIUM_LOCK
from clerk_app.printing.builder import Builder
from clerk_app.printing.case_values import (
    PrintContext,
    person_id,
    person_mobile,
    placeholder_values,
)
from clerk_app.printing.codes import code128_width, draw_code128
from clerk_app.printing.layout import (
    EMPTY,
    clean,
    cn_date,
    styles,
)
from clerk_app.printing.pages import build_a4_pdf, fit_pages
from clerk_app.printing.templates import (
    DocTemplate,
    Templates,
    fill,
    load_templates,
    optional_doc,
)


class DeliveryDoc(StrEnum):
    DELIVERY_RECEIPT = "delivery_receipt"
    MAIL_SLIP = "mail_slip"

    @property
    def label(self) -> str:
        return {"delivery_receipt": "送达回证", "mail_slip": "邮寄单"}[self.value]


@dataclass(frozen=True, slots=True)
class ResultSummary:
    """The department's result: approved or denied, the document's name, number, validity."""

    decision: str = ""  # "approved" | "denied" | "" (unknown)
    name: str = ""
    number: str = ""
    validity: str = ""

    @property
    def decision_label(self) -> str:
        return {"approved": "准予", "denied": "不予许可", "terminated": "终止办理"}.get(
            self.decision, ""
        )

    @property
    def described(self) -> str:
        """ "准予：《不动产权证书》 编号 BDC-0042，有效期 长期" (the 出件 page, its events)."""
        text = f"《{self.name}》"
        if self.decision_label:
            text = f"{self.decision_label}：{text}"
        if self.number:
            text += f" 编号 {self.number}"
        if self.validity:
            text += f"，有效期 {self.validity}"
        return text


# The wording the central back office writes into the approve/deny events.
_RESULT_RE = re.compile(
    r"《(?P<name>[^》]*)》编号(?P<number>[^，；]*)(?:，有效期(?P<validity>[^；]*))?"
)


def result_of(case: Case) -> ResultSummary:
    """The result of the department's decision, read from the case's audit events."""
    for event in reversed(case.events):
        if event.status is CaseStatus.TERMINATED:
            # what goes out is the 终止办理通知书 (printing/termination.py), numbered as the case
            return ResultSummary("terminated", "终止办理通知书", case.number)
        if event.status not in (CaseStatus.APPROVED, CaseStatus.DENIED):
            continue
        decision = "approved" if event.status is CaseStatus.APPROVED else "denied"
        match = _RESULT_RE.search(event.detail)
        if match is None:
            return ResultSummary(decision, case.item.result_name or case.item.name)
        return ResultSummary(
            decision, match["name"], match["number"].strip(), (match["validity"] or "").strip()
        )
    return ResultSummary("", case.item.result_name or case.item.name)


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the result left the window: picked up by someone, or mailed."""

    mode: str  # "window" | "mail"
    recipient: Person  # who collected it, or the addressee of the mail
    recipient_role: str  # 申请人本人 / 委托代理人 / 收件人
    delivered_at: datetime
    result: ResultSummary
    authorisation_note: str = ""  # 委托书 details when an agent collects
    mail_address: str = ""
    waybill_no: str = ""
    courier: str = "中国邮政EMS"


def _doc_template(tpl: Templates, doc: DeliveryDoc) -> DocTemplate:
    return optional_doc(tpl, doc.value)


class _WaybillBarcode(Flowable):
    """The waybill number as a Code128 barcode, for the courier's scanner."""

    def __init__(self, data: str, font: str) -> None:
        super().__init__()
        self.data, self.font = data, font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 16 * mm
        return self.width, self.height

    def draw(self) -> None:
        module = 0.33 * mm
        width = code128_width(self.data, module)
        if width > self.width:
            module *= self.width / width
            width = self.width
        draw_code128(
            self.canv,
            (self.width - width) / 2,
            0,
            self.data,
            module=module,
            bar_height=11 * mm,
            font_name=self.font,
            font_size=9,
        )


@dataclass
class _DeliveryBuilder(Builder):
    delivery: Delivery | None = None

    @property
    def d(self) -> Delivery:
        assert self.delivery is not None
        return self.delivery

    def issue_date(self) -> date:
        return self.d.delivered_at.date()

    def pairs(self, rows: list[tuple[str, ...]], *, big: bool = False) -> Table:
        """Label/value rows bordered like the notices' info table; ``big`` sets the values
        large (an address the courier reads)."""
        if not big:
            return self.label_table(rows)
        big_style = ParagraphStyle("big_cell", parent=self.st.cell, fontSize=12, leading=15.5)

        def value(text: str, _width: float) -> Paragraph:
            # Measured at the large size: a long address wraps instead of overflowing.
            return Paragraph(escape(clean(text or EMPTY)), big_style)

        return self.label_table(rows, value=value, padding=4)

    def person_id(self, person: Person) -> str:
        return f"{person.document_label}　{person_id(person, self.doc.full_id)}"

    def mobile(self, person: Person) -> str:
        return person_mobile(person, self.doc.full_mobile)

    def result_text(self) -> str:
        r = self.d.result
        text = f"《{r.name or EMPTY}》"
        if r.decision_label:
            text = f"{r.decision_label}：{text}"
        return text

    def delivery_receipt(self) -> list[Flowable]:
        d, case = self.d, self.case
        mode = "免费邮寄" if d.mode == "mail" else "窗口领取（直接送达）"
        place = (
            d.mail_address or EMPTY
            if d.mode == "mail"
            else f"{self.values['hall_name']} {self.values['window']}"
        )
        rows: list[tuple[str, ...]] = [
            ("送达文书", self.result_text()),
            ("结果编号", d.result.number or EMPTY, "有效期", d.result.validity or EMPTY),
            ("受送达人", case.applicant.name, "证件号码", self.person_id(case.applicant)),
            (
                "领取人",
                f"{d.recipient.name}（{d.recipient_role}）",
                "领取人证件",
                self.person_id(d.recipient),
            ),
        ]
        if d.authorisation_note:
            rows.append(("委托情况", d.authorisation_note))
        rows += [
            ("送达方式", mode, "送达时间", f"{d.delivered_at:%Y-%m-%d %H:%M}"),
            ("送达地点", place),
        ]
        if d.mode == "mail":
            rows.append(("运单号", f"{d.courier}　{d.waybill_no or EMPTY}"))
        rows.append(("送达人", self.ctx.printed_by or EMPTY, "送达窗口", self.values["window"]))
        return [
            *self.opening(),
            self.section("一、送达情况"),
            self.pairs(rows),
            Spacer(1, 2 * mm),
            self.para(self.t("receipt_note"), self.st.note),
            self.section("二、申请信息"),
            self.info_table(with_promise=True),
            self.section("三、告知事项"),
            *self.notes_and_closing(),
        ]

    def mail_slip(self) -> list[Flowable]:
        d = self.d
        rows: list[tuple[str, ...]] = [
            ("收件人", d.recipient.name, "联系电话", self.mobile(d.recipient)),
            ("收件地址", d.mail_address or EMPTY),
        ]
        sender = [
            ("寄件人", self.t("sender_label")),
            ("寄件电话", self.values["contact_phone"] or EMPTY),
        ]
        contents: list[tuple[str, ...]] = [
            ("内件", self.result_text()),
            ("结果编号", d.result.number or EMPTY, "案件编号", self.case.number),
            ("快递公司", d.courier, "寄出时间", f"{d.delivered_at:%Y-%m-%d %H:%M}"),
        ]
        story: list[Flowable] = [
            *self.opening(),
            self.section("一、收件人"),
            self.pairs(rows, big=True),
            self.section("二、寄件人"),
            self.pairs(cast(list[tuple[str, ...]], sender)),
            self.section(f"三、运单号：{d.waybill_no or '（寄出时填写）'}"),
        ]
        if d.waybill_no and d.waybill_no.isascii() and d.waybill_no.isprintable():
            story.append(_WaybillBarcode(d.waybill_no, self.st.font))
        story += [
            self.section("四、邮件内容"),
            self.pairs(contents),
            Spacer(1, 2 * mm),
            self.para(self.t("packing_note"), self.st.note),
            self.section("五、告知事项"),
            *self.notes_and_closing(),
        ]
        return story


def render_delivery(
    doc: DeliveryDoc | str,
    case: Case,
    delivery: Delivery,
    ctx: PrintContext,
    *,
    templates_dir: Path | None = None,
) -> bytes:
    """Render the 送达回证 or the 邮寄单 of ``case`` as an A4 PDF."""
    doc = DeliveryDoc(doc)
    if not case.number.strip() or not case.number.isascii() or not case.number.isprintable():
        raise ValueError(f"案件编号不能打印为条形码：{case.number!r}")
    tpl = load_templates(templates_dir)
    case_for_values = replace(
        case,
        delivery_mode=delivery.mode,
        mail_address=delivery.mail_address or case.mail_address,
    )
    values = placeholder_values(case_for_values, ctx, tpl)
    values.update(
        {
            "result_name": clean(delivery.result.name or values["result_name"]),
            "result_number": clean(delivery.result.number or EMPTY),
            "validity": clean(delivery.result.validity or EMPTY),
            "recipient_name": clean(delivery.recipient.name),
            "delivered_date": cn_date(delivery.delivered_at.date()),
            "mail_address": clean(delivery.mail_address or EMPTY),
            "waybill_no": clean(delivery.waybill_no or EMPTY),
        }
    )
    doc_template = _doc_template(tpl, doc)
    title = clean(fill(doc_template.text("title"), values))

    def attempt(density: int) -> tuple[bytes, int]:
        st = styles(density)
        builder = _DeliveryBuilder(case_for_values, ctx, tpl, doc_template, values, st, delivery)
        story = (
            builder.delivery_receipt()
            if doc is DeliveryDoc.DELIVERY_RECEIPT
            else builder.mail_slip()
        )
        pages: list[int] = []
        return build_a4_pdf(story, case, ctx, values, st, title, pages_out=pages), pages[0]

    return fit_pages(attempt)


def render_deliveries(
    doc: DeliveryDoc | str,
    handed: Sequence[tuple[Case, Delivery]],
    ctx: PrintContext,
    *,
    templates_dir: Path | None = None,
) -> bytes:
    """The documents of several cases handed out together (a bundle's results) in one PDF:
    each case's own 送达回证 or 邮寄单, in order, for its own file."""
    import pypdfium2 as pdfium

    ones = [
        render_delivery(doc, case, delivery, ctx, templates_dir=templates_dir)
        for case, delivery in handed
    ]
    with PDFIUM_LOCK:  # the window may be rendering a preview or thumbnails meanwhile
        merged = pdfium.PdfDocument.new()
        for one in ones:
            merged.import_pages(pdfium.PdfDocument(one))
        out = io.BytesIO()
        merged.save(out)
    return out.getvalue()
