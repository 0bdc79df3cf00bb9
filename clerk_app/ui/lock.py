"""Idle screen lock: after N minutes without input the window covers itself.

An application-wide event filter restarts a single-shot QTimer on every key, click, wheel or
mouse move. The lock is an overlay *on top of* the work: nothing underneath is closed or reset,
so whatever the clerk had typed is still there after unlocking. Only the same user can unlock
(checked against the local login cache); anybody else has to log out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QWidget,
)

from clerk_app.ui.forms.ui_lock import Ui_LockOverlay
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.store.local import LocalStore
    from clerk_app.store.logins import CachedUser

IDLE_MINUTES_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 5

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


def idle_interval_ms(store: LocalStore) -> int:
    """The lock interval from the settings (minutes, default 5); 0 or less disables the lock."""
    raw = store.settings.get(IDLE_MINUTES_SETTING)
    try:
        minutes = float(raw) if raw is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(int(minutes * 60_000), 0)


def _owned_by(widget: QWidget, host: QWidget) -> bool:
    """Whether ``host`` is among the parents of ``widget``, across dialog boundaries."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent is host:
            return True
        parent = parent.parentWidget()
    return False


class IdleWatcher(QObject):
    """Emits :attr:`idle` once after ``interval_ms`` without user input anywhere in the app."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_interval(interval_ms)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(max(interval_ms, 1))
        self._enabled = interval_ms > 0
        self.restart()

    def restart(self) -> None:
        if self._enabled:
            self._timer.start()
        else:
            self._timer.stop()

    def pause(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()  # restart: the clerk is at the keyboard
        return False


class LockOverlay(QWidget):
    """Covers ``host`` while locked; asks the same user's password."""

    unlocked = Signal()
    logoutRequested = Signal()
    lockedChanged = Signal(bool)

    def __init__(
        self,
        host: QWidget,
        store: LocalStore,
        user: CachedUser,
        *,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(host)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._host = host
        self._store = store
        self._user = user
        self._runner = runner or TaskRunner(parent=self)
        self._disabled: list[QWidget] = []
        self._hidden_dialogs: list[QDialog] = []
        self._focus_before: QWidget | None = None

        self.form = Ui_LockOverlay()
        self.form.setupUi(self)
        who = self.form.lock_who
        who.setText(who.text().replace("%1", user.display_name).replace("%2", user.username))
        self.password = self.form.lock_password
        self.password.returnPressed.connect(self._try_unlock)
        self.message = self.form.lock_message
        self.logout_button = self.form.lock_logout
        self.logout_button.clicked.connect(self.logoutRequested)
        self.unlock_button = self.form.lock_unlock
        self.unlock_button.clicked.connect(self._try_unlock)

        host.installEventFilter(self)
        self.hide()

    @property
    def is_locked(self) -> bool:
        return self.isVisibleTo(self._host)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        host = getattr(self, "_host", None)  # None while Qt tears the window down
        if isinstance(host, QWidget) and watched is host and event.type() == QEvent.Type.Resize:
            self.setGeometry(host.rect())
        return False

    @Slot()
    def lock(self) -> None:
        if self.is_locked:
            return
        focus = QApplication.focusWidget()
        self._focus_before = focus if focus is not None and self._host.isAncestorOf(focus) else None
        # Disable what is underneath so Tab and shortcuts cannot reach it; nothing is cleared.
        self._disabled = [
            child
            for child in self._host.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child is not self and child.isEnabled() and not child.isWindow()
        ]
        for child in self._disabled:
            child.setEnabled(False)
        # Dialogs of this window (a print preview, a case) would stay readable on top: hide
        # them, untouched, until the same user is back.
        self._hidden_dialogs = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QDialog) and widget.isVisible() and _owned_by(widget, self._host)
        ]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        self.message.clear()
        self.password.clear()
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.password.setFocus()
        self.lockedChanged.emit(True)

    @Slot()
    def _try_unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.message.setText(self.tr("请输入密码"))
            return
        self.unlock_button.setEnabled(False)
        self.password.setEnabled(False)
        self._runner.start(
            self._store.logins.check,
            self._user.username,
            password,
            on_success=self._checked,
            on_failure=self._check_failed,
        )

    def _checked(self, user: object) -> None:
        self.unlock_button.setEnabled(True)
        self.password.setEnabled(True)
        if user is None:
            self.message.setText(self.tr("密码错误，请重新输入；其他人员请先退出登录"))
            self.password.clear()
            self.password.setFocus()
            return
        self.unlock()

    def _check_failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password.setEnabled(True)
        self.message.setText(self.tr("无法核对密码：%1").replace("%1", str(exc)))
        self.password.setFocus()

    def unlock(self) -> None:
        self.password.clear()
        self.hide()
        for child in self._disabled:
            child.setEnabled(True)
        self._disabled = []
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []
        if self._focus_before is not None and shiboken6.isValid(self._focus_before):
            self._focus_before.setFocus()
        self.lockedChanged.emit(False)
        self.unlocked.emit()
