"""First run: the setup dialog against the real (embedded) central server, and ``clerk-app
setup`` for IT's scripts."""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clerk_app.sync.device_key import load_or_create
from clerk_app.ui import setup_dialog
from clerk_app.ui.app_config import AppPaths, AppSettings, write_config
from clerk_app.ui.first_run import (
    Registration,
    RegistrationOutcome,
    check_server,
    device_key_path,
    normalized_server_url,
    register_device,
)
from clerk_app.ui.main import main
from clerk_app.ui.setup_dialog import SetupDialog

PASSWORD = "Demo@2026"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """This test's PC: its config files and data folder (the app reads them through
    CLERK_CONFIG / CLERK_SYSTEM_CONFIG / CLERK_DATA_DIR too)."""
    found = AppPaths(tmp_path / "etc" / "clerk-app.toml", tmp_path / "user.toml", tmp_path / "data")
    monkeypatch.setenv("CLERK_CONFIG", str(found.user_config))
    monkeypatch.setenv("CLERK_SYSTEM_CONFIG", str(found.system_config))
    monkeypatch.setenv("CLERK_DATA_DIR", str(found.data_root))
    return found


def _dialog(qtbot: Any, paths: AppPaths) -> SetupDialog:
    dialog = SetupDialog(AppSettings.load(paths), paths, printers=["HP-LaserJet-大厅"], cameras=[])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _registration(dialog: SetupDialog) -> RegistrationOutcome | None:
    return dialog.registration


def _test_server(qtbot: Any, dialog: SetupDialog, url: str) -> None:
    dialog.form.setup_server.setText(url)
    qtbot.mouseClick(dialog.form.setup_test_server, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.setup_test_server.isEnabled(), timeout=20_000)


def test_setup_dialog_checks_the_server_registers_a_kiosk_and_saves(
    qtbot: Any, central: Any, paths: AppPaths
) -> None:
    dialog = _dialog(qtbot, paths)
    form = dialog.form
    assert not form.setup_save.isEnabled() and not form.setup_register.isEnabled()
    _test_server(qtbot, dialog, "127.0.0.1:9")  # nobody listens there
    assert "无法连接" in form.setup_server_status.text()
    assert not form.setup_save.isEnabled()
    _test_server(qtbot, dialog, central.base_url)
    assert "中心服务器在线" in form.setup_server_status.text()
    assert form.setup_save.isEnabled() and form.setup_register.isEnabled()

    form.setup_device.setCurrentIndex(form.setup_device.findData("kiosk"))
    assert not form.setup_window.isEnabled()  # a kiosk stands at no window
    qtbot.mouseClick(form.setup_save, Qt.MouseButton.LeftButton)
    assert "设备账号" in form.setup_register_status.text()  # a kiosk needs its account
    assert not paths.user_config.exists()

    form.setup_user.setText("kiosk01")
    form.setup_password.setText("wrong password")
    qtbot.mouseClick(form.setup_register, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.registration is not None, timeout=20_000)
    assert dialog.registration is not None
    assert dialog.registration.state is Registration.REFUSED
    form.setup_password.setText(PASSWORD)
    dialog.registration = None
    qtbot.mouseClick(form.setup_register, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.registration is not None, timeout=20_000)
    outcome = _registration(dialog)  # not the None assigned above (mypy narrows to it)
    assert outcome is not None and outcome.state is Registration.APPROVED  # approved at once
    assert form.setup_hall.text() == "HS01"  # the account's hall
    assert device_key_path(paths.data_root, "kiosk", None).is_file()

    form.setup_ticket_printer.setText("tcp://10.0.0.9:9100")
    form.setup_document_printer.setCurrentIndex(
        form.setup_document_printer.findData("HP-LaserJet-大厅")
    )
    form.setup_lang.setCurrentIndex(form.setup_lang.findData("en_US"))
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(form.setup_save, Qt.MouseButton.LeftButton)
    saved = AppSettings.load(paths)
    assert saved.server_url == central.base_url and saved.device == "kiosk"
    assert (saved.hall, saved.kiosk_user, saved.kiosk_password) == ("HS01", "kiosk01", PASSWORD)
    assert saved.ticket_printer == "tcp://10.0.0.9:9100"
    assert saved.document_printer == "HP-LaserJet-大厅" and saved.lang == "en_US"


