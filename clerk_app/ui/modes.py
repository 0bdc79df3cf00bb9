"""The unattended modes of clerk-app: ``--kiosk``, ``--hall-display``, ``--evaluator``.

Each ``run_*`` function is called with the QApplication already created; it shows a
"connecting" screen, logs in with the device's account on a worker thread (retrying with
backoff while the server cannot be reached), then opens its window full-screen and runs the
event loop. Ctrl+Shift+Q closes the window (maintenance staff).

Their configuration (server, hall, account, the kiosk's slip folder and ticket printer) comes
from the app's settings (``ui/app_config.py``), passed in by ``ui/main.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from clerk_app.contract.halls import HallOut
from clerk_app.sync.device_key import DeviceKey
from clerk_app.ui.forms.ui_connecting import Ui_ConnectingScreen
from clerk_app.ui.live_events import LiveEvents, event_stream_factory
from clerk_app.ui.workers import TaskRunner, serial_pool

log = logging.getLogger(__name__)

RETRY_FIRST_MS = 3_000
RETRY_MAX_MS = 60_000
RELOCATE_MS = 2_000  # while disconnected, how often a demo device looks for a moved server
QUIT_KEYS = "Ctrl+Shift+Q"


class ServerLocator:
    """Where the device's central server is. A real hall's address is fixed; the demo's
    server may come back on another port (``find`` re-reads ``demo-server.json``)."""

    def __init__(self, base_url: str, find: Callable[[], str | None] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._find = find

    @property
    def can_move(self) -> bool:
        return self._find is not None

    def moved(self) -> bool:
        """Blocking (a worker thread): True when the server now answers at a new address,
        which becomes :attr:`base_url`."""
        if self._find is None:
            return False
        url = self._find()
        if url and url.rstrip("/") != self.base_url:
            log.info("中心服务器已换到 %s", url)
            self.base_url = url.rstrip("/")
            return True
        return False

    def login(self, login: Callable[[str], DeviceSession]) -> Callable[[], DeviceSession]:
        """``login`` at the current address; unreachable there, once more where it moved."""
        from clerk_app.sync.client import OfflineError

        def attempt() -> DeviceSession:
            try:
                return login(self.base_url)
            except OfflineError:
                if not self.moved():
                    raise
                return login(self.base_url)

        return attempt


@dataclass
class DeviceSession:
    """A logged-in device: its queue client and the hall's configuration."""

    queue_client: Any  # clerk_app.sync.queue_client.QueueClient
    hall_config: HallOut

    @property
    def hall_name(self) -> str:
        return self.hall_config.hall.name

    def events(self, parent: QObject | None = None) -> LiveEvents:
        central = self.queue_client.central
        return LiveEvents(
            event_stream_factory(central.base_url, self.queue_client.hall, central.token), parent
        )


def device_login(
    base_url: str,
    hall: str,
    username: str,
    password: str,
    window_no: int | None = None,
    *,
    device: DeviceKey | None = None,
    kind: str | None = None,
) -> DeviceSession:
    """Blocking login of a kiosk, display or evaluator account (run it off the GUI thread).

    ``device``: this PC's key (an admin approves it as ``kind`` once; until then the server's
    refusal names the device code, and the connecting screen shows it while it retries)."""
    from clerk_app.sync.client import CentralClient
    from clerk_app.sync.queue_client import QueueClient

    client = CentralClient(base_url, device=device, device_kind=kind)
    client.login(username, password, window_no)
    config = client.hall_config(hall)
    return DeviceSession(QueueClient(client, hall), config)


