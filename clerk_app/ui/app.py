"""QApplication set-up: a CJK-capable font, the counter-screen theme and translations."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QLocale,
    QObject,
    Qt,
    QThreadPool,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from clerk_app.ui.i18n import install_translators, resources_dir

if TYPE_CHECKING:
    from clerk_app.contract.halls import HallOut
    from clerk_app.domain.workdays import WorkdayCalendar
    from clerk_app.store.local import LocalStore
    from clerk_app.sync.client import CentralClient
    from clerk_app.ui.app_config import CaptureDevices
    from clerk_app.ui.login import DemoAccount, LoginDialog, LoginOutcome
    from clerk_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

APP_NAME = "clerk-app"
ORGANISATION = "clerk-app"

# In order of preference: what Chinese Windows PCs ship, then the common Linux CJK fonts.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "SimHei",
)

_translators: list[QTranslator] = []

BASE_POINT_SIZE = 12  # counter screens are read from half a metre; 12 pt stays readable


def pick_cjk_family(available: Sequence[str] | None = None) -> str | None:
    """The first installed family of :data:`CJK_FAMILIES`, or None if none is installed."""
    families = set(available if available is not None else QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            return family
    return None


def load_stylesheet() -> str:
    """The theme, with ``@QSS_DIR@`` pointing at its icons (Qt resolves url() by the cwd)."""
    directory = resources_dir() / "qss"
    try:
        text = (directory / "clerk.qss").read_text(encoding="utf-8")
    except OSError:
        return ""  # an unstyled window still works
    return text.replace("@QSS_DIR@", directory.as_posix())


def add_bundled_fonts() -> None:
    """The CJK font a frozen build carries (resources/fonts): a PC without one installed still
    shows Chinese. Fonts already installed keep their priority (CJK_FAMILIES' order)."""
    for path in sorted((resources_dir() / "fonts").glob("*.tt[cf]")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font %s could not be loaded", path.name)


def apply_look(app: QApplication) -> None:
    """Font and theme; also used by tests and screenshots so they see what clerks see."""
    add_bundled_fonts()
    font = QFont(app.font())
    family = pick_cjk_family()
    if family is not None:
        font.setFamilies([family, *CJK_FAMILIES])
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyle("Fusion")  # the same look on every platform, so the .qss renders alike
    app.setStyleSheet(load_stylesheet())


def create_application(argv: Sequence[str], locale: QLocale | None = None) -> QApplication:
    """The one QApplication of the process, themed and translated."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    translators: list[QTranslator] = install_translators(app, locale)
    _translators.extend(translators)  # a QTranslator must outlive its installation
    app.setApplicationDisplayName(app.translate("App", "综合窗口受理系统"))
    apply_look(app)
    return app


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height`` but never beyond the screen (1366×768 at many halls)."""
    screen = widget.screen().availableGeometry() if widget.screen() else None
    if screen is not None:
        width = min(width, screen.width() - 40)
        height = min(height, screen.height() - 60)
    widget.resize(width, height)


class ClerkShell(QObject):
    """Login → main window → (logout) → login again, for one PC and its local store."""

    mainWindowShown = Signal(object)  # MainWindow

    def __init__(
        self,
        store: LocalStore | Future[LocalStore],
        connect: Callable[[], CentralClient | None] | None,
        *,
        server_label: str = "",
        demo_accounts: list[DemoAccount] | None = None,
        window_no: int | None = None,
        calendar: WorkdayCalendar | None = None,
        locate_server: Callable[[], str | None] | None = None,
        log_dir: Path | None = None,
        capture_devices: CaptureDevices | None = None,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        """``locate_server`` (demo): where the shared demo server answers now; ``log_dir``:
        where the app logs (帮助 › 导出诊断包 packs it)."""
        super().__init__(parent)
        self._locate_server = locate_server
        self._log_dir = log_dir
        self._capture_devices = capture_devices  # this PC's 高拍仪 / scanner folder
        self._demo = demo
        self._store_source = store
        self._connect = connect
        self._server_label = server_label
        self._demo_accounts = demo_accounts
        self._window_no = window_no
        # Given (tests, demo) or built at each login from what the server sent.
        self._given_calendar = calendar
        self.login_dialog: LoginDialog | None = None
        self.main_window: MainWindow | None = None

    @property
    def store(self) -> LocalStore:
        from clerk_app.ui.login import resolve_store

        return resolve_store(self._store_source)

    def show_login(self) -> LoginDialog:
        from clerk_app.ui.login import LoginDialog

        dialog = LoginDialog(
            self._store_source,
            self._connect,
            server_label=self._server_label,
            demo_accounts=self._demo_accounts,
            window_no=self._window_no,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.loggedIn.connect(self.open_main_window)
        dialog.rejected.connect(self._login_cancelled)
        self.login_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    @Slot()
    def _login_cancelled(self) -> None:
        self.login_dialog = None
        if self.main_window is None:
            QApplication.quit()

    @Slot(object)
    def open_main_window(self, outcome: LoginOutcome) -> MainWindow:
        from clerk_app.ui.context import WindowContext
        from clerk_app.ui.login import resolve_store
        from clerk_app.ui.main_window import MainWindow

        self.login_dialog = None
        # The server's calendar when the hall configuration brought it (one calendar for both).
        calendar = self._given_calendar
        if calendar is None:
            calendar = load_calendar(outcome.hall_config)
        self._window_no = outcome.window_no
        context = WindowContext(
            store=resolve_store(self._store_source),
            client=outcome.client,
            user=outcome.user,
            hall_code=outcome.user.hall_code,
            hall_name=outcome.hall_name,
            window_no=outcome.window_no,
            window_label=outcome.window_label,
            calendar=calendar,
            progress_page=outcome.hall.public_progress_url,
            progress_secret=outcome.progress_secret,
            hall_phone=outcome.hall.phone,
            hall_address=outcome.hall.address,
            hall_hours=outcome.hall.opening_hours,
            precheck_open_days=outcome.hall.precheck_open_days,
            log_dir=self._log_dir,
            demo=self._demo,
        )
        if self._capture_devices is not None:
            context.capture_devices = self._capture_devices
        window = MainWindow(context)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.logoutRequested.connect(self.logout)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()  # the clerk types at once, no click needed
        if outcome.message:
            window.status_sync.setText(outcome.message)
        if self._locate_server is not None and outcome.client is not None:
            window.follow_moved_server(self._locate_server)
        window.offer_draft()  # an acceptance left here by a crash or a logout
        self.mainWindowShown.emit(window)
        return window

    @Slot()
    def logout(self) -> None:
        window = self.main_window
        self.main_window = None
        self.show_login()  # first, so closing the main window does not quit the application
        if window is not None:
            client = window.context.client
            if client is not None:
                # The server ends the session too (the supervisor's board stops naming this
                # clerk at the window); off the GUI thread, and an offline server is fine.
                QThreadPool.globalInstance().start(lambda: end_server_session(client))
            window.close()

    def shutdown(self) -> None:
        QThreadPool.globalInstance().waitForDone(30_000)  # let a save or upload finish


def end_server_session(client: CentralClient) -> None:
    """Log out on the server, best effort (runs on a pool thread)."""
    from clerk_app.sync.client import ApiError, OfflineError

    try:
        client.logout()
    except (ApiError, OfflineError) as exc:
        log.info("server logout skipped: %s", exc)


def load_calendar(config: HallOut | None = None) -> WorkdayCalendar:
    """The published calendar plus the hall's override rows: those the server sent with the
    hall configuration (its own calendar), else the table shipped with the app, which is the
    server's default table too."""
    from clerk_app.domain.workdays import WorkdayCalendar, hall_calendar

    if config is not None and config.workday_overrides is not None:
        return WorkdayCalendar({row.day: row.working for row in config.workday_overrides})
    try:
        return hall_calendar(resources_dir() / "calendar" / "workday_overrides.csv")
    except ValueError:
        log.exception("working-day overrides unreadable; using the published calendar")
    return WorkdayCalendar()
