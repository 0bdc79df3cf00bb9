"""`clerk-app --demo` as a real process: the embedded server starts beside the login window,
the demo panel lists the accounts, and a demo clerk reaches the main window with the catalog.

It runs in a subprocess because main() owns the QApplication's event loop from start to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import ROOT

DRIVER = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from clerk_app.ui.app import create_application
from clerk_app.ui.login import LoginDialog
from clerk_app.ui.main import main
from clerk_app.ui.main_window import MainWindow

app = create_application(["clerk-app"])
seen = {}
QTimer.singleShot(90_000, lambda: app.exit(3))  # never hang


def drive():
    shown = [w for w in app.topLevelWidgets() if w.isVisible()]
    windows = [w for w in shown if isinstance(w, MainWindow)]
    dialogs = [w for w in shown if isinstance(w, LoginDialog)]
    if windows:
        window = windows[0]
        seen.update(
            title=window.windowTitle(),
            catalog=window.status_catalog.text(),
            online=window.status_online.text(),
            progress_page=window.context.progress_page,
            has_progress_key=bool(window.context.progress_secret),
            hall_phone=window.context.hall_phone,
        )
        app.exit(0)
        return
    if dialogs and "panel" not in seen and dialogs[0].demo_list is not None:
        dialog = dialogs[0]
        seen["panel"] = dialog.demo_list.topLevelItemCount()
        seen["server_label"] = dialog.server_label.text()
        dialog._demo_chosen(dialog.demo_list.topLevelItem(0))  # what a click on row 1 does
        dialog.login_button.click()
    QTimer.singleShot(100, drive)


QTimer.singleShot(0, drive)
seen["rc"] = main(["--demo", "--data-dir", sys.argv[1]])
print("RESULT " + json.dumps(seen, ensure_ascii=False), flush=True)
"""


@pytest.mark.slow
def test_demo_mode_from_login_to_main_window(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    seen = json.loads(lines[-1].removeprefix("RESULT "))
    assert seen["rc"] == 0
    assert seen["panel"] >= 6
    assert "演示模式" in seen["server_label"]
    assert "黄石市民之家" in seen["title"] and "张敏" in seen["title"]
    assert seen["online"] == "● 在线"
    assert "（0 项）" not in seen["catalog"]
    # What the notices print comes with the hall configuration: the QR's page and key, the phone.
    assert seen["progress_page"].endswith("/api/v1/progress") and seen["has_progress_key"]
    assert seen["hall_phone"] == "0714-6251234"
    assert (tmp_path / "demo" / "local.sqlite3").exists()
    assert (tmp_path / "demo" / "central.sqlite3").exists()
