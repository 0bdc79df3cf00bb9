"""Login at a window: online against the central server, offline from the local login cache.

The network call, the password hash and the catalog download run on a pool thread; the dialog
only shows what happened in the clerk's words. After a successful login the local catalog is
brought up to the server's version (with a progress dialog) before the main window opens.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHeaderView,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from clerk_app.contract.halls import HallInfoOut, HallOut
from clerk_app.ui.forms.ui_login import Ui_LoginDialog
from clerk_app.ui.forms.ui_login_demo import Ui_LoginDemoPanel
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.store.local import LocalStore
    from clerk_app.store.logins import CachedUser
    from clerk_app.sync.client import CentralClient

log = logging.getLogger(__name__)

ROLE_LABELS = {
    "clerk": str(QT_TRANSLATE_NOOP("LoginDialog", "窗口人员")),
    "helpdesk": str(QT_TRANSLATE_NOOP("LoginDialog", "帮办")),
    "supervisor": str(QT_TRANSLATE_NOOP("LoginDialog", "大厅管理")),
    "admin": str(QT_TRANSLATE_NOOP("LoginDialog", "系统管理员")),
    "department": str(QT_TRANSLATE_NOOP("LoginDialog", "部门审批")),
}

OFFLINE_MESSAGE = str(
    QT_TRANSLATE_NOOP("LoginDialog", "服务器暂时无法连接，已使用本机缓存的账户离线登录")
)
NO_SERVER_MESSAGE = str(
    QT_TRANSLATE_NOOP("LoginDialog", "未配置中心服务器，已使用本机缓存的账户离线登录")
)
WINDOW_SETTING = "window_no"
LAST_USER_SETTING = "last_username"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    password: str
    window: int | None

    @property
    def role_label(self) -> str:
        label = ROLE_LABELS.get(self.role)
        return QCoreApplication.translate("LoginDialog", label) if label else self.role


def load_demo_accounts(path: Path) -> list[DemoAccount]:
    """The staff of the demo hall file (resources/demo/hall.json) and the demo admin beside it
    (admin.json: a hall file never holds an admin); empty if the hall file is missing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("demo hall file unreadable: %s", path)
        return []
    rows = list(data.get("staff", []))
    try:
        admin = json.loads((path.parent / "admin.json").read_text(encoding="utf-8"))
        rows.append({**admin, "role": "admin", "window": None})
    except (OSError, ValueError):
        pass
    accounts = []
    for row in rows:
        window = row.get("window")
        accounts.append(
            DemoAccount(
                username=str(row["username"]),
                display_name=str(row.get("display_name", row["username"])),
                role=str(row.get("role", "clerk")),
                password=str(row.get("password", "")),
                window=int(window) if window is not None else None,
            )
        )
    return accounts


class LoginFailed(Exception):
    """A login that did not succeed; ``message`` is for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    user: CachedUser
    window_no: int
    client: CentralClient | None  # None: logged in offline from the cache
    message: str = ""
    hall_config: HallOut | None = None  # None: never received on this PC

    @property
    def offline(self) -> bool:
        return self.client is None

    @property
    def window_label(self) -> str:
        windows = self.hall_config.windows if self.hall_config else []
        for window in windows:
            if window.number == self.window_no and window.label:
                return window.label
        return f"{self.window_no}号窗口"

    @property
    def hall(self) -> HallInfoOut:
        """The hall's own section (name, address, phone …); from the login when never received."""
        if self.hall_config is not None:
            return self.hall_config.hall
        return HallInfoOut(
            code=self.user.hall_code,
            name=self.user.hall_name,
            address="",
            phone="",
            public_progress_url="",
        )

    @property
    def hall_name(self) -> str:
        return self.hall.name or self.user.hall_name

    @property
    def progress_secret(self) -> str:
        return (self.hall_config.progress_secret if self.hall_config else None) or ""


# Makes the client for this login; None when no central server is configured at all.
Connect = Callable[[], "CentralClient | None"]


def resolve_store(source: LocalStore | Future[LocalStore]) -> LocalStore:
    """The store, waiting for it if it is still being opened (pool thread)."""
    if isinstance(source, Future):
        return source.result(timeout=120)
    return source


