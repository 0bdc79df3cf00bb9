"""导出诊断包: what the hall's IT needs to look into a problem, without any personal data.

One zip file: the log files (redacted again as they are copied: a line written by an older
version or by hand is cleaned too), ``versions.json`` (app, Python, Qt, SQLite, the OS) and
``sync.json`` (the sync state: operations waiting and refused with their kind, case number and
reason, the pull cursor, the catalog version and size). No applicant, no password, no token:
``domain.redact`` masks ID numbers, mobiles and tokens in every text that goes in.
"""

from __future__ import annotations

import json
import platform
import sqlite3
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

import clerk_app
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.redact import redact
from clerk_app.ui.crash_log import log_files

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from clerk_app.store.local import LocalStore
    from clerk_app.ui.context import WindowContext


def versions() -> dict[str, str]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return {
        "clerk_app": clerk_app.__version__,
        "python": sys.version.split()[0],
        "pyside6": pyside_version,
        "qt": qVersion(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }


def sync_state(store: LocalStore) -> dict[str, Any]:
    """What the PC has not sent yet and what the server refused; no case content."""
    waiting, refused = store.outbox.sync_counts()
    return {
        "outbox": store.outbox.counts(),
        "waiting": waiting,
        "refused": refused,
        "refused_operations": [
            {
                "kind": op.kind,
                "case_number": op.ref,
                "reason": redact(op.detail),
                "conflict": op.conflict,
                "created_at": op.created_at.isoformat(),
            }
            for op in store.rejected.all()
        ],
        "pull_cursor": store.pull.cursor(),
        "catalog_version": store.catalog.version(),
        "catalog_items": store.catalog.item_count(),
    }


def suggested_name(now: datetime | None = None) -> str:
    stamp = (now or hall_now()).strftime("%Y%m%d-%H%M%S")
    return f"clerk-app-诊断包-{stamp}.zip"


def write_diagnostics(target: Path, log_dir: Path, store: LocalStore | None) -> Path:
    """Write the package to ``target`` (a .zip); the path written."""
    if target.suffix.lower() != ".zip":
        target = target.with_suffix(".zip")
    state: dict[str, Any]
    try:
        state = sync_state(store) if store is not None else {"store": "未打开"}
    except Exception as exc:  # a damaged cache is exactly what the package must still report
        state = {"store_error": redact(f"{type(exc).__name__}: {exc}")}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("versions.json", json.dumps(versions(), ensure_ascii=False, indent=2))
        package.writestr("sync.json", json.dumps(state, ensure_ascii=False, indent=2))
        for path in log_files(log_dir):
            text = path.read_text(encoding="utf-8", errors="replace")
            package.writestr(f"logs/{path.name}", redact(text))
    return target


# -- the menu entries (帮助 › 导出诊断包 / 日志文件位置) ---------------------------------------


def ask_target(parent: QWidget) -> Path | None:
    """Where to save the package (the clerk picks; tests patch this)."""
    from PySide6.QtWidgets import QFileDialog

    default = str(Path.home() / suggested_name())
    title = QCoreApplication.translate("Diagnostics", "导出诊断包")
    kinds = QCoreApplication.translate("Diagnostics", "诊断包 (*.zip)")
    name, _kind = QFileDialog.getSaveFileName(parent, title, default, kinds)
    return Path(name) if name else None


def export_diagnostics(parent: QWidget, context: WindowContext) -> None:
    """Ask where, write the package off the GUI thread, say where it went."""
    from PySide6.QtWidgets import QMessageBox

    from clerk_app.ui.workers import TaskRunner

    target = ask_target(parent)
    if target is None:
        return
    log_dir = context.log_dir or Path(tempfile.gettempdir()) / "clerk-app-no-logs"
    title = QCoreApplication.translate("Diagnostics", "导出诊断包")

    def saved(path: object) -> None:
        text = QCoreApplication.translate(
            "Diagnostics", "诊断包已保存：%1\n其中没有申请人信息，可以交给信息科。"
        ).replace("%1", str(path))
        QMessageBox.information(parent, title, text)
        parent.setProperty("lastDiagnostics", str(path))

    def failed(exc: BaseException) -> None:
        text = QCoreApplication.translate("Diagnostics", "诊断包无法保存：%1").replace(
            "%1", str(exc)
        )
        QMessageBox.warning(parent, title, text)

    runner = TaskRunner(parent=parent)
    runner.start(
        write_diagnostics, target, log_dir, context.store, on_success=saved, on_failure=failed
    )


def show_log_folder(parent: QWidget, context: WindowContext) -> None:
    from PySide6.QtWidgets import QMessageBox

    title = QCoreApplication.translate("Diagnostics", "日志文件位置")
    if context.log_dir is None:
        text = QCoreApplication.translate("Diagnostics", "本次运行只输出日志到控制台。")
    else:
        text = QCoreApplication.translate(
            "Diagnostics", "日志文件在：%1\n（单个文件不超过 2 MB，保留最近 5 个）"
        ).replace("%1", str(context.log_dir))
    QMessageBox.information(parent, title, text)
