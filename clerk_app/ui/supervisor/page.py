"""The floor supervisor's 大厅管理 page (Ctrl+4) and the help-desk's green channel (绿色通道).

Supervisor and admin see the whole hall: every window (状态 服务中 / 空闲 / 暂停：原因 / 未开, who
works there, the number being served, the queues it serves in order of preference) and every
queue (how many wait, the longest wait: amber from 30 minutes, red from 60, no-shows). For the
selected window they can change its work profile (调整服务队列…), pause it with a reason or
resume it. Help-desk staff get only the green channel: choose the queue and the reason, press
发放绿色通道号; the number is shown large and its slip opens in the print preview (print or
save as PDF). One request id per press: when the answer is lost, pressing again (重试发放) with
the same queue and reason sends the same id, and the server answers with the ticket it already
issued, never a second one.

Every request runs on the page's own one-thread pool (one HTTP session, never the GUI thread).
The page refreshes when a live event arrives (debounced), once after the event stream
(re)connects, after each of its own actions, and every ``FALLBACK_REFRESH_MS`` in case an
event was lost; ``queue_status`` events update the queue counts without any request. While the
server cannot be reached the page says so, keeps the last figures with their time and
retries with backoff.
Supervisors and admins also see today's help-desk pre-checks (asked for after each hall
status): how many, how many were ready, became cases, are still open, and the materials most
often missing, by name (the server names them from the catalog).
What the page offers is ``clerk_app.domain.hall_watch.hall_page_state``; the widgets are
``HallPageView``'s. Beside 大厅实况, managers get 提醒 (the server's alerts, a count on the tab and
on the main window's tab, a bell), 今日预约 and 差评回访: ``clerk_app.ui.supervisor.live``.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QListWidgetItem, QTabWidget, QWidget

from clerk_app.contract.enums import DeviceKind, QueueEventKind, TicketKind, WindowStatus
from clerk_app.contract.queue import DeviceReport, HallStatus, HallWindow, Ticket
from clerk_app.domain.hall_time import hall_now, in_hall_time
from clerk_app.domain.hall_watch import HallPageSnapshot, hall_page_state, short_window_label
from clerk_app.ui.live_events import LiveEvents
from clerk_app.ui.queue.dialogs import PauseDialog
from clerk_app.ui.queue.reconnect import QueueServerLink, follow_server
from clerk_app.ui.queue.status_model import event_queues
from clerk_app.ui.supervisor.alerts import Bell
from clerk_app.ui.supervisor.dialogs import ProfileDialog, SlipPreviewDialog
from clerk_app.ui.supervisor.live import REFRESH_MS as ALERTS_REFRESH_MS
from clerk_app.ui.supervisor.live import HallSupervision
from clerk_app.ui.supervisor.models import HallQueuesModel, HallWindowsModel
from clerk_app.ui.supervisor.view import HallPageView
from clerk_app.ui.voice import SoundChime
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.contract.precheck import PrecheckDayStats
    from clerk_app.domain.cases import Case
    from clerk_app.sync.client import ApiError
    from clerk_app.sync.queue_client import QueueClient
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)

MANAGER_ROLES = frozenset({"supervisor", "admin"})
HALL_PAGE_ROLES = MANAGER_ROLES | {"helpdesk"}  # the help desk gets the green channel only

REFRESH_DEBOUNCE_MS = 500
FALLBACK_REFRESH_MS = 60_000  # a lost event is made good within a minute
CLOCK_TICK_MS = 15_000  # the longest waits count up (and change colour) between answers


class SupervisorPage(HallPageView, QueueServerLink):
    """See the module doc. ``queue_client``: a ``clerk_app.sync.queue_client.QueueClient`` with
    its own CentralClient (requests run on the page's thread), or None when offline.
    ``manage`` (default: the user is a supervisor or an admin) shows the windows and queues;
    without it the page is the green channel only."""

    statusApplied = Signal()  # after each refresh from the server (tests wait for it)
    prechecksApplied = Signal(object)  # PrecheckDayStats, after the hall status (managers)
    onlineChanged = Signal(bool)
    greenTicketIssued = Signal(object)  # dict: the API's Ticket
    profileSaved = Signal(int, list)  # window number, queue codes in order
    windowStateChanged = Signal(int, str)  # window number, WindowStatus (paused or open)
    requestRefused = Signal(str)  # the server's reason
    slipPreviewOpened = Signal(object)  # SlipPreviewDialog
    alertCountChanged = Signal(int)  # the alerts now shown (the main window's tab says it)
    caseDetailOpened = Signal(object)  # CaseDetailDialog, from an alert

    def __init__(
        self,
        context: WindowContext,
        queue_client: QueueClient | None,
        parent: QWidget | None = None,
        *,
        events: LiveEvents | None = None,
        runner: TaskRunner | None = None,
        manage: bool | None = None,
        fallback_refresh_ms: int = FALLBACK_REFRESH_MS,
        clock: Callable[[], float] = time.monotonic,
        bell: Callable[[], Bell] | None = SoundChime,
        alerts_refresh_ms: int = ALERTS_REFRESH_MS,
    ) -> None:
        if manage is None:
            manage = context.user.role in MANAGER_ROLES
        super().__init__(
            HallWindowsModel(), HallQueuesModel(clock=clock), manage=manage, parent=parent
        )
        self.windows_model.setParent(self)
        self.queues_model.setParent(self)
        self._link_server(context, queue_client, runner, refresh_debounce_ms=REFRESH_DEBOUNCE_MS)
        self._loading = False
        self._refresh_again = False
        self._acting = False
        self._issuing = False
        self._updated_at: datetime | None = None
        self._queues: list[tuple[str, str]] = []  # (code, name) of the hall
        # (request id, queue, reason) of a green ticket whose answer was lost: a retry with
        # the same choice sends the same id, so the server never issues two.
        self._pending_green: tuple[str, str, str] | None = None
        self._last_ticket: Ticket | None = None

        self._connect_widgets()
        self.supervision = HallSupervision(
            self.form.hallTabs,
            lambda: self._server,
            self._runner,
            bell,
            self,
            settings=context.store.settings,
            refresh_ms=alerts_refresh_ms,
        )
        self._connect_supervision()
        self._fallback_timer = QTimer(self)
        self._fallback_timer.setInterval(fallback_refresh_ms)
        self._fallback_timer.timeout.connect(self.refresh)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self.queues_model.tick)

        # A stream of its own is moved by the page; a shared one (the main window's, with the
        # queue panel) by whoever made it.
        self._own_events = events is None
        self._follow_events(events)
        if queue_client is not None:
            self._fallback_timer.start()
            self._clock_timer.start()
            QTimer.singleShot(0, self.refresh)
            if manage:
                self.supervision.start()

    # --- construction ----------------------------------------------------------------------

    def _connect_widgets(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.windows_table.doubleClicked.connect(lambda _index: self.edit_profile())
        self.profile_button.clicked.connect(self.edit_profile)
        self.pause_button.clicked.connect(self.pause_window)
        self.resume_button.clicked.connect(self.resume_window)
        self.issue_button.clicked.connect(self.issue_green)
        self.reprint_button.clicked.connect(self.print_selected_slip)
        self.issued_list.itemDoubleClicked.connect(lambda _item: self.print_selected_slip())
        self.green_queue_combo.currentIndexChanged.connect(self._green_choice_changed)
        self.green_reason_combo.currentTextChanged.connect(self._green_choice_changed)
        selection = self.windows_table.selectionModel()
        selection.selectionChanged.connect(lambda *_a: self._update_view())

    def _connect_supervision(self) -> None:
        live = self.supervision
        live.alertCountChanged.connect(self.alertCountChanged)
        live.alertsApplied.connect(lambda answer: self.show_wait_threshold(answer.settings))
        live.windowRequested.connect(self._go_to_window)
        live.queueRequested.connect(lambda _code: self.queues_table.setFocus())
        live.caseOpened.connect(self._open_case)
        live.message.connect(lambda text, error: self.set_message(text, error=error))
        if self._manage:
            self.refresh_button.clicked.connect(live.refresh)

    def titled_by(self, tabs: QTabWidget, title: str) -> None:
        """The page's tab in ``tabs`` names how many alerts wait (the supervisor may be on
        another tab)."""

        def show(count: int) -> None:
            text = self.tr("%1 · 提醒 %2").replace("%1", title).replace("%2", str(count))
            tabs.setTabText(tabs.indexOf(self), text if count else title)

        self.alertCountChanged.connect(show)

    def _go_to_window(self, number: int) -> None:
        if self.select_window(number):
            self.windows_table.scrollTo(self.windows_table.currentIndex())
            self.windows_table.setFocus()

    def _open_case(self, case: Case) -> None:
        """An alert's case: its data, materials and trail as the server holds them. Its
        notices are printed from the PC that keeps the case (this one's own cases only)."""
        from clerk_app.ui.history import CaseDetailDialog

        kept_here = self._context.store.cases.get(case.number) is not None
        dialog = CaseDetailDialog(self._context, case, runner=self._runner, parent=self)
        dialog.print_box.setVisible(kept_here)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        self.caseDetailOpened.emit(dialog)

    # --- public state ------------------------------------------------------------------------

    @property
    def manage(self) -> bool:
        return self._manage

    @property
    def busy(self) -> bool:
        return self._runner.busy

    @property
    def last_ticket(self) -> Ticket | None:
        return self._last_ticket

    def selected_window(self) -> HallWindow | None:
        rows = self.windows_table.selectionModel().selectedRows()
        return self.windows_model.window(rows[0].row()) if rows else None

    def select_window(self, number: int) -> bool:
        row = self.windows_model.row_of(number)
        if row < 0:
            return False
        self.windows_table.selectionModel().select(
            self.windows_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.windows_table.setCurrentIndex(self.windows_model.index(row, 0))
        return True

    def focus_first(self) -> None:
        if self._manage:
            self.windows_table.setFocus()
        else:
            self.green_reason_combo.setFocus()

    def shutdown(self) -> None:
        """Stop timers and live events and wait for a running request (closing the window)."""
        self._fallback_timer.stop()
        self._clock_timer.stop()
        self.supervision.stop()
        super().shutdown()

    # --- view ----------------------------------------------------------------------------------

    def _update_view(self) -> None:
        window = self.selected_window()
        pending = self._pending_green
        snapshot = HallPageSnapshot(
            has_server=self._client is not None,
            online=self._probe.online,
            manage=self._manage,
            acting=self._acting,
            issuing=self._issuing,
            window_selected=window is not None,
            window_paused=window is not None and window.status is WindowStatus.PAUSED,
            has_queues=bool(self._queues),
            green_queue=str(self.green_queue_combo.currentData() or ""),
            green_reason=self.green_reason_combo.currentText(),
            pending_green=(pending[1], pending[2]) if pending is not None else None,
            has_last_ticket=self._last_ticket is not None,
        )
        self.show_state(hall_page_state(snapshot), self._updated_at)

    # --- server state --------------------------------------------------------------------------

    def move_to(self, base_url: str) -> None:
        """The server answers at a new address (demo): requests and the page's own live
        events go there (as the queue panel's do)."""
        own_events = self._events if self._own_events else None
        if follow_server(self._client, own_events, self._context.hall_code, base_url):
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Ask the server for the hall status (off the GUI thread)."""
        if self._client is None:
            return
        if self._loading:
            self._refresh_again = True
            return
        self._loading = True
        self._runner.start(
            self._server.queue_status, on_success=self._status_loaded, on_failure=self._load_failed
        )

    def _status_loaded(self, status: Any) -> None:
        self._loading = False
        self._went_online()
        self.apply_status(status)
        if self._manage:
            self._runner.start(
                self._server.precheck_stats,
                on_success=self._prechecks_loaded,
                on_failure=self._prechecks_failed,
            )
        if self._refresh_again:
            self._refresh_again = False
            self._refresh_timer.start()

    def _prechecks_loaded(self, stats: PrecheckDayStats) -> None:
        self.show_prechecks(stats)
        self.prechecksApplied.emit(stats)

    def _prechecks_failed(self, exc: BaseException) -> None:
        """The last figures stay; the next refresh asks again (an outage is the status's to
        say), a refusal is said in the box."""
        from clerk_app.sync.client import ApiError

        if isinstance(exc, ApiError):
            self.precheck_missing_label.setText(exc.detail)
        else:
            log.warning("pre-check counts not loaded: %s", exc)

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._request_failed(exc)
        if self._refresh_again and self._probe.online:
            self._refresh_again = False
            self._refresh_timer.start()

    def apply_status(self, status: HallStatus) -> None:
        """Show a hall status."""
        self._queues = [(queue.code, queue.name) for queue in status.queues]
        selected = self.selected_window()
        self.queues_model.set_rows(status.queues)
        self.windows_model.set_rows(status.windows, dict(self._queues))
        self._show_devices(status.devices)
        if selected is not None:
            self.select_window(selected.number)
        self._fill_green_queues()
        self._updated_at = hall_now()
        self._update_view()
        self.statusApplied.emit()

    def _show_devices(self, devices: Sequence[DeviceReport]) -> None:
        lines = [
            self.tr("● 叫号显示屏（%1）语音播报不可用：%2（%3 报告）")
            .replace("%1", report.device)
            .replace("%2", report.detail or self.tr("原因未知"))
            .replace("%3", f"{in_hall_time(report.at):%H:%M}")
            for report in devices
            if report.kind is DeviceKind.HALL_DISPLAY and not report.voice_ok
        ]
        self.devices_label.setText("\n".join(lines))
        self.devices_label.setVisible(bool(lines))

    def _fill_green_queues(self) -> None:
        current = self.green_queue_combo.currentData()
        wanted = [(code, name) for code, name in self._queues]
        have = [
            (self.green_queue_combo.itemData(i), self.green_queue_combo.itemText(i))
            for i in range(self.green_queue_combo.count())
        ]
        labels = [
            (code, self.tr("%1（%2）").replace("%1", name).replace("%2", code))
            for code, name in wanted
        ]
        if have == labels:
            return
        self.green_queue_combo.blockSignals(True)
        self.green_queue_combo.clear()
        for code, label in labels:
            self.green_queue_combo.addItem(label, code)
        index = self.green_queue_combo.findData(current) if current else -1
        self.green_queue_combo.setCurrentIndex(max(index, 0))
        self.green_queue_combo.blockSignals(False)

    def _refused(self, exc: ApiError) -> None:
        self.requestRefused.emit(exc.detail)

    def _online_changed(self, online: bool) -> None:
        self.onlineChanged.emit(online)

    # --- live events ---------------------------------------------------------------------------

    @Slot(str, dict)
    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if self._client is None:
            return
        if self._manage:
            self.supervision.on_event(kind)
        queues = event_queues(data) if kind == QueueEventKind.QUEUE_STATUS else None
        if queues is not None:
            self.queues_model.merge_rows(queues, add_new=False)
            return
        if not self._refresh_timer.isActive():
            # One request shortly after the first event of a burst; a busy hall's steady
            # stream of events cannot put it off for ever.
            self._refresh_timer.start()

    # --- supervisor actions ----------------------------------------------------------------------

    def _act(self, fn: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        self._acting = True
        self._update_view()

        def succeeded(result: Any) -> None:
            self._acting = False
            self._went_online()
            on_success(result)
            self._update_view()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._acting = False
            self._request_failed(exc)
            if self._probe.online:
                self.refresh()  # a refusal: show what the server has now

        self._runner.start(fn, on_success=succeeded, on_failure=failed)

    @Slot()
    def edit_profile(self) -> None:
        window = self.selected_window()
        if window is None or not self.profile_button.isEnabled():
            return
        codes = ProfileDialog.ask(
            self, short_window_label(window.number, window.label), self._queues, list(window.queues)
        )
        if not codes:
            return
        number = window.number
        self._act(
            lambda: self._server.set_profile(number, codes),
            lambda _state: self._profile_saved(window, codes),
        )

    def _profile_saved(self, window: HallWindow, codes: list[str]) -> None:
        names = dict(self._queues)
        self.set_message(
            self.tr("%1 的服务队列已改为：%2")
            .replace("%1", short_window_label(window.number, window.label))
            .replace("%2", " → ".join(names.get(c, c) for c in codes))
        )
        self.profileSaved.emit(window.number, list(codes))

    @Slot()
    def pause_window(self) -> None:
        window = self.selected_window()
        if window is None or not self.pause_button.isEnabled():
            return
        reason = PauseDialog.ask(self, short_window_label(window.number, window.label))
        if not reason:
            return
        number = window.number
        self._act(
            lambda: self._server.pause(number, reason),
            lambda _state: self._window_changed(window, WindowStatus.PAUSED, reason),
        )

    @Slot()
    def resume_window(self) -> None:
        window = self.selected_window()
        if window is None or not self.resume_button.isEnabled():
            return
        number = window.number
        self._act(
            lambda: self._server.resume(number),
            lambda _state: self._window_changed(window, WindowStatus.OPEN, ""),
        )

    def _window_changed(self, window: HallWindow, status: WindowStatus, reason: str) -> None:
        if status is WindowStatus.PAUSED:
            text = self.tr("%1 已暂停服务：%2").replace("%2", reason)
        else:
            text = self.tr("%1 已恢复服务")
        self.set_message(text.replace("%1", short_window_label(window.number, window.label)))
        self.windowStateChanged.emit(window.number, status)

    # --- green channel ---------------------------------------------------------------------------

    @Slot()
    def _green_choice_changed(self, *_args: object) -> None:
        self._update_view()

    @Slot()
    def issue_green(self) -> None:
        if not self.issue_button.isEnabled():
            return
        queue = str(self.green_queue_combo.currentData() or "")
        reason = self.green_reason_combo.currentText().strip()
        if not queue or not reason:
            return
        pending = self._pending_green
        if pending is not None and pending[1:] == (queue, reason):
            request_id = pending[0]  # the same press again: the server dedups it
        else:
            request_id = uuid.uuid4().hex
        self._pending_green = (request_id, queue, reason)
        self._issuing = True
        self._update_view()

        def issued(ticket: Ticket) -> None:
            self._issuing = False
            self._pending_green = None
            self._went_online()
            self._green_issued(ticket, reason)
            self._update_view()
            self.refresh()

        def failed(exc: BaseException) -> None:
            from clerk_app.sync.client import ApiError, OfflineError

            self._issuing = False
            if isinstance(exc, OfflineError):
                # Perhaps issued, perhaps not: the retry with the same id tells.
                self.set_message(
                    self.tr("网络中断，未能确认是否已发号。请按“重试发放”：同一请求不会重复发号。"),
                    error=True,
                )
                self._went_offline()
                self._update_view()
                return
            if isinstance(exc, ApiError):
                self._pending_green = None  # refused: nothing was issued
            self._request_failed(exc)

        self._runner.start(
            lambda: self._server.issue_ticket(
                queue, kind=TicketKind.GREEN, request_id=request_id, reason=reason
            ),
            on_success=issued,
            on_failure=failed,
        )

    def _green_issued(self, ticket: Ticket, reason: str) -> None:
        self._last_ticket = ticket
        number = ticket.number
        self.green_number_label.setText(number)
        ahead = ticket.waiting_ahead
        queue = ticket.queue_name or ticket.queue
        parts = [
            queue,
            self.tr("绿色通道（%1）").replace("%1", reason),
            self.tr("前面 %1 人").replace("%1", str(ahead)) if ahead else self.tr("前面无人等候"),
        ]
        self.green_info_label.setText(" · ".join(p for p in parts if p))
        self.green_info_label.setVisible(True)
        when = hall_now().strftime("%H:%M")
        item = QListWidgetItem(f"{when}  {number}  {queue}  {reason}")
        item.setData(Qt.ItemDataRole.UserRole, ticket)
        self.issued_list.insertItem(0, item)
        self.issued_list.setCurrentRow(0)
        self.set_message(self.tr("已发放绿色通道号 %1，请把凭条交给群众").replace("%1", number))
        # The next citizen gets a reason of their own.
        self.green_reason_combo.setCurrentIndex(-1)
        self.green_reason_combo.setEditText("")
        self.greenTicketIssued.emit(ticket)
        self.open_slip(ticket)

    @Slot()
    def print_selected_slip(self) -> None:
        item = self.issued_list.currentItem()
        ticket = item.data(Qt.ItemDataRole.UserRole) if item is not None else self._last_ticket
        if isinstance(ticket, Ticket):
            self.open_slip(ticket)

    def open_slip(self, ticket: Ticket) -> SlipPreviewDialog:
        """The ticket's slip in the print preview (print it, or save it as PDF)."""
        dialog = SlipPreviewDialog(ticket, self._context.hall_name, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.printed.connect(self._slip_printed)
        dialog.open()
        self.slipPreviewOpened.emit(dialog)
        return dialog

    @Slot(object)
    def _slip_printed(self, number: object) -> None:
        self.set_message(self.tr("凭条 %1 已打印").replace("%1", str(number)))
