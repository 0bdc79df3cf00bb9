"""The log file, the crash handler and 帮助 › 导出诊断包: what IT gets, never personal data."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from clerk_app.ui import crash_log, diagnostics
from clerk_app.ui.crash_log import CrashHandler, log_files, start_logging

ID_NUMBER = "420202198503150018"
TOKEN = "Bearer abcdef0123456789abcdef"


@pytest.fixture
def clean_root() -> Iterator[logging.Logger]:
    """The root logger as it was before: the test's handlers are closed and removed."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_file_rotates_and_carries_no_personal_data(
    tmp_path: Path, clean_root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crash_log, "LOG_BYTES", 2_000)
    path = start_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / "clerk-app.log"
    assert start_logging(tmp_path / "logs") == path  # twice: still one file handler
    logging.getLogger("clerk_app.test").info("查询申请人 %s，%s", ID_NUMBER, TOKEN)
    for n in range(200):
        logging.getLogger("clerk_app.test").info("第 %d 行：一条足够长的日志，用来让文件轮换", n)
    files = log_files(tmp_path / "logs")
    assert files[0] == path and 1 < len(files) <= crash_log.LOG_BACKUPS + 1
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    assert ID_NUMBER not in text and "abcdef0123456789abcdef" not in text
    assert "第 199 行" in path.read_text(encoding="utf-8")


def test_a_read_only_log_folder_leaves_stderr(tmp_path: Path, clean_root: logging.Logger) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert start_logging(blocked / "logs") is None


def test_an_uncaught_error_is_logged_and_the_clerk_told_where(
    tmp_path: Path, clean_root: logging.Logger
) -> None:
    log_file = start_logging(tmp_path / "logs")
    told: list[str] = []
    handler = CrashHandler(log_file, told.append)
    try:
        raise ValueError(f"坏数据 {ID_NUMBER}")
    except ValueError as exc:
        handler.handle(type(exc), exc, exc.__traceback__)
    assert told and str(log_file) in told[0] and "导出诊断包" in told[0]

    def worker() -> None:
        raise RuntimeError("线程里的错误")

    previous = threading.excepthook
    threading.excepthook = handler.handle_thread
    try:
        thread = threading.Thread(target=worker, name="sync-worker")
        thread.start()
        thread.join()
    finally:
        threading.excepthook = previous
    assert handler.count == 2 and len(told) == 1  # a worker thread's error: logged only
    assert log_file is not None
    text = log_file.read_text(encoding="utf-8")
    assert "ValueError" in text and "Traceback" in text and "sync-worker" in text
    assert ID_NUMBER not in text


def test_the_package_holds_logs_versions_and_sync_state_without_personal_data(
    tmp_path: Path, catalog_store: Any
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    # A line written without the filter (an older version, a hand edit): cleaned on the way.
    (logs / "clerk-app.log").write_text(f"申请人 {ID_NUMBER} {TOKEN}\n", encoding="utf-8")
    (logs / "clerk-app.log.1").write_text("较早的日志\n", encoding="utf-8")
    written = diagnostics.write_diagnostics(tmp_path / "diag", logs, catalog_store)
    assert written == tmp_path / "diag.zip"
    with zipfile.ZipFile(written) as package:
        names = set(package.namelist())
        assert names == {"versions.json", "sync.json", "logs/clerk-app.log", "logs/clerk-app.log.1"}
        every_text = "".join(package.read(n).decode("utf-8") for n in names)
        versions = json.loads(package.read("versions.json"))
        sync = json.loads(package.read("sync.json"))
    assert ID_NUMBER not in every_text and "abcdef0123456789abcdef" not in every_text
    assert versions["clerk_app"] and versions["qt"] and versions["sqlite"]
    assert sync["waiting"] == 0 and sync["refused_operations"] == []
    assert sync["catalog_items"] == catalog_store.catalog.item_count() > 0


def test_help_menu_exports_the_package(
    qtbot: Any,
    context: Any,
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clerk_app.ui.main_window import MainWindow

    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "clerk-app.log").write_text("启动\n", encoding="utf-8")
    context = dataclasses.replace(context, log_dir=logs)
    target = tmp_path / "out" / "诊断包.zip"
    target.parent.mkdir()
    monkeypatch.setattr(diagnostics, "ask_target", lambda parent: target)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    window = MainWindow(context, runner=runner, sync_interval_s=60)
    qtbot.addWidget(window)
    assert window.form.menu_help.title().startswith("帮助")
    window.action_diagnostics.trigger()
    qtbot.waitUntil(lambda: target.is_file() and bool(shown), timeout=10_000)
    assert str(target) in shown[0]
    with zipfile.ZipFile(target) as package:
        assert "logs/clerk-app.log" in package.namelist()
    window.close()
    qtbot.waitUntil(lambda: not window.queue_panel.busy, timeout=10_000)
