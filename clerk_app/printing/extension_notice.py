"""延期通知书: the applicant is told that the head of the agency approved a 行政许可法 Art. 42
extension (domain/extensions.py), for how long, until when, and why ("并应当将延长期限的理由告知
申请人").

Built from the notices' blocks (builder.py): codes band, title, 文号, the extension (original
limit, working days added, new limit, who approved it and when, the article), the reason, the
application and the closing, dated on the day of the approval. The wording is the
``[documents.extension_notice]`` section of the hall's template file, or the shipped one when a
hall's older file lacks it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

from reportlab.platypus import Flowable

from clerk_app.domain.cases import Case
from clerk_app.domain.extensions import ApprovedExtension, extension_of
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.printing.case_values import PrintContext
from clerk_app.printing.documents import NoticeBuilder, render_optional_notice
from clerk_app.printing.layout import Styles, clean, cn_date
from clerk_app.printing.templates import DocTemplate, Templates

EXTENSION_NOTICE = "extension_notice"


class ExtensionDoc(StrEnum):
    """The notice as a document of the print log (its value, its label)."""

    EXTENSION_NOTICE = EXTENSION_NOTICE

    @property
    def label(self) -> str:
        return "延期通知书"


class _ExtensionBuilder(NoticeBuilder):
    extension: ApprovedExtension
    approved_on: date

    def issue_date(self) -> date:
        return self.approved_on

    def story(self) -> list[Flowable]:
        ext = self.extension
        rows: list[tuple[str, str, str, str] | tuple[str, str]] = [
            ("原办结期限", cn_date(ext.limit_before), "延长", f"{ext.working_days}个工作日"),
            ("延长后期限", f"{cn_date(ext.limit_after)}前作出决定"),
            ("批准", f"本机关负责人{ext.approved_by}，{cn_date(self.approved_on)}"),
            ("依据", ext.article),
        ]
        return [
            *self.opening(),
            self.section("一、延长的期限"),
            self.label_table(rows),
            self.section(f"二、{self.t('reason_label')}"),
            self.para(clean(ext.reason), self.st.note),
            self.section("三、申请信息"),
            self.info_table(with_promise=False),
            self.section("四、告知事项"),
            *self.notes_and_closing(),
        ]


def render_extension_notice(
    case: Case, ctx: PrintContext, *, templates_dir: Path | None = None
) -> bytes:
    """The 延期通知书 of ``case`` as an A4 PDF; ValueError for a case without an approved
    extension or one that cannot be printed."""
    found = extension_of(case)
    if found is None:
        raise ValueError(f"案件{case.number}没有经批准的延期，没有延期通知书")
    event, extension = found
    approved_on = event.at.astimezone(HALL_TZ).date() if event.at.tzinfo else event.at.date()

    def story_of(
        tpl: Templates, doc: DocTemplate, values: dict[str, str], st: Styles
    ) -> list[Flowable]:
        builder = _ExtensionBuilder(case, ctx, tpl, doc, values, st)
        builder.extension = extension
        builder.approved_on = approved_on
        return builder.story()

    return render_optional_notice(
        case, ctx, EXTENSION_NOTICE, story_of, templates_dir=templates_dir
    )
