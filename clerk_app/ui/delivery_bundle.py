"""出件 of a bundle (一件事): scanning the notice of the bundle, or of any one of its item
cases, shows every item case of the application in the 出件 page's 「一件事」 box: item,
department, where it stands (可领取, 审批中, 待补齐 with the commitment date …), the promised
date and the result. The ready ones are ticked: the clerk hands them all out at once, or
unticks some (part by part); an item not ready cannot be ticked. Choosing a row shows that
case in the page's case box (and offers 登记补齐 when it has an open gap).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush

from clerk_app.domain.bundle_handout import BundleHandout, MemberState, member_note, member_state
from clerk_app.domain.cases import Case
from clerk_app.domain.deadlines import DeadlineLevel
from clerk_app.domain.department_docs import DepartmentDocKind, latest
from clerk_app.domain.gaps import gap_deadline_level, gap_summary, open_gaps
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.handover import refusal_for_status
from clerk_app.domain.identifiers import mask_id
from clerk_app.printing.delivery import result_of
from clerk_app.ui.case_list import DUE_SOON_BACKGROUND, OVERDUE_BACKGROUND, format_date
from clerk_app.ui.forms.ui_delivery import Ui_DeliveryPage
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import AnyIndex, Column, RowTableModel, setup_row_table

if TYPE_CHECKING:
    from clerk_app.domain.workdays import WorkdayCalendar


def _result_text(case: Case) -> str:
    if member_state(case) not in (MemberState.READY, MemberState.HANDED):
        return ""
    result = result_of(case)
    return f"{result.decision_label}《{result.name}》" if result.decision_label else ""


class BundleCasesModel(RowTableModel[Case]):
    """The item cases of one bundle; the first column ticks the ready ones to hand out."""

    columns = (
        Column(QT_TRANSLATE_NOOP("CaseTables", "发放"), lambda c: ""),
        Column(QT_TRANSLATE_NOOP("CaseTables", "事项"), lambda c: c.item.name),
        Column(QT_TRANSLATE_NOOP("CaseTables", "实施部门"), lambda c: c.item.department),
        Column(QT_TRANSLATE_NOOP("CaseTables", "办理情况"), member_note),
        Column(QT_TRANSLATE_NOOP("CaseTables", "承诺办结"), lambda c: format_date(c.promised_date)),
        Column(QT_TRANSLATE_NOOP("CaseTables", "办理结果"), _result_text),
        Column(QT_TRANSLATE_NOOP("CaseTables", "案件编号"), lambda c: c.number),
    )
    CHECK_COLUMN, ITEM_COLUMN, DEPARTMENT_COLUMN, NOTE_COLUMN = 0, 1, 2, 3
    RESULT_COLUMN = 5
    chosenChanged = Signal()

    def __init__(self, calendar: WorkdayCalendar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._chosen: set[str] = set()

    def set_rows(self, rows: Any) -> None:
        cases: list[Case] = list(rows)
        # every ready result is ticked: hand out all is the usual case
        self._chosen = {c.number for c in cases if member_state(c) is MemberState.READY}
        super().set_rows(cases)
        self.chosenChanged.emit()

    def chosen(self) -> list[str]:
        """The ticked cases, in the bundle's order."""
        return [c.number for c in self.rows if c.number in self._chosen]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        ready = index.isValid() and member_state(self.row_at(index.row())) is MemberState.READY
        if index.column() == self.CHECK_COLUMN and ready:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def extra_data(self, row: Case, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == self.CHECK_COLUMN:
            if member_state(row) is not MemberState.READY:
                return None
            ticked = row.number in self._chosen
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            level = gap_deadline_level(row, hall_today(), self._calendar)
            if level is DeadlineLevel.RED:
                return QBrush(OVERDUE_BACKGROUND)
            if level is DeadlineLevel.YELLOW:
                return QBrush(DUE_SOON_BACKGROUND)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not (
            self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        number = self.row_at(index.row()).number
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._chosen.add(number)
        else:
            self._chosen.discard(number)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.chosenChanged.emit()
        return True


class BundleBox(QObject):
    """The 出件 page's 「一件事」 box (from forms/delivery.ui): hidden for a single item's case."""

    caseSelected = Signal(str)  # the clerk chose a row: show that case
    chosenChanged = Signal()  # the ticks changed: what 发放 and 寄出 would hand out

    def __init__(
        self, form: Ui_DeliveryPage, calendar: WorkdayCalendar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.box = form.delivery_bundle_box
        self.summary = form.delivery_bundle_summary
        self.model = BundleCasesModel(calendar, self)
        self.table = setup_row_table(form.delivery_bundle_table, self.model)
        self.table.setSortingEnabled(False)
        # 事项 takes the room; department, state and result wrap: every name is read whole
        readable_columns(
            self.table,
            BundleCasesModel.ITEM_COLUMN,
            wrapped={
                BundleCasesModel.DEPARTMENT_COLUMN: 8,
                BundleCasesModel.NOTE_COLUMN: 9,
                BundleCasesModel.RESULT_COLUMN: 12,
            },
        )
        self.handout: BundleHandout | None = None
        self.model.chosenChanged.connect(self.chosenChanged)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self.box.setVisible(False)

    def show(self, handout: BundleHandout | None, current: str) -> None:
        """Show ``handout`` (None: hide the box) with case ``current`` selected."""
        self.handout = handout
        self.box.setVisible(handout is not None)
        if handout is None:
            self.model.set_rows([])
            return
        link = handout.cases[0].bundle
        title = f"{link.number}　{link.name}" if link is not None else ""
        self.box.setTitle(self.tr("一件事：%1").replace("%1", title))
        applicant = handout.cases[0].applicant
        who = f"{applicant.name}（{applicant.document_label} {mask_id(applicant.id_number)}）"
        self.summary.setText(
            self.tr("申请人 %1。%2；勾选的事项一起发放，其余办结后再来领取。")
            .replace("%1", who)
            .replace("%2", handout.summary())
        )
        self.model.set_rows(list(handout.cases))
        for line, case in enumerate(handout.cases):
            if case.number == current:
                self.table.selectRow(line)

    def chosen(self) -> list[str]:
        return self.model.chosen() if self.handout is not None else []

    @Slot(QModelIndex)
    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.caseSelected.emit(self.model.row_at(index.row()).number)


def opening_message(case: Case, handout: BundleHandout | None) -> tuple[str, bool]:
    """What the 出件 page says on opening ``case`` (of ``handout``, a bundle, or alone), and
    whether anything can be handed out now. An open 容缺 gap of the case itself is said
    first; the other ready results of its bundle can still go out."""
    ready = handout.ready if handout is not None else []
    gaps = bool(open_gaps(case))
    if gaps and not ready:
        text = QCoreApplication.translate(
            "DeliveryPage", "%1。申请人补交材料请点「登记补齐」；全部补齐后方可出件"
        )
        return text.replace("%1", gap_summary(case)), False
    if handout is None or not ready:
        refusal = refusal_for_status(case)
        if refusal:
            return refusal, False
        if latest(case.department_documents, DepartmentDocKind.DENIAL) is not None:
            return QCoreApplication.translate(
                "DeliveryPage", "部门不予许可：在「详情」中打印不予许可决定书，核验领取人证件后发放"
            ), True
        return QCoreApplication.translate(
            "DeliveryPage", "请核验领取人证件后发放；或切换到「免费邮寄」登记寄出"
        ), True
    if handout.all_ready:
        text = QCoreApplication.translate(
            "DeliveryPage", "一件事的 %1 项结果均可领取：核验领取人证件后一并发放（或免费邮寄）"
        ).replace("%1", str(len(ready)))
        return text, True
    text = (
        QCoreApplication.translate(
            "DeliveryPage", "%1：可先发放已勾选的 %2 项，其余事项办结后再来领取（或办结后邮寄）"
        )
        .replace("%1", handout.summary())
        .replace("%2", str(len(ready)))
    )
    if gaps:
        text = (
            gap_summary(case)
            + QCoreApplication.translate("DeliveryPage", "（可点「登记补齐」）。")
            + text
        )
    return text, True


def still_waiting(handout: BundleHandout | None) -> str:
    """After a bundle's hand-out in part: what is left for a later visit ("" for none)."""
    if handout is None or not handout.waiting:
        return ""
    text = QCoreApplication.translate("DeliveryPage", "；其余 %1 项办结后再来领取")
    return text.replace("%1", str(len(handout.waiting)))
