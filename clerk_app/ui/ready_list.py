"""待领取: the cases of this window (or the whole hall, as this PC knows them) whose result is
ready, with their deadline colour and whether the applicant still has to be told.

The department's decision reaches the local store through the sync pull; the notice to the
applicant is due from then on (SMS itself is out of scope): the clerk phones or texts and marks
it done here, which is recorded as an event on the case. ``openCase(number)`` asks the main
window to open the 出件 page on that case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clerk_app.domain.bundle_handout import MemberState, member_state
from clerk_app.domain.cases import Case, CaseEvent, CaseStatus
from clerk_app.domain.deadlines import DeadlineLevel, case_deadline_level
from clerk_app.domain.gaps import commitment_date, gap_deadline_level, handout_refusal
from clerk_app.domain.hall_time import hall_now, hall_today
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.result_notice import NOTIFIED_ACTION, notice_due, ready_on
from clerk_app.printing.delivery import result_of
from clerk_app.ui.bundle_rows import (
    BundleHeading,
    grouped,
    heading_data,
    member_text,
    span_headings,
)
from clerk_app.ui.case_list import format_date
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import Column, RowTableModel, make_table

if TYPE_CHECKING:
    from clerk_app.domain.workdays import WorkdayCalendar
    from clerk_app.ui.context import WindowContext

RED_BACKGROUND = QColor("#fde2e1")
RED_TEXT = QColor("#a3140d")
YELLOW_BACKGROUND = QColor("#fff1c2")


@dataclass(frozen=True, slots=True)
class ReadyRow:
    case: Case
    level: DeadlineLevel
    ready_on: date | None
    notice_due: bool
    result: str
    state: MemberState = MemberState.READY
    # 容缺: the commitment date while a material is still missing, and how near it is
    gap_due: date | None = None
    gap_level: DeadlineLevel = DeadlineLevel.NONE

    @property
    def number(self) -> str:
        return self.case.number

    @property
    def warning(self) -> DeadlineLevel:
        """The row's colour: an open 容缺 gap's commitment, else the promised date's."""
        return self.gap_level if self.gap_due is not None else self.level


def ready_row(case: Case, today: date, calendar: WorkdayCalendar) -> ReadyRow:
    """What the list shows of ``case``: its deadline, notice, result and hand-out state."""
    finished = ready_on(case)
    result = result_of(case)
    state = member_state(case)
    return ReadyRow(
        case,
        case_deadline_level(case.status, case.promised_date, today, calendar, finished_on=finished),
        finished,
        notice_due(case) and state is MemberState.READY,
        # a bundle's item still with its department has no result yet (only the item's kind)
        f"{result.decision_label}《{result.name}》"
        if result.name and state is MemberState.READY
        else "",
        state,
        commitment_date(case) if state is MemberState.GAP else None,
        gap_deadline_level(case, today, calendar),
    )


def _deadline_text(row: ReadyRow) -> str:
    if row.state is MemberState.GAP:
        due = row.gap_due.isoformat() if row.gap_due else "—"
        return QCoreApplication.translate("CaseTables", "待补齐（承诺%1）").replace("%1", due)
    if row.state is not MemberState.READY:
        return tr_domain(row.case.status.label)  # a bundle's other item, still with its department
    if row.level is DeadlineLevel.RED:
        return QCoreApplication.translate("CaseTables", "逾期办结")
    if row.level is DeadlineLevel.YELLOW:
        return QCoreApplication.translate("CaseTables", "即将到期")
    if row.level is DeadlineLevel.GREEN:
        return QCoreApplication.translate("CaseTables", "按期办结")
    return tr_domain(row.level.label)


def _column(header: object, text: Callable[[ReadyRow], str]) -> Column[ReadyRow | BundleHeading]:
    return Column(header, member_text(text))


def _notice_text(row: ReadyRow) -> str:
    if row.state is not MemberState.READY:
        return ""
    if row.notice_due:
        return QCoreApplication.translate("CaseTables", "待通知")
    return QCoreApplication.translate("CaseTables", "已通知")


