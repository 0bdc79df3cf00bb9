"""The clerk's main window: the work tabs, the queue panel, the status bar, shortcuts, idle lock.

Tabs: 受理 (F1 / Ctrl+1), 出件 (Ctrl+2), 待领取 (Ctrl+3), 案件查询 (F6 / Ctrl+4). A supervisor or
an admin also gets 大厅管理 (Ctrl+4; see ``clerk_app.ui.supervisor``), help-desk staff its green
channel alone (绿色通道, Ctrl+4); 案件查询 is then F6 / Ctrl+5. The window's
queue panel (叫号, its own keys F7, F8, Shift+F7/F8, Ctrl+F7, F10, F12) is docked on the right
on every tab: calling a ticket starts the acceptance for it, every case saved while the ticket
is served is attached to it and reported to the server on 办结. A ready result opened from
待领取 goes to 出件.

A saved case is printed at once (one preview per document, one after the other). The sync
engine (``clerk_app.sync.engine.SyncEngine``) runs in its own thread and pushes the outbox; a
saved or delivered case wakes it so the change goes out at once. Its state is shown in the
status bar (click for details); an unreachable server only changes the status bar, because
every case is already safe in the local store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QMainWindow,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from clerk_app.ui.counter_roles import (
    acceptance_placeholder,
    may_write_cases,
    no_cases_reason,
)
from clerk_app.ui.delivery import DeliveryPage
from clerk_app.ui.diagnostics import export_diagnostics, show_log_folder
from clerk_app.ui.draft_guard import DraftGuard
from clerk_app.ui.forms.ui_main_window import Ui_MainWindow
from clerk_app.ui.helpdesk.wiring import help_desk_page, opener, window_prechecks
from clerk_app.ui.history import HistoryPage
from clerk_app.ui.live_events import LiveEvents, event_stream_factory
from clerk_app.ui.lock import IdleWatcher, LockOverlay, idle_interval_ms
from clerk_app.ui.password import change_password
from clerk_app.ui.queue.panel import QueuePanel, queue_client_for
from clerk_app.ui.ready_list import ReadyListPage
from clerk_app.ui.saved_case_printing import SavedCasePrinter
from clerk_app.ui.server_follow import ServerFollower
from clerk_app.ui.statistics.page import StatisticsPage
from clerk_app.ui.status_line import StatusLine
from clerk_app.ui.supervisor.page import HALL_PAGE_ROLES, MANAGER_ROLES, SupervisorPage
from clerk_app.ui.ticket_link import TicketLink
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.domain.cases import Case
    from clerk_app.sync.engine import SyncEngine, SyncStatus
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.queue.tickets import ServedTicket

log = logging.getLogger(__name__)

SYNC_INTERVAL_S = 15.0  # a quiet window pulls the server's changes this often; writes wake it
QUEUE_DOCK_WIDTH = 300  # the panel's two button columns; the work keeps the rest of 1366 px
PageFactory = Callable[["WindowContext", QWidget], QWidget]
QueueClientFactory = Callable[["WindowContext"], Any]


def default_acceptance_factory(context: WindowContext, parent: QWidget) -> QWidget:
    from clerk_app.ui.acceptance import AcceptancePage

    return AcceptancePage(context, parent)


class MainWindow(QMainWindow):
    """Everything a logged-in window needs; built from its :class:`WindowContext`."""

    logoutRequested = Signal()
    previewOpened = Signal(object)  # PrintPreviewDialog, for each document of a saved case
    uploadFinished = Signal(object)  # SyncStatus after each round of the sync engine

    def __init__(
        self,
        context: WindowContext,
        *,
        runner: TaskRunner | None = None,
        acceptance_factory: PageFactory | None = default_acceptance_factory,
        queue_client_factory: QueueClientFactory = queue_client_for,
        idle_ms: int | None = None,
        sync_interval_s: float = SYNC_INTERVAL_S,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._runner = runner or TaskRunner(parent=self)
        self.printing = SavedCasePrinter(context, self._runner, self)
        self.printing.previewOpened.connect(self.previewOpened)
        self.printing.allPrinted.connect(self._all_printed)
        self._online = context.online
        self._closed = False
        user = context.user
        self.setWindowTitle(
            self.tr("%1 · %2 · %3（%4）")
            .replace("%1", context.hall_name)
            .replace("%2", context.window_label)
            .replace("%3", user.display_name)
            .replace("%4", user.username)
        )

        self.form = Ui_MainWindow()
        self.form.setupUi(self)
        self.tabs: QTabWidget = self.form.main_tabs
        self.writes_cases = may_write_cases(user.role)
        self.acceptance: QWidget = self._build_acceptance(
            acceptance_factory if self.writes_cases else None
        )
        self.delivery = DeliveryPage(context, runner=self._runner, parent=self)
        self.ready_list = ReadyListPage(context, parent=self)
        self.history = HistoryPage(context, runner=self._runner, parent=self)
        # Beside the queue panel a 1366-pixel screen may be narrower than the acceptance page
        # wants: it scrolls sideways then, instead of pushing the window off the screen.
        self.acceptance_scroll = QScrollArea(self)
        self.acceptance_scroll.setObjectName("acceptance_scroll")
        self.acceptance_scroll.setWidgetResizable(True)
        self.acceptance_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.acceptance_scroll.setWidget(self.acceptance)
        self.precheck_page = help_desk_page(context, queue_client_factory(context), self.tabs, self)
        self.tabs.addTab(self.acceptance_scroll, self.tr("受理 (F1)"))
        self.tabs.addTab(self.delivery, self.tr("出件 (Ctrl+2)"))
        self.tabs.addTab(self.ready_list, self.tr("待领取 (Ctrl+3)"))
        # One live-event stream for the queue panel and the hall page of a supervisor's PC.
        self._hall_events = self._make_hall_events()
        self.hall_page: SupervisorPage | None = None
        if context.user.role in HALL_PAGE_ROLES:
            self.hall_page = SupervisorPage(
                context, queue_client_factory(context), self, events=self._hall_events
            )
            title = (
                self.tr("大厅管理 (Ctrl+4)")
                if self.hall_page.manage
                else self.tr("绿色通道 (Ctrl+4)")
            )
            self.tabs.addTab(self.hall_page, title)
            self.hall_page.titled_by(self.tabs, title)  # "大厅管理 (Ctrl+4) · 提醒 3"
        self.statistics_page = self._add_statistics_tab(queue_client_factory)
        self.tabs.addTab(self.history, self.tr("案件查询 (F6)"))
        if not self.writes_cases:
            for page in (self.acceptance_scroll, self.delivery):
                index = self.tabs.indexOf(page)
                self.tabs.setTabEnabled(index, False)
                self.tabs.setTabToolTip(index, self.no_cases_reason())
            self.delivery.setEnabled(False)
        self.tabs.currentChanged.connect(self._tab_changed)

        self._build_queue_dock(queue_client_factory)
        self._build_status_bar()
        self._build_actions()

        self.lock_overlay = LockOverlay(self, context.store, user, runner=self._runner)
        self.lock_overlay.lockedChanged.connect(self._lock_changed)
        self.lock_overlay.logoutRequested.connect(self.request_logout)
        self.idle = IdleWatcher(
            idle_ms if idle_ms is not None else idle_interval_ms(context.store), self
        )
        self.idle.idle.connect(self.lock)
        if not self.writes_cases:
            self.action_accept.setEnabled(False)
            self.action_delivery.setEnabled(False)

        saved = getattr(self.acceptance, "caseSaved", None)
        if saved is not None:
            saved.connect(self.on_case_saved)
        bundle_saved = getattr(self.acceptance, "casesSaved", None)
        if bundle_saved is not None:
            bundle_saved.connect(self.on_cases_saved)
        self.drafts = DraftGuard(self.acceptance, self)
        self.precheck_at_window = window_prechecks(
            context,
            self.acceptance,
            self._runner,
            writes_cases=self.writes_cases,
            menu=self.form.menu_work,
            status=self.status_sync,
            show_page=self._show_acceptance,
            history=self.history.prechecks,
            parent=self,
        )
        self.tickets = TicketLink(
            self.acceptance,
            self.queue_panel,
            self._show_acceptance,
            self,
            open_precheck=opener(self.precheck_at_window),
        )
        self.ready_list.openCase.connect(self.open_delivery)
        self.delivery.openCase.connect(self.open_case_detail)
        self.delivery.delivered.connect(self._case_delivered)
        self.delivery.previewOpened.connect(self.previewOpened)

        self.sync_engine: SyncEngine | None = self._start_sync_engine(sync_interval_s)
        self._server_follower: ServerFollower | None = None
        self._show_start_page()

    # --- construction --------------------------------------------------------------------------

    def _show_start_page(self) -> None:
        """What each account starts on: its own work, else what it may look at."""
        if self.writes_cases:
            self.show_accept_tab()
        elif self.precheck_page is not None:
            self.tabs.setCurrentWidget(self.precheck_page)
        elif self.hall_page is not None:
            self.show_hall_tab()
        else:
            self.show_history_tab()

    def no_cases_reason(self) -> str:
        return no_cases_reason(self.context.user.role)

    def _build_acceptance(self, factory: PageFactory | None) -> QWidget:
        if factory is not None:
            try:
                return factory(self.context, self)
            except ImportError:
                log.exception("acceptance page unavailable")
        return acceptance_placeholder(self, self.context.user.role, self.writes_cases)

    def _add_statistics_tab(self, factory: QueueClientFactory) -> StatisticsPage | None:
        """统计 for supervisors and admins: the server computes it, so offline it is shown
        disabled with the reason."""
        if self.context.user.role not in MANAGER_ROLES:
            return None
        source = factory(self.context)
        page = StatisticsPage(source, self, runner=self._runner)
        index = self.tabs.addTab(page, self.tr("统计"))
        if source is None:
            self.tabs.setTabEnabled(index, False)
            self.tabs.setTabToolTip(index, self.tr("统计由中心服务器计算，离线时不可用"))
        return page

    def _make_hall_events(self) -> LiveEvents | None:
        client = self.context.client
        if client is None or self.context.user.role not in HALL_PAGE_ROLES:
            return None  # the queue panel of a clerk's window makes its own
        factory = event_stream_factory(client.base_url, self.context.hall_code, client.token)
        return LiveEvents(factory, self)

    def _build_queue_dock(self, queue_client_factory: QueueClientFactory) -> None:
        """The queue panel on the right, beside whatever tab is shown (a citizen collecting a
        result also comes with a ticket). It cannot be closed or floated by mistake."""
        self.queue_panel = QueuePanel(
            self.context, queue_client_factory(self.context), self, events=self._hall_events
        )
        self.queue_panel.onlineChanged.connect(self._queue_online_changed)
        dock = self.form.queue_dock
        dock.setWidget(self.queue_panel)
        self.queue_panel.setMinimumWidth(QUEUE_DOCK_WIDTH - 40)
        self.resizeDocks([dock], [QUEUE_DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.queue_dock = dock
        if self.context.user.role == "helpdesk":
            dock.hide()  # a help desk calls no tickets (window.operate); its work needs the width

    def _build_status_bar(self) -> None:
        line = StatusLine(
            self.form.status_bar, self.context, "" if self.writes_cases else self.no_cases_reason()
        )
        self.status_line = line
        self.status_online = line.online
        self.sync_status = line.sync_status
        self.status_sync = line.message
        self.status_catalog = line.catalog
        self.status_user = line.user
        if line.role is not None:
            self.status_role = line.role
        self.set_online(self._online)
        self.sync_status.statusChanged.connect(self._sync_status_changed)
        self.sync_status.operationRetried.connect(lambda _op: self.sync_now())
        self.sync_status.operationDiscarded.connect(lambda _op: self.sync_now())
        self.sync_status.pushRetryRequested.connect(self.retry_push)
        if line.upload_status is not None:  # refused files sent again: now, not next round
            line.upload_status.resendRequested.connect(self.sync_now)
        # The shared library looked up again once the server is reachable after an outage.
        follow_library = getattr(getattr(self.acceptance, "library", None), "follow_status", None)
        if follow_library is not None:
            self.sync_status.statusChanged.connect(follow_library)

    def _build_actions(self) -> None:
        form = self.form
        # Ctrl+1..4 follow the tab order; F1/F6 stay for the clerks used to them. None of
        # them is a key of the queue panel or of the acceptance page.
        history_keys = ["F6", "Ctrl+5"] if self.hall_page is not None else ["F6", "Ctrl+4"]
        keys: list[tuple[QAction, list[str], Callable[[], Any]]] = [
            (form.action_accept, ["F1", "Ctrl+1"], self.show_accept_tab),
            (form.action_delivery, ["Ctrl+2"], self.show_delivery_tab),
            (form.action_ready, ["Ctrl+3"], self.show_ready_tab),
            (form.action_history, history_keys, self.show_history_tab),
            (form.action_lock, ["Ctrl+L"], self.lock),
            (form.action_logout, ["Ctrl+Shift+Q"], self.request_logout),
            (form.action_change_password, [], lambda: change_password(self)),
            (form.action_diagnostics, [], lambda: export_diagnostics(self, self.context)),
            (form.action_log_folder, [], lambda: show_log_folder(self, self.context)),
        ]
        self.action_hall: QAction | None = None
        if self.hall_page is not None:
            self.action_hall = form.action_hall
            if not self.hall_page.manage:
                self.action_hall.setText(self.tr("绿色通道"))
            keys.append((self.action_hall, ["Ctrl+4"], self.show_hall_tab))
        else:
            form.menu_work.removeAction(form.action_hall)
        for act, shortcuts, slot in keys:
            act.setShortcuts([QKeySequence(k) for k in shortcuts])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)  # shortcuts work even with the menu bar hidden or disabled
        self.action_accept = form.action_accept
        self.action_delivery = form.action_delivery
        self.action_ready = form.action_ready
        self.action_history = form.action_history
        self.action_lock = form.action_lock
        self.action_logout = form.action_logout
        self.action_change_password = form.action_change_password
        for key, button in (
            ("F7", self.queue_panel.call_button),
            ("F8", self.queue_panel.recall_button),
            ("F10", self.queue_panel.finish_button),
            ("Ctrl+F7", self.queue_panel.walk_in_button),
        ):
            # Shown for reference; the panel's own shortcuts do the work.
            text = button.text().split("\n")[0]
            entry = form.menu_work.addAction(f"{text}\t{QKeySequence(key).toString()}")
            if button is self.queue_panel.call_button:
                entry.triggered.connect(self.queue_panel.call_next_key)
            else:
                entry.triggered.connect(button.animateClick)
        self.action_diagnostics = form.action_diagnostics
        # Actions a locked screen or a busy page disables; help and password stay reachable.
        always = (form.action_change_password, form.action_diagnostics, form.action_log_folder)
        self._actions = [act for act, _keys, _slot in keys if act not in always]

    def _start_sync_engine(self, interval_s: float) -> SyncEngine | None:
        """The outbox worker with its own HTTP session (a CentralClient is one thread's)."""
        client = self.context.client
        if client is None:
            return None
        from clerk_app.sync.client import CentralClient
        from clerk_app.sync.engine import SyncEngine

        own = CentralClient(client.base_url)
        own.token = client.token
        engine = SyncEngine(
            self.context.store,
            own,
            window_no=self.context.window_no,
            interval=interval_s,
            on_status=self.sync_status.post_status,
        )
        engine.start()
        return engine

    # --- navigation ----------------------------------------------------------------------------

    def current_page(self) -> QWidget | None:
        """The page of the current tab (the acceptance page, not its scroll area)."""
        widget = self.tabs.currentWidget()
        return self.acceptance if widget is self.acceptance_scroll else widget

    def _refuse_cases(self) -> bool:
        """True (and the reason in the status bar) when this account writes no cases."""
        if self.writes_cases:
            return False
        self.status_sync.setText(self.no_cases_reason())
        return True

    def _show_acceptance(self) -> bool:
        """The acceptance tab, without moving the focus; False when this account writes no
        cases (the reason is in the status bar)."""
        if self._refuse_cases():
            return False
        self.tabs.setCurrentWidget(self.acceptance_scroll)
        return True

    @Slot()
    def show_accept_tab(self) -> None:
        if not self._show_acceptance():
            return
        focus = getattr(self.acceptance, "focus_first", None)
        if callable(focus):
            focus()
        else:
            self.acceptance.setFocus()

    @Slot()
    def show_delivery_tab(self) -> None:
        if self._refuse_cases():
            return
        self.tabs.setCurrentWidget(self.delivery)
        self.delivery.scan_edit.setFocus()
        self.delivery.scan_edit.selectAll()  # the next scan replaces the last number

    @Slot()
    def show_ready_tab(self) -> None:
        self.tabs.setCurrentWidget(self.ready_list)
        self.ready_list.table.setFocus()

    @Slot()
    def show_hall_tab(self) -> None:
        if self.hall_page is None:
            return
        self.tabs.setCurrentWidget(self.hall_page)
        self.hall_page.focus_first()

    @Slot()
    def show_history_tab(self) -> None:
        self.tabs.setCurrentWidget(self.history)
        self.history.run_search()
        self.history.search.setFocus()
        self.history.search.selectAll()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.history:
            self.history.run_search()
        elif page is self.ready_list:
            self.ready_list.refresh()  # pulled status changes show when the list is looked at
        elif page is not None and page is self.hall_page:
            self.hall_page.refresh()

    @Slot(str)
    def open_delivery(self, number: str) -> None:
        """A ready result chosen in 待领取: hand it out on the 出件 page."""
        if self._refuse_cases():
            return
        self.tabs.setCurrentWidget(self.delivery)
        self.delivery.open_case(number)
        self.delivery.id_number.setFocus()  # next: the collector's ID document

    @Slot(str)
    def open_case_detail(self, number: str) -> None:
        case = self.context.store.cases.get(number)
        if case is not None:
            self.history.open_case(case)

    # --- queue ---------------------------------------------------------------------------------

    @Slot(object)
    def on_ticket_called(self, ticket: ServedTicket) -> None:
        """A called ticket (or a walk-in) starts the acceptance for that citizen."""
        self.tickets.ticket_called(ticket)

    # --- a demo server that moved --------------------------------------------------------------

    def follow_moved_server(self, locate: Callable[[], str | None]) -> None:
        """Demo: follow the shared demo server to its new port (``ServerFollower``)."""
        client = self.context.client
        if client is None:
            return
        self._server_follower = ServerFollower(
            locate, lambda: client.base_url, lambda: self._online, self._runner, self
        )
        self._server_follower.moved.connect(self.move_to)

    def _server_lost(self) -> None:
        if self._server_follower is not None and not self._closed:
            self._server_follower.server_lost()

    def move_to(self, base_url: str) -> None:
        """Send everything to the server's new address."""
        client = self.context.client
        if client is None:
            return
        log.info("中心服务器已换到 %s", base_url)
        client.base_url = base_url
        if self.sync_engine is not None:
            self.sync_engine.client.base_url = base_url
        self.queue_panel.move_to(base_url)  # restarts the live events the hall page shares
        if self.hall_page is not None:
            self.hall_page.move_to(base_url)
        self.sync_now()

    @Slot(bool)
    def _queue_online_changed(self, online: bool) -> None:
        """The queue panel noticed first (its event stream dropped, a request failed): the
        status bar says so at once instead of 在线 until the sync engine's next round."""
        if self.context.client is None:
            return
        self.set_online(online)
        if not online:
            self._server_lost()
        status = self.sync_status.status
        if not online and status is not None and status.online:
            self.sync_status.set_status(replace(status, online=False))
        self.sync_now()  # the sync engine checks for itself now

    # --- status --------------------------------------------------------------------------------

    def set_online(self, online: bool) -> None:
        self._online = online
        self.status_line.set_online(online)

    @Slot(object)
    def _sync_status_changed(self, status: SyncStatus) -> None:
        if self.context.client is None:
            return
        self._online = status.online
        self.status_line.show_sync(status)
        if not status.online:
            self._server_lost()
        self.uploadFinished.emit(status)

    # --- lock and logout -----------------------------------------------------------------------

    @Slot()
    def lock(self) -> None:
        # Locking keeps the work on screen; the draft is saved too, in case nobody unlocks.
        in_progress = self.drafts.in_progress()
        if in_progress:
            self.drafts.save()
        self.lock_overlay.lock()
        if in_progress:
            self.lock_overlay.message.setText(self.tr("未完成的受理已保存为草稿，解锁后继续办理"))

    @property
    def is_locked(self) -> bool:
        return self.lock_overlay.is_locked

    @Slot(bool)
    def _lock_changed(self, locked: bool) -> None:
        for act in self._actions:
            act.setEnabled(not locked)
        if locked:
            self.idle.pause()
        else:
            self.idle.restart()

    @Slot()
    def request_logout(self) -> None:
        if not self.confirm_leave(self.tr("退出登录")):
            return
        self.logoutRequested.emit()

    # --- drafts --------------------------------------------------------------------------------

    def confirm_leave(self, action: str) -> bool:
        """Closing or logging out: with an acceptance in progress ask first."""
        return self.drafts.confirm_leave(action)

    def offer_draft(self) -> bool:
        """After login: offer the draft left here; True when one was restored."""
        problems = self.drafts.offer(self.show_accept_tab)
        if problems is None:
            return False
        self.status_sync.setText(
            self.tr("已恢复未完成的受理") + ("：" + "；".join(problems) if problems else "")
        )
        return True

    # --- a saved case: print, and push it soon ---------------------------------------------------

    @Slot(object)
    def on_case_saved(self, case: Case) -> None:
        self.sync_now()  # the case and its outbox row are stored: send it while printing
        if case.bundle is None:  # a bundle's cases print together (on_cases_saved)
            self.printing.print_case(case)

    def on_cases_saved(self, cases: list[Case]) -> None:
        """A bundle application: one 一件事受理通知书, then the items' own notices."""
        if cases and cases[0].bundle is not None:
            self.printing.print_bundle(cases)

    @Slot()
    def _all_printed(self) -> None:
        self.history.run_search()
        self.sync_now()  # the print records are in the outbox too
        self.return_focus()

    def return_focus(self) -> None:
        """After a dialog (print preview, printer choice): the keys (F10, F7) work on this
        window again, whatever the window manager activated meanwhile."""
        if self._closed or self.is_locked:
            return
        self.raise_()
        self.activateWindow()
        if self.current_page() is self.acceptance:
            focus = getattr(self.acceptance, "focus_first", None)
            if callable(focus):
                focus()

    @Slot(str)
    def _case_delivered(self, _number: str) -> None:
        self.sync_now()
        self.ready_list.refresh()

    @Slot()
    def sync_now(self) -> None:
        """Run the next sync round now (something was just written to the outbox)."""
        if self.sync_engine is not None:
            self.sync_engine.wake()

    @Slot()
    def retry_push(self) -> None:
        """The clerk asks to send a push the server refused as a whole once more."""
        if self.sync_engine is not None:
            self.sync_engine.retry_push()

    def shutdown(self) -> None:
        """Stop the queue panel's events and the sync worker (close or logout)."""
        if self._closed:
            return
        self._closed = True
        self.printing.abandon()
        if self._server_follower is not None:
            self._server_follower.stop()
        self.idle.pause()
        self.queue_panel.shutdown()
        if self.hall_page is not None:
            self.hall_page.shutdown()
        if self.sync_engine is not None:
            self.sync_engine.stop(timeout=10.0)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and not self.confirm_leave(self.tr("关闭窗口")):
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
