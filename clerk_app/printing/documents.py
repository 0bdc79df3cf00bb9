"""The printed documents of a decision at the window (DESIGN.md §3), as A4 PDFs.

Layout follows the usual shape of a Chinese official notice: barcode and QR band, centred
title, document number (文号), the addressee, the body paragraph, bordered tables, numbered
paragraphs (一、二、…), legal basis, signature lines, and the issuer and date at the bottom
right under the seal. Every page has a footer with who printed it, when, and page x/y;
reprints say 补打 with the time on the first page and in every footer.

All wording comes from the hall's templates (templates.py). This module holds what each of the
five documents contains; builder.py the blocks they are made of, layout.py the styles and
flowables, pages.py the page frame, case_values.py the values the wording is filled with.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table

from clerk_app.domain.cases import Case, CaseStatus, DecisionKind, MaterialState
from clerk_app.printing.builder import Builder
from clerk_app.printing.case_values import PrintContext, person_id, placeholder_values
from clerk_app.printing.layout import EMPTY, Styles, clean, cn_number, styles
from clerk_app.printing.pages import build_a4_pdf, fit_pages
from clerk_app.printing.templates import (
    DocTemplate,
    Templates,
    fill,
    load_templates,
    optional_doc,
)


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


class NoticeBuilder(Builder):
    """The five documents of a decision."""

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
                + person_id(self.case.applicant, self.doc.full_id),
                self.st.small,
            ),
        ]
        if self.case.agent is not None:
            story.append(
                self.para(
                    f"代办人：{self.case.agent.name}　　证件号码："
                    + person_id(self.case.agent, self.doc.full_id),
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


_BUILDERS: dict[DocType, Callable[[NoticeBuilder], list[Flowable]]] = {
    DocType.ACCEPTANCE_NOTICE: NoticeBuilder.acceptance_notice,
    DocType.GAP_ACCEPTANCE_NOTICE: NoticeBuilder.gap_acceptance_notice,
    DocType.MISSING_MATERIALS_NOTICE: NoticeBuilder.missing_materials_notice,
    DocType.REFUSAL_NOTICE: NoticeBuilder.refusal_notice,
    DocType.MATERIAL_RECEIPT: NoticeBuilder.material_receipt,
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
    values = placeholder_values(case, ctx, tpl)
    doc = tpl.doc(doc_type.value)
    title = clean(fill(doc.text("title"), values))

    def attempt(density: int) -> tuple[bytes, int]:
        st = styles(density)
        story = _BUILDERS[doc_type](NoticeBuilder(case, ctx, tpl, doc, values, st))
        pages: list[int] = []
        return build_a4_pdf(story, case, ctx, values, st, title, pages_out=pages), pages[0]

    return fit_pages(attempt)


StoryOf = Callable[[Templates, DocTemplate, dict[str, str], Styles], list[Flowable]]


def render_optional_notice(
    case: Case, ctx: PrintContext, key: str, story_of: StoryOf, *, templates_dir: Path | None
) -> bytes:
    """A notice beyond the five of a decision (终止办理通知书, 延期通知书): the hall's wording of
    ``[documents.KEY]`` (the shipped one when the hall's file lacks it), the story ``story_of``
    makes at each density, as an A4 PDF."""
    if not case.number.strip() or not case.number.isascii() or not case.number.isprintable():
        raise ValueError(f"案件编号不能打印为条形码：{case.number!r}")
    tpl = load_templates(templates_dir)
    values = placeholder_values(case, ctx, tpl)
    doc = optional_doc(tpl, key)
    title = clean(fill(doc.text("title"), values))

    def attempt(density: int) -> tuple[bytes, int]:
        st = styles(density)
        pages: list[int] = []
        story = story_of(tpl, doc, values, st)
        return build_a4_pdf(story, case, ctx, values, st, title, pages_out=pages), pages[0]

    return fit_pages(attempt)
