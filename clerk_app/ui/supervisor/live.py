"""The supervisor's live tabs of 大厅管理: 提醒, 今日预约 and 差评回访 (issue 15 "Live").

``HallSupervision`` puts the three panels into the page's tabs, asks the server for their data
on the page's task runner (never the GUI thread) every ``REFRESH_MS``, soon after a live event
that changes them, and after a follow-up is saved; it shows the counts on the tabs
("提醒 (3)", "差评回访 (2)") and tells the page (``alertCountChanged``) for the main window's
tab. An alert, activated, leads to the thing itself: ``windowRequested`` (the page selects
the window's row), ``caseOpened`` (the case as the server holds it, for its detail and
trail), the 差评's follow-up on its tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QTabWidget, QWidget

from clerk_app.contract.enums import QueueEventKind
from clerk_app.contract.supervision import AlertKind, HallAlert, HallAlerts
from clerk_app.domain.cases import Case
from clerk_app.ui.supervisor.alerts import AlertSettingsDialog, Bell, HallAlertsPanel
from clerk_app.ui.supervisor.appointments import HallAppointmentsPanel
from clerk_app.ui.supervisor.followups import RatingFollowupsPanel
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.sync.queue_client import QueueClient


class KeyValueSettings(Protocol):
    """The local store's settings (``clerk_app.store.settings.Settings``)."""

    def get(self, key: str, default: str | None = None) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


REFRESH_MS = 30_000  # a wait or a pause crosses its threshold while nothing happens
EVENT_DEBOUNCE_MS = 2_000
CASE_READ_REASON = "大厅管理提醒：查看临期/超期案件"
SOUND_SETTING = "supervisor.alert_sound"  # "1": ring for new alerts on this PC
# Live events after which the alerts (and the follow-ups) may have changed.
ALERT_EVENTS = frozenset(
    {
        QueueEventKind.WINDOW_PAUSED,
        QueueEventKind.WINDOW_RESUMED,
        QueueEventKind.TICKET_RATED,
        QueueEventKind.TICKET_CALLED,
    }
)


class HallSupervision(QObject):
    """See the module doc. ``tabs``: the page's tab widget, whose pages 1-3 hold the panels'
    placeholder layouts; ``server``: the page's QueueClient; ``bell``: what rings for a new
    alert (made when first needed; None: no sound on this PC); ``settings``: where the
    supervisor's choice of the bell is kept."""

    alertCountChanged = Signal(int)
    alertsApplied = Signal(object)  # HallAlerts (tests wait for it)
    windowRequested = Signal(int)
    queueRequested = Signal(str)
    caseOpened = Signal(object)  # domain Case, read from the server
    message = Signal(str, bool)  # text, error

    def __init__(
        self,
        tabs: QTabWidget,
        server: Callable[[], QueueClient],
        runner: TaskRunner,
        bell: Callable[[], Bell] | None,
        parent: QWidget,
        *,
        settings: KeyValueSettings | None = None,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(parent)
        self._tabs = tabs
        self._server = server
        self._runner = runner
        self._parent = parent
        self.alerts = HallAlertsPanel(bell, parent)
        self.appointments = HallAppointmentsPanel(parent)
        self.followups = RatingFollowupsPanel(server, runner, parent)
        self._pages = [tabs.widget(i) for i in range(tabs.count())]
        for page, panel in zip(
            self._pages[1:], (self.alerts, self.appointments, self.followups), strict=True
        ):
            layout = page.layout() if page is not None else None
            if layout is not None:
                layout.addWidget(panel)
        self._titles = [tabs.tabText(i) for i in range(tabs.count())]
        self._loading = False
        self.alerts.alertActivated.connect(self.open_alert)
        self.alerts.countChanged.connect(self._alert_count)
        self.alerts.settingsRequested.connect(self.edit_settings)
        if settings is not None and bell is not None:
            # The supervisor's choice stays with this PC.
            self.alerts.sound_check.setChecked(settings.get(SOUND_SETTING) == "1")
            self.alerts.sound_check.toggled.connect(
                lambda on: settings.set(SOUND_SETTING, "1" if on else "0")
            )
        self.followups.countChanged.connect(self._followup_count)
        self.followups.followupSaved.connect(lambda _r: self.refresh_alerts())
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(EVENT_DEBOUNCE_MS)
        self._soon.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        QTimer.singleShot(0, self.refresh)

    def stop(self) -> None:
        self._timer.stop()
        self._soon.stop()

    # --- loading ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Alerts, today's appointments and the open 差评, one request each."""
        self.refresh_alerts()
        self._runner.start(
            lambda: self._server().appointments_today(),
            on_success=self.appointments.show_day,
            on_failure=lambda exc: self.appointments.show_failure(self._reason(exc)),
        )
        self.followups.refresh()

    @Slot()
    def refresh_alerts(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._runner.start(
            lambda: self._server().hall_alerts(),
            on_success=self._alerts_loaded,
            on_failure=self._alerts_failed,
        )

    def on_event(self, kind: str) -> None:
        if kind in ALERT_EVENTS and not self._soon.isActive():
            self._soon.start()

    def _alerts_loaded(self, answer: HallAlerts) -> None:
        self._loading = False
        self.alerts.show_alerts(answer)
        self.alertsApplied.emit(answer)

    def _alerts_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.alerts.show_failure(self._reason(exc))

    @staticmethod
    def _reason(exc: BaseException) -> str:
        return str(getattr(exc, "detail", "") or exc)

    def _alert_count(self, count: int) -> None:
        self._set_count(1, count)
        self.alertCountChanged.emit(count)

    def _followup_count(self, count: int) -> None:
        self._set_count(3, count)

    def _set_count(self, index: int, count: int) -> None:
        title = self._titles[index]
        self._tabs.setTabText(index, f"{title} ({count})" if count else title)

    # --- going to the thing itself -------------------------------------------------------------

    @Slot(object)
    def open_alert(self, alert: HallAlert) -> None:
        if alert.kind is AlertKind.WINDOW_PAUSED and alert.window_no is not None:
            self._tabs.setCurrentIndex(0)
            self.windowRequested.emit(alert.window_no)
        elif alert.kind is AlertKind.QUEUE_WAIT and alert.queue_code:
            self._tabs.setCurrentIndex(0)
            self.queueRequested.emit(alert.queue_code)
        elif alert.kind is AlertKind.RATING_FOLLOWUP and alert.rating_id is not None:
            self._tabs.setCurrentIndex(3)
            self.followups.open_rating(alert.rating_id)
        elif alert.case_number:
            self.open_case(alert.case_number)

    def open_case(self, number: str) -> None:
        """The case as the server holds it (another window's too); the read is audited."""

        def loaded(data: dict[str, Any]) -> None:
            try:
                case = Case.from_dict(data)
            except (KeyError, TypeError, ValueError) as exc:
                self.message.emit(str(exc), True)
                return
            self.caseOpened.emit(case)

        self._runner.start(
            lambda: self._server().case_document(number, CASE_READ_REASON),
            on_success=loaded,
            on_failure=lambda exc: self.message.emit(self._reason(exc), True),
        )

    @Slot()
    def edit_settings(self) -> None:
        settings = self.alerts.settings
        if settings is None:
            return
        wanted = AlertSettingsDialog.ask(self._parent, settings)
        if wanted is None:
            return
        self._runner.start(
            lambda: self._server().save_alert_settings(wanted),
            on_success=lambda _s: self.refresh_alerts(),
            on_failure=lambda exc: self.message.emit(self._reason(exc), True),
        )
