"""账户 → 修改密码…: local checks with the server's rules, the server's refusals in Chinese, the
offline answer, and a change that ends every session and brings the clerk back to the login,
where the old password opens nothing (online or from the offline cache) and the new one does.

Against a real embedded demo server of this module's own (the password changes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QWidget

from clerk_app.domain.passwords import POLICY_TEXT
from clerk_app.sync.client import ApiError, CentralClient
from clerk_app.ui.app import ClerkShell
from clerk_app.ui.login import LoginDialog
from clerk_app.ui.main_window import MainWindow
from clerk_app.ui.password import OFFLINE_TEXT, ChangePasswordDialog
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.test_shell_i18n import english  # noqa: F401  (the compiled English fixture)

NEW_PASSWORD = "Counter#2027"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("password-central") / "central.sqlite3"
    with start_embedded(f"sqlite:///{db}", init_demo=True) as embedded:
        yield embedded


def _dialog(qtbot: Any, context: Any, runner: Any) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(context, runner=runner)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _fill(qtbot: Any, dialog: ChangePasswordDialog, old: str, new: str, confirm: str) -> None:
    for field, text in (
        (dialog.old_password, old),
        (dialog.new_password, new),
        (dialog.confirm_password, confirm),
    ):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.keyClick(dialog.confirm_password, Qt.Key.Key_Return)


def _wait_message(qtbot: Any, dialog: ChangePasswordDialog, text: str) -> str:
    qtbot.waitUntil(lambda: text in dialog.message.text(), timeout=TIMEOUT)
    qtbot.waitUntil(dialog.change_button.isEnabled, timeout=10_000)
    return str(dialog.message.text())


def test_offline_the_dialog_says_it_needs_the_server(qtbot: Any, context: Any) -> None:
    dialog = _dialog(qtbot, context, None)
    assert dialog.message.text() == OFFLINE_TEXT
    assert not dialog.old_password.isEnabled() and not dialog.change_button.isEnabled()
    assert dialog.cancel_button.isEnabled()
    assert POLICY_TEXT in dialog.policy.text()


def test_local_checks_and_server_refusals(
    qtbot: Any, context: Any, runner: Any, server: Any
) -> None:
    client = CentralClient(server.base_url)
    client.login("clerk01", DEMO_PASSWORD, 1)
    dialog = _dialog(qtbot, replace(context, client=client), runner)
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit) or widget in (dialog.change_button, dialog.message):
            assert widget.objectName(), widget
    assert "至少8位" in dialog.policy.text() and "不能包含用户名" in dialog.policy.text()

    # Weak or mistyped: said at once, nothing sent.
    _fill(qtbot, dialog, DEMO_PASSWORD, "abcdefgh", "abcdefgh")
    assert dialog.message.text() == "密码须包含大写字母、小写字母、数字、符号中的至少三类"
    assert dialog.new_password.hasFocus() and not runner.busy
    _fill(qtbot, dialog, DEMO_PASSWORD, "Short#1", "Short#1")
    assert dialog.message.text() == "密码至少8位"
    _fill(qtbot, dialog, DEMO_PASSWORD, "Clerk01#abc", "Clerk01#abc")
    assert dialog.message.text() == "密码不能包含用户名"
    _fill(qtbot, dialog, DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert dialog.message.text() == "两次输入的新密码不一致"
    assert dialog.confirm_password.hasFocus() and not runner.busy

    # The server's refusals, in its own words.
    _fill(qtbot, dialog, "Not-the-Old1", NEW_PASSWORD, NEW_PASSWORD)
    assert _wait_message(qtbot, dialog, "原密码") == "原密码不正确"
    assert dialog.old_password.hasFocus()
    _fill(qtbot, dialog, DEMO_PASSWORD, DEMO_PASSWORD, DEMO_PASSWORD)
    assert _wait_message(qtbot, dialog, "相同") == "新密码不能与原密码相同"
    assert not dialog.changed and dialog.isVisible()
    # Nothing changed: the session still works and the password is the old one.
    assert client.hall_config("HS01")
    client.logout()


def test_change_ends_the_session_and_returns_to_login(
    qtbot: Any, catalog_store: Any, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shell = ClerkShell(catalog_store, lambda: CentralClient(server.base_url), window_no=2)
    login = shell.show_login()
    login.username.setText("clerk02")
    login.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(shell.mainWindowShown, timeout=TIMEOUT) as shown:
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    window: MainWindow = shown.args[0]
    old_client = window.context.client
    assert old_client is not None and old_client.token
    old_token = old_client.token

    # The real dialog, driven instead of exec()'d (exec would block the test).
    seen: list[ChangePasswordDialog] = []

    def drive(cls: type[ChangePasswordDialog], context: Any, parent: QWidget) -> bool:
        dialog = cls(context, parent)
        seen.append(dialog)
        dialog.show()
        _fill(qtbot, dialog, DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
        qtbot.waitUntil(lambda: dialog.changed, timeout=TIMEOUT)
        assert "所有登录均已结束" in dialog.message.text()
        assert dialog.change_button.text() == "重新登录" and dialog.change_button.hasFocus()
        qtbot.keyClick(dialog.change_button, Qt.Key.Key_Return)
        assert dialog.result() == dialog.DialogCode.Accepted
        return dialog.changed

    monkeypatch.setattr(ChangePasswordDialog, "ask", classmethod(drive))
    menu = window.findChild(QMenu, "menu_account")
    assert menu is not None and window.action_change_password in menu.actions()
    assert window.action_change_password.objectName() == "action_change_password"
    window.action_change_password.trigger()
    assert seen

    # Back at the login, the main window gone.
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.main_window is None)
    again: LoginDialog = shell.login_dialog  # type: ignore[assignment]
    again.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(again)
    assert again.isVisible() and again.username.text() == "clerk02"

    # The session ended on the server: the old token opens nothing.
    assert old_client.token is None  # the client forgot it
    probe = CentralClient(server.base_url)
    probe.token = old_token
    with pytest.raises(ApiError) as ended:
        probe.hall_config("HS01")
    assert ended.value.status == 401
    # The old password: refused online and no longer in the offline cache; the new one works.
    assert catalog_store.logins.check("clerk02", DEMO_PASSWORD) is None
    assert catalog_store.logins.check("clerk02", NEW_PASSWORD) is not None
    with pytest.raises(ApiError) as refused:
        CentralClient(server.base_url).login("clerk02", DEMO_PASSWORD, 2)
    assert refused.value.detail == "用户名或密码错误"
    again.password.setText(DEMO_PASSWORD)
    qtbot.keyClick(again.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "用户名或密码错误" in again.message.text(), timeout=TIMEOUT)
    again.password.setText(NEW_PASSWORD)
    with qtbot.waitSignal(shell.mainWindowShown, timeout=TIMEOUT) as shown_again:
        qtbot.keyClick(again.password, Qt.Key.Key_Return)
    second: MainWindow = shown_again.args[0]
    second.close()
    QApplication.processEvents()


@pytest.mark.usefixtures("english")
def test_english_translation(qtbot: Any, context: Any, runner: Any) -> None:
    dialog = _dialog(qtbot, context, runner)
    assert dialog.windowTitle() == "Change password"
    assert dialog.policy.text().startswith("Password rules: at least 8 characters")
    assert dialog.message.text().startswith("The password can only be changed while connected")
    window = MainWindow(context, runner=runner, acceptance_factory=None)
    qtbot.addWidget(window)
    assert window.action_change_password.text() == "Change password…"