class ConnectingScreen(QWidget):
    """Shown until the device has logged in; says plainly what is wrong while it retries."""

    connected = Signal(object)  # DeviceSession

    def __init__(
        self,
        title: str,
        login: Callable[[], DeviceSession],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = Ui_ConnectingScreen()
        self.form.setupUi(self)
        self.setWindowTitle(title)
        self.title_label = self.form.connectingTitle
        self.title_label.setText(title)
        self.status_label = self.form.connectingStatus
        self._login = login
        self._runner = TaskRunner(serial_pool(), self)
        self._retry_ms = RETRY_FIRST_MS
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.try_login)
        QTimer.singleShot(0, self.try_login)

    def try_login(self) -> None:
        self._runner.start(self._login, on_success=self.connected.emit, on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        from clerk_app.sync.client import ApiError, OfflineError

        if isinstance(exc, OfflineError):
            reason = self.tr("无法连接中心服务器")
        elif isinstance(exc, ApiError):
            reason = exc.detail
        else:
            log.exception("device login failed", exc_info=exc)
            reason = str(exc)
        seconds = self._retry_ms // 1000
        self.status_label.setText(
            self.tr("%1。%2 秒后自动重试。").replace("%1", reason).replace("%2", str(seconds))
        )
        log.warning("device login failed (%s); retry in %d s", reason, seconds)
        self._timer.start(self._retry_ms)
        self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.pool.waitForDone(10_000)


def _show(widget: QWidget, fullscreen: bool) -> None:
    if fullscreen:
        screen = widget.screen()
        if screen is not None:  # without a window manager showFullScreen alone keeps the size
            widget.setGeometry(screen.geometry())
        widget.showFullScreen()
    else:
        widget.resize(1280, 800)
        widget.show()


def _run_device(
    title: str,
    login: Callable[[], DeviceSession],
    build: Callable[[DeviceSession], tuple[QWidget, LiveEvents]],
    *,
    fullscreen: bool,
    locator: ServerLocator | None = None,
) -> int:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    quit_on_last = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(True)  # closing the device's window (Ctrl+Shift+Q) ends it
    screen = ConnectingScreen(title, login)
    holder: dict[str, QWidget] = {"screen": screen}

    def add_quit(widget: QWidget) -> None:
        shortcut = QShortcut(QKeySequence(QUIT_KEYS), widget)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(widget.close)

    # Demo: when the connection drops, look for the server at a new address and reopen the
    # device's window there (a restarted demo server gets a new port).
    keeper = QObject()
    relocating = TaskRunner(serial_pool(), keeper)
    relocate_timer = QTimer(keeper)
    relocate_timer.setSingleShot(True)
    relocate_timer.setInterval(RELOCATE_MS)

    def relocate_and_login() -> DeviceSession | None:
        assert locator is not None
        return login() if locator.moved() else None

    def relocated(session: object) -> None:
        if not shiboken6.isValid(relocate_timer):
            return  # answered after the mode ended
        if isinstance(session, DeviceSession):
            opened(session)
        elif not connected.get("now", True):
            relocate_timer.start()

    def relocate_failed(exc: BaseException) -> None:
        log.warning("relocating the central server failed: %s", exc)
        if shiboken6.isValid(relocate_timer):
            relocate_timer.start()

    relocate_timer.timeout.connect(
        lambda: relocating.start(
            relocate_and_login, on_success=relocated, on_failure=relocate_failed
        )
    )
    connected: dict[str, bool] = {}

    def connection_changed(up: bool) -> None:
        connected["now"] = up
        if not shiboken6.isValid(relocate_timer):
            return  # the mode has ended: a closing window's stream reports its last drop
        if up:
            relocate_timer.stop()
        else:
            relocate_timer.start()

    def opened(session: DeviceSession) -> None:
        old = holder.get("window")
        window, events = build(session)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        window.setProperty("serverUrl", session.queue_client.central.base_url)
        add_quit(window)
        holder["window"] = window
        _show(window, fullscreen)
        screen.hide()
        screen.shutdown()
        if old is not None:  # after the new one shows: hiding the last window would quit
            shutdown = getattr(old, "shutdown", None)
            if callable(shutdown):
                shutdown()
            old.hide()
            old.deleteLater()
        if locator is not None and locator.can_move:
            connected["now"] = True
            events.connectedChanged.connect(connection_changed)

    def quitting() -> None:
        relocate_timer.stop()
        relocating.pool.waitForDone(10_000)
        window = holder.get("window")
        shutdown = getattr(window, "shutdown", None)
        if callable(shutdown):
            shutdown()
        screen.shutdown()

    screen.connected.connect(opened)
    add_quit(screen)
    app.aboutToQuit.connect(quitting)
    _show(screen, fullscreen)
    try:
        return int(app.exec())
    finally:
        app.aboutToQuit.disconnect(quitting)
        app.setQuitOnLastWindowClosed(quit_on_last)
        for widget in holder.values():
            widget.hide()
            widget.deleteLater()
            _closed_device_widgets.append(widget)  # Qt deletes it, not Python's collector
        _closed_device_widgets[:] = [w for w in _closed_device_widgets if shiboken6.isValid(w)]


# The device windows of modes that have ended. Letting Python collect them when _run_device
# returns deleted them at once, with their tasks and event streams possibly still reporting;
# deleteLater() lets Qt delete them from its event loop, after what was queued for them.
_closed_device_widgets: list[QWidget] = []


@dataclass(frozen=True)
class HallDeviceAccount:
    """Where and as whom a kiosk, display or evaluator logs in (see ``device_login``)."""

    base_url: str
    hall: str
    username: str
    password: str
    window_no: int | None = None
    device: DeviceKey | None = None
    locate: Callable[[], str | None] | None = None


def _run_hall_device(
    title: str,
    kind: str,
    account: HallDeviceAccount,
    make_window: Callable[[DeviceSession, LiveEvents], QWidget],
    *,
    fullscreen: bool,
) -> int:
    """Log in as ``account`` (approved as a device of ``kind``), then show the window
    ``make_window`` builds on the session's event stream (the window owns the stream)."""

    def build(session: DeviceSession) -> tuple[QWidget, LiveEvents]:
        events = session.events()
        window = make_window(session, events)
        events.setParent(window)
        return window, events

    def login(url: str) -> DeviceSession:
        return device_login(
            url,
            account.hall,
            account.username,
            account.password,
            account.window_no,
            device=account.device,
            kind=kind,
        )

    locator = ServerLocator(account.base_url, account.locate)
    return _run_device(title, locator.login(login), build, fullscreen=fullscreen, locator=locator)


def run_kiosk(
    base_url: str,
    hall: str,
    username: str,
    password: str,
    *,
    slip_dir: Path,
    printer_target: str,
    fullscreen: bool = True,
    locate: Callable[[], str | None] | None = None,
    device: DeviceKey | None = None,
) -> int:
    """``clerk-app --kiosk``: the ticket kiosk (account of role ``kiosk``). ``locate`` finds the
    server again when it moved (the demo's ``demo-server.json``). ``slip_dir``: where the PDF
    copy of each slip goes; ``printer_target``: the thermal printer's ESC/POS target ("" = none)."""
    from clerk_app.devices.ticket_printer import PrinterTarget
    from clerk_app.ui.kiosk import KioskWindow, config_from_hall

    target = PrinterTarget.parse(printer_target).describe()
    log.info("取号机：凭条 PDF 保存到 %s；%s", slip_dir, target)

    def make_kiosk(session: DeviceSession, events: LiveEvents) -> QWidget:
        config = config_from_hall(
            session.hall_config, slip_dir=slip_dir, printer_target=printer_target
        )
        return KioskWindow(config, session.queue_client, events=events)

    account = HallDeviceAccount(base_url, hall, username, password, device=device, locate=locate)
    title = QApplication.translate("Modes", "自助取号")
    return _run_hall_device(title, "kiosk", account, make_kiosk, fullscreen=fullscreen)


def run_hall_display(
    base_url: str,
    hall: str,
    username: str,
    password: str,
    *,
    voice: bool = True,
    fullscreen: bool = True,
    locate: Callable[[], str | None] | None = None,
    device: DeviceKey | None = None,
) -> int:
    """``clerk-app --hall-display``: the hall's call board with voice (any hall account that
    may read the queue status, e.g. the kiosk's)."""
    from clerk_app.ui.hall_display import HallDisplay
    from clerk_app.ui.voice import Announcer, SoundChime, create_speech_engine

    def make_display(session: DeviceSession, events: LiveEvents) -> QWidget:
        announcer: Announcer | None = None
        if voice:
            engine, problem = create_speech_engine()
            announcer = Announcer(engine, SoundChime(), voice_problem=problem)
        display = HallDisplay(
            session.hall_name,
            events=events,
            status_loader=session.queue_client.queue_status,
            announcer=announcer,
            voice_reporter=session.queue_client.report_voice,
        )
        if announcer is not None:
            announcer.setParent(display)
        return display

    account = HallDeviceAccount(base_url, hall, username, password, device=device, locate=locate)
    title = QApplication.translate("Modes", "叫号显示屏")
    return _run_hall_device(title, "display", account, make_display, fullscreen=fullscreen)


def run_evaluator(
    base_url: str,
    hall: str,
    window_no: int,
    username: str,
    password: str,
    *,
    fullscreen: bool = True,
    locate: Callable[[], str | None] | None = None,
    device: DeviceKey | None = None,
) -> int:
    """``clerk-app --evaluator --window N``: the rating screen (account of role ``evaluator``
    bound to window N)."""
    from clerk_app.ui.evaluator import EvaluatorWindow

    def make_evaluator(session: DeviceSession, events: LiveEvents) -> QWidget:
        return EvaluatorWindow(session.hall_name, window_no, session.queue_client, events=events)

    account = HallDeviceAccount(
        base_url, hall, username, password, window_no, device=device, locate=locate
    )
    title = QApplication.translate("Modes", "服务评价")
    return _run_hall_device(title, "evaluator", account, make_evaluator, fullscreen=fullscreen)