def perform_login(
    source: LocalStore | Future[LocalStore],
    connect: Connect | None,
    username: str,
    password: str,
    window_no: int,
) -> LoginOutcome:
    """Log in (runs on a pool thread). Raises :class:`LoginFailed` with the clerk's message."""
    from clerk_app.sync.client import ApiError, OfflineError

    store = resolve_store(source)

    reason_offline = "未配置中心服务器"
    configured = False
    if connect is not None:
        try:
            client = connect()
            if client is None:
                raise LookupError("no server configured")
            configured = True
            result = client.login(username, password, window_no)
        except LookupError:
            pass
        except ApiError as exc:
            raise LoginFailed(exc.detail) from exc
        except OfflineError as exc:
            reason_offline = str(exc)
        else:
            # The server places the session at the window this PC is registered for.
            window_no = result.user.window_no or window_no
            store.logins.remember(result.user, password)
            store.settings.set(WINDOW_SETTING, str(window_no))
            store.settings.set(LAST_USER_SETTING, username)
            config: HallOut | None
            try:
                config = client.hall_config(result.user.hall_code)
                store.settings.remember_hall_config(result.user.hall_code, config)
            except (ApiError, OfflineError):
                config = store.settings.hall_config(result.user.hall_code)
            return LoginOutcome(result.user, window_no, client, "", config)
    log.info("logging in offline: %s", reason_offline)
    cached = store.logins.check(username, password)
    if cached is None:
        if not configured:
            raise LoginFailed(
                QCoreApplication.translate(
                    "LoginDialog", "未配置中心服务器，且本机没有该账户的登录记录（或密码错误）"
                )
            )
        raise LoginFailed(
            QCoreApplication.translate(
                "LoginDialog",
                "服务器暂时无法连接，本机也没有该账户的登录记录（或密码错误）。"
                "请检查网络，或使用曾在本机登录过的账户",
            )
        )
    store.settings.set(WINDOW_SETTING, str(window_no))
    store.settings.set(LAST_USER_SETTING, username)
    config = store.settings.hall_config(cached.hall_code)
    message = QCoreApplication.translate(
        "LoginDialog", OFFLINE_MESSAGE if configured else NO_SERVER_MESSAGE
    )
    return LoginOutcome(cached, window_no, None, message, config)


@dataclass(frozen=True, slots=True)
class CatalogCheck:
    needed: bool
    server_version: str
    item_count: int


def check_catalog(store: LocalStore, client: CentralClient) -> CatalogCheck:
    """Whether the local catalog is empty or not the server's version (pool thread)."""
    meta = client.catalog_meta()
    server_version = meta.catalog_version
    local_version = store.catalog.version()
    needed = store.catalog.item_count() == 0 or local_version != server_version
    return CatalogCheck(needed, server_version, meta.item_count)


def download_catalog(
    store: LocalStore, client: CentralClient, progress: Callable[[int], None]
) -> int:
    return client.download_catalog(store, progress=progress)


