"""终止办理通知书: the notice of a 容缺 case terminated because the applicant did not supply the
missing materials by the commitment date (domain/gaps.py). It is built from the notices' blocks
(builder.py): codes band, title, 文号, the reason, the materials never supplied, the remedies,
the application and the closing. The wording is the ``[documents.termination_notice]`` section
of the hall's template file, or the shipped one when a hall's older file lacks it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from clerk_app.domain.cases import Case
from clerk_app.domain.gaps import commitment_date, missing_at_end, termination_of
from clerk_app.printing.case_values import PrintContext
from clerk_app.printing.documents import NoticeBuilder, render_optional_notice
from clerk_app.printing.layout import EMPTY, Styles, clean, cn_date
from clerk_app.printing.templates import DocTemplate, Templates

TERMINATION_NOTICE = "termination_notice"


class TerminationDoc(StrEnum):
    """The notice as a document of the print log (its value, its label)."""

    TERMINATION_NOTICE = TERMINATION_NOTICE

    @property
    def label(self) -> str:
        return "终止办理通知书"


class _TerminationBuilder(NoticeBuilder):
    reason: str = ""

    def story(self) -> list[Flowable]:
        due = commitment_date(self.case)
        rows = [
            [str(n), c.material.name, c.material.form.label, str(c.material.copies), cn_date(due)]
            for n, c in enumerate(missing_at_end(self.case), start=1)
        ]
        return [
            *self.opening(),
            self.section(f"一、{self.t('reason_label')}"),
            self.para(clean(self.reason or EMPTY), self.st.note),
            self.section("二、逾期未补齐的材料"),
            self.grid(
                ["序号", "材料名称", "材料形式", "份数", "承诺补齐期限"],
                rows,
                [11 * mm, 0, 24 * mm, 11 * mm, 34 * mm],
                centred=(0, 2, 3, 4),
            ),
            self.section("三、救济途径"),
            self.para(self.t("remedies"), self.st.note),
            self.section("四、申请信息"),
            self.info_table(with_promise=False),
            self.section("五、告知事项"),
            *self.notes_and_closing(),
        ]


def render_termination_notice(
    case: Case, ctx: PrintContext, *, templates_dir: Path | None = None
) -> bytes:
    """The 终止办理通知书 of a terminated ``case`` as an A4 PDF; ValueError for a case that
    was not terminated or cannot be printed."""
    ended = termination_of(case)
    if ended is None:
        raise ValueError(f"案件{case.number}未终止办理，没有终止办理通知书")

    def story_of(
        tpl: Templates, doc: DocTemplate, values: dict[str, str], st: Styles
    ) -> list[Flowable]:
        builder = _TerminationBuilder(case, ctx, tpl, doc, values, st)
        builder.reason = ended[1]
        return builder.story()

    return render_optional_notice(
        case, ctx, TERMINATION_NOTICE, story_of, templates_dir=templates_dir
    )
