"""补齐 at the window: the applicant brings 容缺 materials of a case accepted with gaps.

The clerk scans the notice barcode on the 出件 page (or opens the case); when the case has
open gaps the page offers 「登记补齐」: this dialog lists them, the clerk ticks the ones the
applicant brought, the store records the 补齐 (queued as a ``case.supply`` operation: the
server records it on its latest version of the case, at whichever window) and the 材料接收凭证
prints with the materials now received.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.cases import Case, MaterialCheck
from clerk_app.domain.deadlines import DeadlineLevel, deadline_level
from clerk_app.domain.gaps import GapError, commitment_date, open_gaps
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.ui.i18n import tr_domain

if TYPE_CHECKING:
    from clerk_app.store.cases import CaseSummary
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.print_preview import PrintPreviewDialog
    from clerk_app.ui.workers import TaskRunner

MAX_NOTE = 200


class GapSupplyDialog(QDialog):
    """Which of the case's open gaps the applicant brought, and a note."""

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gapSupplyDialog")
        self.setWindowTitle(self.tr("登记补齐容缺材料"))
        layout = QVBoxLayout(self)
        due = commitment_date(case)
        intro = QLabel(
            self.tr("案件 %1 待补齐以下材料（承诺期限 %2），请勾选申请人本次交来的材料：")
            .replace("%1", case.number)
            .replace("%2", due.isoformat() if due else "—"),
            self,
        )
        intro.setObjectName("gapSupplyIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.gaps: list[MaterialCheck] = open_gaps(case)
        self.boxes: list[QCheckBox] = []
        for index, gap in enumerate(self.gaps):
            box = QCheckBox(
                self.tr("%1（%2，%3份）")
                .replace("%1", gap.material.name)
                .replace("%2", tr_domain(gap.material.form.label))
                .replace("%3", str(gap.material.copies)),
                self,
            )
            box.setObjectName(f"gapSupplyMaterial{index}")
            box.setChecked(len(self.gaps) == 1)
            layout.addWidget(box)
            self.boxes.append(box)
        self.note = QLineEdit(self)
        self.note.setObjectName("gapSupplyNote")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText(self.tr("说明（可空），如：原件已核验"))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("gapSupplyButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        """The material codes ticked."""
        return [
            gap.material.code
            for gap, box in zip(self.gaps, self.boxes, strict=True)
            if box.isChecked()
        ]


def record_supply(
    context: WindowContext, case: Case, codes: Sequence[str], note: str = ""
) -> tuple[Case | None, str]:
    """Store the 补齐 at this window; (the case now, "") or (None, why not)."""
    try:
        done = context.store.cases.supply_gaps(
            case.number,
            codes,
            actor=context.user.username,
            where=context.window_label,
            note=note,
        )
    except GapError as exc:
        return None, str(exc)
    return done, ""


class GapWarnings:
    """The case list's 容缺 warnings: yellow when the commitment date is near, red when it
    passed with a material still missing (the store's ``CaseSummary.gap_due``)."""

    def __init__(self) -> None:
        self._levels: dict[str, DeadlineLevel] = {}

    def compute(self, rows: Iterable[CaseSummary], today: date, calendar: WorkdayCalendar) -> None:
        self._levels = {
            row.number: deadline_level(row.gap_due, today, calendar)
            for row in rows
            if row.gap_due is not None
        }

    def level(self, row: CaseSummary) -> DeadlineLevel:
        return self._levels.get(row.number, DeadlineLevel.NONE)

    def worse(self, other: DeadlineLevel, row: CaseSummary) -> DeadlineLevel:
        """The more urgent of ``other`` (the promised date's) and the row's 容缺 warning."""
        levels = (other, self.level(row))
        for worst in (DeadlineLevel.RED, DeadlineLevel.YELLOW):
            if worst in levels:
                return worst
        return other

    def cell(self, row: CaseSummary, status_column: bool, role: int) -> Any:
        """What a 容缺 case still waiting for materials shows: 待补齐 in its status, the
        commitment date in its tooltip; None for any other case or role."""
        if row.gap_due is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole and status_column:
            return QCoreApplication.translate("CaseTables", "%1 · 待补齐").replace(
                "%1", tr_domain(row.status.label)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            text = QCoreApplication.translate("CaseTables", "容缺材料待补齐，承诺期限 %1").replace(
                "%1", row.gap_due.isoformat()
            )
            level = self.level(row)
            if level in (DeadlineLevel.RED, DeadlineLevel.YELLOW):
                text += f"（{tr_domain(level.label)}）"
            return text
        return None


def open_termination_preview(
    context: WindowContext,
    case: Case,
    *,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """The print preview of a terminated case's 终止办理通知书 (logged as termination_notice)."""
    from clerk_app.printing.termination import TerminationDoc, render_termination_notice
    from clerk_app.ui.print_preview import open_rendered_preview

    doc = TerminationDoc.TERMINATION_NOTICE
    templates_dir = context.templates_dir
    return open_rendered_preview(
        context,
        case,
        doc,
        lambda ctx: render_termination_notice(case, ctx, templates_dir=templates_dir),
        reprint=context.store.prints.printed(doc.value, [case.number]),
        runner=runner,
        parent=parent,
    )
