"""What the department issued during its review, printed at the window when the applicant
comes back: the 不予许可决定书 (行政许可法 Art. 38 ¶2: the reasons, the review body, the court
and their time limits; its title follows the item type, e.g. 不予确认决定书) and the 补正通知书
(everything to correct, once, and by when).

Built from the notices' blocks (builder.py). The wording is ``[documents.denial_decision]`` and
``[documents.correction_notice]`` of the hall's template file, or the shipped one when a hall's
older file lacks them. The department is the issuer: its name and the decision's date stand
under the text, where the department's own seal goes (the hall's seal is not printed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from clerk_app.domain.cases import Case
from clerk_app.domain.department_docs import DepartmentDocKind, DepartmentDocument, latest
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.printing.case_values import PrintContext, placeholder_values
from clerk_app.printing.documents import NoticeBuilder
from clerk_app.printing.layout import EMPTY, SignatureBlock, clean, cn_date, styles
from clerk_app.printing.pages import build_a4_pdf, fit_pages
from clerk_app.printing.templates import fill, load_templates, optional_doc


class DepartmentDoc(StrEnum):
    """The two documents as documents of the print log (their value, their label)."""

    DENIAL_DECISION = "denial_decision"
    CORRECTION_NOTICE = "correction_notice"

    @property
    def label(self) -> str:
        return "不予许可决定书" if self is DepartmentDoc.DENIAL_DECISION else "补正通知书"

    @property
    def kind(self) -> DepartmentDocKind:
        if self is DepartmentDoc.DENIAL_DECISION:
            return DepartmentDocKind.DENIAL
        return DepartmentDocKind.CORRECTION


def department_docs_for(case: Case) -> list[DepartmentDoc]:
    """What the department issued on ``case`` that the window can print."""
    return [d for d in DepartmentDoc if latest(case.department_documents, d.kind) is not None]


def _issued_on(document: DepartmentDocument) -> date:
    moment = document.issued_at
    return moment.astimezone(HALL_TZ).date() if moment.tzinfo else moment.date()


def document_values(document: DepartmentDocument) -> dict[str, str]:
    """The placeholders only these two documents have."""
    return {
        "decision_number": document.number,
        "decision_date": cn_date(_issued_on(document)),
        "correction_due": cn_date(document.due),
    }


class _DepartmentBuilder(NoticeBuilder):
    document: DepartmentDocument

    def signature(self, labels: Sequence[str], *, sealed: bool = True) -> SignatureBlock:
        """The department signs and seals its own document; the hall's seal is not printed."""
        return SignatureBlock(
            [fill(x, self.values) for x in labels],
            font=self.st.font,
            issuer=self.document.department,
            issue_date=_issued_on(self.document),
            seal=None,
            line_gap=self.st.line_gap,
        )

    def denial(self) -> list[Flowable]:
        return [
            *self.opening(),
            self.section(f"一、{self.t('reason_label')}"),
            self.para(clean(self.document.reason or EMPTY), self.st.note),
            self.section("二、救济途径"),
            self.para(self.t("remedies"), self.st.note),
            self.section("三、申请信息"),
            self.info_table(with_promise=False),
            self.section("四、告知事项"),
            *self.notes_and_closing(),
        ]

    def correction(self) -> list[Flowable]:
        rows = [
            [str(n), line.material, line.requirement]
            for n, line in enumerate(self.document.corrections, start=1)
        ]
        story: list[Flowable] = [
            *self.opening(),
            self.section("一、需要补正的全部内容"),
            self.grid(["序号", "材料", "需补正的内容"], rows, [11 * mm, 52 * mm, 0]),
            self.space(2),
            self.para(self.t("deadline_note"), self.st.note),
        ]
        n = 2
        if self.document.reason.strip():
            story += [
                self.section("二、审查意见"),
                self.para(clean(self.document.reason), self.st.note),
            ]
            n = 3
        labels = ("", "一", "二", "三", "四", "五")
        story += [
            self.section(f"{labels[n]}、申请信息"),
            self.info_table(with_promise=True),
            self.section(f"{labels[n + 1]}、告知事项"),
            *self.notes_and_closing(),
        ]
        return story


def render_department_document(
    doc: DepartmentDoc, case: Case, ctx: PrintContext, *, templates_dir: Path | None = None
) -> bytes:
    """The latest document of ``doc``'s kind on ``case`` as an A4 PDF; ValueError when the
    department issued none or the case cannot be printed."""
    doc = DepartmentDoc(doc)
    document = latest(case.department_documents, doc.kind)
    if document is None:
        raise ValueError(f"案件{case.number}没有{doc.label}")
    if not case.number.strip() or not case.number.isascii() or not case.number.isprintable():
        raise ValueError(f"案件编号不能打印为条形码：{case.number!r}")
    tpl = load_templates(templates_dir)
    values = {**placeholder_values(case, ctx, tpl), **document_values(document)}
    template = optional_doc(tpl, doc.value)
    title = clean(fill(template.text("title"), values))

    def attempt(density: int) -> tuple[bytes, int]:
        st = styles(density)
        builder = _DepartmentBuilder(case, ctx, tpl, template, values, st)
        builder.document = document
        story = builder.denial() if doc is DepartmentDoc.DENIAL_DECISION else builder.correction()
        pages: list[int] = []
        return build_a4_pdf(story, case, ctx, values, st, title, pages_out=pages), pages[0]

    return fit_pages(attempt)