class LoginDialog(QDialog):
    """User name, password and window number; 登录 (Enter) logs in off the GUI thread."""

    loggedIn = Signal(object)  # LoginOutcome, once the catalog is ready too
    catalogDownloadStarted = Signal(object)  # the QProgressDialog shown meanwhile
    storeReady = Signal(object)  # LocalStore, once opened

    def __init__(
        self,
        store: LocalStore | Future[LocalStore],
        connect: Connect | None,
        *,
        server_label: str = "",
        demo_accounts: list[DemoAccount] | None = None,
        window_no: int | None = None,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The store may still be opening (migrations) while the dialog already shows.
        self._store_source = store
        self._store: LocalStore | None = None
        self._connect = connect
        self._runner = runner or TaskRunner(parent=self)
        self.outcome: LoginOutcome | None = None
        self._logging_in = False
        self._progress: QProgressDialog | None = None

        self.form = Ui_LoginDialog()
        self.form.setupUi(self)
        self.username = self.form.login_username
        self.password = self.form.login_password
        self.window_spin = self.form.login_window
        self.message = self.form.login_message
        self.login_button = self.form.login_button
        self.cancel_button = self.form.login_cancel
        self.server_label = self.form.login_server
        self.server_label.setText(server_label)
        self.server_label.setVisible(bool(server_label))
        self.demo_panel: QFrame | None = None
        self.demo_list: QTreeWidget | None = None
        if demo_accounts is not None:
            self.form.login_dialog_layout.addWidget(self._build_demo_panel(demo_accounts), 1)

        self._window_given = window_no is not None
        self.window_spin.setValue(window_no or 1)

        self.login_button.clicked.connect(self._start_login)
        self.cancel_button.clicked.connect(self.reject)
        self.username.setFocus()
        if isinstance(store, Future) and not store.done():
            self._runner.start(
                resolve_store, store, on_success=self._store_ready, on_failure=self._store_failed
            )
        else:
            self._store_ready(resolve_store(store))

    @property
    def store(self) -> LocalStore | None:
        """The local store once it is open."""
        return self._store

    def _store_ready(self, store: LocalStore) -> None:
        self._store = store
        saved_window = store.settings.get(WINDOW_SETTING)
        if not self._window_given and saved_window and saved_window.isdigit():
            self.window_spin.setValue(int(saved_window))
        last_user = store.settings.get(LAST_USER_SETTING) or ""
        if last_user and not self.username.text():  # never overwrite what is being typed
            self.username.setText(last_user)
            if self.username.hasFocus():
                self.password.setFocus()
        self.storeReady.emit(store)

    def _store_failed(self, exc: BaseException) -> None:
        log.error("local store cannot be opened", exc_info=exc)
        self.show_message(
            self.tr("本机数据库无法打开：%1。请联系系统管理员").replace("%1", str(exc))
        )
        self.login_button.setEnabled(False)

    # --- demo panel -------------------------------------------------------------------------

    def _build_demo_panel(self, accounts: list[DemoAccount]) -> QFrame:
        panel = QFrame(self)
        demo = Ui_LoginDemoPanel()
        demo.setupUi(panel)
        tree = demo.demo_accounts
        for account in accounts:
            row = QTreeWidgetItem(
                [
                    account.display_name,
                    account.role_label,
                    account.username,
                    account.password,
                    str(account.window) if account.window is not None else "—",
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, account)
            tree.addTopLevelItem(row)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Wide enough to read every column without scrolling sideways: measure with the
        # theme's fonts, so polish first.
        tree.ensurePolished()
        tree.header().ensurePolished()
        tree.setMinimumWidth(
            sum(
                max(tree.sizeHintForColumn(c), tree.header().sectionSizeHint(c)) + 12
                for c in range(tree.columnCount())
            )
            + 2 * tree.frameWidth()
            + tree.verticalScrollBar().sizeHint().width()
        )
        tree.setMinimumHeight(min(len(accounts), 8) * 30 + 40)
        tree.itemClicked.connect(self._demo_chosen)
        tree.itemActivated.connect(self._demo_chosen)
        self.demo_panel = panel
        self.demo_list = tree
        return panel

    @Slot(QTreeWidgetItem, int)
    def _demo_chosen(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        account = row.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(account, DemoAccount):
            return
        self.fill_account(account)

    def fill_account(self, account: DemoAccount) -> None:
        self.username.setText(account.username)
        self.password.setText(account.password)
        if account.window is not None:
            self.window_spin.setValue(account.window)
        self.login_button.setFocus()

    # --- login -------------------------------------------------------------------------------

    def show_message(self, text: str, role: str = "error") -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._logging_in = busy
        for widget in (self.username, self.password, self.window_spin, self.login_button):
            widget.setEnabled(not busy)
        if busy:
            self.show_message(text, "hint")

    @Slot()
    def _start_login(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self.show_message(self.tr("请输入用户名"))
            self.username.setFocus()
            return
        if not password:
            self.show_message(self.tr("请输入密码"))
            self.password.setFocus()
            return
        self._set_busy(True, self.tr("正在登录…"))
        self._runner.start(
            perform_login,
            self._store_source,
            self._connect,
            username,
            password,
            self.window_spin.value(),
            on_success=self._login_succeeded,
            on_failure=self._login_failed,
        )

    def _login_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, LoginFailed):
            self.show_message(exc.message)
        else:
            log.exception("login failed", exc_info=exc)
            self.show_message(self.tr("登录出错：%1").replace("%1", str(exc)))
        self.password.selectAll()
        self.password.setFocus()

    def _login_succeeded(self, outcome: LoginOutcome) -> None:
        self.outcome = outcome
        if outcome.client is None:
            self.show_message(outcome.message, "warning")
            self._finish()
            return
        self.show_message(self.tr("登录成功，正在检查事项目录…"), "ok")
        self._store = resolve_store(self._store_source)  # done: the login used it
        self._runner.start(
            check_catalog,
            self._store,
            outcome.client,
            on_success=self._catalog_checked,
            on_failure=self._catalog_failed,
        )

    def _catalog_checked(self, check: CatalogCheck) -> None:
        if not check.needed:
            self._finish()
            return
        assert self.outcome is not None and self.outcome.client is not None
        progress = QProgressDialog(self)
        progress.setObjectName("catalog_progress")
        progress.setWindowTitle(self.tr("下载事项目录"))
        progress.setLabelText(
            self.tr("正在下载事项目录 %1（共 %2 项）…")
            .replace("%1", check.server_version)
            .replace("%2", str(check.item_count))
        )
        progress.setCancelButton(None)  # the catalog is needed
        progress.setRange(0, max(check.item_count, 0))
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setValue(0)
        self._progress = progress
        self.catalogDownloadStarted.emit(progress)
        assert self._store is not None
        self._runner.start(
            download_catalog,
            self._store,
            self.outcome.client,
            on_success=self._catalog_downloaded,
            on_failure=self._catalog_failed,
            on_progress=self._catalog_progress,
        )

    def _catalog_progress(self, value: int) -> None:
        if self._progress is None:
            return
        if value > self._progress.maximum():
            self._progress.setRange(0, 0)  # the server knew fewer items than it sends
        else:
            self._progress.setValue(value)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _catalog_downloaded(self, count: int) -> None:
        self._close_progress()
        log.info("catalog downloaded: %s items", count)
        self._finish()

    def _catalog_failed(self, exc: BaseException) -> None:
        self._close_progress()
        log.warning("catalog check/download failed: %s", exc)
        if self._store is not None and self._store.catalog.item_count() > 0:
            # The old catalog still works; the status bar shows its version.
            self._finish()
            return
        self._set_busy(False)
        self.outcome = None
        self.show_message(
            self.tr("事项目录下载失败，无法受理：%1。请稍后重新登录").replace("%1", str(exc))
        )

    def _finish(self) -> None:
        assert self.outcome is not None
        self.password.clear()  # never keep the password in the widget longer than needed
        self.loggedIn.emit(self.outcome)
        self.accept()

    def done(self, result: int) -> None:
        # Closing while a login is under way would leave its result nowhere to go.
        if result == QDialog.DialogCode.Rejected and self._logging_in:
            return
        super().done(result)
