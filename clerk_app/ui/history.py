"""案件查询: find cases of this PC, open one, see its audit trail and print log, reprint; the
help desk's pre-checks matching the text are listed below the cases (``history_prechecks``).

The search runs against the local SQLite store (fast, works offline). A barcode scanner is a
keyboard: it types the case number from a printed notice and presses Enter, which opens the
case directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from clerk_app.domain.bundle_link import BUNDLE_NUMBER_PREFIX, BundleLink
from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, MaterialCheck, parse_case_number
from clerk_app.domain.extensions import EXTENSION_ACTION, extension_of
from clerk_app.domain.gaps import SUPPLY_ACTION, TERMINATE_ACTION
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.notices import NOTICE_UNPRINTED, unprinted_notices
from clerk_app.domain.phones import mask_phone
from clerk_app.ui.app import fit_to_screen
from clerk_app.ui.bundle_rows import BundleHeading, span_headings, with_bundles
from clerk_app.ui.case_list import (
    CaseSummaryModel,
    doc_label,
    format_date,
    format_dt,
)
from clerk_app.ui.department_documents import department_fields, open_department_preview
from clerk_app.ui.forms.ui_case_detail import Ui_CaseDetailDialog
from clerk_app.ui.forms.ui_history import Ui_HistoryPage
from clerk_app.ui.history_prechecks import PrecheckResults
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import Column, RowTableModel, setup_row_table
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.printing import DocType
    from clerk_app.printing.department_docs import DepartmentDoc
    from clerk_app.printing.extension_notice import ExtensionDoc
    from clerk_app.store.prints import PrintRecord
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.print_preview import PrintPreviewDialog


# What each event of the audit trail was, as the clerk reads it (unknown actions show as they are).
ACTION_LABELS = {
    "created": str(QT_TRANSLATE_NOOP("CaseTables", "受理登记")),
    "prechecked": str(QT_TRANSLATE_NOOP("CaseTables", "帮办预审")),
    "received": str(QT_TRANSLATE_NOOP("CaseTables", "收件")),
    "decided": str(QT_TRANSLATE_NOOP("CaseTables", "作出决定")),
    "printed": str(QT_TRANSLATE_NOOP("CaseTables", "打印文书")),
    "status": str(QT_TRANSLATE_NOOP("CaseTables", "状态变更")),
    "updated": str(QT_TRANSLATE_NOOP("CaseTables", "修改")),
    "uploaded": str(QT_TRANSLATE_NOOP("CaseTables", "上传中心")),
    "notified": str(QT_TRANSLATE_NOOP("CaseTables", "通知领取")),
    "delivered": str(QT_TRANSLATE_NOOP("CaseTables", "发放结果")),
    "mailed": str(QT_TRANSLATE_NOOP("CaseTables", "邮寄结果")),
    "taken": str(QT_TRANSLATE_NOOP("CaseTables", "接件审批")),
    "suspended": str(QT_TRANSLATE_NOOP("CaseTables", "暂停审批")),
    "resumed": str(QT_TRANSLATE_NOOP("CaseTables", "恢复审批")),
    "extended": str(QT_TRANSLATE_NOOP("CaseTables", "延长期限")),
    "approved": str(QT_TRANSLATE_NOOP("CaseTables", "准予许可")),
    "denied": str(QT_TRANSLATE_NOOP("CaseTables", "不予许可")),
    "result_ready": str(QT_TRANSLATE_NOOP("CaseTables", "结果待领取")),
    "rejected": str(QT_TRANSLATE_NOOP("CaseTables", "中心退回")),
    "conflict": str(QT_TRANSLATE_NOOP("CaseTables", "修改冲突")),
    "discarded": str(QT_TRANSLATE_NOOP("CaseTables", "放弃修改")),
    "notice_unprinted": str(QT_TRANSLATE_NOOP("CaseTables", "通知书未打印")),
    SUPPLY_ACTION: str(QT_TRANSLATE_NOOP("CaseTables", "容缺补齐")),
    TERMINATE_ACTION: str(QT_TRANSLATE_NOOP("CaseTables", "终止办理")),
    EXTENSION_ACTION: str(QT_TRANSLATE_NOOP("CaseTables", "批准延期")),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return QCoreApplication.translate("CaseTables", label) if label else action


def event_detail(event: CaseEvent) -> str:
    """The event's note; a print names the document, not its internal code."""
    if event.action == "printed":
        verb, _, code = event.detail.partition(" ")
        if code and " " not in code:
            return f"{verb}{doc_label(code)}"
    if event.action == NOTICE_UNPRINTED:
        return event.detail.rsplit(" ", 1)[0]  # the notice's name, not its code
    return event.detail


