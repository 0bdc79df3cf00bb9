"""The printed documents of a decision at the window (DESIGN.md §3), as A4 PDFs.

Layout follows the usual shape of a Chinese official notice: barcode and QR band, centred
title, document number (文号), the addressee, the body paragraph, bordered tables, numbered
paragraphs (一、二、…), legal basis, signature lines, and the issuer and date at the bottom
right under the seal. Every page has a footer with who printed it, when, and page x/y;
reprints say 补打 with the time on the first page and in every footer.

All wording comes from the hall's templates (templates.py); this module only lays it out.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _rl_paragraph

from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    DecisionKind,
    MaterialCheck,
    MaterialState,
    Person,
    parse_case_number,
)
from clerk_app.domain.catalog import DeliveryMode, HandlingKind
from clerk_app.domain.identifiers import mask_id, mask_mobile
from clerk_app.domain.progress import check_code, progress_link
from clerk_app.printing.codes import CodesHeader
from clerk_app.printing.fonts import register_cjk_font
from clerk_app.printing.seal import draw_seal, seal_image
from clerk_app.printing.templates import DocTemplate, Templates, fill, load_templates

# reportlab's line breaker lets full-width ，；：！？ start a line, which Chinese typesetting
# (GB/T 15834) forbids; adding them makes the breaker hang them at the line end instead.
_NO_LINE_START = "，；：！？”’》"
for _module in (_rl_paragraph, _rl_textsplit):
    if "，" not in _module.ALL_CANNOT_START:
        _module.ALL_CANNOT_START += _NO_LINE_START

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
REPRINT_RED = Color(0.8, 0.05, 0.05)
HEADER_FILL = HexColor("#EDEDED")
LABEL_FILL = HexColor("#F6F6F6")
EMPTY = "—"
CELL_PADDING = 5
SPLIT_IN_ROW_MIN = 45  # points: never leave a sliver of a row at a page bottom
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 12  # minus the frame's paddings


class _Table(Table):
    """A table that breaks between rows, and inside a row only when the row is taller than a
    whole page (a material name of several thousand characters must still print).

    reportlab's own in-row splitting also cuts ordinary rows at a page bottom, which leaves
    a repeated table head over a sliver of a row and misplaces the other cells of that row.
    """

    splitInRow: int  # reportlab's attribute, declared for the type checker

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        in_row = self.splitInRow
        try:
            self.splitInRow = 0
            parts: list[Flowable] = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = in_row
        for part in parts:  # the pieces were made while in-row splitting was off
            if isinstance(part, _Table):
                part.splitInRow = in_row
        if parts or availHeight < 0.9 * FRAME_HEIGHT:
            return parts  # [] on a partly filled page: the table moves to the next page
        result: list[Flowable] = super().split(availWidth, availHeight)
        return result


class DocType(StrEnum):
    ACCEPTANCE_NOTICE = "acceptance_notice"
    GAP_ACCEPTANCE_NOTICE = "gap_acceptance_notice"
    MISSING_MATERIALS_NOTICE = "missing_materials_notice"
    REFUSAL_NOTICE = "refusal_notice"
    MATERIAL_RECEIPT = "material_receipt"

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]


DOC_TYPE_LABELS = {
    DocType.ACCEPTANCE_NOTICE: "受理通知书",
    DocType.GAP_ACCEPTANCE_NOTICE: "容缺受理通知书",
    DocType.MISSING_MATERIALS_NOTICE: "一次性告知书",
    DocType.REFUSAL_NOTICE: "不予受理通知书",
    DocType.MATERIAL_RECEIPT: "材料接收凭证",
}


@dataclass(frozen=True)
class PrintContext:
    hall_name: str
    window_label: str
    printed_by: str
    printed_at: datetime
    reprint: bool = False
    # From the hall configuration (cached on the counter PC): the public progress page the QR
    # opens and the key of its check code (domain/progress.py), the hall's phone, and the
    # departments' phones (department code -> phone) of the catalog.
    progress_page: str = ""
    progress_secret: str = ""
    hall_phone: str = ""
    department_phones: Mapping[str, str] = field(default_factory=dict)


_BY_DECISION: dict[DecisionKind, list[DocType]] = {
    DecisionKind.ACCEPT: [DocType.ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT],
    DecisionKind.ACCEPT_WITH_GAPS: [DocType.GAP_ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT],
    DecisionKind.MISSING_NOTICE: [DocType.MISSING_MATERIALS_NOTICE],
    DecisionKind.REFUSE: [DocType.REFUSAL_NOTICE],
    # 即办件 done on the spot: the result itself is handed over; the receipt records the papers.
    DecisionKind.COMPLETE_ON_SPOT: [DocType.MATERIAL_RECEIPT],
}
_BY_STATUS: dict[CaseStatus, DecisionKind] = {
    CaseStatus.ACCEPTED: DecisionKind.ACCEPT,
    CaseStatus.ACCEPTED_WITH_GAPS: DecisionKind.ACCEPT_WITH_GAPS,
    CaseStatus.MISSING_NOTICE: DecisionKind.MISSING_NOTICE,
    CaseStatus.REFUSED: DecisionKind.REFUSE,
    CaseStatus.COMPLETED: DecisionKind.COMPLETE_ON_SPOT,
}


def documents_for(case: Case) -> list[DocType]:
    """What the case's decision prints (also used to reprint from history)."""
    kind = case.decision.kind if case.decision else _BY_STATUS.get(case.status)
    return list(_BY_DECISION[kind]) if kind is not None else []


