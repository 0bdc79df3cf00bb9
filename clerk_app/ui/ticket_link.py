"""The queue panel's tickets and the acceptance page: a called ticket (or a walk-in) starts the
acceptance for that citizen, every case saved while it is served is attached to it, and once
the visit is over the next form belongs to no ticket."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from clerk_app.domain.cases import Case
    from clerk_app.ui.queue.panel import QueuePanel
    from clerk_app.ui.queue.tickets import ServedTicket


class TicketLink(QObject):
    def __init__(
        self,
        page: QWidget,
        panel: QueuePanel,
        show_page: Callable[[], bool],
        parent: QWidget,
        *,
        open_precheck: Callable[[str, str], None] | None = None,
    ) -> None:
        """``show_page()`` brings the acceptance page forward; False when this account may
        not accept cases (the reason is shown)."""
        super().__init__(parent)
        self._page = page
        self._panel = panel
        self._show_page = show_page
        self._window = parent
        self._open_precheck = open_precheck  # (pre-check number, ticket number)
        panel.ticketCalled.connect(self.ticket_called)
        panel.ticketFinished.connect(self.ticket_finished)
        saved = getattr(page, "caseSaved", None)
        if saved is not None:
            saved.connect(self.case_saved)

    def _has_work(self) -> bool:
        has_work = getattr(self._page, "has_unsaved_work", None)
        return bool(callable(has_work) and has_work())

    def _set_ticket(self, number: str) -> None:
        set_ticket = getattr(self._page, "set_ticket", None)
        if callable(set_ticket):
            set_ticket(number)

    @Slot(object)
    def ticket_called(self, ticket: ServedTicket) -> None:
        number = ticket.number
        if not self._show_page():
            return
        start_new = getattr(self._page, "start_new", None)
        if not callable(start_new):
            return
        if number and getattr(self._page, "ticket_no", None) == number:
            return  # already this ticket's work (a restored draft, a repeated announcement)
        if self._has_work():
            from clerk_app.ui.acceptance.page import DiscardWorkDialog

            if not DiscardWorkDialog.ask(self._window):
                # Keep what was typed (often a walk-in begun before pressing the key): it is
                # now the work for this ticket.
                self._set_ticket(number)
                return
        start_new(ticket_no=number)
        precheck_no = getattr(ticket, "precheck_no", None)  # a local walk-in carries none
        if precheck_no and self._open_precheck is not None:
            self._open_precheck(precheck_no, number)

    @Slot(object)
    def case_saved(self, case: Case) -> None:
        if self._panel.current_ticket is not None:
            self._panel.attach_cases([case.number])
            # The page clears itself after saving; the citizen may have a second matter
            # under the same ticket, so the ticket goes back on the fresh form.
            QTimer.singleShot(0, self._restore_ticket)

    @Slot()
    def _restore_ticket(self) -> None:
        ticket = self._panel.current_ticket
        if ticket is not None:
            self._set_ticket(ticket.number)

    @Slot(object)
    def ticket_finished(self, _ticket: object) -> None:
        """The visit is over: the next form belongs to no ticket (typed work stays)."""
        if not self._has_work():
            self._set_ticket("")
