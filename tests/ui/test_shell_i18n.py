"""Translations: every user string goes through Qt's translator, so a compiled .qm for a
locale (English here) turns the shell into that language; without one it stays Chinese."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from clerk_app.ui.i18n import install_translators, resources_dir
from clerk_app.ui.login import LoginDialog
from clerk_app.ui.main_window import MainWindow

LRELEASE = shutil.which("pyside6-lrelease") or str(
    Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pyside6-lrelease"
)


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[list[QTranslator]]:
    source = resources_dir() / "i18n" / "clerk_en.ts"
    subprocess.run(
        [LRELEASE, str(source), "-qm", str(tmp_path / "clerk_en.qm")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    installed = install_translators(qapp, QLocale("en_US"), tmp_path)
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)


def test_english_translation_follows(
    qtbot: Any, english: list[QTranslator], store: Any, context: Any, runner: Any
) -> None:
    assert english, "the compiled English translation did not load"
    dialog = LoginDialog(store, None, runner=runner)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Sign in - Comprehensive Window Service"
    assert dialog.login_button.text() == "Sign in"  # from forms/login.ui via QUiLoader
    window = MainWindow(context, runner=runner, acceptance_factory=None)
    qtbot.addWidget(window)
    assert window.tabs.tabText(window.tabs.indexOf(window.history)) == "Cases (F6)"
    assert window.status_online.text().startswith("● Offline")


def test_chinese_without_a_translation(qapp: QApplication, tmp_path: Path) -> None:
    installed = install_translators(qapp, QLocale("zh_CN"), tmp_path)  # no clerk_zh.qm there
    try:
        # Only Qt's own Chinese (standard buttons such as 确定/取消) may have loaded.
        assert len(installed) <= 1
        assert QApplication.translate("LoginDialog", "登录 - 综合窗口受理系统") == (
            "登录 - 综合窗口受理系统"
        )
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


@pytest.mark.parametrize("name", ["C", "en_US", "zh_CN"])
def test_qt_own_dialogs_in_chinese(qapp: QApplication, tmp_path: Path, name: str) -> None:
    """Qt's own buttons (QMessageBox, QDialogButtonBox, print and file dialogs) are Chinese
    when the app is, even on a PC whose locale is English or C."""
    installed = install_translators(qapp, QLocale(name), tmp_path)  # no clerk_*.qm there
    try:
        box = QMessageBox()
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "确定"
        box.deleteLater()
        buttons.deleteLater()
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
