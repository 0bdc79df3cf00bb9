"""一件事受理通知书: one notice for a bundle application (一件事一次办) listing every item with
its own decision, department, promised date and case number, the bundle's date, the materials
received once for all items, and which items get a notice of their own (容缺受理通知书,
一次性告知书, 不予受理通知书: ``own_documents``). The barcode carries the bundle number, so a
window scanning it finds every case of the bundle.

Built from the notices' blocks (builder.py); the wording is ``[documents.bundle_notice]`` of the
hall's template file (the shipped one when a hall's older file lacks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from clerk_app.domain.acceptance import delivers_result
from clerk_app.domain.cases import Case, DecisionKind, MaterialState
from clerk_app.domain.catalog import HandlingKind
from clerk_app.domain.workdays import add_working_days
from clerk_app.printing.case_values import (
    PrintContext,
    copies_label,
    form_label,
    material_label,
    person_id,
    person_mobile,
    placeholder_values,
)
from clerk_app.printing.documents import DocType, NoticeBuilder
from clerk_app.printing.layout import EMPTY, TitleLine, clean, cn_date, cn_number, styles
from clerk_app.printing.pages import ReprintHeader, build_a4_pdf, fit_pages
from clerk_app.printing.templates import fill, load_templates, optional_doc

BUNDLE_NOTICE = "bundle_notice"
_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# The notice an item of a bundle needs besides the bundle's (a plain 受理 needs none: the
# bundle's notice is its acceptance notice and its receipt).
_OWN_DOCUMENTS: dict[DecisionKind, list[DocType]] = {
    DecisionKind.ACCEPT_WITH_GAPS: [DocType.GAP_ACCEPTANCE_NOTICE],
    DecisionKind.MISSING_NOTICE: [DocType.MISSING_MATERIALS_NOTICE],
    DecisionKind.REFUSE: [DocType.REFUSAL_NOTICE],
}


class BundleDoc(StrEnum):
    """The notice as a document of the print log (its value, its label)."""

    BUNDLE_NOTICE = BUNDLE_NOTICE

    @property
    def label(self) -> str:
        return "一件事受理通知书"


def own_documents(case: Case) -> list[DocType]:
    """The documents an item case of a bundle prints besides the bundle's notice."""
    kind = case.decision.kind if case.decision is not None else None
    return list(_OWN_DOCUMENTS.get(kind, [])) if kind is not None else []


def _mark(position: int) -> str:
    return _MARKS[position] if position < len(_MARKS) else f"({position + 1})"


