"""账户 → 修改密码…: the clerk changes their own password at the counter.

The new password is checked here first with the server's own rules (domain/passwords.py) for a
clear message, then sent off the GUI thread. The server ends every session of the account, this
one too, so after a change the clerk is sent back to the login screen (the window's ordinary
logout path) to log in with the new password. The offline login cache takes the new password
as well: the old one opens nothing any more, online or offline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clerk_app.domain.passwords import POLICY_TEXT, password_problem
from clerk_app.store.local import LocalStore
from clerk_app.store.logins import CachedUser
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.ui.context import WindowContext
from clerk_app.ui.forms.ui_change_password import Ui_ChangePasswordDialog
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.ui.main_window import MainWindow

OFFLINE_TEXT = str(
    QT_TRANSLATE_NOOP(
        "ChangePasswordDialog", "只有连接中心服务器时才能修改密码，当前为离线状态，请联网后再试"
    )
)
DONE_TEXT = str(
    QT_TRANSLATE_NOOP(
        "ChangePasswordDialog", "密码已修改。本账户的所有登录均已结束，请用新密码重新登录。"
    )
)
# The policy's texts come from domain/passwords.py (no Qt there) and are shown through
# self.tr: named here for lupdate (tests/ui/test_translation_complete.py keeps them in step).
DOMAIN_TEXTS = (
    QT_TRANSLATE_NOOP(
        "ChangePasswordDialog",
        "至少8位，至少含大写字母、小写字母、数字、符号中的三类，不能包含用户名",
    ),
    QT_TRANSLATE_NOOP("ChangePasswordDialog", "密码至少8位"),
    QT_TRANSLATE_NOOP(
        "ChangePasswordDialog", "密码须包含大写字母、小写字母、数字、符号中的至少三类"
    ),
    QT_TRANSLATE_NOOP("ChangePasswordDialog", "密码不能包含用户名"),
)


def send_password_change(
    client: CentralClient, store: LocalStore, user: CachedUser, old: str, new: str
) -> None:
    """On a pool thread: the server changes the password (and ends every session), then the
    offline login cache takes the new one instead of the old."""
    client.change_password(old, new)
    store.logins.remember(user, new)


class ChangePasswordDialog(QDialog):
    """原密码 / 新密码 / 确认新密码 with the policy beneath. ``changed`` tells the caller that
    the password is now the new one (and every session of the account has ended)."""

    def __init__(
        self,
        context: WindowContext,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.changed = False
        self._runner = runner or TaskRunner(parent=self)

        self.form = Ui_ChangePasswordDialog()
        self.form.setupUi(self)
        self.old_password = self.form.password_old
        self.new_password = self.form.password_new
        self.confirm_password = self.form.password_confirm
        self.policy = self.form.password_policy
        self.policy.setText(self.tr("密码要求：%1").replace("%1", self.tr(POLICY_TEXT)))
        self.message = self.form.password_message
        buttons = self.form.password_buttons
        self.change_button: QPushButton = buttons.addButton(
            self.tr("修改密码"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.change_button.setObjectName("password_change_button")
        self.change_button.setDefault(True)
        self.cancel_button: QPushButton = buttons.addButton(
            self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("password_cancel_button")
        self.change_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

        self._inputs = (self.old_password, self.new_password, self.confirm_password)
        if context.client is None:
            for widget in (*self._inputs, self.change_button):
                widget.setEnabled(False)
            self.cancel_button.setText(self.tr("关闭"))
            self.show_message(self.tr(OFFLINE_TEXT))
        else:
            self.old_password.setFocus()

    @classmethod
    def ask(cls, context: WindowContext, parent: QWidget) -> bool:
        """Shows the dialog (modal); True when the password was changed. Tests patch this."""
        dialog = cls(context, parent)
        dialog.exec()
        changed = dialog.changed
        dialog.deleteLater()
        return changed

    def show_message(self, text: str, role: str = "error") -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.show_message(text)
        field.setFocus()
        field.selectAll()

    @Slot()
    def submit(self) -> None:
        if self.changed:  # the button now reads 重新登录
            self.accept()
            return
        client = self.context.client
        if client is None or self._runner.busy:
            return
        old, new = self.old_password.text(), self.new_password.text()
        if not old:
            self._refuse(self.tr("请输入原密码"), self.old_password)
            return
        if not new:
            self._refuse(self.tr("请输入新密码"), self.new_password)
            return
        problem = password_problem(new, self.context.user.username)
        if problem is not None:
            self._refuse(self.tr(problem), self.new_password)
            return
        if self.confirm_password.text() != new:
            self._refuse(self.tr("两次输入的新密码不一致"), self.confirm_password)
            return
        self._set_busy(True)
        self.show_message(self.tr("正在提交…"), "hint")
        self._runner.start(
            send_password_change,
            client,
            self.context.store,
            self.context.user,
            old,
            new,
            on_success=self._changed,
            on_failure=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in (*self._inputs, self.change_button, self.cancel_button):
            widget.setEnabled(not busy)

    def _changed(self, _result: object) -> None:
        self.changed = True
        self._set_busy(False)
        for widget in self._inputs:
            widget.clear()
            widget.setEnabled(False)
        self.cancel_button.hide()
        self.change_button.setText(self.tr("重新登录"))
        self.change_button.setFocus()
        self.show_message(self.tr(DONE_TEXT), "ok")

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ApiError):
            wrong_old = exc.status == 403 and "原密码" in exc.detail
            self._refuse(exc.detail, self.old_password if wrong_old else self.new_password)
        elif isinstance(exc, OfflineError):
            self._refuse(
                self.tr("中心服务器暂时无法连接，只有连接中心服务器时才能修改密码，请稍后再试"),
                self.old_password,
            )
        else:
            self._refuse(self.tr("修改密码失败：%1").replace("%1", str(exc)), self.old_password)

    def reject(self) -> None:
        if self._runner.busy:  # the answer is on its way; closing now would hide it
            return
        super().reject()


def change_password(window: MainWindow) -> None:
    """The menu entry: after a change every session has ended, so the clerk logs in again."""
    if ChangePasswordDialog.ask(window.context, window):
        window.request_logout()
