"""The window's queue panel (叫号面板): current ticket, waiting per queue, calling buttons.

Signals (the main window connects them):
- ``ticketCalled(ticket)``: a ticket was called or a walk-in started: the contract's ``Ticket``,
  or a ``LocalWalkIn`` (``id`` None, ``number`` "") served while the server is unreachable.
  Start the acceptance with ``AcceptancePage.start_new(ticket_no=ticket.number)``.
- ``ticketFinished(ticket)``: the current ticket was finished (with its ``case_numbers``).
- ``onlineChanged(bool)``: the queue server became reachable / unreachable.

The panel never waits for the network: every request runs on its own one-thread pool (one
request at a time, so a CentralClient is never used by two threads). It refreshes when a live
event arrives (server push), once after (re)connecting, and after each of its own actions; it
never polls while online. While the server cannot be reached it says so, disables calling,
still lets the clerk serve a walk-in, and probes the server with backoff until it answers.
What the buttons offer is ``clerk_app.domain.counter_panel.panel_state``; the widgets are
``QueuePanelView``'s.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QWidget

from clerk_app.contract.enums import QueueEventKind, TicketStatus, WindowStatus
from clerk_app.contract.queue import HallStatus, Ticket, WindowState
from clerk_app.domain.counter_panel import PanelSnapshot, Serving, panel_state
from clerk_app.ui.live_events import LiveEvents
from clerk_app.ui.queue.dialogs import (
    FinishAndCallConfirm,
    NoShowConfirm,
    PauseDialog,
    TransferDialog,
)
from clerk_app.ui.queue.panel_view import QueuePanelView
from clerk_app.ui.queue.reconnect import QueueServerLink, follow_server
from clerk_app.ui.queue.status_model import QueueStatusModel, event_queues
from clerk_app.ui.queue.tickets import LocalWalkIn, ServedTicket
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.sync.client import ApiError
    from clerk_app.sync.queue_client import QueueClient
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)

PROBE_FIRST_MS = 3_000  # the first probe after the server stopped answering (tests shorten it)
REFRESH_DEBOUNCE_MS = 250
CLOCK_TICK_MS = 15_000  # the longest-wait column counts up locally, without asking the server

OUTCOME_HANDLED = "已办结（受理案件）"  # at least one case recorded for this visit
OUTCOME_CONSULTED = "已办结（咨询）"  # advice only, no case


def queue_client_for(context: WindowContext) -> QueueClient | None:
    """A QueueClient for the panel with its own HTTP session (the window's CentralClient is
    used by the upload worker on other threads), or None when the window works offline."""
    if context.client is None:
        return None
    from clerk_app.sync.client import CentralClient
    from clerk_app.sync.queue_client import QueueClient

    own = CentralClient(context.client.base_url)
    own.token = context.client.token
    return QueueClient(own, context.hall_code)


class QueuePanel(QueuePanelView, QueueServerLink):
    """See the module doc. ``queue_client`` is a ``clerk_app.sync.queue_client.QueueClient``
    (give the panel its own CentralClient: requests run on the panel's thread), or None when the
    window logged in offline."""

    ticketCalled = Signal(object)  # ServedTicket
    ticketFinished = Signal(object)  # ServedTicket, finished
    onlineChanged = Signal(bool)
    stateApplied = Signal()  # after each refresh from the server (tests wait for it)

    def __init__(
        self,
        context: WindowContext,
        queue_client: QueueClient | None,
        parent: QWidget | None = None,
        *,
        events: LiveEvents | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(QueueStatusModel(), parent)
        self.model.setParent(self)
        self._link_server(
            context,
            queue_client,
            runner,
            refresh_debounce_ms=REFRESH_DEBOUNCE_MS,
            probe_first_ms=PROBE_FIRST_MS,
        )
        self._window_no = context.window_no
        self._busy = False
        self._status = WindowStatus.OPEN
        self._pause_reason = ""
        self._current: ServedTicket | None = None
        self._cases: list[str] = []
        self._missed: tuple[Ticket, ...] = ()
        self._all_queues: list[tuple[str, str]] = []
        self._all_windows: list[tuple[int, str]] = []
        self._refresh_pending = False
        self._call_after_finish = False  # F7 on an open ticket: finish it, then call

        self._connect_buttons()
        self._install_shortcuts()
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self.model.tick)
        self._clock_timer.start()

        self._follow_events(events)
        if queue_client is not None:
            QTimer.singleShot(0, self.refresh)

    # --- construction ----------------------------------------------------------------------

    def _connect_buttons(self) -> None:
        self.call_button.clicked.connect(self.call_next)
        self.recall_button.clicked.connect(self.recall)
        self.no_show_button.clicked.connect(self.no_show)
        self.transfer_button.clicked.connect(self.transfer)
        self.finish_button.clicked.connect(self.finish)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.walk_in_button.clicked.connect(self.walk_in)
        self.call_missed_button.clicked.connect(self.call_missed)

    def _install_shortcuts(self) -> None:
        self._shortcuts: list[QShortcut] = []
        for button, keys in self.keyed_buttons:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setObjectName(f"{button.objectName()}Shortcut")
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            if button is self.call_button:  # F7 says why it cannot call, never nothing
                shortcut.activated.connect(self.call_next_key)
            else:
                shortcut.activated.connect(button.animateClick)
            self._shortcuts.append(shortcut)

    # --- public state ------------------------------------------------------------------------

    @property
    def current_ticket(self) -> ServedTicket | None:
        return self._current

    @property
    def busy(self) -> bool:
        return self._busy or self._runner.busy

    @property
    def case_numbers(self) -> list[str]:
        return list(self._cases)

    def attach_cases(self, case_numbers: list[str]) -> None:
        """Cases handled for the current ticket; sent to the server on finish."""
        for number in case_numbers:
            if number and number not in self._cases:
                self._cases.append(number)
        self.show_cases(self._cases)

    def move_to(self, base_url: str) -> None:
        """The server answers at a new address (demo): requests and live events go there."""
        if follow_server(self._client, self._events, self._context.hall_code, base_url):
            self.refresh()

    # --- view ----------------------------------------------------------------------------------

    def _serving(self) -> Serving:
        if self._current is None:
            return Serving.NOBODY
        return Serving.LOCAL_WALK_IN if isinstance(self._current, LocalWalkIn) else Serving.TICKET

    def _update_view(self) -> None:
        snapshot = PanelSnapshot(
            has_server=self._client is not None,
            online=self._probe.online,
            busy=self._busy,
            paused=self._status is WindowStatus.PAUSED,
            serving=self._serving(),
            has_missed=bool(self._missed),
        )
        self.show_state(panel_state(snapshot), self._current, self._pause_reason)
        self.show_cases(self._cases)

    # --- server state ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Ask the server for the window's state and the hall's queues (off the GUI thread)."""
        if self._client is None:
            return
        if self.busy:
            self._refresh_pending = True  # after the running request
            return
        self._start(self._fetch_state, self._apply_state, quiet=True)

    def _fetch_state(self) -> tuple[WindowState, HallStatus]:
        state = self._server.window_state(self._window_no)
        hall = self._server.queue_status()
        return state, hall

    def _apply_state(self, result: tuple[WindowState, HallStatus]) -> None:
        state, hall = result
        self._status = state.status
        self._pause_reason = state.pause_reason or ""
        self._take_current(state.current)
        self.model.set_rows(state.queues)
        self._clear_nobody_waiting()
        self._show_missed(state.missed)
        self._take_hall(hall)
        self._update_view()
        self.stateApplied.emit()

    def _take_current(self, current: Ticket | None) -> None:
        known_id = self._current.id if self._current is not None else None
        if current is not None and current.id != known_id:
            # Called from elsewhere (a lost answer, another PC of this window): serve it here.
            self._set_current(current, announce=True)
        elif current is None and known_id is not None:
            self._set_current(None)
        elif current is not None:
            self._current = current

    def _show_missed(self, missed: tuple[Ticket, ...]) -> None:
        self._missed = missed
        self.missed_list.clear()
        for ticket in missed:
            item = QListWidgetItem(f"{ticket.number}（{ticket.call_count}/3）", self.missed_list)
            item.setData(Qt.ItemDataRole.UserRole, ticket.id)
        if missed:
            self.missed_list.setCurrentRow(0)

    def _take_hall(self, hall: HallStatus) -> None:
        """The hall's queues and the other windows: where a ticket can be transferred to."""
        self._all_queues = [(queue.code, queue.name) for queue in hall.queues]
        self._all_windows = [
            (window.number, window.label or f"{window.number}号窗口")
            for window in hall.windows
            if window.number != self._window_no
        ]

    def _set_current(self, ticket: ServedTicket | None, *, announce: bool = False) -> None:
        previous = self._current.id if self._current is not None else None
        self._current = ticket
        if ticket is None or ticket.id != previous:
            self._cases = []
        if ticket is not None and announce:
            self.ticketCalled.emit(ticket)

    # --- requests ----------------------------------------------------------------------------

    def _start(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        *,
        quiet: bool = False,
    ) -> None:
        # A quiet refresh does not disable the buttons: a key pressed meanwhile queues behind it
        # on the serial runner instead of being dropped.
        if not quiet:
            self._busy = True
            self._update_view()

        def succeeded(result: Any) -> None:
            if not quiet:
                self._busy = False
            self._went_online()
            on_success(result)
            self._update_view()
            self._after_request()

        def failed(exc: BaseException) -> None:
            if not quiet:
                self._busy = False
                self._call_after_finish = False  # the finish failed: call nobody behind it
            self._request_failed(exc, quiet=quiet)
            self._after_request()

        self._runner.start(fn, on_success=succeeded, on_failure=failed)

    def _after_request(self) -> None:
        if self._refresh_pending and self._probe.online:
            self._refresh_pending = False
            self._refresh_timer.start()

    def _refused(self, exc: ApiError) -> None:
        if exc.status in (404, 409):
            self._refresh_timer.start()  # the server knows better: show what it has

    def _online_changed(self, online: bool) -> None:
        self.onlineChanged.emit(online)
        self.set_message(self.tr("叫号服务已恢复") if online else "")

    # --- live events -------------------------------------------------------------------------

    @Slot(str, dict)
    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if self._client is None:
            return
        queues = event_queues(data) if kind == QueueEventKind.QUEUE_STATUS else None
        if queues is not None:
            self.model.merge_rows(queues, add_new=False)  # counts pushed by the server
            self._clear_nobody_waiting()
            return
        self._refresh_timer.start()  # pushed by the server; several events make one refresh

    # --- actions -------------------------------------------------------------------------------

    def _clear_nobody_waiting(self) -> None:
        """ "当前没有等候的群众" is not true any more once somebody waits."""
        waiting = any(row.waiting > 0 for row in self.model.rows)
        if waiting and self.message_label.text() == self.tr("当前没有等候的群众"):
            self.set_message("")

    @Slot()
    def call_next_key(self) -> None:
        """F7: call the next citizen, or say why not. With a ticket still open, offer to
        finish it first (a new citizen's case must never join the previous ticket)."""
        if self.call_button.isEnabled():
            self.call_button.animateClick()
            return
        if self.busy:
            return  # the running request re-enables the key in a moment
        current = self._current
        if current is not None:
            number = current.number or self.tr("（无号）")
            if not self.finish_button.isEnabled():
                self.set_message(
                    self.tr("当前号 %1 尚未办结：恢复连接后先办结（F10），再叫号").replace(
                        "%1", number
                    ),
                    error=True,
                )
                return
            if not FinishAndCallConfirm.ask(self, number):
                self.set_message(
                    self.tr("当前号 %1 尚未办结，办结（F10）后再叫号").replace("%1", number)
                )
                return
            self._call_after_finish = current.id is not None or self._probe.online
            self.finish()
            return
        if self._client is None or not self._probe.online:
            self.set_message(
                self.tr("叫号服务器无法连接，不能叫号；可按“直接办理”（Ctrl+F7）接待群众"),
                error=True,
            )
        elif self._status is WindowStatus.PAUSED:
            self.set_message(self.tr("本窗口已暂停服务，请先恢复服务（F12）再叫号"), error=True)

    def _call_next_if_asked(self) -> None:
        if self._call_after_finish:
            self._call_after_finish = False
            self.call_next()

    @Slot()
    def call_next(self) -> None:
        if not self.call_button.isEnabled():
            return
        request_id = uuid.uuid4().hex  # one id per press: a retried request calls nobody new
        self._start(lambda: self._server.call_next(self._window_no, request_id), self._called)

    def _called(self, ticket: Ticket | None) -> None:
        if ticket is None:
            self.set_message(self.tr("当前没有等候的群众"))
            self._refresh_timer.start()
            return
        self.set_message(self.tr("已呼叫 %1").replace("%1", ticket.number))
        self._set_current(ticket, announce=True)
        self._refresh_timer.start()

    @Slot()
    def recall(self) -> None:
        if not self.recall_button.isEnabled():
            return
        self._start(lambda: self._server.recall(self._window_no), self._recalled)

    def _recalled(self, ticket: Ticket) -> None:
        self._current = ticket
        self.set_message(self.tr("已重呼 %1").replace("%1", ticket.number))

    @Slot()
    def no_show(self) -> None:
        if not self.no_show_button.isEnabled():
            return
        number = self._current.number if self._current is not None else ""
        if not NoShowConfirm.ask(self, number):
            return
        self._start(lambda: self._server.no_show(self._window_no), self._missed_done)

    def _missed_done(self, ticket: Ticket) -> None:
        self._set_current(None)
        if ticket.status is TicketStatus.CANCELLED:
            text = self.tr("%1 三次未到，已作废")
        else:
            text = self.tr("%1 已过号，可稍后从过号池再次呼叫")
        self.set_message(text.replace("%1", ticket.number))
        self._refresh_timer.start()

    @Slot()
    def transfer(self) -> None:
        if not self.transfer_button.isEnabled():
            return
        choice = TransferDialog.ask(self, self._all_queues, self._all_windows)
        if choice is None:
            return
        self._start(
            lambda: self._server.transfer(
                self._window_no,
                choice.reason,
                to_queue=choice.to_queue,
                to_window=choice.to_window,
            ),
            self._transferred,
        )

    def _transferred(self, ticket: Ticket) -> None:
        self._set_current(None)
        self.set_message(self.tr("%1 已转移").replace("%1", ticket.number))
        self._refresh_timer.start()

    @Slot()
    def finish(self) -> None:
        if not self.finish_button.isEnabled() or self._current is None:
            return
        if isinstance(self._current, LocalWalkIn):  # nothing on the server
            finished = replace(
                self._current, case_numbers=tuple(self._cases), status=TicketStatus.FINISHED
            )
            self._set_current(None)
            self.set_message(self.tr("已办结"))
            self.ticketFinished.emit(finished)
            self._update_view()
            self._call_next_if_asked()
            return
        cases = list(self._cases)
        outcome = OUTCOME_HANDLED if cases else OUTCOME_CONSULTED
        self._start(lambda: self._server.finish(self._window_no, outcome, cases), self._finished)

    def _finished(self, ticket: Ticket) -> None:
        self._set_current(None)
        self.set_message(self.tr("%1 已办结").replace("%1", ticket.number))
        self.ticketFinished.emit(ticket)
        self._refresh_timer.start()
        if self._call_after_finish:  # once the buttons follow the finished state
            QTimer.singleShot(0, self._call_next_if_asked)

    @Slot()
    def toggle_pause(self) -> None:
        if not self.pause_button.isEnabled():
            return
        if self._status is WindowStatus.PAUSED:
            self._start(lambda: self._server.resume(self._window_no), self._apply_window_state)
            return
        reason = PauseDialog.ask(self)
        if not reason:
            return
        self._start(lambda: self._server.pause(self._window_no, reason), self._apply_window_state)

    def _apply_window_state(self, state: WindowState) -> None:
        self._status = state.status
        self._pause_reason = state.pause_reason or ""
        paused = self._status is WindowStatus.PAUSED
        self.set_message(self.tr("已暂停服务") if paused else self.tr("已恢复服务"))
        self._refresh_timer.start()

    @Slot()
    def walk_in(self) -> None:
        if not self.walk_in_button.isEnabled():
            return
        if self._client is None or not self._probe.online:
            # Offline: serve without a ticket; the acceptance works from the local store.
            self._set_current(LocalWalkIn(), announce=True)
            self.set_message(self.tr("离线直接办理：本次不记录叫号"))
            self._update_view()
            return
        request_id = uuid.uuid4().hex
        self._start(
            lambda: self._server.walk_in(self._window_no, None, request_id), self._walked_in
        )

    def _walked_in(self, ticket: Ticket) -> None:
        self.set_message(self.tr("直接办理：%1").replace("%1", ticket.number))
        self._set_current(ticket, announce=True)

    @Slot()
    def call_missed(self) -> None:
        item = self.missed_list.currentItem()
        if item is None or not self.call_missed_button.isEnabled():
            return
        ticket_id = int(item.data(Qt.ItemDataRole.UserRole))
        self._start(lambda: self._server.call_missed(self._window_no, ticket_id), self._called)