class _BundleBuilder(NoticeBuilder):
    cases: Sequence[Case] = ()

    def header(self, title: str) -> list[Flowable]:
        """The codes band with the bundle number (a scan finds every case of the bundle)."""
        stamp = f"{self.ctx.printed_at:%Y-%m-%d %H:%M}" if self.ctx.reprint else ""
        number = self.values["bundle_number"]
        # the QR: the hall's progress link of the first item (the table gives the others')
        qr = fill(self.tpl.hall["qr_text"], self.values).strip()
        return [
            ReprintHeader(
                number,
                qr if qr and qr != EMPTY else number,
                font_name=self.st.font,
                stamp_time=stamp,
                barcode_caption="一件事编号条形码",
            ),
            TitleLine(title, self.st.font),
            self.para(self.t("number"), self.st.number),
        ]

    def _decisions(self) -> Table:
        rows = []
        for n, case in enumerate(self.cases):
            kind = case.decision.kind if case.decision is not None else None
            immediate = case.item.handling is HandlingKind.IMMEDIATE
            if not delivers_result(kind):
                day = EMPTY
            elif (
                immediate and case.promised_date == (case.received_at or self.ctx.printed_at).date()
            ):
                day = "当场办结"
            else:
                day = cn_date(case.promised_date)
            rows.append(
                [
                    _mark(n),
                    case.item.name,
                    case.item.department,
                    kind.label if kind is not None else EMPTY,
                    day,
                    case.number,
                ]
            )
        return self.grid(
            ["序号", "事项名称", "实施机关", "受理决定", "承诺办结日期", "案件编号"],
            rows,
            [11 * mm, 0, 31 * mm, 18 * mm, 28 * mm, 42 * mm],
            centred=(0, 3, 4),
        )

    def _applicant(self) -> Table:
        first = self.cases[0]
        a = first.applicant
        full_id, full_mobile = self.doc.full_id, self.doc.full_mobile
        rows: list[tuple[str, str, str, str] | tuple[str, str]] = [
            ("一件事编号", self.values["bundle_number"], "申请日期", self.values["received_date"]),
            ("申请人", a.name, "联系电话", person_mobile(a, full_mobile)),
            ("证件号码", f"{a.document_label}　{person_id(a, full_id)}"),
        ]
        if first.agent is not None:
            g = first.agent
            rows.append(("代办人", g.name, "代办人电话", person_mobile(g, full_mobile)))
        rows.append(("受理窗口", self.values["window"], "受理人", self.values["clerk"] or EMPTY))
        rows.append(
            ("牵头部门", self.values["lead_department"], "送达方式", self.values["delivery"])
        )
        return self.label_table(rows)

    def _received(self) -> Table:
        """Each material received once, with the items it serves (①③…)."""
        lines: dict[str, tuple[str, str, str, list[str]]] = {}
        for n, case in enumerate(self.cases):
            for check in case.checks:
                if check.state is not MaterialState.RECEIVED:
                    continue
                m = check.material
                key = m.standard_code or m.name
                found = lines.setdefault(
                    key, (material_label(check), form_label(check), copies_label(check), [])
                )
                if _mark(n) not in found[3]:
                    found[3].append(_mark(n))
        rows = [
            [str(i), name, form, copies, "".join(marks)]
            for i, (name, form, copies, marks) in enumerate(lines.values(), start=1)
        ]
        return self.grid(
            ["序号", "材料名称", "材料形式", "份数", "适用事项"],
            rows,
            [11 * mm, 0, 26 * mm, 12 * mm, 30 * mm],
            centred=(0, 2, 3),
        )

    def _own_notices(self) -> list[str]:
        return [
            f"{_mark(n)}{case.item.name}：" + "、".join(d.label for d in own_documents(case))
            for n, case in enumerate(self.cases)
            if own_documents(case)
        ]

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [
            *self.opening(),
            self.section("一、各事项受理决定"),
            self._decisions(),
            self.space(1),
            self.para(self.t("time_sentence"), self.st.note),
            self.section("二、申请信息"),
            self._applicant(),
            self.section("三、已收取的申请材料（一次提交，各事项共用）"),
            self._received(),
        ]
        n = 4
        own = self._own_notices()
        if own:
            story += [
                self.section(f"{cn_number(n)}、另行出具的文书"),
                self.para(self.t("own_notices"), self.st.note),
                *[self.para(f"• {line}", self.st.note) for line in own],
            ]
            n += 1
        story += [self.section(f"{cn_number(n)}、告知事项"), *self.notes_and_closing()]
        return story


def _bundle_values(cases: Sequence[Case], values: dict[str, str]) -> dict[str, str]:
    first = cases[0]
    link = first.bundle
    assert link is not None
    received = (first.received_at.date() if first.received_at else None) or first.promised_date
    lead = next(
        (c.item.department for c in cases if c.item.department_code == link.lead_department_code),
        "",
    )
    limit_days = link.time_limit_days
    limit = add_working_days(received, limit_days) if received else None
    return {
        **values,
        "bundle_name": clean(link.name),
        "bundle_number": link.number,
        "item_count": str(len(cases)),
        "lead_department": clean(lead or first.item.department),
        "bundle_date": cn_date(link.promised_date),
        "bundle_limit": cn_date(limit),
        "bundle_limit_days": str(limit_days),
    }


def render_bundle_notice(
    cases: Sequence[Case], ctx: PrintContext, *, templates_dir: Path | None = None
) -> bytes:
    """The 一件事受理通知书 of a bundle's item cases (saved, in the bundle's order) as an A4
    PDF; ValueError when they are not the saved cases of one bundle application."""
    if not cases or cases[0].bundle is None:
        raise ValueError("没有一件事的案件，不能打印一件事受理通知书")
    number = cases[0].bundle.number
    if any(c.bundle is None or c.bundle.number != number for c in cases):
        raise ValueError("这些案件不属于同一件一件事")
    if not number.isascii() or not number.isprintable():
        raise ValueError(f"一件事编号不能打印为条形码：{number!r}")
    tpl = load_templates(templates_dir)
    values = _bundle_values(cases, placeholder_values(cases[0], ctx, tpl))
    doc = optional_doc(tpl, BUNDLE_NOTICE)
    title = clean(fill(doc.text("title"), values))
    framed = replace(cases[0], number=number)  # the page frame names the bundle number

    def attempt(density: int) -> tuple[bytes, int]:
        st = styles(density)
        builder = _BundleBuilder(framed, ctx, tpl, doc, values, st)
        builder.cases = cases
        pages: list[int] = []
        story = builder.story()
        return build_a4_pdf(story, framed, ctx, values, st, title, pages_out=pages), pages[0]

    return fit_pages(attempt)