# ---------------------------------------------------------------- text helpers


def clean(text: object) -> str:
    """Printable text: control characters and lone surrogates dropped, newlines as spaces."""
    s = str(text)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cs", "Cn", "Co"):
            out.append(ch)
    return "".join(out)


def _markup(text: object) -> str:
    return escape(clean(text))


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else EMPTY


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三 (numbered paragraphs)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    font: str
    body: ParagraphStyle
    salutation: ParagraphStyle
    number: ParagraphStyle
    note: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    section: ParagraphStyle
    cell_pad: float = 2  # points above a table cell's text (and 0.5 more below)
    line_gap: float = 10 * mm  # between two signature lines
    gap: float = 1.0  # scale of the spacers between blocks


# How tightly a document is set: 0 is the normal look; 1 (compact) is used only when it saves
# a page (a notice must not leave its last lines, signatures and seal alone on a second page).
DENSITIES = (0, 1)


@lru_cache(maxsize=len(DENSITIES))
def _styles(density: int = 0) -> _Styles:
    font = register_cjk_font()
    lead = (0.0, 2.5)[density]  # points taken off the line spacing
    space = (1.0, 0.25)[density]  # scale of the space around paragraphs

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": font,
            "fontSize": 10.5,
            "leading": 15.5,
            "wordWrap": "CJK",
            "alignment": TA_JUSTIFY,
        }
        base.update(kw)
        # Table cells (leading 12.5) keep their spacing nearly: CJK glyphs touch the rules.
        base["leading"] -= lead if base["leading"] > 13 else min(lead / 2, 0.5)
        for key in ("spaceBefore", "spaceAfter"):
            if key in base:
                base[key] *= space
        return ParagraphStyle(name, **base)

    return _Styles(
        font=font,
        body=style("body", firstLineIndent=21, spaceAfter=2),
        salutation=style("salutation", fontSize=12, spaceBefore=4, spaceAfter=2),
        number=style("number", fontSize=10.5, alignment=TA_CENTER, spaceAfter=3),
        note=style("note", firstLineIndent=21, spaceAfter=1),
        small=style("small", fontSize=9.5, leading=14, alignment=TA_LEFT),
        cell=style("cell", fontSize=9.5, leading=12.5, alignment=TA_LEFT),
        cell_center=style("cell_center", fontSize=9.5, leading=12.5, alignment=TA_CENTER),
        head=style("head", fontSize=9.5, leading=12.5, alignment=TA_CENTER),
        section=style("section", fontSize=11, leading=16, spaceBefore=4, spaceAfter=2),
        cell_pad=(2.0, 1.0)[density],
        line_gap=(10 * mm, 7.5 * mm)[density],
        gap=space,
    )


# ---------------------------------------------------------------- flowables


class TitleLine(Flowable):
    """The centred document title, large and stroked to look bold (the font has no bold)."""

    def __init__(self, text: str, font: str, size: float = 22) -> None:
        super().__init__()
        self.text = clean(text).strip() or EMPTY
        self.font = font
        self.size = size
        self.char_space = 4.0 if len(self.text) <= 8 else 0.0

    def _text_width(self, size: float) -> float:
        return stringWidth(self.text, self.font, size) + self.char_space * (len(self.text) - 1)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        # A long hall-edited title shrinks instead of running off the page.
        while self.size > 12 and self._text_width(self.size) > avail_width:
            self.size -= 1
        self.height = self.size * 1.5
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.55)
        c.setStrokeColor(black)
        text = c.beginText()
        text.setFont(self.font, self.size)
        text.setCharSpace(self.char_space)
        text.setTextRenderMode(2)  # fill + stroke: a faux bold that prints well
        width = min(self._text_width(self.size), self.width)
        text.setTextOrigin((self.width - width) / 2, self.size * 0.45)
        text.textOut(self.text)
        c.drawText(text)
        c.restoreState()


