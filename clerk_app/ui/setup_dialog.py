"""The first-run setup dialog: shown when no server address is configured anywhere.

It asks for the server (tested live before it can be saved), what this PC is (a window N,
the kiosk, the hall display, the evaluator of window N), registers the PC with the server as
the server requires (a login from this PC with its device key, see ``ui/first_run.py``), the
ticket printer, the document printer and the language, a window's capture devices (the 高拍仪
among the PC's cameras, the folder a scanner's driver saves into: checked on save), and writes
the user's config file.
The same can be done without a screen: ``clerk-app setup`` (``ui/setup_cli.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from clerk_app.ui.app_config import AppPaths, AppSettings, write_config
from clerk_app.ui.first_run import (
    Registration,
    RegistrationOutcome,
    ServerCheck,
    check_server,
    device_key_path,
    normalized_server_url,
    register_device,
)
from clerk_app.ui.forms.ui_setup import Ui_SetupDialog
from clerk_app.ui.workers import TaskRunner

LANGUAGES = (("简体中文", "zh_CN"), ("English", "en_US"))
DEVICE_ROLES = ("window", "kiosk", "display", "evaluator")
NEEDS_WINDOW = frozenset({"window", "evaluator"})
# Roles that log in with the device account every day (kept in the config file).
DEVICE_ACCOUNT_ROLES = frozenset({"kiosk", "display", "evaluator"})


def _role_labels() -> dict[str, str]:
    return {
        "window": QCoreApplication.translate("SetupDialog", "窗口（窗口人员、帮办、大厅管理）"),
        "kiosk": QCoreApplication.translate("SetupDialog", "自助取号机"),
        "display": QCoreApplication.translate("SetupDialog", "大厅叫号显示屏"),
        "evaluator": QCoreApplication.translate("SetupDialog", "服务评价器"),
    }


class SetupDialog(QDialog):
    """Ask, check and write this PC's configuration (``saved`` carries the written values)."""

    saved = Signal(dict)

    def __init__(
        self,
        settings: AppSettings,
        paths: AppPaths,
        *,
        runner: TaskRunner | None = None,
        printers: list[str] | None = None,
        cameras: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``printers`` / ``cameras`` (id, description): the PC's, unless given (tests)."""
        super().__init__(parent)
        self.form = Ui_SetupDialog()
        self.form.setupUi(self)
        self._settings, self._paths = settings, paths
        self._runner = runner or TaskRunner(None, self)
        self._checked_url = ""  # the address that answered the last test
        self._asking = False  # a check or registration is on its way to the server
        self.registration: RegistrationOutcome | None = None
        form = self.form
        for role, label in _role_labels().items():
            form.setup_device.addItem(label, role)
        form.setup_document_printer.addItem(self.tr("系统默认打印机"), "")
        for name in QPrinterInfo.availablePrinterNames() if printers is None else printers:
            form.setup_document_printer.addItem(name, name)
        for label, code in LANGUAGES:
            form.setup_lang.addItem(label, code)
        form.setup_camera.addItem(self.tr("不使用高拍仪"), "")
        if cameras is None:
            from clerk_app.ui.capture.sources import camera_devices

            cameras = camera_devices()
        for device_id, description in cameras:
            form.setup_camera.addItem(description, device_id)
        form.setup_capture_status.hide()
        # Two lines kept for each message: a dialog's layout does not grow with a wrapped
        # label's height, so a longer message would be cut.
        two_lines = 2 * form.setup_register_status.fontMetrics().lineSpacing()
        for status in (form.setup_server_status, form.setup_register_status):
            status.setMinimumHeight(two_lines)
        self._fill(settings)
        form.setup_config_path.setText(
            self.tr("设置将保存到 %1").replace("%1", str(paths.user_config))
        )
        form.setup_server.textChanged.connect(self._server_edited)
        form.setup_test_server.clicked.connect(self.test_server)
        form.setup_register.clicked.connect(self.register)
        form.setup_device.currentIndexChanged.connect(self._role_changed)
        form.setup_scan_browse.clicked.connect(self.browse_scan_folder)
        form.setup_scan_folder.textChanged.connect(form.setup_capture_status.hide)
        form.setup_save.clicked.connect(self.save)
        form.setup_cancel.clicked.connect(self.reject)
        self._role_changed()
        self._update_buttons()

    def _fill(self, settings: AppSettings) -> None:
        form = self.form
        form.setup_server.setText(settings.server_url)
        form.setup_hall.setText(settings.hall)
        form.setup_device.setCurrentIndex(DEVICE_ROLES.index(settings.device))
        form.setup_window.setValue(settings.window or 1)
        form.setup_user.setText(settings.kiosk_user)
        form.setup_ticket_printer.setText(settings.ticket_printer)
        if settings.document_printer:
            found = form.setup_document_printer.findData(settings.document_printer)
            if found < 0:  # not installed (yet): kept as typed
                form.setup_document_printer.setEditText(settings.document_printer)
            else:
                form.setup_document_printer.setCurrentIndex(found)
        form.setup_lang.setCurrentIndex(max(form.setup_lang.findData(settings.lang), 0))
        if settings.camera_device:
            found = form.setup_camera.findData(settings.camera_device)
            if found < 0:  # configured, but not plugged in now: kept
                form.setup_camera.addItem(
                    self.tr("%1（未连接）").replace("%1", settings.camera_device),
                    settings.camera_device,
                )
                found = form.setup_camera.count() - 1
            form.setup_camera.setCurrentIndex(found)
        form.setup_scan_folder.setText(str(settings.scan_folder or ""))
        form.setup_scan_take_existing.setChecked(settings.scan_take_existing)

    # ------------------------------------------------------------ state

    @property
    def role(self) -> str:
        return str(self.form.setup_device.currentData())

    @property
    def window_no(self) -> int | None:
        return self.form.setup_window.value() if self.role in NEEDS_WINDOW else None

    @property
    def server_url(self) -> str:
        return normalized_server_url(self.form.setup_server.text())

    @property
    def server_ok(self) -> bool:
        return bool(self._checked_url) and self._checked_url == self.server_url

    def _server_edited(self) -> None:
        self.form.setup_server_status.clear()
        self._update_buttons()

    def _role_changed(self) -> None:
        self.form.setup_window.setEnabled(self.role in NEEDS_WINDOW)
        self.form.setup_capture_group.setEnabled(self.role == "window")
        self.registration = None
        self.form.setup_register_status.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._asking
        self.form.setup_test_server.setEnabled(bool(self.server_url) and not busy)
        self.form.setup_register.setEnabled(self.server_ok and not busy)
        self.form.setup_save.setEnabled(self.server_ok and not busy)

    # ------------------------------------------------------------ actions

    def test_server(self) -> None:
        url = self.server_url
        self.form.setup_server_status.setText(self.tr("正在连接 %1 …").replace("%1", url))

        def done(check: ServerCheck) -> None:
            self._asking = False
            self._checked_url = url if check.ok else ""
            self.form.setup_server_status.setText(check.message)
            self._update_buttons()

        self._asking = True
        self._runner.start(check_server, url, on_success=done, on_failure=self._failed)
        self._update_buttons()

    def register(self) -> None:
        """Log in once from this PC in its role: the server registers (or knows) it."""
        from clerk_app.sync.device_key import load_or_create

        user, password = self.form.setup_user.text().strip(), self.form.setup_password.text()
        if not user or not password:
            self.form.setup_register_status.setText(self.tr("请填写登记本机所用的账号和密码"))
            return
        key_path = device_key_path(self._settings.data_root(self._paths), self.role, self.window_no)

        def work() -> RegistrationOutcome:
            key = load_or_create(key_path)
            return register_device(self.server_url, self.role, self.window_no, user, password, key)

        def done(outcome: RegistrationOutcome) -> None:
            self._asking = False
            self.registration = outcome
            self.form.setup_register_status.setText(outcome.message)
            if outcome.hall and not self.form.setup_hall.text().strip():
                self.form.setup_hall.setText(outcome.hall)
            self._update_buttons()

        self.form.setup_register_status.setText(self.tr("正在登记…"))
        self._asking = True
        self._runner.start(work, on_success=done, on_failure=self._failed)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._asking = False
        self.form.setup_register_status.setText(str(exc))
        self._update_buttons()

    def values(self) -> dict[str, Any]:
        """What the dialog would write (the config file's keys)."""
        form = self.form
        chosen: dict[str, Any] = {
            "server_url": self.server_url,
            "hall": form.setup_hall.text().strip(),
            "device": self.role,
            "window": self.window_no,
            "ticket_printer": form.setup_ticket_printer.text().strip(),
            "document_printer": self._document_printer(),
            "lang": str(form.setup_lang.currentData()),
        }
        if self.role in DEVICE_ACCOUNT_ROLES:
            chosen["kiosk_user"] = form.setup_user.text().strip()
            chosen["kiosk_password"] = form.setup_password.text()
        if self.role == "window":
            folder = form.setup_scan_folder.text().strip()
            chosen["camera_device"] = str(form.setup_camera.currentData() or "")
            chosen["scan_folder"] = str(Path(folder).expanduser()) if folder else ""
            chosen["scan_take_existing"] = form.setup_scan_take_existing.isChecked()
        return chosen

    def browse_scan_folder(self) -> None:
        start = self.form.setup_scan_folder.text().strip() or str(Path.home())
        folder = self.ask_folder(start)
        if folder:
            self.form.setup_scan_folder.setText(str(Path(folder)))

    def ask_folder(self, start: str) -> str:
        """The folder the user picks ("" = cancelled); the tests replace it."""
        return QFileDialog.getExistingDirectory(self, self.tr("选择扫描仪文件夹"), start)

    def _capture_problem(self, chosen: dict[str, Any]) -> str:
        """Why the scanner folder cannot be used ("" = it can, or none is set)."""
        folder = chosen.get("scan_folder") or ""
        if not folder:
            return ""
        path = Path(folder)
        if not path.is_dir():
            return self.tr(
                "扫描仪文件夹不存在：%1。请先建好（或接通网络共享），或清空此项"
            ).replace("%1", folder)
        if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
            return self.tr(
                "扫描仪文件夹 %1 无法读写：取走的文件要移到其中的子文件夹，请给本机用户读写权限"
            ).replace("%1", folder)
        return ""

    def _document_printer(self) -> str:
        """The chosen printer's name ("" = the system's default); a typed name is kept."""
        combo = self.form.setup_document_printer
        index = combo.findText(combo.currentText())
        return str(combo.itemData(index) or "") if index >= 0 else combo.currentText().strip()

    def _missing(self, chosen: dict[str, Any]) -> str:
        if not self.server_ok:
            return self.tr("请先测试服务器连接")
        if self.role in DEVICE_ACCOUNT_ROLES:
            if not chosen["kiosk_user"] or not chosen["kiosk_password"]:
                return self.tr("取号机、显示屏和评价器每天用设备账号登录：请填写账号和密码")
            if not chosen["hall"]:
                return self.tr("请填写大厅编码（或先申请登记本机，按账号自动填写）")
        if self.registration is not None and self.registration.state is Registration.REFUSED:
            return self.tr("登记未成功：%1").replace("%1", self.registration.message)
        return ""

    def save(self) -> None:
        chosen = self.values()
        problem = self._missing(chosen)
        if problem:
            self.form.setup_register_status.setText(problem)
            return
        problem = self._capture_problem(chosen)
        if problem:
            status = self.form.setup_capture_status
            status.setText(problem)
            status.setProperty("role", "error")
            status.style().unpolish(status)
            status.style().polish(status)
            status.show()
            self.form.setup_scan_folder.setFocus()
            return
        try:
            write_config(self._paths.user_config, chosen)
        except (OSError, ValueError) as exc:
            self.form.setup_register_status.setText(
                self.tr("无法保存设置：%1").replace("%1", str(exc))
            )
            return
        self.saved.emit(chosen)
        self.accept()


def first_run_setup(app: QApplication, settings: AppSettings, paths: AppPaths) -> bool:
    """Show the setup dialog; True once the configuration was saved."""
    dialog = SetupDialog(settings, paths)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    app.processEvents()
    return accepted