def test_setup_dialog_for_a_window_keeps_no_account(
    qtbot: Any, central: Any, paths: AppPaths
) -> None:
    dialog = _dialog(qtbot, paths)
    form = dialog.form
    _test_server(qtbot, dialog, central.base_url)
    form.setup_window.setValue(3)
    form.setup_user.setText("supervisor01")  # whoever logs in first registers a window PC
    form.setup_password.setText(PASSWORD)
    qtbot.mouseClick(form.setup_register, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.registration is not None, timeout=20_000)
    assert dialog.registration is not None
    assert dialog.registration.state is Registration.APPROVED, dialog.registration.message
    form.setup_server.setText(central.base_url + "/")  # the same address: still tested
    assert form.setup_save.isEnabled()
    qtbot.mouseClick(form.setup_save, Qt.MouseButton.LeftButton)
    saved = AppSettings.load(paths)
    assert (saved.device, saved.window, saved.kiosk_user) == ("window", 3, "")
    assert "supervisor01" not in paths.user_config.read_text(encoding="utf-8")
    assert "Demo@2026" not in paths.user_config.read_text(encoding="utf-8")


def test_live_checks_without_a_screen(central: Any, tmp_path: Path) -> None:
    assert normalized_server_url(" 10.0.0.5:8700/ ") == "http://10.0.0.5:8700"
    assert not check_server("ftp://x").ok
    assert not check_server("https://").ok
    assert check_server(central.base_url).ok
    not_ours = check_server(central.base_url + "/api/v1/health")  # answers 404 there
    assert not not_ours.ok and "不是本系统" in not_ours.message
    key = load_or_create(tmp_path / "key.json")
    outcome = register_device(central.base_url, "window", 99, "supervisor01", PASSWORD, key)
    assert outcome.state is Registration.REFUSED and "99号窗口" in outcome.message


def test_setup_command_for_it(
    central: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    assert main(["setup", "--device", "kiosk"]) == 2  # no server
    assert main(["setup", "--server", "http://127.0.0.1:9", "--device", "kiosk"]) == 1
    assert not paths.user_config.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    args = ["setup", "--server", central.base_url, "--device", "display", "--user", "kiosk01"]
    assert main([*args, "--password-stdin", "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert "中心服务器在线" in out and "已写入配置文件" in out
    saved = AppSettings.load(paths)
    assert (saved.device, saved.hall, saved.kiosk_user) == ("display", "HS01", "kiosk01")
    assert device_key_path(paths.data_root, "display", None).is_file()
    # The system-wide file, offline (an image being prepared): merged into what it held.
    write_config(paths.system_config, {"hall": "HS02"})
    system = ["setup", "--system", "--no-check", "--server", "https://clerk.example.gov.cn"]
    assert main(system) == 0
    etc = paths.system_config.read_text(encoding="utf-8")
    assert 'hall = "HS02"' in etc and "clerk.example.gov.cn" in etc
    if sys.platform != "win32":  # every user of the PC starts the app with it
        assert stat.S_IMODE(paths.system_config.stat().st_mode) == 0o644
        assert stat.S_IMODE(paths.user_config.stat().st_mode) == 0o600


def test_first_start_without_a_server_asks_and_a_configured_kiosk_starts_as_one(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    asked: list[AppSettings] = []

    def dialog_closed(_app: Any, settings: AppSettings, _paths: AppPaths) -> bool:
        asked.append(settings)
        return False  # closed without saving

    monkeypatch.setattr(setup_dialog, "first_run_setup", dialog_closed)
    assert main([]) == 0 and len(asked) == 1
    # A PC set up as a kiosk starts the kiosk (here: its account is missing, so it says so).
    write_config(paths.system_config, {"server_url": "http://127.0.0.1:9", "device": "kiosk"})
    assert main([]) == 2
    assert "CLERK_KIOSK_USER" in capsys.readouterr().err
    assert len(asked) == 1
