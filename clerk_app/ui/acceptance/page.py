"""The acceptance page (收件受理): applicant, item, scenario, checklist, decision, saved case.

Layout (forms/acceptance.ui) for a 1366×768 counter screen: applicant (F2) top left, item
search (F3) bottom left, checklist with scenario (F5 / F4) top right, decision (F9) bottom right.
A bundle (一件事) lists its items where the search results were (Shift+F9; F3 searches again):
the optional ones the citizen takes, each item's own decision, date and department.
A new application starts empty (``start_new``) or already filled (``fill``: a draft, or anything
that prepared one). F11 captures the selected checklist line's pages (``ui.capture.dialog``):
they are kept on the PC at once (``store.capture``, with the draft's key) and become one PDF
per line in the case's attachments when the case is saved (a bundle: in every item case the
line serves). The joins run off the GUI thread: when the clerk confirms before they finished,
the page waits for them (正在合成电子件…, the sections disabled) and saves when they are done.

Signals (the main window connects to them, e.g. to print):
- ``caseSaved(Case)`` once for every stored case: a bundle (一件事) stores one case per item and
  emits it once per item, in the bundle's item order;
- ``casesSaved(list[Case])`` once per confirmed decision with all its cases (one for a single
  item), after the ``caseSaved`` signals. Print from one of the two, not both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QMessageBox,
    QWidget,
)

from clerk_app.devices.pages import PageError, joined_pdf
from clerk_app.domain.acceptance import bundle_subject, delivers_result
from clerk_app.domain.acceptance_draft import AcceptanceDraft, EnteredSubject
from clerk_app.domain.attachments import HEAD_BYTES, file_refusal
from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.capture import NO_DETAILS, Capture
from clerk_app.domain.cases import (
    DECISION_STATUS,
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    MaterialCheck,
    Person,
    missing_or_defective,
)
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.identifiers import mask_id
from clerk_app.store.attachments import AttachmentRefused, NewAttachment
from clerk_app.store.drafts import Draft
from clerk_app.ui.acceptance.applicant import ApplicantPanel
from clerk_app.ui.acceptance.bundle_items import BundleItemsPanel
from clerk_app.ui.acceptance.checklist import ChecklistPanel
from clerk_app.ui.acceptance.decision import DecisionPanel
from clerk_app.ui.acceptance.draft import DraftKeeper
from clerk_app.ui.acceptance.items import ItemSearchPanel
from clerk_app.ui.acceptance.library import LibraryBar, LibraryOffers
from clerk_app.ui.acceptance.title_corner import TitleCorner
from clerk_app.ui.capture.dialog import CaptureDialog
from clerk_app.ui.capture.sources import PageSource
from clerk_app.ui.forms.ui_acceptance import Ui_AcceptancePage
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)


class DiscardWorkDialog:
    """Asks before throwing away an unfinished application. Tests patch ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("DiscardWorkDialog", "开始新的申请"),
            QCoreApplication.translate(
                "DiscardWorkDialog",
                "当前申请尚未确认，清空后已录入的内容将丢失。确定开始新的申请吗？",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class AcceptancePage(QWidget):
    """The counter clerk's main work page. See the module doc for the signals."""

    caseSaved = Signal(object)  # Case, as stored (with its number)
    casesSaved = Signal(list)  # list[Case] of one decision

    def __init__(
        self,
        context: WindowContext,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = hall_now,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._now = now
        self._ticket_no = ""
        self._bundle: Bundle | None = None
        self._page_sources: list[PageSource] | None = None  # made when first needed
        # A line's PDF joined off the GUI thread when its dialog closes, by the pages' hashes
        # and turns; the save uses it (or waits for it, when the clerk was quicker).
        self._joined: dict[PagesKey, bytes] = {}
        self._joining: set[PagesKey] = set()
        self._joiner = TaskRunner(parent=self)
        self._waiting_save: _WaitingSave | None = None
        self._focus_before_wait: QWidget | None = None
        self._confirm_text = ""

        self.applicant_panel = ApplicantPanel(context, self)
        self.applicant_panel.lookup_reason = lambda: self._ticket_no
        self.item_panel = ItemSearchPanel(context, self)
        self.checklist_panel = ChecklistPanel(context, self)
        self.decision_panel = DecisionPanel(context, self)
        self.bundle_items = BundleItemsPanel(self.decision_panel, self)
        self.library_bar = LibraryBar(self)
        self._build_layout()
        self.library = LibraryOffers(
            context,
            self.checklist_panel,
            self.library_bar,
            shortcut_parent=self,
            why=lambda: self._ticket_no,
            now=now,
        )
        self.applicant_panel.identified.connect(self.library.identify)
        self.drafts = DraftKeeper(self, now)
        self._connect()
        self._connect_drafts()
        self._install_shortcuts()
        self.item_panel.refresh()

    # -- construction -------------------------------------------------------------------
    def _build_layout(self) -> None:
        """forms/acceptance.ui, with each panel in its section. The panels exist first (the
        Tab order follows the order widgets are made: the fields before the title line)."""
        self.form = Ui_AcceptancePage()
        self.form.setupUi(self)
        form = self.form
        for section, panel in (
            (form.applicant_section_layout, self.applicant_panel),
            (form.item_section_layout, self.item_panel),
            (form.checklist_section_layout, self.checklist_panel),
            (form.checklist_section_layout, self.library_bar),
            (form.item_section_layout, self.bundle_items),
            (form.decision_section_layout, self.decision_panel),
        ):
            section.addWidget(panel)
        # a bundle's item list, when shown, takes the section's height (the search line stays)
        form.item_section_layout.setStretch(0, 0)
        form.item_section_layout.setStretch(1, 1)
        self.applicant_box = form.applicantSection
        self.item_box = form.itemSection
        self.checklist_box = form.checklistSection
        self.decision_box = form.decisionSection
        self.ticket_label = form.ticketLabel
        self.ticket_label.setVisible(False)
        self.new_button = form.newApplicationButton
        self.new_button.clicked.connect(self.request_new)
        self.title_corner = TitleCorner(self.applicant_box, form.applicantTitleCorner)
        self.saved_label = form.savedLabel
        self.saved_label.setVisible(False)
        form.leftSplitter.setStretchFactor(0, 0)
        form.leftSplitter.setStretchFactor(1, 1)
        form.mainSplitter.setStretchFactor(0, 2)
        form.mainSplitter.setStretchFactor(1, 3)
        form.mainSplitter.setSizes([470, 880])

    def _connect(self) -> None:
        self.applicant_panel.completed.connect(self._focus_search)
        self.item_panel.itemChosen.connect(self.set_item)
        self.item_panel.bundleChosen.connect(self._bundle_chosen)
        self.bundle_items.choiceChanged.connect(self._bundle_choice_changed)
        self.checklist_panel.changed.connect(self._on_checklist_changed)
        self.decision_panel.set_checks_provider(self.checklist_panel.checks_for)
        self.decision_panel.set_precheck(self._precheck)
        self.decision_panel.set_ecopy_check(self._ecopy_blocking)
        self.decision_panel.decided.connect(self._save)
        self.decision_panel.delivery_combo.currentIndexChanged.connect(self._suggest_mail_address)

    def _connect_drafts(self) -> None:
        """Typing saves the draft a moment later; each step saves it at once."""
        a, d, keeper = self.applicant_panel, self.decision_panel, self.drafts
        a.changed.connect(keeper.changed)
        a.changed.connect(self._new_work_started)
        for combo in (a.type_combo, a.kind_combo, a.agent_kind_combo, d.delivery_combo):
            combo.currentIndexChanged.connect(keeper.changed)
        self.checklist_panel.changed.connect(keeper.changed)
        for edit in (d.reason_edit, d.agency_edit, d.mail_edit):
            edit.textChanged.connect(keeper.changed)
        d.signed_check.toggled.connect(keeper.changed)
        d.deadline_edit.dateChanged.connect(keeper.changed)
        d.group.buttonToggled.connect(keeper.step)

    def _install_shortcuts(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("F2", self.applicant_panel.focus_number),
            ("F3", self._focus_search),
            ("F4", self._focus_scenario),
            ("F5", self.checklist_panel.focus_checklist),
            ("F9", self._focus_decision),
            ("F11", self.capture_line),
            ("Shift+F9", self._focus_bundle_items),
            ("Ctrl+N", self.request_new),
        ]
        self._shortcuts: list[QShortcut] = []
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

    # -- public API ---------------------------------------------------------------------
    def start_new(self, ticket_no: str = "", *, keep_pages: bool = False) -> None:
        """Clear everything for the next applicant and put the cursor in the ID number.
        ``keep_pages``: a draft is being restored, its captured pages stay on the PC."""
        self._end_waiting()  # the work is thrown away: nothing left to save
        self._show_saved("")  # the last "已保存…" belongs to the previous citizen
        self._joined.clear()
        if not keep_pages:
            self._clear_pages()
        self.drafts.pause()
        try:
            self._bundle = None
            self.bundle_items.set_bundle(None, [], [])
            self._ticket_no = ticket_no
            self._update_ticket_label()
            self.decision_panel.clear()
            self.applicant_panel.clear()
            self.item_panel.clear()
            self.checklist_panel.clear()
        finally:
            self.drafts.resume()
        self.drafts.step()  # nothing typed any more: no draft of the previous work is left
        self.applicant_panel.focus_number()

    def focus_first(self) -> None:
        """Where the clerk starts (the main window calls this when the tab is shown)."""
        if self.applicant_panel.applicant() is None:
            self.applicant_panel.focus_number()
        elif not self.checklist_panel.items():
            self._focus_search()
        else:
            self.checklist_panel.focus_checklist()

    def set_ticket(self, ticket_no: str) -> None:
        """The queue ticket being served (叫号); stored on the cases of this application."""
        self._ticket_no = ticket_no
        self._update_ticket_label()
        self.drafts.step()

    @property
    def ticket_no(self) -> str:
        return self._ticket_no

    @property
    def context(self) -> WindowContext:
        return self._context

    # -- drafts -------------------------------------------------------------------------
    def save_draft_now(self) -> None:
        """Save what is typed now (before closing, logging out or locking)."""
        self.drafts.save_now()

    def draft_summary(self) -> str:
        return self.entered().summary()

    def stored_draft(self) -> Draft | None:
        """The draft of this user at this window left by an earlier session, if any."""
        return self.drafts.load()

    def restore_draft(self, draft: Draft) -> list[str]:
        """Put ``draft`` back on the page; returns what could not be restored (catalog
        changed meanwhile)."""
        return self.fill(AcceptanceDraft.from_dict(draft.data), with_pages=True)

    # -- what is entered ------------------------------------------------------------------
    def entered(self) -> AcceptanceDraft:
        """Everything the clerk entered, valid or not (what a draft keeps)."""
        applicant, agent = self.applicant_panel.entered()
        checklist = self.checklist_panel
        return AcceptanceDraft(
            ticket_no=self._ticket_no,
            applicant=applicant,
            agent=agent,
            subject=checklist.entered_subject(),
            scenarios=checklist.entered_scenarios(),
            checks=checklist.entered_checks(),
            decision=self.decision_panel.entered(),
        )

    def fill(self, entered: AcceptanceDraft, *, with_pages: bool = False) -> list[str]:
        """Start a new application already filled with ``entered`` (a draft left by a crash
        or a logout; anything else that prepared one). Returns what could not be put back,
        in the clerk's words (the catalog changed meanwhile). ``with_pages``: the draft's
        captured pages come back too (a restored draft); any other fill starts without."""
        self.start_new(keep_pages=with_pages)
        self.drafts.pause()
        try:
            self.applicant_panel.load(entered.applicant, entered.agent)
            problems = self._load_subject(entered.subject)
            problems += self.checklist_panel.load_scenarios(entered.scenarios)
            self.checklist_panel.load_checks(entered.checks)
            if with_pages:
                self._load_pages()
            self.decision_panel.load(entered.decision)
            self.set_ticket(entered.ticket_no)
            self.applicant_panel.identify_again()  # the library's offers for the lines
        finally:
            self.drafts.resume()
        self.drafts.save_now()
        self.focus_first()
        return problems

    def _load_subject(self, subject: EnteredSubject) -> list[str]:
        store = self._context.store
        if subject.bundle:
            bundle = next((b for b in store.catalog.bundles() if b.code == subject.bundle), None)
            items = [store.catalog.item(code) for code in subject.bundle_items]
            known = [i for i in items if i is not None]
            if bundle is None or len(known) < len(items):
                return [self.tr("一件事 %1 已不在事项目录中").replace("%1", subject.bundle)]
            offered, _unavailable = bundle_subject(bundle.item_codes, store.catalog.item)
            self.set_bundle(bundle, offered, [i.code for i in known])
        elif subject.item:
            item = store.catalog.item(subject.item)
            if item is None:
                return [self.tr("事项 %1 已不在事项目录中").replace("%1", subject.item)]
            self.set_item(item)
        return []

    def discard_draft(self) -> None:
        self.drafts.discard()
        self._clear_pages()

    def request_new(self) -> None:
        """新申请人: asks first when there is unconfirmed work (Esc never discards anything)."""
        if self.is_saving():
            return
        if self.has_unsaved_work() and not DiscardWorkDialog.ask(self):
            return
        self.start_new()

    def has_unsaved_work(self) -> bool:
        return (
            not self.applicant_panel.is_empty()
            or bool(self.checklist_panel.items())
            or self.checklist_panel.has_pages()
        )

    # -- captured pages (电子件) ---------------------------------------------------------------
    def page_sources(self) -> list[PageSource]:
        """This window's page sources (camera, scanner folder), made once."""
        if self._page_sources is None:
            try:
                self._page_sources = self._context.page_sources(self)
            except Exception:  # a device's setup must not stop the acceptance
                log.exception("the page sources could not be made")
                self._page_sources = []
        return self._page_sources

    def capture_line(self) -> None:
        """F11: capture pages for the selected checklist line."""
        if self.is_saving():
            return
        panel = self.checklist_panel
        row = panel.view.current_row()
        if row < 0:
            if not panel.model.rowCount():
                self._show_saved(self.tr("请先选择事项（F3），再为材料采集电子件"))
                return
            row = 0
        name = panel.model.check(row).material.name
        dialog = CaptureDialog(
            name,
            panel.model.pages(row),
            self.page_sources(),
            lambda pages: self._keep_pages(row, pages),
            self,
            max_bytes=self._context.store.attachments.max_bytes,
            details=panel.model.details(row),
            keep_details=lambda details: panel.set_line_details(row, details),
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self._join_soon(name, panel.model.pages(row))
        panel.view.selectRow(row)
        panel.focus_checklist()

    def _join_soon(self, name: str, pages: Capture) -> None:
        """The line's PDF joined off the GUI thread (once per set of pages and turns)."""
        key = _pages_key(pages)
        if not pages or key in self._joined or key in self._joining:
            return
        self._joining.add(key)
        self._joiner.start(
            joined_pdf,
            pages,
            title=name.strip(),
            on_success=partial(self._line_joined, key),
            on_failure=partial(self._line_not_joined, key),
        )

    def _line_joined(self, key: PagesKey, data: bytes) -> None:
        self._joining.discard(key)
        self._joined[key] = data
        waiting = self._waiting_save
        if waiting is not None and waiting.keys <= self._joined.keys():
            self._save_when_joined(waiting)

    def _line_not_joined(self, key: PagesKey, exc: BaseException) -> None:
        """A line that cannot be joined stops a save waiting for it (with the reason); its
        pages and the draft stay. Joined in the background only, it is joined again (and the
        reason shown) when the clerk confirms."""
        self._joining.discard(key)
        waiting = self._waiting_save
        if waiting is None or key not in waiting.keys:
            return
        if not isinstance(exc, PageError):
            log.error("joining a line's pages failed", exc_info=exc)
        self._end_waiting()
        self.decision_panel.show_errors([self.tr("电子件不能保存：%1").replace("%1", str(exc))])

    def is_saving(self) -> bool:
        """A confirmed decision waits for its lines' PDFs (the page takes no input then)."""
        return self._waiting_save is not None

    def _start_waiting(self, waiting: _WaitingSave) -> None:
        self._waiting_save = waiting
        self._focus_before_wait = self.focusWidget()
        for box in self._input_boxes():
            box.setEnabled(False)  # nothing changes and nothing is confirmed twice meanwhile
        button = self.decision_panel.confirm_button
        self._confirm_text = button.text()
        button.setText(self.tr("正在合成电子件…"))
        self._show_saved(self.tr("正在合成电子件，完成后自动保存…"))

    def _end_waiting(self) -> None:
        if self._waiting_save is None:
            return
        self._waiting_save = None
        for box in self._input_boxes():
            box.setEnabled(True)
        self.decision_panel.confirm_button.setText(self._confirm_text)
        self._show_saved("")
        focus, self._focus_before_wait = self._focus_before_wait, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)  # where the clerk was

    def _input_boxes(self) -> list[QWidget]:
        return [
            self.applicant_box,
            self.item_box,
            self.checklist_box,
            self.decision_box,
            self.new_button,
        ]

    def _keep_pages(self, row: int, pages: Capture) -> None:
        self.checklist_panel.set_line_pages(row, pages)
        self.drafts.step()  # the draft exists with its pages (offered after a crash)

    def _load_pages(self) -> None:
        panel = self.checklist_panel
        try:
            key = panel.capture_key()
            store = self._context.store
            panel.load_pages(store.capture.load(key), store.capture.details(key))
        except Exception:
            log.exception("reading the captured pages failed")

    def _clear_pages(self) -> None:
        try:
            self._context.store.capture.clear(self.checklist_panel.capture_key())
        except Exception:
            log.exception("clearing the captured pages failed")

    def _ecopy_blocking(self) -> list[str]:
        panel = self.checklist_panel
        return panel.lacking_ecopy() if panel.ecopy_blocks() else []

    def _attachment_files(self, cases: list[Case]) -> list[NewAttachment]:
        """One PDF per captured line, for every case whose checks hold that line (a bundle's
        merged line: every item case it serves, the same file)."""
        captured = self.checklist_panel.pages_by_name()
        details = self.checklist_panel.details_by_name()
        joined: dict[str, bytes] = {}
        files: list[NewAttachment] = []
        limit = self._context.store.attachments.max_bytes
        for case in cases:
            for line_no, check in enumerate(case.checks):
                name = check.material.name.strip()
                pages = captured.get(name)
                if not pages:
                    continue
                if name not in joined:
                    data = self._joined.get(_pages_key(pages))
                    if data is None:  # never joined here, on the GUI thread
                        raise PageError(self.tr("%1 尚未合成").replace("%1", name))
                    refusal = file_refusal(data[:HEAD_BYTES], len(data), limit)
                    if refusal is not None:
                        raise AttachmentRefused(f"{name}：{refusal}")
                    joined[name] = data
                files.append(
                    NewAttachment(
                        case_number=case.number,
                        line_no=line_no,
                        data=joined[name],
                        file_name=_file_name(name),
                        material_code=check.material.standard_code or check.material.code,
                        pages=len(pages),
                        valid_until=_iso(details.get(name, NO_DETAILS).valid_until),
                        issuer=details.get(name, NO_DETAILS).issuer,
                    )
                )
        return files

    def set_item(self, item: Item) -> None:
        self._bundle = None
        self.bundle_items.set_bundle(None, [], [])
        self.checklist_panel.set_item(item)
        self._show_item_section()
        self._after_subject_chosen()

    def set_bundle(
        self, bundle: Bundle, items: list[Item], chosen: list[str] | None = None
    ) -> None:
        """A bundle with the items the window may take; ``chosen``: the optional ones the
        citizen takes (None: all of them)."""
        self._bundle = bundle
        self.bundle_items.set_bundle(
            bundle, items, [i.code for i in items] if chosen is None else chosen
        )
        taken = [i for i in items if i.code in self.bundle_items.chosen()]
        self.checklist_panel.set_bundle(bundle, taken)
        self._show_item_section()
        self._after_subject_chosen()

    def _bundle_chosen(self, chosen: tuple[Bundle, list[Item]]) -> None:
        self.item_panel.search_edit.clear()  # the section shows the bundle's items now
        self.set_bundle(*chosen)

    def _bundle_choice_changed(self, codes: list[str]) -> None:
        """The citizen takes or leaves an optional item: the checklist follows, what was
        ticked and decided stays."""
        if self._bundle is None:
            return
        items = [i for i in self.bundle_items.items() if i.code in codes]
        self.checklist_panel.set_bundle(self._bundle, items, keep_checks=True)
        self.decision_panel.set_subject(items, self._now().date(), self._bundle)
        self.drafts.step()

    def _show_item_section(self, searching: bool = False) -> None:
        """With a bundle chosen, the item section lists its items (the checklist keeps its
        height); F3 brings the search back."""
        bundle_shown = self._bundle is not None and not searching
        self.item_panel.show_results(not bundle_shown)
        self.bundle_items.setVisible(bundle_shown)

    def _focus_search(self) -> None:
        self._show_item_section(searching=True)
        self.item_panel.focus_search()

    # -- behaviour ----------------------------------------------------------------------
    def _after_subject_chosen(self) -> None:
        self.decision_panel.set_subject(
            self.checklist_panel.items(), self._now().date(), self._bundle
        )
        self.decision_panel.show_errors([])
        self.drafts.step()
        for combo in self.checklist_panel.scenario_combos():
            combo.installEventFilter(self)
        if not self.checklist_panel.focus_scenario():
            self.checklist_panel.focus_checklist()

    def _on_checklist_changed(self) -> None:
        # While a new subject is being set the decision panel still has the old items;
        # it is refreshed by set_subject right after.
        codes = [i.code for i in self.checklist_panel.items()]
        if codes == [i.code for i in self.decision_panel.items()]:
            self.decision_panel.refresh()

    def _focus_scenario(self) -> None:
        if not self.checklist_panel.focus_scenario():
            self.checklist_panel.focus_checklist()

    def _focus_bundle_items(self) -> None:
        if self._bundle is not None:
            self._show_item_section()
            self.bundle_items.focus_list()

    def _focus_decision(self) -> None:
        panel = self.decision_panel
        target = next(
            (b for b in panel.radios.values() if b.isChecked()),
            next(b for b in panel.radios.values() if b.isEnabled()),
        )
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _update_ticket_label(self) -> None:
        self.ticket_label.setText(
            self.tr("当前号：%1").replace("%1", self._ticket_no) if self._ticket_no else ""
        )
        self.ticket_label.setVisible(bool(self._ticket_no))
        self.title_corner.place()

    def _suggest_mail_address(self, _index: int) -> None:
        address = self.applicant_panel.address_edit.text().strip()
        if address:
            self.decision_panel.set_mail_address(address)

    def _precheck(self) -> list[str]:
        return self.applicant_panel.errors() + self.checklist_panel.errors()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a scenario combo: the scenario is chosen, go on to the checklist.
        if isinstance(watched, QComboBox) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                combos = self.checklist_panel.scenario_combos()
                index = combos.index(watched) if watched in combos else -1
                if 0 <= index < len(combos) - 1:
                    combos[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self.checklist_panel.focus_checklist()
                return True
        return super().eventFilter(watched, event)

    # -- saving -------------------------------------------------------------------------
    def _build_case(
        self,
        item: Item,
        applicant: Person,
        agent: Person | None,
        decision: Decision,
        received_at: datetime,
    ) -> Case:
        context = self._context
        status = DECISION_STATUS[decision.kind]
        checks = tuple(self.library.noted(self.checklist_panel.checks_for(item.code)))
        promised: date | None = None
        if delivers_result(decision.kind):
            promised = self.decision_panel.promised_date_of(item.code)
        who, where = context.user.username, context.window_label
        created = CaseEvent(
            at=received_at,
            actor=who,
            window=where,
            action="created",
            status=CaseStatus.RECEIVED,
            detail=self.tr("窗口收件：%1；申请人 %2（%3）")
            .replace("%1", item.name)
            .replace("%2", applicant.name)
            .replace("%3", mask_id(applicant.id_number)),
        )
        decided = CaseEvent(
            at=received_at,
            actor=who,
            window=where,
            action="decided",
            status=status,
            detail=self._decision_detail(decision, list(checks)),
        )
        return Case(
            number="",
            hall_code=context.hall_code,
            window_no=context.window_no,
            item=item,
            applicant=applicant,
            scenario_code=self.checklist_panel.scenario_for(item.code),
            agent=agent,
            checks=checks,
            decision=decision,
            status=status,
            received_at=received_at,
            promised_date=promised,
            clerk=who,
            clerk_name=context.user.display_name,
            ticket_no=self._ticket_no,
            delivery_mode=self.decision_panel.delivery_mode(),
            mail_address=self.decision_panel.mail_address(),
            events=(created, decided),
        )

    def _decision_detail(self, decision: Decision, checks: list[MaterialCheck]) -> str:
        text = tr_domain(decision.kind.label)
        if decision.kind is DecisionKind.REFUSE:
            text += self.tr("：%1").replace("%1", decision.reason)
            if decision.competent_agency:
                text += self.tr("；有权受理机关：%1").replace("%1", decision.competent_agency)
        elif decision.kind in (DecisionKind.ACCEPT_WITH_GAPS, DecisionKind.MISSING_NOTICE):
            gaps = "、".join(c.material.name for c in missing_or_defective(checks))
            text += self.tr("：%1").replace("%1", gaps)
            if decision.commitment_deadline is not None:
                text += self.tr("；承诺期限 %1").replace(
                    "%1", decision.commitment_deadline.isoformat()
                )
        if self._bundle is not None:
            text += self.tr("（一件事：%1）").replace("%1", self._bundle.name)
        return text

    def _save(self, decisions: dict[str, Decision]) -> None:
        """A confirmed decision: saved at once when every captured line is joined, else once
        the joins still running (started now for the lines not yet joined) are done."""
        if self.is_saving():  # confirmed again while waiting: the first one saves
            return
        if self.applicant_panel.applicant() is None:  # precheck makes this impossible
            self.decision_panel.show_errors(self.applicant_panel.errors())
            return
        captured = self.checklist_panel.pages_by_name()
        waiting = _WaitingSave(
            decisions,
            self._now(),
            frozenset(_pages_key(pages) for pages in captured.values()),
            self._save_snapshot(),
        )
        for name, pages in captured.items():
            self._join_soon(name, pages)
        if waiting.keys <= self._joined.keys():
            self._store_decided(decisions, waiting.received_at)
        else:
            self._start_waiting(waiting)

    def _save_snapshot(self) -> tuple[object, ...]:
        """What the cases are made of: a save waiting for its PDFs goes on only if it is
        still the same when they are done."""
        checklist = self.checklist_panel
        return (
            self.entered(),
            {name: _pages_key(pages) for name, pages in checklist.pages_by_name().items()},
            checklist.details_by_name(),
            [self.library.noted(checklist.checks_for(i.code)) for i in checklist.items()],
        )

    def _save_when_joined(self, waiting: _WaitingSave) -> None:
        self._end_waiting()
        if self._save_snapshot() != waiting.snapshot:
            self.decision_panel.show_errors([self.tr("申请内容有改动，请重新确认")])
            return
        self._store_decided(waiting.decisions, waiting.received_at)

    def _store_decided(self, decisions: dict[str, Decision], received_at: datetime) -> None:
        applicant = self.applicant_panel.applicant()
        if applicant is None:
            self.decision_panel.show_errors(self.applicant_panel.errors())
            return
        agent = self.applicant_panel.agent()
        items = self.checklist_panel.items()
        cases = [
            self._build_case(i, applicant, agent, decisions[i.code], received_at) for i in items
        ]
        try:  # the pages joined first: a page that cannot be kept stops the save here
            self._attachment_files(cases)
        except (PageError, AttachmentRefused) as exc:
            self.decision_panel.show_errors([self.tr("电子件不能保存：%1").replace("%1", str(exc))])
            return
        try:
            stored = self._store_cases(cases)
            self._store_pages(stored, received_at)
        except Exception as exc:  # the store's reason is shown; the clerk's work is kept
            log.exception("saving the cases of %s failed", [i.code for i in items])
            self.decision_panel.show_errors([self.tr("保存失败：%1").replace("%1", str(exc))])
            return
        for item in items:
            try:
                self._context.store.catalog.note_used(self._context.window_no, item.code)
            except Exception:  # a statistic only; the case is safe
                log.exception("note_item_used failed for %s", item.code)
        self._remember(applicant, agent)
        for case in stored:
            self.caseSaved.emit(case)
        self.drafts.discard()  # confirmed: the draft has become the stored cases
        self.casesSaved.emit(stored)
        self.start_new()
        self._show_saved(self._saved_text(stored))  # until the next citizen is served

    def _store_cases(self, cases: list[Case]) -> list[Case]:
        """One case alone, or a bundle's item cases together (all or none), linked by the
        bundle number."""
        store = self._context.store
        if self._bundle is None:
            return [store.cases.save_new(case) for case in cases]
        link = BundleLink(
            number="",  # the store makes it from the first case's number
            code=self._bundle.code,
            name=self._bundle.name,
            item_codes=tuple(c.item.code for c in cases),
            promised_date=self.decision_panel.bundle_date(),
            lead_department_code=self._bundle.lead_department_code,
            time_limit_days=self._bundle.time_limit_days,
        )
        return store.cases.save_bundle(cases, link)

    def _store_pages(self, stored: list[Case], at: datetime) -> None:
        """The captured lines into the stored cases' attachments; the staged pages end in the
        same commit."""
        files = self._attachment_files(stored)
        if not files:
            return
        store, key = self._context.store, self.checklist_panel.capture_key()
        store.attachments.add_all(
            files,
            captured_by=self._context.user.username,
            captured_at=at,
            then=lambda conn: store.capture.release(conn, key),
        )

    def _remember(self, applicant: Person, agent: Person | None) -> None:
        """Keep the applicant (and agent) for next time: 一次录入、一号匹配."""
        for person in (applicant, agent):
            if person is None:
                continue
            try:
                self._context.store.applicants.save(person)
            except Exception:  # convenience only; the case already holds the data
                log.exception("save_applicant failed")

    def _new_work_started(self) -> None:
        if not self.saved_label.isHidden() and not self.applicant_panel.is_empty():
            self._show_saved("")  # typing the next applicant: the last one's message goes

    def _show_saved(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.setVisible(bool(text))

    def _saved_text(self, cases: list[Case]) -> str:
        first = cases[0]
        if first.bundle is None:
            return (
                self.tr("已保存 %1：%2，%3")
                .replace("%1", "、".join(c.number for c in cases))
                .replace("%2", first.applicant.name)
                .replace("%3", tr_domain(first.status.label))
            )
        counts: dict[str, int] = {}
        for case in cases:
            label = tr_domain(case.status.label)
            counts[label] = counts.get(label, 0) + 1
        return (
            self.tr("已保存 一件事 %1（%2 件）：%3，%4")
            .replace("%1", first.bundle.number)
            .replace("%2", str(len(cases)))
            .replace("%3", first.applicant.name)
            .replace("%4", "、".join(f"{label} {n}" for label, n in counts.items()))
        )


PagesKey = tuple[tuple[str, int], ...]  # a line's pages by hash and turns


@dataclass(frozen=True, slots=True)
class _WaitingSave:
    """A confirmed decision waiting for its lines' PDFs."""

    decisions: dict[str, Decision]
    received_at: datetime
    keys: frozenset[PagesKey]  # the captured lines' pages
    snapshot: tuple[object, ...]  # what was entered when the clerk confirmed


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _pages_key(pages: Capture) -> PagesKey:
    return tuple((p.sha256, p.rotation) for p in pages)


def _file_name(material: str) -> str:
    """A line's PDF named after its material (no path separators, bounded)."""
    cleaned = "".join("_" if c in '\\/:*?"<>|' else c for c in material).strip() or "material"
    return f"{cleaned[:100]}.pdf"
