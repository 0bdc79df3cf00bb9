"""A help-desk pre-check at the window: the acceptance page starts from it, and the outcome
goes back to it (accepted with the case number, or reopened when the window sends the citizen
away with a one-time notice).

It opens from the ticket the window calls (the ticket carries the pre-check's number) or from
the pre-check's QR scanned or number typed at the window (Ctrl+Y). This PC's copy (pulled from
the server) is used first, then the server's; with the network down, the QR alone rebuilds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from clerk_app.domain.cases import Case, CaseEvent, DecisionKind
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.precheck import Precheck, PrecheckStatus
from clerk_app.domain.precheck_acceptance import acceptance_draft
from clerk_app.sync.prechecks import PrecheckDesk, Reopened
from clerk_app.ui.context import WindowContext
from clerk_app.ui.helpdesk.page import cached_staff
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.workers import TaskRunner

PRECHECK_EVENT = "prechecked"  # the case's event naming the pre-check it started from
_ACCEPTED = (DecisionKind.ACCEPT, DecisionKind.ACCEPT_WITH_GAPS, DecisionKind.COMPLETE_ON_SPOT)


def staff_name(context: WindowContext, username: str) -> str:
    """A staff member's display name from the cached hall configuration, else the username."""
    for person in cached_staff(context):
        if person.username == username:
            return person.display_name or username
    return username


class PrecheckAtWindow(QObject):
    """Fills the acceptance ``page`` from a pre-check; ``message`` says what happened."""

    message = Signal(str)

    def __init__(
        self,
        context: WindowContext,
        desk: PrecheckDesk,
        page: QWidget,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._desk = desk
        self._page = page
        self._runner = runner
        self.current: Precheck | None = None
        saved = getattr(page, "caseSaved", None)
        if saved is not None:
            saved.connect(self.case_saved)

    def add_action(self, menu: QMenu, window: QWidget, show_page: Callable[[], bool]) -> QAction:
        """业务 › 打开帮办预审 (Ctrl+Y) on ``window``: shows the page, then asks for the QR."""
        action = menu.addAction(self.tr("打开帮办预审"))
        action.setObjectName("action_open_precheck")
        action.setShortcut(QKeySequence("Ctrl+Y"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

        def open_from_scan() -> None:
            if show_page():
                self.ask_and_open(window)

        action.triggered.connect(open_from_scan)
        window.addAction(action)
        return action

    def ask_and_open(self, parent: QWidget) -> None:
        """The clerk scans the QR (or types the number) into a small dialog."""
        text, ok = QInputDialog.getText(
            parent, self.tr("打开帮办预审"), self.tr("扫描预审二维码或输入预审编号：")
        )
        if ok and text.strip():
            self.open(text.strip())

    def open(self, text: str, ticket_no: str = "") -> None:
        """Look the pre-check up (off the GUI thread: it may ask the server), then fill."""
        self._runner.start(
            self._desk.reopen,
            text,
            on_success=lambda reopened: self._opened(reopened, ticket_no),
            on_failure=self._failed,
        )

    def _opened(self, reopened: Reopened, ticket_no: str) -> None:
        precheck = reopened.reconciled.precheck
        warnings = list(reopened.reconciled.warnings)
        if not reopened.items:
            self.message.emit("；".join(warnings) or self.tr("预审中的事项已不可办理"))
            return
        checker = staff_name(self._context, precheck.checked_by)
        draft = acceptance_draft(precheck, reopened.items, checker, reopened.bundle)
        if ticket_no:
            draft = replace(draft, ticket_no=ticket_no)
        fill: Any = getattr(self._page, "fill", None)
        if not callable(fill):
            return
        problems: list[str] = fill(draft)
        self.current = precheck
        said = (
            self.tr("已按帮办预审 %1（%2）填好，请核对原件后确认")
            .replace("%1", precheck.number)
            .replace("%2", checker)
        )
        self.message.emit("；".join([said, *warnings, *problems]))

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(str(exc).strip("'\"") or type(exc).__name__)

    def _note_on_case(self, case: Case, precheck: Precheck) -> None:
        """The case records the pre-check it came from, as an event of its audit trail."""
        stored = self._context.store.cases.get(case.number)
        if stored is None:
            return
        event = CaseEvent(
            hall_now(),
            self._context.user.username,
            self._context.window_label,
            PRECHECK_EVENT,
            None,
            f"来自帮办预审 {precheck.number}",
        )
        self._context.store.cases.update(stored, event)

    @Slot(object)
    def case_saved(self, case: Case) -> None:
        """Record what the window did with the pre-check (its push goes through the outbox)."""
        precheck = self.current
        if precheck is None or case.decision is None:
            return
        self.current = None
        self._note_on_case(case, precheck)
        if case.decision.kind in _ACCEPTED:
            outcome = replace(precheck, status=PrecheckStatus.ACCEPTED, case_number=case.number)
        elif precheck.status is PrecheckStatus.HANDED_OVER:
            # sent back with a one-time notice or refused: the help desk sees it open again
            note = (
                self.tr("窗口%1（%2）")
                .replace("%1", tr_domain(case.decision.kind.label))
                .replace("%2", case.number)
            )
            outcome = replace(precheck, status=PrecheckStatus.OPEN, note=note[:200])
        else:
            return
        self._desk.save(outcome)
