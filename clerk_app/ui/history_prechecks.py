"""案件查询 finds help-desk pre-checks too (帮办预审): a pre-check number, a ticket number, a
case number or an applicant's ID typed (or scanned) into the search shows the matching
pre-checks below the cases, from this PC's store at once and from the server when online.
Opening one shows what the help desk found; a window clerk may start the acceptance from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.catalog import Item
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.precheck import MaterialFinding, Precheck, PrecheckStatus, finding_materials
from clerk_app.ui.app import fit_to_screen
from clerk_app.ui.helpdesk.at_window import staff_name
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.table_model import Column, RowTableModel, setup_row_table
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

PRECHECK_ROWS_SHOWN = 4  # the box's height: a few pre-checks beside the cases (it scrolls)
STARTABLE = (PrecheckStatus.OPEN, PrecheckStatus.HANDED_OVER)  # a window may accept from these


def precheck_status_text(precheck: Precheck) -> str:
    """Said in every row and the dialog: this is a pre-check, not a case."""
    text = QCoreApplication.translate("PrecheckRowModel", "预审 · %1")
    return text.replace("%1", tr_domain(precheck.status.label))


class PrecheckRowModel(RowTableModel[Precheck]):
    """The pre-checks found: each row says it is a pre-check, with its items, who checked."""

    translation_context = "PrecheckRowModel"

    def __init__(
        self, item_names: Callable[[Precheck], str], checker: Callable[[str], str]
    ) -> None:
        super().__init__()
        self.columns = (
            Column(QT_TRANSLATE_NOOP("PrecheckRowModel", "预审编号"), lambda p: p.number),
            Column(QT_TRANSLATE_NOOP("PrecheckRowModel", "状态"), precheck_status_text),
            Column(QT_TRANSLATE_NOOP("PrecheckRowModel", "事项"), item_names),
            Column(
                QT_TRANSLATE_NOOP("PrecheckRowModel", "证件"),
                lambda p: mask_id(p.applicant_id) if p.applicant_id else "—",
            ),
            Column(
                QT_TRANSLATE_NOOP("PrecheckRowModel", "预审人员"), lambda p: checker(p.checked_by)
            ),
            Column(
                QT_TRANSLATE_NOOP("PrecheckRowModel", "预审时间"),
                lambda p: f"{in_hall_time(p.created_at):%Y-%m-%d %H:%M}",
            ),
            Column(QT_TRANSLATE_NOOP("PrecheckRowModel", "排队号"), lambda p: p.ticket_no or "—"),
        )


class PrecheckFindingModel(RowTableModel[tuple[MaterialFinding, str]]):
    translation_context = "PrecheckRowModel"
    columns = (
        Column(QT_TRANSLATE_NOOP("PrecheckRowModel", "材料"), lambda f: f[1]),
        Column(
            QT_TRANSLATE_NOOP("PrecheckRowModel", "核验结果"),
            lambda f: tr_domain(f[0].finding.label),
        ),
        Column(QT_TRANSLATE_NOOP("PrecheckRowModel", "说明"), lambda f: f[0].note),
    )


class PrecheckDetailDialog(QDialog):
    """One pre-check: who checked what, when, what became of it; for a window clerk a button
    that starts the acceptance from it (``startRequested``)."""

    startRequested = Signal(str)  # the pre-check number

    def __init__(
        self,
        precheck: Precheck,
        items: Sequence[Item],
        checker: str,
        *,
        can_start: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("precheck_detail")
        self.precheck = precheck
        self.setWindowTitle(self.tr("帮办预审：%1").replace("%1", precheck.number))
        layout = QVBoxLayout(self)
        summary = QGridLayout()  # two label-value pairs a row: the findings get the height
        names = "、".join(i.name for i in items) or "、".join(precheck.item_codes)
        fields = [
            (self.tr("预审编号"), precheck.number),
            (self.tr("状态"), precheck_status_text(precheck)),
            (self.tr("事项"), names),
            (self.tr("预审人员"), checker),
            (self.tr("预审时间"), f"{in_hall_time(precheck.created_at):%Y-%m-%d %H:%M}"),
            (self.tr("有效至"), f"{precheck.open_until:%Y-%m-%d}"),
            (self.tr("证件"), mask_id(precheck.applicant_id) if precheck.applicant_id else "—"),
            (self.tr("排队号"), precheck.ticket_no or "—"),
            (self.tr("案件编号"), precheck.case_number or "—"),
            (self.tr("帮办代办"), precheck.agent_authorisation or self.tr("否")),
            (self.tr("备注"), precheck.note or "—"),
        ]
        for index, (label, value) in enumerate(fields):
            row, column = divmod(index, 2)
            name = QLabel(label + "：", self)
            name.setProperty("role", "hint")
            text = QLabel(value, self)
            text.setObjectName(f"precheck_field_{index}")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            summary.addWidget(name, row, column * 2, Qt.AlignmentFlag.AlignRight)
            summary.addWidget(text, row, column * 2 + 1)
        summary.setColumnStretch(1, 1)
        summary.setColumnStretch(3, 1)
        layout.addLayout(summary)
        box = QGroupBox(self.tr("材料核验"), self)
        box_layout = QVBoxLayout(box)
        self.findings_model = PrecheckFindingModel(self)
        self.findings_view = setup_row_table(QTableView(box), self.findings_model)
        self.findings_view.setObjectName("precheck_findings")
        scenario = precheck.scenario_code
        self.findings_model.set_rows(
            [
                (found, material.name if material else found.material_code)
                for found, material in finding_materials(items, scenario, precheck.findings)
            ]
        )
        box_layout.addWidget(self.findings_view)
        layout.addWidget(box, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.start_button: QPushButton | None = None
        if can_start:
            self.start_button = buttons.addButton(
                self.tr("按此预审受理"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.start_button.setObjectName("precheck_start_acceptance")
            self.start_button.setEnabled(precheck.status in STARTABLE)
            if precheck.status not in STARTABLE:
                self.start_button.setToolTip(
                    self.tr("预审%1，不能再用来受理").replace(
                        "%1", tr_domain(precheck.status.label)
                    )
                )
            self.start_button.clicked.connect(self._start)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 620)

    @Slot()
    def _start(self) -> None:
        self.startRequested.emit(self.precheck.number)
        self.accept()


class PrecheckResults(QObject):
    """The history page's pre-check box: searched with the page's text, local then remote."""

    detailOpened = Signal(object)  # PrecheckDetailDialog
    searched = Signal()  # after the server's answer (or its absence) was merged in

    def __init__(
        self,
        context: WindowContext,
        box: QGroupBox,
        view: QTableView,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._box = box
        self._runner = runner
        self._asked = ""  # the text of the latest search (an older answer is dropped)
        # Set by the main window of a PC that accepts cases: fill the acceptance page from a
        # pre-check number, once ``show_acceptance`` has shown it (False: it may not).
        self.start_acceptance: Callable[[str], None] | None = None
        self.show_acceptance: Callable[[], bool] = lambda: True
        self.model = PrecheckRowModel(self._item_names, self._checker)
        self.model.setParent(self)
        self.view = setup_row_table(view, self.model)
        self.view.activated.connect(self.open_index)
        self.view.doubleClicked.connect(self.open_index)
        line = self.view.verticalHeader().defaultSectionSize()
        header = self.view.horizontalHeader().sizeHint().height()
        self.view.setMaximumHeight(header + PRECHECK_ROWS_SHOWN * line + 2 * view.frameWidth())

    def _checker(self, username: str) -> str:
        return staff_name(self._context, username)

    def _items(self, precheck: Precheck) -> list[Item]:
        found = (self._context.store.catalog.item(code) for code in precheck.item_codes)
        return [item for item in found if item is not None]

    def _item_names(self, precheck: Precheck) -> str:
        names = {i.code: i.name for i in self._items(precheck)}
        return "、".join(names.get(code, code) for code in precheck.item_codes)

    def search(self, text: str) -> None:
        """This PC's matches now; the server's (when online) merged in when they come."""
        text = text.strip()
        self._asked = text
        local = self._context.store.prechecks.search(text) if text else []
        self._show(local)
        client = self._context.client
        if not text or client is None:
            self.searched.emit()
            return
        from clerk_app.sync.prechecks import CentralPrechecks

        remote = CentralPrechecks(client)
        self._runner.start(
            remote.search,
            text,
            on_success=lambda found: self._merge(text, local, found),
            on_failure=lambda _exc: self._merge(text, local, []),
        )

    def _merge(self, text: str, local: list[Precheck], remote: list[Precheck]) -> None:
        if text != self._asked:
            return
        newest: dict[str, Precheck] = {p.number: p for p in remote}
        for mine in local:  # this PC's copy may hold saves the server has not had yet
            theirs = newest.get(mine.number)
            if theirs is None or mine.version >= theirs.version:
                newest[mine.number] = mine
        self._show(sorted(newest.values(), key=lambda p: (p.created_at, p.number), reverse=True))
        self.searched.emit()

    def _show(self, prechecks: list[Precheck]) -> None:
        self.model.set_rows(prechecks)
        self._box.setTitle(self.tr("帮办预审（%1 件）").replace("%1", str(len(prechecks))))
        self._box.setVisible(bool(prechecks))

    @Slot(str)
    def _start(self, number: str) -> None:
        if self.start_acceptance is not None and self.show_acceptance():
            self.start_acceptance(number)

    @Slot(QModelIndex)
    def open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open(self.model.row_at(index.row()))

    def open(self, precheck: Precheck) -> PrecheckDetailDialog:
        dialog = PrecheckDetailDialog(
            precheck,
            self._items(precheck),
            self._checker(precheck.checked_by),
            can_start=self.start_acceptance is not None,
            parent=self._box.window(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.startRequested.connect(self._start)
        dialog.open()
        self.detailOpened.emit(dialog)
        return dialog


__all__ = ["PrecheckDetailDialog", "PrecheckResults", "PrecheckRowModel"]
