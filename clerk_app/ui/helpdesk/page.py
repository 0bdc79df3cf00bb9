"""帮办预审 page: the help desk checks what a citizen brought before the window does.

Find the item (or bundle) with the window's search (F3), choose the scenario (F4), work the
checklist (F5; Space, D, E, W, Ctrl+A, Enter), optionally enter the applicant's ID (F2) and the
agent's authorisation (帮办代办). Then either print the 准备资料清单 (Ctrl+P: the pre-check stays
open for the citizen's next visit) or, when every required material is in order, take a ticket
for the item's queue linked to the pre-check (Ctrl+Enter; green channel with 帮办代办, Ctrl+G).
A preparation list's QR or a pre-check number typed into the top line (Ctrl+O) reopens it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import pairwise

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from clerk_app.contract.enums import Role
from clerk_app.contract.halls import StaffOut
from clerk_app.contract.queue import Ticket
from clerk_app.domain.cases import IdKind
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.identifiers import check_document
from clerk_app.domain.precheck import (
    ItemRef,
    Precheck,
    PrecheckStatus,
    desk_code,
    precheck_lines,
)
from clerk_app.printing.preparation_list import HallInfo
from clerk_app.sync.prechecks import CentralPrechecks, PrecheckDesk, Reopened, ticket_issuer
from clerk_app.sync.queue_client import QueueClient
from clerk_app.ui.acceptance._common import ERROR_COLOUR, OK_COLOUR, set_message
from clerk_app.ui.acceptance.items import ItemSearchPanel
from clerk_app.ui.context import WindowContext
from clerk_app.ui.forms.ui_precheck import Ui_PrecheckPage
from clerk_app.ui.helpdesk.checklist import PrecheckChecklistModel, PrecheckChecklistView
from clerk_app.ui.helpdesk.preview import PreparationListPreview, TicketSlipPreview
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.workers import TaskRunner


class PrecheckPage(QWidget):
    """The help desk's page. ``saved`` carries each pre-check as stored on this PC."""

    saved = Signal(object)  # Precheck

    def __init__(
        self, context: WindowContext, desk: PrecheckDesk, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._desk = desk
        self._runner = TaskRunner(parent=self)
        self._items: list[Item] = []
        self._bundle: Bundle | None = None
        self._current: Precheck | None = None
        self.preview: PreparationListPreview | None = None
        self.slip_preview: TicketSlipPreview | None = None
        self._build()
        self._connect()
        self._install_shortcuts()
        self.start_new()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        """forms/precheck.ui, with the item search and the checklist in their placeholders."""
        self.form = Ui_PrecheckPage()
        self.form.setupUi(self)
        form = self.form
        self.item_panel = ItemSearchPanel(self._context, self)
        form.item_search_layout.addWidget(self.item_panel)
        self.model = PrecheckChecklistModel(self)
        self.checklist = PrecheckChecklistView(self.model, self)
        form.checklist_layout.addWidget(self.checklist)
        # Tab goes through the page as it reads: the search under the number line, the
        # checklist after the scenario.
        reading_order = (
            form.precheckOpenEdit,
            self.item_panel.search_edit,
            self.item_panel.view,
            form.precheckScenarioCombo,
            self.checklist,
            form.precheckIdKindCombo,
        )
        for before, after in pairwise(reading_order):
            QWidget.setTabOrder(before, after)
        form.precheckSplitter.setStretchFactor(0, 1)
        form.precheckSplitter.setStretchFactor(1, 3)
        form.precheckSplitter.setSizes([380, 1000])

        self.open_edit = form.precheckOpenEdit
        self.number_label = form.precheckNumberLabel
        self.items_label = form.precheckItemsLabel
        self.scenario_combo = form.precheckScenarioCombo
        self.keys_label = form.precheckKeysLabel
        self.id_kind_combo = form.precheckIdKindCombo
        self.id_edit = form.precheckIdEdit
        self.id_error = form.precheckIdError
        self.agent_check = form.precheckAgentCheck
        self.agent_edit = form.precheckAgentEdit
        self.note_edit = form.precheckNoteEdit
        self.status_label = form.precheckStatusLabel
        self.message_label = form.precheckMessageLabel
        self.new_button = form.precheckNewButton
        self.print_button = form.precheckPrintButton
        self.green_button = form.precheckGreenButton
        self.ticket_button = form.precheckTicketButton
        for kind in IdKind:
            self.id_kind_combo.addItem(tr_domain(kind.label), kind)
        # Sizes that depend on the font: an 18-digit ID whole, each button's two lines whole.
        self.id_edit.setMinimumWidth(self.id_edit.fontMetrics().horizontalAdvance("0" * 22))
        for button in (self.new_button, self.print_button, self.green_button, self.ticket_button):
            button.setMinimumWidth(button.sizeHint().width())
        for label, colour in ((self.id_error, ERROR_COLOUR), (self.message_label, OK_COLOUR)):
            label.setStyleSheet(f"color: {colour};")
            label.setVisible(False)

    def _connect(self) -> None:
        self.open_edit.returnPressed.connect(self.reopen_from_edit)
        self.item_panel.itemChosen.connect(self.choose_item)
        self.item_panel.bundleChosen.connect(self.choose_bundle)
        self.scenario_combo.currentIndexChanged.connect(self._scenario_changed)
        self.model.findingsChanged.connect(self._update_status)
        self.agent_check.toggled.connect(self.agent_edit.setEnabled)
        self.agent_check.toggled.connect(self._update_status)
        self.new_button.clicked.connect(self.start_new)
        self.print_button.clicked.connect(self.print_list)
        self.green_button.clicked.connect(self.take_green_ticket)
        self.ticket_button.clicked.connect(self.take_ticket)

    def _install_shortcuts(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("F2", self.id_edit.setFocus),
            ("F3", self.item_panel.focus_search),
            ("F4", self.scenario_combo.setFocus),
            ("F5", self.focus_checklist),
            ("Ctrl+O", self.open_edit.setFocus),
            ("Ctrl+P", self.print_list),
            ("Ctrl+Return", self.take_ticket),
            ("Ctrl+Enter", self.take_ticket),
            ("Ctrl+G", self.take_green_ticket),
            ("Ctrl+N", self.start_new),
        ]
        self._shortcuts: list[QShortcut] = []
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

    # -- choosing ---------------------------------------------------------------------------
    @Slot()
    def start_new(self) -> None:
        self._current = None
        self._items = []
        self._bundle = None
        self.item_panel.clear()
        self.open_edit.clear()
        self.id_edit.clear()
        self.agent_check.setChecked(False)
        self.agent_edit.clear()
        self.note_edit.clear()
        set_message(self.id_error, "")
        self._show_message("")
        self._load_items([], None, ())
        self.item_panel.focus_search()

    def focus_checklist(self) -> None:
        self.checklist.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and self.checklist.current_row() < 0:
            self.checklist.setCurrentIndex(self.model.index(0, 0))

    @Slot(object)
    def choose_item(self, item: Item) -> None:
        self._bundle = None
        self._load_items([item], None, ())
        self.focus_checklist() if not item.scenarios else self.scenario_combo.setFocus()

    @Slot(object)
    def choose_bundle(self, chosen: tuple[Bundle, list[Item]]) -> None:
        bundle, items = chosen
        self._bundle = bundle
        self._load_items(items, None, ())
        self.focus_checklist()

    def _load_items(
        self, items: list[Item], scenario: str | None, findings: tuple[object, ...]
    ) -> None:
        self._items = items
        names = "、".join(i.name for i in items)
        if self._bundle is not None:
            names = f"{self._bundle.name}：{names}"
        self.items_label.setText(names or self.tr("请先在左侧查找事项（F3）"))
        self.scenario_combo.blockSignals(True)
        self.scenario_combo.clear()
        self.scenario_combo.addItem(self.tr("（不区分情形）"), None)
        for item in items:
            for s in item.scenarios:
                if self.scenario_combo.findData(s.code) < 0:
                    self.scenario_combo.addItem(s.name, s.code)
        index = self.scenario_combo.findData(scenario) if scenario else 0
        self.scenario_combo.setCurrentIndex(max(0, index))
        self.scenario_combo.blockSignals(False)
        self.model.load(precheck_lines(items, scenario, self._bundle), list(findings))  # type: ignore[arg-type]
        self._update_number()

    @Slot()
    def _scenario_changed(self) -> None:
        kept = self.model.findings()
        self.model.load(precheck_lines(self._items, self.scenario(), self._bundle), kept)

    def scenario(self) -> str | None:
        data = self.scenario_combo.currentData()
        return str(data) if data else None

    # -- reopening --------------------------------------------------------------------------
    @Slot()
    def reopen_from_edit(self) -> None:
        text = self.open_edit.text().strip()
        if not text:
            return
        try:
            reopened = self._desk.reopen(text)
        except (LookupError, ValueError) as exc:
            self._show_message(str(exc).strip("'\""), error=True)
            self.open_edit.selectAll()
            return
        self.load(reopened)

    def load(self, reopened: Reopened) -> None:
        precheck = reopened.reconciled.precheck
        self._current = precheck
        self._bundle = reopened.bundle
        self._load_items(reopened.items, precheck.scenario_code, tuple(precheck.findings))
        if precheck.applicant_kind:
            self.id_kind_combo.setCurrentIndex(
                max(0, self.id_kind_combo.findData(IdKind(precheck.applicant_kind)))
            )
        self.id_edit.setText(precheck.applicant_id or "")
        self.agent_check.setChecked(precheck.acts_as_agent)
        self.agent_edit.setText(precheck.agent_authorisation)
        self.note_edit.setText(precheck.note)
        self.open_edit.clear()
        warnings = "；".join(reopened.reconciled.warnings)
        self._show_message(
            warnings
            or self.tr("已打开预审 %1，只需核对未带齐的材料").replace("%1", precheck.number),
            error=bool(warnings),
        )
        self.focus_checklist()

    # -- outcomes ---------------------------------------------------------------------------
    def _applicant(self) -> tuple[str | None, str | None] | None:
        """(kind, number) of the optional applicant, or None when the number is wrong."""
        text = self.id_edit.text().strip()
        if not text:
            set_message(self.id_error, "")
            return (None, None)
        kind = IdKind(self.id_kind_combo.currentData())
        verdict = check_document(kind, text)
        if not verdict.ok:
            set_message(self.id_error, verdict.error)
            self.id_edit.setFocus()
            self.id_edit.selectAll()
            return None
        set_message(self.id_error, "；".join(verdict.warnings))
        return (kind.value, verdict.normalized)

    def _compose(self, status: PrecheckStatus) -> Precheck | None:
        if not self._items:
            self._show_message(self.tr("请先查找并选择事项（F3）"), error=True)
            return None
        applicant = self._applicant()
        if applicant is None:
            return None
        current = self._current
        reusable = current is not None and current.status in (
            PrecheckStatus.OPEN,
            PrecheckStatus.HANDED_OVER,
        )
        now = hall_now()
        base = current if reusable and current is not None else None
        return Precheck(
            number=base.number if base else self._desk.new_number(),
            hall_code=self._context.hall_code,
            item_refs=tuple(ItemRef(i.code, i.version) for i in self._items),
            scenario_code=self.scenario(),
            findings=self.model.findings(),
            checked_by=self._context.user.username,
            created_at=base.created_at if base else now,
            open_until=base.open_until
            if base
            else now.date() + timedelta(days=self._desk.open_days),
            status=status,
            bundle_code=self._bundle.code if self._bundle else None,
            applicant_kind=applicant[0],
            applicant_id=applicant[1],
            agent_authorisation=self.agent_edit.text().strip()
            if self.agent_check.isChecked()
            else "",
            note=self.note_edit.text().strip(),
            ticket_no=base.ticket_no if base else None,
            version=base.version if base else 0,
        )

    def _save(self, precheck: Precheck) -> Precheck:
        stored = self._desk.save(precheck)
        self._current = stored
        self._update_number()
        self.saved.emit(stored)
        return stored

    @Slot()
    def print_list(self) -> None:
        precheck = self._compose(PrecheckStatus.OPEN)
        if precheck is None:
            return
        stored = self._save(precheck)
        items = list(self._items)
        self.preview = PreparationListPreview(
            lambda: self._desk.preparation_pdf(stored, items), stored.number, parent=self
        )
        self.preview.open()
        self._show_message(
            self.tr("预审 %1 已保存，%2 前凭清单二维码再来可续办")
            .replace("%1", stored.number)
            .replace("%2", f"{stored.open_until:%Y-%m-%d}")
        )

    @Slot()
    def take_ticket(self) -> None:
        if self.model.needed_names():
            self._show_message(self.tr("还有必要材料未带齐，请打印准备资料清单"), error=True)
            return
        self._issue(green_reason="")

    @Slot()
    def take_green_ticket(self) -> None:
        if not self.agent_check.isChecked():
            self._show_message(self.tr("绿色通道须勾选帮办代办并写明授权方式"), error=True)
            return
        reason = self.agent_edit.text().strip()
        if not reason:
            self._show_message(self.tr("请写明授权方式"), error=True)
            self.agent_edit.setFocus()
            return
        self._issue(green_reason=self.tr("帮办代办：%1").replace("%1", reason))

    def _issue(self, green_reason: str) -> None:
        precheck = self._compose(PrecheckStatus.OPEN)
        if precheck is None:
            return
        stored = self._save(precheck)  # saved before the network: nothing is lost offline
        items = list(self._items)
        self._set_busy(True)
        self._runner.start(
            self._desk.issue_ticket,
            stored,
            items,
            green_reason,
            on_success=self._ticket_issued,
            on_failure=self._ticket_failed,
        )

    def _ticket_issued(self, result: tuple[Precheck, Ticket]) -> None:
        self._set_busy(False)
        precheck, ticket = result
        self._current = precheck
        self._update_number()
        self.saved.emit(precheck)
        self._show_message(
            self.tr("已取号 %1（预审 %2），请群众留意叫号到窗口办理")
            .replace("%1", ticket.number)
            .replace("%2", precheck.number)
        )
        # The slip to hand over: its QR lets the window open the pre-check without the server.
        self.slip_preview = TicketSlipPreview(
            lambda: self._desk.ticket_slip_pdf(precheck, ticket), ticket.number, parent=self
        )
        self.slip_preview.open()

    def _ticket_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_message(
            self.tr("未能取号：%1。预审已保存在本机，请群众到取号机取号并在窗口出示预审码").replace(
                "%1", str(exc) or type(exc).__name__
            ),
            error=True,
        )

    # -- display ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        for widget in (self.ticket_button, self.green_button, self.print_button):
            widget.setEnabled(not busy)
        if not busy:
            self._update_status()

    def _update_number(self) -> None:
        current = self._current
        self.number_label.setText(
            self.tr("预审 %1（%2）")
            .replace("%1", current.number)
            .replace("%2", tr_domain(current.status.label))
            if current
            else self.tr("新预审")
        )

    @Slot()
    def _update_status(self) -> None:
        has_items = bool(self._items)
        needed = self.model.needed_names() if has_items else []
        if not has_items:
            text = ""
        elif needed:
            text = (
                self.tr("还缺 %1 项必要材料：%2")
                .replace("%1", str(len(needed)))
                .replace("%2", "、".join(needed))
            )
        else:
            text = self.tr("必要材料已带齐，可取号到窗口办理")
        self.status_label.setText(text)
        self.print_button.setEnabled(has_items)
        self.ticket_button.setEnabled(has_items and not needed)
        self.green_button.setEnabled(has_items and self.agent_check.isChecked())

    def _show_message(self, text: str, *, error: bool = False) -> None:
        colour = ERROR_COLOUR if error else OK_COLOUR
        self.message_label.setStyleSheet(f"color: {colour};")
        set_message(self.message_label, text)


def cached_staff(context: WindowContext) -> list[StaffOut]:
    """The hall's staff list from the hall configuration cached at login ([] when absent)."""
    config = context.store.settings.hall_config(context.hall_code)
    return list(config.staff) if config is not None else []


def desk_for(context: WindowContext, queue_client: QueueClient | None) -> PrecheckDesk:
    """The pre-check service of this PC, from the logged-in context."""
    client = context.client
    helpdesks = [p.username for p in cached_staff(context) if p.role == Role.HELPDESK]
    return PrecheckDesk(
        context.store,
        hall_code=context.hall_code,
        desk=desk_code(context.window_no, context.user.username, helpdesks),
        secret=context.progress_secret,
        hall=HallInfo(
            context.hall_name, context.hall_address, context.hall_hours, context.hall_phone
        ),
        printed_by=context.user.display_name,
        open_days=context.precheck_open_days,
        server=CentralPrechecks(client) if client is not None else None,
        issue=ticket_issuer(queue_client) if queue_client is not None else None,
    )