class CaseEventModel(RowTableModel[CaseEvent]):
    """The audit trail of a case: who, when, at which window, what, why."""

    NOTE_COLUMN = 5

    columns = (
        Column(QT_TRANSLATE_NOOP("CaseTables", "时间"), lambda e: format_dt(e.at)),
        Column(QT_TRANSLATE_NOOP("CaseTables", "操作人"), lambda e: e.actor),
        Column(QT_TRANSLATE_NOOP("CaseTables", "窗口"), lambda e: e.window),
        Column(QT_TRANSLATE_NOOP("CaseTables", "操作"), lambda e: action_label(e.action)),
        Column(
            QT_TRANSLATE_NOOP("CaseTables", "状态"),
            lambda e: tr_domain(e.status.label) if e.status else "",
        ),
        Column(QT_TRANSLATE_NOOP("CaseTables", "说明"), event_detail),
    )


def _print_kind(record: PrintRecord) -> str:
    if record.reprint:
        return QCoreApplication.translate("CaseTables", "补打")
    return QCoreApplication.translate("CaseTables", "首次打印")


class PrintLogModel(RowTableModel["PrintRecord"]):
    columns = (
        Column(QT_TRANSLATE_NOOP("CaseTables", "文书"), lambda p: doc_label(p.doc_type)),
        Column(QT_TRANSLATE_NOOP("CaseTables", "打印人"), lambda p: p.printed_by),
        Column(QT_TRANSLATE_NOOP("CaseTables", "打印时间"), lambda p: format_dt(p.printed_at)),
        Column(QT_TRANSLATE_NOOP("CaseTables", "类型"), _print_kind),
    )


class MaterialCheckModel(RowTableModel[MaterialCheck]):
    NAME_COLUMN, NOTE_COLUMN = 0, 5

    columns = (
        Column(QT_TRANSLATE_NOOP("CaseTables", "材料"), lambda c: c.material.name),
        Column(QT_TRANSLATE_NOOP("CaseTables", "形式"), lambda c: tr_domain(c.material.form.label)),
        Column(
            QT_TRANSLATE_NOOP("CaseTables", "份数"),
            lambda c: str(c.copies_received or c.material.copies),
        ),
        Column(QT_TRANSLATE_NOOP("CaseTables", "要求"), lambda c: c.material.requirement_label),
        Column(QT_TRANSLATE_NOOP("CaseTables", "收取情况"), lambda c: tr_domain(c.state.label)),
        Column(QT_TRANSLATE_NOOP("CaseTables", "说明"), lambda c: c.defect_reason or c.note),
    )


def missing_bundle_items(link: BundleLink, cases: list[Case]) -> list[str]:
    """The items of the bundle application with no case among ``cases`` (those on this PC),
    in the bundle's order."""
    missing = Counter(link.item_codes) - Counter(case.item.code for case in cases)
    return [code for code in link.item_codes if missing.pop(code, 0)]


def first_case_number(link: BundleLink) -> str:
    """The case the bundle number is made of: its 一件事受理通知书 is logged on it."""
    return link.number.removeprefix(BUNDLE_NUMBER_PREFIX)


