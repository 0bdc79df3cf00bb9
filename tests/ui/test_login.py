"""Login: online against the real embedded server, wrong password and throttle messages, the
unregistered PC's device code, the offline fallback to the local login cache, the demo account
panel, and the catalog download."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from clerk_app.store.logins import CachedUser
from clerk_app.sync.client import ApiError, CentralClient
from clerk_app.sync.device_key import DeviceKey
from clerk_app.ui.app import ClerkShell
from clerk_app.ui.login import (
    NO_SERVER_MESSAGE,
    OFFLINE_MESSAGE,
    WINDOW_SETTING,
    LoginDialog,
    LoginOutcome,
    load_demo_accounts,
)
from tests.ui.conftest import DEMO_HALL, DEMO_PASSWORD


def _dialog(
    qtbot: Any, store: Any, connect: Callable[[], CentralClient] | None, runner: Any, **kwargs: Any
) -> LoginDialog:
    dialog = LoginDialog(store, connect, runner=runner, **kwargs)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _type_login(qtbot: Any, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    dialog.password.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def _wait_message(qtbot: Any, dialog: LoginDialog, text: str) -> str:
    qtbot.waitUntil(lambda: text in dialog.message.text(), timeout=30_000)
    qtbot.waitUntil(dialog.login_button.isEnabled, timeout=10_000)
    return str(dialog.message.text())


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nobody listens there any more


@pytest.fixture
def online(central: Any) -> Callable[[], CentralClient]:
    return lambda: CentralClient(central.base_url)


def test_online_login_downloads_catalog_and_remembers(
    qtbot: Any, store: Any, runner: Any, online: Callable[[], CentralClient]
) -> None:
    assert store.catalog.item_count() == 0
    dialog = _dialog(qtbot, store, online, runner)
    progress_seen: list[QProgressDialog] = []
    dialog.catalogDownloadStarted.connect(progress_seen.append)
    with qtbot.waitSignal(dialog.loggedIn, timeout=60_000) as blocker:
        _type_login(qtbot, dialog, "clerk01", DEMO_PASSWORD)
    outcome: LoginOutcome = blocker.args[0]
    assert outcome.client is not None and not outcome.offline
    assert outcome.user.username == "clerk01" and outcome.user.display_name == "张敏"
    assert outcome.hall_name == "黄石市民之家"
    assert outcome.window_label.startswith("1号窗口")
    assert dialog.result() == dialog.DialogCode.Accepted
    # The catalog came down with the login, with a progress dialog.
    assert len(progress_seen) == 1, "the catalog download showed no progress dialog"
    meta = outcome.client.catalog_meta()
    assert store.catalog.version() == meta.catalog_version
    assert store.catalog.item_count() == meta.item_count > 0
    # The login is cached for offline use (hash only), and the window number remembered.
    assert store.logins.check("clerk01", DEMO_PASSWORD) is not None
    assert store.settings.get(WINDOW_SETTING) == "1"
    assert dialog.password.text() == ""

    # A second login finds the catalog current: no download.
    again = _dialog(qtbot, store, online, runner)
    again.catalogDownloadStarted.connect(progress_seen.append)
    with qtbot.waitSignal(again.loggedIn, timeout=60_000):
        _type_login(qtbot, again, "clerk01", DEMO_PASSWORD)
    assert progress_seen == [progress_seen[0]]


def test_wrong_password_and_unknown_user_get_the_same_answer(
    qtbot: Any, store: Any, runner: Any, online: Callable[[], CentralClient]
) -> None:
    dialog = _dialog(qtbot, store, online, runner)
    _type_login(qtbot, dialog, "clerk02", "not-the-password")
    wrong = _wait_message(qtbot, dialog, "用户名或密码错误")
    dialog.message.clear()
    _type_login(qtbot, dialog, "nobody-here", "not-the-password")
    unknown = _wait_message(qtbot, dialog, "用户名或密码错误")
    assert wrong == unknown == "用户名或密码错误"
    assert dialog.isVisible() and dialog.outcome is None
    assert dialog.password.hasFocus()


def test_repeated_failures_say_how_long_to_wait(qtbot: Any, store: Any, runner: Any) -> None:
    """The server delays, never locks: its 429 reaches the clerk as it is."""

    class Throttled(CentralClient):
        def login(self, username: str, password: str, window_no: int | None) -> Any:
            raise ApiError(429, "登录失败次数过多，请4秒后再试", retry_after=4)

    dialog = _dialog(qtbot, store, lambda: Throttled("http://127.0.0.1:9"), runner)
    _type_login(qtbot, dialog, "clerk03", "wrong-again")
    assert _wait_message(qtbot, dialog, "秒后再试") == "登录失败次数过多，请4秒后再试"
    assert dialog.outcome is None


def test_unregistered_pc_is_told_its_device_code_until_an_admin_approves(
    qtbot: Any, store: Any, runner: Any, tmp_path: Path
) -> None:
    from clerk_app.central.cli import main as central_main
    from clerk_app.central.embedded import start_embedded

    url = f"sqlite:///{tmp_path / 'central.db'}"
    key = DeviceKey.generate()
    with start_embedded(url, init_demo=True, auto_approve_devices=False) as server:
        dialog = _dialog(
            qtbot, store, lambda: CentralClient(server.base_url, device=key), runner, window_no=3
        )
        _type_login(qtbot, dialog, "clerk01", DEMO_PASSWORD)
        message = _wait_message(qtbot, dialog, "尚未登记")
        assert message == f"本机尚未登记为3号窗口，请联系管理员审批：设备码 {key.code}"
        assert dialog.outcome is None
        # The hall's admin approves the code on the server; the same login now goes through.
        assert central_main(["device", "approve", key.code, "--admin", "admin01", "--db", url]) == 0
        with qtbot.waitSignal(dialog.loggedIn, timeout=60_000) as blocker:
            _type_login(qtbot, dialog, "clerk01", DEMO_PASSWORD)
        outcome: LoginOutcome = blocker.args[0]
        assert outcome.window_no == 3 and outcome.user.window_no == 3


def test_offline_falls_back_to_cached_login(
    qtbot: Any, store: Any, runner: Any, clerk_user: CachedUser
) -> None:
    store.logins.remember(clerk_user, DEMO_PASSWORD)
    url = _closed_port_url()
    dialog = _dialog(qtbot, store, lambda: CentralClient(url, timeout=2.0), runner)
    with qtbot.waitSignal(dialog.loggedIn, timeout=60_000) as blocker:
        _type_login(qtbot, dialog, "clerk01", DEMO_PASSWORD)
    outcome: LoginOutcome = blocker.args[0]
    assert outcome.offline and outcome.client is None
    assert outcome.user == clerk_user
    assert outcome.message == OFFLINE_MESSAGE
    assert dialog.message.text() == "服务器暂时无法连接，已使用本机缓存的账户离线登录"


def test_offline_without_cache_or_with_wrong_password_is_refused(
    qtbot: Any, store: Any, runner: Any, clerk_user: CachedUser
) -> None:
    store.logins.remember(clerk_user, DEMO_PASSWORD)
    url = _closed_port_url()
    dialog = _dialog(qtbot, store, lambda: CentralClient(url, timeout=2.0), runner)
    _type_login(qtbot, dialog, "clerk01", "wrong")
    assert "服务器暂时无法连接" in _wait_message(qtbot, dialog, "没有该账户的登录记录")
    _type_login(qtbot, dialog, "someone-else", DEMO_PASSWORD)
    _wait_message(qtbot, dialog, "没有该账户的登录记录")
    assert dialog.outcome is None


def test_empty_fields_are_asked_for(qtbot: Any, store: Any, runner: Any) -> None:
    dialog = _dialog(qtbot, store, None, runner)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.message.text() == "请输入用户名"
    qtbot.keyClicks(dialog.username, "clerk01")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.message.text() == "请输入密码"
    assert dialog.password.hasFocus()
    assert not runner.busy


def test_demo_panel_only_in_demo_mode(qtbot: Any, store: Any, runner: Any) -> None:
    plain = _dialog(qtbot, store, None, runner)
    assert plain.demo_panel is None
    assert plain.findChild(QWidget, "demo_accounts") is None

    accounts = load_demo_accounts(DEMO_HALL)
    assert accounts and all(a.password for a in accounts)
    demo = _dialog(qtbot, store, None, runner, demo_accounts=accounts)
    tree = demo.demo_list
    assert tree is not None and tree.topLevelItemCount() == len(accounts)
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    roles = {row.text(1) for row in rows if row is not None}
    assert "窗口人员" in roles and "大厅管理" in roles  # role labels in Chinese
    target = next(i for i, a in enumerate(accounts) if a.window and a.window > 1)
    row = tree.topLevelItem(target)
    assert row is not None
    rect = tree.visualItemRect(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert demo.username.text() == accounts[target].username
    assert demo.password.text() == accounts[target].password
    assert demo.window_spin.value() == accounts[target].window


def test_window_number_prefilled_from_settings(qtbot: Any, store: Any, runner: Any) -> None:
    store.settings.set(WINDOW_SETTING, "7")
    assert _dialog(qtbot, store, None, runner).window_spin.value() == 7
    assert _dialog(qtbot, store, None, runner, window_no=3).window_spin.value() == 3


def test_shell_login_logout_login(qtbot: Any, catalog_store: Any, clerk_user: CachedUser) -> None:
    """Without a server: cached login → main window → Ctrl+Shift+Q → the login again."""
    catalog_store.logins.remember(clerk_user, DEMO_PASSWORD)
    shell = ClerkShell(catalog_store, None, server_label="未配置中心服务器")
    dialog = shell.show_login()
    with qtbot.waitSignal(shell.mainWindowShown, timeout=30_000) as blocker:
        _type_login(qtbot, dialog, "clerk01", DEMO_PASSWORD)
    window = blocker.args[0]  # deletes itself on logout, so qtbot does not own it
    assert window.context.user.username == "clerk01"
    assert window.context.client is None
    assert "离线" in window.status_online.text()
    assert window.status_sync.text() == NO_SERVER_MESSAGE
    window.request_logout()
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.main_window is None)
    second = shell.login_dialog
    assert second is not None and second is not dialog
    assert second.isVisible()
    assert second.username.text() == "clerk01"  # last user prefilled
    second.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(second)