class SignatureBlock(Flowable):
    """Signature lines at the left; issuer, date and the seal over them at the right."""

    LINE_GAP = 10 * mm

    def __init__(
        self,
        labels: Sequence[str],
        *,
        font: str,
        issuer: str = "",
        issue_date: date | None = None,
        seal: tuple[ImageReader | None, str] | None = None,
        line_gap: float = LINE_GAP,
    ) -> None:
        super().__init__()
        self.line_gap = line_gap
        self.labels = [clean(x) for x in labels]
        self.font = font
        self.issuer = clean(issuer)
        self.issue_date = issue_date
        self.seal = seal

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        sign_h = len(self.labels) * self.line_gap + 4 * mm
        # The 40 mm seal may stand out of this box by a few mm, as a stamp does.
        issuer_h = (24 * mm + 10 * self.line_gap / self.LINE_GAP * mm) if self.issuer else 0
        self.height = max(sign_h, issuer_h)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        has_issuer = bool(self.issuer)
        # The left part ends where the seal (centred 30 mm from the right edge) begins.
        left_width = self.width - 52 * mm if has_issuer else self.width
        y = self.height - 7 * mm
        date_label = "日期："
        date_w = stringWidth(date_label, self.font, 10.5) + 22 * mm
        # Labels share one font size and the lines one start, so the block looks like a form.
        size = 10.5
        label_texts = [f"{label}：" for label in self.labels]
        widest = max((stringWidth(t, self.font, size) for t in label_texts), default=0)
        while size > 7 and widest > left_width * 0.5:
            size -= 0.5
            widest = max(stringWidth(t, self.font, size) for t in label_texts)
        line_start = widest + 2
        line_end = max(left_width - date_w - 3 * mm, line_start + 15 * mm)
        c.setLineWidth(0.6)
        for text in label_texts:
            c.setFont(self.font, size)
            c.drawString(0, y, text)
            c.line(line_start, y - 2, line_end, y - 2)
            c.setFont(self.font, 10.5)
            c.drawString(left_width - date_w, y, date_label)
            c.drawString(left_width - 21 * mm, y, "   年   月   日")
            y -= self.line_gap
        if not has_issuer:
            return
        right_x = self.width - 6 * mm
        # The seal covers the issuer and the date (骑年盖月).
        lines: list[tuple[str, float]] = [(self.issuer, 12.5), (cn_date(self.issue_date), 12)]
        ty = self.height - 13 * mm
        centres: list[float] = []
        for text, size in lines:
            width = stringWidth(text, self.font, size)
            while width > self.width - left_width - 4 * mm and size > 6:
                size -= 0.5
                width = stringWidth(text, self.font, size)
            c.setFont(self.font, size)
            c.drawRightString(right_x, ty, text)
            centres.append(right_x - width / 2)
            ty -= size + 7
        if self.seal is not None:
            image, purpose = self.seal
            # The stamp sits over the issuer and the date, as a real one would.
            cx = min(max(centres[0], self.width - 30 * mm), self.width - 23 * mm)
            draw_seal(
                c,
                cx,
                self.height - 17 * mm,
                image=image,
                name=self.issuer,
                purpose=purpose,
                font_name=self.font,
            )


# ---------------------------------------------------------------- page furniture


@dataclass(frozen=True)
class _Furniture:
    font: str
    hall_name: str
    case_number: str
    title: str
    footer_left: str
    reprint_note: str
    issuer_line: str


