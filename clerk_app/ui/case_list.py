"""The case list of 案件查询: one row per case with its deadline and 容缺 colours, a case
whose notice was closed unprinted flagged; a bundle's item cases together under a heading row
(``bundle_rows``). Also the date and document-name helpers the case screens share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from clerk_app.domain.deadlines import DeadlineLevel, case_deadline_level, working_days_left
from clerk_app.domain.hall_time import HALL_TZ, hall_today
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.ui.bundle_rows import BundleHeading, heading_data, member_text
from clerk_app.ui.gap_supply import GapWarnings
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.table_model import AnyIndex, Column, RowTableModel

if TYPE_CHECKING:
    from clerk_app.store.cases import CaseSummary

OVERDUE_COLOUR = QColor("#a3140d")
OVERDUE_BACKGROUND = QColor("#fde2e1")
DUE_SOON_BACKGROUND = QColor("#fff1c2")


def format_dt(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(HALL_TZ)  # the hall's time, whatever the PC's zone
    return value.strftime("%Y-%m-%d %H:%M")


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def doc_label(doc_type: str) -> str:
    """The Chinese name of a printed document (acceptance notices and delivery documents)."""
    from clerk_app.printing import DocType
    from clerk_app.printing.bundle_notice import BundleDoc
    from clerk_app.printing.delivery import DeliveryDoc
    from clerk_app.printing.department_docs import DepartmentDoc
    from clerk_app.printing.termination import TerminationDoc

    for kind in (DocType, DeliveryDoc, TerminationDoc, DepartmentDoc, BundleDoc):
        try:
            return tr_domain(kind(doc_type).label)
        except ValueError:
            continue
    return doc_type


def _column(
    header: object, text: Callable[[CaseSummary], str]
) -> Column[CaseSummary | BundleHeading]:
    return Column(header, member_text(text))


class CaseSummaryModel(RowTableModel["CaseSummary | BundleHeading"]):
    """Search results: one row per case (``CaseSummary``), a bundle's item cases under its
    heading row (``BundleHeading``). A running case near its promised date is yellow, one past
    it red (``clerk_app.domain.deadlines``, in working days); the tooltip says how many working
    days are left."""

    columns = (
        _column(QT_TRANSLATE_NOOP("CaseTables", "案件编号"), lambda s: s.number),
        _column(QT_TRANSLATE_NOOP("CaseTables", "申请人"), lambda s: s.applicant_name),
        _column(QT_TRANSLATE_NOOP("CaseTables", "证件"), lambda s: s.applicant_id_masked),
        _column(QT_TRANSLATE_NOOP("CaseTables", "事项"), lambda s: s.item_name),
        _column(QT_TRANSLATE_NOOP("CaseTables", "实施部门"), lambda s: s.department),
        _column(QT_TRANSLATE_NOOP("CaseTables", "状态"), lambda s: tr_domain(s.status.label)),
        _column(QT_TRANSLATE_NOOP("CaseTables", "受理时间"), lambda s: format_dt(s.received_at)),
        _column(
            QT_TRANSLATE_NOOP("CaseTables", "承诺办结"), lambda s: format_date(s.promised_date)
        ),
    )
    ITEM_COLUMN, DEPARTMENT_COLUMN, STATUS_COLUMN, PROMISED_COLUMN = 3, 4, 5, 7
    one_line = 24  # a heading row's height; the page sets it from the table's font

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        calendar: WorkdayCalendar | None = None,
        today: Callable[[], date] = hall_today,
        working_days_left: Callable[[date], int] | None = None,
    ) -> None:
        """``working_days_left(promised)`` replaces the calendar's count in the tooltip."""
        super().__init__(parent)
        self._calendar = calendar or WorkdayCalendar()
        self._today = today
        self._working_days_left = working_days_left
        self._deadlines: dict[str, tuple[DeadlineLevel, int]] = {}
        self._gaps = GapWarnings()  # 容缺 commitments still open
        self._unprinted: dict[str, list[str]] = {}

    def set_unprinted(self, unprinted: dict[str, list[str]]) -> None:
        """Cases whose notice was closed unprinted (number -> document types): flagged red."""
        self._unprinted = dict(unprinted)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    def unprinted(self, row: CaseSummary) -> list[str]:
        return self._unprinted.get(row.number, [])

    def set_rows(self, rows: Sequence[CaseSummary | BundleHeading]) -> None:
        # Computed once per search, not at every paint.
        today = self._today()
        self._deadlines = {}
        cases = self.summaries(rows)
        self._gaps.compute(cases, today, self._calendar)
        for row in cases:
            level = case_deadline_level(row.status, row.promised_date, today, self._calendar)
            if level is DeadlineLevel.NONE or row.promised_date is None:
                continue
            left = (
                self._working_days_left(row.promised_date)
                if self._working_days_left is not None
                else working_days_left(row.promised_date, today, self._calendar)
            )
            self._deadlines[row.number] = (level, left)
        super().set_rows(rows)

    @staticmethod
    def summaries(rows: Sequence[CaseSummary | BundleHeading]) -> list[CaseSummary]:
        """The case rows of ``rows`` (headings left out)."""
        return [row for row in rows if not isinstance(row, BundleHeading)]

    def deadline(self, row: CaseSummary) -> DeadlineLevel:
        return self._deadlines.get(row.number, (DeadlineLevel.NONE, 0))[0]

    def warning(self, row: CaseSummary) -> DeadlineLevel:
        """The row's colour: the worse of the promised date's and the 容缺 commitment's."""
        return self._gaps.worse(self.deadline(row), row)

    def deadline_tooltip(self, row: CaseSummary) -> str:
        level, left = self._deadlines.get(row.number, (DeadlineLevel.NONE, 0))
        promised = format_date(row.promised_date)
        if level is DeadlineLevel.PAUSED:
            return QCoreApplication.translate("CaseTables", "审批暂停，期限暂停计算")
        if level is DeadlineLevel.RED:
            return (
                QCoreApplication.translate("CaseTables", "已超期 %2 个工作日（承诺办结 %1）")
                .replace("%1", promised)
                .replace("%2", str(max(-left, 1)))
            )
        if level in (DeadlineLevel.YELLOW, DeadlineLevel.GREEN):
            if left <= 0:
                return QCoreApplication.translate("CaseTables", "今天到期（承诺办结 %1）").replace(
                    "%1", promised
                )
            return (
                QCoreApplication.translate("CaseTables", "剩余 %1 个工作日（承诺办结 %2）")
                .replace("%1", str(left))
                .replace("%2", promised)
            )
        return ""

    def _unprinted_data(self, row: CaseSummary, column: int, role: int) -> Any:
        """A case whose notice was closed unprinted: said in the status, red, explained."""
        docs = self.unprinted(row)
        if not docs:
            return None
        if role == Qt.ItemDataRole.DisplayRole and column == self.STATUS_COLUMN:
            return QCoreApplication.translate("CaseTables", "%1 · 通知书未打印").replace(
                "%1", tr_domain(row.status.label)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "CaseTables", "通知书未打印：%1。打开案件补打并交给申请人"
            ).replace("%1", "、".join(doc_label(d) for d in docs))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVERDUE_COLOUR)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self._rows):
            shown = self.row_at(index.row())
            if isinstance(shown, BundleHeading):
                return heading_data(shown, index.column(), role, self.one_line)
            flagged = self._unprinted_data(shown, index.column(), role)
            if flagged is None:
                flagged = self._gaps.cell(shown, index.column() == self.STATUS_COLUMN, role)
            if flagged is not None:
                return flagged
            if role == Qt.ItemDataRole.ToolTipRole:
                level = self.deadline(shown)
                warn = level in (DeadlineLevel.YELLOW, DeadlineLevel.RED, DeadlineLevel.PAUSED)
                if warn or (
                    level is not DeadlineLevel.NONE and index.column() == self.PROMISED_COLUMN
                ):
                    return self.deadline_tooltip(shown)
        return super().data(index, role)

    def extra_data(self, row: CaseSummary | BundleHeading, column: int, role: int) -> Any:
        if isinstance(row, BundleHeading):
            return None
        level = self.warning(row)
        if level is DeadlineLevel.RED:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(OVERDUE_BACKGROUND)
        if level is DeadlineLevel.YELLOW and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(DUE_SOON_BACKGROUND)
        return None
