"""The main window's status bar: online or not, the sync state, the captured files' upload,
messages, the catalog's version, who is logged in where, and (for staff who write no cases)
why 受理/出件 are off.

Its strings are the main window's (translation context ``MainWindow``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar

from clerk_app.ui.sync_status import SyncStatusWidget, UploadStatusWidget

if TYPE_CHECKING:
    from clerk_app.sync.engine import SyncStatus
    from clerk_app.ui.context import WindowContext


def offline_saved() -> str:
    return QCoreApplication.translate("MainWindow", "案件已保存在本机，网络恢复后自动上传")


def refused() -> str:
    """The start of the refusal message in show_sync (its English must start alike)."""
    return QCoreApplication.translate("MainWindow", "中心服务器拒绝上传")


class StatusLine:
    """The labels of ``bar``, and what they say."""

    def __init__(self, bar: QStatusBar, context: WindowContext, no_cases_reason: str) -> None:
        """``no_cases_reason``: empty for staff who write cases, else shown in red."""
        self._context = context
        self.online = self._label(bar, "status_online")
        self.sync_status = SyncStatusWidget(context.store, bar)
        # Captured files on their way; not for staff who write no cases (the help desk never
        # sees files, and its status bar is full with why 受理 is off).
        self.upload_status: UploadStatusWidget | None = None
        if not no_cases_reason:
            self.upload_status = UploadStatusWidget(context.store, bar, clerk=context.user.username)
            # A sync round may have sent files or had them refused.
            self.sync_status.statusChanged.connect(self.upload_status.refresh)
        self.message = self._label(bar, "status_sync")  # login notes, sync trouble
        self.catalog = self._label(bar, "status_catalog")
        self.user = self._label(bar, "status_user")
        bar.addWidget(self.online)
        bar.addWidget(self.sync_status)
        if self.upload_status is not None:
            bar.addWidget(self.upload_status)
        bar.addWidget(self.message, 1)
        self.role: QLabel | None = None
        if no_cases_reason:
            self.role = self._label(bar, "status_role")
            self.role.setText(no_cases_reason)
            self.role.setProperty("role", "error")
            bar.addPermanentWidget(self.role)
        bar.addPermanentWidget(self.catalog)
        bar.addPermanentWidget(self.user)
        user = context.user
        self.user.setText(
            QCoreApplication.translate("MainWindow", "%1 · %2 · %3")
            .replace("%1", user.display_name)
            .replace("%2", user.username)
            .replace("%3", context.window_label)
        )
        self.refresh_catalog()
        # Online, the sync indicator says 在线/离线 itself; the label stays for offline logins.
        self.online.setVisible(context.client is None)

    @staticmethod
    def _label(bar: QStatusBar, name: str) -> QLabel:
        label = QLabel(bar)
        label.setObjectName(name)
        return label

    def refresh_catalog(self) -> None:
        catalog = self._context.store.catalog
        self.catalog.setText(
            QCoreApplication.translate("MainWindow", "事项目录 %1（%2 项）")
            .replace("%1", catalog.version() or QCoreApplication.translate("MainWindow", "无"))
            .replace("%2", str(catalog.item_count()))
        )

    def set_online(self, online: bool) -> None:
        if online:
            self.online.setText(QCoreApplication.translate("MainWindow", "● 在线"))
        elif self._context.client is None:
            self.online.setText(
                QCoreApplication.translate("MainWindow", "● 离线登录：案件保存在本机")
            )
        else:
            self.online.setText(
                QCoreApplication.translate("MainWindow", "● 服务器无法连接：案件保存在本机")
            )
        self.online.setProperty("online", "true" if online else "false")
        self.online.style().unpolish(self.online)
        self.online.style().polish(self.online)

    def show_sync(self, status: SyncStatus) -> None:
        """A round of the sync engine: trouble said until a round goes through."""
        self.set_online(status.online)
        if not status.online:
            self.message.setText(offline_saved())
        elif status.refused:
            self.message.setText(
                QCoreApplication.translate(
                    "MainWindow", "中心服务器拒绝上传（已停止自动重试，数据保留在本机）：%1"
                ).replace("%1", status.refused)
            )
        elif status.error:
            self.message.setText(
                QCoreApplication.translate(
                    "MainWindow", "同步未完成（案件已保存在本机）：%1"
                ).replace("%1", status.error)
            )
        elif self.message.text() == offline_saved() or self.message.text().startswith(refused()):
            self.message.setText(QCoreApplication.translate("MainWindow", "已与中心同步"))
        self.refresh_catalog()  # a pull may have brought catalog changes