class _NumberedCanvas(Canvas):
    """Keeps the pages until save() so each footer can say 第 x 页 / 共 y 页."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []
        # Pages that start a document of their own (the 承诺书) carry the codes band already.
        self.pages_with_codes: set[int] = set()

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        super().save()

    def _fitted(self, text: str, width: float, size: float = 8.5) -> float:
        """The font size (at most ``size``, at least 5.5) at which ``text`` fits ``width``."""
        font = self._furniture.font
        while size > 5.5 and stringWidth(text, font, size) > width:
            size -= 0.5
        return size

    def _draw_furniture(self, page: int, total: int) -> None:
        f = self._furniture
        self.saveState()
        self.setStrokeColor(HexColor("#888888"))
        self.setLineWidth(0.5)
        self.line(MARGIN_X, 14 * mm, PAGE_WIDTH - MARGIN_X, 14 * mm)
        page_label = f"第 {page} 页 / 共 {total} 页"
        self.setFillColor(black)
        self.setFont(f.font, 8.5)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, page_label)
        room = CONTENT_WIDTH - stringWidth(page_label, f.font, 8.5) - 6 * mm
        left = f"{f.reprint_note}　{f.footer_left}" if f.reprint_note else f.footer_left
        size = self._fitted(left, room)
        x = MARGIN_X
        if f.reprint_note:
            self.setFillColor(REPRINT_RED)
            self.setFont(f.font, size)
            self.drawString(x, 10 * mm, f.reprint_note)
            x += stringWidth(f"{f.reprint_note}　", f.font, size)
        self.setFillColor(black)
        self.setFont(f.font, size)
        self.drawString(x, 10 * mm, f.footer_left)
        if f.issuer_line:
            self.setFillColor(HexColor("#555555"))
            self.setFont(f.font, self._fitted(f.issuer_line, CONTENT_WIDTH, 7.5))
            self.drawCentredString(PAGE_WIDTH / 2, 6 * mm, f.issuer_line)
        if page > 1 and page not in self.pages_with_codes:
            self.setFillColor(HexColor("#444444"))
            number = f"案件编号：{f.case_number}"
            self.setFont(f.font, 8.5)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 9 * mm, number)
            head = f"{f.hall_name}　{f.title}"
            room = CONTENT_WIDTH - stringWidth(number, f.font, 8.5) - 6 * mm
            self.setFont(f.font, self._fitted(head, room))
            self.drawString(MARGIN_X, PAGE_HEIGHT - 9 * mm, head)
            self.line(MARGIN_X, PAGE_HEIGHT - 11 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 11 * mm)
        self.restoreState()


class _ReprintHeader(CodesHeader):
    """The codes band, plus a red 补打 stamp between barcode and QR on reprints."""

    def __init__(self, *args: Any, stamp_time: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp_time = stamp_time

    def draw(self) -> None:
        super().draw()
        pages = getattr(self.canv, "pages_with_codes", None)
        if pages is not None:
            pages.add(self.canv.getPageNumber())
        if not self.stamp_time:
            return
        c = self.canv
        cx = self.width * 0.66
        c.saveState()
        c.setStrokeColor(REPRINT_RED)
        c.setFillColor(REPRINT_RED)
        c.setLineWidth(1.2)
        c.rect(cx - 14 * mm, 13 * mm, 28 * mm, 10 * mm, stroke=1, fill=0)
        c.setFont(self.font_name, 16)
        c.drawCentredString(cx, 15.6 * mm, "补　打")
        c.setFont(self.font_name, 7.5)
        c.drawCentredString(cx, 9 * mm, f"补打时间 {self.stamp_time}")
        c.restoreState()


# ---------------------------------------------------------------- case values


def _person_id(person: Person, full: bool) -> str:
    number = clean(person.id_number)
    return number if full else mask_id(number)


def _person_mobile(person: Person, full: bool) -> str:
    number = clean(person.mobile)
    if not number.strip():
        return EMPTY
    return number if full else mask_mobile(number)


def _delivery_label(case: Case) -> str:
    try:
        label = DeliveryMode(case.delivery_mode).label
    except ValueError:
        label = case.delivery_mode or DeliveryMode.WINDOW.label
    if case.delivery_mode == DeliveryMode.MAIL.value and case.mail_address:
        label = f"{label}（{case.mail_address}）"
    return label


def _placeholder_values(case: Case, ctx: PrintContext, tpl: Templates) -> dict[str, str]:
    hall_name = tpl.hall["name"].strip() or ctx.hall_name
    received = case.received_at or ctx.printed_at
    parsed = parse_case_number(case.number)
    decision = case.decision
    values: dict[str, str] = {
        "hall_name": hall_name,
        "authority": tpl.hall["issuing_authority"],
        "address": tpl.hall.get("address", ""),
        "lookup_url": "",
        "case_number": case.number,
        "year": str(received.year),
        "seq": f"{parsed[3]:04d}" if parsed else case.number,
        "applicant_name": case.applicant.name,
        "agent_name": case.agent.name if case.agent else "",
        "item_name": case.item.name,
        "item_code": case.item.code,
        "scenario": case.scenario_name or "",
        "department": case.item.department,
        "received_date": cn_date(received.date()),
        "promised_date": cn_date(case.promised_date),
        "promised_days": str(case.item.promised_days),
        "legal_days": str(case.item.legal_days),
        "result_name": case.item.result_name or case.item.name,
        "delivery": _delivery_label(case),
        "deadline": cn_date(decision.commitment_deadline if decision else None),
        "reason": decision.reason if decision else "",
        "competent_agency": decision.competent_agency if decision else "",
        "review_body": tpl.remedies["review_body"],
        "court": tpl.remedies["court"],
        "window": ctx.window_label or f"{case.window_no}号窗口",
        "clerk": case.clerk_name or case.clerk,
    }
    values.update(_contact_values(case, ctx, tpl))
    values["time_limit"] = _time_limit(case)
    values = {k: clean(v) for k, v in values.items()}
    # Wordings of the hall section may use the case values (lookup_url uses {case_number}).
    values["authority"] = fill(values["authority"], values)
    values["lookup_url"] = fill(tpl.hall["lookup_url"], values)
    # The QR's link: the hall's public progress page with the case number and its check code.
    # Without the hall's key (a first login offline) the hall's own look-up URL stands in.
    page = tpl.hall.get("public_progress_url", "").strip() or ctx.progress_page.strip()
    link = progress_link(page, ctx.progress_secret, case.number)
    values["progress_page"] = page if link else values["lookup_url"]
    values["progress_url"] = link or values["lookup_url"]
    values["check_code"] = check_code(ctx.progress_secret, case.number) if link else EMPTY
    return values


def _contact_values(case: Case, ctx: PrintContext, tpl: Templates) -> dict[str, str]:
    """The phones: the hall's (its configuration, else the template's), the department's
    (the catalog's, else the template's list) and the complaint line (12345)."""
    hall_phone = ctx.hall_phone.strip() or tpl.hall["contact_phone"].strip()
    code = case.item.department_code
    department_phone = (
        ctx.department_phones.get(code, "") or tpl.department_phones.get(code, "")
    ).strip()
    phones = [f"大厅 {hall_phone}" if hall_phone else ""]
    if department_phone:
        phones.append(f"{case.item.department} {department_phone}")
    return {
        "contact_phone": hall_phone,
        "department_phone": department_phone,
        "phones": "、".join(p for p in phones if p) or EMPTY,
        "complaint_phone": tpl.hall.get("complaint_phone", "").strip() or "12345",
    }


def _time_limit(case: Case) -> str:
    """How the notice states the time limit: a 即办件 is done on the spot, never "in 0 days"."""
    item = case.item
    immediate = item.handling is HandlingKind.IMMEDIATE
    if immediate or (item.promised_days == 0 and item.legal_days == 0):
        return "为即办件，当场办结"
    limits = f"承诺{item.promised_days}个工作日内"
    if item.legal_days:
        limits += f"，法定时限{item.legal_days}个工作日"
    return f"于{cn_date(case.promised_date)}前（{limits}）办结"


def addressed(text: str, organisation: bool) -> str:
    """The template's "你（单位）" / "本人（单位）" in the applicant's own form: a person is
    "你" / "本人", an organisation "你单位" / "本单位"."""
    if organisation:
        return text.replace("你（单位）", "你单位").replace("本人（单位）", "本单位")
    return text.replace("你（单位）", "你").replace("本人（单位）", "本人")


def _copies(check: MaterialCheck) -> str:
    return str(check.copies_received or check.material.copies)


# ---------------------------------------------------------------- builders


@dataclass
class _Builder:
    doc_type: DocType
    case: Case
    ctx: PrintContext
    tpl: Templates
    doc: DocTemplate
    values: dict[str, str]
    st: _Styles

    def t(self, name: str) -> str:
        return self.fill(self.doc.text(name))

    def fill(self, text: str) -> str:
        return addressed(fill(text, self.values), self.case.applicant.is_organisation)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(_markup(text), style or self.st.body)

    def cell(self, text: str, width: float, *, centred: bool = False) -> str | Paragraph:
        """A table cell: plain text when it fits on one line (drawing a Paragraph costs about
        ten times more), a wrapping Paragraph when it does not."""
        text = clean(text)
        style = self.st.cell_center if centred else self.st.cell
        if stringWidth(text, self.st.font, style.fontSize) <= width - 2 * CELL_PADDING - 1:
            return text
        return Paragraph(_markup(text), style)

    def cell_font(self) -> list[tuple[Any, ...]]:
        return [
            ("FONT", (0, 0), (-1, -1), self.st.font, self.st.cell.fontSize, self.st.cell.leading),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]

    def header(self, title: str) -> list[Flowable]:
        qr = fill(self.tpl.hall["qr_text"], self.values).strip() or self.case.number
        if qr == EMPTY:
            qr = self.case.number
        stamp = f"{self.ctx.printed_at:%Y-%m-%d %H:%M}" if self.ctx.reprint else ""
        return [
            _ReprintHeader(self.case.number, qr, font_name=self.st.font, stamp_time=stamp),
            TitleLine(title, self.st.font),
            self.para(self.t("number"), self.st.number),
        ]

    def numbered(
        self, texts: Sequence[str], style: ParagraphStyle | None = None
    ) -> list[Paragraph]:
        return [
            self.para(f"{cn_number(i)}、{self.fill(text)}", style or self.st.note)
            for i, text in enumerate(texts, start=1)
        ]

    def info_table(self, *, with_promise: bool) -> Table:
        case = self.case
        full_id, full_mobile = self.doc.full_id, self.doc.full_mobile
        a = case.applicant
        received = case.received_at or self.ctx.printed_at
        id_kind = a.id_kind.label
        rows: list[tuple[str, str, str, str] | tuple[str, str]] = [
            ("案件编号", case.number, "申请日期", cn_date(received.date())),
            ("事项名称", f"{case.item.name}（{case.item.code}）"),
            ("实施机关", case.item.department, "办理情形", case.scenario_name or EMPTY),
            ("申请人", a.name, "办件类型", f"{case.item.item_type}　{case.item.handling.label}"),
            (
                "证件号码",
                f"{id_kind}　{_person_id(a, full_id)}",
                "联系电话",
                _person_mobile(a, full_mobile),
            ),
        ]
        if case.agent is not None:
            g = case.agent
            rows.append(("代办人", g.name, "代办人电话", _person_mobile(g, full_mobile)))
            rows.append(("代办人证件", f"{g.id_kind.label}　{_person_id(g, full_id)}"))
        rows.append(("受理窗口", self.values["window"], "受理人", self.values["clerk"] or EMPTY))
        if with_promise:
            rows.append(
                (
                    "承诺办结日期",
                    "当场办结（即办件）"
                    if case.item.handling is HandlingKind.IMMEDIATE
                    else cn_date(case.promised_date),
                    "送达方式",
                    self.values["delivery"],
                )
            )
        data: list[list[Any]] = []
        spans: list[tuple[Any, ...]] = []
        widths = [27 * mm, CONTENT_WIDTH / 2 - 27 * mm, 27 * mm, CONTENT_WIDTH / 2 - 27 * mm]
        for r, row in enumerate(rows):
            if len(row) == 2:
                data.append(
                    [
                        self.cell(row[0], widths[0], centred=True),
                        self.cell(row[1] or EMPTY, sum(widths[1:])),
                        "",
                        "",
                    ]
                )
                spans.append(("SPAN", (1, r), (3, r)))
                spans.append(("BACKGROUND", (1, r), (3, r), white))
            else:
                data.append(
                    [
                        self.cell(row[0], widths[0], centred=True),
                        self.cell(row[1] or EMPTY, widths[1]),
                        self.cell(row[2], widths[2], centred=True),
                        self.cell(row[3] or EMPTY, widths[3]),
                    ]
                )
        table = _Table(data, colWidths=widths, splitInRow=SPLIT_IN_ROW_MIN)
        table.setStyle(
            TableStyle(
                [
                    *self.cell_font(),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("ALIGN", (2, 0), (2, -1), "CENTER"),
                    ("GRID", (0, 0), (-1, -1), 0.6, black),
                    ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                    ("BACKGROUND", (2, 0), (2, -1), LABEL_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), self.st.cell_pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), self.st.cell_pad + 0.5),
                    *spans,
                ]
            )
        )
        return table

    def grid(
        self,
        heads: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        centred: Sequence[int] = (0,),
    ) -> Table:
        """A bordered table whose header row repeats on every page it spans."""
        flex = CONTENT_WIDTH - sum(w for w in widths if w > 0)
        col_widths = [w if w > 0 else flex for w in widths]
        data: list[list[Any]] = [
            [self.cell(h, w, centred=True) for h, w in zip(heads, col_widths, strict=True)]
        ]
        if not rows:
            data.append(
                [self.cell("（无）", CONTENT_WIDTH, centred=True)] + [""] * (len(heads) - 1)
            )
        for row in rows:
            data.append(
                [self.cell(v or "", col_widths[i], centred=i in centred) for i, v in enumerate(row)]
            )
        style: list[tuple[Any, ...]] = [
            *self.cell_font(),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            *[("ALIGN", (i, 1), (i, -1), "CENTER") for i in centred],
            ("GRID", (0, 0), (-1, -1), 0.6, black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), self.st.cell_pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.st.cell_pad + 0.5),
        ]
        if not rows:
            style += [("SPAN", (0, 1), (-1, 1)), ("ALIGN", (0, 1), (-1, 1), "CENTER")]
        table = _Table(data, colWidths=col_widths, repeatRows=1, splitInRow=SPLIT_IN_ROW_MIN)
        table.setStyle(TableStyle(style))
        return table

    def received_table(self, *, with_note: bool = True) -> Table:
        rows = [
            [str(i), c.material.name, c.material.form.label, _copies(c), c.note]
            for i, c in enumerate(self.case.received(), start=1)
        ]
        return self.grid(
            ["序号", "材料名称", "材料形式", "份数", "备注"],
            rows,
            [11 * mm, 0, 26 * mm, 12 * mm, 38 * mm],
            centred=(0, 2, 3),
        )

    def space(self, millimetres: float) -> Spacer:
        return Spacer(1, millimetres * mm * self.st.gap)

    def section(self, text: str) -> Paragraph:
        return self.para(text, self.st.section)

    def legal_basis(self) -> list[Flowable]:
        out: list[Flowable] = [self.para(f"法律依据：{self.t('legal_basis')}", self.st.small)]
        if self.case.item.legal_basis.strip():
            out.append(self.para(f"设定依据：{self.case.item.legal_basis}", self.st.small))
        return out

    def signature(self, labels: Sequence[str], *, sealed: bool = True) -> SignatureBlock:
        received = self.case.received_at or self.ctx.printed_at
        seal = (
            (seal_image(self.tpl.seal_path), self.values_hall("seal_purpose")) if sealed else None
        )
        return SignatureBlock(
            [fill(x, self.values) for x in labels],
            font=self.st.font,
            issuer=self.values["hall_name"] if sealed else "",
            issue_date=received.date(),
            seal=seal,
            line_gap=self.st.line_gap,
        )

    def values_hall(self, key: str) -> str:
        return clean(fill(self.tpl.hall[key], self.values))

    def closing(self, before: Sequence[Flowable] = ()) -> list[Flowable]:
        """Legal basis and signatures, kept on one page with the paragraph ``before`` them
        so a page never holds the signatures alone."""
        return [
            KeepTogether(
                [
                    *before,
                    self.space(1),
                    *self.legal_basis(),
                    self.space(1),
                    self.signature(self.doc.texts("signatures")),
                ]
            )
        ]

    def notes_and_closing(self) -> list[Flowable]:
        notes = self.numbered(self.doc.texts("notes"))
        return [*notes[:-1], *self.closing(notes[-1:])]

    def opening(self) -> list[Flowable]:
        return [
            *self.header(self.t("title")),
            self.para(self.t("salutation"), self.st.salutation),
            self.para(self.t("intro")),
        ]

    # ---- the five documents

    def acceptance_notice(self) -> list[Flowable]:
        return [
            *self.opening(),
            self.section("一、申请信息"),
            self.info_table(with_promise=True),
            self.section("二、已收取的申请材料"),
            self.received_table(),
            self.section("三、告知事项"),
            *self.notes_and_closing(),
        ]

    def _gap_rows(self) -> list[list[str]]:
        deadline = self.values["deadline"]
        seen: set[tuple[str, str]] = set()
        rows: list[list[str]] = []
        for c in self.case.gaps():
            key = (c.material.code, c.material.name)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                [
                    str(len(rows) + 1),
                    c.material.name,
                    c.material.form.label,
                    str(c.material.copies),
                    deadline,
                    c.note or c.material.note,
                ]
            )
        return rows

    def _gap_table(self) -> Table:
        return self.grid(
            ["序号", "容缺材料名称", "材料形式", "份数", "补齐期限", "备注"],
            self._gap_rows(),
            [11 * mm, 0, 22 * mm, 11 * mm, 31 * mm, 37 * mm],
            centred=(0, 2, 3, 4),
        )

    def gap_acceptance_notice(self) -> list[Flowable]:
        story: list[Flowable] = [
            *self.opening(),
            self.section("一、申请信息"),
            self.info_table(with_promise=True),
            self.section("二、已收取的申请材料"),
            self.received_table(),
            self.section("三、容缺材料及补齐期限"),
            self._gap_table(),
            self.space(2),
            self.para(f"逾期后果：{self.t('consequence')}", self.st.note),
            self.section("四、告知事项"),
            *self.notes_and_closing(),
            PageBreak(),
        ]
        # The 承诺书 the applicant signs: kept in the case file, so it carries the codes too.
        story += [
            *self.header(self.t("commitment_title")),
            self.para(f"{self.values['hall_name']}：", self.st.salutation),
            self.para(self.t("commitment_intro"), self.st.body),
            *self.numbered(self.doc.texts("commitment_items")),
            self.section("容缺材料清单"),
            self._gap_table(),
            self.space(3),
            self.para(
                f"申请人：{self.case.applicant.name}　　证件号码："
                + _person_id(self.case.applicant, self.doc.full_id),
                self.st.small,
            ),
        ]
        if self.case.agent is not None:
            story.append(
                self.para(
                    f"代办人：{self.case.agent.name}　　证件号码："
                    + _person_id(self.case.agent, self.doc.full_id),
                    self.st.small,
                )
            )
        story += [
            self.space(6),
            self.signature(self.doc.texts("commitment_signatures"), sealed=False),
        ]
        return story

    def missing_materials_notice(self) -> list[Flowable]:
        seen: set[tuple[str, str]] = set()
        rows: list[list[str]] = []
        for c in self.case.gaps():
            key = (c.material.code, c.material.name)
            if key in seen:  # the law asks for each item once
                continue
            seen.add(key)
            problem = (
                f"需补正：{c.defect_reason}"
                if c.state is MaterialState.DEFECTIVE and c.defect_reason
                else ("需补正" if c.state is MaterialState.DEFECTIVE else "未提交")
            )
            explain = "；".join(
                x
                for x in (
                    c.material.note,
                    f"空白表格：{c.material.blank_form}" if c.material.blank_form else "",
                    f"示例样表：{c.material.sample}" if c.material.sample else "",
                    c.note,
                )
                if x
            )
            rows.append(
                [
                    str(len(rows) + 1),
                    c.material.name,
                    problem,
                    c.material.form.label,
                    str(c.material.copies),
                    explain,
                ]
            )
        story: list[Flowable] = [
            *self.opening(),
            self.section("一、需要补正的全部材料"),
            self.grid(
                ["序号", "材料名称", "存在问题", "应提交形式", "份数", "要求说明"],
                rows,
                [11 * mm, 0, 42 * mm, 22 * mm, 11 * mm, 43 * mm],
                centred=(0, 3, 4),
            ),
            self.space(2),
            self.para(self.t("one_time_sentence"), self.st.note),
            self.section("二、申请信息"),
            self.info_table(with_promise=False),
        ]
        if self.case.received():
            story += [self.section("三、已核验无误的材料"), self.received_table()]
            story.append(self.section("四、告知事项"))
        else:
            story.append(self.section("三、告知事项"))
        story += self.notes_and_closing()
        return story

    def refusal_notice(self) -> list[Flowable]:
        decision = self.case.decision
        reason = decision.reason.strip() if decision and decision.reason.strip() else EMPTY
        story: list[Flowable] = [
            *self.opening(),
            self.section(f"一、{self.t('reason_label')}"),
            self.para(reason, self.st.note),
        ]
        n = 2
        if decision is not None and decision.competent_agency.strip():
            story += [
                self.section(f"{cn_number(n)}、有权受理的机关"),
                self.para(self.t("competent_agency_note"), self.st.note),
            ]
            n += 1
        story += [
            self.section(f"{cn_number(n)}、救济途径"),
            self.para(self.t("remedies"), self.st.note),
            self.section(f"{cn_number(n + 1)}、申请信息"),
            self.info_table(with_promise=False),
            self.section(f"{cn_number(n + 2)}、告知事项"),
            *self.notes_and_closing(),
        ]
        return story

    def material_receipt(self) -> list[Flowable]:
        received = self.case.received_at or self.ctx.printed_at
        return [
            *self.opening(),
            self.section("一、申请信息"),
            self.info_table(with_promise=True),
            self.section(
                f"二、接收材料清单（接收时间：{received:%Y-%m-%d %H:%M}，"
                f"共 {len(self.case.received())} 项）"
            ),
            self.received_table(),
            self.section("三、告知事项"),
            *self.notes_and_closing(),
        ]


_BUILDERS: dict[DocType, Callable[[_Builder], list[Flowable]]] = {
    DocType.ACCEPTANCE_NOTICE: _Builder.acceptance_notice,
    DocType.GAP_ACCEPTANCE_NOTICE: _Builder.gap_acceptance_notice,
    DocType.MISSING_MATERIALS_NOTICE: _Builder.missing_materials_notice,
    DocType.REFUSAL_NOTICE: _Builder.refusal_notice,
    DocType.MATERIAL_RECEIPT: _Builder.material_receipt,
}


def render_document(
    doc_type: DocType,
    case: Case,
    ctx: PrintContext,
    *,
    templates_dir: Path | None = None,
) -> bytes:
    """Render one document of ``case`` as an A4 PDF with the CJK font embedded."""
    doc_type = DocType(doc_type)
    if not case.number.strip():
        raise ValueError("案件尚未编号，不能打印（请先保存案件）")
    if not case.number.isascii() or not case.number.isprintable():
        raise ValueError(f"案件编号含有条形码无法编码的字符：{case.number!r}")
    tpl = load_templates(templates_dir)
    values = _placeholder_values(case, ctx, tpl)
    doc = tpl.doc(doc_type.value)
    title = clean(fill(doc.text("title"), values))

    def attempt(density: int) -> tuple[bytes, int]:
        st = _styles(density)
        story = _BUILDERS[doc_type](_Builder(doc_type, case, ctx, tpl, doc, values, st))
        pages: list[int] = []
        return build_a4_pdf(story, case, ctx, values, st, title, pages_out=pages), pages[0]

    return fit_pages(attempt)


def fit_pages(attempt: Callable[[int], tuple[bytes, int]]) -> bytes:
    """The normal layout, unless a tighter one (``DENSITIES``) needs fewer pages: then the
    loosest of those. A notice then never spills its last lines, the signatures and the seal
    onto a page of their own; a second page stays when the content truly needs it. Only a
    document that does not fit one page is laid out again (at most once per density)."""
    best, best_pages = attempt(DENSITIES[0])
    for density in DENSITIES[1:]:
        if best_pages == 1:
            break
        pdf, pages = attempt(density)
        if pages < best_pages:
            return pdf  # the loosest layout that saves a page
    return best


def build_a4_pdf(
    story: list[Any],
    case: Case,
    ctx: PrintContext,
    values: dict[str, str],
    st: Any,
    title: str,
    *,
    pages_out: list[int] | None = None,
) -> bytes:
    """Lay ``story`` out on A4 pages framed as every printed document is: the hall's header,
    the case number, who printed it and when (补打 on a reprint), the issuer and page numbers."""
    reprint_note = f"【补打 {ctx.printed_at:%Y-%m-%d %H:%M}】" if ctx.reprint else ""
    footer = (
        f"打印人：{clean(ctx.printed_by) or EMPTY}（{clean(ctx.window_label) or case.window_no}）"
        f"　打印时间：{ctx.printed_at:%Y-%m-%d %H:%M:%S}"
    )
    issuer_line = "　".join(
        x
        for x in (
            values["authority"],
            values["hall_name"],
            values["address"],
            f"咨询电话：{values['contact_phone']}" if values["contact_phone"] else "",
        )
        if x.strip()
    )
    furniture = _Furniture(
        st.font, values["hall_name"], case.number, title, footer, reprint_note, issuer_line
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{title} {case.number}",
        author=values["hall_name"],
        subject=case.number,
        creator="clerk-app",
    )

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        # Start every page in the embedded font, so no non-embedded Helvetica is referenced.
        kwargs["initialFontName"] = st.font
        return _NumberedCanvas(*args, furniture=furniture, **kwargs)

    canvases: list[_NumberedCanvas] = []

    def counted_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canvas = canvas_maker(*args, **kwargs)
        canvases.append(canvas)
        return canvas

    doc.build(story, canvasmaker=counted_canvas)
    if pages_out is not None:
        pages_out.append(canvases[-1].page_count if canvases else 0)
    return buffer.getvalue()