class ReadyModel(RowTableModel[ReadyRow | BundleHeading]):
    """Ready results; a bundle's item cases (ready or not) under the bundle's heading row."""

    # What the clerk acts on first comes first; the table still fits a 1280-pixel screen.
    columns = (
        _column(QT_TRANSLATE_NOOP("CaseTables", "案件编号"), lambda r: r.number),
        _column(QT_TRANSLATE_NOOP("CaseTables", "申请人"), lambda r: r.case.applicant.name),
        _column(QT_TRANSLATE_NOOP("CaseTables", "期限"), _deadline_text),
        _column(QT_TRANSLATE_NOOP("CaseTables", "通知"), _notice_text),
        _column(
            QT_TRANSLATE_NOOP("CaseTables", "送达方式"),
            lambda r: tr_domain("免费邮寄" if r.case.delivery_mode == "mail" else "窗口领取"),
        ),
        _column(QT_TRANSLATE_NOOP("CaseTables", "事项"), lambda r: r.case.item.name),
        _column(
            QT_TRANSLATE_NOOP("CaseTables", "承诺办结"), lambda r: format_date(r.case.promised_date)
        ),
        _column(QT_TRANSLATE_NOOP("CaseTables", "出件日期"), lambda r: format_date(r.ready_on)),
        _column(QT_TRANSLATE_NOOP("CaseTables", "办理结果"), lambda r: r.result),
        _column(
            QT_TRANSLATE_NOOP("CaseTables", "证件"), lambda r: mask_id(r.case.applicant.id_number)
        ),
        _column(QT_TRANSLATE_NOOP("CaseTables", "窗口"), lambda r: str(r.case.window_no)),
    )
    APPLICANT_COLUMN, DEADLINE_COLUMN, NOTICE_COLUMN, ITEM_COLUMN = 1, 2, 3, 5
    RESULT_COLUMN, ID_COLUMN, WINDOW_COLUMN = 8, 9, 10
    # Shown when the table has the room (a 1920 screen); the row's tooltip always has them.
    OPTIONAL_COLUMNS = (RESULT_COLUMN, ID_COLUMN)
    one_line = 24  # a heading row's height; the page sets it from the table's font

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.row_at(index.row())
        if isinstance(row, BundleHeading):
            return heading_data(row, index.column(), role, self.one_line)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                f"{self.header(column)}：{spec.text(row)}"
                for column, spec in enumerate(self.columns)
            )
        return super().data(index, role)

    def extra_data(self, row: ReadyRow | BundleHeading, column: int, role: int) -> Any:
        if isinstance(row, BundleHeading):
            return None
        level = row.warning
        if role == Qt.ItemDataRole.BackgroundRole:
            if level is DeadlineLevel.RED:
                return QBrush(RED_BACKGROUND)
            if level is DeadlineLevel.YELLOW:
                return QBrush(YELLOW_BACKGROUND)
            if column == self.NOTICE_COLUMN and row.notice_due:
                return QBrush(YELLOW_BACKGROUND)
        red_text = column == self.DEADLINE_COLUMN and level is DeadlineLevel.RED
        if role == Qt.ItemDataRole.ForegroundRole and red_text:
            return QBrush(RED_TEXT)
        return None

    def case_rows(self) -> list[ReadyRow]:
        return [r for r in self.rows if isinstance(r, ReadyRow)]