class CaseDetailDialog(QDialog):
    """One case: its data, materials, timeline, print log, and (re)print buttons."""

    printed = Signal(object)  # PrintRecord

    def __init__(
        self,
        context: WindowContext,
        case: Case,
        *,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.case = case
        self._runner = runner or TaskRunner(parent=self)

        self.form = Ui_CaseDetailDialog()
        self.form.setupUi(self)
        self.setWindowTitle(self.tr("案件详情：%1").replace("%1", case.number))
        self.summary = self.form.detail_summary
        self.summary_layout = self.form.detail_summary_layout
        self.events_model = CaseEventModel(self)
        self.prints_model = PrintLogModel(self)
        self.materials_model = MaterialCheckModel(self)
        self.events_view = setup_row_table(self.form.detail_events, self.events_model)
        self.prints_view = setup_row_table(self.form.detail_prints, self.prints_model)
        self.materials_view = setup_row_table(self.form.detail_materials, self.materials_model)
        # The event's note (a decision's wording, a result's number) and a material's name are
        # read whole, wrapped onto more lines, never cut to "…".
        readable_columns(self.events_view, CaseEventModel.NOTE_COLUMN)
        readable_columns(
            self.materials_view,
            MaterialCheckModel.NAME_COLUMN,
            wrapped={MaterialCheckModel.NOTE_COLUMN: 12},
        )
        self.tabs = self.form.detail_tabs
        self.unprinted_label = self.form.detail_unprinted
        self.print_box = self.form.detail_print_box
        self.print_buttons_layout = self.form.detail_print_buttons
        self.print_buttons: dict[str, QPushButton] = {}
        self.bundle_message: QMessageBox | None = None  # why the bundle's notice cannot print
        self.form.detail_close.clicked.connect(self.accept)
        fit_to_screen(self, 1000, 720)
        self.refresh(case)
        self.events_view.setFocus()

    def refresh(self, case: Case | None = None) -> None:
        """Reload the case (after a print the timeline and the log grow)."""
        if case is None:
            case = self.context.store.cases.get(self.case.number) or self.case
        self.case = case
        self._fill_summary(case)
        self.events_model.set_rows(sorted(case.events, key=lambda e: e.at))
        self.materials_model.set_rows(list(case.checks))
        self.prints_model.set_rows(self.context.store.prints.log(case.number))
        self._fill_print_buttons()

    def _fill_summary(self, case: Case) -> None:
        while self.summary_layout.count():
            item = self.summary_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        applicant = case.applicant
        decision = case.decision
        fields = [
            (self.tr("案件编号"), case.number),
            (self.tr("状态"), tr_domain(case.status.label)),
            (self.tr("申请人"), applicant.name),
            (self.tr("证件"), f"{applicant.document_label} {mask_id(applicant.id_number)}"),
            (self.tr("联系电话"), mask_phone(applicant.mobile) if applicant.mobile else ""),
            (self.tr("代理人"), case.agent.name if case.agent else self.tr("无")),
            (self.tr("事项"), f"{case.item.name}（{case.item.code}）"),
            (self.tr("实施主体"), case.item.department),
            (self.tr("情形"), case.scenario_name or self.tr("—")),
            (self.tr("决定"), tr_domain(decision.kind.label) if decision else ""),
            (self.tr("受理时间"), format_dt(case.received_at)),
            (self.tr("承诺办结"), format_date(case.promised_date)),
            (self.tr("窗口"), self.tr("%1号窗口").replace("%1", str(case.window_no))),
            (self.tr("受理人"), case.clerk_name or case.clerk),
        ]
        if case.bundle is not None:
            fields.append((self.tr("一件事"), f"{case.bundle.number}（{case.bundle.name}）"))
        if decision is not None and decision.reason:
            fields.append((self.tr("理由/说明"), decision.reason))
        fields += department_fields(case)  # 不予许可决定书, 补正通知 of the department
        columns = 2
        for index, (label, value) in enumerate(fields):
            row, col = divmod(index, columns)
            name = QLabel(label + "：", self.summary)
            name.setProperty("role", "hint")
            text = QLabel(value, self.summary)
            text.setObjectName(f"detail_field_{index}")
            if index == 0:  # the case number is what the clerk reads out and looks for
                text.setProperty("role", "title")
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            self.summary_layout.addWidget(name, row, col * 2, Qt.AlignmentFlag.AlignRight)
            self.summary_layout.addWidget(text, row, col * 2 + 1)
        self.summary_layout.setColumnStretch(1, 1)
        self.summary_layout.setColumnStretch(3, 1)

    def _fill_print_buttons(self) -> None:
        from clerk_app.printing import documents_for

        for button in self.print_buttons.values():
            self.print_buttons_layout.removeWidget(button)
            button.deleteLater()
        self.print_buttons = {}
        printed = {record.doc_type for record in self.prints_model.rows}
        unprinted = unprinted_notices(self.case.events)
        self.unprinted_label.setText(
            self.tr("通知书未打印：%1。请补打并交给申请人。").replace(
                "%1", "、".join(doc_label(d) for d in unprinted)
            )
            if unprinted
            else ""
        )
        self.unprinted_label.setVisible(bool(unprinted))
        if self.case.bundle is not None:  # the bundle's notice first, as when it was saved
            from clerk_app.printing.bundle_notice import BundleDoc

            bundle_notice = BundleDoc.BUNDLE_NOTICE
            again = self.context.store.prints.printed(
                bundle_notice.value, [first_case_number(self.case.bundle)]
            )
            self._add_print_button(
                bundle_notice,
                again,
                not again,
                lambda _doc: self.print_bundle_notice(),
                name="detail_print_bundle_notice",
            )
        for doc in documents_for(self.case):
            self._add_print_button(
                doc, doc.value in printed, doc.value in unprinted, self.print_document
            )
        # what the department issued: the applicant came back for it
        from clerk_app.printing.department_docs import department_docs_for

        for issued in department_docs_for(self.case):
            again = issued.value in printed
            self._add_print_button(issued, again, not again, self.print_department_document)
        # 延期通知书: the head approved an Art. 42 extension; the applicant is told the reason
        from clerk_app.printing.extension_notice import ExtensionDoc

        if extension_of(self.case) is not None:
            again = ExtensionDoc.EXTENSION_NOTICE.value in printed
            notice = ExtensionDoc.EXTENSION_NOTICE
            self._add_print_button(notice, again, not again, self.print_extension_notice)
        self.print_buttons_layout.addStretch(1)

    def _add_print_button(
        self,
        doc: Any,
        again: bool,
        primary: bool,
        open_it: Callable[[Any], object],
        *,
        name: str = "",
    ) -> None:
        """One (re)print button; ``primary`` marks the one to print now."""
        text = (self.tr("补打%1") if again else self.tr("打印%1")).replace(
            "%1", tr_domain(doc.label)
        )
        button = QPushButton(text, self.print_box)
        button.setObjectName(name or f"reprint_{doc.value}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, d=doc: open_it(d))
        if primary:
            button.setProperty("primary", True)
        self.print_buttons_layout.addWidget(button)
        self.print_buttons[doc.value] = button

    def print_department_document(self, doc: DepartmentDoc) -> PrintPreviewDialog:
        dialog = open_department_preview(
            self.context, self.case, doc, runner=self._runner, parent=self
        )
        dialog.printed.connect(self._printed)
        dialog.open()
        return dialog

    def print_extension_notice(self, notice: ExtensionDoc | None = None) -> PrintPreviewDialog:
        """The 延期通知书 of an extended case; a second print is logged as a reprint."""
        from clerk_app.printing.extension_notice import ExtensionDoc, render_extension_notice
        from clerk_app.ui.print_preview import open_rendered_preview

        notice = notice or ExtensionDoc.EXTENSION_NOTICE
        templates_dir = self.context.templates_dir
        dialog = open_rendered_preview(
            self.context,
            self.case,
            notice,
            lambda ctx: render_extension_notice(self.case, ctx, templates_dir=templates_dir),
            reprint=any(r.doc_type == notice.value for r in self.prints_model.rows),
            runner=self._runner,
            parent=self,
        )
        dialog.printed.connect(self._printed)
        dialog.open()
        return dialog

    def print_document(self, doc_type: DocType) -> PrintPreviewDialog:
        """Open the print preview of one document; a print there is recorded as a reprint."""
        from clerk_app.ui.print_preview import open_preview

        reprint = any(r.doc_type == doc_type.value for r in self.prints_model.rows)
        dialog = open_preview(
            self.context, self.case, doc_type, reprint=reprint, runner=self._runner, parent=self
        )
        dialog.printed.connect(self._printed)
        dialog.open()
        return dialog

    def print_bundle_notice(self) -> PrintPreviewDialog | None:
        """The 一件事受理通知书 of the case's bundle application, logged on its first case (as
        a reprint when it was printed before). Only with every item case of the bundle on this
        PC: a notice listing part of the items would tell the applicant a wrong story."""
        from clerk_app.printing.bundle_notice import BUNDLE_NOTICE
        from clerk_app.ui.print_preview import open_bundle_preview

        link = self.case.bundle
        if link is None:
            return None
        cases = self.context.store.cases.of_bundle(link.number)
        missing = missing_bundle_items(link, cases)
        if missing:
            self._show_bundle_incomplete(link, len(cases), missing)
            return None
        first = first_case_number(link)
        cases.sort(key=lambda case: case.number != first)  # stable: the rest keep item order
        dialog = open_bundle_preview(
            self.context,
            cases,
            reprint=self.context.store.prints.printed(BUNDLE_NOTICE, [first]),
            runner=self._runner,
            parent=self,
        )
        dialog.printed.connect(self._printed)
        dialog.open()
        return dialog

    def _show_bundle_incomplete(self, link: BundleLink, found: int, missing: list[str]) -> None:
        catalog = self.context.store.catalog
        names = []
        for code in missing:
            item = catalog.item(code)
            names.append(f"{item.name}（{code}）" if item is not None else code)
        box = QMessageBox(self)
        box.setObjectName("detail_bundle_incomplete")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("无法补打一件事受理通知书"))
        box.setText(
            self.tr(
                "一件事 %1 共 %2 个事项，本机只有其中 %3 件案件，缺少：%4。\n"
                "通知书须列出全部事项，不能只打印一部分：请在受理该一件事的窗口电脑上补打。"
            )
            .replace("%1", link.number)
            .replace("%2", str(len(link.item_codes)))
            .replace("%3", str(found))
            .replace("%4", "、".join(names))
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.bundle_message = box

    def _printed(self, record: PrintRecord) -> None:
        self.refresh()
        self.printed.emit(record)


class HistoryPage(QWidget):
    """Filters → CaseSummaryModel → table; Enter or double-click opens the case."""

    caseOpened = Signal(object)  # CaseDetailDialog

    def __init__(
        self,
        context: WindowContext,
        *,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._runner = runner or TaskRunner(parent=self)
        self.form = Ui_HistoryPage()
        self.form.setupUi(self)
        form = self.form
        self.search = form.history_search
        self.status_combo = form.history_status
        self.status_combo.addItem(self.tr("全部状态"), None)
        for status in CaseStatus:
            self.status_combo.addItem(tr_domain(status.label), status.value)
        self.date_check = form.history_date_enabled
        today = hall_today()
        self.date_from = form.history_date_from
        self.date_from.setDate(QDate(today.year, today.month, 1))
        self.date_to = form.history_date_to
        self.date_to.setDate(QDate(today.year, today.month, today.day))
        self.window_only = form.history_window_only
        self.search_button = form.history_search_button
        self.open_button = form.history_open
        self.count_label = form.history_count
        self.message = form.history_message
        self.model = CaseSummaryModel(self, calendar=context.calendar)
        self.table = setup_row_table(form.history_table, self.model)
        self.table.setSortingEnabled(False)
        # 事项 takes the room and wraps, a long company or department name in 8 characters.
        readable_columns(
            self.table,
            CaseSummaryModel.ITEM_COLUMN,
            wrapped={1: 8, CaseSummaryModel.DEPARTMENT_COLUMN: 8},
        )
        self.model.one_line = self.table.fontMetrics().height() + 10
        self.prechecks = PrecheckResults(
            context, form.history_prechecks_box, form.history_prechecks, self._runner, self
        )

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._search_entered)
        self.status_combo.currentIndexChanged.connect(self.run_search)
        self.date_check.toggled.connect(self._date_toggled)
        self.date_from.dateChanged.connect(self.run_search)
        self.date_to.dateChanged.connect(self.run_search)
        self.window_only.toggled.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.open_button.clicked.connect(self.open_selected)
        self.table.activated.connect(self.open_index)
        self.table.doubleClicked.connect(self.open_index)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.run_search)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.run_search()

    @Slot(bool)
    def _date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.run_search()

    def filters(self) -> dict[str, Any]:
        status = self.status_combo.currentData()
        result: dict[str, Any] = {
            "text": self.search.text().strip(),
            "status": CaseStatus(status) if status else None,
            "window_no": self.context.window_no if self.window_only.isChecked() else None,
        }
        if self.date_check.isChecked():
            result["date_from"] = self.date_from.date().toPython()
            result["date_to"] = self.date_to.date().toPython()
        return result

    @Slot()
    def run_search(self) -> None:
        self._debounce.stop()
        try:
            found = self.context.store.cases.search(**self.filters())
            rows = with_bundles(found, self.context.store.cases)
        except Exception as exc:  # a broken query must not take the window down
            self.message.setText(self.tr("查询失败：%1").replace("%1", str(exc)))
            return
        self.message.clear()
        self.prechecks.search(self.search.text())
        self.model.set_rows(rows)
        span_headings(self.table, rows)
        cases = self.model.summaries(rows)
        self.model.set_unprinted(self.context.store.prints.unprinted(r.number for r in cases))
        self.count_label.setText(self.tr("共 %n 件", "", len(cases)))
        if cases:
            self.select_case(cases[0].number)

    def select_case(self, number: str) -> bool:
        """Select the row of case ``number``, if listed."""
        for line, row in enumerate(self.model.rows):
            if not isinstance(row, BundleHeading) and row.number == number:
                self.table.selectRow(line)
                return True
        return False

    @Slot()
    def _search_entered(self) -> None:
        """Enter in the search field; a scanned case number opens that case at once, or, for
        an item case of a bundle (一件事), lists the whole bundle with that case selected."""
        text = self.search.text().strip()
        if parse_case_number(text) is not None:
            case = self.context.store.cases.get(text)
            if case is not None and case.bundle is not None:
                self.run_search()
                self.select_case(case.number)
                self.table.setFocus()
                self.search.selectAll()  # the next scan replaces it
                return
            if case is not None:
                self.open_case(case)
                self.search.selectAll()  # the next scan replaces it
                return
            self.run_search()
            self.message.setText(self.tr("本机没有案件 %1").replace("%1", text.upper()))
            self.search.selectAll()
            return
        self.run_search()
        if self.model.rowCount() > 0:
            self.table.setFocus()

    @Slot()
    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_index(index)

    @Slot(QModelIndex)
    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        summary = self.model.row_at(index.row())
        if isinstance(summary, BundleHeading):  # the bundle's first case is the one below
            self.table.selectRow(index.row() + 1)
            return
        case = self.context.store.cases.get(summary.number)
        if case is None:
            self.message.setText(self.tr("案件 %1 已不在本机").replace("%1", summary.number))
            return
        self.open_case(case)

    def open_case(self, case: Case) -> CaseDetailDialog:
        dialog = CaseDetailDialog(self.context, case, runner=self._runner, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.printed.connect(lambda _record: self.run_search())
        dialog.open()
        self.caseOpened.emit(dialog)
        return dialog