class ReadyListPage(QWidget):
    """The list of ready results; Enter, double-click or 出件 emits ``openCase(number)``."""

    openCase = Signal(str)

    def __init__(self, context: WindowContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ready_list_page")
        self.context = context
        self.model = ReadyModel(self)
        self.table = make_table(self, "ready_table", self.model)
        self.model.one_line = self.table.fontMetrics().height() + 10
        # 事项 takes the room and wraps; a company's name and the result wrap in a few
        # characters; the rest is as wide as its content: no sideways scrolling at 1366.
        readable_columns(
            self.table,
            ReadyModel.ITEM_COLUMN,
            wrapped={ReadyModel.APPLICANT_COLUMN: 7, ReadyModel.RESULT_COLUMN: 8},
        )
        self.window_only = QCheckBox(self.tr("只看本窗口受理的"), self)
        self.window_only.setObjectName("ready_window_only")
        self.window_only.setChecked(True)
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"), self)
        self.refresh_button.setObjectName("ready_refresh")
        self.notified_button = QPushButton(self.tr("已通知申请人"), self)
        self.notified_button.setObjectName("ready_notified")
        self.open_button = QPushButton(self.tr("出件"), self)
        self.open_button.setObjectName("ready_open")
        self.open_button.setProperty("primary", True)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("ready_count")
        self.message = QLabel("", self)
        self.message.setObjectName("ready_message")
        self.message.setProperty("role", "error")
        legend = QLabel(
            self.tr(
                "红色：办结晚于承诺日期，发放时请向申请人说明；「待通知」：结果已可领取，尚未通知申请人；"
                "「待补齐」：容缺材料尚未补齐，补齐前不能出件（黄色：承诺期限将到，红色：已过期限）；"
                "蓝色行：一件事，其下为各事项的案件，选中后「出件」显示全部事项"
            ),
            self,
        )
        legend.setProperty("role", "hint")
        legend.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.window_only)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.notified_button)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addLayout(bottom)

        self.window_only.toggled.connect(self.refresh)
        self.window_only.toggled.connect(self._fit_columns)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_selected)
        self.notified_button.clicked.connect(self.mark_notified)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    WIDE_FROM = 1300  # the optional columns show from this width of the table on

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        wide = self.table.width() >= self.WIDE_FROM
        for column in ReadyModel.OPTIONAL_COLUMNS:
            self.table.setColumnHidden(column, not wide)
        # The window of each case only matters when the whole hall's results are listed.
        self.table.setColumnHidden(ReadyModel.WINDOW_COLUMN, self.window_only.isChecked())

    @Slot()
    def refresh(self) -> None:
        window = self.context.window_no if self.window_only.isChecked() else None
        store = self.context.store
        try:
            summaries = store.cases.search(
                status=CaseStatus.RESULT_READY, window_no=window, limit=500
            )
        except Exception as exc:  # a broken query must not take the window down
            self.message.setText(self.tr("查询失败：%1").replace("%1", str(exc)))
            return
        today = hall_today()
        rows = []
        for summary in summaries:
            case = store.cases.get(summary.number)
            if case is not None:
                rows.append(ready_row(case, today, self.context.calendar))
        # Not yet notified first, then the oldest ready results; a bundle's item cases
        # together (also those not ready yet) where the first of them stands.
        rows.sort(key=lambda r: (not r.notice_due, r.ready_on or date.max, r.number))

        def members(number: str) -> list[ReadyRow]:
            return [
                ready_row(c, today, self.context.calendar) for c in store.cases.of_bundle(number)
            ]

        shown = grouped(
            rows,
            lambda r: r.case.bundle_no,
            members,
            lambda _number, group: BundleHeading.of([r.case for r in group]),
        )
        self.model.set_rows(shown)
        span_headings(self.table, shown)
        self.message.clear()
        ready = [r for r in self.model.case_rows() if r.state is MemberState.READY]
        self.count_label.setText(
            self.tr("待领取 %1 件，其中待通知 %2 件")
            .replace("%1", str(len(ready)))
            .replace("%2", str(sum(1 for r in ready if r.notice_due)))
        )
        if shown:
            self.table.selectRow(0)

    def selected_row(self) -> ReadyRow | BundleHeading | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row())

    def _members(self, heading: BundleHeading) -> list[ReadyRow]:
        return [r for r in self.model.case_rows() if r.case.bundle_no == heading.number]

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open(self.model.row_at(index.row()))

    @Slot()
    def open_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.message.setText(self.tr("请先选择一件案件"))
            return
        self._open(row)

    def _not_ready(self, row: ReadyRow) -> str:
        """Why the result of ``row`` cannot go out (nor the applicant be called for it)."""
        if row.state is MemberState.GAP:
            return handout_refusal(row.case) + self.tr(
                "。申请人补交材料时，在「出件」页扫描受理通知书登记补齐"
            )
        if row.state is not MemberState.READY:
            return (
                self.tr("案件 %1 当前为「%2」，办理结果尚未送达窗口")
                .replace("%1", row.number)
                .replace("%2", tr_domain(row.case.status.label))
            )
        return ""

    def _open(self, row: ReadyRow | BundleHeading) -> bool:
        """Hand-out opens for a ready result (a bundle's heading: the 出件 page shows all its
        cases); a case with an open 容缺 gap (or a bundle's item still with its department)
        says why not instead."""
        if isinstance(row, BundleHeading):
            ready = [r for r in self._members(row) if r.state is MemberState.READY]
            if not ready:
                self.message.setText(
                    self.tr("一件事 %1 暂无可领取的结果").replace("%1", row.number)
                )
                return False
            row = ready[0]
        why = self._not_ready(row)
        self.message.setText(why)
        if why:
            return False
        self.openCase.emit(row.number)
        return True

    @Slot()
    def mark_notified(self) -> bool:
        """Record that the applicant was told the result is ready (phone call or SMS); on a
        bundle's heading, for each of its ready results not yet notified."""
        row = self.selected_row()
        if row is None:
            self.message.setText(self.tr("请先选择一件案件"))
            return False
        if isinstance(row, BundleHeading):
            due = [r.number for r in self._members(row) if r.notice_due]
            if not due:
                self.message.setText(
                    self.tr("一件事 %1 没有待通知的结果").replace("%1", row.number)
                )
                return False
            problems = [p for p in (self._notify(number) for number in due) if p]
        else:
            problems = [p for p in (self._notify(row.number),) if p]
        self.refresh()
        self.message.setText("；".join(problems))
        return not problems

    def _notify(self, number: str) -> str:
        """Record the notice of one ready result; what went wrong, or ""."""
        case = self.context.store.cases.get(number)
        if case is None or case.status is not CaseStatus.RESULT_READY:
            return self.tr("案件 %1 已不是待领取状态").replace("%1", number)
        why = self._not_ready(ready_row(case, hall_today(), self.context.calendar))
        if why:
            return why
        if not notice_due(case):
            return self.tr("案件 %1 已通知过申请人").replace("%1", number)
        event = CaseEvent(
            hall_now(),
            self.context.user.username,
            self.context.window_label,
            NOTIFIED_ACTION,
            CaseStatus.RESULT_READY,
            f"已通知申请人{case.applicant.name}领取办理结果",
        )
        try:
            self.context.store.cases.update(case, event)
        except Exception as exc:
            return self.tr("未能记录：%1").replace("%1", str(exc))
        return ""
